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
    void discoveryAdvertisesRevocationAndIntrospection();
    void revokedAccessTokenIsInactive();
    void revokedRefreshTokenEndsItsGrant();
    void revocationAndIntrospectionNeedTheOwningClient();
    void deviceGrantApprovedGivesTokens();
    void deviceGrantPendingSlowDownAndDenied();
    void publicClientHasNoClientCredentials();

private:
    Answer fetch(const QByteArray &authorization, const QByteArray &body);
    // POST to /oauth2/revoke or /oauth2/introspect as the demo client (RFC Basic).
    Answer manage(const char *endpoint, const QString &token,
                  const QByteArray &authorization = QByteArray());
    int whoamiStatus(const QString &accessToken);
    QJsonObject startDevice();
    Answer pollDevice(const QString &deviceCode);
    int decide(const QString &userCode, const char *action);

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

Answer TestSandboxOAuth2::manage(const char *endpoint, const QString &token,
                                 const QByteArray &authorization)
{
    const QByteArray auth = authorization.isEmpty()
                                ? basicRfc(QString::fromUtf8(demo::OAuth2ClientId),
                                           QString::fromUtf8(demo::OAuth2Secret))
                                : authorization;
    return exchange(m_nam, "POST",
                    url(*m_sandbox, QStringLiteral("/oauth2/") + QLatin1String(endpoint)),
                    with(formHeaders(), "Authorization", auth), "token=" + formEncode(token));
}

int TestSandboxOAuth2::whoamiStatus(const QString &accessToken)
{
    return exchange(m_nam, "GET", url(*m_sandbox, "/oauth2-api/whoami"),
                    {{"Authorization", "Bearer " + accessToken.toLatin1()}})
        .status;
}

void TestSandboxOAuth2::discoveryAdvertisesRevocationAndIntrospection()
{
    const QJsonObject doc =
        exchange(m_nam, "GET", url(*m_sandbox, "/.well-known/oauth-authorization-server/oauth2"))
            .json();
    const QString issuer = doc.value("issuer").toString();
    QCOMPARE(doc.value("revocation_endpoint").toString(), issuer + "/revoke");
    QCOMPARE(doc.value("introspection_endpoint").toString(), issuer + "/introspect");
}

void TestSandboxOAuth2::revokedAccessTokenIsInactive()
{
    const QJsonObject tokens = fetch(basicRfc(demo::OAuth2ClientId, demo::OAuth2Secret),
                                     "grant_type=client_credentials&scope=read")
                                   .json();
    const QString access = tokens.value("access_token").toString();
    const Answer active = manage("introspect", access);
    QCOMPARE(active.status, 200);
    QCOMPARE(active.json().value("active").toBool(), true);
    QCOMPARE(active.json().value("client_id").toString(), QString::fromUtf8(demo::OAuth2ClientId));
    QCOMPARE(active.json().value("scope").toString(), QStringLiteral("read"));
    QVERIFY(active.json().value("exp").toInteger() > 0);
    QCOMPARE(whoamiStatus(access), 200);

    QCOMPARE(manage("revoke", access).status, 200);
    QCOMPARE(manage("introspect", access).json(), QJsonObject({{"active", false}}));
    QCOMPARE(whoamiStatus(access), 401);
    // RFC 7009 §2.2: revoking again (or anything unknown) is still 200.
    QCOMPARE(manage("revoke", access).status, 200);
    QCOMPARE(manage("revoke", QStringLiteral("never-issued")).status, 200);
}

void TestSandboxOAuth2::revokedRefreshTokenEndsItsGrant()
{
    const QJsonObject tokens =
        fetch(basicRfc(demo::OAuth2ClientId, demo::OAuth2Secret), "grant_type=client_credentials")
            .json();
    const QString access = tokens.value("access_token").toString();
    const QString refresh = tokens.value("refresh_token").toString();
    QCOMPARE(manage("introspect", refresh).json().value("token_type").toString(),
             QStringLiteral("refresh_token"));
    QCOMPARE(manage("revoke", refresh).status, 200);
    const Answer reuse = fetch(basicRfc(demo::OAuth2ClientId, demo::OAuth2Secret),
                               "grant_type=refresh_token&refresh_token=" + formEncode(refresh));
    QCOMPARE(reuse.json().value("error").toString(), QStringLiteral("invalid_grant"));
    QCOMPARE(whoamiStatus(access), 401); // RFC 7009 §2.1: the grant's access token goes too
    QCOMPARE(manage("introspect", refresh).json().value("active").toBool(true), false);
}

void TestSandboxOAuth2::revocationAndIntrospectionNeedTheOwningClient()
{
    const QString access =
        fetch(basicRfc(demo::OAuth2ClientId, demo::OAuth2Secret), "grant_type=client_credentials")
            .json()
            .value("access_token")
            .toString();
    const QByteArray other = basicRfc(QString::fromUtf8(demo::OAuth2AppendixBClientId),
                                      QString::fromUtf8(demo::OAuth2AppendixBSecret));
    const QByteArray wrong = basicRfc(QString::fromUtf8(demo::OAuth2ClientId), "wrong");
    QCOMPARE(manage("revoke", access, wrong).status, 401);
    QCOMPARE(manage("introspect", access, wrong).status, 401);
    QCOMPARE(manage("revoke", access, other).status, 400);
    QCOMPARE(manage("introspect", access, other).json(), QJsonObject({{"active", false}}));
    QCOMPARE(whoamiStatus(access), 200); // still valid: nobody else may revoke it
    const Answer noToken = exchange(m_nam, "POST", url(*m_sandbox, "/oauth2/revoke"),
                                    with(formHeaders(), "Authorization",
                                         basicRfc(QString::fromUtf8(demo::OAuth2ClientId),
                                                  QString::fromUtf8(demo::OAuth2Secret))),
                                    "token_type_hint=access_token");
    QCOMPARE(noToken.status, 400);
}

QJsonObject TestSandboxOAuth2::startDevice()
{
    const Answer answer =
        exchange(m_nam, "POST", url(*m_sandbox, "/oauth2/device_authorization"), formHeaders(),
                 "client_id=" + formEncode(demo::OAuth2PublicClientId) + "&scope=read");
    [&] { QCOMPARE(answer.status, 200); }();
    return answer.json();
}

Answer TestSandboxOAuth2::pollDevice(const QString &deviceCode)
{
    return fetch({}, "grant_type=" + formEncode("urn:ietf:params:oauth:grant-type:device_code") +
                         "&client_id=" + formEncode(demo::OAuth2PublicClientId) +
                         "&device_code=" + formEncode(deviceCode));
}

int TestSandboxOAuth2::decide(const QString &userCode, const char *action)
{
    return exchange(m_nam, "POST", url(*m_sandbox, "/oauth2/device"), formHeaders(),
                    "user_code=" + formEncode(userCode) + "&action=" + action)
        .status;
}

void TestSandboxOAuth2::deviceGrantApprovedGivesTokens()
{
    const QJsonObject device = startDevice();
    const QString page = url(*m_sandbox, "/oauth2/device").toString();
    QCOMPARE(device.value("verification_uri").toString(), page);
    const QString userCode = device.value("user_code").toString();
    QCOMPARE(device.value("verification_uri_complete").toString(), page + "?user_code=" + userCode);
    QVERIFY(device.value("interval").toInt() >= 1);
    QVERIFY(device.value("expires_in").toInt() > 0);
    // The verification page shows the code from its link.
    const Answer shown =
        exchange(m_nam, "GET", QUrl(device.value("verification_uri_complete").toString()));
    QVERIFY(shown.body.contains(userCode.toLatin1().replace("-", "")));

    QCOMPARE(decide(userCode, "approve"), 200);
    const Answer token = pollDevice(device.value("device_code").toString());
    QCOMPARE(token.status, 200);
    QCOMPARE(token.json().value("scope").toString(), QStringLiteral("read"));
    QCOMPARE(whoamiStatus(token.json().value("access_token").toString()), 200);
    // A device code works once.
    QCOMPARE(pollDevice(device.value("device_code").toString()).json().value("error").toString(),
             QStringLiteral("invalid_grant"));
    // Its refresh token serves the public client.
    const Answer refreshed = fetch(
        {}, "grant_type=refresh_token&client_id=" + formEncode(demo::OAuth2PublicClientId) +
                "&refresh_token=" + formEncode(token.json().value("refresh_token").toString()));
    QCOMPARE(refreshed.status, 200);
}

void TestSandboxOAuth2::deviceGrantPendingSlowDownAndDenied()
{
    const QJsonObject device = startDevice();
    const QString code = device.value("device_code").toString();
    QCOMPARE(pollDevice(code).json().value("error").toString(),
             QStringLiteral("authorization_pending"));
    // At once again: faster than the interval (RFC 8628 §3.5).
    QCOMPARE(pollDevice(code).json().value("error").toString(), QStringLiteral("slow_down"));

    const QJsonObject denied = startDevice();
    QCOMPARE(decide(denied.value("user_code").toString(), "deny"), 200);
    QCOMPARE(pollDevice(denied.value("device_code").toString()).json().value("error").toString(),
             QStringLiteral("access_denied"));
    QCOMPARE(decide(QStringLiteral("BCDF-GHJK"), "approve"), 400);
}

void TestSandboxOAuth2::publicClientHasNoClientCredentials()
{
    const Answer answer = fetch({}, "grant_type=client_credentials&client_id=" +
                                        formEncode(demo::OAuth2PublicClientId));
    QCOMPARE(answer.status, 400);
    QCOMPARE(answer.json().value("error").toString(), QStringLiteral("unauthorized_client"));
    const QJsonObject doc =
        exchange(m_nam, "GET", url(*m_sandbox, "/.well-known/oauth-authorization-server/oauth2"))
            .json();
    QCOMPARE(doc.value("device_authorization_endpoint").toString(),
             doc.value("issuer").toString() + "/device_authorization");
}

QTEST_GUILESS_MAIN(TestSandboxOAuth2)
#include "tst_sandboxoauth2.moc"
