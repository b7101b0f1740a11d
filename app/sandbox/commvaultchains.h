#pragma once

#include <QHash>
#include <QJsonObject>
#include <QMutex>
#include <QString>
#include <QStringList>

namespace tw::sandbox {

class ProviderContext;

// One Commvault access token lineage: the current (access, refresh) pair and every pair it
// replaced. Both tokens rotate on every renewal; presenting any replaced pair again revokes the
// whole chain, as Commvault does.
struct CommvaultChain
{
    int id = 0;
    QString name;
    QString user;
    int tokenType = 0;        // 0/2 All, 1 Microsoft SCIM, 3 Custom, 4 1-Touch recovery
    QStringList apiEndpoints; // lower-case path prefixes; empty = every API
    QString accessToken;
    QString refreshToken; // empty for scopes without refresh
    qint64 createdAt = 0; // Unix seconds
    qint64 accessExpiresAt = 0;
    qint64 refreshExpiresAt = 0;
    qint64 renewableUntil = 0;
    bool revoked = false;
};

struct CommvaultSession
{
    QString user;
    QString deviceId;
    qint64 lastUsedMs = 0;
    quint64 generation = 0;
};

enum class RenewOutcome { Renewed, UnknownToken, ChainRevoked, ReuseRevokedChain, Expired };

// Chains and login sessions, thread-safe. Access tokens are also entered in the shared
// TokenRegistry (realm "commvault") so Sandbox::revokeAllTokens() reaches them.
class CommvaultChains
{
public:
    explicit CommvaultChains(ProviderContext *context);

    CommvaultChain create(const QString &name, const QString &user, int tokenType,
                          const QStringList &apiEndpoints, qint64 requestedExpiry,
                          qint64 requestedRenewableUntil);
    RenewOutcome renew(const QString &accessToken, const QString &refreshToken,
                       CommvaultChain *renewed);
    // The chain an access token belongs to, if it may still be used (not revoked, not expired).
    bool chainForAccessToken(const QString &accessToken, CommvaultChain *chain) const;
    CommvaultChain chain(int id) const;

    QString login(const QString &user, const QString &deviceId);
    // A valid, not idle-expired session; counts as activity.
    bool touchSession(const QString &token, CommvaultSession *session);
    // Replaces the session with a new token; works after the idle timeout (that is its use),
    // but not after revokeAllTokens().
    QString renewSession(const QString &token, const QString &deviceId);

private:
    void issueAccessTokenLocked(CommvaultChain &chain, qint64 now, qint64 requestedExpiry);
    int lifetimeSec() const;

    ProviderContext *m_context;
    mutable QMutex m_mutex;
    QHash<int, CommvaultChain> m_chains;
    QHash<QString, int> m_chainOfToken; // every access and refresh token ever issued
    QHash<QString, CommvaultSession> m_sessions;
    int m_nextId = 1;
};

} // namespace tw::sandbox
