#pragma once

#include "auth/clientauthenticator.h"
#include "common/error.h"
#include "profiles/profile.h"

#include <QJsonObject>
#include <QObject>
#include <QUrl>
#include <QUuid>
#include <functional>

namespace tw {

class AuthManager;

// Revokes a profile's tokens (RFC 7009) and asks the server about a token (RFC 7662), at the
// endpoint the profile names or its discovery document advertises, with the same client
// authentication as the token endpoint. One call at a time; callbacks run from the event loop.
class TokenRevoker : public QObject
{
    Q_OBJECT
public:
    struct Revoked
    {
        bool hadRefreshToken = false;
        bool hadAccessToken = false; // false for both: nothing was cached, nothing sent
    };
    using RevokeCallback = std::function<void(Result<Revoked>)>;
    using IntrospectCallback = std::function<void(Result<QJsonObject>)>;

    TokenRevoker(AuthManager *manager, const QUuid &profileId, QObject *parent = nullptr);

    // Revokes the cached refresh token, then the cached access token, then drops both from
    // the cache, and records `revoked` in the audit log. Stops at the first refusal, keeping
    // what was not revoked.
    void revoke(RevokeCallback done);
    // The server's answer about `token` ("access_token" or "refresh_token" as the hint).
    void introspect(const QString &token, const QString &typeHint, IntrospectCallback done);

private:
    enum class Kind { Revocation, Introspection };
    struct Target
    {
        Profile profile;
        QUrl endpoint;
        QList<QUrl> trusted; // a discovered endpoint the issuer's document vouches for
        QString secret;      // client secret or PEM key, for ClientAssertion::credentialFor
    };
    void withTarget(Kind kind, std::function<void(Result<Target>)> next);
    void send(const Target &target, const QString &token, const QString &hint,
              std::function<void(Result<QJsonObject>)> done);
    void finishRevoke(Revoked revoked, RevokeCallback done);
    void recordRevoked(const Result<Revoked> &result);

    AuthManager *m_manager;
    QUuid m_profileId;
    ClientAuthenticator m_client; // the token endpoint's client authentication
};

} // namespace tw
