// Generic OAuth 2.0 (docs/providers.md §5): RFC 8414 and OIDC discovery, client_secret_basic
// exactly as RFC 6749 §2.3.1 says, client_secret_post, rotating refresh tokens.

#include "tst_sandboxsupport.h"

#include <QTest>

using namespace tw::sandbox;
using namespace tw::sandbox::testing;

class TestSandboxOAuth2 : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void bothDiscoveryLocationsWork_data();
    void bothDiscoveryLocationsWork();
    void appendixBVectorEncodes();
    void rfcBasicIsAccepted_data();
    void rfcBasicIsAccepted();
    void rawBasicIsRefused();
    void clientSecretPostIsAccepted();
    void twoAuthenticationMethodsAreRefused();
    void refreshTokenRotates();
    void scopeAudienceAndResourceAreEchoed();
    void whoamiNeedsValidToken();

private:
    Answer fetch(const QByteArray &authorization, const QByteArray &body);

    std::unique_ptr<Sandbox> m_sandbox;
    QNetworkAccessManager m_nam;
};

void TestSandboxOAuth2::initTestCase()
{
    m_sandbox = std::make_unique<Sandbox>();
    QVERIFY(m_sandbox->listen());
}

Answer TestSandboxOAuth2::fetch(const QByteArray &authorization, const QByteArray &body)
{
    Headers headers = formHeaders();
    if (!authorization.isEmpty())
        headers.append({"Authorization", authorization});
    return exchange(m_nam, "POST", url(*m_sandbox, "/oauth2/token"), headers, body);
}

void TestSandboxOAuth2::bothDiscoveryLocationsWork_data()
{
    QTest::addColumn<QString>("path");
    QTest::newRow("RFC 8414") << "/.well-known/oauth-authorization-server/oauth2";
    QTest::newRow("OIDC") << "/oauth2/.well-known/openid-configuration";
}

void TestSandboxOAuth2::bothDiscoveryLocationsWork()
{
    QFETCH(QString, path);
    const Answer answer = exchange(m_nam, "GET", url(*m_sandbox, path));
    QCOMPARE(answer.status, 200);
    const QString issuer = described(*m_sandbox, "oauth2").value("issuer").toString();
    QCOMPARE(answer.json().value("issuer").toString(), issuer);
    QCOMPARE(answer.json().value("token_endpoint").toString(),
             described(*m_sandbox, "oauth2").value("token_url").toString());
    const QJsonArray methods =
        answer.json().value("token_endpoint_auth_methods_supported").toArray();
    QVERIFY(methods.contains("client_secret_basic"));
    QVERIFY(methods.contains("client_secret_post"));
}

void TestSandboxOAuth2::appendixBVectorEncodes()
{
    QCOMPARE(formEncode(QString::fromUtf8(demo::OAuth2AppendixBSecret)),
             QByteArray("+%25%26%2B%C2%A3%E2%82%AC"));
}

void TestSandboxOAuth2::rfcBasicIsAccepted_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("secret");
    QTest::newRow("demo client") << QString::fromUtf8(demo::OAuth2ClientId)
                                 << QString::fromUtf8(demo::OAuth2Secret);
    QTest::newRow("RFC 6749 Appendix B") << QString::fromUtf8(demo::OAuth2AppendixBClientId)
                                         << QString::fromUtf8(demo::OAuth2AppendixBSecret);
}

void TestSandboxOAuth2::rfcBasicIsAccepted()
{
    QFETCH(QString, id);
    QFETCH(QString, secret);
    const Answer answer = fetch(basicRfc(id, secret), "grant_type=client_credentials");
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.json().value("token_type").toString(), QStringLiteral("Bearer"));
    QCOMPARE(answer.json().value("expires_in").toInt(), 3600);
    QVERIFY(!answer.json().value("refresh_token").toString().isEmpty());
}

void TestSandboxOAuth2::rawBasicIsRefused()
{
    for (const auto &[id, secret] :
         {std::pair{demo::OAuth2ClientId, demo::OAuth2Secret},
          std::pair{demo::OAuth2AppendixBClientId, demo::OAuth2AppendixBSecret}}) {
        const Answer answer = fetch(basicRaw(id, secret), "grant_type=client_credentials");
        QCOMPARE(answer.status, 401);
        QCOMPARE(answer.json().value("error").toString(), QStringLiteral("invalid_client"));
        QVERIFY(answer.header("www-authenticate").startsWith("Basic"));
    }
}

void TestSandboxOAuth2::clientSecretPostIsAccepted()
{
    const Answer answer =
        fetch({}, "grant_type=client_credentials&client_id=" + formEncode(demo::OAuth2ClientId) +
                      "&client_secret=" + formEncode(demo::OAuth2Secret));
    QCOMPARE(answer.status, 200);
    const Answer missing = fetch({}, "grant_type=client_credentials");
    QCOMPARE(missing.status, 401);
}

void TestSandboxOAuth2::twoAuthenticationMethodsAreRefused()
{
    const Answer answer =
        fetch(basicRfc(demo::OAuth2ClientId, demo::OAuth2Secret),
              "grant_type=client_credentials&client_id=" + formEncode(demo::OAuth2ClientId) +
                  "&client_secret=" + formEncode(demo::OAuth2Secret));
    QCOMPARE(answer.status, 400);
    QCOMPARE(answer.json().value("error").toString(), QStringLiteral("invalid_request"));
}

void TestSandboxOAuth2::refreshTokenRotates()
{
    const QByteArray auth = basicRfc(demo::OAuth2ClientId, demo::OAuth2Secret);
    const QString first = fetch(auth, "grant_type=client_credentials&scope=read+write")
                              .json()
                              .value("refresh_token")
                              .toString();
    const Answer renewed =
        fetch(auth, "grant_type=refresh_token&refresh_token=" + formEncode(first));
    QCOMPARE(renewed.status, 200);
    const QString second = renewed.json().value("refresh_token").toString();
    QVERIFY(!second.isEmpty());
    QVERIFY(second != first);
    QCOMPARE(renewed.json().value("scope").toString(), QStringLiteral("read write"));

    const Answer reused =
        fetch(auth, "grant_type=refresh_token&refresh_token=" + formEncode(first));
    QCOMPARE(reused.status, 400);
    QCOMPARE(reused.json().value("error").toString(), QStringLiteral("invalid_grant"));

    const Answer wider =
        fetch(auth, "grant_type=refresh_token&scope=admin&refresh_token=" + formEncode(second));
    QCOMPARE(wider.status, 400);
    QCOMPARE(wider.json().value("error").toString(), QStringLiteral("invalid_scope"));

    const Answer otherClient =
        fetch(basicRfc(demo::OAuth2AppendixBClientId, demo::OAuth2AppendixBSecret),
              "grant_type=refresh_token&refresh_token=" + formEncode(second));
    QCOMPARE(otherClient.status, 400);
}

void TestSandboxOAuth2::scopeAudienceAndResourceAreEchoed()
{
    const Answer answer = fetch(basicRfc(demo::OAuth2ClientId, demo::OAuth2Secret),
                                "grant_type=client_credentials&scope=read&audience=" +
                                    formEncode("https://api.example.com") +
                                    "&resource=" + formEncode("https://a.example") +
                                    "&resource=" + formEncode("https://b.example"));
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.json().value("scope").toString(), QStringLiteral("read"));
    const QJsonObject claims = jwtClaims(answer.json().value("access_token").toString());
    QCOMPARE(claims.value("scope").toString(), QStringLiteral("read"));
    QCOMPARE(claims.value("aud").toArray(),
             (QJsonArray{"https://api.example.com", "https://a.example", "https://b.example"}));
    const Answer whoami = exchange(
        m_nam, "GET", url(*m_sandbox, "/oauth2-api/whoami"),
        {{"Authorization", "Bearer " + answer.json().value("access_token").toString().toLatin1()}});
    QCOMPARE(whoami.status, 200);
    QCOMPARE(whoami.json().value("client_id").toString(), QStringLiteral("tw-demo-oauth2"));
    QCOMPARE(whoami.json().value("scope").toString(), QStringLiteral("read"));
}

void TestSandboxOAuth2::whoamiNeedsValidToken()
{
    const Answer answer = exchange(m_nam, "GET", url(*m_sandbox, "/oauth2-api/whoami"),
                                   {{"Authorization", "Bearer x"}});
    QCOMPARE(answer.status, 401);
    QVERIFY(answer.header("www-authenticate").contains("invalid_token"));
}

QTEST_GUILESS_MAIN(TestSandboxOAuth2)
#include "tst_sandboxoauth2.moc"
