// The OIDC MSP portal (docs/providers.md §3): discovery, client_secret_post, customers paged by
// response headers.

#include "tst_sandboxsupport.h"

#include <QSet>
#include <QTest>

using namespace tw::sandbox;
using namespace tw::sandbox::testing;

class TestSandboxOidc : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void discoveryDocumentMatchesIssuer();
    void clientSecretPostGivesToken();
    void secretIsFormDecoded();
    void basicAuthenticationIsRefused();
    void wrongSecretIsInvalidClient();
    void customersArePagedInHeaders();
    void defaultPageIsFirstFifty();
    void pagesCoverEveryCustomerOnce();
    void someNamesAreNull();
    void filtersAndOrdering();
    void badPagingIsRefused_data();
    void badPagingIsRefused();
    void invalidTokenGets401();

private:
    QString token();
    Answer customers(const QString &query);

    std::unique_ptr<Sandbox> m_sandbox;
    QNetworkAccessManager m_nam;
};

void TestSandboxOidc::initTestCase()
{
    m_sandbox = std::make_unique<Sandbox>();
    QVERIFY(m_sandbox->listen());
}

QString TestSandboxOidc::token()
{
    const QByteArray body = "client_id=" + formEncode(demo::OidcClientId) +
                            "&client_secret=" + formEncode(QString::fromUtf8(demo::OidcSecret)) +
                            "&grant_type=client_credentials";
    return exchange(m_nam, "POST", url(*m_sandbox, "/oidc/connect/token"), formHeaders(), body)
        .json()
        .value("access_token")
        .toString();
}

Answer TestSandboxOidc::customers(const QString &query)
{
    return exchange(m_nam, "GET", url(*m_sandbox, "/oidc-api/v1/customers" + query),
                    {{"Authorization", "Bearer " + token().toLatin1()}});
}

void TestSandboxOidc::discoveryDocumentMatchesIssuer()
{
    const Answer answer =
        exchange(m_nam, "GET", url(*m_sandbox, "/oidc/.well-known/openid-configuration"));
    QCOMPARE(answer.status, 200);
    const QJsonObject doc = answer.json();
    const QString issuer = described(*m_sandbox, "oidc").value("issuer").toString();
    QCOMPARE(doc.value("issuer").toString(), issuer);
    QCOMPARE(issuer, m_sandbox->baseUrl().toString() + "/oidc");
    QCOMPARE(doc.value("token_endpoint").toString(), issuer + "/connect/token");
    QCOMPARE(doc.value("token_endpoint_auth_methods_supported").toArray(),
             QJsonArray{"client_secret_post"});
    QVERIFY(doc.value("grant_types_supported").toArray().contains("client_credentials"));
    QCOMPARE(m_sandbox->requestCount("oidc.discovery"), 1);
}

void TestSandboxOidc::clientSecretPostGivesToken()
{
    const QByteArray body = "client_id=" + formEncode(demo::OidcClientId) +
                            "&client_secret=" + formEncode(QString::fromUtf8(demo::OidcSecret)) +
                            "&grant_type=client_credentials";
    const Answer answer =
        exchange(m_nam, "POST", url(*m_sandbox, "/oidc/connect/token"), formHeaders(), body);
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.json().value("token_type").toString().toLower(), QStringLiteral("bearer"));
    QCOMPARE(answer.json().value("expires_in").toInt(), 3600);
    QCOMPARE(jwtClaims(answer.json().value("access_token").toString()).value("iss").toString(),
             m_sandbox->baseUrl().toString() + "/oidc");
}

void TestSandboxOidc::secretIsFormDecoded()
{
    // A client that leaves "+" and "&" unencoded (QUrlQuery's habit) sends a different secret.
    const QByteArray body = QByteArray("client_id=") + demo::OidcClientId +
                            "&client_secret=" + demo::OidcSecret + "&grant_type=client_credentials";
    const Answer answer =
        exchange(m_nam, "POST", url(*m_sandbox, "/oidc/connect/token"), formHeaders(), body);
    QCOMPARE(answer.status, 400);
    QCOMPARE(answer.json().value("error").toString(), QStringLiteral("invalid_client"));
}

void TestSandboxOidc::basicAuthenticationIsRefused()
{
    const Answer answer =
        exchange(m_nam, "POST", url(*m_sandbox, "/oidc/connect/token"),
                 with(formHeaders(), "Authorization",
                      basicRfc(demo::OidcClientId, QString::fromUtf8(demo::OidcSecret))),
                 "grant_type=client_credentials");
    QCOMPARE(answer.status, 401);
    QCOMPARE(answer.json().value("error").toString(), QStringLiteral("invalid_client"));
}

void TestSandboxOidc::wrongSecretIsInvalidClient()
{
    const Answer answer =
        exchange(m_nam, "POST", url(*m_sandbox, "/oidc/connect/token"), formHeaders(),
                 "client_id=tw-demo-portal&client_secret=wrong&grant_type=client_credentials");
    QCOMPARE(answer.status, 400);
    QCOMPARE(answer.json().value("error").toString(), QStringLiteral("invalid_client"));
    QVERIFY(answer.json().contains("error_description"));
}

void TestSandboxOidc::customersArePagedInHeaders()
{
    const Answer answer = customers("?page_number=2&page_size=40");
    QCOMPARE(answer.status, 200);
    QVERIFY(QJsonDocument::fromJson(answer.body).isArray());
    QCOMPARE(answer.array().size(), 40);
    QCOMPARE(answer.header("Paging-Page-Size"), QByteArray("40"));
    QCOMPARE(answer.header("Paging-Page-Number"), QByteArray("2"));
    QCOMPARE(answer.header("Paging-Total-Records"), QByteArray("250"));
    QCOMPARE(answer.header("Paging-Total-Pages"), QByteArray("7"));
    const QJsonObject first = answer.array().first().toObject();
    QVERIFY(!QUuid::fromString(first.value("id").toString()).isNull());
    const Answer last = customers("?page_number=7&page_size=40");
    QCOMPARE(last.array().size(), 10);
    const Answer beyond = customers("?page_number=8&page_size=40");
    QCOMPARE(beyond.status, 200);
    QCOMPARE(beyond.array().size(), 0);
}

void TestSandboxOidc::defaultPageIsFirstFifty()
{
    const Answer answer = customers(QString());
    QCOMPARE(answer.array().size(), 50);
    QCOMPARE(answer.header("Paging-Page-Number"), QByteArray("1"));
    QCOMPARE(answer.header("Paging-Page-Size"), QByteArray("50"));
    QCOMPARE(answer.header("Paging-Total-Pages"), QByteArray("5"));
}

void TestSandboxOidc::pagesCoverEveryCustomerOnce()
{
    QSet<QString> ids;
    for (int page = 1; page <= 3; ++page) {
        for (const QJsonValue &customer :
             customers(QStringLiteral("?page_size=100&page_number=%1").arg(page)).array())
            ids.insert(customer.toObject().value("id").toString());
    }
    QCOMPARE(ids.size(), 250);
}

void TestSandboxOidc::someNamesAreNull()
{
    int nulls = 0;
    for (const QJsonValue &customer : customers("?page_size=250").array())
        nulls += customer.toObject().value("name").isNull() ? 1 : 0;
    QVERIFY(nulls >= 5);
}

void TestSandboxOidc::filtersAndOrdering()
{
    const Answer byName = customers("?page_size=250&name=globex");
    QVERIFY(!byName.array().isEmpty());
    for (const QJsonValue &customer : byName.array())
        QVERIFY(customer.toObject().value("name").toString().contains("Globex"));
    QCOMPARE(byName.header("Paging-Total-Records").toInt(), byName.array().size());

    const QString id = byName.array().first().toObject().value("id").toString();
    const Answer byId = customers("?id=" + id);
    QCOMPARE(byId.array().size(), 1);
    QCOMPARE(byId.array().first().toObject().value("id").toString(), id);

    const QJsonArray desc = customers("?page_size=250&order_by=id&order_direction=desc").array();
    QVERIFY(desc.first().toObject().value("id").toString() >
            desc.last().toObject().value("id").toString());
    const QJsonArray asc = customers("?page_size=250&order_by=name&order_direction=asc").array();
    QVERIFY(asc.first().toObject().value("name").isNull()); // nulls first
    QVERIFY(asc[100].toObject().value("name").toString() <=
            asc[101].toObject().value("name").toString());
}

void TestSandboxOidc::badPagingIsRefused_data()
{
    QTest::addColumn<QString>("query");
    QTest::newRow("page 0") << "?page_number=0";
    QTest::newRow("size 0") << "?page_size=0";
    QTest::newRow("size text") << "?page_size=ten";
    QTest::newRow("order_by") << "?order_by=created";
    QTest::newRow("direction") << "?order_direction=up";
}

void TestSandboxOidc::badPagingIsRefused()
{
    QFETCH(QString, query);
    const Answer answer = customers(query);
    QCOMPARE(answer.status, 400);
    QCOMPARE(answer.json().value("error").toString(), QStringLiteral("invalid_request"));
}

void TestSandboxOidc::invalidTokenGets401()
{
    const Answer answer = exchange(m_nam, "GET", url(*m_sandbox, "/oidc-api/v1/customers"),
                                   {{"Authorization", "Bearer not-a-token"}});
    QCOMPARE(answer.status, 401);
    QCOMPARE(answer.json().value("error").toString(), QStringLiteral("invalid_token"));
    QVERIFY(answer.header("WWW-Authenticate").startsWith("Bearer"));
}

QTEST_GUILESS_MAIN(TestSandboxOidc)
#include "tst_sandboxoidc.moc"
