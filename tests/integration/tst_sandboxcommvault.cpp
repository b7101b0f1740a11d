// Commvault (docs/providers.md §4): login sessions, access tokens made from a session, rotation of
// both tokens on renewal, and revocation of the whole chain when an old pair comes back.

#include "tst_sandboxsupport.h"

#include <QTest>
#include <QThread>

using namespace tw::sandbox;
using namespace tw::sandbox::testing;

class TestSandboxCommvault : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void demoPairIsValidAtStart();
    void bothAuthHeadersAreAccepted();
    void invalidTokenGetsAccessDenied();
    void renewalRotatesBothTokens();
    void oldPairRevokesTheChain();
    void mixedPairRevokesTheChain();
    void expiredAccessTokenStillRenews();
    void loginWithBase64Password();
    void wrongPasswordGivesErrList();
    void renewLoginTokenGivesNewSession();
    void accessTokenOnlyFromLoginSession();
    void customTokenReachesListedApisOnly();
    void webconsoleBaseWorksToo();

private:
    Answer renew(const QString &access, const QString &refresh);
    QString login(const QString &deviceId = {});
    QString base() const { return described(*m_sandbox, "commvault").value("api_base").toString(); }

    std::unique_ptr<Sandbox> m_sandbox;
    QNetworkAccessManager m_nam;
};

static const Headers JsonHeaders{{"Content-Type", "application/json"},
                                 {"Accept", "application/json"}};

void TestSandboxCommvault::init()
{
    // A fresh sandbox per test: chain revocation is permanent by design.
    m_sandbox = std::make_unique<Sandbox>();
    QVERIFY(m_sandbox->listen());
}

void TestSandboxCommvault::cleanup()
{
    m_sandbox.reset();
}

Answer TestSandboxCommvault::renew(const QString &access, const QString &refresh)
{
    const QJsonObject body{{"accessToken", access}, {"refreshToken", refresh}};
    return exchange(m_nam, "POST", QUrl(base() + "/V4/AccessToken/Renew"), JsonHeaders,
                    QJsonDocument(body).toJson(QJsonDocument::Compact));
}

QString TestSandboxCommvault::login(const QString &deviceId)
{
    QJsonObject body{
        {"username", QString::fromUtf8(demo::CommvaultUser)},
        {"password", QString::fromLatin1(QByteArray(demo::CommvaultPassword).toBase64())}};
    if (!deviceId.isEmpty())
        body.insert("deviceId", deviceId);
    return exchange(m_nam, "POST", QUrl(base() + "/Login"), JsonHeaders,
                    QJsonDocument(body).toJson())
        .json()
        .value("token")
        .toString();
}

void TestSandboxCommvault::demoPairIsValidAtStart()
{
    const QJsonObject info = described(*m_sandbox, "commvault");
    QCOMPARE(info.value("access_token").toString(), m_sandbox->commvaultAccessToken());
    QCOMPARE(info.value("refresh_token").toString(), m_sandbox->commvaultRefreshToken());
    QCOMPARE(info.value("scope").toString(), QStringLiteral("all"));
    QCOMPARE(info.value("api_base").toString(),
             m_sandbox->baseUrl().toString() + "/commvault/commandcenter/api");
    QVERIFY(QDateTime::fromString(info.value("created").toString(), Qt::ISODate).isValid());
    QVERIFY(!m_sandbox->commvaultChainRevoked());
    const Answer answer =
        exchange(m_nam, "GET", QUrl(base() + "/Client"),
                 {{"Authorization", "Bearer " + m_sandbox->commvaultAccessToken().toLatin1()}});
    QCOMPARE(answer.status, 200);
    QVERIFY(answer.json().contains("clientProperties"));
}

void TestSandboxCommvault::bothAuthHeadersAreAccepted()
{
    const QString session = login();
    QVERIFY(session.startsWith("QSDK "));
    QCOMPARE(exchange(m_nam, "GET", QUrl(base() + "/V4/ServerGroup"),
                      {{"Authtoken", session.toLatin1()}})
                 .status,
             200);
    QCOMPARE(exchange(m_nam, "GET", QUrl(base() + "/V4/ServerGroup"),
                      {{"Authorization", "Bearer " + m_sandbox->commvaultAccessToken().toLatin1()}})
                 .status,
             200);
    QCOMPARE(m_sandbox->requestCount("commvault.api"), 2);
}

void TestSandboxCommvault::invalidTokenGetsAccessDenied()
{
    const Answer answer =
        exchange(m_nam, "GET", QUrl(base() + "/Client"), {{"Authorization", "Bearer nope"}});
    QCOMPARE(answer.status, 401);
    QCOMPARE(answer.json().value("errorMessage").toString(), QStringLiteral("Access denied"));
    QCOMPARE(answer.json().value("errorCode").toInt(), 5);
    m_sandbox->revokeAllTokens();
    QCOMPARE(exchange(m_nam, "GET", QUrl(base() + "/Client"),
                      {{"Authorization", "Bearer " + m_sandbox->commvaultAccessToken().toLatin1()}})
                 .status,
             401);
}

void TestSandboxCommvault::renewalRotatesBothTokens()
{
    const QString access0 = m_sandbox->commvaultAccessToken();
    const QString refresh0 = m_sandbox->commvaultRefreshToken();
    const Answer first = renew(access0, refresh0);
    QCOMPARE(first.status, 200);
    const QString access1 = first.json().value("accessToken").toString();
    const QString refresh1 = first.json().value("refreshToken").toString();
    QVERIFY(!access1.isEmpty() && access1 != access0);
    QVERIFY(!refresh1.isEmpty() && refresh1 != refresh0);
    QVERIFY(first.json().value("tokenExpiryTimestamp").toInteger() >
            QDateTime::currentSecsSinceEpoch());
    QVERIFY(first.json().contains("refreshTokenExpiryTimestamp"));
    QCOMPARE(m_sandbox->commvaultAccessToken(), access1);
    QCOMPARE(m_sandbox->commvaultRefreshToken(), refresh1);

    const Answer second = renew(access1, refresh1);
    QCOMPARE(second.status, 200);
    QVERIFY(second.json().value("refreshToken").toString() != refresh1);
    QCOMPARE(exchange(m_nam, "GET", QUrl(base() + "/Client"),
                      {{"Authorization",
                        "Bearer " + second.json().value("accessToken").toString().toLatin1()}})
                 .status,
             200);
    QVERIFY(!m_sandbox->commvaultChainRevoked());
}

void TestSandboxCommvault::oldPairRevokesTheChain()
{
    const QString access0 = m_sandbox->commvaultAccessToken();
    const QString refresh0 = m_sandbox->commvaultRefreshToken();
    const Answer first = renew(access0, refresh0);
    QCOMPARE(first.status, 200);
    const QString access1 = first.json().value("accessToken").toString();
    const QString refresh1 = first.json().value("refreshToken").toString();

    const Answer reuse = renew(access0, refresh0);
    QCOMPARE(reuse.status, 401);
    QVERIFY(m_sandbox->commvaultChainRevoked());
    // Every token of the chain is dead now, the newest pair included, and stays dead.
    QCOMPARE(renew(access1, refresh1).status, 401);
    QCOMPARE(exchange(m_nam, "GET", QUrl(base() + "/Client"),
                      {{"Authorization", "Bearer " + access1.toLatin1()}})
                 .status,
             401);
    QCOMPARE(exchange(m_nam, "GET", QUrl(base() + "/Client"),
                      {{"Authorization", "Bearer " + access0.toLatin1()}})
                 .status,
             401);
}

void TestSandboxCommvault::mixedPairRevokesTheChain()
{
    const QString access0 = m_sandbox->commvaultAccessToken();
    const Answer first = renew(access0, m_sandbox->commvaultRefreshToken());
    QCOMPARE(renew(access0, first.json().value("refreshToken").toString()).status, 401);
    QVERIFY(m_sandbox->commvaultChainRevoked());
}

void TestSandboxCommvault::expiredAccessTokenStillRenews()
{
    m_sandbox->setTokenLifetime(1);
    const Answer shortLived =
        renew(m_sandbox->commvaultAccessToken(), m_sandbox->commvaultRefreshToken());
    QCOMPARE(shortLived.status, 200);
    const QString access = shortLived.json().value("accessToken").toString();
    QThread::msleep(1100);
    QCOMPARE(exchange(m_nam, "GET", QUrl(base() + "/Client"),
                      {{"Authorization", "Bearer " + access.toLatin1()}})
                 .status,
             401);
    m_sandbox->setTokenLifetime(0);
    const Answer renewed = renew(access, shortLived.json().value("refreshToken").toString());
    QCOMPARE(renewed.status, 200);
    QVERIFY(renewed.json().value("tokenExpiryTimestamp").toInteger() -
                QDateTime::currentSecsSinceEpoch() >
            1700);
}

void TestSandboxCommvault::loginWithBase64Password()
{
    const QJsonObject body{
        {"username", QString::fromUtf8(demo::CommvaultUser)},
        {"password", QString::fromLatin1(QByteArray(demo::CommvaultPassword).toBase64())},
        {"domain", ""}};
    const Answer answer =
        exchange(m_nam, "POST", QUrl(base() + "/Login"), JsonHeaders, QJsonDocument(body).toJson());
    QCOMPARE(answer.status, 200);
    QVERIFY(answer.json().value("token").toString().startsWith("QSDK "));
    QCOMPARE(answer.json().value("userName").toString(), QString::fromUtf8(demo::CommvaultUser));
}

void TestSandboxCommvault::wrongPasswordGivesErrList()
{
    // The plain (not base64) password must fail too.
    const QJsonObject body{{"username", QString::fromUtf8(demo::CommvaultUser)},
                           {"password", QString::fromUtf8(demo::CommvaultPassword)}};
    const Answer answer =
        exchange(m_nam, "POST", QUrl(base() + "/Login"), JsonHeaders, QJsonDocument(body).toJson());
    QVERIFY(answer.status >= 400);
    const QJsonObject json = answer.json();
    QVERIFY(!json.value("errList")
                 .toArray()
                 .first()
                 .toObject()
                 .value("errLogMessage")
                 .toString()
                 .isEmpty());
    QCOMPARE(json.value("isAccountLocked").toBool(true), false);
    QVERIFY(json.contains("remainingLockTime"));
    QVERIFY(!json.contains("token"));
}

void TestSandboxCommvault::renewLoginTokenGivesNewSession()
{
    const QString session = login("device-1");
    const QJsonObject body{{"sessionId", session}, {"deviceId", "device-1"}};
    const Answer answer =
        exchange(m_nam, "POST", QUrl(base() + "/RenewLoginToken"),
                 with(JsonHeaders, "Authtoken", session.toLatin1()), QJsonDocument(body).toJson());
    QCOMPARE(answer.status, 200);
    const QString renewed = answer.json().value("token").toString();
    QVERIFY(renewed.startsWith("QSDK ") && renewed != session);
    QCOMPARE(exchange(m_nam, "GET", QUrl(base() + "/Client"), {{"Authtoken", renewed.toLatin1()}})
                 .status,
             200);
    QCOMPARE(exchange(m_nam, "GET", QUrl(base() + "/Client"), {{"Authtoken", session.toLatin1()}})
                 .status,
             401);

    const QJsonObject wrongDevice{{"sessionId", renewed}, {"deviceId", "device-2"}};
    QCOMPARE(exchange(m_nam, "POST", QUrl(base() + "/RenewLoginToken"), JsonHeaders,
                      QJsonDocument(wrongDevice).toJson())
                 .status,
             401);
}

void TestSandboxCommvault::accessTokenOnlyFromLoginSession()
{
    const QJsonObject body{{"tokenName", "ci"}, {"tokenType", 0}};
    const Answer fromToken =
        exchange(m_nam, "POST", QUrl(base() + "/V4/AccessToken"),
                 with(JsonHeaders, "Authorization",
                      "Bearer " + m_sandbox->commvaultAccessToken().toLatin1()),
                 QJsonDocument(body).toJson());
    QCOMPARE(fromToken.status, 403);
    QVERIFY(fromToken.json().contains("errorMessage"));
    QCOMPARE(exchange(m_nam, "POST", QUrl(base() + "/V4/AccessToken"), JsonHeaders,
                      QJsonDocument(body).toJson())
                 .status,
             401);

    const Answer created =
        exchange(m_nam, "POST", QUrl(base() + "/V4/AccessToken"),
                 with(JsonHeaders, "Authtoken", login().toLatin1()), QJsonDocument(body).toJson());
    QCOMPARE(created.status, 200);
    QCOMPARE(created.json().value("error").toObject().value("errorCode").toInt(-1), 0);
    const QJsonObject info = created.json().value("tokenInfo").toObject();
    for (const char *field :
         {"accessTokenId", "tokenName", "accessToken", "userId", "tokenExpiryTimestamp",
          "renewableUntilTimestamp", "refreshToken", "refreshTokenExpiryTimestamp"})
        QVERIFY2(info.contains(field), field);
    QCOMPARE(
        renew(info.value("accessToken").toString(), info.value("refreshToken").toString()).status,
        200);

    // Microsoft SCIM: long-lived, no refresh token.
    const QJsonObject scim{{"tokenName", "scim"}, {"tokenType", 1}};
    const QJsonObject scimInfo =
        exchange(m_nam, "POST", QUrl(base() + "/V4/AccessToken"),
                 with(JsonHeaders, "Authtoken", login().toLatin1()), QJsonDocument(scim).toJson())
            .json()
            .value("tokenInfo")
            .toObject();
    QVERIFY(!scimInfo.contains("refreshToken"));
    QVERIFY(scimInfo.value("tokenExpiryTimestamp").toInteger() -
                QDateTime::currentSecsSinceEpoch() >
            29 * 86400);
}

void TestSandboxCommvault::customTokenReachesListedApisOnly()
{
    const QJsonObject body{
        {"tokenName", "custom"}, {"tokenType", 3}, {"apiEndpoints", QJsonArray{"/client"}}};
    const QString access =
        exchange(m_nam, "POST", QUrl(base() + "/V4/AccessToken"),
                 with(JsonHeaders, "Authtoken", login().toLatin1()), QJsonDocument(body).toJson())
            .json()
            .value("tokenInfo")
            .toObject()
            .value("accessToken")
            .toString();
    QCOMPARE(exchange(m_nam, "GET", QUrl(base() + "/Client"),
                      {{"Authorization", "Bearer " + access.toLatin1()}})
                 .status,
             200);
    QCOMPARE(exchange(m_nam, "GET", QUrl(base() + "/V4/ServerGroup"),
                      {{"Authorization", "Bearer " + access.toLatin1()}})
                 .status,
             403);
}

void TestSandboxCommvault::webconsoleBaseWorksToo()
{
    const QUrl old = url(*m_sandbox, "/commvault/webconsole/api/Client");
    QCOMPARE(exchange(m_nam, "GET", old,
                      {{"Authorization", "Bearer " + m_sandbox->commvaultAccessToken().toLatin1()}})
                 .status,
             200);
}

QTEST_GUILESS_MAIN(TestSandboxCommvault)
#include "tst_sandboxcommvault.moc"
