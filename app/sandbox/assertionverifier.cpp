#include "assertionverifier.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/ecdsa.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <memory>

namespace tw::sandbox {

namespace {
// Longest assertion lifetime accepted: a client asking for more is careless (RFC 7523 §3 lets
// the server bound it).
constexpr qint64 MaxLifetimeSecs = 300;
constexpr qint64 SkewSecs = 30;

using Key = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;

Key readKey(const QByteArray &pem)
{
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.constData(), int(pem.size())),
                                                  &BIO_free);
    EVP_PKEY *key = PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr);
    if (!key) {
        BIO_reset(bio.get());
        key = PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr);
    }
    ERR_clear_error();
    return Key(key, &EVP_PKEY_free);
}

// JWS ES256 carries R || S; OpenSSL verifies DER.
QByteArray rawToDer(const QByteArray &raw)
{
    if (raw.size() != 64)
        return {};
    ECDSA_SIG *sig = ECDSA_SIG_new();
    const auto *bytes = reinterpret_cast<const unsigned char *>(raw.constData());
    ECDSA_SIG_set0(sig, BN_bin2bn(bytes, 32, nullptr), BN_bin2bn(bytes + 32, 32, nullptr));
    unsigned char *der = nullptr;
    const int length = i2d_ECDSA_SIG(sig, &der);
    QByteArray out = length > 0 ? QByteArray(reinterpret_cast<char *>(der), length) : QByteArray();
    OPENSSL_free(der);
    ECDSA_SIG_free(sig);
    return out;
}

QJsonObject decodePart(const QByteArray &part)
{
    const auto decoded = QByteArray::fromBase64Encoding(
        part, QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return {};
    return QJsonDocument::fromJson(*decoded).object();
}
} // namespace

void AssertionVerifier::registerClient(const QString &clientId, const Client &client)
{
    QMutexLocker lock(&m_mutex);
    m_clients.insert(clientId, client);
}

bool AssertionVerifier::verifySignature(const QString &alg, const QByteArray &keyOrSecret,
                                        const QByteArray &input, const QByteArray &signature)
{
    const auto *data = reinterpret_cast<const unsigned char *>(input.constData());
    if (alg == QLatin1String("HS256")) {
        unsigned char mac[EVP_MAX_MD_SIZE];
        unsigned int length = 0;
        if (!HMAC(EVP_sha256(), keyOrSecret.constData(), int(keyOrSecret.size()), data,
                  size_t(input.size()), mac, &length))
            return false;
        return signature.size() == int(length) &&
               CRYPTO_memcmp(mac, signature.constData(), length) == 0;
    }
    const Key key = readKey(keyOrSecret);
    if (!key)
        return false;
    const bool rsa = EVP_PKEY_is_a(key.get(), "RSA");
    if ((alg == QLatin1String("ES256")) == rsa)
        return false;
    const QByteArray sig = alg == QLatin1String("ES256") ? rawToDer(signature) : signature;
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    EVP_PKEY_CTX *pctx = nullptr;
    bool ok = EVP_DigestVerifyInit(ctx.get(), &pctx, EVP_sha256(), nullptr, key.get()) == 1;
    if (ok && alg == QLatin1String("PS256"))
        ok = EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1 &&
             EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) == 1;
    else if (ok && alg != QLatin1String("RS256") && alg != QLatin1String("ES256"))
        ok = false;
    ok = ok && !sig.isEmpty() &&
         EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char *>(sig.constData()),
                          size_t(sig.size()), data, size_t(input.size())) == 1;
    ERR_clear_error();
    return ok;
}

AssertionVerifier::Outcome AssertionVerifier::verify(const QByteArray &assertion,
                                                     const QStringList &audiences, qint64 now)
{
    Outcome out;
    const QList<QByteArray> parts = assertion.split('.');
    if (parts.size() != 3) {
        out.error = QStringLiteral("client_assertion is not a compact JWS");
        return out;
    }
    const QJsonObject header = decodePart(parts.at(0));
    const QJsonObject claims = decodePart(parts.at(1));
    const auto signature = QByteArray::fromBase64Encoding(
        parts.at(2), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (header.isEmpty() || claims.isEmpty() || !signature) {
        out.error = QStringLiteral("client_assertion does not decode");
        return out;
    }
    const QString iss = claims.value(QLatin1String("iss")).toString();
    out.clientId = iss;
    const QString alg = header.value(QLatin1String("alg")).toString();
    QMutexLocker lock(&m_mutex);
    const auto client = m_clients.constFind(iss);
    if (client == m_clients.constEnd()) {
        out.error = QStringLiteral("Unknown client");
        return out;
    }
    if (!client->algs.contains(alg)) {
        out.error = QStringLiteral("alg %1 is not registered for this client").arg(alg.left(10));
        return out;
    }
    if (!verifySignature(alg, client->keyOrSecret, parts.at(0) + '.' + parts.at(1), *signature)) {
        out.error = QStringLiteral("The assertion's signature does not verify");
        return out;
    }
    if (claims.value(QLatin1String("sub")).toString() != iss) {
        out.error = QStringLiteral("sub must equal iss");
        return out;
    }
    const QJsonValue aud = claims.value(QLatin1String("aud"));
    bool audOk = false;
    for (const QString &audience : audiences)
        audOk = audOk || (aud.isArray() ? aud.toArray().contains(QJsonValue(audience))
                                        : aud.toString() == audience);
    if (!audOk) {
        out.error = QStringLiteral("aud must be this server's endpoint");
        return out;
    }
    const qint64 exp = claims.value(QLatin1String("exp")).toInteger(-1);
    const qint64 iat = claims.value(QLatin1String("iat")).toInteger(now);
    if (exp < 0 || exp + SkewSecs <= now) {
        out.error = QStringLiteral("The assertion has expired");
        return out;
    }
    if (exp - now > MaxLifetimeSecs || iat > now + SkewSecs) {
        out.error = QStringLiteral("The assertion lives too long or comes from the future");
        return out;
    }
    const QString jti = claims.value(QLatin1String("jti")).toString();
    for (auto it = m_seenJti.begin(); it != m_seenJti.end();)
        it = it.value() + SkewSecs < now ? m_seenJti.erase(it) : std::next(it);
    const QString seenKey = iss + QLatin1Char('\n') + jti;
    if (jti.isEmpty() || m_seenJti.contains(seenKey)) {
        out.error = QStringLiteral("The assertion's jti is missing or was used before");
        return out;
    }
    m_seenJti.insert(seenKey, exp);
    return out;
}

} // namespace tw::sandbox
