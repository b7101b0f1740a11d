#include "sandbox.h"
#include "httpexchange.h"

#include "commvault.h"
#include "druvacloud.h"
#include "druvamsp.h"
#include "faultinjector.h"
#include "oauth2generic.h"
#include "oidcportal.h"
#include "rawbasicoauth.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QPointer>
#include <QTcpSocket>
#include <QThread>

namespace tw::sandbox {

static constexpr int RecentLimit = 50;
// Many sleeping answers at once (latency tests); the machine's core count is irrelevant here.
static constexpr int PoolThreads = 128;

static QByteArray methodName(const QHttpServerRequest &request)
{
    switch (request.method()) {
    case QHttpServerRequest::Method::Get:
        return "GET";
    case QHttpServerRequest::Method::Put:
        return "PUT";
    case QHttpServerRequest::Method::Delete:
        return "DELETE";
    case QHttpServerRequest::Method::Post:
        return "POST";
    case QHttpServerRequest::Method::Head:
        return "HEAD";
    case QHttpServerRequest::Method::Options:
        return "OPTIONS";
    case QHttpServerRequest::Method::Patch:
        return "PATCH";
    default:
        return "UNKNOWN";
    }
}

static HttpRequest copyRequest(const QHttpServerRequest &request)
{
    HttpRequest copy;
    copy.method = methodName(request);
    copy.path = request.url().path();
    copy.rawQuery = request.url().query(QUrl::FullyEncoded).toUtf8();
    for (const auto &[name, value] : request.headers())
        copy.headers.append({name.toLower(), value});
    copy.body = request.body();
    return copy;
}

Sandbox::Sandbox(SandboxConfig config, QObject *parent)
    : QObject(parent), m_context(std::make_unique<ProviderContext>(config)),
      m_faults(std::make_unique<FaultInjector>())
{
    m_providers.push_back(std::make_unique<DruvaMsp>(m_context.get()));
    m_providers.push_back(std::make_unique<DruvaCloud>(m_context.get()));
    m_providers.push_back(std::make_unique<OidcPortal>(m_context.get()));
    auto commvault = std::make_unique<Commvault>(m_context.get());
    m_commvault = commvault.get();
    m_providers.push_back(std::move(commvault));
    m_providers.push_back(std::make_unique<OAuth2Generic>(m_context.get()));
    m_providers.push_back(std::make_unique<RawBasicOAuth>(m_context.get()));
    m_pool.setMaxThreadCount(PoolThreads);
    m_pool.setExpiryTimeout(10000);
}

Sandbox::~Sandbox()
{
    delete m_server; // no new requests
    m_pool.waitForDone();
}

bool Sandbox::listen(quint16 port)
{
    if (m_server)
        return m_port != 0;
    m_server = new QHttpServer(this);
    // One catch-all route: the providers dispatch on the path themselves, which keeps every
    // vendor's exact path in one place (its provider) instead of in route patterns.
    m_server->route(
        QStringLiteral("/<arg>"),
        [this](const QUrl &, const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            serve(request, std::move(responder));
        });
    m_port = m_server->listen(QHostAddress::LocalHost, port);
    if (m_port == 0) {
        delete m_server;
        m_server = nullptr;
        return false;
    }
    m_context->setBaseUrl(baseUrl().toString());
    return true;
}

quint16 Sandbox::port() const
{
    return m_port;
}

QUrl Sandbox::baseUrl() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port));
}

QJsonObject Sandbox::describe() const
{
    QJsonObject providers;
    for (const auto &provider : m_providers) {
        const QJsonObject entries = provider->describe();
        for (auto it = entries.begin(); it != entries.end(); ++it)
            providers.insert(it.key(), it.value());
    }
    return {{QStringLiteral("base"), baseUrl().toString()},
            {QStringLiteral("providers"), providers}};
}

Provider *Sandbox::providerFor(const HttpRequest &request, QString *endpoint) const
{
    for (const auto &provider : m_providers) {
        *endpoint = provider->endpointFor(request);
        if (!endpoint->isEmpty())
            return provider.get();
    }
    endpoint->clear();
    return nullptr;
}

void Sandbox::serve(const QHttpServerRequest &serverRequest, QHttpServerResponder &&serverResponder)
{
    // Copy everything now: the server's request object belongs to the connection, and answers
    // are written later, possibly after the client gave up (hence the guarded socket).
    const HttpRequest request = copyRequest(serverRequest);
    QPointer<QTcpSocket> socket = serverResponder.socket();
    // QHttpServerResponder writes the headers and a large body in two writes; without
    // TCP_NODELAY the body then waits for the client's delayed ACK of the headers (~40 ms
    // on a reused connection), which made every paged listing look slow.
    if (socket)
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    auto responder = std::make_shared<QHttpServerResponder>(std::move(serverResponder));

    QString endpoint;
    Provider *provider = providerFor(request, &endpoint);
    {
        QMutexLocker lock(&m_statsMutex);
        ++m_counts[endpoint];
        const int inFlight = ++m_inFlight[endpoint];
        m_maxInFlight[endpoint] = qMax(m_maxInFlight.value(endpoint), inFlight);
        QList<QJsonObject> &recent = m_recent[endpoint];
        recent.append(request.toJson());
        if (recent.size() > RecentLimit)
            recent.removeFirst();
    }
    // Decided in arrival order, so "fail the third page" means the third request that arrived.
    const FaultInjector::Decision decision = m_faults->next(endpoint);
    const int delayMs = m_context->config().latencyMs +
                        (decision.fault == Fault::Slow ? qMax(0, decision.param) : 0);

    // The answer is made on a pool thread (latency and slow faults sleep there) and written
    // back on this object's thread. Not QFuture::then(this, …): under Qt 6.4 a continuation
    // could still run after its sandbox was gone and crashed the next test (SIGSEGV in
    // QPromise::start). The destructor waits for the pool, so `this` outlives every task and
    // the queued call is dropped with the object.
    m_pool.start([this, request, provider, endpoint, decision, delayMs, socket, responder] {
        if (delayMs > 0)
            QThread::msleep(ulong(delayMs));
        HttpReply normal;
        if (!provider) {
            normal =
                HttpReply::json({{QStringLiteral("error"), QStringLiteral("not_found")},
                                 {QStringLiteral("error_description"),
                                  QStringLiteral("No sandbox endpoint at %1").arg(request.path)}},
                                404);
        } else if (FaultInjector::needsNormalAnswer(decision.fault)) {
            normal = provider->handle(endpoint, request);
        }
        const HttpReply reply = FaultInjector::apply(decision, endpoint, normal);
        QMetaObject::invokeMethod(
            this,
            [this, socket, responder, endpoint, reply] {
                answer(socket, responder, endpoint, reply);
            },
            Qt::QueuedConnection);
    });
}

void Sandbox::answer(const QPointer<QTcpSocket> &socket,
                     const std::shared_ptr<QHttpServerResponder> &responder,
                     const QString &endpoint, const HttpReply &reply)
{
    {
        QMutexLocker lock(&m_statsMutex);
        --m_inFlight[endpoint];
    }
    if (socket) {
        QHttpServerResponse response(reply.contentType, reply.body,
                                     QHttpServerResponse::StatusCode(reply.status));
        for (const auto &[name, value] : reply.headers)
            response.addHeader(name, value);
        response.write(std::move(*responder));
    }
    Q_EMIT requestServed(endpoint, reply.status);
}

void Sandbox::setFault(const QString &endpoint, Fault fault, int times, int param)
{
    m_faults->set(endpoint, fault, times, param);
}

void Sandbox::setFaultAfter(const QString &endpoint, int okRequestsFirst, Fault fault, int times,
                            int param)
{
    m_faults->setAfter(endpoint, okRequestsFirst, fault, times, param);
}

void Sandbox::clearFaults()
{
    m_faults->clear();
}

int Sandbox::requestCount(const QString &endpoint) const
{
    QMutexLocker lock(&m_statsMutex);
    if (!endpoint.isEmpty())
        return m_counts.value(endpoint);
    int total = 0;
    for (int count : m_counts)
        total += count;
    return total;
}

int Sandbox::maxConcurrent(const QString &endpoint) const
{
    QMutexLocker lock(&m_statsMutex);
    return m_maxInFlight.value(endpoint);
}

void Sandbox::resetCounters()
{
    QMutexLocker lock(&m_statsMutex);
    m_counts.clear();
    m_recent.clear();
    // Requests still in flight keep counting down; start the high-water marks from them.
    m_maxInFlight = m_inFlight;
}

void Sandbox::revokeAllTokens()
{
    m_context->tokens().revokeAll();
}

void Sandbox::setTokenLifetime(int seconds)
{
    m_context->setTokenLifetime(seconds);
}

void Sandbox::setLatency(int ms)
{
    m_context->setLatency(ms);
}

void Sandbox::setAutoApprove(bool on)
{
    m_context->setAutoApprove(on);
}

SandboxConfig Sandbox::config() const
{
    return m_context->config();
}

QString Sandbox::commvaultAccessToken() const
{
    return m_commvault->demoChain().accessToken;
}

QString Sandbox::commvaultRefreshToken() const
{
    return m_commvault->demoChain().refreshToken;
}

bool Sandbox::commvaultChainRevoked() const
{
    return m_commvault->demoChain().revoked;
}

QList<QJsonObject> Sandbox::lastRequests(const QString &endpoint) const
{
    QMutexLocker lock(&m_statsMutex);
    return m_recent.value(endpoint);
}

} // namespace tw::sandbox
