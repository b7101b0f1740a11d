#pragma once

#include "common/error.h"
#include "common/origin.h"
#include "profiles/kinds.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <QUuid>

namespace tw {

struct ProfileOptions
{
    bool autoRefresh = true;
    // Bearer tokens go over plain HTTP only to loopback unless this is set.
    bool allowInsecureHttp = false;
    bool verifyTls = true;
    QString caFile; // extra CA bundle (PEM), optional
    // Overall deadline of one request to the profile's servers (redirects included).
    int timeoutSec = kDefaultTimeoutSec;
    // How long the secret command may run before it is killed.
    int secretCommandTimeoutSec = kDefaultTimeoutSec;

    static constexpr int kDefaultTimeoutSec = 30;
    static constexpr int kMaxTimeoutSec = 3600;
};

struct CommvaultSettings
{
    CommvaultMode mode = CommvaultMode::AccessToken;
    CommvaultScope scope = CommvaultScope::All;
    QDateTime created;           // when the access token was made (UTC)
    QString username;            // login-session mode; password lives in the keychain
    QString domain;              // login-session mode, optional
    bool legacy = false;         // made before 11.38: cannot be renewed, valid until expiry
    int renewalHorizonDays = 90; // 90 by default, extendable to 365 on the CommServe
};

// Profile metadata: everything except secrets. Written to profiles.json.
struct Profile
{
    QUuid id;
    QString name;
    ProviderKind kind = ProviderKind::OAuth2;
    QUrl tokenUrl; // explicit token endpoint (druva*, oauth2 without discovery)
    QUrl issuer;   // oidc / oauth2 with discovery
    QUrl apiBase;  // API base (Commvault: web service base …/commandcenter/api)
    // RFC 7009 / RFC 7662 endpoints when discovery does not name them (optional).
    QUrl revocationUrl;
    QUrl introspectionUrl;
    QString clientId;
    ClientAuth clientAuth = ClientAuth::ClientSecretBasic;
    // `--client-auth auto` (ClientAuthAuto): the method is chosen per request from the
    // server's metadata, and clientAuth is not used. learnedBasic is the HTTP Basic encoding
    // that server accepted after a retry (RFC 6749 §2.3.1 or raw), sent first from then on;
    // it is kept in profiles.json ("client_auth_learned").
    bool clientAuthAuto = false;
    std::optional<ClientAuth> learnedBasic;
    Grant grant = Grant::ClientCredentials; // oauth2 only
    // private_key_jwt: the header's `kid` and the JWS algorithm (the key is in the keychain).
    QString keyId;
    SigningAlg signingAlg = SigningAlg::Auto;
    QString scope;
    // Browser sign-in (Grant::AuthorizationCode): the loopback port of the redirect URI
    // (0 = any free port, RFC 8252 §7.3; a fixed one for servers that register exact URIs),
    // and OpenID Connect Core §3.1.2.1's `prompt` and `login_hint`, sent as given.
    int redirectPort = 0;
    QString prompt;
    QString loginHint;
    QString audience;
    QString resource;
    QList<QPair<QString, QString>> extraParams; // extra token-request form parameters
    // A program and its arguments whose standard output is the secret (the AWS
    // credential_process idea: `pass show team/druva`), run without a shell each time the
    // secret is needed; empty when the secret is in the keychain. It names where the secret
    // is, never the secret itself, so it is stored and exported like a URL.
    QStringList secretCommand;
    ProfileOptions options;
    CommvaultSettings commvault;
    QStringList secretKeys; // keychain entries this profile wrote (the keychain cannot be listed)
    QDateTime createdAt;
    QDateTime updatedAt;

    QJsonObject toJson() const;
    static Result<Profile> fromJson(const QJsonObject &json);

    // Checks required fields and URL rules for the kind; the first problem found.
    Status validate() const;
    // Why `name` cannot name a profile (empty, control or bidi-override characters, too
    // long), or empty when it can.
    static QString nameProblem(const QString &name);
    // The secret command's rules: a program, no control characters, a kind with a secret
    // to give, a timeout in range (part of validate()).
    Status validateSecretCommand() const;

    // Defaults per kind from docs/providers.md (token URL, client auth, scope, API base).
    static Profile preset(ProviderKind kind, const QString &region = QString());

    bool usesDiscovery() const;
    // "auto" for an auto profile, else the method's name (clientAuthToString).
    QString clientAuthName() const;
    bool isLoopback(const QUrl &url) const;
    QString secretKey(const QString &entry) const; // "<id>/<entry>"
    // The keychain entry of the secret the user gives for this profile (client secret,
    // private key or Commvault password), which a secret command replaces; empty for
    // profiles without one (no client authentication, a Commvault token pair).
    QString primarySecretEntry() const;
    // Hash of everything that decides which token the server hands out (URLs, client,
    // auth method, scope, audience, parameters): a cached token is reused only while it
    // is unchanged.
    QString tokenFingerprint() const;
};

// Names of the keychain entries, relative to the profile id.
namespace SecretEntry {
inline const QString ClientSecret = QStringLiteral("client_secret");
inline const QString RefreshToken = QStringLiteral("refresh_token");
inline const QString CommvaultPair = QStringLiteral("commvault_pair"); // JSON: both tokens together
inline const QString Password = QStringLiteral("password");
inline const QString PrivateKey = QStringLiteral("private_key"); // PEM, private_key_jwt
inline QString cachedToken(const QString &cacheKey)
{
    return QStringLiteral("token:") + cacheKey;
}
} // namespace SecretEntry

} // namespace tw
