// Signed client assertions end to end (RFC 7523 §2.2): the engine signs, the sandbox's
// generic OAuth 2.0 server verifies in full and hands out tokens; assertions that are
// tampered with, expired, replayed, aimed elsewhere or signed by the wrong key are refused.
#include "auth/clientassertion.h"
#include "demokeys.h"
#include "enginefixture.h"
#include "tst_sandboxsupport.h"

#include <QFile>

using namespace tw;
using namespace tw::testing;
using namespace tw::sandbox::testing;

namespace {
QByteArray testKey(const QString &name)
{
    QFile file(qEnvironmentVariable("TOKENWRIGHT_TEST_SOURCE_DIR") +
               QStringLiteral("/tests/data/") + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("test key %s missing", qPrintable(name));
    return file.readAll();
}

QJsonObject claimsOf(const QString &jwt)
{
    return QJsonDocument::fromJson(QByteArray::fromBase64(jwt.toLatin1().split('.').value(1),
                                                          QByteArray::Base64UrlEncoding))
        .object();
}
} // namespace

class TestClientAssertions : public QObject
{
    Q_OBJECT

    // A generic OAuth 2.0 profile at the sandbox with the given client and method.
    Profile jwtProfile(EngineFixture &f, const QString &clientId, ClientAuth auth,
                       SigningAlg alg = SigningAlg::Auto)
    {
        Profile p = f.profileFor(QStringLiteral("oauth2"),
                                 QStringLiteral("jwt-%1").arg(QUuid::createUuid().toString()));
        p.clientId = clientId;
        p.clientAuth = auth;
        p.signingAlg = alg;
        p.keyId = QStringLiteral("kid-1");
        return p;
    }

    // Posts a client_credentials request authenticated by `assertion` straight to the sandbox.
    Answer post(const QByteArray &assertion, const QByteArray &extra = {})
    {
        return exchange(m_nam, "POST", url(*m_sandbox, QStringLiteral("/oauth2/token")),
                        formHeaders(),
                        "grant_type=client_credentials&client_assertion_type=" +
                            formEncode(QString::fromLatin1(ClientAssertion::AssertionType)) +
                            "&client_assertion=" + assertion + extra);
    }

    QString tokenEndpoint() const
    {
        return url(*m_sandbox, QStringLiteral("/oauth2/token")).toString();
    }

    QByteArray signRsa(const QDateTime &at, const QString &audience = {})
    {
        const ClientAssertion::Claims claims{QString::fromLatin1(sandbox::demo::JwtRsaClientId),
                                             audience.isEmpty() ? tokenEndpoint() : audience,
                                             at,
                                             {}};
        return ClientAssertion::signWithKey(claims, testKey(QStringLiteral("client-rsa-pkcs8.pem")),
                                            SigningAlg::RS256, {})
            .value();
    }

    std::unique_ptr<sandbox::Sandbox> m_sandbox;
    QNetworkAccessManager m_nam;

private Q_SLOTS:
    void initTestCase()
    {
        m_sandbox = std::make_unique<sandbox::Sandbox>();
        QVERIFY(m_sandbox->listen());
    }

    void engineGetsATokenWithEachMethod_data()
    {
        QTest::addColumn<QString>("clientId");
        QTest::addColumn<ClientAuth>("auth");
        QTest::addColumn<SigningAlg>("alg");
        QTest::addColumn<QString>("keyFile");
        const QString rsa = QString::fromLatin1(sandbox::demo::JwtRsaClientId);
        const QString ec = QString::fromLatin1(sandbox::demo::JwtEcClientId);
        QTest::newRow("private_key_jwt RS256, PKCS#1")
            << rsa << ClientAuth::PrivateKeyJwt << SigningAlg::Auto << "client-rsa-pkcs1.pem";
        QTest::newRow("private_key_jwt PS256, PKCS#8")
            << rsa << ClientAuth::PrivateKeyJwt << SigningAlg::PS256 << "client-rsa-pkcs8.pem";
        QTest::newRow("private_key_jwt ES256, SEC1")
            << ec << ClientAuth::PrivateKeyJwt << SigningAlg::Auto << "client-ec-sec1.pem";
        QTest::newRow("private_key_jwt ES256, PKCS#8")
            << ec << ClientAuth::PrivateKeyJwt << SigningAlg::ES256 << "client-ec-pkcs8.pem";
        QTest::newRow("client_secret_jwt HS256")
            << QString::fromLatin1(sandbox::demo::OAuth2ClientId) << ClientAuth::ClientSecretJwt
            << SigningAlg::Auto << QString();
    }
    void engineGetsATokenWithEachMethod()
    {
        QFETCH(QString, clientId);
        QFETCH(ClientAuth, auth);
        QFETCH(SigningAlg, alg);
        QFETCH(QString, keyFile);
        EngineFixture f;
        const Profile p = jwtProfile(f, clientId, auth, alg);
        const ProfileService::Secrets secrets =
            keyFile.isEmpty()
                ? ProfileService::Secrets{{SecretEntry::ClientSecret,
                                           QByteArray(sandbox::demo::OAuth2Secret)}}
                : ProfileService::Secrets{{SecretEntry::PrivateKey, testKey(keyFile)}};
        const Profile saved = f.add(p, secrets);
        AuthSession *session = f.process->auth.session(saved.id);
        const auto first = EngineFixture::token(session);
        QVERIFY2(first.ok(), qPrintable(first.ok() ? QString() : first.error().toString()));
        QCOMPARE(claimsOf(first.value().accessToken).value(QLatin1String("client_id")).toString(),
                 clientId);
        // A renewal (refresh_token grant) authenticates with a new assertion: the sandbox
        // refuses a jti it has seen, so this fails if one were reused.
        const auto second = EngineFixture::token(session, true);
        QVERIFY2(second.ok(), qPrintable(second.ok() ? QString() : second.error().toString()));
        QVERIFY(second.value().accessToken != first.value().accessToken);
    }

    void wrongKeyIsInvalidClient()
    {
        // The EC client's id with the RSA key: the sandbox has no RSA key for that client.
        EngineFixture f;
        const Profile saved =
            f.add(jwtProfile(f, QString::fromLatin1(sandbox::demo::JwtEcClientId),
                             ClientAuth::PrivateKeyJwt),
                  {{SecretEntry::PrivateKey, testKey(QStringLiteral("client-rsa-pkcs8.pem"))}});
        const auto token = EngineFixture::token(f.process->auth.session(saved.id));
        QVERIFY(!token.ok());
        QCOMPARE(token.error().oauthError, QStringLiteral("invalid_client"));
    }

    void unusableKeyFailsBeforeAnythingIsSent()
    {
        EngineFixture f;
        const Profile saved =
            f.add(jwtProfile(f, QString::fromLatin1(sandbox::demo::JwtEcClientId),
                             ClientAuth::PrivateKeyJwt, SigningAlg::RS256),
                  {{SecretEntry::PrivateKey, testKey(QStringLiteral("client-ec-sec1.pem"))}});
        const auto token = EngineFixture::token(f.process->auth.session(saved.id));
        QVERIFY(!token.ok());
        QCOMPARE(token.error().code, Error::Code::InvalidInput);
        QVERIFY2(token.error().message.contains(QLatin1String("needs an RSA key")),
                 qPrintable(token.error().message));
    }

    void sandboxAcceptsAGoodAssertionOnce()
    {
        const QByteArray assertion = signRsa(QDateTime::currentDateTimeUtc());
        const Answer first = post(assertion);
        QCOMPARE(first.status, 200);
        QVERIFY(!first.json().value(QLatin1String("access_token")).toString().isEmpty());
        // RFC 7523 §3 item 7: a replayed jti is refused.
        const Answer replay = post(assertion);
        QCOMPARE(replay.status, 401);
        QCOMPARE(replay.json().value(QLatin1String("error")).toString(),
                 QStringLiteral("invalid_client"));
    }

    void sandboxRefusesBadAssertions_data()
    {
        QTest::addColumn<QByteArray>("assertion");
        QTest::addColumn<QByteArray>("extra");
        QTest::addColumn<QString>("reason"); // in the server's error_description
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QByteArray tamperedClaims = signRsa(now);
        {
            // Swap the payload for one naming another client, keep the signature.
            QList<QByteArray> parts = tamperedClaims.split('.');
            QJsonObject claims =
                QJsonDocument::fromJson(
                    QByteArray::fromBase64(parts[1], QByteArray::Base64UrlEncoding))
                    .object();
            claims.insert(QStringLiteral("scope"), QStringLiteral("admin"));
            parts[1] =
                QJsonDocument(claims)
                    .toJson(QJsonDocument::Compact)
                    .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
            tamperedClaims = parts.join('.');
        }
        QByteArray tamperedSignature = signRsa(now);
        tamperedSignature[tamperedSignature.size() - 5] =
            tamperedSignature.at(tamperedSignature.size() - 5) == 'A' ? 'B' : 'A';
        const QByteArray hsForRsaClient =
            ClientAssertion::signWithSecret(
                {QString::fromLatin1(sandbox::demo::JwtRsaClientId), tokenEndpoint(), now, {}},
                QByteArray(sandbox::demo::OAuth2Secret))
                .value();
        QTest::newRow("payload changed")
            << tamperedClaims << QByteArray() << QStringLiteral("signature");
        QTest::newRow("signature changed")
            << tamperedSignature << QByteArray() << QStringLiteral("signature");
        QTest::newRow("expired") << signRsa(now.addSecs(-600)) << QByteArray()
                                 << QStringLiteral("expired");
        QTest::newRow("other audience")
            << signRsa(now, QStringLiteral("https://elsewhere.example/token")) << QByteArray()
            << QStringLiteral("aud");
        QTest::newRow("HS256 for a key client")
            << hsForRsaClient << QByteArray() << QStringLiteral("alg");
        QTest::newRow("client_id disagrees")
            << signRsa(now) << QByteArray("&client_id=someone") << QStringLiteral("client_id");
        QTest::newRow("not a JWS")
            << QByteArray("abc.def") << QByteArray() << QStringLiteral("compact JWS");
    }
    void sandboxRefusesBadAssertions()
    {
        QFETCH(QByteArray, assertion);
        QFETCH(QByteArray, extra);
        QFETCH(QString, reason);
        const Answer answer = post(assertion, extra);
        QVERIFY2(
            answer.json().value(QLatin1String("error_description")).toString().contains(reason),
            answer.body.constData());
        QVERIFY2(answer.status == 401 || answer.status == 400, answer.body.constData());
        const QString error = answer.json().value(QLatin1String("error")).toString();
        QVERIFY2(error == QLatin1String("invalid_client") ||
                     error == QLatin1String("invalid_request"),
                 answer.body.constData());
        QVERIFY(answer.json().value(QLatin1String("access_token")).isUndefined());
    }
};

QTEST_GUILESS_MAIN(TestClientAssertions)
#include "tst_clientassertions.moc"
