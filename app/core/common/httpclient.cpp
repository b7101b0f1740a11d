#include "common/httpclient.h"

#include "common/origin.h"
#include "common/retryafter.h"

#include <QCoreApplication>
#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QSslCertificate>
#include <QSslConfiguration>

namespace tw {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("HttpClient", text);
}

// A timer must never be handed a negative or overflowing interval.
int timerMs(qint64 ms)
{
    return int(std::clamp<qint64>(ms, 1, 24LL * 3600 * 1000));
}

bool isRedirect(int status)
{
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

bool isTokenChar(char c)
{
    // RFC 9110 §5.6.2 tchar.
    static const QByteArray extra("!#$%&'*+-.^_`|~");
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           extra.contains(c);
}

QString capitalised(QString text)
{
    if (!text.isEmpty())
        text[0] = text[0].toUpper();
    return text;
}

// Why a request may not go to `to` (coming from `from`, empty for the first hop).
std::optional<QPair<HttpReply::Failure, QString>> hopProblem(const QUrl &from, const QUrl &to,
                                                             const TransportOptions &transport)
{
    const QString scheme = to.scheme().toLower();
    if (!to.isValid() || to.host().isEmpty() ||
        (scheme != QLatin1String("http") && scheme != QLatin1String("https"))) {
        const QString shown = to.toString(QUrl::RemoveUserInfo | QUrl::RemoveQuery).left(200);
        return qMakePair(HttpReply::Failure::InvalidRequest,
                         from.isEmpty()
                             ? tr("Invalid URL \"%1\": only http:// and https:// URLs with a "
                                  "host can be used.")
                                   .arg(shown)
                             : tr("%1 redirected to \"%2\", which is not an http:// or https:// "
                                  "URL; not following it.")
                                   .arg(originOf(from), shown));
    }
    if (!from.isEmpty() &&
        from.scheme().compare(QLatin1String("https"), Qt::CaseInsensitive) == 0 &&
        scheme == QLatin1String("http"))
        return qMakePair(HttpReply::Failure::TransportRefused,
                         tr("Refused a redirect from https:// to plain HTTP (%1 to %2).")
                             .arg(originOf(from), originOf(to)));
    if (scheme == QLatin1String("http") && !isLoopbackHost(to.host()) &&
        !transport.allowInsecureHttp)
        return qMakePair(HttpReply::Failure::TransportRefused,
                         from.isEmpty()
                             ? tr("Refusing plain HTTP to %1: use https://, or allow insecure "
                                  "HTTP for this profile.")
                                   .arg(originOf(to))
                             : tr("Refused a redirect from %1 to plain HTTP at %2: use https://, "
                                  "or allow insecure HTTP for this profile.")
                                   .arg(originOf(from), originOf(to)));
    return std::nullopt;
}
} // namespace

bool isCredentialHeaderName(const QByteArray &name)
{
    const QByteArray n = name.trimmed().toLower();
    return n == "authorization" || n == "authtoken" || n == "cookie" ||
           n == "proxy-authorization" || n.contains("key") || n.contains("token") ||
           n.contains("auth") || n.contains("secret") || n.contains("password");
}

QString headerProblem(const QByteArray &name, const QByteArray &value)
{
    if (name.isEmpty())
        return tr("A header has no name.");
    for (const char c : name) {
        if (!isTokenChar(c))
            return tr("The header name \"%1\" is not valid: only letters, digits and "
                      "!#$%&'*+-.^_`|~ may be used.")
                .arg(QString::fromLatin1(name.left(60).toPercentEncoding()));
    }
    for (const char c : value) {
        if (c == '\r' || c == '\n' || c == '\0')
            return tr("The header \"%1\" contains a line break or NUL; it cannot be sent.")
                .arg(QString::fromLatin1(name.left(60)));
    }
    return {};
}

QByteArray HttpRequest::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

void HttpRequest::setHeader(const QByteArray &name, const QByteArray &value)
{
    removeHeader(name);
    headers.append({name, value});
}

void HttpRequest::removeHeader(const QByteArray &name)
{
    headers.removeIf(
        [&](const auto &h) { return h.first.compare(name, Qt::CaseInsensitive) == 0; });
}

QByteArray HttpReply::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

HttpClient::HttpClient(QObject *parent) : QObject(parent)
{
    laneFor(QString()); // the first pool exists from the start
}

int HttpClient::laneFor(const QString &origin)
{
    for (int i = 0; i < m_lanes.size(); ++i) {
        if (m_lanes.at(i).inFlight.value(origin) < kConnectionsPerLane)
            return i;
    }
    if (m_lanes.size() < kMaxLanes) {
        Lane lane;
        lane.manager = new QNetworkAccessManager(this);
        lane.manager->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
        m_lanes.append(lane);
        return int(m_lanes.size()) - 1;
    }
    // Every pool is busy: queue in the least loaded one (Qt queues per connection).
    int best = 0;
    for (int i = 1; i < m_lanes.size(); ++i) {
        if (m_lanes.at(i).inFlight.value(origin) < m_lanes.at(best).inFlight.value(origin))
            best = i;
    }
    return best;
}

QPointer<HttpCall> HttpClient::send(const HttpRequest &request, const TransportOptions &transport,
                                    QObject *context, Callback done)
{
    const QString origin = originOf(request.url);
    const int lane = laneFor(origin);
    ++m_lanes[lane].inFlight[origin];
    QPointer<HttpClient> self(this);
    auto *call = new HttpCall(m_lanes.at(lane).manager, request, transport, context,
                              std::move(done), [self, lane, origin] {
                                  if (self && --self->m_lanes[lane].inFlight[origin] <= 0)
                                      self->m_lanes[lane].inFlight.remove(origin);
                              });
    call->start();
    return call;
}

HttpCall::HttpCall(QNetworkAccessManager *manager, HttpRequest request, TransportOptions transport,
                   QObject *context, HttpClient::Callback done, std::function<void()> released)
    : QObject(manager), m_manager(manager), m_original(std::move(request)),
      m_transport(std::move(transport)), m_context(context), m_hasContext(context != nullptr),
      m_done(std::move(done)), m_released(std::move(released))
{
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, [this] {
        abortWith(HttpReply::Failure::Timeout, tr("No complete answer from %1 within %2 s.")
                                                   .arg(originOf(m_request.url))
                                                   .arg(m_transport.timeoutMs / 1000.0));
    });
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &HttpCall::attempt);
}

void HttpCall::start()
{
    m_timer.start();
    QString problem;
    for (const auto &[name, value] : m_original.headers) {
        problem = headerProblem(name, value);
        if (!problem.isEmpty())
            break;
    }
    // Report from the event loop, never synchronously inside send().
    if (!problem.isEmpty()) {
        QMetaObject::invokeMethod(
            this, [this, problem] { fail(HttpReply::Failure::InvalidRequest, problem); },
            Qt::QueuedConnection);
        return;
    }
    if (const auto refused = hopProblem({}, m_original.url, m_transport)) {
        // Copied by name, not by structured binding: clang 14 (the fuzz and sanitizer
        // builds) cannot capture a binding in a lambda.
        QMetaObject::invokeMethod(
            this, [this, refused = *refused] { fail(refused.first, refused.second); },
            Qt::QueuedConnection);
        return;
    }
    attempt();
}

void HttpCall::cancel()
{
    if (m_finished)
        return;
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
    fail(HttpReply::Failure::Cancelled, tr("Cancelled."));
}

void HttpCall::attempt()
{
    m_request = m_original;
    m_hops = 0;
    m_deadline.start(timerMs(m_transport.timeoutMs));
    issue();
}

void HttpCall::issue()
{
    QNetworkRequest req(m_request.url);
    req.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                     QNetworkRequest::ManualRedirectPolicy);
    // No cookie jar state: nothing a server sets travels with later requests on its own.
    req.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
    req.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    req.setTransferTimeout(timerMs(m_transport.timeoutMs));
    for (const auto &[name, value] : m_request.headers)
        req.setRawHeader(name, value);
    if (m_request.url.scheme() == QLatin1String("https")) {
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        if (!m_transport.verifyTls)
            ssl.setPeerVerifyMode(QSslSocket::VerifyNone);
        if (!m_transport.caFile.isEmpty())
            ssl.addCaCertificates(QSslCertificate::fromPath(m_transport.caFile, QSsl::Pem));
        req.setSslConfiguration(ssl);
    }
    m_body.clear();
    m_tooLarge = false;
    m_abortFailure = HttpReply::Failure::None;
    m_reply = m_manager->sendCustomRequest(req, m_request.method, m_request.body);
    connect(m_reply, &QNetworkReply::metaDataChanged, this, &HttpCall::onMetaDataChanged);
    connect(m_reply, &QNetworkReply::readyRead, this, &HttpCall::onReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &HttpCall::onFinished);
}

bool HttpCall::headersTooLarge(const QNetworkReply *reply) const
{
    qint64 headerBytes = 0;
    for (const auto &[name, value] : reply->rawHeaderPairs())
        headerBytes += name.size() + value.size() + 4;
    return headerBytes > m_request.maxHeaderBytes;
}

QString HttpCall::headersTooLargeText() const
{
    return tr("%1 sent more than %2 KB of response headers; the answer was not read.")
        .arg(originOf(m_request.url))
        .arg(m_request.maxHeaderBytes / 1024);
}

void HttpCall::onMetaDataChanged()
{
    if (headersTooLarge(m_reply))
        abortWith(HttpReply::Failure::HeadersTooLarge, headersTooLargeText());
}

void HttpCall::onReadyRead()
{
    if (m_firstByteMs < 0)
        m_firstByteMs = m_timer.elapsed();
    if (m_tooLarge || !m_reply || !m_reply->isOpen())
        return;
    // Large answers (the console's) arrive on the UI thread: read straight into the body,
    // sized from Content-Length, instead of readAll() + append (two copies, reallocations).
    if (m_body.isEmpty()) {
        bool known = false;
        const qint64 length =
            m_reply->header(QNetworkRequest::ContentLengthHeader).toLongLong(&known);
        if (known && length > 0)
            m_body.reserve(qsizetype(std::min(length, m_request.maxBodyBytes + 1)));
    }
    const qint64 available = m_reply->bytesAvailable();
    if (available <= 0)
        return;
    const qsizetype before = m_body.size();
    m_body.resize(before + qsizetype(available));
    const qint64 got = m_reply->read(m_body.data() + before, available);
    m_body.resize(before + qsizetype(std::max<qint64>(got, 0)));
    if (m_body.size() > m_request.maxBodyBytes) {
        m_tooLarge = true;
        m_body.truncate(m_request.maxBodyBytes);
        m_reply->abort();
    }
}

void HttpCall::abortWith(HttpReply::Failure failure, const QString &text)
{
    if (m_finished)
        return;
    m_abortFailure = failure;
    m_abortText = text;
    if (m_reply)
        m_reply->abort(); // finished() follows and reports the failure
    else
        fail(failure, text);
}

void HttpCall::onFinished()
{
    QNetworkReply *reply = m_reply;
    reply->disconnect(this);
    reply->deleteLater();
    m_reply.clear();
    if (m_abortFailure != HttpReply::Failure::None) {
        fail(m_abortFailure, m_abortText);
        return;
    }
    // metaDataChanged() does not come for every answer that arrives in one piece.
    if (headersTooLarge(reply)) {
        fail(HttpReply::Failure::HeadersTooLarge, headersTooLargeText());
        return;
    }
    // Qt 6.4 drops *every* header of an answer whose header block breaks its own limits
    // (about 100 fields, 100 KB a field) and still hands over status and body. Such an
    // answer, like one without a single header, is not one to trust.
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status > 0 && reply->rawHeaderPairs().isEmpty()) {
        fail(HttpReply::Failure::HeadersTooLarge,
             tr("%1 sent no readable response headers (too many or too large, or none at "
                "all); the answer was not used.")
                 .arg(originOf(m_request.url)));
        return;
    }
    if (!m_tooLarge && reply->isOpen()) {
        m_body += reply->readAll();
        if (m_body.size() > m_request.maxBodyBytes) {
            m_tooLarge = true;
            m_body.truncate(m_request.maxBodyBytes);
        }
    }

    HttpReply out;
    out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    for (const auto &pair : reply->rawHeaderPairs())
        out.headers.append(pair);
    out.finalUrl = m_request.url;
    out.bodyTooLarge = m_tooLarge;
    out.firstByteMs = m_firstByteMs;
    if (out.status == 0 && !m_tooLarge) {
        out.failure = HttpReply::Failure::Network;
        out.networkError = reply->error();
        out.networkErrorText = reply->errorString();
    }
    out.body = std::move(m_body);

    if (isRedirect(out.status) && followRedirect(out))
        return;
    if ((out.status == 429 || out.status == 503) && retryLater(out))
        return;
    finish(std::move(out));
}

bool HttpCall::followRedirect(const HttpReply &answer)
{
    const QByteArray location = answer.header("Location").trimmed();
    if (location.isEmpty())
        return false; // an answer like any other
    QUrl next = m_request.url.resolved(QUrl::fromEncoded(location));
    next.setUserInfo({});
    if (++m_hops > m_request.maxRedirects) {
        fail(HttpReply::Failure::RedirectRefused,
             tr("Too many redirects (more than %1).").arg(m_request.maxRedirects));
        return true;
    }
    if (const auto refused = hopProblem(m_request.url, next, m_transport)) {
        // A redirect we will not follow is an unusable answer (the request itself was fine).
        fail(HttpReply::Failure::RedirectRefused, refused->second);
        return true;
    }
    const QString purpose = m_request.purpose.isEmpty() ? tr("the server") : m_request.purpose;
    if (!sameOrigin(m_request.url, next)) {
        if (m_request.carriesCredential) {
            fail(HttpReply::Failure::RedirectRefused,
                 tr("%1 %2 redirected to %3; not following it with your credentials.")
                     .arg(capitalised(purpose), originOf(m_request.url), originOf(next)));
            return true;
        }
        if ((answer.status == 307 || answer.status == 308) && !m_request.body.isEmpty()) {
            fail(HttpReply::Failure::RedirectRefused,
                 tr("%1 %2 answered %3 to send the request body again to %4; refused, the "
                    "body stays with its origin.")
                     .arg(capitalised(purpose), originOf(m_request.url))
                     .arg(answer.status)
                     .arg(originOf(next)));
            return true;
        }
        // Credentials belong to the profile's origin only.
        m_request.headers.removeIf([this](const auto &h) {
            return isCredentialHeaderName(h.first) ||
                   std::any_of(m_request.secretHeaders.cbegin(), m_request.secretHeaders.cend(),
                               [&h](const QByteArray &secret) {
                                   return secret.compare(h.first, Qt::CaseInsensitive) == 0;
                               });
        });
    }
    if ((answer.status == 303 && m_request.method != "HEAD") ||
        ((answer.status == 301 || answer.status == 302) && m_request.method == "POST")) {
        m_request.method = "GET";
        m_request.body.clear();
        m_request.removeHeader("Content-Type");
        m_request.removeHeader("Content-Length");
    }
    m_request.url = next;
    issue();
    return true;
}

bool HttpCall::retryLater(HttpReply &answer)
{
    answer.retryAfterSec =
        parseRetryAfter(answer.header("Retry-After"), QDateTime::currentDateTimeUtc());
    if (m_rateLimitWaits >= m_original.maxRateLimitRetries)
        return false;
    // Without Retry-After: back off 1 s, 2 s, 4 s (Druva documents no header).
    const qint64 seconds =
        answer.retryAfterSec.value_or(qint64(1) << std::min(m_rateLimitWaits, 6));
    if (seconds > m_original.maxRetryAfterSec) {
        // Not waited: say when the server wants to be asked again.
        answer.failure = HttpReply::Failure::RetryAfterTooLong;
        answer.networkErrorText =
            tr("%1 asked to be called again in %2 s (at %3); not waiting longer than %4 s.")
                .arg(originOf(m_request.url))
                .arg(seconds)
                .arg(QDateTime::currentDateTime().addSecs(seconds).toString(Qt::ISODate))
                .arg(m_original.maxRetryAfterSec);
        return false;
    }
    ++m_rateLimitWaits;
    m_deadline.stop();
    Q_EMIT waiting(seconds);
    m_retryTimer.start(timerMs(seconds * 1000));
    return true;
}

void HttpCall::fail(HttpReply::Failure failure, const QString &text, int status)
{
    HttpReply reply;
    reply.status = status;
    reply.failure = failure;
    reply.networkErrorText = text;
    reply.finalUrl = m_request.url.isEmpty() ? m_original.url : m_request.url;
    reply.firstByteMs = m_firstByteMs;
    switch (failure) {
    case HttpReply::Failure::Timeout:
        reply.networkError = QNetworkReply::TimeoutError;
        break;
    case HttpReply::Failure::Cancelled:
        reply.networkError = QNetworkReply::OperationCanceledError;
        break;
    case HttpReply::Failure::TransportRefused:
        reply.networkError = QNetworkReply::InsecureRedirectError;
        break;
    case HttpReply::Failure::RedirectRefused:
        reply.networkError = QNetworkReply::TooManyRedirectsError;
        break;
    default:
        reply.networkError = QNetworkReply::ProtocolFailure;
        break;
    }
    finish(std::move(reply));
}

void HttpCall::finish(HttpReply reply)
{
    if (m_finished)
        return;
    m_finished = true;
    m_deadline.stop();
    m_retryTimer.stop();
    reply.totalMs = m_timer.elapsed();
    reply.rateLimitWaits = m_rateLimitWaits;
    if (auto released = std::exchange(m_released, {}))
        released();
    auto done = std::move(m_done);
    const bool contextAlive = !m_hasContext || m_context;
    deleteLater();
    if (done && contextAlive)
        done(reply);
}

} // namespace tw
