#pragma once

#include <QByteArray>
#include <QHash>
#include <QMutex>
#include <QString>
#include <QStringList>
#include <optional>

namespace tw::sandbox {

// Verifies JWT client assertions (RFC 7523 §3) as a strict server would: a registered
// client, an algorithm registered for it, the signature (public key or shared secret),
// iss = sub = the client, aud = this token endpoint, an unexpired exp, and a jti never seen
// before. Verification is OpenSSL's (libcrypto), independent of the client-side signer.
class AssertionVerifier
{
public:
    struct Client
    {
        QStringList algs;       // "RS256", "PS256", "ES256", "HS256"
        QByteArray keyOrSecret; // PEM private or public key; for HS256 the client secret
    };

    void registerClient(const QString &clientId, const Client &client);

    // The client id the assertion proves, or the reason it proves nothing.
    struct Outcome
    {
        QString clientId;
        QString error; // empty when valid
    };
    // `audiences`: what `aud` may name (the endpoint called, the token endpoint, the issuer).
    Outcome verify(const QByteArray &assertion, const QStringList &audiences, qint64 nowSecs);

    // A JWS signature check on its own: `alg` over `input` (the "header.payload" bytes).
    static bool verifySignature(const QString &alg, const QByteArray &keyOrSecret,
                                const QByteArray &input, const QByteArray &signature);

private:
    QMutex m_mutex;
    QHash<QString, Client> m_clients;
    QHash<QString, qint64> m_seenJti; // jti → exp, forgotten once expired
};

} // namespace tw::sandbox
