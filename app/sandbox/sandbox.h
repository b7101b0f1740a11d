#pragma once

#include "sandboxtypes.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMutex>
#include <QObject>
#include <QPointer>
#include <QTcpSocket>
#include <QThreadPool>
#include <QUrl>
#include <memory>
#include <vector>

QT_BEGIN_NAMESPACE
class QHttpServer;
class QHttpServerRequest;
class QHttpServerResponder;
QT_END_NAMESPACE

namespace tw::sandbox {

struct HttpReply;

class Commvault;
class FaultInjector;
class Provider;
class ProviderContext;
struct HttpRequest;

// A real HTTP server on 127.0.0.1 that emulates every provider of docs/providers.md, each under its
// own path prefix, with fault injection. Answers are computed on a dedicated thread pool so that
// latency and slow faults delay many requests at once without blocking the server thread.
//
// Endpoint ids: "druva-msp.token", "druva-msp.customers", "druva-msp.customer-token",
// "druva.token", "druva-gov.token", "druva.api", "oidc.discovery", "oidc.token",
// "oidc.customers", "commvault.login", "commvault.renew-login", "commvault.accesstoken",
// "commvault.renew", "commvault.api", "oauth2.discovery", "oauth2.token", "oauth2.api",
// "oauth2.authorize" (the browser sign-in page), "oauth2.device_authorization", "oauth2.device",
// "oauth2.revoke", "oauth2.introspect", "msp.customer-api", "druva.big" (GET
// /druva/demo/v1/big?mb=N: N MB of JSON).
class Sandbox : public QObject
{
    Q_OBJECT
public:
    explicit Sandbox(SandboxConfig config = {}, QObject *parent = nullptr);
    ~Sandbox() override;

    bool listen(quint16 port = 0); // 127.0.0.1 only; 0 = ephemeral
    quint16 port() const;
    QUrl baseUrl() const; // http://127.0.0.1:PORT
    // {"base": URL, "providers": {"druva-msp": {…}, "druva": {…}, "druva-gov": {…}, "oidc": {…},
    //  "commvault": {…}, "oauth2": {…}, "rawbasic": {…}}} with URLs and demo credentials.
    QJsonObject describe() const;

    // times: -1 = until cleared. param: Retry-After seconds (429/503, < 0 = no header) or the
    // delay in ms (Slow). Fault::None clears the endpoint's rule.
    void setFault(const QString &endpoint, Fault fault, int times = -1, int param = 0);
    // Answers `okRequestsFirst` requests normally, then fails `times` of them.
    void setFaultAfter(const QString &endpoint, int okRequestsFirst, Fault fault, int times = 1,
                       int param = 0);
    void clearFaults();

    int requestCount(const QString &endpoint) const;  // empty endpoint: every request
    int maxConcurrent(const QString &endpoint) const; // high-water mark of in-flight requests
    void resetCounters();

    // Every access token issued so far becomes invalid (401, or 403 for Druva Cloud); refresh
    // tokens (OAuth 2.0, Commvault) stay usable so that recovery can be tested.
    void revokeAllTokens();
    void setTokenLifetime(int seconds);
    void setLatency(int ms);
    // The oauth2 sign-in page approves at once (SandboxConfig::autoApprove).
    void setAutoApprove(bool on);
    SandboxConfig config() const;

    // The demo Commvault pair as it stands now (it rotates on each renewal).
    QString commvaultAccessToken() const;
    QString commvaultRefreshToken() const;
    bool commvaultChainRevoked() const;

    // The last ~50 requests per endpoint as {"method","path","query","headers" (lower-case
    // names),"body"}, oldest first, for exact-wire tests.
    QList<QJsonObject> lastRequests(const QString &endpoint) const;

Q_SIGNALS:
    void requestServed(const QString &endpoint, int status);

private:
    void serve(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    void answer(const QPointer<QTcpSocket> &socket,
                const std::shared_ptr<QHttpServerResponder> &responder, const QString &endpoint,
                const HttpReply &reply);
    Provider *providerFor(const HttpRequest &request, QString *endpoint) const;

    std::unique_ptr<ProviderContext> m_context;
    std::vector<std::unique_ptr<Provider>> m_providers;
    Commvault *m_commvault = nullptr;
    std::unique_ptr<FaultInjector> m_faults;
    QHttpServer *m_server = nullptr;
    quint16 m_port = 0;

    mutable QMutex m_statsMutex;
    QHash<QString, int> m_counts;
    QHash<QString, int> m_inFlight;
    QHash<QString, int> m_maxInFlight;
    QHash<QString, QList<QJsonObject>> m_recent;

    // Declared last so it is destroyed first: its destructor waits for running answers, which
    // use the providers above.
    QThreadPool m_pool;
};

} // namespace tw::sandbox
