// Exact bytes of every token request kind (docs/providers.md is the contract).
#include "auth/tokenrequest.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace tw;

class TestTokenRequest : public QObject
{
    Q_OBJECT

    static Profile profile(ProviderKind kind)
    {
        Profile p = Profile::preset(kind);
        p.name = QStringLiteral("t");
        p.clientId = QStringLiteral("my id");
        return p;
    }

private Q_SLOTS:
    void formEncodingFollowsRfc6749AppendixB()
    {
        // " %&+£€" → "+%25%26%2B%C2%A3%E2%82%AC"
        QCOMPARE(TokenRequest::formUrlEncode(QString::fromUtf8(" %&+£€")),
                 QByteArray("+%25%26%2B%C2%A3%E2%82%AC"));
        QCOMPARE(TokenRequest::formUrlEncode(QStringLiteral("a+b/c=d:e")),
                 QByteArray("a%2Bb%2Fc%3Dd%3Ae"));
    }

    void basicRawAndRfcDifferOnlyForSpecialCharacters_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("secret");
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<QByteArray>("rfc");
        QTest::newRow("plain") << "client"
                               << "secret" << QByteArray("client:secret")
                               << QByteArray("client:secret");
        QTest::newRow("special") << "id:1"
                                 << "s+/=:%" << QByteArray("id:1:s+/=:%")
                                 << QByteArray("id%3A1:s%2B%2F%3D%3A%25");
        QTest::newRow("appendix-b")
            << "c" << QString::fromUtf8(" %&+£€") << QByteArray("c: %&+\xC2\xA3\xE2\x82\xAC")
            << QByteArray("c:+%25%26%2B%C2%A3%E2%82%AC");
    }
    void basicRawAndRfcDifferOnlyForSpecialCharacters()
    {
        QFETCH(QString, id);
        QFETCH(QString, secret);
        QFETCH(QByteArray, raw);
        QFETCH(QByteArray, rfc);
        QCOMPARE(TokenRequest::basicAuthorization(id, secret, false), "Basic " + raw.toBase64());
        QCOMPARE(TokenRequest::basicAuthorization(id, secret, true), "Basic " + rfc.toBase64());
    }

    void druvaMspSendsRawBasicAndNoScope()
    {
        Profile p = profile(ProviderKind::DruvaMsp);
        p.scope = QStringLiteral("ignored"); // scopes are not supported by Druva MSP
        const auto r = TokenRequest::clientCredentials(p, p.tokenUrl, QStringLiteral("s+/=:"),
                                                       ClientAuth::BasicRaw);
        QCOMPARE(r.method, QByteArray("POST"));
        QCOMPARE(r.url, QUrl(QStringLiteral("https://apis.druva.com/msp/auth/v1/token")));
        QCOMPARE(r.header("Authorization"), "Basic " + QByteArray("my id:s+/=:").toBase64());
        QCOMPARE(r.header("Content-Type"), QByteArray("application/x-www-form-urlencoded"));
        QCOMPARE(r.body, QByteArray("grant_type=client_credentials"));
    }

    void druvaCloudAddsScopeRead()
    {
        const Profile p = profile(ProviderKind::Druva);
        const auto r = TokenRequest::clientCredentials(p, p.tokenUrl, QStringLiteral("x"),
                                                       ClientAuth::BasicRaw);
        QCOMPARE(r.url, QUrl(QStringLiteral("https://apis.druva.com/token")));
        QCOMPARE(r.body, QByteArray("grant_type=client_credentials&scope=read"));
        QCOMPARE(Profile::preset(ProviderKind::Druva, QStringLiteral("govcloud")).tokenUrl,
                 QUrl(QStringLiteral("https://govcloudapis.druva.com/token")));
    }

    void oidcPostsIdAndSecretInTheBody()
    {
        const Profile p = profile(ProviderKind::Oidc);
        const auto r = TokenRequest::clientCredentials(
            p, QUrl(QStringLiteral("https://login.backup.net/connect/token")),
            QStringLiteral("a+b c"), ClientAuth::ClientSecretPost);
        QVERIFY(r.header("Authorization").isEmpty());
        QCOMPARE(r.body,
                 QByteArray("client_id=my+id&client_secret=a%2Bb+c&grant_type=client_credentials"));
    }

    void oauth2CarriesScopeAudienceResourceAndExtras()
    {
        Profile p = profile(ProviderKind::OAuth2);
        p.tokenUrl = QUrl(QStringLiteral("https://idp.example/token"));
        p.scope = QStringLiteral("read write");
        p.audience = QStringLiteral("https://api.example");
        p.resource = QStringLiteral("urn:x");
        p.extraParams = {{QStringLiteral("tenant"), QStringLiteral("a&b")}};
        const auto r = TokenRequest::clientCredentials(p, p.tokenUrl, QStringLiteral("s"),
                                                       ClientAuth::ClientSecretBasic);
        QCOMPARE(r.header("Authorization"), "Basic " + QByteArray("my+id:s").toBase64());
        QCOMPARE(r.body, QByteArray("grant_type=client_credentials&scope=read+write&audience="
                                    "https%3A%2F%2Fapi.example&resource=urn%3Ax&tenant=a%26b"));
    }

    void publicClientSendsOnlyItsId()
    {
        Profile p = profile(ProviderKind::OAuth2);
        p.tokenUrl = QUrl(QStringLiteral("https://idp.example/token"));
        const auto r = TokenRequest::clientCredentials(p, p.tokenUrl, QString(), ClientAuth::None);
        QVERIFY(r.header("Authorization").isEmpty());
        QCOMPARE(r.body, QByteArray("client_id=my+id&grant_type=client_credentials"));
    }

    void refreshGrantSendsTheRefreshToken()
    {
        Profile p = profile(ProviderKind::OAuth2);
        const auto r =
            TokenRequest::refreshGrant(p, QUrl(QStringLiteral("https://i/t")), QStringLiteral("s"),
                                       ClientAuth::ClientSecretPost, QStringLiteral("rt+1"));
        QCOMPARE(
            r.body,
            QByteArray(
                "client_id=my+id&client_secret=s&grant_type=refresh_token&refresh_token=rt%2B1"));
    }

    void druvaCustomerTokenIsMintedWithTheMspBearer()
    {
        const auto r =
            TokenRequest::druvaCustomerToken(QUrl(QStringLiteral("https://apis.druva.com/")),
                                             QStringLiteral("gc id/1"), QStringLiteral("MSP"));
        QCOMPARE(r.url.toString(QUrl::FullyEncoded),
                 QStringLiteral("https://apis.druva.com/msp/v2/customers/gc%20id%2F1/token"));
        QCOMPARE(r.header("Authorization"), QByteArray("Bearer MSP"));
        QCOMPARE(r.body, QByteArray("grant_type=client_credentials"));
    }

    void commvaultBodiesAreJson()
    {
        const QUrl base(QStringLiteral("https://cs.example/commandcenter/api"));
        const auto renew =
            TokenRequest::commvaultRenew(base, QStringLiteral("A"), QStringLiteral("R"));
        QCOMPARE(renew.url.path(), QStringLiteral("/commandcenter/api/V4/AccessToken/Renew"));
        QCOMPARE(QJsonDocument::fromJson(renew.body).object(),
                 (QJsonObject{{QStringLiteral("accessToken"), QStringLiteral("A")},
                              {QStringLiteral("refreshToken"), QStringLiteral("R")}}));
        const auto login = TokenRequest::commvaultLogin(base, QStringLiteral("admin"),
                                                        QString::fromUtf8("pä+ss"), QString());
        const QJsonObject body = QJsonDocument::fromJson(login.body).object();
        QCOMPARE(body.value(QLatin1String("password")).toString(),
                 QString::fromLatin1(QString::fromUtf8("pä+ss").toUtf8().toBase64()));
        QVERIFY(!body.contains(QLatin1String("domain")));
        QCOMPARE(login.url.path(), QStringLiteral("/commandcenter/api/Login"));
    }
};

QTEST_GUILESS_MAIN(TestTokenRequest)
#include "tst_tokenrequest.moc"
