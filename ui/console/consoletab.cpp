#include "ui/console/consoletab.h"

#include "audit/auditrecorder.h"
#include "auth/authmanager.h"
#include "console/curlexport.h"
#include "console/pagination.h"
#include "profiles/profilestore.h"
#include "ui/common/clipboard.h"
#include "ui/console/requesteditor.h"
#include "ui/console/requestlibrary.h"
#include "ui/console/responseview.h"

#include <QAction>
#include <QClipboard>
#include <QFrame>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QShortcut>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace tw {

ConsoleTab::ConsoleTab(AuthManager *auth, Clipboard *clipboard, QWidget *parent)
    : ProfileTab(parent), m_auth(auth), m_clipboard(clipboard), m_client(auth), m_runner(&m_client),
      m_history(auth->profileStore()->dir()), m_saved(auth->profileStore()->dir()),
      m_pages(new QStackedWidget(this))
{
    setObjectName(QStringLiteral("consoleTab"));
    auto *hint = new QLabel(tr("Select a profile on the left to call its API."), this);
    hint->setAlignment(Qt::AlignCenter);
    m_pages->addWidget(hint);
    m_pages->addWidget(buildContent());
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_pages);

    connect(&m_runner, &ConsoleRunner::started, this, &ConsoleTab::onStarted);
    connect(&m_runner, &ConsoleRunner::finished, this, &ConsoleTab::onFinished);
    connect(&m_runner, &ConsoleRunner::failed, this, &ConsoleTab::onFailed);
    connect(&m_runner, &ConsoleRunner::warned, this, &ConsoleTab::showMessage);
    connect(&m_runner, &ConsoleRunner::waiting, this, [this](int seconds) {
        m_response->showPending(
            tr("Rate limited by the server: trying again in %n s…", nullptr, seconds));
    });
    connect(m_response, &ResponseView::bodyShown, this, &ConsoleTab::onBodyShown);
    connect(m_response, &ResponseView::statusMessage, this, &ConsoleTab::showMessage);
    connect(m_library, &RequestLibrary::requestChosen, this, &ConsoleTab::loadRequest);
    connect(m_library, &RequestLibrary::statusMessage, this, &ConsoleTab::showMessage);
    connect(m_editor, &RequestEditor::sendRequested, this, &ConsoleTab::send);
    m_messageTimer.setSingleShot(true);
    connect(&m_messageTimer, &QTimer::timeout, m_message, &QLabel::clear);

    for (const QKeySequence &keys :
         {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)}) {
        auto *shortcut = new QShortcut(keys, this, this, &ConsoleTab::send);
        // Anywhere in the window while this tab shows (a hidden widget's shortcuts are off).
        shortcut->setContext(Qt::WindowShortcut);
    }
    // An action, not a QShortcut: it is enabled only while a request runs, so Esc keeps its
    // usual meaning (close a popup, the find bar) otherwise.
    m_cancelAction = new QAction(tr("Cancel request"), this);
    m_cancelAction->setShortcut(Qt::Key_Escape);
    m_cancelAction->setShortcutContext(Qt::WindowShortcut);
    connect(m_cancelAction, &QAction::triggered, this, &ConsoleTab::cancel);
    addAction(m_cancelAction);
    setRunning(false);
    setProfile(QUuid());
}

QWidget *ConsoleTab::buildContent()
{
    auto *page = new QWidget(this);
    buildCustomerBar(page);
    m_editor = new RequestEditor(page);
    QLayout *buttons = buildButtons(page);

    auto *requestPart = new QWidget(page);
    auto *requestLayout = new QVBoxLayout(requestPart);
    requestLayout->setContentsMargins(0, 0, 0, 0);
    requestLayout->addWidget(m_customerBar);
    requestLayout->addWidget(m_editor, 1);
    requestLayout->addLayout(buttons);
    m_response = new ResponseView(page);
    auto *vertical = new QSplitter(Qt::Vertical, page);
    vertical->addWidget(requestPart);
    vertical->addWidget(m_response);
    vertical->setStretchFactor(1, 3);
    vertical->setSizes({260, 540}); // the answer gets the room
    vertical->setChildrenCollapsible(false);

    m_library = new RequestLibrary(&m_history, &m_saved, page);
    auto *horizontal = new QSplitter(page);
    horizontal->setObjectName(QStringLiteral("consoleSplitter"));
    horizontal->addWidget(vertical);
    horizontal->addWidget(m_library);
    horizontal->setStretchFactor(0, 3);
    horizontal->setStretchFactor(1, 1);
    horizontal->setSizes({760, 300});
    horizontal->setChildrenCollapsible(false);
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(horizontal);
    return page;
}

// Shown while the console speaks as one customer of an MSP profile.
void ConsoleTab::buildCustomerBar(QWidget *page)
{
    auto *customerBar = new QFrame(page);
    m_customerBar = customerBar;
    m_customerBar->setObjectName(QStringLiteral("customerBar"));
    // The tooltip colours: a pair every theme keeps readable, and unlike the window's own
    // colours it stands out (a fixed light yellow was unreadable under dark themes' text).
    customerBar->setFrameShape(QFrame::StyledPanel);
    customerBar->setAutoFillBackground(true);
    customerBar->setBackgroundRole(QPalette::ToolTipBase);
    customerBar->setForegroundRole(QPalette::ToolTipText);
    m_customerLabel = new QLabel(m_customerBar);
    m_customerLabel->setForegroundRole(QPalette::ToolTipText);
    m_customerLabel->setObjectName(QStringLiteral("customerLabel"));
    m_customerLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *mspButton = new QPushButton(tr("Use the MSP token"), m_customerBar);
    mspButton->setObjectName(QStringLiteral("useMspTokenButton"));
    connect(mspButton, &QPushButton::clicked, this, &ConsoleTab::useMspToken);
    auto *barLayout = new QHBoxLayout(m_customerBar);
    barLayout->setContentsMargins(8, 4, 8, 4);
    barLayout->addWidget(m_customerLabel, 1);
    barLayout->addWidget(mspButton);
}

// The request's buttons, with room between them for the last message.
QLayout *ConsoleTab::buildButtons(QWidget *page)
{
    m_send = new QPushButton(tr("Send"), page);
    m_send->setObjectName(QStringLiteral("sendButton"));
    m_send->setToolTip(tr("Send the request (Ctrl+Return)"));
    m_send->setDefault(true);
    connect(m_send, &QPushButton::clicked, this, &ConsoleTab::send);
    m_cancel = new QPushButton(tr("Cancel"), page);
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    m_cancel->setToolTip(tr("Cancel the running request (Esc)"));
    connect(m_cancel, &QPushButton::clicked, this, &ConsoleTab::cancel);
    m_next = new QPushButton(tr("Next page"), page);
    m_next->setObjectName(QStringLiteral("nextPageButton"));
    connect(m_next, &QPushButton::clicked, this, &ConsoleTab::sendNextPage);
    auto *save = new QPushButton(tr("Save…"), page);
    save->setObjectName(QStringLiteral("saveRequestButton"));
    save->setToolTip(tr("Keep this request with the profile under a name"));
    connect(save, &QPushButton::clicked, this, &ConsoleTab::saveCurrentRequest);
    m_curl = new QToolButton(page);
    m_curl->setObjectName(QStringLiteral("curlButton"));
    m_curl->setText(tr("Copy as curl"));
    m_curl->setPopupMode(QToolButton::MenuButtonPopup);
    auto *curlMenu = new QMenu(m_curl);
    curlMenu->addAction(tr("Copy as curl (token as $TOKEN)"), this, &ConsoleTab::copyAsCurl);
    curlMenu->addAction(tr("Copy as curl with the real token"), this,
                        &ConsoleTab::copyAsCurlWithToken);
    m_curl->setMenu(curlMenu);
    connect(m_curl, &QToolButton::clicked, this, &ConsoleTab::copyAsCurl);
    m_message = new QLabel(page);
    m_message->setObjectName(QStringLiteral("consoleMessage"));
    // However long a message, it never widens the window or pushes the buttons around: it is
    // cut to the room there is (whole in its tooltip and in the window's status bar).
    m_message->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_message->setMinimumWidth(0);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_send);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_next);
    buttons->addWidget(m_message, 1);
    buttons->addWidget(save);
    buttons->addWidget(m_curl);
    return buttons;
}

QString ConsoleTab::draftKey(const QUuid &profile, const QString &customer)
{
    return profile.toString(QUuid::WithoutBraces) + QLatin1Char('/') + customer;
}

void ConsoleTab::saveDraft()
{
    if (m_profileId.isNull())
        return;
    Draft draft;
    draft.request = m_editor->request();
    if (m_response->response().status != 0) {
        draft.response = m_response->response();
        draft.lastSent = m_lastSent;
    }
    m_drafts.insert(draftKey(m_profileId, m_customerId), draft);
    if (m_customerId.isEmpty())
        m_lastCustomer.remove(m_profileId);
    else
        m_lastCustomer.insert(m_profileId, m_customerId);
}

bool ConsoleTab::restoreDraft()
{
    m_nextRequest.reset();
    m_next->setEnabled(false);
    const auto it = m_drafts.constFind(draftKey(m_profileId, m_customerId));
    if (it == m_drafts.cend()) {
        m_response->clear();
        return false;
    }
    m_editor->setRequest(it->request);
    if (it->response.status != 0) {
        m_lastSent = it->lastSent;
        m_lastResponse = it->response;
        m_lastResponse.body.clear();
        m_response->showResponse(it->response); // bodyShown brings "Next page" back
    } else {
        m_response->clear();
    }
    return true;
}

void ConsoleTab::setProfile(const QUuid &profileId)
{
    if (profileId == m_profileId && !profileId.isNull())
        return;
    saveDraft();
    m_runner.cancel();
    m_message->clear(); // it spoke of the profile we leave
    m_message->setToolTip(QString());
    m_profileId = profileId;
    m_customerId = m_lastCustomer.value(profileId);
    const auto profile =
        profileId.isNull() ? std::nullopt : m_auth->profileStore()->find(profileId);
    m_pages->setCurrentIndex(profile ? 1 : 0);
    if (!profile)
        m_customerId.clear();
    m_library->setProfile(profile ? profile->id : QUuid(), requestKind());
    if (profile) {
        m_editor->setBasePrefix(profile->apiBase.toString());
        if (!restoreDraft()) {
            const auto presets = SavedRequests::presets(requestKind());
            m_editor->setRequest(presets.isEmpty() ? ConsoleRequest() : presets.first());
        }
    } else {
        m_customerId.clear();
        m_nextRequest.reset();
        m_next->setEnabled(false);
        m_response->clear();
    }
    updateCustomerBar();
}

ProviderKind ConsoleTab::requestKind() const
{
    const auto profile = m_auth->profileStore()->find(m_profileId);
    const ProviderKind kind = profile ? profile->kind : ProviderKind::OAuth2;
    if (!m_customerId.isEmpty() && mintsCustomerTokens(kind))
        return ProviderKind::Druva;
    return kind;
}

void ConsoleTab::openAsCustomer(const QUuid &profile, const QString &customerId,
                                const QString &name)
{
    setProfile(profile);
    const QString id = customerId.trimmed();
    if (!name.trimmed().isEmpty())
        m_customerNames.insert(draftKey(profile, id), name.trimmed());
    if (id != m_customerId) {
        saveDraft();
        m_runner.cancel();
        m_customerId = id;
        m_library->setProfile(m_profileId, requestKind());
        if (!restoreDraft()) {
            // A first visit: the paths of the customer's own API, not the MSP's.
            const auto presets = SavedRequests::presets(requestKind());
            if (!presets.isEmpty())
                m_editor->setRequest(presets.first());
        }
    }
    updateCustomerBar();
    const QString who = m_customerNames.value(draftKey(m_profileId, m_customerId), m_customerId);
    showMessage(tr("Requests now use the token of customer %1.").arg(who));
}

void ConsoleTab::useMspToken()
{
    if (m_customerId.isEmpty())
        return;
    saveDraft();
    m_runner.cancel();
    m_customerId.clear();
    m_lastCustomer.remove(m_profileId);
    m_library->setProfile(m_profileId, requestKind());
    if (!restoreDraft()) {
        const auto presets = SavedRequests::presets(requestKind());
        m_editor->setRequest(presets.isEmpty() ? ConsoleRequest() : presets.first());
    }
    updateCustomerBar();
    showMessage(tr("Requests use the MSP token again."));
}

void ConsoleTab::updateCustomerBar()
{
    m_customerBar->setVisible(!m_customerId.isEmpty());
    const QString name = m_customerNames.value(draftKey(m_profileId, m_customerId));
    m_customerLabel->setText(
        name.isEmpty() ? tr("Sending as customer <b>%1</b> with that customer's own token.")
                             .arg(m_customerId.toHtmlEscaped())
                       : tr("Sending as customer <b>%1</b> (%2) with that customer's own token.")
                             .arg(name.toHtmlEscaped(), m_customerId.toHtmlEscaped()));
}

void ConsoleTab::send()
{
    if (m_profileId.isNull())
        return;
    ConsoleRequest request = m_editor->request();
    if (request.path.isEmpty()) {
        showMessage(tr("Type a path first, e.g. /v1/customers."));
        m_editor->pathEdit()->setFocus();
        return;
    }
    request.customerId = m_customerId;
    m_runner.send(m_profileId, request);
}

void ConsoleTab::cancel()
{
    m_runner.cancel();
}

void ConsoleTab::sendNextPage()
{
    if (!m_nextRequest)
        return;
    m_editor->setRequest(*m_nextRequest);
    send();
}

void ConsoleTab::loadRequest(const ConsoleRequest &request, bool sendNow)
{
    m_editor->setRequest(request);
    if (!request.customerId.isEmpty() && request.customerId != m_customerId) {
        m_customerId = request.customerId;
        m_lastCustomer.insert(m_profileId, m_customerId);
        updateCustomerBar();
    }
    if (sendNow)
        send();
}

void ConsoleTab::setRunning(bool running)
{
    m_cancel->setEnabled(running);
    m_cancelAction->setEnabled(running);
}

void ConsoleTab::onStarted(const ConsoleRequest &request)
{
    setRunning(true);
    m_nextRequest.reset();
    m_next->setEnabled(false);
    m_response->showPending(tr("Sending %1 %2…").arg(request.method, request.pathWithQuery()));
}

void ConsoleTab::onFinished(const ConsoleRequest &request, const ConsoleResponse &response)
{
    setRunning(false);
    m_lastSent = request;
    m_lastResponse = response;
    m_lastResponse.body.clear(); // the view keeps the body; paging needs the headers only
    record(HistoryEntry::fromResponse(request, response));
    m_response->showResponse(response);
}

void ConsoleTab::onFailed(const ConsoleRequest &request, const Error &error)
{
    setRunning(false);
    m_response->showError(error);
    if (error.code != Error::Code::Cancelled && error.code != Error::Code::InvalidInput)
        record(HistoryEntry::fromError(request, error.toString()));
}

void ConsoleTab::record(const HistoryEntry &entry)
{
    auto written = m_history.append(m_profileId, entry, m_runner.secretsToScrub());
    if (written)
        m_library->setHistory(written.value());
    else
        showMessage(tr("History not saved: %1").arg(written.error().message));
}

void ConsoleTab::onBodyShown(const ParsedBody &parsed)
{
    const auto profile = m_auth->profileStore()->find(m_profileId);
    auto next = Pagination::fromHeaders(m_lastResponse);
    if (!next)
        next = parsed.nextPage;
    if (profile && next)
        m_nextRequest = Pagination::nextRequest(*profile, m_lastSent, m_lastResponse.url, *next);
    m_next->setEnabled(m_nextRequest.has_value());
    m_next->setToolTip(
        m_nextRequest
            ? tr("%1 %2 (from %3)")
                  .arg(m_nextRequest->method, m_nextRequest->pathWithQuery(), next->field)
            : (next ? tr("The next page link leads to another origin; it is not followed.")
                    : tr("The answer names no next page.")));
}

Result<QString> ConsoleTab::curlCommand(const QString &realToken) const
{
    const auto profile = m_auth->profileStore()->find(m_profileId);
    if (!profile) {
        return Error::make(Error::Code::NotFound, tr("Select a profile first."));
    }
    ConsoleRequest request = m_editor->request();
    request.customerId = m_customerId;
    CurlExport::Options options;
    options.realToken = realToken;
    options.loginSession = CurlExport::usesAuthtoken(*profile);
    return CurlExport::build(*profile, request, options);
}

void ConsoleTab::copyAsCurl()
{
    const auto text = curlCommand();
    if (!text) {
        showMessage(text.error().toString());
        return;
    }
    // No secret in it: an ordinary copy.
    QGuiApplication::clipboard()->setText(text.value());
    showMessage(tr("Copied the curl command; it asks tokenwright-cli for the token."));
}

void ConsoleTab::copyAsCurlWithToken()
{
    AuthSession *session = m_auth->session(m_profileId, m_customerId);
    if (!session) {
        showMessage(tr("No token for this profile."));
        return;
    }
    session->requestToken(this, [this, profileId = session->profileId(),
                                 customerId = session->customerId()](Result<Token> token) {
        if (!token) {
            showMessage(token.error().toString());
            return;
        }
        const auto text = curlCommand(token.value().accessToken);
        if (!text) {
            showMessage(text.error().toString());
            return;
        }
        // It holds the token: copied as a secret, cleared after the usual delay.
        m_clipboard->setText(text.value());
        m_auth->audit()->recordCopy(profileId, customerId, tr("curl command with the token"));
        showMessage(
            m_clipboard->clearSeconds() > 0
                ? tr("Copied the curl command with the real token; the clipboard clears in %n s.",
                     nullptr, m_clipboard->clearSeconds())
                : tr("Copied the curl command with the real token."));
    });
}

void ConsoleTab::saveCurrentRequest()
{
    ConsoleRequest request = m_editor->request();
    request.customerId = m_customerId;
    m_library->saveRequest(request);
}

void ConsoleTab::showMessage(const QString &text)
{
    m_message->setText(
        m_message->fontMetrics().elidedText(text, Qt::ElideRight, std::max(0, m_message->width())));
    m_message->setToolTip(text);
    m_messageTimer.start(8000);
    Q_EMIT statusMessage(text);
}

} // namespace tw
