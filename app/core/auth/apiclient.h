#pragma once

#include "auth/token.h"
#include "common/callbackguard.h"
#include "common/error.h"
#include "common/httpclient.h"

#include <QObject>
#include <QPointer>
#include <QUuid>
#include <functional>

namespace tw {

class AuthManager;
class AuthSession;
struct Profile;

struct ApiRequest
{
    QByteArray method = "GET";
    QString path; // relative to the profile's API base, or an absolute URL on its own origin
    QList<QPair<QString, QString>> query;
    HeaderList headers;
    QByteArray body;
    QString customerId;              // Druva MSP: call as this customer with its own token
    QList<QByteArray> secretHeaders; // headers to drop on a redirect to another origin
    int timeoutMs = 0;               // 0 = the profile's timeout (or the CLI's --timeout)
    qint64 maxBodyBytes = 256LL * 1024 * 1024;
};

struct ApiOutcome
{
    HttpReply reply;  // the final answer (any HTTP status)
    QUrl url;         // where it was sent
    HttpRequest sent; // the request as sent, auth header included (never log it)
    int attempts = 0;
    int tokenRefetches = 0;
    int rateLimitWaits = 0;
};

class ApiCall;

// Authorised API calls for a profile: injects the live token (Bearer, or Authtoken for a
// Commvault login session), refetches once on 401 (and 403 for Druva), honours 429/503
// Retry-After a bounded number of times, and refuses other origins before sending.
class ApiClient : public QObject
{
    Q_OBJECT
public:
    using Callback = std::function<void(Result<ApiOutcome>)>;

    explicit ApiClient(AuthManager *manager, QObject *parent = nullptr);
    AuthManager *manager() const { return m_manager; }

    QPointer<ApiCall> send(const QUuid &profileId, const ApiRequest &request, QObject *context,
                           Callback done);

    // Resolves a path or absolute URL against the API base; refuses foreign origins.
    static Result<QUrl> resolve(const Profile &profile, const QString &pathOrUrl,
                                const QList<QPair<QString, QString>> &query);

    int maxRateLimitRetries = 3;
    int maxRetryAfterSec = 60;

private:
    AuthManager *m_manager;
};

class ApiCall : public QObject
{
    Q_OBJECT
public:
    ApiCall(AuthManager *manager, ApiClient *client, const QUuid &profileId, ApiRequest request,
            QObject *context, ApiClient::Callback done);
    void start();
    void cancel();

Q_SIGNALS:
    // Waiting `seconds` before retrying after 429/503 (at most maxRetryAfterSec).
    void waiting(int seconds);

private:
    void withToken();
    void sendWith(const Token &token);
    void onReply(const Token &token, const HttpReply &reply);
    void finish(Result<ApiOutcome> result);

    AuthManager *m_manager;
    ApiClient *m_client;
    QUuid m_profileId;
    ApiRequest m_request;
    ContextGuard m_context;
    ApiClient::Callback m_done;
    ApiOutcome m_outcome;
    QPointer<AuthSession> m_session;
    QPointer<HttpCall> m_http;
    bool m_finished = false;
    bool m_refetched = false;
};

} // namespace tw
