#include "console/consoleresponse.h"

#include "auth/apiclient.h"

namespace tw {

QByteArray ConsoleResponse::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

bool ConsoleResponse::isJson() const
{
    const QByteArray type = contentType().toLower();
    if (type.contains("json"))
        return true;
    for (const char c : body) {
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t')
            continue;
        return c == '{' || c == '[';
    }
    return false;
}

QString ConsoleResponse::statusLine() const
{
    const QString reason = httpReasonPhrase(status);
    return reason.isEmpty() ? QString::number(status)
                            : QStringLiteral("%1 %2").arg(status).arg(reason);
}

ConsoleResponse ConsoleResponse::fromOutcome(const ApiOutcome &outcome, qint64 overallMs)
{
    ConsoleResponse r;
    r.status = outcome.reply.status;
    r.headers = outcome.reply.headers;
    r.body = outcome.reply.body;
    r.bodyTruncated = outcome.reply.bodyTooLarge;
    r.url = outcome.url;
    r.totalMs = outcome.reply.totalMs;
    r.firstByteMs = outcome.reply.firstByteMs;
    r.overallMs = overallMs;
    r.attempts = outcome.attempts;
    r.tokenRefetches = outcome.tokenRefetches;
    r.rateLimitWaits = outcome.rateLimitWaits;
    return r;
}

QString httpReasonPhrase(int status)
{
    switch (status) {
    case 200:
        return QStringLiteral("OK");
    case 201:
        return QStringLiteral("Created");
    case 202:
        return QStringLiteral("Accepted");
    case 204:
        return QStringLiteral("No Content");
    case 206:
        return QStringLiteral("Partial Content");
    case 301:
        return QStringLiteral("Moved Permanently");
    case 302:
        return QStringLiteral("Found");
    case 304:
        return QStringLiteral("Not Modified");
    case 307:
        return QStringLiteral("Temporary Redirect");
    case 308:
        return QStringLiteral("Permanent Redirect");
    case 400:
        return QStringLiteral("Bad Request");
    case 401:
        return QStringLiteral("Unauthorized");
    case 403:
        return QStringLiteral("Forbidden");
    case 404:
        return QStringLiteral("Not Found");
    case 405:
        return QStringLiteral("Method Not Allowed");
    case 409:
        return QStringLiteral("Conflict");
    case 415:
        return QStringLiteral("Unsupported Media Type");
    case 422:
        return QStringLiteral("Unprocessable Content");
    case 429:
        return QStringLiteral("Too Many Requests");
    case 500:
        return QStringLiteral("Internal Server Error");
    case 502:
        return QStringLiteral("Bad Gateway");
    case 503:
        return QStringLiteral("Service Unavailable");
    case 504:
        return QStringLiteral("Gateway Timeout");
    default:
        return {};
    }
}

} // namespace tw
