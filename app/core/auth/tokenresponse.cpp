#include "auth/tokenresponse.h"

#include "common/redact.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <cmath>
#include <tuple>

namespace tw::TokenResponse {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("TokenResponse", text);
}

constexpr qint64 kTenYearsSec = 10LL * 366 * 24 * 3600;

Error make(Error::Code code, const QString &message, int status = 0, const QString &detail = {})
{
    Error e;
    e.code = code;
    e.message = message;
    e.httpStatus = status;
    e.detail = detail;
    return e;
}

QString hostOf(const HttpReply &reply)
{
    return reply.finalUrl.host().isEmpty() ? tr("the server") : reply.finalUrl.host();
}

const QSet<QString> &knownTokenFields()
{
    static const QSet<QString> fields{QStringLiteral("access_token"), QStringLiteral("token_type"),
                                      QStringLiteral("expires_in"), QStringLiteral("scope"),
                                      QStringLiteral("refresh_token")};
    return fields;
}

// Fills the server's own reason from the error body conventions we know.
void readServerReason(const QJsonObject &body, Error &error)
{
    auto text = [&](const char *key) {
        return body.value(QLatin1String(key)).toVariant().toString();
    };
    if (body.contains(QLatin1String("error")) && body.value(QLatin1String("error")).isString()) {
        error.oauthError = text("error");
        error.oauthDescription = text("error_description");
    } else if (body.contains(QLatin1String("code")) || body.contains(QLatin1String("message"))) {
        error.oauthError = text("code");
        error.oauthDescription = text("message");
    } else if (body.contains(QLatin1String("errorMessage"))) {
        error.oauthError = text("errorCode");
        error.oauthDescription = text("errorMessage");
    } else if (body.value(QLatin1String("errList")).isArray()) {
        const QJsonArray list = body.value(QLatin1String("errList")).toArray();
        if (!list.isEmpty())
            error.oauthDescription =
                list.first().toObject().value(QLatin1String("errLogMessage")).toString();
        if (body.value(QLatin1String("isAccountLocked")).toBool())
            error.oauthError = QStringLiteral("account_locked");
    } else if (body.value(QLatin1String("error")).isObject()) {
        const QJsonObject inner = body.value(QLatin1String("error")).toObject();
        error.oauthError = inner.value(QLatin1String("errorCode")).toVariant().toString();
        error.oauthDescription = inner.value(QLatin1String("errorMessage")).toString();
    }
    error.oauthError = sanitizeServerText(redactTokenLikeRuns(error.oauthError)).left(100);
    error.oauthDescription =
        sanitizeServerText(redactTokenLikeRuns(error.oauthDescription)).left(300);
}

QString statusMeaning(int status)
{
    switch (status) {
    case 400:
        return tr("the request was rejected");
    case 401:
        return tr("the credentials were refused");
    case 403:
        return tr("access is forbidden (for Druva this also means an expired token)");
    case 404:
        return tr("not found");
    case 405:
        return tr("method not allowed: check the URL");
    case 429:
        return tr("too many requests");
    case 500:
        return tr("the server had an internal error");
    case 502:
        return tr("bad gateway");
    case 503:
        return tr("the service is unavailable");
    case 504:
        return tr("gateway timeout");
    default:
        return {};
    }
}
} // namespace

qint64 expirySkewSec(qint64 lifetimeSec)
{
    return std::min<qint64>(10, lifetimeSec / 20);
}

std::optional<qint64> parseExpiresIn(const QJsonValue &value, QString *warning)
{
    auto warn = [&](const QString &text) {
        if (warning)
            *warning = text;
        return std::nullopt;
    };
    if (value.isUndefined() || value.isNull())
        return warn(tr("The server sent no expires_in: the lifetime is unknown, so there is no "
                       "countdown and no auto-refresh."));
    double seconds = 0;
    if (value.isDouble()) {
        seconds = value.toDouble();
    } else if (value.isString()) {
        bool ok = false;
        seconds = value.toString().trimmed().toDouble(&ok);
        if (!ok)
            return warn(tr("expires_in \"%1\" is not a number: the lifetime is unknown.")
                            .arg(value.toString().left(20)));
    } else {
        return warn(tr("expires_in is not a number: the lifetime is unknown."));
    }
    if (!std::isfinite(seconds))
        return warn(tr("expires_in is not a finite number: not trusted, the lifetime is unknown."));
    if (seconds <= 0)
        return warn(tr("expires_in is %1: not trusted, the lifetime is unknown.").arg(seconds));
    // Shown as a double: 1e308 does not fit a qint64 (converting it is undefined behaviour).
    if (seconds > kTenYearsSec)
        return warn(tr("expires_in is %1 s (more than ten years): not trusted, the lifetime is "
                       "unknown.")
                        .arg(seconds, 0, 'g', 15));
    return qint64(seconds + 0.5);
}

Result<QJsonObject> jsonObject(const HttpReply &reply, const QString &what)
{
    if (reply.bodyTooLarge)
        return make(Error::Code::BadResponse,
                    tr("The answer to the %1 was larger than expected and was not read.").arg(what),
                    reply.status);
    if (reply.body.trimmed().isEmpty())
        return make(Error::Code::BadResponse, tr("The %1 got an empty answer.").arg(what),
                    reply.status);
    if (looksLikeHtml(reply.body))
        return make(Error::Code::BadResponse,
                    tr("The %1 got %2 instead of JSON (often a proxy or login page).")
                        .arg(what, safeSnippet(reply.body)),
                    reply.status);
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(reply.body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        const bool cutOff = parseError.offset >= reply.body.trimmed().size() - 1;
        if (cutOff)
            return make(Error::Code::BadResponse,
                        tr("The answer to the %1 was cut off (incomplete JSON after %2 bytes).")
                            .arg(what)
                            .arg(reply.body.size()),
                        reply.status, safeSnippet(reply.body));
        return make(Error::Code::BadResponse,
                    tr("The answer to the %1 is not valid JSON (%2 at byte %3).")
                        .arg(what, parseError.errorString())
                        .arg(parseError.offset),
                    reply.status, safeSnippet(reply.body));
    }
    if (!doc.isObject())
        return make(Error::Code::BadResponse,
                    tr("The answer to the %1 is JSON but not an object.").arg(what), reply.status,
                    safeSnippet(reply.body));
    return doc.object();
}

Error errorFromReply(const HttpReply &reply, const QString &what)
{
    if (!reply.hasHttpAnswer()) {
        const QString text = sanitizeServerText(reply.networkErrorText);
        switch (reply.failure) {
        case HttpReply::Failure::Cancelled:
            return make(Error::Code::Cancelled, tr("The %1 was cancelled.").arg(what));
        case HttpReply::Failure::Timeout:
            return make(Error::Code::Network, tr("The %1 timed out: %2").arg(what, text));
        case HttpReply::Failure::RedirectRefused:
        case HttpReply::Failure::HeadersTooLarge:
            return make(Error::Code::BadResponse, text);
        case HttpReply::Failure::TransportRefused:
            return make(Error::Code::Refused, text);
        case HttpReply::Failure::InvalidRequest:
            return make(Error::Code::InvalidInput, text);
        case HttpReply::Failure::None:
        case HttpReply::Failure::Network:
        case HttpReply::Failure::RetryAfterTooLong:
            break;
        }
        return make(Error::Code::Network, tr("The %1 could not reach %2: %3")
                                              .arg(what, hostOf(reply), redactTokenLikeRuns(text)));
    }
    Error error = make(Error::Code::Http, {}, reply.status);
    const QString meaning = statusMeaning(reply.status);
    // A 429/503 whose Retry-After was longer than we wait says when to come back.
    const QString retryNote = reply.failure == HttpReply::Failure::RetryAfterTooLong
                                  ? QStringLiteral(". ") + reply.networkErrorText
                                  : QString();
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(reply.body, &parseError);
    if (parseError.error == QJsonParseError::NoError && doc.isObject()) {
        readServerReason(doc.object(), error);
        if (!error.oauthError.isEmpty() || !error.oauthDescription.isEmpty()) {
            error.code = Error::Code::OAuth;
            error.message = (meaning.isEmpty() ? tr("The %1 failed").arg(what)
                                               : tr("The %1 failed: %2").arg(what, meaning)) +
                            retryNote;
            return error;
        }
    }
    error.message = (meaning.isEmpty() ? tr("The %1 failed").arg(what)
                                       : tr("The %1 failed: %2").arg(what, meaning)) +
                    retryNote;
    if (!reply.body.trimmed().isEmpty())
        error.detail = looksLikeHtml(reply.body)
                           ? tr("the server sent %1").arg(safeSnippet(reply.body))
                           : safeSnippet(reply.body);
    return error;
}

Result<Token> parseOAuth(const HttpReply &reply, const QDateTime &sentAt)
{
    const QString what = tr("token request");
    if (!reply.isSuccess())
        return errorFromReply(reply, what);
    auto object = jsonObject(reply, what);
    if (!object)
        return object.error();
    const QJsonObject json = object.value();
    const QJsonValue access = json.value(QLatin1String("access_token"));
    if (!access.isString() || access.toString().isEmpty()) {
        QStringList keys = json.keys();
        for (QString &k : keys)
            k = k.left(40);
        return make(Error::Code::BadResponse,
                    access.isUndefined()
                        ? tr("The token endpoint answered %1 without an access_token (fields: %2).")
                              .arg(reply.status)
                              .arg(keys.isEmpty() ? tr("none") : keys.join(QLatin1String(", ")))
                        : tr("The token endpoint answered with an access_token that is not a "
                             "non-empty string."),
                    reply.status);
    }
    Token token;
    token.accessToken = access.toString();
    token.tokenType = json.value(QLatin1String("token_type")).toString();
    token.scope = json.value(QLatin1String("scope")).toString();
    token.refreshToken = json.value(QLatin1String("refresh_token")).toString();
    // Values from the server are data: only what can safely go into a header is accepted.
    for (const auto &[field, present, value] :
         {std::tuple{QStringLiteral("access_token"), true, token.accessToken},
          std::tuple{QStringLiteral("token_type"), json.contains(QLatin1String("token_type")),
                     json.value(QLatin1String("token_type")).toVariant().toString()},
          std::tuple{QStringLiteral("refresh_token"),
                     json.contains(QLatin1String("refresh_token")) &&
                         !json.value(QLatin1String("refresh_token")).isNull(),
                     json.value(QLatin1String("refresh_token")).toVariant().toString()}}) {
        if (!present)
            continue;
        if (const QString problem = tokenValueProblem(value, field); !problem.isEmpty())
            return make(Error::Code::BadResponse, problem, reply.status);
    }
    token.obtainedAt = sentAt.toUTC();
    token.expiresInSec = parseExpiresIn(json.value(QLatin1String("expires_in")), &token.warning);
    if (token.expiresInSec)
        token.expiresAt =
            token.obtainedAt.addSecs(*token.expiresInSec - expirySkewSec(*token.expiresInSec));
    if (!token.tokenType.isEmpty() && !token.isBearer())
        token.warning = tr("token_type is \"%1\", not bearer; it is sent as a Bearer token.")
                            .arg(token.tokenType.left(30));
    for (auto it = json.begin(); it != json.end(); ++it) {
        if (!knownTokenFields().contains(it.key()))
            token.extra.insert(it.key(), redactJson(it.value()));
    }
    return token;
}

bool isInvalidClient(const Error &error)
{
    return error.oauthError == QLatin1String("invalid_client") ||
           (error.httpStatus == 401 && error.oauthError.isEmpty());
}

} // namespace tw::TokenResponse
