#include "common/replyerror.h"

#include "common/redact.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>

namespace tw {

namespace {
QString tr(const char *text)
{
    // The context these texts were translated under before they moved here.
    return QCoreApplication::translate("TokenResponse", text);
}

QString hostOf(const HttpReply &reply)
{
    return reply.finalUrl.host().isEmpty() ? tr("the server") : reply.finalUrl.host();
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

Result<QJsonObject> jsonObject(const HttpReply &reply, const QString &what)
{
    if (reply.bodyTooLarge)
        return Error::make(
            Error::Code::BadResponse,
            tr("The answer to the %1 was larger than expected and was not read.").arg(what), {},
            reply.status);
    if (reply.body.trimmed().isEmpty())
        return Error::make(Error::Code::BadResponse, tr("The %1 got an empty answer.").arg(what),
                           {}, reply.status);
    if (looksLikeHtml(reply.body))
        return Error::make(Error::Code::BadResponse,
                           tr("The %1 got %2 instead of JSON (often a proxy or login page).")
                               .arg(what, safeSnippet(reply.body)),
                           {}, reply.status);
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(reply.body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        const bool cutOff = parseError.offset >= reply.body.trimmed().size() - 1;
        if (cutOff)
            return Error::make(
                Error::Code::BadResponse,
                tr("The answer to the %1 was cut off (incomplete JSON after %2 bytes).")
                    .arg(what)
                    .arg(reply.body.size()),
                safeSnippet(reply.body), reply.status);
        return Error::make(Error::Code::BadResponse,
                           tr("The answer to the %1 is not valid JSON (%2 at byte %3).")
                               .arg(what, parseError.errorString())
                               .arg(parseError.offset),
                           safeSnippet(reply.body), reply.status);
    }
    if (!doc.isObject())
        return Error::make(Error::Code::BadResponse,
                           tr("The answer to the %1 is JSON but not an object.").arg(what),
                           safeSnippet(reply.body), reply.status);
    return doc.object();
}

Error errorFromReply(const HttpReply &reply, const QString &what)
{
    if (!reply.hasHttpAnswer()) {
        const QString text = sanitizeServerText(reply.networkErrorText);
        switch (reply.failure) {
        case HttpReply::Failure::Cancelled:
            return Error::make(Error::Code::Cancelled, tr("The %1 was cancelled.").arg(what));
        case HttpReply::Failure::Timeout:
            return Error::make(Error::Code::Network, tr("The %1 timed out: %2").arg(what, text));
        case HttpReply::Failure::RedirectRefused:
        case HttpReply::Failure::HeadersTooLarge:
            return Error::make(Error::Code::BadResponse, text);
        case HttpReply::Failure::TransportRefused:
            return Error::make(Error::Code::Refused, text);
        case HttpReply::Failure::InvalidRequest:
            return Error::make(Error::Code::InvalidInput, text);
        case HttpReply::Failure::None:
        case HttpReply::Failure::Network:
        case HttpReply::Failure::RetryAfterTooLong:
            break;
        }
        return Error::make(Error::Code::Network,
                           tr("The %1 could not reach %2: %3")
                               .arg(what, hostOf(reply), redactTokenLikeRuns(text)));
    }
    Error error = Error::make(Error::Code::Http, {}, {}, reply.status);
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

Result<QJsonObject> successObject(const HttpReply &reply, const QString &what)
{
    if (!reply.isSuccess())
        return errorFromReply(reply, what);
    return jsonObject(reply, what);
}

} // namespace tw
