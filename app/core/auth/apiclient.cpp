#include "auth/apiclient.h"

#include "auth/authmanager.h"
#include "auth/tokenrequest.h"
#include "auth/transportpolicy.h"
#include "common/replyerror.h"
#include "msp/customer.h"
#include "profiles/profilestore.h"

#include <QCoreApplication>
#include <QUrlQuery>
#include <climits>

namespace tw {

ApiClient::ApiClient(AuthManager *manager, QObject *parent) : QObject(parent), m_manager(manager) {}

QPointer<ApiCall> ApiClient::send(const QUuid &profileId, const ApiRequest &request,
                                  QObject *context, Callback done)
{
    auto *call = new ApiCall(m_manager, this, profileId, request, context, std::move(done));
    call->start();
    return call;
}

Result<QUrl> ApiClient::resolve(const Profile &profile, const QString &pathOrUrl,
                                const QList<QPair<QString, QString>> &query)
{
    QUrl url;
    const QString text = pathOrUrl.trimmed();
    if (text.startsWith(QLatin1String("http://"), Qt::CaseInsensitive) ||
        text.startsWith(QLatin1String("https://"), Qt::CaseInsensitive)) {
        url = QUrl(text, QUrl::StrictMode);
    } else {
        if (profile.apiBase.isEmpty()) {
            return Error::make(
                Error::Code::InvalidInput,
                tr("Profile \"%1\" has no API base URL; give an absolute URL.").arg(profile.name));
        }
        QString path = text;
        QString inlineQuery;
        if (const auto q = path.indexOf(QLatin1Char('?')); q >= 0) {
            inlineQuery = path.mid(q + 1);
            path.truncate(q);
        }
        url = TokenRequest::appendPath(profile.apiBase, path);
        if (!inlineQuery.isEmpty())
            url.setQuery(inlineQuery, QUrl::TolerantMode);
    }
    if (!url.isValid() || url.host().isEmpty()) {
        return Error::make(Error::Code::InvalidInput,
                           tr("\"%1\" is not a valid path or URL.").arg(text.left(200)));
    }
    if (!query.isEmpty()) {
        QUrlQuery q(url);
        for (const auto &[key, value] : query)
            q.addQueryItem(QString::fromLatin1(QUrl::toPercentEncoding(key)),
                           QString::fromLatin1(QUrl::toPercentEncoding(value)));
        url.setQuery(q);
    }
    if (auto refused = TransportPolicy::checkCredentialTarget(profile, url))
        return *refused;
    return url;
}

ApiCall::ApiCall(AuthManager *manager, ApiClient *client, const QUuid &profileId,
                 ApiRequest request, QObject *context, ApiClient::Callback done)
    : QObject(client), m_manager(manager), m_client(client), m_profileId(profileId),
      m_request(std::move(request)), m_context(context), m_done(std::move(done))
{
}

void ApiCall::start()
{
    const auto profile = m_manager->profileStore()->find(m_profileId);
    if (!profile) {
        const Error e = Error::make(Error::Code::NotFound, tr("The profile no longer exists."));
        QMetaObject::invokeMethod(
            this, [this, e] { finish(e); }, Qt::QueuedConnection);
        return;
    }
    auto url = ApiClient::resolve(*profile, m_request.path, m_request.query);
    if (!url) {
        const Error e = url.error();
        QMetaObject::invokeMethod(
            this, [this, e] { finish(e); }, Qt::QueuedConnection);
        return;
    }
    m_outcome.url = url.value();
    m_session = m_manager->session(m_profileId, m_request.customerId);
    if (!m_session) {
        const QString idProblem = Customer::idProblem(m_request.customerId);
        const Error e =
            Error::make(Error::Code::InvalidInput,
                        mintsCustomerTokens(profile->kind) && !idProblem.isEmpty()
                            ? idProblem
                            : tr("Profile \"%1\" cannot mint customer tokens.").arg(profile->name));
        QMetaObject::invokeMethod(
            this, [this, e] { finish(e); }, Qt::QueuedConnection);
        return;
    }
    withToken();
}

void ApiCall::cancel()
{
    if (m_finished)
        return;
    if (m_http)
        m_http->cancel();
    const Error e = Error::make(Error::Code::Cancelled, tr("The request was cancelled."));
    finish(e);
}

void ApiCall::withToken()
{
    if (!m_session) {
        const Error e = Error::make(Error::Code::NotFound, tr("The profile's session ended."));
        finish(e);
        return;
    }
    m_session->requestToken(this, [this](Result<Token> token) {
        if (!token) {
            Error e = token.error();
            e.message = tr("Could not get a token: %1").arg(e.message);
            finish(e);
            return;
        }
        sendWith(token.value());
    });
}

void ApiCall::sendWith(const Token &token)
{
    const auto profile = m_manager->profileStore()->find(m_profileId);
    if (!profile) {
        const Error e = Error::make(Error::Code::NotFound, tr("The profile no longer exists."));
        finish(e);
        return;
    }
    HttpRequest request;
    request.method = m_request.method.toUpper();
    request.url = m_outcome.url;
    request.headers = m_request.headers;
    request.body = m_request.body;
    request.purpose = tr("the API");
    request.secretHeaders = m_request.secretHeaders;
    request.maxBodyBytes = m_request.maxBodyBytes;
    request.maxRateLimitRetries =
        std::max(0, m_client->maxRateLimitRetries - m_outcome.rateLimitWaits);
    request.maxRetryAfterSec = m_client->maxRetryAfterSec;
    if (token.tokenType == QLatin1String("QSDK"))
        request.setHeader("Authtoken", token.accessToken.toUtf8());
    else
        request.setHeader("Authorization", "Bearer " + token.accessToken.toUtf8());
    if (request.header("Accept").isEmpty())
        request.setHeader("Accept", "application/json");
    m_outcome.sent = request;
    ++m_outcome.attempts;
    TransportOptions transport = m_manager->transport(*profile);
    if (m_request.timeoutMs > 0)
        transport.timeoutMs = m_request.timeoutMs;
    m_http = m_manager->http()->send(
        request, transport, this, [this, token](const HttpReply &reply) { onReply(token, reply); });
    if (m_http)
        connect(m_http, &HttpCall::waiting, this, [this](qint64 seconds) {
            Q_EMIT waiting(int(std::min<qint64>(seconds, INT_MAX)));
        });
}

void ApiCall::onReply(const Token &token, const HttpReply &reply)
{
    if (m_finished)
        return;
    // Each wait was followed by another attempt on the wire.
    m_outcome.rateLimitWaits += reply.rateLimitWaits;
    m_outcome.attempts += reply.rateLimitWaits;
    if (!reply.hasHttpAnswer() || reply.failure == HttpReply::Failure::RetryAfterTooLong) {
        finish(errorFromReply(reply, tr("request")));
        return;
    }
    const auto profile = m_manager->profileStore()->find(m_profileId);
    const bool druva = profile && treats403AsExpired(profile->kind);
    const bool tokenRefused = reply.status == 401 || (druva && reply.status == 403);
    if (tokenRefused && !m_refetched && m_session) {
        // The token died early (revoked, server restarted, clock skew): one new one, one retry.
        m_refetched = true;
        ++m_outcome.tokenRefetches;
        m_session->invalidate(token.accessToken);
        withToken();
        return;
    }
    m_outcome.reply = reply;
    finish(m_outcome);
}

void ApiCall::finish(Result<ApiOutcome> result)
{
    if (m_finished)
        return;
    if (!result)
        result = m_manager->redact(result.error());
    m_finished = true;
    auto done = std::move(m_done);
    const bool alive = m_context.alive();
    deleteLater();
    if (done && alive)
        done(result);
}

} // namespace tw
