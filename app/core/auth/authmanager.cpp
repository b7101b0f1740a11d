#include "auth/authmanager.h"

#include "audit/auditrecorder.h"
#include "auth/authorizationcodefetcher.h"
#include "auth/clientcredentialsfetcher.h"
#include "auth/commvaultfetcher.h"
#include "auth/customertokenfetcher.h"
#include "auth/devicecodefetcher.h"
#include "auth/tokencache.h"
#include "auth/transportpolicy.h"
#include "msp/customer.h"
#include "profiles/profileservice.h"
#include "profiles/profilestore.h"

namespace tw {

AuthManager::AuthManager(ProfileStore *store, ProfileService *service, Clock *clock,
                         QObject *parent)
    : QObject(parent), m_store(store), m_service(service), m_clock(clock),
      m_http(new HttpClient(this)), m_discovery(new DiscoveryClient(m_http, this)),
      m_tokenCache(new TokenCache(this)), m_audit(new AuditRecorder(store, &m_knownSecrets, this))
{
}

AuthManager::~AuthManager()
{
    // Pending entries go out while the store they name profiles from still exists.
    m_audit->flush();
}

QString AuthManager::cacheKey(const QUuid &profileId, const QString &customerId)
{
    // Scope and audience are part of the key too (DESIGN.md): they live in the profile, and
    // an edit of either drops the profile's sessions (forgetProfile).
    return profileId.toString(QUuid::WithoutBraces) + QLatin1Char('|') + customerId;
}

AuthSession *AuthManager::session(const QUuid &profileId, const QString &customerId)
{
    const QString key = cacheKey(profileId, customerId);
    if (AuthSession *existing = m_sessions.value(key))
        return existing;
    const auto profile = m_store->find(profileId);
    if (!profile)
        return nullptr;
    if (!customerId.isEmpty() &&
        (!mintsCustomerTokens(profile->kind) || !Customer::idProblem(customerId).isEmpty()))
        return nullptr;
    auto *session =
        new AuthSession(this, profileId, customerId, makeFetcher(*profile, customerId), this);
    m_sessions.insert(key, session);
    Q_EMIT sessionCreated(session);
    return session;
}

TransportOptions AuthManager::transport(const Profile &profile) const
{
    return TransportPolicy::optionsFor(profile, m_timeoutOverrideSec);
}

Error AuthManager::redact(Error error) const
{
    error.message = m_knownSecrets.redact(error.message);
    error.detail = m_knownSecrets.redact(error.detail);
    error.oauthError = m_knownSecrets.redact(error.oauthError);
    error.oauthDescription = m_knownSecrets.redact(error.oauthDescription);
    return error;
}

void AuthManager::cacheWriteEnded()
{
    if (--m_pendingCacheWrites == 0)
        Q_EMIT cacheWritesSettled();
}

bool AuthManager::cancelSignIn(const QUuid &profileId)
{
    const QString prefix = profileId.toString(QUuid::WithoutBraces) + QLatin1Char('|');
    bool cancelled = false;
    for (auto it = m_sessions.cbegin(); it != m_sessions.cend(); ++it) {
        if (it.key().startsWith(prefix))
            cancelled = it.value()->cancelSignIn() || cancelled;
    }
    return cancelled;
}

void AuthManager::forgetProfile(const QUuid &profileId, bool clearCache)
{
    m_tokenCache->forget(profileId);
    if (clearCache)
        m_knownSecrets.forget(profileId.toString(QUuid::WithoutBraces));
    const QString prefix = profileId.toString(QUuid::WithoutBraces) + QLatin1Char('|');
    for (auto it = m_sessions.begin(); it != m_sessions.end();) {
        if (it.key().startsWith(prefix)) {
            if (clearCache)
                it.value()->reset();
            it.value()->deleteLater();
            it = m_sessions.erase(it);
        } else {
            ++it;
        }
    }
}

TokenFetcher *AuthManager::makeFetcher(const Profile &profile, const QString &customerId)
{
    if (!customerId.isEmpty())
        return new CustomerTokenFetcher(this, profile.id, customerId);
    switch (profile.kind) {
    case ProviderKind::Commvault:
        if (profile.commvault.mode == CommvaultMode::LoginSession)
            return new CommvaultLoginFetcher(this, profile.id);
        return new CommvaultRenewFetcher(this, profile.id);
    case ProviderKind::DruvaMsp:
    case ProviderKind::Druva:
    case ProviderKind::Oidc:
        break;
    case ProviderKind::OAuth2:
        if (profile.grant == Grant::DeviceCode)
            return new DeviceCodeFetcher(this, profile.id);
        if (profile.grant == Grant::AuthorizationCode)
            return new AuthorizationCodeFetcher(this, profile.id);
        break;
    }
    return new ClientCredentialsFetcher(this, profile.id);
}

} // namespace tw
