#pragma once

#include "common/error.h"
#include "profiles/profile.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

namespace tw {

// Signs the JWT a client sends instead of its secret (RFC 7523 §2.2, OIDC Core §9):
// private_key_jwt with an RSA or EC key given as PEM (PKCS#1, PKCS#8 or SEC1), and
// client_secret_jwt (HS256 over the client secret). All cryptography is OpenSSL's libcrypto.
// Error messages never quote the key or the secret.
namespace ClientAssertion {

inline constexpr char AssertionType[] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
// Short enough that a captured assertion is soon useless, long enough for clock skew.
inline constexpr int LifetimeSec = 60;

struct Claims
{
    QString clientId; // iss and sub
    QString audience; // the token endpoint URL
    QDateTime issuedAt;
    QString jti; // unique per assertion; empty = a random one
};

// private_key_jwt: `alg` Auto follows the key type. `keyId` goes to the header as `kid`
// when not empty.
Result<QByteArray> signWithKey(const Claims &claims, const QByteArray &pem, SigningAlg alg,
                               const QString &keyId);
// client_secret_jwt: HS256 with the client secret as the key.
Result<QByteArray> signWithSecret(const Claims &claims, const QByteArray &secret);

// The algorithm a PEM key will sign with (`wanted`, or the key type's for Auto); an error
// when the key does not parse, is neither RSA (≥ 2048 bits) nor EC P-256, or does not fit
// `wanted`. Lets a key be checked before it is stored.
Result<SigningAlg> checkKey(const QByteArray &pem, SigningAlg wanted = SigningAlg::Auto);

// What authenticates `profile`'s client at `endpoint`: the secret itself, or for the JWT
// methods a freshly signed assertion with aud = `endpoint` (`secret` is then the PEM key or
// the client secret). Errors name the profile, never the key.
Result<QString> credentialFor(const Profile &profile, const QUrl &endpoint, const QString &secret,
                              const QDateTime &now);

} // namespace ClientAssertion
} // namespace tw
