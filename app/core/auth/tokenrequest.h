#pragma once

#include "common/httpclient.h"
#include "profiles/profile.h"

namespace tw {

// Builds token-endpoint requests byte for byte as docs/providers.md describes. Pure functions:
// no network, so tests can compare exact headers and bodies.
namespace TokenRequest {

// application/x-www-form-urlencoded with every value percent-encoded (QUrlQuery leaves
// '+' alone, which servers read as a space).
QByteArray formEncode(const QList<QPair<QString, QString>> &fields);
QByteArray formUrlEncode(const QString &value);

// "Basic …" header value. rfc6749 = form-urlencode id and secret first (§2.3.1);
// otherwise the raw "id:secret" (Druva's documents).
QByteArray basicAuthorization(const QString &clientId, const QString &secret, bool rfc6749);

// client_credentials grant for druva-msp, druva, oidc, oauth2. For client_secret_jwt and
// private_key_jwt, `secret` is the signed client assertion (ClientAssertion).
HttpRequest clientCredentials(const Profile &profile, const QUrl &tokenEndpoint,
                              const QString &secret, ClientAuth auth);

// refresh_token grant (generic OAuth 2.0 servers that hand out refresh tokens).
HttpRequest refreshGrant(const Profile &profile, const QUrl &tokenEndpoint, const QString &secret,
                         ClientAuth auth, const QString &refreshToken);

// Any other form POST to the authorization server (RFC 8628 device authorization and
// device_code polls), the client authenticated as the profile says.
HttpRequest authenticatedForm(const Profile &profile, const QUrl &endpoint,
                              const QString &credential, QList<QPair<QString, QString>> fields);

// RFC 7009 revocation / RFC 7662 introspection: `token` (with its type hint) in a form body,
// the client authenticated as at the token endpoint.
HttpRequest tokenManagement(const Profile &profile, const QUrl &endpoint, const QString &credential,
                            const QString &token, const QString &typeHint);

// Druva MSP: POST {api base}/msp/v2/customers/{id}/token with the MSP token.
HttpRequest druvaCustomerToken(const QUrl &apiBase, const QString &customerId,
                               const QString &mspAccessToken);

// Commvault (JSON bodies; base = web service base …/commandcenter/api).
HttpRequest commvaultRenew(const QUrl &base, const QString &accessToken,
                           const QString &refreshToken);
HttpRequest commvaultLogin(const QUrl &base, const QString &username, const QString &password,
                           const QString &domain);
HttpRequest commvaultRenewLogin(const QUrl &base, const QString &sessionToken,
                                const QString &deviceId);

// base + "/" + path, with exactly one slash between; percent-escapes in `path` are kept.
QUrl appendPath(const QUrl &base, const QString &path);

} // namespace TokenRequest
} // namespace tw
