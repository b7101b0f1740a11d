#pragma once

#include "auth/apiclient.h"
#include "console/consolehistory.h"
#include "console/consolerunner.h"
#include "console/savedrequests.h"
#include "ui/common/profiletab.h"

#include <QHash>
#include <QTimer>
#include <QWidget>
#include <optional>

class QLabel;
class QLayout;
class QPushButton;
class QStackedWidget;
class QToolButton;

namespace tw {

class AuthManager;
class Clipboard;
class RequestEditor;
class RequestLibrary;
class ResponseView;
struct ParsedBody;

// The Console tab: ad-hoc API calls with the selected profile's token, or with one MSP
// customer's token (openAsCustomer). Send (Ctrl+Return) / Cancel (Esc), the answer with its
// timing, a "Next page" button when the answer names one, history and saved requests, and
// "Copy as curl". The work happens in core (ConsoleRunner, ConsoleHistory, CurlExport …).
class ConsoleTab : public ProfileTab
{
    Q_OBJECT
public:
    ConsoleTab(AuthManager *auth, Clipboard *clipboard, QWidget *parent = nullptr);

    void setProfile(const QUuid &profileId) override;
    QUuid profileId() const { return m_profileId; }
    QString customerId() const { return m_customerId; }

    RequestEditor *editor() const { return m_editor; }
    ResponseView *responseView() const { return m_response; }
    RequestLibrary *library() const { return m_library; }
    ConsoleRunner *runner() { return &m_runner; }
    // The request "Next page" would send, if the last answer named one.
    const std::optional<ConsoleRequest> &nextPageRequest() const { return m_nextRequest; }

    // The curl command line for the current request ($TOKEN unless `realToken` is given).
    Result<QString> curlCommand(const QString &realToken = QString()) const;

public Q_SLOTS:
    void send();
    void cancel();
    void sendNextPage();
    // From the Customers tab: the next requests use this customer's token, until
    // useMspToken() or another profile.
    // `name` is shown in the banner when known.
    void openAsCustomer(const QUuid &profile, const QString &customerId,
                        const QString &name = QString());
    void useMspToken();
    void copyAsCurl();
    void copyAsCurlWithToken();
    void saveCurrentRequest();
    void loadRequest(const tw::ConsoleRequest &request, bool sendNow);

Q_SIGNALS:

private:
    QWidget *buildContent();
    void buildCustomerBar(QWidget *page);
    QLayout *buildButtons(QWidget *page);
    void onStarted(const ConsoleRequest &request);
    void onFinished(const ConsoleRequest &request, const ConsoleResponse &response);
    void onFailed(const ConsoleRequest &request, const Error &error);
    void onBodyShown(const ParsedBody &parsed);
    void record(const HistoryEntry &entry);
    void updateCustomerBar();
    void setRunning(bool running);
    void showMessage(const QString &text);
    // The kind whose API a customer token opens (a Druva MSP customer is a Druva Cloud tenant).
    ProviderKind requestKind() const;
    // The unsent request and the last answer of each profile (and each customer of it)
    // live for the session, so switching profiles loses no work.
    struct Draft
    {
        ConsoleRequest request;
        ConsoleRequest lastSent;
        ConsoleResponse response; // status 0: no answer kept
    };
    static QString draftKey(const QUuid &profile, const QString &customer);
    void saveDraft();
    // False when there is no draft for the current profile and customer.
    bool restoreDraft();

    AuthManager *m_auth;
    Clipboard *m_clipboard;
    ApiClient m_client;
    ConsoleRunner m_runner;
    ConsoleHistory m_history;
    SavedRequests m_saved;
    QUuid m_profileId;
    QString m_customerId;
    ConsoleRequest m_lastSent;
    ConsoleResponse m_lastResponse;
    std::optional<ConsoleRequest> m_nextRequest;
    QHash<QString, Draft> m_drafts;
    QHash<QUuid, QString> m_lastCustomer;    // the customer context each profile was left in
    QHash<QString, QString> m_customerNames; // draftKey -> the customer's name

    QStackedWidget *m_pages;
    QWidget *m_customerBar = nullptr;
    QLabel *m_customerLabel = nullptr;
    RequestEditor *m_editor = nullptr;
    ResponseView *m_response = nullptr;
    RequestLibrary *m_library = nullptr;
    QPushButton *m_send = nullptr;
    QPushButton *m_cancel = nullptr;
    QPushButton *m_next = nullptr;
    QToolButton *m_curl = nullptr;
    QLabel *m_message = nullptr;
    QTimer m_messageTimer;
    QAction *m_cancelAction = nullptr;
};

} // namespace tw
