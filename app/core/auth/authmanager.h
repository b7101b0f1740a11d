#pragma once

#include "auth/authsession.h"
#include "auth/discovery.h"
#include "common/clock.h"
#include "common/httpclient.h"

#include <QHash>
#include <QObject>
#include <QUuid>

namespace tw {

class ProfileStore;
class ProfileService;
class TokenCache;

// Entry point of the token engine for one process: owns the HTTP client (one
// QNetworkAccessManager for this thread), the discovery cache and one AuthSession per
// cache key. The GUI and the CLI each make one.
class AuthManager : public QObject
{
    Q_OBJECT
public:
    AuthManager(ProfileStore *store, ProfileService *service, Clock *clock = Clock::system(),
                QObject *parent = nullptr);

    // The session of a profile (customerId empty) or of one of its customers; made on
    // first use. nullptr when the profile does not exist or has no customer tokens.
    AuthSession *session(const QUuid &profileId, const QString &customerId = QString());
    QList<AuthSession *> sessions() const { return m_sessions.values(); }

    // Drops the sessions of a profile (after an edit or removal); the cached tokens in the
    // keychain go with them when `clearCache` is set.
    void forgetProfile(const QUuid &profileId, bool clearCache);

    HttpClient *http() const { return m_http; }
    DiscoveryClient *discovery() const { return m_discovery; }
    ProfileStore *profileStore() const { return m_store; }
    ProfileService *profileService() const { return m_service; }
    Clock *clock() const { return m_clock; }
    TokenCache *tokenCache() const { return m_tokenCache; }

    static QString cacheKey(const QUuid &profileId, const QString &customerId);

    // Keychain writes of cached tokens still under way; a short-lived process (the CLI)
    // waits for cacheWritesSettled() before it exits so the next run finds the token.
    int pendingCacheWrites() const { return m_pendingCacheWrites; }
    void cacheWriteStarted() { ++m_pendingCacheWrites; }
    void cacheWriteEnded();

Q_SIGNALS:
    void sessionCreated(tw::AuthSession *session);
    void cacheWritesSettled();

private:
    TokenFetcher *makeFetcher(const Profile &profile, const QString &customerId);

    ProfileStore *m_store;
    ProfileService *m_service;
    Clock *m_clock;
    HttpClient *m_http;
    DiscoveryClient *m_discovery;
    TokenCache *m_tokenCache;
    QHash<QString, AuthSession *> m_sessions;
    int m_pendingCacheWrites = 0;
};

} // namespace tw
