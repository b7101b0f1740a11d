#pragma once

#include <QString>
#include <QStringList>
#include <optional>

namespace tw {

// Provider kinds; spelling on the wire/CLI/JSON: druva-msp, druva, oidc, commvault, oauth2.
enum class ProviderKind { DruvaMsp, Druva, Oidc, Commvault, OAuth2 };

// How the client authenticates at the token endpoint. BasicRaw is Druva's documented
// style (base64 of the raw "id:secret"); ClientSecretBasic is RFC 6749 §2.3.1 (each
// part form-urlencoded first). They differ only for secrets holding + / = : % etc.
// The two JWT methods send a signed client assertion instead (RFC 7523 §2.2, OIDC Core §9):
// ClientSecretJwt signs with the client secret (HS256), PrivateKeyJwt with a private key.
enum class ClientAuth {
    BasicRaw,
    ClientSecretBasic,
    ClientSecretPost,
    None,
    ClientSecretJwt,
    PrivateKeyJwt
};

// JWS algorithms of a private_key_jwt assertion (RFC 7518 §3); Auto follows the key type
// (RSA → RS256, EC P-256 → ES256).
enum class SigningAlg { Auto, RS256, PS256, ES256 };

// How a generic OAuth 2.0 profile gets its first token; refresh tokens renew it silently.
// DeviceCode (RFC 8628) and AuthorizationCode (RFC 6749 §4.1 with PKCE, RFC 7636) need a
// person: a sign-in in a browser.
enum class Grant { ClientCredentials, DeviceCode, AuthorizationCode };

enum class CommvaultScope { All, Custom, Scim, OneTouch };
enum class CommvaultMode { AccessToken, LoginSession };

QString kindToString(ProviderKind kind);
std::optional<ProviderKind> kindFromString(const QString &text);
QString kindDisplayName(ProviderKind kind);
QStringList allKindNames();

QString clientAuthToString(ClientAuth auth);
std::optional<ClientAuth> clientAuthFromString(const QString &text);
QStringList allClientAuthNames();
// Whether the method signs a client assertion rather than sending the secret.
bool usesClientAssertion(ClientAuth auth);

QString signingAlgToString(SigningAlg alg); // "" for Auto
std::optional<SigningAlg> signingAlgFromString(const QString &text);

QString grantToString(Grant grant);
std::optional<Grant> grantFromString(const QString &text);
QStringList allGrantNames();
// Whether the grant needs a person to sign in (device code, browser sign-in).
bool isInteractive(Grant grant);

QString commvaultScopeToString(CommvaultScope scope);
std::optional<CommvaultScope> commvaultScopeFromString(const QString &text);

QString commvaultModeToString(CommvaultMode mode);
std::optional<CommvaultMode> commvaultModeFromString(const QString &text);

// Druva kinds answer an expired token with 403 as well as 401 (vendor FAQ).
bool treats403AsExpired(ProviderKind kind);
// Kinds whose credential can list the customers it manages: Druva MSP (the MSP API) and the
// OIDC portal (its tenant list). CustomerPaging::forKind has a pager for exactly these.
bool listsCustomers(ProviderKind kind);
// Kinds that mint a per-customer token from the MSP credential: only Druva MSP. That token
// is then used like a plain Druva token (Druva's rules for expiry and paging apply).
bool mintsCustomerTokens(ProviderKind kind);

} // namespace tw
