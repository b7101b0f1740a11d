#pragma once

#include "auth/token.h"
#include "profiles/profile.h"

#include <QDateTime>
#include <QJsonObject>
#include <optional>

namespace tw {

// A Commvault access token with its refresh token and horizons, stored as ONE keychain
// entry so both tokens are always replaced together: a renewal rotates both, and sending
// an older pair revokes the whole chain.
struct CommvaultPair
{
    QString accessToken;
    QString refreshToken;
    QDateTime created;          // when the first token of the chain was made
    QDateTime issuedAt;         // when the current access token was made
    QDateTime accessExpiresAt;  // access token end
    QDateTime refreshExpiresAt; // "renew by": 14 days after the access token's end
    QDateTime renewableUntil;   // "renewals end": created + 90 days (extendable to 365)

    QJsonObject toJson() const;
    static std::optional<CommvaultPair> fromJson(const QJsonObject &json);

    // The pair as pasted from Command Center; horizons follow from the scope (docs/providers.md
    // §4).
    static CommvaultPair initial(const Profile &profile, const QString &accessToken,
                                 const QString &refreshToken, const QDateTime &now);
    // The answer to POST /V4/AccessToken/Renew (expiry fields when the server gives them).
    static std::optional<CommvaultPair> renewed(const CommvaultPair &previous,
                                                const QJsonObject &answer, const QDateTime &now);

    bool renewable(const Profile &profile) const;
    Token toToken(const Profile &profile) const;

    static qint64 accessLifetimeSec(CommvaultScope scope);
};

} // namespace tw
