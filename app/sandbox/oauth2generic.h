#pragma once

#include "assertionverifier.h"
#include "authorizationcodes.h"
#include "deviceauthorizations.h"
#include "provider.h"

#include <QHash>
#include <QMutex>
#include <variant>

namespace tw::sandbox {

// A standards-minded OAuth 2.0 server (docs/providers.md §5): issuer /oauth2 with RFC 8414 and OIDC
// discovery, client_secret_basic exactly per RFC 6749 §2.3.1 (form-encoded, so the raw Druva style
// fails when the secret holds "+" or "%"), client_secret_post, and the refresh_token grant.
//
// Sandbox choice: client credentials answers carry a refresh_token (RFC 6749 §4.4.3 says they
// normally do not) so that the engine's refresh-token path and its rotation can be exercised.
// Refresh tokens rotate: each works once; a used one gets invalid_grant.
//
// Signed client assertions (RFC 7523 §2.2): private_key_jwt for the demo RSA (RS256, PS256)
// and EC (ES256) clients of demokeys.h, client_secret_jwt (HS256) for the demo client; each
// assertion is verified in full (AssertionVerifier) and works once.
//
// Revocation (RFC 7009) at /oauth2/revoke and introspection (RFC 7662) at /oauth2/introspect,
// both advertised by discovery and both with client authentication; a client may revoke or
// introspect only its own tokens. Revoking a refresh token also revokes the access tokens of
// its grant (RFC 7009 §2.1 SHOULD).
//
// Device authorization grant (RFC 8628): /oauth2/device_authorization hands out codes for the
// public demo client (or any confidential one), /oauth2/device is the verification page where
// a user (or a test) approves or denies a user code, and the token endpoint answers polls with
// authorization_pending, slow_down, access_denied or expired_token until the code is used.
//
// Authorization code grant with PKCE (RFC 6749 §4.1, RFC 7636, RFC 8252, RFC 9207):
// /oauth2/authorize takes loopback redirect URIs (http://127.0.0.1:PORT/callback, any port)
// for the public demo client tw-demo-browser and the confidential clients, requires an S256
// code_challenge (plain is refused), and shows a sign-in page with Approve and Deny (or
// approves at once with SandboxConfig::autoApprove). Its redirect carries `iss`. A code lives
// a minute, works once, and is bound to the client, the exact redirect_uri and the
// challenge; a replayed code is refused and revokes what was issued from it.
class OAuth2Generic : public Provider
{
public:
    explicit OAuth2Generic(ProviderContext *context);

    QString endpointFor(const HttpRequest &request) const override;
    HttpReply handle(const QString &endpoint, const HttpRequest &request) override;
    QJsonObject describe() const override;

private:
    struct Grant
    {
        QString clientId;
        QString scope;
        QString audience;
        QStringList resources;
        QStringList accessTokens; // issued from this grant, revoked with its refresh token
        QString code;             // the authorization code it came from, if any
        bool used = false;
    };

    HttpReply discovery(const HttpRequest &request) const;
    HttpReply token(const HttpRequest &request);
    // The client a request authenticates as, or the refusal to send back.
    std::variant<QString, HttpReply> authenticateClient(const HttpRequest &request,
                                                        const QString &endpointPath);
    HttpReply revoke(const HttpRequest &request);
    HttpReply introspect(const HttpRequest &request);
    HttpReply deviceAuthorization(const HttpRequest &request);
    HttpReply verificationPage(const HttpRequest &request);
    HttpReply devicePoll(const QString &clientId, const QString &deviceCode);
    HttpReply authorize(const HttpRequest &request);
    HttpReply decide(const HttpRequest &request);
    HttpReply redeemCode(const QString &clientId, const FormFields &form);
    HttpReply redirectTo(const QString &redirectUri, const FormFields &params) const;
    HttpReply issue(const Grant &grant);
    HttpReply api(const HttpRequest &request) const;

    AssertionVerifier m_assertions;
    DeviceAuthorizations m_devices;
    AuthorizationCodes m_codes;
    QMutex m_mutex;
    QHash<QString, Grant> m_refreshTokens;
};

} // namespace tw::sandbox
