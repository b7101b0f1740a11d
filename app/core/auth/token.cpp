#include "auth/token.h"

namespace tw {

namespace {
QString iso(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}
QDateTime fromIso(const QJsonValue &v)
{
    return QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
}
} // namespace

bool Token::isBearer() const
{
    return tokenType.isEmpty() ||
           tokenType.compare(QLatin1String("bearer"), Qt::CaseInsensitive) == 0;
}

QJsonObject Token::toCacheJson() const
{
    QJsonObject json;
    json[QLatin1String("access_token")] = accessToken;
    json[QLatin1String("token_type")] = tokenType;
    json[QLatin1String("scope")] = scope;
    if (!refreshToken.isEmpty())
        json[QLatin1String("refresh_token")] = refreshToken;
    if (expiresInSec)
        json[QLatin1String("expires_in")] = double(*expiresInSec);
    json[QLatin1String("obtained_at")] = iso(obtainedAt);
    json[QLatin1String("expires_at")] = iso(expiresAt);
    json[QLatin1String("warning")] = warning;
    json[QLatin1String("extra")] = extra;
    json[QLatin1String("refresh_expires_at")] = iso(refreshExpiresAt);
    json[QLatin1String("renewable_until")] = iso(renewableUntil);
    return json;
}

std::optional<Token> Token::fromCacheJson(const QJsonObject &json)
{
    Token t;
    t.accessToken = json.value(QLatin1String("access_token")).toString();
    if (t.accessToken.isEmpty())
        return std::nullopt;
    t.tokenType = json.value(QLatin1String("token_type")).toString();
    t.scope = json.value(QLatin1String("scope")).toString();
    t.refreshToken = json.value(QLatin1String("refresh_token")).toString();
    if (json.contains(QLatin1String("expires_in")))
        t.expiresInSec = qint64(json.value(QLatin1String("expires_in")).toDouble());
    t.obtainedAt = fromIso(json.value(QLatin1String("obtained_at")));
    t.expiresAt = fromIso(json.value(QLatin1String("expires_at")));
    t.warning = json.value(QLatin1String("warning")).toString();
    t.extra = json.value(QLatin1String("extra")).toObject();
    t.refreshExpiresAt = fromIso(json.value(QLatin1String("refresh_expires_at")));
    t.renewableUntil = fromIso(json.value(QLatin1String("renewable_until")));
    return t;
}

} // namespace tw
