#include "ui/customers/customerstab.h"

#include "audit/auditrecorder.h"
#include "auth/apiclient.h"
#include "auth/authmanager.h"
#include "auth/authsession.h"
#include "msp/bulkminter.h"
#include "msp/customercsv.h"
#include "msp/customerlister.h"
#include "profiles/profilestore.h"
#include "ui/common/clipboard.h"
#include "ui/customers/customertablemodel.h"

#include <QAction>
#include <QClipboard>
#include <QFileDialog>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace tw {

namespace {
QToolButton *buttonFor(QAction *action, QWidget *parent)
{
    auto *button = new QToolButton(parent);
    button->setDefaultAction(action);
    button->setObjectName(action->objectName() + QStringLiteral("Button"));
    button->setToolButtonStyle(Qt::ToolButtonTextOnly);
    return button;
}
} // namespace

CustomersTab::CustomersTab(AuthManager *auth, Clipboard *clipboard, QWidget *parent)
    : ProfileTab(parent), m_auth(auth), m_clipboard(clipboard), m_api(new ApiClient(auth, this)),
      m_model(new CustomerTableModel(auth, this)), m_filter(new CustomerFilterModel(this))
{
    setObjectName(QStringLiteral("customersTab"));
    m_filter->setSourceModel(m_model);
    buildActions();
    m_hint = new QLabel(this);
    m_hint->setObjectName(QStringLiteral("customersHint"));
    m_hint->setAlignment(Qt::AlignCenter);
    m_hint->setWordWrap(true);
    m_stack = new QStackedWidget(this);
    m_stack->addWidget(m_hint);
    m_stack->addWidget(buildPage());
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);
    setProfile({});
}

CustomersTab::~CustomersTab()
{
    if (m_minter)
        m_minter->cancel();
}

void CustomersTab::buildActions()
{
    auto make = [this](const char *name, const QString &text, const QKeySequence &keys,
                       void (CustomersTab::*slot)()) {
        auto *action = new QAction(text, this);
        action->setObjectName(QLatin1String(name));
        action->setShortcut(keys);
        // Only while focus is in this tab: the window's own shortcuts stay untouched.
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        connect(action, &QAction::triggered, this, slot);
        addAction(action);
        return action;
    };
    m_refreshAction = make("refreshCustomers", tr("&Refresh list"), QKeySequence::Refresh,
                           &CustomersTab::refreshList);
    m_exportAction = make("exportCustomers", tr("E&xport CSV…"), QKeySequence(tr("Ctrl+E")),
                          &CustomersTab::exportList);
    m_getTokenAction = make("getCustomerToken", tr("&Get token"), QKeySequence(tr("Ctrl+G")),
                            &CustomersTab::getToken);
    m_copyTokenAction = make("copyCustomerToken", tr("&Copy token"),
                             QKeySequence(tr("Ctrl+Shift+C")), &CustomersTab::copyToken);
    m_consoleAction = make("openCustomerConsole", tr("Open &console as this customer"),
                           QKeySequence(tr("Ctrl+Shift+O")), &CustomersTab::openConsole);
    m_consoleAction->setIconText(tr("Open console")); // the button; the menu says it all
    m_copyIdAction = make("copyCustomerId", tr("Copy customer &id"), QKeySequence(tr("Ctrl+I")),
                          &CustomersTab::copyCustomerId);
    m_mintAction = make("mintCustomerTokens", tr("&Mint tokens"), QKeySequence(tr("Ctrl+M")),
                        &CustomersTab::mintSelected);
}

QWidget *CustomersTab::buildPage()
{
    auto *page = new QWidget(this);
    QLayout *filterRow = buildFilterRow(page);
    QLayout *statusRow = buildListStatusRow(page);
    buildView(page);
    keepTokenColumnsFirst();
    buildMintControls(page);
    // Two short rows rather than one long one: the tab must not widen the window.
    auto *buttons = new QHBoxLayout;
    for (QAction *action : {m_getTokenAction, m_copyTokenAction, m_consoleAction, m_copyIdAction})
        buttons->addWidget(buttonFor(action, page));
    buttons->addStretch(1);
    buttons->addWidget(m_concurrency);
    buttons->addWidget(buttonFor(m_mintAction, page));
    auto *mintRow = new QHBoxLayout;
    mintRow->addWidget(m_summary, 1);
    mintRow->addWidget(m_mintProgress);
    mintRow->addWidget(m_cancelMint);
    m_summary->setWordWrap(true);
    m_listNotice->setMinimumWidth(0);

    auto *layout = new QVBoxLayout(page);
    layout->addLayout(filterRow);
    layout->addLayout(statusRow);
    layout->addWidget(m_view, 1);
    layout->addLayout(buttons);
    layout->addLayout(mintRow);
    return page;
}

// The filter, the count it leaves, Refresh and Export.
QLayout *CustomersTab::buildFilterRow(QWidget *page)
{
    m_filterEdit = new QLineEdit(page);
    m_filterEdit->setObjectName(QStringLiteral("customerFilter"));
    m_filterEdit->setPlaceholderText(tr("Filter customers: any column, every word"));
    m_filterEdit->setClearButtonEnabled(true);
    connect(m_filterEdit, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_filter->setFilterWords(text);
        updateCount();
    });
    m_count = new QLabel(page);
    m_count->setObjectName(QStringLiteral("customerCount"));
    auto *row = new QHBoxLayout;
    row->addWidget(m_filterEdit, 1);
    row->addWidget(m_count);
    row->addWidget(buttonFor(m_refreshAction, page));
    row->addWidget(buttonFor(m_exportAction, page));
    return row;
}

// The listing's progress and Stop while it runs; why it stopped and Continue after.
QLayout *CustomersTab::buildListStatusRow(QWidget *page)
{
    m_listProgress = new QProgressBar(page);
    m_listProgress->setObjectName(QStringLiteral("customersProgress"));
    m_cancelList = new QPushButton(tr("Stop"), page);
    m_cancelList->setObjectName(QStringLiteral("cancelListButton"));
    connect(m_cancelList, &QPushButton::clicked, this, &CustomersTab::cancelList);
    m_listNotice = new QLabel(page);
    m_listNotice->setObjectName(QStringLiteral("customersNotice"));
    m_listNotice->setWordWrap(true);
    m_retryList = new QPushButton(tr("Continue"), page);
    m_retryList->setObjectName(QStringLiteral("retryListButton"));
    connect(m_retryList, &QPushButton::clicked, this, &CustomersTab::resumeList);
    auto *row = new QHBoxLayout;
    row->addWidget(m_listProgress, 1);
    row->addWidget(m_cancelList);
    row->addWidget(m_listNotice, 1);
    row->addWidget(m_retryList);
    return row;
}

void CustomersTab::buildView(QWidget *page)
{
    m_view = new QTableView(page);
    m_view->setObjectName(QStringLiteral("customersView"));
    m_view->setModel(m_filter);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setSortingEnabled(true);
    m_view->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder); // server order first
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    m_view->setWordWrap(false);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_view, &QWidget::customContextMenuRequested, this, &CustomersTab::showContextMenu);
    connect(m_view, &QTableView::doubleClicked, this, [this] {
        if (m_tokens)
            getToken();
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &CustomersTab::updateActions);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &CustomersTab::updateActions);
    connect(m_filter, &QAbstractItemModel::rowsInserted, this, &CustomersTab::updateCount);
    connect(m_filter, &QAbstractItemModel::modelReset, this, &CustomersTab::updateCount);
}

void CustomersTab::showContextMenu(const QPoint &at)
{
    auto *menu = new QMenu(this);
    menu->setObjectName(QStringLiteral("customersMenu"));
    menu->setAttribute(Qt::WA_DeleteOnClose);
    for (QAction *action : {m_getTokenAction, m_copyTokenAction, m_consoleAction})
        if (action->isVisible())
            menu->addAction(action);
    menu->addAction(m_copyIdAction);
    if (m_mintAction->isVisible()) {
        menu->addSeparator();
        menu->addAction(m_mintAction);
    }
    menu->popup(m_view->viewport()->mapToGlobal(at)); // no nested event loop
}

// The token columns are last in the model (hidden for kinds without customer tokens),
// but they are what the user came for: show them right after the status.
void CustomersTab::keepTokenColumnsFirst()
{
    auto tokenColumnsFirst = [this] {
        QHeaderView *header = m_view->horizontalHeader();
        for (int column : {int(CustomerTableModel::Token), int(CustomerTableModel::ExpiresIn)}) {
            const int wanted =
                CustomerTableModel::Status + 1 + (column - CustomerTableModel::Token);
            if (column < header->count() && header->visualIndex(column) != wanted)
                header->moveSection(header->visualIndex(column), wanted);
        }
    };
    connect(m_filter, &QAbstractItemModel::modelReset, this, tokenColumnsFirst);
    connect(m_filter, &QAbstractItemModel::columnsInserted, this, tokenColumnsFirst);
    tokenColumnsFirst();
}

// How many tokens at once, the bulk mint's progress, Cancel, and its summary.
void CustomersTab::buildMintControls(QWidget *page)
{
    m_concurrency = new QSpinBox(page);
    m_concurrency->setObjectName(QStringLiteral("mintConcurrency"));
    m_concurrency->setRange(1, BulkMinter::MaxConcurrency);
    m_concurrency->setValue(BulkMinter::DefaultConcurrency);
    m_concurrency->setPrefix(tr("parallel: "));
    m_concurrency->setToolTip(tr("Token requests in flight at once"));
    m_mintProgress = new QProgressBar(page);
    m_mintProgress->setObjectName(QStringLiteral("mintProgress"));
    m_cancelMint = new QPushButton(tr("Cancel"), page);
    m_cancelMint->setObjectName(QStringLiteral("cancelMintButton"));
    connect(m_cancelMint, &QPushButton::clicked, this, &CustomersTab::cancelMint);
    m_summary = new QLabel(page);
    m_summary->setObjectName(QStringLiteral("mintSummary"));
    m_summary->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
}

CustomerLister *CustomersTab::listerFor(const QUuid &profileId)
{
    if (CustomerLister *existing = m_listers.value(profileId))
        return existing;
    auto *lister = new CustomerLister(m_auth, m_api, profileId, this);
    // Druva: ask for features so the Features column means something. The table shows a few
    // fields of each customer: keep only those.
    CustomerListOptions options;
    options.includeFeatures = true;
    options.shownFieldsOnly = true;
    lister->setOptions(options);
    m_listers.insert(profileId, lister);
    connect(lister, &CustomerLister::started, this, [this, lister] {
        if (isCurrent(lister))
            showListState();
    });
    connect(lister, &CustomerLister::customersAdded, this, [this, lister](int first, int count) {
        if (isCurrent(lister))
            m_model->appendCustomers(lister->customers().mid(first, count));
    });
    connect(lister, &CustomerLister::progress, this,
            [this, lister](int pages, int customers, qint64 total) {
                if (isCurrent(lister))
                    onListProgress(pages, customers, total);
            });
    for (auto signal : {&CustomerLister::finished, &CustomerLister::cancelled}) {
        connect(lister, signal, this, [this, lister] {
            if (isCurrent(lister))
                showListState();
        });
    }
    connect(lister, &CustomerLister::failed, this, [this, lister] {
        if (isCurrent(lister))
            showListState();
    });
    return lister;
}

bool CustomersTab::isCurrent(const CustomerLister *lister) const
{
    return lister && lister->profileId() == m_profileId;
}

void CustomersTab::setProfile(const QUuid &profileId)
{
    m_profileId = profileId;
    const auto profile =
        profileId.isNull() ? std::nullopt : m_auth->profileStore()->find(profileId);
    if (!profile || !listsCustomers(profile->kind)) {
        m_hint->setText(!profile ? tr("Select a profile.")
                                 : tr("Customers are listed for Druva MSP and OIDC portal "
                                      "profiles; \"%1\" is %2.")
                                       .arg(profile->name, kindDisplayName(profile->kind)));
        m_stack->setCurrentWidget(m_hint);
        m_tokens = false;
        m_model->clear();
        updateActions();
        return;
    }
    m_tokens = mintsCustomerTokens(profile->kind);
    m_stack->setCurrentIndex(1);
    CustomerLister *lister = listerFor(profileId);
    m_model->setCustomers(profileId, lister->customers(), m_tokens);
    m_view->horizontalHeader()->resizeSection(CustomerTableModel::Name, 260);
    // Druva GCIDs are short; portal ids are UUIDs.
    m_view->horizontalHeader()->resizeSection(CustomerTableModel::Id, m_tokens ? 150 : 290);
    // Shown but disabled where the platform issues no customer tokens (the OIDC portal), so
    // the tooltip can say why instead of the buttons silently missing.
    m_concurrency->setVisible(m_tokens);
    const bool mintingHere =
        m_minter && m_minter->isRunning() && m_minter->profileId() == profileId;
    m_mintProgress->setVisible(mintingHere);
    m_cancelMint->setVisible(mintingHere);
    if (!mintingHere)
        m_summary->clear();
    if (lister->state() == CustomerLister::State::Idle && isVisible())
        lister->start();
    showListState();
}

void CustomersTab::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    // Fetch on first sight, not for every profile clicked while another tab is open.
    if (CustomerLister *lister = m_listers.value(m_profileId);
        lister && lister->state() == CustomerLister::State::Idle)
        lister->start();
}

void CustomersTab::hideEmptyColumns()
{
    // The portal's customers carry only id and name: Druva's columns would stay blank.
    for (int column = CustomerTableModel::Status; column <= CustomerTableModel::Features;
         ++column) {
        bool empty = true;
        for (int row = 0; row < m_model->rowCount() && empty; ++row)
            empty = m_model->index(row, column).data().toString().isEmpty();
        m_view->setColumnHidden(column, empty && m_model->rowCount() > 0);
    }
}

void CustomersTab::showListState()
{
    hideEmptyColumns();
    CustomerLister *lister = m_listers.value(m_profileId);
    if (!lister)
        return;
    const auto state = lister->state();
    const bool running = state == CustomerLister::State::Running;
    m_listProgress->setVisible(running);
    m_cancelList->setVisible(running);
    m_refreshAction->setEnabled(!running);
    if (running)
        onListProgress(lister->pagesFetched(), lister->customers().size(),
                       lister->totalCustomers());
    const bool stopped =
        state == CustomerLister::State::Failed || state == CustomerLister::State::Cancelled;
    m_listNotice->setVisible(stopped);
    m_retryList->setVisible(stopped);
    if (state == CustomerLister::State::Failed && lister->lastError())
        m_listNotice->setText(tr("%1 — %n customer(s) kept.", nullptr, lister->customers().size())
                                  .arg(lister->lastError()->toString()));
    else if (state == CustomerLister::State::Cancelled)
        m_listNotice->setText(
            tr("Stopped after %n customer(s).", nullptr, lister->customers().size()));
    updateCount();
    updateActions();
}

void CustomersTab::onListProgress(int pages, int customers, qint64 total)
{
    if (total >= 0) {
        m_listProgress->setRange(0, int(std::min<qint64>(total, INT_MAX)));
        m_listProgress->setValue(customers);
    } else {
        m_listProgress->setRange(0, 0); // Druva never says how many: a busy bar
    }
    m_listProgress->setFormat(tr("page %1 · %2 customers").arg(pages).arg(customers));
    m_listProgress->setTextVisible(true);
    updateCount();
}

void CustomersTab::updateCount()
{
    const int all = m_model->rowCount();
    const int shown = m_filter->rowCount();
    m_count->setText(shown == all ? tr("%n customer(s)", nullptr, all)
                                  : tr("%1 of %n customer(s)", nullptr, all).arg(shown));
}

void CustomersTab::refreshList()
{
    if (CustomerLister *lister = m_listers.value(m_profileId)) {
        m_model->setCustomers(m_profileId, {}, m_tokens);
        lister->start();
    }
}

void CustomersTab::resumeList()
{
    if (CustomerLister *lister = m_listers.value(m_profileId))
        lister->resume();
}

void CustomersTab::cancelList()
{
    if (CustomerLister *lister = m_listers.value(m_profileId))
        lister->cancel();
}

QStringList CustomersTab::selectedIds() const
{
    QModelIndexList rows = m_view->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(),
              [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    QStringList ids;
    ids.reserve(rows.size());
    for (const QModelIndex &row : rows)
        ids << row.data(CustomerTableModel::CustomerIdRole).toString();
    return ids;
}

QString CustomersTab::currentId() const
{
    const QModelIndex current = m_view->currentIndex();
    if (current.isValid() && m_view->selectionModel()->isRowSelected(current.row(), {}))
        return current.data(CustomerTableModel::CustomerIdRole).toString();
    const QStringList ids = selectedIds();
    return ids.size() == 1 ? ids.first() : QString();
}

void CustomersTab::updateActions()
{
    const QString id = currentId();
    const int selected = selectedIds().size();
    AuthSession *session = id.isEmpty() ? nullptr : m_model->sessionOf(id);
    const bool usable = session && session->token() &&
                        (session->state() == AuthSession::State::Valid ||
                         session->state() == AuthSession::State::Expiring);
    // A disabled action says why in its tooltip (the buttons show the action's).
    const auto explain = [](QAction *action, bool enabled, const QString &why) {
        action->setEnabled(enabled);
        action->setToolTip(enabled ? action->text().remove(QLatin1Char('&')) : why);
    };
    const QString noTokens =
        tr("This platform lists its customers but issues no token per customer.");
    const QString selectOne = !m_tokens      ? noTokens
                              : selected > 1 ? tr("Several customers are selected: select one.")
                                             : tr("Select a customer first.");
    explain(m_getTokenAction, m_tokens && !id.isEmpty(), selectOne);
    // A token belongs to one customer: with several selected, copy none rather than guess.
    explain(m_copyTokenAction, m_tokens && usable && selected <= 1,
            !m_tokens      ? noTokens
            : selected > 1 ? tr("Several customers are selected: a token belongs to one.")
            : id.isEmpty() ? tr("Select a customer first.")
                           : tr("This customer has no valid token yet: Get token first."));
    explain(m_consoleAction, m_tokens && !id.isEmpty(), selectOne);
    explain(m_copyIdAction, selected > 0, tr("Select one or more customers first."));
    explain(m_mintAction, m_tokens && selected > 0,
            m_tokens ? tr("Select the customers to mint tokens for.") : noTokens);
    m_mintAction->setText(selected > 0 ? tr("&Mint tokens for %n customer(s)", nullptr, selected)
                                       : tr("&Mint tokens"));
    m_exportAction->setEnabled(m_filter->rowCount() > 0);
}

void CustomersTab::tick()
{
    if (!isVisible() || !m_tokens)
        return;
    // Countdowns are computed when painted: repainting the visible rows is all it takes.
    m_view->viewport()->update();
    updateActions();
}

void CustomersTab::say(const QString &text)
{
    // Cut to the room there is: a long error must not widen the window (whole in the
    // tooltip and the window's status bar).
    m_summary->setText(
        m_summary->fontMetrics().elidedText(text, Qt::ElideRight, std::max(0, m_summary->width())));
    m_summary->setToolTip(text);
    Q_EMIT statusMessage(text);
}

void CustomersTab::getToken()
{
    const QString id = currentId();
    AuthSession *session = id.isEmpty() ? nullptr : m_auth->session(m_profileId, id);
    if (!session)
        return;
    m_model->setMinting(id, true);
    session->requestToken(this, [this, id, profile = m_profileId](Result<Token> token) {
        if (profile != m_profileId)
            return;
        if (token) {
            m_model->setMinting(id, false);
            say(tr("Token for %1 ready.").arg(id));
        } else {
            m_model->setError(id, token.error().toString());
            say(tr("Token for %1 failed: %2").arg(id, token.error().message));
        }
        updateActions();
    });
}

void CustomersTab::copyToken()
{
    const QString id = currentId();
    AuthSession *session = id.isEmpty() ? nullptr : m_model->sessionOf(id);
    if (selectedIds().size() > 1) {
        say(tr("Several customers are selected: select the one whose token to copy."));
        return;
    }
    if (!session || !session->token())
        return;
    m_clipboard->setText(session->token()->accessToken);
    m_auth->audit()->recordCopy(session->profileId(), id, tr("token"));
    say(tr("Token for %1 copied.").arg(id));
}

void CustomersTab::copyCustomerId()
{
    const QStringList ids = selectedIds();
    if (ids.isEmpty())
        return;
    // An id is no secret: the plain clipboard, not the self-clearing one.
    QGuiApplication::clipboard()->setText(ids.join(QLatin1Char('\n')));
    say(tr("%n customer id(s) copied.", nullptr, ids.size()));
}

void CustomersTab::openConsole()
{
    const QString id = currentId();
    if (!m_tokens || id.isEmpty())
        return;
    const QModelIndex current = m_view->currentIndex();
    const QString name =
        current.isValid() && current.data(CustomerTableModel::CustomerIdRole).toString() == id
            ? current.siblingAtColumn(CustomerTableModel::Name).data().toString()
            : QString();
    Q_EMIT openConsoleRequested(m_profileId, id, name);
}

void CustomersTab::mintSelected()
{
    const QStringList ids = selectedIds();
    if (!m_tokens || ids.isEmpty())
        return;
    if (m_minter) {
        m_minter->cancel();
        m_minter->deleteLater();
    }
    m_minter = new BulkMinter(m_auth, m_profileId, this);
    m_minter->setConcurrency(m_concurrency->value());
    BulkMinter *minter = m_minter;
    connect(minter, &BulkMinter::customerStarted, this, [this, minter](const QString &id) {
        if (minter->profileId() == m_profileId)
            m_model->setMinting(id, true);
    });
    connect(minter, &BulkMinter::customerFinished, this,
            [this, minter](const BulkMinter::Outcome &outcome) {
                if (minter->profileId() != m_profileId)
                    return;
                if (outcome.ok())
                    m_model->setMinting(outcome.customerId, false);
                else
                    m_model->setError(outcome.customerId, outcome.error->toString());
            });
    connect(minter, &BulkMinter::progress, this, [this, minter](int done, int total) {
        if (minter->profileId() == m_profileId)
            onMintProgress(done, total);
    });
    connect(minter, &BulkMinter::finished, this, [this, minter](bool cancelled) {
        if (minter->profileId() == m_profileId)
            onMintFinished(cancelled);
    });
    m_mintProgress->setVisible(true);
    m_cancelMint->setVisible(true);
    m_summary->setText(tr("Minting…"));
    minter->start(ids);
}

void CustomersTab::onMintProgress(int done, int total)
{
    m_mintProgress->setRange(0, std::max(total, 1));
    m_mintProgress->setValue(done);
    m_mintProgress->setFormat(QStringLiteral("%1 / %2").arg(done).arg(total));
}

void CustomersTab::onMintFinished(bool cancelled)
{
    m_mintProgress->setVisible(false);
    m_cancelMint->setVisible(false);
    const int ok = m_minter ? m_minter->succeededCount() : 0;
    const int failed = m_minter ? m_minter->failedCount() : 0;
    const int total = m_minter ? m_minter->total() : 0;
    QString text = tr("%1 of %n token(s) minted", nullptr, total).arg(ok);
    if (failed > 0)
        text += tr(", %n failed (see the Token column)", nullptr, failed);
    if (cancelled)
        text += tr(" — cancelled");
    say(text + QLatin1Char('.'));
    updateActions();
}

void CustomersTab::cancelMint()
{
    if (m_minter)
        m_minter->cancel();
}

void CustomersTab::exportList()
{
    auto *dialog = new QFileDialog(this, tr("Export customers"), QStringLiteral("customers.csv"),
                                   tr("CSV files (*.csv)"));
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setDefaultSuffix(QStringLiteral("csv"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QFileDialog::fileSelected, this, &CustomersTab::exportCsv);
    dialog->open(); // window-modal without a nested event loop
}

bool CustomersTab::exportCsv(const QString &path)
{
    QList<Customer> rows;
    rows.reserve(m_filter->rowCount());
    for (int i = 0; i < m_filter->rowCount(); ++i)
        rows.append(m_model->customer(m_filter->mapToSource(m_filter->index(i, 0)).row()));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(CustomerCsv::document(rows)) < 0 ||
        !file.commit()) {
        say(tr("Could not write %1: %2").arg(path, file.errorString()));
        return false;
    }
    say(tr("%n customer(s) exported to %1.", nullptr, rows.size()).arg(path));
    return true;
}

} // namespace tw
