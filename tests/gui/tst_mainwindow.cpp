#include "guifixture.h"

#include "common/version.h"
#include "ui/common/clipboard.h"
#include "ui/common/profiletab.h"
#include "ui/profiles/pendingremoval.h"
#include "ui/profiles/profileeditor.h"
#include "ui/profiles/profilelistdelegate.h"
#include "ui/profiles/profilelistmodel.h"
#include "ui/token/tokenpanel.h"
#include "ui/window/mainactions.h"
#include "ui/window/mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QPointer>
#include <QPushButton>
#include <QStatusBar>
#include <QTabWidget>
#include <QTreeView>
#include <cmath>

using namespace tw;

namespace {
QLabel *countdown(MainWindow &window)
{
    return window.findChild<QLabel *>(QStringLiteral("countdownLabel"));
}

bool hasToken(AuthManager &auth, const QUuid &id)
{
    AuthSession *session = auth.session(id);
    return session && session->token().has_value();
}

// A tab the Console/Customers engineers would add: it only records what it is told.
class RecordingTab : public ProfileTab
{
public:
    void setProfile(const QUuid &id) override { profiles << id; }
    void tick() override { ++ticks; }
    QList<QUuid> profiles;
    int ticks = 0;
};

// Whether the list shows the profile named `name` (its group expanded, the row on screen).
bool shown(QTreeView *list, const QString &name)
{
    const QModelIndexList found = list->model()->match(list->model()->index(0, 0), Qt::DisplayRole,
                                                       name, 1, Qt::MatchRecursive);
    if (found.isEmpty())
        return false;
    const QModelIndex index = found.first();
    return (!index.parent().isValid() || list->isExpanded(index.parent())) &&
           list->visualRect(index).isValid();
}

Profile addCommvault(GuiFixture &f, const QString &name)
{
    const QJsonObject cv = f.provider("commvault");
    Profile p = Profile::preset(ProviderKind::Commvault);
    p.name = name;
    p.apiBase = QUrl(cv.value("api_base").toString());
    p.commvault.mode = CommvaultMode::LoginSession;
    p.commvault.username = cv.value("username").toString();
    return f.add(p, {{SecretEntry::Password, cv.value("password").toString().toUtf8()}});
}
} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void createProfileThroughTheEditor()
    {
        GuiFixture f;
        MainWindow window(&f.auth, &f.settings);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        window.newProfile();
        ProfileEditor *editor = window.openEditor();
        QVERIFY(editor);
        QCOMPARE(editor->findChild<QComboBox *>("kindCombo")->currentData().toInt(),
                 int(ProviderKind::DruvaMsp));
        auto *save = editor->findChild<QPushButton *>("saveButton");
        QVERIFY(!save->isEnabled()); // no name, no client id yet

        const QJsonObject msp = f.provider("druva-msp");
        auto type = [editor](const char *name, const QString &text) {
            auto *edit = editor->findChild<QLineEdit *>(name);
            QVERIFY2(edit, name);
            edit->clear();
            QTest::keyClicks(edit, text);
        };
        type("nameEdit", QStringLiteral("Prod MSP"));
        type("tokenUrlEdit", msp.value("token_url").toString());
        type("apiBaseEdit", msp.value("api_base").toString());
        type("clientIdEdit", msp.value("client_id").toString());
        QVERIFY(!save->isEnabled()); // the secret is missing
        type("secretEdit", msp.value("client_secret").toString());
        QVERIFY2(save->isEnabled(), qPrintable(editor->problem()));
        QTest::mouseClick(save, Qt::LeftButton);

        QTRY_COMPARE(f.store.profiles().size(), 1);
        const Profile saved = f.store.profiles().first();
        QCOMPARE(saved.name, QStringLiteral("Prod MSP"));
        QCOMPARE(saved.clientAuth, ClientAuth::BasicRaw);
        QCOMPARE(f.secrets.readNow(saved.secretKey(SecretEntry::ClientSecret)).value(),
                 msp.value("client_secret").toString().toUtf8());
        QTRY_VERIFY(!window.openEditor());
        QCOMPARE(window.currentProfileId(), saved.id);
        QTRY_VERIFY(hasToken(f.auth, saved.id)); // selecting fetches
        QTRY_VERIFY(countdown(window)->text().contains(QLatin1Char(':')));
        QVERIFY(countdown(window)->text() != QStringLiteral("--:--"));
    }

    void editProfileThroughTheEditor()
    {
        GuiFixture f;
        const Profile p = f.addProfile(ProviderKind::Druva, "druva", QStringLiteral("Cloud"));
        MainWindow window(&f.auth, &f.settings);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        window.selectProfile(p.id);
        QTRY_VERIFY(hasToken(f.auth, p.id));
        QPointer<AuthSession> before = f.auth.session(p.id);

        QTest::keyClick(&window, Qt::Key_E, Qt::ControlModifier);
        ProfileEditor *editor = window.openEditor();
        QVERIFY(editor);
        QVERIFY(editor->isEditing());
        auto *name = editor->findChild<QLineEdit *>("nameEdit");
        QCOMPARE(name->text(), QStringLiteral("Cloud"));
        name->clear();
        QTest::keyClicks(name, QStringLiteral("Cloud renamed"));
        auto *save = editor->findChild<QPushButton *>("saveButton");
        QVERIFY2(save->isEnabled(), qPrintable(editor->problem())); // empty secret = keep
        QTest::mouseClick(save, Qt::LeftButton);

        QTRY_COMPARE(f.store.find(p.id)->name, QStringLiteral("Cloud renamed"));
        QCOMPARE(f.secrets.readNow(p.secretKey(SecretEntry::ClientSecret)).value(),
                 QByteArray(tw::sandbox::demo::DruvaSecret));
        // The engine forgot the old session; the panel took the new one and fetched again.
        QTRY_VERIFY(before.isNull());
        QTRY_VERIFY(hasToken(f.auth, p.id));
    }

    void removeProfileWithConfirmationAndUndo()
    {
        GuiFixture f;
        const Profile a = f.addProfile(ProviderKind::Druva, "druva", QStringLiteral("A"));
        const Profile b = f.addProfile(ProviderKind::OAuth2, "oauth2", QStringLiteral("B"));
        MainWindow window(&f.auth, &f.settings);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        window.pendingRemoval()->setDelayMs(300);
        window.selectProfile(a.id);
        auto *list = window.findChild<QTreeView *>("profileList");
        list->setFocus();

        auto confirm = [&window](QMessageBox::StandardButton button) {
            QMessageBox *box = nullptr;
            QTRY_VERIFY((box = window.findChild<QMessageBox *>("confirmRemove")));
            QTest::mouseClick(box->button(button), Qt::LeftButton);
        };
        // Cancel keeps it.
        QTest::keyClick(list, Qt::Key_Delete);
        confirm(QMessageBox::Cancel);
        QVERIFY(window.pendingRemoval()->pendingIds().isEmpty());

        // Yes hides it at once; Undo brings it back before the real removal.
        window.pendingRemoval()->setDelayMs(5000);
        QTest::keyClick(list, Qt::Key_Delete);
        confirm(QMessageBox::Yes);
        QTRY_VERIFY(window.pendingRemoval()->pendingIds().contains(a.id));
        QVERIFY(
            !list->model()
                 ->match(list->model()->index(0, 0), Qt::DisplayRole, "B", 1, Qt::MatchRecursive)
                 .isEmpty());
        QVERIFY(list->model()
                    ->match(list->model()->index(0, 0), Qt::DisplayRole, "A", 1, Qt::MatchRecursive)
                    .isEmpty());
        auto *undo = window.findChild<QPushButton *>("undoButton");
        QTRY_VERIFY(undo->isVisible());
        QTest::mouseClick(undo, Qt::LeftButton);
        QVERIFY(window.pendingRemoval()->pendingIds().isEmpty());
        QTRY_VERIFY(
            !list->model()
                 ->match(list->model()->index(0, 0), Qt::DisplayRole, "A", 1, Qt::MatchRecursive)
                 .isEmpty());
        QCOMPARE(f.store.profiles().size(), 2);

        // Without undo the profile and its secrets go after the delay.
        window.pendingRemoval()->setDelayMs(300);
        window.selectProfile(a.id);
        list->setFocus();
        QTest::keyClick(list, Qt::Key_Delete);
        confirm(QMessageBox::Yes);
        QTRY_COMPARE(f.store.profiles().size(), 1);
        QCOMPARE(f.store.profiles().first().id, b.id);
        QVERIFY(!f.secrets.contains(a.secretKey(SecretEntry::ClientSecret)));
        QVERIFY(f.secrets.contains(b.secretKey(SecretEntry::ClientSecret)));
    }

    void countdownTicksEverySecond()
    {
        GuiFixture f(3);
        const Profile p = f.addProfile(ProviderKind::DruvaMsp, "druva-msp", QStringLiteral("MSP"));
        MainWindow window(&f.auth, &f.settings);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        window.selectProfile(p.id);
        AuthSession *session = f.auth.session(p.id);
        session->setAutoRefresh(false); // watch one token run down
        QTRY_VERIFY(hasToken(f.auth, p.id));
        const QString first = countdown(window)->text();
        QVERIFY2(first.startsWith(QStringLiteral("00:0")), qPrintable(first));
        QTRY_VERIFY_WITH_TIMEOUT(countdown(window)->text() != first, 2500);
        QTRY_COMPARE_WITH_TIMEOUT(countdown(window)->text(), QStringLiteral("00:00"), 5000);
        QTRY_COMPARE_WITH_TIMEOUT(session->state(), AuthSession::State::Expired, 2000);
    }

    void autoRefreshMenuAndCheckBoxFollowEachOther()
    {
        GuiFixture f;
        const Profile on = f.addProfile(ProviderKind::Druva, "druva", QStringLiteral("On"));
        MainWindow window(&f.auth, &f.settings);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        window.selectProfile(on.id);
        QTRY_VERIFY(hasToken(f.auth, on.id));
        QAction *action = window.actions()->autoRefresh;
        auto *check = window.tokenPanel()->findChild<QCheckBox *>("autoRefreshCheck");
        QVERIFY(check);
        QVERIFY(action->isChecked());
        // The menu drives the session through the panel...
        action->trigger();
        QVERIFY(!check->isChecked());
        QVERIFY(!f.auth.session(on.id)->autoRefresh());
        // ...and the panel's check box drives the menu, with no timer in between.
        QTest::mouseClick(check, Qt::LeftButton);
        QVERIFY(f.auth.session(on.id)->autoRefresh());
        QVERIFY(action->isChecked());
    }

    void autoRefreshHappensBeforeExpiry()
    {
        GuiFixture f(3);
        const Profile p = f.addProfile(ProviderKind::Druva, "druva", QStringLiteral("Cloud"));
        MainWindow window(&f.auth, &f.settings);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        window.selectProfile(p.id);
        QTRY_VERIFY(hasToken(f.auth, p.id));
        QCOMPARE(f.sandbox.requestCount("druva.token"), 1);
        AuthSession *session = f.auth.session(p.id);
        QVERIFY(session->autoRefresh());

        qint64 remainingAtRefresh = -1;
        QString countdownAtRefresh;
        connect(&f.sandbox, &tw::sandbox::Sandbox::requestServed, this,
                [&](const QString &endpoint) {
                    if (endpoint == QLatin1String("druva.token") && remainingAtRefresh < 0) {
                        remainingAtRefresh = session->remainingMs();
                        countdownAtRefresh = countdown(window)->text();
                    }
                });
        QTRY_VERIFY_WITH_TIMEOUT(f.sandbox.requestCount("druva.token") >= 2, 4000);
        QTRY_VERIFY(remainingAtRefresh >= 0);
        QVERIFY2(remainingAtRefresh > 0, "the refresh came after the token expired");
        QVERIFY2(countdownAtRefresh != QStringLiteral("00:00"), qPrintable(countdownAtRefresh));
        QTRY_VERIFY(session->state() == AuthSession::State::Valid);
    }

    void copyPutsTheTokenOnTheClipboardAndClearsIt()
    {
        GuiFixture f;
        const Profile p = f.addProfile(ProviderKind::Oidc, "oidc", QStringLiteral("Portal"));
        f.settings.setClipboardClearSeconds(1);
        MainWindow window(&f.auth, &f.settings);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        window.selectProfile(p.id);
        QTRY_VERIFY(hasToken(f.auth, p.id));
        const QString token = f.auth.session(p.id)->token()->accessToken;

        QTest::mouseClick(window.findChild<QPushButton *>("copyTokenButton"), Qt::LeftButton);
        QClipboard *clipboard = QGuiApplication::clipboard();
        QCOMPARE(clipboard->text(), token);
        QCOMPARE(clipboard->mimeData()->data("x-kde-passwordManagerHint"), QByteArray("secret"));
        QTRY_VERIFY(window.findChild<QLabel *>("clipboardStatus")->text().contains("1 s"));
        QTRY_VERIFY_WITH_TIMEOUT(clipboard->text().isEmpty(), 3000);

        // Something the user copied meanwhile survives the timeout.
        QTest::keyClick(&window, Qt::Key_C, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(clipboard->text(), token);
        // Once something else is copied the countdown ends (said with cleared(false), at
        // once or when the timer fires) and what is not ours is left alone.
        QSignalSpy cleared(window.clipboard(), &Clipboard::cleared);
        clipboard->setText(QStringLiteral("mine"));
        QTRY_VERIFY_WITH_TIMEOUT(!cleared.isEmpty(), 5000);
        QCOMPARE(cleared.last().at(0).toBool(), false);
        QCOMPARE(clipboard->text(), QStringLiteral("mine"));

        // The header form.
        window.tokenPanel()->copyHeader();
        QCOMPARE(clipboard->text(), QStringLiteral("Authorization: Bearer ") + token);
    }

    void commvaultLoginSessionCopiesAnAuthtokenHeader()
    {
        GuiFixture f;
        const QJsonObject cv = f.provider("commvault");
        Profile p = Profile::preset(ProviderKind::Commvault);
        p.name = QStringLiteral("CV login");
        p.apiBase = QUrl(cv.value("api_base").toString());
        p.commvault.mode = CommvaultMode::LoginSession;
        p.commvault.username = cv.value("username").toString();
        p = f.add(p, {{SecretEntry::Password, cv.value("password").toString().toUtf8()}});
        MainWindow window(&f.auth, &f.settings);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        window.selectProfile(p.id);
        QTRY_VERIFY(hasToken(f.auth, p.id));
        QVERIFY2(window.tokenPanel()->headerLine().startsWith(QStringLiteral("Authtoken: QSDK ")),
                 qPrintable(window.tokenPanel()->headerLine().left(20)));
    }

    void shortcutsSwitchProfilesAndTabsGetTheSelection()
    {
        GuiFixture f;
        const Profile a = f.addProfile(ProviderKind::Druva, "druva", QStringLiteral("A cloud"));
        const Profile b =
            f.addProfile(ProviderKind::DruvaMsp, "druva-msp", QStringLiteral("B msp"));
        MainWindow window(&f.auth, &f.settings);
        auto *tab = new RecordingTab;
        window.addProfileTab(tab, QStringLiteral("Recording"));
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        // Groups follow the kind order: Druva MSP first, then Druva Cloud.
        QTest::keyClick(&window, Qt::Key_2, Qt::ControlModifier);
        QCOMPARE(window.currentProfileId(), a.id);
        QTest::keyClick(&window, Qt::Key_1, Qt::ControlModifier);
        QCOMPARE(window.currentProfileId(), b.id);
        QCOMPARE(tab->profiles.last(), b.id);
        QVERIFY(tab->profiles.contains(a.id));
        QTRY_VERIFY(tab->ticks >= 1); // the window's one timer drives every tab
        // Whatever a tab says reaches the status bar without the tab knowing the window.
        Q_EMIT tab->statusMessage(QStringLiteral("Recorded two profiles."));
        QCOMPARE(window.statusBar()->currentMessage(), QStringLiteral("Recorded two profiles."));

        QTest::keyClick(&window, Qt::Key_F, Qt::ControlModifier);
        auto *filter = window.findChild<QLineEdit *>("filterEdit");
        QTRY_VERIFY(filter->hasFocus());
    }

    void clearingTheFilterShowsEveryProfileAgain()
    {
        GuiFixture f;
        const Profile a = f.addProfile(ProviderKind::Druva, "druva", QStringLiteral("A cloud"));
        const Profile b =
            f.addProfile(ProviderKind::DruvaMsp, "druva-msp", QStringLiteral("B msp"));
        const Profile c = addCommvault(f, QStringLiteral("C vault"));
        MainWindow window(&f.auth, &f.settings);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        window.selectProfile(a.id);
        auto *list = window.findChild<QTreeView *>("profileList");
        auto *filter = window.findChild<QLineEdit *>("filterEdit");

        QTest::keyClick(&window, Qt::Key_F, Qt::ControlModifier);
        QTest::keyClicks(filter, QStringLiteral("commv"));
        QVERIFY(shown(list, QStringLiteral("C vault"))); // the kind's name finds its profiles
        QVERIFY(!shown(list, QStringLiteral("A cloud")));
        QCOMPARE(window.currentProfileId(), a.id); // filtered out, still what the tabs show
        // Ctrl+1 counts the profiles shown, not the hidden ones.
        QTest::keyClick(&window, Qt::Key_1, Qt::ControlModifier);
        QCOMPARE(window.currentProfileId(), c.id);

        filter->clear();
        for (const char *name : {"A cloud", "B msp", "C vault"})
            QVERIFY2(shown(list, QLatin1String(name)), name);
        QTest::keyClick(&window, Qt::Key_1, Qt::ControlModifier);
        QCOMPARE(window.currentProfileId(), b.id);
    }

    void filterBoxKeysAndGroupHeaders()
    {
        GuiFixture f;
        const Profile a = f.addProfile(ProviderKind::Druva, "druva", QStringLiteral("A cloud"));
        const Profile b =
            f.addProfile(ProviderKind::DruvaMsp, "druva-msp", QStringLiteral("B msp"));
        MainWindow window(&f.auth, &f.settings);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        auto *list = window.findChild<QTreeView *>("profileList");
        auto *filter = window.findChild<QLineEdit *>("filterEdit");

        // Esc clears the box; Down moves into the list onto the first profile shown.
        QTest::keyClick(&window, Qt::Key_F, Qt::ControlModifier);
        QTest::keyClicks(filter, QStringLiteral("cloud"));
        QTest::keyClick(filter, Qt::Key_Escape);
        QCOMPARE(filter->text(), QString());
        QTest::keyClicks(filter, QStringLiteral("cloud"));
        QTest::keyClick(filter, Qt::Key_Down);
        QTRY_VERIFY(list->hasFocus());
        QCOMPARE(window.currentProfileId(), a.id);
        // Enter does the same.
        filter->setFocus();
        filter->clear();
        QTest::keyClick(filter, Qt::Key_Return);
        QTRY_VERIFY(list->hasFocus());

        // The arrows step over group headers; a click on one keeps the profile.
        window.selectProfile(b.id); // first group (Druva MSP), only row
        QTest::keyClick(list, Qt::Key_Down);
        QCOMPARE(window.currentProfileId(), a.id);
        QVERIFY(!list->currentIndex().data(ProfileListModel::IsGroupRole).toBool());
        QTest::keyClick(list, Qt::Key_Up);
        QCOMPARE(window.currentProfileId(), b.id);
        QTest::keyClick(list, Qt::Key_Up); // the header above: stay
        QCOMPARE(window.currentProfileId(), b.id);
        const QModelIndex header = list->model()->index(0, 0);
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualRect(header).center());
        QCOMPARE(window.currentProfileId(), b.id);
        QCOMPARE(list->currentIndex().data(ProfileListModel::ProfileIdRole).toUuid(), b.id);
    }

    void removeSelectsTheNextProfileAndUndoTheRestoredOne()
    {
        GuiFixture f;
        const Profile a = f.addProfile(ProviderKind::Druva, "druva", QStringLiteral("A"));
        const Profile b = f.addProfile(ProviderKind::OAuth2, "oauth2", QStringLiteral("B"));
        MainWindow window(&f.auth, &f.settings);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        window.pendingRemoval()->setDelayMs(60000);
        window.selectProfile(a.id);
        auto *list = window.findChild<QTreeView *>("profileList");
        list->setFocus();
        QTest::keyClick(list, Qt::Key_Delete);
        QMessageBox *box = nullptr;
        QTRY_VERIFY((box = window.findChild<QMessageBox *>("confirmRemove")));
        QTest::mouseClick(box->button(QMessageBox::Yes), Qt::LeftButton);
        QTRY_VERIFY(window.pendingRemoval()->pendingIds().contains(a.id));
        QCOMPARE(window.currentProfileId(), b.id);
        QCOMPARE(list->currentIndex().data(ProfileListModel::ProfileIdRole).toUuid(), b.id);

        list->setFocus();
        QTest::keyClick(list, Qt::Key_Z, Qt::ControlModifier);
        QVERIFY(window.pendingRemoval()->pendingIds().isEmpty());
        QCOMPARE(window.currentProfileId(), a.id);
        QCOMPARE(list->currentIndex().data(ProfileListModel::ProfileIdRole).toUuid(), a.id);
    }

    void fitsA1280By720Screen()
    {
        GuiFixture f;
        const Profile msp =
            f.addProfile(ProviderKind::DruvaMsp, "druva-msp", QStringLiteral("B msp"));
        MainWindow window(&f.auth, &f.settings);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.selectProfile(msp.id);
        window.showBanner(NoticeBar::Kind::Info, QStringLiteral("Demo mode: a banner as well."));
        auto *tabs = window.findChild<QTabWidget *>(QStringLiteral("profileTabs"));
        // A 720-pixel screen less a 32-pixel panel and a 30-pixel title bar leaves 658 for
        // the window, status bar included; whatever tab is shown.
        for (int i = 0; i < tabs->count(); ++i) {
            tabs->setCurrentIndex(i);
            QApplication::processEvents();
            const QSize minimum = window.minimumSizeHint().expandedTo(window.minimumSize());
            QVERIFY2(minimum.height() <= 658 && minimum.width() <= 1280,
                     qPrintable(QStringLiteral("%1: %2x%3")
                                    .arg(tabs->tabText(i))
                                    .arg(minimum.width())
                                    .arg(minimum.height())));
        }
        // The first-run size leaves room for the decorations; a big screen gets 1100×720.
        const QSize first = MainWindow::defaultSize(QRect(0, 0, 1280, 688));
        QVERIFY2(first.height() + 30 <= 688, qPrintable(QString::number(first.height())));
        QVERIFY(first.height() >= window.minimumSizeHint().height());
        QCOMPARE(MainWindow::defaultSize(QRect(0, 0, 1920, 1050)), QSize(1100, 720));
    }

    void firstRunWelcomesWithAddAndDemo()
    {
        GuiFixture f;
        MainWindow window(&f.auth, &f.settings);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *welcome = window.findChild<QWidget *>(QStringLiteral("welcomePage"));
        QVERIFY(welcome && welcome->isVisible());
        QVERIFY(!window.findChild<QWidget *>(QStringLiteral("profileTabs"))->isVisible());
        QVERIFY(window.findChild<QPushButton *>(QStringLiteral("welcomeDemoButton"))->isVisible());

        // "Add a profile" asks for the kind first; the editor opens with its preset.
        auto *menu = window.findChild<QMenu *>(QStringLiteral("welcomeKindMenu"));
        QVERIFY(menu);
        QAction *commvault = nullptr;
        for (QAction *action : menu->actions()) {
            if (action->data().toInt() == int(ProviderKind::Commvault))
                commvault = action;
        }
        QVERIFY(commvault);
        commvault->trigger();
        ProfileEditor *editor = window.openEditor();
        QVERIFY(editor);
        QCOMPARE(editor->profile().kind, ProviderKind::Commvault);
        QVERIFY(!editor->hasChanges()); // closing it right away does not ask
        editor->reject();

        // The first profile replaces the welcome with the tabs.
        f.addProfile(ProviderKind::Druva, "druva", QStringLiteral("Cloud"));
        QTRY_VERIFY(!welcome->isVisible());
        QVERIFY(window.findChild<QWidget *>(QStringLiteral("profileTabs"))->isVisible());
    }

    void aboutNamesVersionsKeychainAndConfigPath()
    {
        GuiFixture f;
        MainWindow window(&f.auth, &f.settings);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.findChild<QAction *>(QStringLiteral("actionAbout"))->trigger();
        QMessageBox *box = nullptr;
        QTRY_VERIFY((box = window.findChild<QMessageBox *>(QStringLiteral("aboutBox"))));
        const QString text = box->text();
        QVERIFY2(text.contains(QLatin1String(TOKENWRIGHT_VERSION)), qPrintable(text));
        QVERIFY2(text.contains(QLatin1String(qVersion())), qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("Keychain: none")), qPrintable(text)); // memory
        QVERIFY2(text.contains(QDir::toNativeSeparators(f.store.dir()).toHtmlEscaped()),
                 qPrintable(text));
        box->close();
    }

    void groupCaptionsAreReadableInLightAndDarkThemes()
    {
        // WCAG 2.x contrast ratio, computed here rather than trusted from the code under test.
        const auto contrast = [](const QColor &a, const QColor &b) {
            const auto lum = [](const QColor &c) {
                const auto ch = [](double v) {
                    return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
                };
                const QColor rgb = c.toRgb();
                return 0.2126 * ch(rgb.redF()) + 0.7152 * ch(rgb.greenF()) +
                       0.0722 * ch(rgb.blueF());
            };
            const double x = lum(a), y = lum(b);
            return (std::max(x, y) + 0.05) / (std::min(x, y) + 0.05);
        };
        QPalette light;
        light.setColor(QPalette::Base, Qt::white);
        light.setColor(QPalette::Text, Qt::black);
        light.setColor(QPalette::Disabled, QPalette::Text, QColor(0xbe, 0xbe, 0xbe));
        QPalette dark;
        dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
        dark.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
        dark.setColor(QPalette::Disabled, QPalette::Text, QColor(0x5a, 0x5a, 0x5a));
        for (const QPalette &palette : {light, dark}) {
            const QColor caption = ProfileListDelegate::groupHeaderColor(palette);
            const double ratio = contrast(caption, palette.color(QPalette::Base));
            QVERIFY2(ratio >= 4.5,
                     qPrintable(QStringLiteral("%1 on %2: %3:1")
                                    .arg(caption.name(), palette.color(QPalette::Base).name())
                                    .arg(ratio, 0, 'f', 2)));
            // Still a caption: quieter than the profile names.
            QVERIFY(contrast(palette.color(QPalette::Text), palette.color(QPalette::Base)) > ratio);
        }
    }

    void restoresTheLastProfileAndLayout()
    {
        GuiFixture f;
        f.addProfile(ProviderKind::Druva, "druva", QStringLiteral("A"));
        const Profile b = f.addProfile(ProviderKind::OAuth2, "oauth2", QStringLiteral("B"));
        {
            MainWindow window(&f.auth, &f.settings);
            window.show();
            QVERIFY(QTest::qWaitForWindowActive(&window));
            window.selectProfile(b.id);
            window.resize(900, 600);
            window.saveLayout(); // what closing the window does
        }
        MainWindow again(&f.auth, &f.settings);
        QCOMPARE(again.currentProfileId(), b.id);
        QCOMPARE(again.size(), QSize(900, 600));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
