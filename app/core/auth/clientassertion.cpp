#include "auth/clientassertion.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>

#include <openssl/bio.h>
#include <openssl/ecdsa.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <memory>

namespace tw::ClientAssertion {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("ClientAssertion", text);
}

Error keyError(const QString &message)
{
    Error e;
    e.code = Error::Code::InvalidInput;
    e.message = message;
    return e;
}

struct FreeKey
{
    void operator()(EVP_PKEY *key) const { EVP_PKEY_free(key); }
};
struct FreeMdCtx
{
    void operator()(EVP_MD_CTX *ctx) const { EVP_MD_CTX_free(ctx); }
};
struct FreeEcdsaSig
{
    void operator()(ECDSA_SIG *sig) const { ECDSA_SIG_free(sig); }
};
using Key = std::unique_ptr<EVP_PKEY, FreeKey>;

// An encrypted PEM would make OpenSSL's default callback prompt on the terminal; refuse.
int noPassphrase(char *, int, int, void *)
{
    return -1;
}

Result<Key> loadKey(const QByteArray &pem)
{
    if (pem.trimmed().isEmpty())
        return keyError(tr("No private key was given."));
    if (pem.contains("ENCRYPTED"))
        return keyError(tr("The private key is encrypted; give it unencrypted (for example "
                           "`openssl pkey -in key.pem`): the keychain protects it instead."));
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.constData(), int(pem.size())),
                                                  &BIO_free);
    // PEM_read_bio_PrivateKey reads PKCS#8 and the traditional PKCS#1 (RSA) and SEC1 (EC) forms.
    Key key(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, noPassphrase, nullptr) : nullptr);
    // OpenSSL's queued reasons are no use to a user and must not linger for a later caller.
    ERR_clear_error();
    if (!key)
        return keyError(tr("The private key does not parse: give an RSA or EC private key in PEM "
                           "(PKCS#1, PKCS#8 or SEC1)."));
    return key;
}

bool isP256(EVP_PKEY *key)
{
    char group[64] = {};
    size_t length = 0;
    return EVP_PKEY_get_group_name(key, group, sizeof group, &length) == 1 &&
           qstrcmp(group, "prime256v1") == 0;
}

Result<SigningAlg> algForKey(EVP_PKEY *key, SigningAlg wanted)
{
    if (EVP_PKEY_is_a(key, "RSA")) {
        // RFC 7518 §3.3: RSA keys for RS256/PS256 must be at least 2048 bits.
        if (EVP_PKEY_get_bits(key) < 2048)
            return keyError(tr("The RSA key is shorter than 2048 bits (RFC 7518 §3.3)."));
        if (wanted == SigningAlg::ES256)
            return keyError(tr("ES256 needs an EC P-256 key, but the key is RSA; use RS256 or "
                               "PS256."));
        return wanted == SigningAlg::Auto ? SigningAlg::RS256 : wanted;
    }
    if (EVP_PKEY_is_a(key, "EC")) {
        if (!isP256(key))
            return keyError(tr("The EC key is not on curve P-256, which ES256 needs."));
        if (wanted == SigningAlg::RS256 || wanted == SigningAlg::PS256)
            return keyError(tr("%1 needs an RSA key, but the key is EC; use ES256.")
                                .arg(signingAlgToString(wanted)));
        return SigningAlg::ES256;
    }
    return keyError(tr("The private key is neither RSA nor EC."));
}

QByteArray base64Url(const QByteArray &data)
{
    return data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QByteArray signingInput(const Claims &claims, const QString &alg, const QString &keyId)
{
    QJsonObject header{{QStringLiteral("alg"), alg},
                       {QStringLiteral("typ"), QStringLiteral("JWT")}};
    if (!keyId.isEmpty())
        header.insert(QStringLiteral("kid"), keyId);
    const qint64 iat = claims.issuedAt.toSecsSinceEpoch();
    QString jti = claims.jti;
    if (jti.isEmpty()) {
        // RFC 7523 §3: the server may refuse a reused jti; 128 random bits never repeat.
        QByteArray random(16, Qt::Uninitialized);
        QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(random.data()), 4);
        jti = QString::fromLatin1(random.toHex());
    }
    const QJsonObject body{{QStringLiteral("iss"), claims.clientId},
                           {QStringLiteral("sub"), claims.clientId},
                           {QStringLiteral("aud"), claims.audience},
                           {QStringLiteral("jti"), jti},
                           {QStringLiteral("iat"), iat},
                           {QStringLiteral("exp"), iat + LifetimeSec}};
    return base64Url(QJsonDocument(header).toJson(QJsonDocument::Compact)) + '.' +
           base64Url(QJsonDocument(body).toJson(QJsonDocument::Compact));
}

// JWS ES256 (RFC 7518 §3.4) wants R || S, each 32 bytes; OpenSSL gives DER ECDSA-Sig-Value.
std::optional<QByteArray> derToRaw(const QByteArray &der)
{
    const auto *cursor = reinterpret_cast<const unsigned char *>(der.constData());
    std::unique_ptr<ECDSA_SIG, FreeEcdsaSig> sig(d2i_ECDSA_SIG(nullptr, &cursor, der.size()));
    if (!sig)
        return std::nullopt;
    const BIGNUM *r = nullptr, *s = nullptr;
    ECDSA_SIG_get0(sig.get(), &r, &s);
    QByteArray raw(64, '\0');
    auto *out = reinterpret_cast<unsigned char *>(raw.data());
    if (BN_bn2binpad(r, out, 32) != 32 || BN_bn2binpad(s, out + 32, 32) != 32)
        return std::nullopt;
    return raw;
}

Result<QByteArray> sign(EVP_PKEY *key, SigningAlg alg, const QByteArray &input)
{
    std::unique_ptr<EVP_MD_CTX, FreeMdCtx> ctx(EVP_MD_CTX_new());
    EVP_PKEY_CTX *pctx = nullptr;
    bool ok = ctx && EVP_DigestSignInit(ctx.get(), &pctx, EVP_sha256(), nullptr, key) == 1;
    if (ok && alg == SigningAlg::PS256) {
        // RFC 7518 §3.5: MGF1 with SHA-256 and a salt as long as the hash.
        ok = EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1 &&
             EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) == 1;
    }
    const auto *data = reinterpret_cast<const unsigned char *>(input.constData());
    size_t length = 0;
    ok = ok && EVP_DigestSign(ctx.get(), nullptr, &length, data, input.size()) == 1;
    QByteArray signature(qsizetype(length), '\0');
    ok = ok && EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char *>(signature.data()),
                              &length, data, input.size()) == 1;
    ERR_clear_error();
    if (!ok)
        return keyError(tr("Signing the client assertion failed."));
    signature.resize(qsizetype(length));
    if (alg == SigningAlg::ES256) {
        const auto raw = derToRaw(signature);
        if (!raw)
            return keyError(tr("Signing the client assertion failed."));
        return *raw;
    }
    return signature;
}
} // namespace

Result<SigningAlg> checkKey(const QByteArray &pem, SigningAlg wanted)
{
    auto key = loadKey(pem);
    if (!key)
        return key.error();
    return algForKey(key.value().get(), wanted);
}

Result<QByteArray> signWithKey(const Claims &claims, const QByteArray &pem, SigningAlg wanted,
                               const QString &keyId)
{
    auto key = loadKey(pem);
    if (!key)
        return key.error();
    const auto alg = algForKey(key.value().get(), wanted);
    if (!alg)
        return alg.error();
    const QByteArray input = signingInput(claims, signingAlgToString(alg.value()), keyId);
    const auto signature = sign(key.value().get(), alg.value(), input);
    if (!signature)
        return signature.error();
    return input + '.' + base64Url(signature.value());
}

Result<QByteArray> signWithSecret(const Claims &claims, const QByteArray &secret)
{
    if (secret.isEmpty())
        return keyError(tr("client_secret_jwt needs a client secret."));
    const QByteArray input = signingInput(claims, QStringLiteral("HS256"), QString());
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (!HMAC(EVP_sha256(), secret.constData(), int(secret.size()),
              reinterpret_cast<const unsigned char *>(input.constData()), size_t(input.size()), mac,
              &length))
        return keyError(tr("Signing the client assertion failed."));
    return input + '.' + base64Url(QByteArray(reinterpret_cast<const char *>(mac), int(length)));
}

Result<QString> credentialFor(const Profile &profile, const QUrl &endpoint, const QString &secret,
                              const QDateTime &now)
{
    if (!usesClientAssertion(profile.clientAuth))
        return secret;
    // RFC 7523 §3: aud identifies the server; the URL the assertion is sent to does.
    const Claims claims{profile.clientId, endpoint.toString(QUrl::FullyEncoded), now, QString()};
    const auto assertion =
        profile.clientAuth == ClientAuth::PrivateKeyJwt
            ? signWithKey(claims, secret.toUtf8(), profile.signingAlg, profile.keyId)
            : signWithSecret(claims, secret.toUtf8());
    if (!assertion) {
        Error e = assertion.error();
        e.message = tr("Profile \"%1\": %2").arg(profile.name, e.message);
        return e;
    }
    return QString::fromLatin1(assertion.value());
}

} // namespace tw::ClientAssertion
