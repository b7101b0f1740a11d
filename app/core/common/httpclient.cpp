#include "common/httpclient.h"

#include <QCoreApplication>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QSslCertificate>
#include <QSslConfiguration>

namespace tw {

namespace {
int defaultPort(const QUrl &url)
{
    return url.port(url.scheme().compare(QLatin1String("https"), Qt::CaseInsensitive) == 0 ? 443
                                                                                           : 80);
}

bool isCredentialHeader(const QByteArray &name)
{
    const QByteArray n = name.toLower();
    return n == "authorization" || n == "authtoken" || n == "cookie";
}
} // namespace

bool sameOrigin(const QUrl &a, const QUrl &b)
{
    return a.scheme().compare(b.scheme(), Qt::CaseInsensitive) == 0 &&
           a.host().compare(b.host(), Qt::CaseInsensitive) == 0 && defaultPort(a) == defaultPort(b);
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

HttpClient::HttpClient(QObject *parent)
    : QObject(parent), m_manager(new QNetworkAccessManager(this))
{
    m_manager->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
}

QPointer<HttpCall> HttpClient::send(const HttpRequest &request, const TlsOptions &tls,
                                    QObject *context, Callback done)
{
    auto *call = new HttpCall(m_manager, request, tls, context, std::move(done));
    call->start();
    return call;
}

HttpCall::HttpCall(QNetworkAccessManager *manager, HttpRequest request, TlsOptions tls,
                   QObject *context, HttpClient::Callback done)
    : QObject(manager), m_manager(manager), m_request(std::move(request)), m_tls(std::move(tls)),
      m_context(context), m_hasContext(context != nullptr), m_done(std::move(done))
{
}

void HttpCall::start()
{
    m_timer.start();
    if (!m_request.url.isValid() || m_request.url.host().isEmpty() ||
        (m_request.url.scheme() != QLatin1String("http") &&
         m_request.url.scheme() != QLatin1String("https"))) {
        HttpReply reply;
        reply.networkError = QNetworkReply::ProtocolUnknownError;
        reply.networkErrorText = tr("Invalid URL \"%1\": only http:// and https:// URLs with a "
                                    "host can be used.")
                                     .arg(m_request.url.toString(QUrl::RemoveUserInfo));
        // Report from the event loop, never synchronously inside send().
        QMetaObject::invokeMethod(
            this, [this, reply] { finish(reply); }, Qt::QueuedConnection);
        return;
    }
    issue();
}

void HttpCall::cancel()
{
    if (m_finished)
        return;
    HttpReply reply;
    reply.networkError = QNetworkReply::OperationCanceledError;
    reply.networkErrorText = tr("Cancelled.");
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
    finish(reply);
}

void HttpCall::issue()
{
    QNetworkRequest req(m_request.url);
    req.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                     QNetworkRequest::ManualRedirectPolicy);
    req.setTransferTimeout(m_request.timeoutMs);
    for (const auto &[name, value] : m_request.headers)
        req.setRawHeader(name, value);
    if (m_request.url.scheme() == QLatin1String("https")) {
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        if (!m_tls.verify)
            ssl.setPeerVerifyMode(QSslSocket::VerifyNone);
        if (!m_tls.caFile.isEmpty()) {
            const auto certs = QSslCertificate::fromPath(m_tls.caFile, QSsl::Pem);
            ssl.addCaCertificates(certs);
        }
        req.setSslConfiguration(ssl);
    }
    m_body.clear();
    m_tooLarge = false;
    m_reply = m_manager->sendCustomRequest(req, m_request.method, m_request.body);
    connect(m_reply, &QNetworkReply::readyRead, this, [this] {
        if (m_firstByteMs < 0)
            m_firstByteMs = m_timer.elapsed();
        if (m_tooLarge)
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
        const qsizetype before = m_body.size();
        m_body.resize(before + qsizetype(available));
        const qint64 got = m_reply->read(m_body.data() + before, available);
        m_body.resize(before + qsizetype(std::max<qint64>(got, 0)));
        if (m_body.size() > m_request.maxBodyBytes) {
            m_tooLarge = true;
            m_body.truncate(m_request.maxBodyBytes);
            m_reply->abort();
        }
    });
    connect(m_reply, &QNetworkReply::finished, this, &HttpCall::onFinished);
}

void HttpCall::onFinished()
{
    QNetworkReply *reply = m_reply;
    reply->deleteLater();
    if (!m_tooLarge)
        m_body += reply->readAll();

    HttpReply out;
    out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    for (const auto &pair : reply->rawHeaderPairs())
        out.headers.append(pair);
    out.finalUrl = m_request.url;
    out.bodyTooLarge = m_tooLarge;
    out.firstByteMs = m_firstByteMs;
    if (out.status == 0 && !m_tooLarge) {
        out.networkError = reply->error();
        out.networkErrorText = reply->errorString();
        if (reply->error() == QNetworkReply::OperationCanceledError)
            out.networkErrorText = tr("Timed out after %1 s.").arg(m_request.timeoutMs / 1000.0);
    }
    out.body = std::move(m_body);

    const bool redirect = out.status == 301 || out.status == 302 || out.status == 303 ||
                          out.status == 307 || out.status == 308;
    const QByteArray location = out.header("Location");
    if (redirect && !location.isEmpty()) {
        const QUrl next = m_request.url.resolved(QUrl::fromEncoded(location));
        if (++m_hops > m_request.maxRedirects) {
            out.networkError = QNetworkReply::TooManyRedirectsError;
            out.networkErrorText =
                tr("Too many redirects (more than %1).").arg(m_request.maxRedirects);
            out.status = 0;
            finish(out);
            return;
        }
        if (m_request.url.scheme() == QLatin1String("https") &&
            next.scheme() != QLatin1String("https")) {
            out.networkError = QNetworkReply::InsecureRedirectError;
            out.networkErrorText =
                tr("Refused a redirect from https:// to %1.")
                    .arg(next.toString(QUrl::RemoveUserInfo | QUrl::RemoveQuery));
            out.status = 0;
            finish(out);
            return;
        }
        if (!sameOrigin(m_request.url, next)) {
            // Credentials belong to the profile's origin only.
            m_request.headers.removeIf([](const auto &h) { return isCredentialHeader(h.first); });
        }
        if (out.status == 303 ||
            ((out.status == 301 || out.status == 302) && m_request.method == "POST")) {
            m_request.method = "GET";
            m_request.body.clear();
            m_request.removeHeader("Content-Type");
        }
        m_request.url = next;
        issue();
        return;
    }
    finish(out);
}

void HttpCall::finish(HttpReply reply)
{
    if (m_finished)
        return;
    m_finished = true;
    reply.totalMs = m_timer.elapsed();
    auto done = std::move(m_done);
    const bool contextAlive = !m_hasContext || m_context;
    deleteLater();
    if (done && contextAlive)
        done(reply);
}

} // namespace tw
