#pragma once

#include "auth/clientauthenticator.h"
#include "auth/discovery.h"
#include "auth/token.h"
#include "common/error.h"
#include "common/httpclient.h"
#include "profiles/profile.h"

#include <QObject>
#include <QUuid>
#include <functional>
#include <optional>

namespace tw {

class AuthManager;

// Gets one new token for one cache key, the way its provider kind wants it. Owned by an
// AuthSession, which does caching, state and single-flight; a fetcher never runs twice
// at once. The callback runs exactly once, from the event loop.
class TokenFetcher : public QObject
{
    Q_OBJECT
public:
    struct Request
    {
        bool force = false;           // the user asked for a new token
        std::optional<Token> current; // the token we hold, if any (may be expiring)
        QString rejectedToken;        // an access token an API just refused (401/403)
        // Nobody asked: a refresh token may be used, but a sign-in that needs a person (a
        // browser page, a device code) is not started; the fetch fails with SignInRequired.
        bool quiet = false;
    };
    using Callback = std::function<void(Result<Token>)>;

    TokenFetcher(AuthManager *manager, const QUuid &profileId, QObject *parent = nullptr)
        : QObject(parent), m_manager(manager), m_profileId(profileId), m_client(manager, this)
    {
    }

    // What the last fetch did, for the activity log; AuthSession resets it before each fetch.
    enum class Activity {
        Fetched, // asked the token endpoint (or logged in)
        Renewed, // rotated a Commvault pair or renewed a login session
        Reused,  // handed back a stored token without a request: nothing to record
    };
    Activity lastActivity() const { return m_activity; }
    void resetActivity() { m_activity = Activity::Fetched; }

    virtual void fetch(const Request &request, Callback done) = 0;
    // Whether a token from this fetcher may be reused across processes via the keychain.
    virtual bool cacheable() const { return true; }
    // Ends a sign-in that waits for a person (a browser or a device code): the fetch under way
    // then fails with Error::Code::Cancelled. False when none is waiting.
    virtual bool cancelSignIn() { return false; }

protected:
    // The profile as stored now (it may have been edited since the session was made).
    Result<Profile> profile() const;
    TransportOptions transport(const Profile &profile) const;
    // Both as ClientAuthenticator does them, with this fetcher as the callbacks' context.
    Status sendCredential(const Profile &profile, HttpRequest request, HttpClient::Callback onReply,
                          const QList<QUrl> &alsoTrusted = {})
    {
        return m_client.sendCredential(profile, std::move(request), std::move(onReply),
                                       alsoTrusted);
    }
    void readSecret(const Profile &profile, const QString &entry,
                    std::function<void(Result<QByteArray>)> done)
    {
        m_client.readSecret(profile, entry, std::move(done));
    }

    void setActivity(Activity activity) { m_activity = activity; }

    // Where an interactive grant (browser, device code) begins: the profile, which must use
    // discovery (`noIssuer`, with %1 for its name, says why otherwise), the refresh token held
    // or cached, the discovery document, `auto` resolved, and the secret (empty for a public
    // client).
    struct SignInBasis
    {
        Profile profile;
        DiscoveryDocument doc;
        QString secret;
        QString refreshToken;
    };
    void prepareSignIn(const Request &request, const QString &noIssuer,
                       std::function<void(Result<SignInBasis>)> next);
    // What a cancelled sign-in fails with.
    static Error signInCancelled();
    // What a quiet fetch fails with where only a person could go on.
    static Error signInRequired(const QString &profileName);
    // RFC 6749 §6: an answer to a refresh_token grant without a new refresh token leaves the
    // one sent valid, so it is kept; a new one (rotation) replaces it.
    static Result<Token> keepingRefreshToken(Result<Token> token, const QString &sent);

    AuthManager *m_manager;
    QUuid m_profileId;

private:
    void discoverAndReadSecret(const Profile &stored, const QString &refreshToken,
                               std::function<void(Result<SignInBasis>)> next);

    Activity m_activity = Activity::Fetched;
    ClientAuthenticator m_client;
};

} // namespace tw
