#include "auth/tokenresponse.h"

#include "common/jsonnumber.h"
#include "common/redact.h"
#include "common/replyerror.h"

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

const QSet<QString> &knownTokenFields()
{
    static const QSet<QString> fields{QStringLiteral("access_token"), QStringLiteral("token_type"),
                                      QStringLiteral("expires_in"), QStringLiteral("scope"),
                                      QStringLiteral("refresh_token")};
    return fields;
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
    const std::optional<double> number = numberOrNumericString(value);
    if (!number)
        return warn(value.isString()
                        ? tr("expires_in \"%1\" is not a number: the lifetime is unknown.")
                              .arg(value.toString().left(20))
                        : tr("expires_in is not a number: the lifetime is unknown."));
    const double seconds = *number;
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

Result<Token> parseOAuth(const HttpReply &reply, const QDateTime &sentAt)
{
    const QString what = tr("token request");
    auto object = successObject(reply, what);
    if (!object)
        return object.error();
    const QJsonObject json = object.value();
    const QJsonValue access = json.value(QLatin1String("access_token"));
    if (!access.isString() || access.toString().isEmpty()) {
        QStringList keys = json.keys();
        for (QString &k : keys)
            k = k.left(40);
        return Error::make(
            Error::Code::BadResponse,
            access.isUndefined()
                ? tr("The token endpoint answered %1 without an access_token (fields: %2).")
                      .arg(reply.status)
                      .arg(keys.isEmpty() ? tr("none") : keys.join(QLatin1String(", ")))
                : tr("The token endpoint answered with an access_token that is not a "
                     "non-empty string."),
            {}, reply.status);
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
            return Error::make(Error::Code::BadResponse, problem, {}, reply.status);
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
