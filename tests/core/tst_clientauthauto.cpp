// `--client-auth auto` (ClientAuthAuto): which method a server's metadata and the profile's
// stored credentials lead to, the per-endpoint lists of RFC 8414, the Basic re-encoding that
// is retried only when it sends other bytes, and the profile's JSON for it.

#include "auth/clientauthauto.h"
#include "auth/tokenrequest.h"
#include "profiles/profileexchange.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

using namespace tw;

namespace {
Profile autoProfile(bool key, bool secret, const QString &clientSecretChars = {})
{
    Profile p = Profile::preset(ProviderKind::OAuth2);
    p.id = QUuid::createUuid();
    p.name = QStringLiteral("auto");
    p.issuer = QUrl(QStringLiteral("https://login.example.com"));
    p.clientId = QStringLiteral("client") + clientSecretChars;
    p.clientAuthAuto = true;
    if (key)
        p.secretKeys << p.secretKey(SecretEntry::PrivateKey);
    if (secret)
        p.secretKeys << p.secretKey(SecretEntry::ClientSecret);
    return p;
}

QStringList list(std::initializer_list<const char *> methods)
{
    QStringList out;
    for (const char *m : methods)
        out << QString::fromLatin1(m);
    return out;
}
} // namespace

class TestClientAuthAuto : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void choose_data()
    {
        QTest::addColumn<bool>("key");
        QTest::addColumn<bool>("secret");
        QTest::addColumn<QStringList>("advertised");
        QTest::addColumn<int>("expected");
        const QStringList all = list({"client_secret_basic", "client_secret_post",
                                      "client_secret_jwt", "private_key_jwt", "none"});
        QTest::newRow("key wins") << true << true << all << int(ClientAuth::PrivateKeyJwt);
        QTest::newRow("secret: basic first")
            << false << true << all << int(ClientAuth::ClientSecretBasic);
        QTest::newRow("post when no basic")
            << false << true << list({"client_secret_post", "client_secret_jwt"})
            << int(ClientAuth::ClientSecretPost);
        QTest::newRow("jwt when only jwt")
            << false << true << list({"client_secret_jwt", "private_key_jwt"})
            << int(ClientAuth::ClientSecretJwt);
        QTest::newRow("key not taken: the secret")
            << true << true << list({"client_secret_post"}) << int(ClientAuth::ClientSecretPost);
        QTest::newRow("key not taken, no secret: still the key")
            << true << false << list({"client_secret_basic"}) << int(ClientAuth::PrivateKeyJwt);
        QTest::newRow("secret, nothing matching: basic")
            << false << true << list({"tls_client_auth"}) << int(ClientAuth::ClientSecretBasic);
        QTest::newRow("public client") << false << false << all << int(ClientAuth::None);
        QTest::newRow("public client, none not listed")
            << false << false << list({"client_secret_basic"}) << int(ClientAuth::None);
    }
    void choose()
    {
        QFETCH(bool, key);
        QFETCH(bool, secret);
        QFETCH(QStringList, advertised);
        QFETCH(int, expected);
        QCOMPARE(int(ClientAuthAuto::choose(autoProfile(key, secret), advertised)), expected);
    }

    void learnedEncodingIsSentFirst()
    {
        Profile p = autoProfile(false, true);
        p.learnedBasic = ClientAuth::BasicRaw;
        QCOMPARE(ClientAuthAuto::choose(p, list({"client_secret_basic"})), ClientAuth::BasicRaw);
        // Learned Basic does not outrank a key.
        p.secretKeys << p.secretKey(SecretEntry::PrivateKey);
        QCOMPARE(ClientAuthAuto::choose(p, list({"client_secret_basic", "private_key_jwt"})),
                 ClientAuth::PrivateKeyJwt);
    }

    void resolveLeavesAFixedMethodAlone()
    {
        Profile fixed = autoProfile(true, true);
        fixed.clientAuthAuto = false;
        fixed.clientAuth = ClientAuth::ClientSecretPost;
        QCOMPARE(ClientAuthAuto::resolve(fixed, list({"private_key_jwt"})).clientAuth,
                 ClientAuth::ClientSecretPost);
        const Profile resolved =
            ClientAuthAuto::resolve(autoProfile(true, true), list({"private_key_jwt"}));
        QCOMPARE(resolved.clientAuth, ClientAuth::PrivateKeyJwt);
        QVERIFY(resolved.clientAuthAuto); // still marked: the Basic retry asks for it
    }

    void advertisedPerEndpoint()
    {
        DiscoveryDocument doc;
        doc.authMethods = list({"client_secret_basic", "private_key_jwt"});
        using E = ClientAuthAuto::Endpoint;
        QCOMPARE(ClientAuthAuto::advertised(std::nullopt, E::Token),
                 list({"client_secret_basic"})); // RFC 8414 §2 default
        QCOMPARE(ClientAuthAuto::advertised(doc, E::Token), doc.authMethods);
        // Not advertised for revocation: the token endpoint's list.
        QCOMPARE(ClientAuthAuto::advertised(doc, E::Revocation), doc.authMethods);
        doc.raw[QStringLiteral("revocation_endpoint_auth_methods_supported")] =
            QJsonArray{QStringLiteral("client_secret_post"), 7};
        doc.raw[QStringLiteral("introspection_endpoint_auth_methods_supported")] =
            QJsonArray{QStringLiteral("private_key_jwt")};
        QCOMPARE(ClientAuthAuto::advertised(doc, E::Revocation), list({"client_secret_post"}));
        QCOMPARE(ClientAuthAuto::advertised(doc, E::Introspection), list({"private_key_jwt"}));
        QCOMPARE(ClientAuthAuto::advertised(doc, E::Token), doc.authMethods);
        // So a profile holding key and secret revokes with its secret here.
        const Profile p = autoProfile(true, true);
        QCOMPARE(ClientAuthAuto::choose(p, ClientAuthAuto::advertised(doc, E::Revocation)),
                 ClientAuth::ClientSecretPost);
    }

    void otherBasicOnlyWhenTheBytesDiffer()
    {
        Profile p = autoProfile(false, true);
        p.clientAuth = ClientAuth::ClientSecretBasic;
        // Nothing form-encoding changes: the same header again would prove nothing.
        QVERIFY(ClientAuthAuto::otherBasicEncoding(p, QStringLiteral("plainSecret123")) ==
                std::nullopt);
        for (const QString &secret : {QStringLiteral("a+b"), QStringLiteral("a b"),
                                      QStringLiteral("x/y=z:%"), QStringLiteral("\u00e9")}) {
            QVERIFY(ClientAuthAuto::otherBasicEncoding(p, secret) == ClientAuth::BasicRaw);
            QVERIFY(TokenRequest::basicAuthorization(p.clientId, secret, true) !=
                    TokenRequest::basicAuthorization(p.clientId, secret, false));
        }
        p.clientAuth = ClientAuth::BasicRaw;
        QVERIFY(ClientAuthAuto::otherBasicEncoding(p, QStringLiteral("a+b")) ==
                ClientAuth::ClientSecretBasic);
        // A fixed method is never second-guessed, and only Basic has two encodings.
        p.clientAuthAuto = false;
        QVERIFY(ClientAuthAuto::otherBasicEncoding(p, QStringLiteral("a+b")) == std::nullopt);
        p.clientAuthAuto = true;
        p.clientAuth = ClientAuth::ClientSecretPost;
        QVERIFY(ClientAuthAuto::otherBasicEncoding(p, QStringLiteral("a+b")) == std::nullopt);
    }

    void profileJson()
    {
        Profile p = autoProfile(false, true);
        p.learnedBasic = ClientAuth::BasicRaw;
        const QJsonObject json = p.toJson();
        QCOMPARE(json.value(QStringLiteral("client_auth")).toString(), QStringLiteral("auto"));
        QCOMPARE(json.value(QStringLiteral("client_auth_learned")).toString(),
                 QStringLiteral("basic-raw"));
        const auto back = Profile::fromJson(json);
        QVERIFY(back);
        QVERIFY(back.value().clientAuthAuto);
        QVERIFY(back.value().learnedBasic == ClientAuth::BasicRaw);
        QCOMPARE(back.value().tokenFingerprint(), p.tokenFingerprint());
        // What was learned does not change which token the server hands out.
        Profile other = p;
        other.learnedBasic.reset();
        QCOMPARE(other.tokenFingerprint(), p.tokenFingerprint());

        // Only a Basic encoding can be learned, and only by an auto profile.
        QJsonObject forged = json;
        forged[QStringLiteral("client_auth_learned")] = QStringLiteral("none");
        QVERIFY(Profile::fromJson(forged).value().learnedBasic == std::nullopt);
        forged = json;
        forged[QStringLiteral("client_auth")] = QStringLiteral("client_secret_post");
        const auto fixed = Profile::fromJson(forged);
        QVERIFY(!fixed.value().clientAuthAuto);
        QVERIFY(fixed.value().learnedBasic == std::nullopt);
        QVERIFY(!fixed.value().toJson().contains(QStringLiteral("client_auth_learned")));
    }

    void exportKeepsAutoButNotWhatThisMachineLearned()
    {
        Profile p = autoProfile(false, true);
        p.learnedBasic = ClientAuth::BasicRaw;
        const auto exported = ProfileExchange::exportProfiles({p});
        const QJsonObject entry =
            exported.document.value(QStringLiteral("profiles")).toArray().at(0).toObject();
        QCOMPARE(entry.value(QStringLiteral("client_auth")).toString(), QStringLiteral("auto"));
        QVERIFY(!entry.contains(QStringLiteral("client_auth_learned")));
        const auto imported =
            ProfileExchange::parseDocument(QJsonDocument(exported.document).toJson());
        QVERIFY2(imported, qPrintable(imported ? QString() : imported.error().message));
        QVERIFY(imported.value().at(0).clientAuthAuto);
        QVERIFY(!imported.value().at(0).learnedBasic);
    }

    void autoIsForDiscoveryKindsOnly()
    {
        Profile p = Profile::preset(ProviderKind::Druva);
        p.name = QStringLiteral("druva");
        p.clientId = QStringLiteral("id");
        QVERIFY(!p.validate());
        p.clientAuthAuto = true;
        const auto problem = p.validate();
        QVERIFY(problem);
        QVERIFY(problem->message.contains(QStringLiteral("auto")));
        QVERIFY(!autoProfile(false, true).validate());
    }
};

QTEST_GUILESS_MAIN(TestClientAuthAuto)
#include "tst_clientauthauto.moc"
