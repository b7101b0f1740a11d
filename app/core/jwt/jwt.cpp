#include "jwt/jwt.h"

#include "common/jsonnumber.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QList>

namespace tw {

namespace {
Error notAJwt(const char *why)
{
    return Error::make(Error::Code::InvalidInput, QCoreApplication::translate("Jwt", why));
}

std::optional<QJsonObject> jsonSegment(const QByteArray &segment)
{
    const auto bytes = Jwt::decodeSegment(segment);
    if (!bytes)
        return std::nullopt;
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(*bytes, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return std::nullopt;
    return doc.object();
}
} // namespace

std::optional<QByteArray> Jwt::decodeSegment(const QByteArray &segment)
{
    QByteArray text = segment.trimmed();
    while (text.endsWith('='))
        text.chop(1);
    const auto decoded = QByteArray::fromBase64Encoding(
        text, QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals |
                  QByteArray::AbortOnBase64DecodingErrors);
    if (decoded)
        return *decoded;
    // Some issuers use the standard alphabet; accept it rather than call the token opaque.
    const auto standard = QByteArray::fromBase64Encoding(
        text, QByteArray::Base64Encoding | QByteArray::OmitTrailingEquals |
                  QByteArray::AbortOnBase64DecodingErrors);
    if (standard)
        return *standard;
    return std::nullopt;
}

Result<Jwt> Jwt::decode(const QString &token)
{
    QString text = token.trimmed();
    if (text.startsWith(QLatin1String("Bearer "), Qt::CaseInsensitive))
        text = text.mid(7).trimmed();
    if (text.isEmpty())
        return notAJwt("The token is empty.");
    const QList<QByteArray> parts = text.toLatin1().split('.');
    if (parts.size() != 3 && parts.size() != 5)
        return notAJwt("Not a JWT: it does not have three dot-separated parts.");

    const auto header = jsonSegment(parts.at(0));
    if (!header)
        return notAJwt("Not a JWT: the first part is not base64url-encoded JSON.");
    Jwt jwt;
    jwt.header = *header;
    if (parts.size() == 5) {
        jwt.encrypted = true; // JWE: header.key.iv.ciphertext.tag
        return jwt;
    }
    const auto claims = jsonSegment(parts.at(1));
    if (!claims)
        return notAJwt("Not a JWT: the second part is not base64url-encoded JSON.");
    jwt.claims = *claims;
    if (!parts.at(2).isEmpty()) {
        const auto signature = decodeSegment(parts.at(2));
        if (!signature)
            return notAJwt("Not a JWT: the signature is not base64url.");
        jwt.signature = *signature;
    }
    return jwt;
}

bool Jwt::isTimeClaim(const QString &name)
{
    static const QStringList names{QStringLiteral("exp"), QStringLiteral("iat"),
                                   QStringLiteral("nbf"), QStringLiteral("auth_time"),
                                   QStringLiteral("updated_at")};
    return names.contains(name);
}

QDateTime Jwt::timeValue(const QJsonValue &value)
{
    const std::optional<double> number = numberOrNumericString(value);
    if (!number)
        return {};
    const double seconds = *number;
    // Beyond year 9999 is not a time anyone meant.
    if (seconds < 0 || seconds > 253402300799.0)
        return {};
    return QDateTime::fromMSecsSinceEpoch(qint64(seconds * 1000), Qt::UTC);
}

} // namespace tw
