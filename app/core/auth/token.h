#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <optional>

namespace tw {

// One access token as the server gave it. Times are wall-clock UTC for display and for
// the keychain cache shared between processes; AuthSession tracks expiry monotonically.
struct Token
{
    QString accessToken;
    QString tokenType; // as sent ("bearer" from Druva: compare case-insensitively)
    QString scope;
    QString refreshToken;               // kept only when the server sent one
    std::optional<qint64> expiresInSec; // as received; nullopt = unknown or not trusted
    QDateTime obtainedAt;               // when the request was sent (UTC)
    QDateTime expiresAt;                // obtainedAt + expires_in − skew; invalid when unknown
    QString warning;                    // e.g. "expires_in missing": shown, never fatal
    QJsonObject extra;                  // unknown fields of the answer (token-like values redacted)

    // Commvault horizons (invalid when not applicable)
    QDateTime refreshExpiresAt; // renew by this date
    QDateTime renewableUntil;   // renewals end

    bool isBearer() const;
    bool hasExpiry() const { return expiresAt.isValid(); }

    // Full form, secrets included: only for the keychain cache.
    QJsonObject toCacheJson() const;
    static std::optional<Token> fromCacheJson(const QJsonObject &json);
};

// Why a value a server sent as `field` (access_token, refresh_token, token_type …) cannot
// be used, or empty when it can. A token goes into HTTP headers, onto terminals and into
// shell variables, so it must be non-empty printable ASCII without spaces or control
// characters. (RFC 6750's b64token would also refuse ':', which Druva Cloud's opaque
// tokens may hold: docs/providers.md.) The message never quotes the value.
QString tokenValueProblem(const QString &value, const QString &field);
// A Commvault login token is "QSDK <value>" (docs/providers.md §4): the part that is checked.
QString commvaultSessionValue(const QString &token);

} // namespace tw
