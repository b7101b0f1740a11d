// `--client-auth auto` end to end against the sandbox: the method follows each server's
// discovery and what the profile holds (client_secret_post at the OIDC portal, private_key_jwt
// with a key, HTTP Basic by default), and a server that takes only the raw Basic encoding
// (RawBasicOAuth) gets one retry, which the profile then remembers in profiles.json.
#include "auth/clientauthauto.h"
#include "auth/tokenrevoker.h"
#include "enginefixture.h"

#include <QFile>

using namespace tw;
using namespace tw::testing;

namespace {
QByteArray testKey(const QString &name)
{
    QFile file(qEnvironmentVariable("TOKENWRIGHT_TEST_SOURCE_DIR") +
               QStringLiteral("/tests/data/") + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("test key %s missing", qPrintable(name));
    return file.readAll();
}
} // namespace

class TestClientAuthAutoEngine : public QObject
{
    Q_OBJECT

    // An auto profile for a sandbox provider, found by discovery from its issuer.
    static Profile autoProfile(EngineFixture &f, const QString &prov, const QString &name)
    {
        Profile p = Profile::preset(ProviderKind::OAuth2);
        p.id = QUuid::createUuid();
        p.name = name;
        p.issuer = QUrl(f.value(prov, "issuer"));
        p.clientId = f.value(prov, "client_id");
        p.clientAuthAuto = true;
        return p;
    }

    static ProfileService::Secrets secretOf(EngineFixture &f, const QString &prov)
    {
        return {{SecretEntry::ClientSecret, f.value(prov, "client_secret").toUtf8()}};
    }

    static int tokenRequests(EngineFixture &f, const QString &prov)
    {
        return f.sandbox->requestCount(prov + QStringLiteral(".token"));
    }

private Q_SLOTS:
    void rawOnlyServerGetsOneRetryThenTheLearnedEncoding()
    {
        EngineFixture f;
        const Profile p = f.add(autoProfile(f, QStringLiteral("rawbasic"), QStringLiteral("raw")),
                                secretOf(f, QStringLiteral("rawbasic")));
        QVERIFY(!f.process->store.find(p.id)->learnedBasic);
        auto *session = f.process->auth.session(p.id);
        const auto first = EngineFixture::token(session);
        QVERIFY2(first, qPrintable(first ? QString() : first.error().toString()));
        // RFC 6749 §2.3.1 first (refused: the secret holds "+ / = : %"), then raw.
        QCOMPARE(tokenRequests(f, QStringLiteral("rawbasic")), 2);
        QVERIFY(first.value().accessToken.startsWith(QLatin1String("raw-")));

        // Remembered in profiles.json, so another process reads it from the file…
        EngineProcess other(f.dir.path(), f.secrets);
        QVERIFY(other.store.find(p.id)->learnedBasic == ClientAuth::BasicRaw);
        QFile file(f.process->store.filePath());
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(file.readAll().contains("\"client_auth_learned\": \"basic-raw\""));
        // … and gets its token with a single request.
        const auto second = EngineFixture::token(other.auth.session(p.id), true);
        QVERIFY2(second, qPrintable(second ? QString() : second.error().toString()));
        QCOMPARE(tokenRequests(f, QStringLiteral("rawbasic")), 3);
    }

    void withoutDiscoveryBasicIsTheDefaultAndStillRetried()
    {
        EngineFixture f;
        Profile p = autoProfile(f, QStringLiteral("rawbasic"), QStringLiteral("raw-url"));
        p.issuer = QUrl();
        p.tokenUrl = QUrl(f.value(QStringLiteral("rawbasic"), "token_url"));
        p = f.add(p, secretOf(f, QStringLiteral("rawbasic")));
        QVERIFY(EngineFixture::token(f.process->auth.session(p.id)));
        QCOMPARE(tokenRequests(f, QStringLiteral("rawbasic")), 2);
        QVERIFY(f.process->store.find(p.id)->learnedBasic == ClientAuth::BasicRaw);
    }

    void wrongSecretIsTriedTwiceAtMostAndNothingIsLearned()
    {
        EngineFixture f;
        const Profile p = f.add(autoProfile(f, QStringLiteral("rawbasic"), QStringLiteral("wrong")),
                                {{SecretEntry::ClientSecret, QByteArrayLiteral("not+the/secret")}});
        const auto token = EngineFixture::token(f.process->auth.session(p.id));
        QVERIFY(!token);
        QCOMPARE(token.error().oauthError, QStringLiteral("invalid_client"));
        QCOMPARE(tokenRequests(f, QStringLiteral("rawbasic")), 2);
        QVERIFY(!f.process->store.find(p.id)->learnedBasic);
    }

    void plainSecretIsNotRetried()
    {
        // Both encodings of this secret are the same bytes: a second request would prove
        // nothing, so the refusal stands after one.
        EngineFixture f;
        const Profile p =
            f.add(autoProfile(f, QStringLiteral("rawbasic"), QStringLiteral("plain")),
                  {{SecretEntry::ClientSecret, QByteArrayLiteral("plainWrongSecret42")}});
        QVERIFY(!EngineFixture::token(f.process->auth.session(p.id)));
        QCOMPARE(tokenRequests(f, QStringLiteral("rawbasic")), 1);
    }

    void postOnlyPortalGetsPost()
    {
        // The OIDC portal's discovery lists client_secret_post only, and it refuses Basic.
        EngineFixture f;
        Profile p = autoProfile(f, QStringLiteral("oidc"), QStringLiteral("portal"));
        p.kind = ProviderKind::Oidc;
        p = f.add(p, secretOf(f, QStringLiteral("oidc")));
        const auto token = EngineFixture::token(f.process->auth.session(p.id));
        QVERIFY2(token, qPrintable(token ? QString() : token.error().toString()));
        QCOMPARE(tokenRequests(f, QStringLiteral("oidc")), 1);
        QVERIFY(!f.process->store.find(p.id)->learnedBasic);
    }

    void storedKeyMeansPrivateKeyJwtForTokenAndRevocation()
    {
        EngineFixture f;
        Profile p = autoProfile(f, QStringLiteral("oauth2"), QStringLiteral("keyed"));
        p.clientId = f.value(QStringLiteral("oauth2"), "jwt_ec_client_id");
        p = f.add(p, {{SecretEntry::PrivateKey, testKey(QStringLiteral("client-ec-sec1.pem"))}});
        auto *session = f.process->auth.session(p.id);
        const auto token = EngineFixture::token(session);
        QVERIFY2(token, qPrintable(token ? QString() : token.error().toString()));
        // The EC client has no secret: only a verified ES256 assertion gets this token.
        QCOMPARE(tokenRequests(f, QStringLiteral("oauth2")), 1);

        TokenRevoker revoker(&f.process->auth, p.id);
        const auto looked = waitFor<Result<QJsonObject>>([&](auto done) {
            revoker.introspect(token.value().accessToken, QStringLiteral("access_token"), done);
        });
        QVERIFY2(looked, qPrintable(looked ? QString() : looked.error().toString()));
        QVERIFY(looked.value().value(QStringLiteral("active")).toBool());
        const auto revoked =
            waitFor<Result<TokenRevoker::Revoked>>([&](auto done) { revoker.revoke(done); });
        QVERIFY2(revoked, qPrintable(revoked ? QString() : revoked.error().toString()));
        QVERIFY(revoked.value().hadAccessToken);
        QCOMPARE(f.sandbox->requestCount(QStringLiteral("oauth2.revoke")), 2);
    }

    void secretAtTheGenericServerIsBasic()
    {
        EngineFixture f;
        Profile p = autoProfile(f, QStringLiteral("oauth2"), QStringLiteral("generic"));
        p = f.add(p, secretOf(f, QStringLiteral("oauth2")));
        QVERIFY(EngineFixture::token(f.process->auth.session(p.id)));
        // The generic server decodes Basic per RFC 6749: right the first time.
        QCOMPARE(tokenRequests(f, QStringLiteral("oauth2")), 1);
        QVERIFY(!f.process->store.find(p.id)->learnedBasic);
    }
};

QTEST_GUILESS_MAIN(TestClientAuthAutoEngine)
#include "tst_autoclientauth.moc"
