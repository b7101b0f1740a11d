#include "ui/window/mainwindow.h"

#include "auth/authmanager.h"
#include "common/version.h"
#include "profiles/importplan.h"
#include "profiles/profileservice.h"
#include "profiles/profilestore.h"
#include "ui/activity/activitydialog.h"
#include "ui/common/clipboard.h"
#include "ui/common/guisettings.h"
#include "ui/common/icons.h"
#include "ui/common/profiletab.h"
#include "ui/console/consoletab.h"
#include "ui/customers/customerstab.h"
#include "ui/profiles/pendingremoval.h"
#include "ui/profiles/profileeditor.h"
#include "ui/profiles/profilelistdelegate.h"
#include "ui/profiles/profilelistmodel.h"
#include "ui/profiles/profilelistview.h"
#include "ui/profiles/profiletransfer.h"
#include "ui/token/devicecodedialog.h"
#include "ui/token/tokenpanel.h"
#include "ui/window/lazytab.h"
#include "ui/window/mainactions.h"
#include "ui/window/traymenu.h"
#include "ui/window/welcomepage.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDesktopServices>
#include <QDir>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QScreen>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QTabWidget>
#include <QTreeView>
#include <QVBoxLayout>

namespace tw {

namespace {
constexpr int kQuitGuardMs = 5000;
} // namespace

MainWindow::MainWindow(AuthManager *auth, GuiSettings *settings, QWidget *parent)
    : QMainWindow(parent), m_auth(auth), m_settings(settings), m_clipboard(new Clipboard(this)),
      m_model(new ProfileListModel(auth, this)), m_proxy(new QSortFilterProxyModel(this)),
      m_removals(new PendingRemoval(auth, this)), m_actions(new MainActions(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Tokenwright"));
    setWindowIcon(icons::app());
    m_clipboard->setClearSeconds(settings->clipboardClearSeconds());
    buildUi();
    connectActions();
    addQuitTask([this](std::function<void()> done) { m_removals->commitAll(std::move(done)); });

    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new TrayMenu(auth, m_clipboard, this, this);
        connect(m_tray, &TrayMenu::quitRequested, this, &MainWindow::requestQuit);
        connect(m_tray, &TrayMenu::message, this,
                [this](const QString &text) { statusBar()->showMessage(text, 4000); });
    }
    m_actions->minimizeToTray->setEnabled(m_tray != nullptr);

    if (!restoreGeometry(settings->geometry()))
        resize(defaultSize(screen()->availableGeometry()));
    m_splitter->restoreState(settings->splitterState());
    restoreSelection();

    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, &MainWindow::tick);
    m_tick.start();
    updateActions();
}

MainWindow::~MainWindow() = default;

QSize MainWindow::defaultSize(const QRect &available)
{
    // 1100×720 where it fits; on a 1280×720 screen the title bar, borders and the panel
    // need room too, or the status bar ends up below the screen.
    constexpr int frameWidth = 40;
    constexpr int frameHeight = 60;
    return QSize(1100, 720).boundedTo(available.size() - QSize(frameWidth, frameHeight));
}

void MainWindow::buildUi()
{
    m_actions->buildMenus(menuBar());
    QWidget *left = buildProfileList();
    QWidget *right = buildProfileArea();
    m_splitter = new QSplitter(this);
    m_splitter->setObjectName(QStringLiteral("mainSplitter"));
    m_splitter->addWidget(left);
    m_splitter->addWidget(right);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({300, 800});
    m_splitter->setChildrenCollapsible(false);
    setCentralWidget(m_splitter);
    m_tokenPanel = new TokenPanel(m_auth, m_clipboard, this);
    m_transfer = new ProfileTransfer(m_auth, this);
    connect(m_transfer, &ProfileTransfer::statusMessage, this,
            [this](const QString &text) { statusBar()->showMessage(text, 8000); });
    buildProfileTabs();
    buildStatusWidgets();
}

// The left side: the filter over the profile list.
QWidget *MainWindow::buildProfileList()
{
    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("filterEdit"));
    m_filter->setPlaceholderText(tr("Filter profiles (Ctrl+F)"));
    m_filter->setAccessibleName(tr("Filter profiles"));
    m_filter->setClearButtonEnabled(true);

    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setRecursiveFilteringEnabled(true);
    m_proxy->setAutoAcceptChildRows(true); // "commv" shows every Commvault profile
    connect(m_filter, &QLineEdit::textChanged, m_proxy,
            &QSortFilterProxyModel::setFilterFixedString);

    m_view = new ProfileListView(this);
    m_view->setObjectName(QStringLiteral("profileList"));
    m_view->setAccessibleName(tr("Profiles"));
    m_view->setModel(m_proxy);
    m_view->setItemDelegate(new ProfileListDelegate(m_view));
    m_view->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_view->attachFilter(m_filter);
    // Delete / Ctrl+Z act on the list only, so text fields keep their own keys.
    for (QAction *action : {m_actions->removeProfile, m_actions->undoRemove}) {
        removeAction(action);
        m_view->addAction(action);
    }
    m_view->insertActions(m_actions->removeProfile,
                          {m_actions->copyToken, m_actions->refresh, m_actions->editProfile,
                           m_actions->duplicateProfile, m_actions->exportProfile});
    connect(m_view, &QTreeView::doubleClicked, this, [this](const QModelIndex &index) {
        if (!m_view->isGroup(index))
            editProfile();
    });

    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(6, 6, 0, 6);
    leftLayout->addWidget(m_filter);
    leftLayout->addWidget(m_view, 1);
    return left;
}

// The right side: the banner over the profile's tabs, or the welcome page without a profile.
QWidget *MainWindow::buildProfileArea()
{
    m_banner = new NoticeBar(this);
    m_banner->setObjectName(QStringLiteral("bannerNotice"));
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("profileTabs"));
    m_tabs->setDocumentMode(true);
    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 6, 6, 6);
    rightLayout->addWidget(m_banner);
    rightLayout->addWidget(m_tabs, 1);
    m_welcome = new WelcomePage(this);
    rightLayout->addWidget(m_welcome, 1);
    return right;
}

void MainWindow::buildProfileTabs()
{
    addProfileTab(m_tokenPanel, tr("Token"));
    // The Console and Customers tabs are built when first shown (LazyTab): start-up paints
    // the window without them.
    m_consoleTab = new LazyTab(
        [this](QWidget *parent) { return new ConsoleTab(m_auth, m_clipboard, parent); }, this);
    addProfileTab(m_consoleTab, tr("Console"));
    auto *customersTab = new LazyTab(
        [this](QWidget *parent) {
            auto *customers = new CustomersTab(m_auth, m_clipboard, parent);
            connect(customers, &CustomersTab::openConsoleRequested, this,
                    &MainWindow::openConsoleAsCustomer);
            return customers;
        },
        this);
    addProfileTab(customersTab, tr("Customers"));
}

// The status bar's Undo (after a removal) and clipboard state, both hidden until needed.
void MainWindow::buildStatusWidgets()
{
    m_clipboardStatus = new QLabel(this);
    m_clipboardStatus->setObjectName(QStringLiteral("clipboardStatus"));
    m_undoButton = new QPushButton(tr("Undo"), this);
    m_undoButton->setObjectName(QStringLiteral("undoButton"));
    m_undoButton->setFlat(true);
    m_undoButton->hide();
    statusBar()->addPermanentWidget(m_undoButton);
    statusBar()->addPermanentWidget(m_clipboardStatus);
    m_clipboardStatus->hide();
}

// Each step connects its own senders: no signal is connected in two of them, so the order in
// which slots run is as it was in one long function.
void MainWindow::connectActions()
{
    connectMenuActions();
    connectTokenActions();
    connectSettingsActions();
    connectRequests();
    connectModels();
}

void MainWindow::connectMenuActions()
{
    MainActions *a = m_actions;
    connect(a->newProfile, &QAction::triggered, this, &MainWindow::newProfile);
    connect(a->editProfile, &QAction::triggered, this, &MainWindow::editProfile);
    connect(a->removeProfile, &QAction::triggered, this, &MainWindow::removeProfile);
    connect(a->undoRemove, &QAction::triggered, this, &MainWindow::undoRemove);
    connect(m_undoButton, &QPushButton::clicked, this, &MainWindow::undoRemove);
    connect(a->fetchAll, &QAction::triggered, this, &MainWindow::fetchAllTokens);
    connect(a->quit, &QAction::triggered, this, &MainWindow::requestQuit);
    connect(a->duplicateProfile, &QAction::triggered, this, &MainWindow::duplicateProfile);
    connect(a->exportProfile, &QAction::triggered, this, &MainWindow::exportProfile);
    connect(a->exportAll, &QAction::triggered, this, &MainWindow::exportAllProfiles);
    connect(a->importProfiles, &QAction::triggered, this, &MainWindow::importProfiles);
    connect(a->find, &QAction::triggered, this, &MainWindow::focusFilter);
    connect(a->activity, &QAction::triggered, this, &MainWindow::showActivity);
    for (int i = 0; i < a->gotoProfile.size(); ++i) {
        connect(a->gotoProfile.at(i), &QAction::triggered, this, [this, i] {
            // Counted in the list as shown: a filter hides profiles from Ctrl+1…9 too.
            const QList<QUuid> shown = m_view->visibleProfiles();
            if (i < shown.size())
                selectProfile(shown.at(i));
        });
    }
    connect(a->about, &QAction::triggered, this, &MainWindow::showAbout);
}

// The Token menu acts on the Token tab, and follows what the tab can do.
void MainWindow::connectTokenActions()
{
    MainActions *a = m_actions;
    connect(a->copyToken, &QAction::triggered, m_tokenPanel, &TokenPanel::copyToken);
    connect(a->copyHeader, &QAction::triggered, m_tokenPanel, &TokenPanel::copyHeader);
    connect(a->refresh, &QAction::triggered, m_tokenPanel, &TokenPanel::refreshNow);
    connect(a->autoRefresh, &QAction::triggered, m_tokenPanel, &TokenPanel::setAutoRefreshEnabled);
    connect(a->introspect, &QAction::triggered, m_tokenPanel, &TokenPanel::introspectToken);
    connect(a->revoke, &QAction::triggered, m_tokenPanel, &TokenPanel::revokeTokens);
    connect(m_tokenPanel, &TokenPanel::tokenActionsChanged, this, &MainWindow::updateActions);
    connect(m_tokenPanel, &TokenPanel::autoRefreshShown, a->autoRefresh, &QAction::setChecked);
}

// The settings menu shows the saved choices first, then saves each new one.
void MainWindow::connectSettingsActions()
{
    MainActions *a = m_actions;
    a->checkClipboardChoice(m_settings->clipboardClearSeconds());
    connect(a->clipboardTimeout, &QActionGroup::triggered, this, [this](QAction *choice) {
        m_clipboard->setClearSeconds(choice->data().toInt());
        m_settings->setClipboardClearSeconds(choice->data().toInt());
    });
    a->minimizeToTray->setChecked(m_settings->minimizeToTray());
    connect(a->minimizeToTray, &QAction::toggled, this,
            [this](bool on) { m_settings->setMinimizeToTray(on); });
}

// What the engine, the import and the welcome page ask of the window.
void MainWindow::connectRequests()
{
    // The selection stays: selecting an imported device-code profile would start a sign-in
    // over the import report.
    connect(m_transfer, &ProfileTransfer::imported, this,
            [this] { m_auth->profileStore()->reload(); });
    connect(m_transfer, &ProfileTransfer::editRequested, this, [this](const QUuid &id) {
        selectProfile(id);
        editProfile();
    });
    connect(m_auth, &AuthManager::deviceCodeIssued, this, &MainWindow::showDeviceCode);
    connect(m_auth, &AuthManager::authorizationUrlReady, this, &MainWindow::openSignInPage);
    connect(m_welcome, &WelcomePage::addProfileRequested, this, &MainWindow::newProfileOfKind);
    connect(m_welcome, &WelcomePage::demoRequested, this, [this] {
        if (!QProcess::startDetached(QCoreApplication::applicationFilePath(),
                                     {QStringLiteral("--demo")}))
            statusBar()->showMessage(tr("Could not start the demo."), 5000);
    });
}

// The list, pending removals and the clipboard keep the window's state current.
void MainWindow::connectModels()
{
    connect(m_model, &QAbstractItemModel::modelReset, this, &MainWindow::updateWelcome);
    updateWelcome();

    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &MainWindow::onCurrentChanged);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, [this] {
        selectProfile(m_current); // the list was rebuilt: keep the selection
    });
    connect(m_removals, &PendingRemoval::pendingChanged, this, [this] {
        m_model->setHidden(m_removals->pendingIds());
        updateStatusWidgets();
    });
    connect(m_removals, &PendingRemoval::removalFailed, this,
            [this](const QString &name, const QString &message) {
                showBanner(NoticeBar::Kind::Error,
                           tr("Could not remove %1: %2").arg(name, message));
            });
    connect(m_clipboard, &Clipboard::cleared, this, [this](bool wasOurs) {
        if (wasOurs)
            statusBar()->showMessage(tr("Clipboard cleared."), 3000);
        updateStatusWidgets();
    });
    connect(m_clipboard, &Clipboard::copied, this, &MainWindow::updateStatusWidgets);
}

// "Open console as customer" in the Customers tab: that profile, the Console in front, sending
// with the customer's token.
void MainWindow::openConsoleAsCustomer(const QUuid &profileId, const QString &customerId,
                                       const QString &customerName)
{
    selectProfile(profileId);
    m_consoleTab->contentAs<ConsoleTab>()->openAsCustomer(profileId, customerId, customerName);
    m_tabs->setCurrentWidget(m_consoleTab);
}

int MainWindow::addProfileTab(ProfileTab *tab, const QString &title)
{
    m_profileTabs.append(tab);
    tab->setProfile(m_current);
    connect(tab, &ProfileTab::statusMessage, this,
            [this](const QString &text) { statusBar()->showMessage(text, 8000); });
    return m_tabs->addTab(tab, title);
}

void MainWindow::showBanner(NoticeBar::Kind kind, const QString &text)
{
    if (text.isEmpty())
        m_banner->clearNotice();
    else
        m_banner->showNotice(kind, text);
}

void MainWindow::addQuitTask(QuitTask task)
{
    m_quitTasks.append(std::move(task));
}

void MainWindow::selectProfile(const QUuid &profileId)
{
    const QModelIndex source = m_model->indexOf(profileId);
    const QModelIndex index = m_proxy->mapFromSource(source);
    if (source.isValid() && !index.isValid()) {
        // Hidden by the filter only: it stays the profile the tabs show.
        m_view->selectionModel()->clearCurrentIndex();
        setCurrent(profileId);
        return;
    }
    if (!index.isValid()) {
        m_view->selectionModel()->clearCurrentIndex();
        setCurrent({});
        return;
    }
    m_view->setCurrentIndex(index);
    m_view->scrollTo(index);
    setCurrent(profileId);
}

void MainWindow::onCurrentChanged()
{
    const QModelIndex index = m_view->currentIndex();
    // A filter hiding the selected profile leaves no current row: the tabs keep showing it.
    if (!index.isValid())
        return;
    // A click on a group header: headers are not selectable, so keep the profile.
    if (m_view->isGroup(index)) {
        if (!m_current.isNull())
            selectProfile(m_current);
        return;
    }
    setCurrent(index.data(ProfileListModel::ProfileIdRole).toUuid());
}

void MainWindow::setCurrent(const QUuid &id)
{
    if (id == m_current)
        return;
    m_current = id;
    if (!id.isNull())
        m_settings->setLastProfile(id);
    for (ProfileTab *tab : std::as_const(m_profileTabs))
        tab->setProfile(id);
    updateActions();
}

void MainWindow::restoreSelection()
{
    QUuid id = m_settings->lastProfile();
    const QList<Profile> profiles = m_model->profilesInOrder();
    const bool exists = std::any_of(profiles.begin(), profiles.end(),
                                    [&id](const Profile &p) { return p.id == id; });
    if (!exists)
        id = profiles.isEmpty() ? QUuid() : profiles.first().id;
    selectProfile(id);
}

void MainWindow::updateActions()
{
    const bool has = !m_current.isNull();
    for (QAction *action : {m_actions->editProfile, m_actions->removeProfile, m_actions->copyToken,
                            m_actions->copyHeader, m_actions->refresh, m_actions->autoRefresh,
                            m_actions->duplicateProfile, m_actions->exportProfile})
        action->setEnabled(has);
    m_actions->exportAll->setEnabled(!m_auth->profileStore()->profiles().isEmpty());
    // Like the panel's buttons: enabled only where the provider has the endpoint.
    m_actions->revoke->setEnabled(has && m_tokenPanel->canRevoke());
    m_actions->revoke->setToolTip(m_tokenPanel->revokeWhyNot());
    m_actions->introspect->setEnabled(has && m_tokenPanel->canIntrospect());
    m_actions->introspect->setToolTip(m_tokenPanel->introspectWhyNot());
}

void MainWindow::tick()
{
    m_model->tick();
    for (ProfileTab *tab : std::as_const(m_profileTabs))
        tab->tick();
    updateStatusWidgets();
}

void MainWindow::updateStatusWidgets()
{
    const int clip = m_clipboard->remainingSeconds();
    m_clipboardStatus->setVisible(clip >= 0 || m_clipboard->clearSeconds() == 0);
    if (clip >= 0)
        m_clipboardStatus->setText(tr("Clipboard clears in %1 s").arg(clip));
    else
        m_clipboardStatus->clear();
    const int undo = m_removals->secondsLeft();
    m_undoButton->setVisible(undo >= 0);
    if (undo >= 0)
        m_undoButton->setText(tr("Undo remove “%1” (%2 s)").arg(m_removals->lastName()).arg(undo));
}

ProfileEditor *MainWindow::openEditor() const
{
    return m_editor;
}

void MainWindow::newProfile()
{
    openEditorFor(std::nullopt);
}

void MainWindow::newProfileOfKind(ProviderKind kind)
{
    const bool fresh = !m_editor;
    openEditorFor(std::nullopt);
    if (fresh && m_editor)
        m_editor->startWith(kind);
}

void MainWindow::updateWelcome()
{
    const bool none = m_model->rowCount() == 0;
    m_welcome->setVisible(none);
    m_tabs->setVisible(!none);
}

void MainWindow::showAbout()
{
    const SecretStore &secrets = m_auth->profileService()->secretStore();
    QString keychain;
    if (!secrets.persistent()) {
        keychain = tr("none: secrets stay in memory for this session");
        if (!secrets.unavailableReason().isEmpty())
            keychain += QStringLiteral(" (%1)").arg(secrets.unavailableReason().toHtmlEscaped());
    } else {
#if defined(Q_OS_MACOS)
        keychain = tr("macOS Keychain");
#elif defined(Q_OS_WIN)
        keychain = tr("Windows Credential Manager");
#else
        keychain = tr("Secret Service (GNOME Keyring, KWallet …)");
#endif
    }
    const QString configDir = QDir::toNativeSeparators(m_auth->profileStore()->dir());
    auto *box = new QMessageBox(
        QMessageBox::Information, tr("About Tokenwright"),
        tr("<b>Tokenwright %1</b><br>API credentials and live tokens for backup and MSP "
           "platforms.<br><br>Qt %2 (built with %3)<br>Keychain: %4<br>Profiles and "
           "settings: %5")
            .arg(QStringLiteral(TOKENWRIGHT_VERSION), QString::fromLatin1(qVersion()),
                 QStringLiteral(QT_VERSION_STR), keychain, configDir.toHtmlEscaped()),
        QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("aboutBox"));
    box->setIconPixmap(icons::app().pixmap(64, 64));
    box->setTextInteractionFlags(Qt::TextSelectableByMouse);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open(); // not exec(): no nested event loop
}

void MainWindow::editProfile()
{
    if (auto profile = m_auth->profileStore()->find(m_current))
        openEditorFor(profile);
}

void MainWindow::duplicateProfile()
{
    const auto source = m_auth->profileStore()->find(m_current);
    if (!source)
        return;
    if (m_editor) {
        m_editor->raise();
        statusBar()->showMessage(tr("Finish or close the open editor first."), 4000);
        return;
    }
    // Secrets are not copied: the copy's secrets are what the user types (the editor says so).
    const Profile copy = tw::duplicateProfile(*source, m_auth->profileStore()->profiles());
    openEditorFor(std::nullopt);
    if (m_editor)
        m_editor->startFromCopy(copy, source->name);
}

void MainWindow::exportProfile()
{
    if (const auto profile = m_auth->profileStore()->find(m_current))
        m_transfer->exportProfiles({*profile});
}

void MainWindow::exportAllProfiles()
{
    m_transfer->exportProfiles(m_auth->profileStore()->profiles());
}

void MainWindow::importProfiles()
{
    m_transfer->chooseImportFile();
}

DeviceCodeDialog *MainWindow::deviceCodeDialog(const QUuid &profileId) const
{
    return m_deviceDialogs.value(profileId);
}

void MainWindow::openSignInPage(const QUuid &profileId, const QUrl &url)
{
    // The system browser, not a web view: the person's own browser with its password manager
    // and existing sessions, and the app never sees the password (RFC 8252 §8.12).
    const bool opened = QDesktopServices::openUrl(url);
    DevicePrompt prompt;
    const auto profile = m_auth->profileStore()->find(profileId);
    prompt.profileName = profile ? profile->name : QString();
    prompt.verificationUri = url;
    prompt.expiresInSec = m_auth->signInTimeoutSec();
    showDeviceCode(profileId, prompt);
    if (!opened)
        statusBar()->showMessage(tr("No browser could be started: use Copy link in the sign-in "
                                    "window and open it yourself."),
                                 10000);
}

void MainWindow::showDeviceCode(const QUuid &profileId, const DevicePrompt &prompt)
{
    if (DeviceCodeDialog *open = m_deviceDialogs.value(profileId); open && open->isVisible()) {
        open->setPrompt(prompt); // a new code for the same profile
        open->raise();
        return;
    }
    auto *dialog = new DeviceCodeDialog(m_auth, profileId, prompt, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    // The QPointer goes null when the dialog closes (and deletes itself); the entry is then
    // replaced by the next dialog of the profile.
    m_deviceDialogs.insert(profileId, dialog);
    connect(dialog, &DeviceCodeDialog::finishedWith, this,
            [this](const QString &text) { statusBar()->showMessage(text, 8000); });
    dialog->show();
    statusBar()->showMessage(tr("Waiting for the sign-in of “%1”…").arg(prompt.profileName), 8000);
}

void MainWindow::openEditorFor(const std::optional<Profile> &profile)
{
    if (m_editor) {
        m_editor->raise();
        return;
    }
    m_editor = new ProfileEditor(m_auth, profile, this);
    m_editor->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_editor, &ProfileEditor::saved, this, [this](const Profile &saved) {
        m_auth->profileStore()->reload();
        selectProfile(saved.id);
        // The engine dropped the old sessions: every tab takes the new one.
        for (ProfileTab *tab : std::as_const(m_profileTabs))
            tab->setProfile(saved.id);
        statusBar()->showMessage(tr("Saved %1.").arg(saved.name), 4000);
    });
    m_editor->open();
}

void MainWindow::removeProfile()
{
    const auto profile = m_auth->profileStore()->find(m_current);
    if (!profile)
        return;
    auto *box = new QMessageBox(
        QMessageBox::Question, tr("Remove Profile"),
        tr("Remove the profile “%1” and its secrets from the keychain?").arg(profile->name),
        QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("confirmRemove"));
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    const Profile target = *profile;
    connect(box, &QMessageBox::accepted, this, [this, target] {
        // The list moves on to the next profile rather than to nothing.
        const QUuid next = m_view->neighbourOf(target.id);
        m_removals->schedule(target);
        selectProfile(next);
        statusBar()->showMessage(tr("Removed %1.").arg(target.name), 3000);
    });
    box->open();
}

void MainWindow::undoRemove()
{
    const QString name = m_removals->lastName();
    const QUuid id = m_removals->lastId();
    if (m_removals->undoLast()) {
        selectProfile(id); // the restored profile, where the user left it
        statusBar()->showMessage(tr("Restored %1.").arg(name), 3000);
    }
}

void MainWindow::fetchAllTokens()
{
    for (const Profile &profile : m_model->profilesInOrder()) {
        if (AuthSession *session = m_auth->session(profile.id))
            session->requestTokenQuietly(this, {}); // sign-ins wait for the person
    }
}

void MainWindow::showActivity()
{
    if (!m_activity)
        m_activity = new ActivityDialog(m_auth->audit(), this);
    m_activity->showProfile(m_current);
    m_activity->show();
    m_activity->raise();
    m_activity->activateWindow();
}

void MainWindow::focusFilter()
{
    m_filter->setFocus(Qt::ShortcutFocusReason);
    m_filter->selectAll();
}

void MainWindow::saveLayout()
{
    m_settings->setGeometry(saveGeometry());
    m_settings->setSplitterState(m_splitter->saveState());
    if (!m_current.isNull())
        m_settings->setLastProfile(m_current);
    m_settings->sync();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveLayout();
    if (!m_quitting && m_tray && m_tray->isVisible() && m_settings->minimizeToTray()) {
        hide();
        event->ignore();
        return;
    }
    if (!m_quitting) {
        event->ignore();
        requestQuit();
        return;
    }
    event->accept();
}

void MainWindow::requestQuit()
{
    if (m_quitting)
        return;
    m_quitting = true;
    saveLayout();
    hide();
    QTimer::singleShot(kQuitGuardMs, qApp, &QCoreApplication::quit);
    runQuitTasks(0);
}

void MainWindow::runQuitTasks(int index)
{
    if (index >= m_quitTasks.size()) {
        QCoreApplication::quit();
        return;
    }
    m_quitTasks.at(index)([this, index] { runQuitTasks(index + 1); });
}

} // namespace tw
