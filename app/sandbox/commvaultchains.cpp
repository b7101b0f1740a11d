#include "commvaultchains.h"

#include "httpexchange.h"
#include "provider.h"

#include <QDateTime>

namespace tw::sandbox {

static constexpr int AccessLifetime = 1800;
static constexpr qint64 Day = 86400;
static constexpr qint64 RenewGrace = 14 * Day;   // renew within 14 days after expiry
static constexpr qint64 RenewHorizon = 90 * Day; // renewals end 90 days after creation
static constexpr qint64 ScimDefault = 30 * Day;
static constexpr qint64 OneTouchDefault = 7 * Day;

static bool hasRefresh(int tokenType)
{
    return tokenType == 0 || tokenType == 2 || tokenType == 3;
}

CommvaultChains::CommvaultChains(ProviderContext *context) : m_context(context) {}

int CommvaultChains::lifetimeSec() const
{
    return m_context->lifetime(AccessLifetime);
}

void CommvaultChains::issueAccessTokenLocked(CommvaultChain &chain, qint64 now,
                                             qint64 requestedExpiry)
{
    const int override = m_context->config().tokenLifetimeSec;
    if (hasRefresh(chain.tokenType)) {
        chain.accessExpiresAt = now + lifetimeSec();
    } else {
        const qint64 fallback = chain.tokenType == 1 ? ScimDefault : OneTouchDefault;
        chain.accessExpiresAt = requestedExpiry > now ? requestedExpiry
                                : override > 0        ? now + override
                                                      : now + fallback;
    }
    chain.accessToken = QString::fromLatin1(randomHex(32));
    m_chainOfToken.insert(chain.accessToken, chain.id);
    if (hasRefresh(chain.tokenType)) {
        chain.refreshToken = QString::fromLatin1(randomHex(32));
        chain.refreshExpiresAt = qMin(chain.accessExpiresAt + RenewGrace, chain.renewableUntil);
        m_chainOfToken.insert(chain.refreshToken, chain.id);
    }
    IssuedToken issued;
    issued.realm = QStringLiteral("commvault");
    issued.subject = chain.user;
    issued.extra.insert(QStringLiteral("chain"), chain.id);
    issued.expiresAtMs = chain.accessExpiresAt * 1000;
    m_context->tokens().add(chain.accessToken, issued);
}

CommvaultChain CommvaultChains::create(const QString &name, const QString &user, int tokenType,
                                       const QStringList &apiEndpoints, qint64 requestedExpiry,
                                       qint64 requestedRenewableUntil)
{
    QMutexLocker lock(&m_mutex);
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    CommvaultChain chain;
    chain.id = m_nextId++;
    chain.name = name;
    chain.user = user;
    chain.tokenType = tokenType;
    for (const QString &endpoint : apiEndpoints)
        chain.apiEndpoints.append(endpoint.toLower());
    if (tokenType == 1)
        chain.apiEndpoints = QStringList{QStringLiteral("/scim")};
    if (tokenType == 4) {
        chain.apiEndpoints =
            QStringList{QStringLiteral("/client"), QStringLiteral("/mediaagent"),
                        QStringLiteral("/clientgroup"), QStringLiteral("/v4/servergroup"),
                        QStringLiteral("/firewallsummary")};
    }
    chain.createdAt = now;
    chain.renewableUntil =
        requestedRenewableUntil > now ? requestedRenewableUntil : now + RenewHorizon;
    if (!hasRefresh(tokenType))
        chain.renewableUntil = 0;
    issueAccessTokenLocked(chain, now, requestedExpiry);
    m_chains.insert(chain.id, chain);
    return chain;
}

RenewOutcome CommvaultChains::renew(const QString &accessToken, const QString &refreshToken,
                                    CommvaultChain *renewed)
{
    QMutexLocker lock(&m_mutex);
    const int id = m_chainOfToken.value(refreshToken, 0);
    auto it = m_chains.find(id);
    if (refreshToken.isEmpty() || it == m_chains.end() || !hasRefresh(it->tokenType))
        return RenewOutcome::UnknownToken;
    if (it->revoked)
        return RenewOutcome::ChainRevoked;
    if (refreshToken != it->refreshToken || accessToken != it->accessToken) {
        // An older pair (or a pair mixed across renewals) means the tokens leaked or two
        // clients raced: Commvault revokes the lineage.
        it->revoked = true;
        return RenewOutcome::ReuseRevokedChain;
    }
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    if (now >= it->refreshExpiresAt || now >= it->renewableUntil)
        return RenewOutcome::Expired;
    issueAccessTokenLocked(*it, now, 0);
    *renewed = *it;
    return RenewOutcome::Renewed;
}

bool CommvaultChains::chainForAccessToken(const QString &accessToken, CommvaultChain *chain) const
{
    IssuedToken issued;
    if (m_context->tokens().check(accessToken, QStringLiteral("commvault"), &issued) !=
        TokenState::Valid)
        return false;
    QMutexLocker lock(&m_mutex);
    const auto it = m_chains.constFind(issued.extra.value(QStringLiteral("chain")).toInt());
    if (it == m_chains.cend() || it->revoked)
        return false;
    *chain = *it;
    return true;
}

CommvaultChain CommvaultChains::chain(int id) const
{
    QMutexLocker lock(&m_mutex);
    return m_chains.value(id);
}

QString CommvaultChains::login(const QString &user, const QString &deviceId)
{
    const QString token = QStringLiteral("QSDK ") + QString::fromLatin1(randomHex(48));
    QMutexLocker lock(&m_mutex);
    m_sessions.insert(token, {user, deviceId, QDateTime::currentMSecsSinceEpoch(),
                              m_context->tokens().generation()});
    return token;
}

bool CommvaultChains::touchSession(const QString &token, CommvaultSession *session)
{
    const quint64 generation = m_context->tokens().generation();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QMutexLocker lock(&m_mutex);
    auto it = m_sessions.find(token);
    // The session dies after the idle time, which the lifetime override shortens for tests.
    if (it == m_sessions.end() || it->generation < generation ||
        now - it->lastUsedMs >= qint64(lifetimeSec()) * 1000)
        return false;
    it->lastUsedMs = now;
    *session = *it;
    return true;
}

QString CommvaultChains::renewSession(const QString &token, const QString &deviceId)
{
    const quint64 generation = m_context->tokens().generation();
    QMutexLocker lock(&m_mutex);
    const auto it = m_sessions.constFind(token);
    if (it == m_sessions.cend() || it->generation < generation)
        return {};
    if (!it->deviceId.isEmpty() && it->deviceId != deviceId)
        return {};
    CommvaultSession session = *it;
    m_sessions.erase(it);
    session.lastUsedMs = QDateTime::currentMSecsSinceEpoch();
    const QString renewed = QStringLiteral("QSDK ") + QString::fromLatin1(randomHex(48));
    m_sessions.insert(renewed, session);
    return renewed;
}

} // namespace tw::sandbox
