// Signed client assertions (RFC 7523 §2.2): every algorithm and key format the signer takes,
// checked with OpenSSL's verifier (the sandbox's, written apart from the signer) and, for
// HS256, with Qt's own HMAC; keys that cannot sign give a clear error without key material.
#include "assertionverifier.h"
#include "auth/clientassertion.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>
#include <QTest>

#include <openssl/evp.h>
#include <openssl/pem.h>

using namespace tw;

namespace {
QByteArray testKey(const QString &name)
{
    QFile file(qEnvironmentVariable("TOKENWRIGHT_TEST_SOURCE_DIR") +
               QStringLiteral("/tests/data/") + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("test key %s missing", qPrintable(name));
    return file.readAll();
}

QJsonObject part(const QByteArray &jwt, int index)
{
    return QJsonDocument::fromJson(
               QByteArray::fromBase64(jwt.split('.').at(index), QByteArray::Base64UrlEncoding))
        .object();
}

QByteArray signaturePart(const QByteArray &jwt)
{
    return QByteArray::fromBase64(jwt.split('.').at(2), QByteArray::Base64UrlEncoding);
}

QByteArray signingInput(const QByteArray &jwt)
{
    return jwt.left(jwt.lastIndexOf('.'));
}

// A PEM made on the spot by OpenSSL, for keys the signer must refuse.
QByteArray generatedPem(const char *type, const char *param, bool encrypted)
{
    EVP_PKEY *key = qstrcmp(type, "RSA") == 0
                        ? EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t(1024))
                        : EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", param);
    BIO *bio = BIO_new(BIO_s_mem());
    static char pass[] = "passphrase";
    PEM_write_bio_PrivateKey(bio, key, encrypted ? EVP_aes_256_cbc() : nullptr,
                             encrypted ? reinterpret_cast<unsigned char *>(pass) : nullptr,
                             encrypted ? int(sizeof pass - 1) : 0, nullptr, nullptr);
    char *data = nullptr;
    const long length = BIO_get_mem_data(bio, &data);
    QByteArray pem(data, int(length));
    BIO_free(bio);
    EVP_PKEY_free(key);
    return pem;
}

const QDateTime kNow = QDateTime::fromSecsSinceEpoch(1'800'000'000, Qt::UTC);
const ClientAssertion::Claims kClaims{
    QStringLiteral("client-1"), QStringLiteral("https://as.example/token"), kNow, {}};
} // namespace

class TestClientAssertion : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void signsEveryAlgorithmAndKeyFormat_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<SigningAlg>("wanted");
        QTest::addColumn<QString>("alg");
        QTest::newRow("RSA PKCS#1, auto") << "client-rsa-pkcs1.pem" << SigningAlg::Auto << "RS256";
        QTest::newRow("RSA PKCS#8, RS256")
            << "client-rsa-pkcs8.pem" << SigningAlg::RS256 << "RS256";
        QTest::newRow("RSA PKCS#1, PS256")
            << "client-rsa-pkcs1.pem" << SigningAlg::PS256 << "PS256";
        QTest::newRow("RSA PKCS#8, PS256")
            << "client-rsa-pkcs8.pem" << SigningAlg::PS256 << "PS256";
        QTest::newRow("EC SEC1, auto") << "client-ec-sec1.pem" << SigningAlg::Auto << "ES256";
        QTest::newRow("EC SEC1, ES256") << "client-ec-sec1.pem" << SigningAlg::ES256 << "ES256";
        QTest::newRow("EC PKCS#8, ES256") << "client-ec-pkcs8.pem" << SigningAlg::ES256 << "ES256";
    }
    void signsEveryAlgorithmAndKeyFormat()
    {
        QFETCH(QString, file);
        QFETCH(SigningAlg, wanted);
        QFETCH(QString, alg);
        const QByteArray pem = testKey(file);
        const auto jwt =
            ClientAssertion::signWithKey(kClaims, pem, wanted, QStringLiteral("kid-7"));
        QVERIFY2(jwt.ok(), qPrintable(jwt.ok() ? QString() : jwt.error().message));

        const QJsonObject header = part(jwt.value(), 0);
        QCOMPARE(header.value(QLatin1String("alg")).toString(), alg);
        QCOMPARE(header.value(QLatin1String("kid")).toString(), QStringLiteral("kid-7"));
        QCOMPARE(header.value(QLatin1String("typ")).toString(), QStringLiteral("JWT"));
        const QJsonObject claims = part(jwt.value(), 1);
        QCOMPARE(claims.value(QLatin1String("iss")).toString(), kClaims.clientId);
        QCOMPARE(claims.value(QLatin1String("sub")).toString(), kClaims.clientId);
        QCOMPARE(claims.value(QLatin1String("aud")).toString(), kClaims.audience);
        QCOMPARE(claims.value(QLatin1String("iat")).toInteger(), kNow.toSecsSinceEpoch());
        QCOMPARE(claims.value(QLatin1String("exp")).toInteger(),
                 kNow.toSecsSinceEpoch() + ClientAssertion::LifetimeSec);
        QCOMPARE(claims.value(QLatin1String("jti")).toString().size(), 32);

        const QByteArray signature = signaturePart(jwt.value());
        if (alg == QLatin1String("ES256"))
            QCOMPARE(signature.size(), 64); // JWS R || S, not DER
        else
            QCOMPARE(signature.size(), 256);
        QVERIFY(sandbox::AssertionVerifier::verifySignature(alg, pem, signingInput(jwt.value()),
                                                            signature));
        // The check above is not blind: one flipped bit fails it.
        QByteArray tampered = signature;
        tampered[10] = char(tampered[10] ^ 0x01);
        QVERIFY(!sandbox::AssertionVerifier::verifySignature(alg, pem, signingInput(jwt.value()),
                                                             tampered));
        // Nor does it accept another algorithm over the same bytes.
        const QString other =
            alg == QLatin1String("RS256") ? QStringLiteral("PS256") : QStringLiteral("RS256");
        QVERIFY(!sandbox::AssertionVerifier::verifySignature(other, pem, signingInput(jwt.value()),
                                                             signature));
    }

    void eachAssertionHasItsOwnJti()
    {
        const QByteArray pem = testKey(QStringLiteral("client-ec-sec1.pem"));
        const auto first = ClientAssertion::signWithKey(kClaims, pem, SigningAlg::Auto, {});
        const auto second = ClientAssertion::signWithKey(kClaims, pem, SigningAlg::Auto, {});
        QVERIFY(first.ok() && second.ok());
        QVERIFY(part(first.value(), 1).value(QLatin1String("jti")) !=
                part(second.value(), 1).value(QLatin1String("jti")));
        QVERIFY(!part(first.value(), 0).contains(QLatin1String("kid"))); // no kid: none sent
    }

    void clientSecretJwtIsHs256OverTheSecret()
    {
        const QByteArray secret("OAuth+Secret/Demo=7:%x");
        const auto jwt = ClientAssertion::signWithSecret(kClaims, secret);
        QVERIFY(jwt.ok());
        QCOMPARE(part(jwt.value(), 0).value(QLatin1String("alg")).toString(),
                 QStringLiteral("HS256"));
        // Qt's own HMAC, independent of OpenSSL.
        QCOMPARE(signaturePart(jwt.value()),
                 QMessageAuthenticationCode::hash(signingInput(jwt.value()), secret,
                                                  QCryptographicHash::Sha256));
        QVERIFY(!ClientAssertion::signWithSecret(kClaims, QByteArray()).ok());
    }

    void defaultAlgorithmFollowsTheKeyType()
    {
        QCOMPARE(ClientAssertion::checkKey(testKey(QStringLiteral("client-rsa-pkcs8.pem"))).value(),
                 SigningAlg::RS256);
        QCOMPARE(ClientAssertion::checkKey(testKey(QStringLiteral("client-ec-pkcs8.pem"))).value(),
                 SigningAlg::ES256);
        QCOMPARE(ClientAssertion::checkKey(testKey(QStringLiteral("client-rsa-pkcs1.pem")),
                                           SigningAlg::PS256)
                     .value(),
                 SigningAlg::PS256);
        QVERIFY(!ClientAssertion::checkKey(testKey(QStringLiteral("client-ec-sec1.pem")),
                                           SigningAlg::PS256)
                     .ok());
    }

    void unusableKeysGiveAClearErrorWithoutKeyMaterial_data()
    {
        const QByteArray rsa = testKey(QStringLiteral("client-rsa-pkcs8.pem"));
        const QByteArray ec = testKey(QStringLiteral("client-ec-sec1.pem"));
        QByteArray garbled = rsa;
        garbled.replace(40, 30, QByteArray(30, '!'));
        QTest::addColumn<QByteArray>("pem");
        QTest::addColumn<SigningAlg>("alg");
        QTest::addColumn<QString>("expected");
        QTest::newRow("empty") << QByteArray() << SigningAlg::Auto << "No private key";
        QTest::newRow("not PEM") << QByteArray("hello, I am not a key") << SigningAlg::Auto
                                 << "does not parse";
        QTest::newRow("garbled base64") << garbled << SigningAlg::Auto << "does not parse";
        QTest::newRow("truncated")
            << rsa.left(rsa.size() / 2) << SigningAlg::Auto << "does not parse";
        QTest::newRow("certificate, not a key")
            << testKey(QStringLiteral("loopback-cert.pem")) << SigningAlg::Auto << "does not parse";
        QTest::newRow("encrypted")
            << generatedPem("EC", "prime256v1", true) << SigningAlg::Auto << "encrypted";
        QTest::newRow("RSA 1024") << generatedPem("RSA", nullptr, false) << SigningAlg::RS256
                                  << "2048";
        QTest::newRow("EC P-384") << generatedPem("EC", "secp384r1", false) << SigningAlg::Auto
                                  << "P-256";
        QTest::newRow("EC key, RS256") << ec << SigningAlg::RS256 << "needs an RSA key";
        QTest::newRow("RSA key, ES256") << rsa << SigningAlg::ES256 << "needs an EC P-256 key";
    }
    void unusableKeysGiveAClearErrorWithoutKeyMaterial()
    {
        QFETCH(QByteArray, pem);
        QFETCH(SigningAlg, alg);
        QFETCH(QString, expected);
        const auto jwt = ClientAssertion::signWithKey(kClaims, pem, alg, {});
        QVERIFY(!jwt.ok());
        const QString text = jwt.error().message + jwt.error().detail;
        QVERIFY2(text.contains(expected), qPrintable(text));
        QCOMPARE(jwt.error().code, Error::Code::InvalidInput);
        // Not a line, nor any 12 characters, of the PEM's body appear in the message.
        for (const QByteArray &line : pem.split('\n')) {
            if (line.startsWith("-----") || line.size() < 12)
                continue;
            for (int at = 0; at + 12 <= line.size(); at += 6)
                QVERIFY(!text.contains(QString::fromLatin1(line.mid(at, 12))));
        }
    }
};

QTEST_GUILESS_MAIN(TestClientAssertion)
#include "tst_clientassertion.moc"
