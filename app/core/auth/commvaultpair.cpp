#include "auth/commvaultpair.h"
#include "common/jsonnumber.h"

#include <QCoreApplication>

namespace tw {

namespace {
constexpr qint64 kDay = 24 * 3600;
// Renew within 14 days after the access token expired (Commvault documentation).
constexpr qint64 kRenewWindowSec = 14 * kDay;

QString iso(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODate) : QString();
}
QDateTime fromIso(const QJsonValue &v)
{
    return QDateTime::fromString(v.toString(), Qt::ISODate);
}

constexpr qint64 kLastSecondOf9999 = 253402300799;

// Commvault reports Unix times in seconds (sometimes as strings); 0 means "not set".
QDateTime unixTime(const QJsonObject &json, const char *key)
{
    const QJsonValue v = json.value(QLatin1String(key));
    const qint64 seconds = v.isString() ? v.toString().toLongLong() : jsonInt64(v).value_or(0);
    // Past year 9999 is no time a server meant (and QDateTime would overflow on it).
    if (seconds <= 0 || seconds > kLastSecondOf9999)
        return {};
    return QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC);
}
} // namespace

qint64 CommvaultPair::accessLifetimeSec(CommvaultScope scope)
{
    switch (scope) {
    case CommvaultScope::All:
    case CommvaultScope::Custom:
        return 30 * 60;
    case CommvaultScope::Scim:
        return 30 * kDay;
    case CommvaultScope::OneTouch:
        return 7 * kDay;
    }
    return 30 * 60;
}

QJsonObject CommvaultPair::toJson() const
{
    return QJsonObject{{QStringLiteral("accessToken"), accessToken},
                       {QStringLiteral("refreshToken"), refreshToken},
                       {QStringLiteral("created"), iso(created)},
                       {QStringLiteral("issuedAt"), iso(issuedAt)},
                       {QStringLiteral("accessExpiresAt"), iso(accessExpiresAt)},
                       {QStringLiteral("refreshExpiresAt"), iso(refreshExpiresAt)},
                       {QStringLiteral("renewableUntil"), iso(renewableUntil)}};
}

std::optional<CommvaultPair> CommvaultPair::fromJson(const QJsonObject &json)
{
    CommvaultPair pair;
    pair.accessToken = json.value(QLatin1String("accessToken")).toString();
    if (pair.accessToken.isEmpty())
        return std::nullopt;
    pair.refreshToken = json.value(QLatin1String("refreshToken")).toString();
    pair.created = fromIso(json.value(QLatin1String("created")));
    pair.issuedAt = fromIso(json.value(QLatin1String("issuedAt")));
    pair.accessExpiresAt = fromIso(json.value(QLatin1String("accessExpiresAt")));
    pair.refreshExpiresAt = fromIso(json.value(QLatin1String("refreshExpiresAt")));
    pair.renewableUntil = fromIso(json.value(QLatin1String("renewableUntil")));
    return pair;
}

CommvaultPair CommvaultPair::initial(const Profile &profile, const QString &accessToken,
                                     const QString &refreshToken, const QDateTime &now)
{
    CommvaultPair pair;
    pair.accessToken = accessToken;
    pair.refreshToken = refreshToken;
    pair.created = profile.commvault.created.isValid() ? profile.commvault.created.toUTC() : now;
    pair.issuedAt = pair.created;
    pair.accessExpiresAt = pair.created.addSecs(accessLifetimeSec(profile.commvault.scope));
    const bool refreshes = profile.commvault.scope == CommvaultScope::All ||
                           profile.commvault.scope == CommvaultScope::Custom;
    if (refreshes && !refreshToken.isEmpty()) {
        pair.refreshExpiresAt = pair.accessExpiresAt.addSecs(kRenewWindowSec);
        pair.renewableUntil = pair.created.addDays(profile.commvault.renewalHorizonDays);
    }
    return pair;
}

std::optional<CommvaultPair> CommvaultPair::renewed(const CommvaultPair &previous,
                                                    const QJsonObject &answer, const QDateTime &now)
{
    // The renewal answer carries the new pair at the top level; some releases nest the
    // token fields in tokenInfo like the creation answer does.
    const QJsonObject info = answer.value(QLatin1String("tokenInfo")).toObject();
    auto field = [&](const char *key) {
        const QString top = answer.value(QLatin1String(key)).toString();
        return top.isEmpty() ? info.value(QLatin1String(key)).toString() : top;
    };
    CommvaultPair pair = previous;
    pair.accessToken = field("accessToken");
    pair.refreshToken = field("refreshToken");
    if (pair.accessToken.isEmpty() || pair.refreshToken.isEmpty())
        return std::nullopt;
    QDateTime expiry = unixTime(answer, "tokenExpiryTimestamp");
    if (!expiry.isValid())
        expiry = unixTime(info, "tokenExpiryTimestamp");
    const qint64 expiresIn = jsonInt64(answer.value(QLatin1String("expiresIn"))).value_or(0);
    if (!expiry.isValid() && expiresIn > 0 && expiresIn <= kLastSecondOf9999)
        expiry = now.addSecs(expiresIn);
    pair.issuedAt = now;
    // Trust the expiry the server reports (2 h on recent releases); else the documented 30 min.
    pair.accessExpiresAt = expiry.isValid() ? expiry : now.addSecs(30 * 60);
    QDateTime refreshEnd = unixTime(answer, "refreshTokenExpiryTimestamp");
    if (!refreshEnd.isValid())
        refreshEnd = unixTime(info, "refreshTokenExpiryTimestamp");
    pair.refreshExpiresAt =
        refreshEnd.isValid() ? refreshEnd : pair.accessExpiresAt.addSecs(kRenewWindowSec);
    QDateTime renewableUntil = unixTime(answer, "renewableUntilTimestamp");
    if (!renewableUntil.isValid())
        renewableUntil = unixTime(info, "renewableUntilTimestamp");
    if (renewableUntil.isValid())
        pair.renewableUntil = renewableUntil;
    return pair;
}

bool CommvaultPair::renewable(const Profile &profile) const
{
    return !profile.commvault.legacy && !refreshToken.isEmpty() &&
           (profile.commvault.scope == CommvaultScope::All ||
            profile.commvault.scope == CommvaultScope::Custom);
}

Token CommvaultPair::toToken(const Profile &profile) const
{
    Token token;
    token.accessToken = accessToken;
    token.tokenType = QStringLiteral("Bearer");
    token.scope = commvaultScopeToString(profile.commvault.scope);
    token.expiresAt = accessExpiresAt;
    token.obtainedAt = issuedAt;
    if (renewable(profile)) {
        token.refreshExpiresAt = refreshExpiresAt;
        token.renewableUntil = renewableUntil;
    } else if (profile.commvault.legacy) {
        token.warning = QCoreApplication::translate(
            "CommvaultPair",
            "Legacy token (made before 11.38): valid until expiry, cannot be renewed.");
    } else {
        token.warning = QCoreApplication::translate(
            "CommvaultPair", "This scope has no refresh token: make a new token in Command Center "
                             "before it expires.");
    }
    return token;
}

} // namespace tw
