#include "auth/token.h"
#include "common/jsonnumber.h"

#include <QCoreApplication>

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
    // The keychain entry is ours, but anything that reaches a header must pass the same test
    // as a server's answer.
    t.tokenType = json.value(QLatin1String("token_type")).toString();
    if (!tokenValueProblem(t.tokenType == QLatin1String("QSDK")
                               ? commvaultSessionValue(t.accessToken)
                               : t.accessToken,
                           QStringLiteral("access_token"))
             .isEmpty())
        return std::nullopt;
    t.scope = json.value(QLatin1String("scope")).toString();
    t.refreshToken = json.value(QLatin1String("refresh_token")).toString();
    if (!t.refreshToken.isEmpty() &&
        !tokenValueProblem(t.refreshToken, QStringLiteral("refresh_token")).isEmpty())
        return std::nullopt;
    if (json.contains(QLatin1String("expires_in")))
        t.expiresInSec = jsonInt64(json.value(QLatin1String("expires_in")));
    t.obtainedAt = fromIso(json.value(QLatin1String("obtained_at")));
    t.expiresAt = fromIso(json.value(QLatin1String("expires_at")));
    t.warning = json.value(QLatin1String("warning")).toString();
    t.extra = json.value(QLatin1String("extra")).toObject();
    t.refreshExpiresAt = fromIso(json.value(QLatin1String("refresh_expires_at")));
    t.renewableUntil = fromIso(json.value(QLatin1String("renewable_until")));
    return t;
}

QString commvaultSessionValue(const QString &token)
{
    return token.startsWith(QLatin1String("QSDK ")) ? token.mid(5) : token;
}

QString tokenValueProblem(const QString &value, const QString &field)
{
    auto problem = [&field](const QString &what) {
        return QCoreApplication::translate("Token", "The server sent a %1 that %2; it was refused "
                                                    "and not stored, shown or sent.")
            .arg(field, what);
    };
    if (value.isEmpty())
        return problem(QCoreApplication::translate("Token", "is empty"));
    for (qsizetype i = 0; i < value.size(); ++i) {
        const char16_t c = value.at(i).unicode();
        if (c == ' ')
            return problem(QCoreApplication::translate("Token", "contains a space (at %1)").arg(i));
        if (c < 0x21 || c == 0x7F)
            return problem(QCoreApplication::translate("Token", "contains a control character "
                                                                "(0x%1 at %2)")
                               .arg(QString::number(c, 16).rightJustified(2, QLatin1Char('0')))
                               .arg(i));
        if (c > 0x7E)
            return problem(QCoreApplication::translate("Token", "contains a non-ASCII character "
                                                                "(at %1)")
                               .arg(i));
    }
    return {};
}

} // namespace tw
