#pragma once

#include "auth/authsession.h"
#include "auth/deviceprompt.h"
#include "auth/discovery.h"
#include "common/clock.h"
#include "common/httpclient.h"
#include "common/redact.h"

#include <QHash>
#include <QObject>
#include <QUuid>

namespace tw {

class AuditRecorder;
class ProfileStore;
class ProfileService;
class TokenCache;
struct Profile;

// Entry point of the token engine for one process: owns the HTTP client (one
// QNetworkAccessManager for this thread), the discovery cache and one AuthSession per
// cache key. The GUI and the CLI each make one.
class AuthManager : public QObject
{
    Q_OBJECT
public:
    AuthManager(ProfileStore *store, ProfileService *service, Clock *clock = Clock::system(),
                QObject *parent = nullptr);
    ~AuthManager() override;

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
    // The activity log of this process: records nothing until opened (the GUI and the CLI do).
    AuditRecorder *audit() const { return m_audit; }

    static QString cacheKey(const QUuid &profileId, const QString &customerId);

    // How to reach a profile's servers; a CLI `--timeout S` replaces every profile's timeout
    // for the run.
    TransportOptions transport(const Profile &profile) const;
    void setTimeoutOverrideSec(int seconds) { m_timeoutOverrideSec = seconds; }

    // How long a browser sign-in waits for the person (the profile's request timeout is for
    // servers, not people). 300 s unless set (CLI `--sign-in-timeout S`).
    static constexpr int kDefaultSignInTimeoutSec = 300;
    int signInTimeoutSec() const { return m_signInTimeoutSec; }
    void setSignInTimeoutSec(int seconds) { m_signInTimeoutSec = seconds; }

    // Every secret and token this process has read or received, so errors and history can
    // be scrubbed of them by value. redact() applies it to an error from the engine.
    KnownSecrets &knownSecrets() { return m_knownSecrets; }
    Error redact(Error error) const;

    // Keychain writes of cached tokens still under way; a short-lived process (the CLI)
    // waits for cacheWritesSettled() before it exits so the next run finds the token.
    int pendingCacheWrites() const { return m_pendingCacheWrites; }
    void cacheWriteStarted() { ++m_pendingCacheWrites; }
    void cacheWriteEnded();

public Q_SLOTS:
    // Ends a pending browser sign-in or device-code poll of the profile; the token request
    // waiting for it fails with "Sign-in cancelled." (Error::Code::Cancelled). False when
    // none waits.
    bool cancelSignIn(const QUuid &profileId);

Q_SIGNALS:
    void sessionCreated(tw::AuthSession *session);
    void cacheWritesSettled();
    // A device authorization waits for the user (RFC 8628): show the code and the page.
    void deviceCodeIssued(const QUuid &profileId, const tw::DevicePrompt &prompt);
    // A browser sign-in waits for the person (RFC 8252): open `url` in the system browser
    // (the GUI with QDesktopServices, the CLI with $BROWSER or xdg-open).
    void authorizationUrlReady(const QUuid &profileId, const QUrl &url);

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
    int m_timeoutOverrideSec = 0;
    int m_signInTimeoutSec = kDefaultSignInTimeoutSec;
    KnownSecrets m_knownSecrets;
    AuditRecorder *m_audit;
};

} // namespace tw
