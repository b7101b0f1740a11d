// Druva MSP, Druva Cloud and GovCloud as the sandbox emulates them (docs/providers.md §1, §2),
// checked over real sockets.

#include "tst_sandboxsupport.h"

#include <QSet>
#include <QTest>
#include <QThread>

using namespace tw::sandbox;
using namespace tw::sandbox::testing;

class TestSandboxDruva : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void mspRawBasicIsAccepted();
    void mspRfcEncodedBasicIsRefused();
    void mspTokenIsJwtWithClaims();
    void mspRejectsScope();
    void tokenRequestShapeIsEnforced_data();
    void tokenRequestShapeIsEnforced();
    void customerPagesCoverEveryCustomerOnce();
    void customerObjectsHaveEveryField();
    void pageSizeWithPageTokenIsRefused();
    void includeFeaturesWithPageTokenIsRefused();
    void pageSizeOutOfRangeIsRefused_data();
    void pageSizeOutOfRangeIsRefused();
    void customerTokenIsScopedToItsCustomer();
    void unknownCustomerGives404();
    void expiredMspTokenGives401();
    void cloudRawBasicWithScopeRead();
    void cloudAcceptsMissingScopeButNotOthers();
    void cloudRfcEncodedBasicIsRefused();
    void cloudTokenIsOpaqueWithSpecialCharacters();
    void cloudExpiredTokenGives403AndGarbage401();
    void govCloudTokenIs900SecondsAndRegionBound();
    void revokedTokensAreRefused();
    void lastRequestsRecordsTheWire();

private:
    QString mspToken();
    QString cloudToken(bool gov = false);

    std::unique_ptr<Sandbox> m_sandbox;
    QNetworkAccessManager m_nam;
};

void TestSandboxDruva::initTestCase()
{
    m_sandbox = std::make_unique<Sandbox>();
    QVERIFY(m_sandbox->listen());
    QVERIFY(m_sandbox->port() != 0);
    QCOMPARE(m_sandbox->baseUrl().host(), QStringLiteral("127.0.0.1"));
}

void TestSandboxDruva::init()
{
    m_sandbox->clearFaults();
    m_sandbox->resetCounters();
    m_sandbox->setTokenLifetime(0);
}

QString TestSandboxDruva::mspToken()
{
    const Answer answer = exchange(m_nam, "POST", url(*m_sandbox, "/druva-msp/msp/auth/v1/token"),
                                   with(formHeaders(), "Authorization",
                                        basicRaw(demo::DruvaMspClientId, demo::DruvaMspSecret)),
                                   "grant_type=client_credentials");
    return answer.json().value("access_token").toString();
}

QString TestSandboxDruva::cloudToken(bool gov)
{
    const Answer answer =
        exchange(m_nam, "POST", url(*m_sandbox, gov ? "/druva-gov/token" : "/druva/token"),
                 with(formHeaders(), "Authorization",
                      gov ? basicRaw(demo::DruvaGovClientId, demo::DruvaGovSecret)
                          : basicRaw(demo::DruvaClientId, demo::DruvaSecret)),
                 "grant_type=client_credentials&scope=read");
    return answer.json().value("access_token").toString();
}

void TestSandboxDruva::mspRawBasicIsAccepted()
{
    const Answer answer = exchange(m_nam, "POST", url(*m_sandbox, "/druva-msp/msp/auth/v1/token"),
                                   with(formHeaders(), "Authorization",
                                        basicRaw(demo::DruvaMspClientId, demo::DruvaMspSecret)),
                                   "grant_type=client_credentials");
    QCOMPARE(answer.status, 200);
    const QJsonObject json = answer.json();
    QCOMPARE(json.value("token_type").toString(), QStringLiteral("bearer"));
    QVERIFY(json.value("expires_in").isDouble());
    QCOMPARE(json.value("expires_in").toInt(), 900);
    QVERIFY(!json.contains("refresh_token"));
    QCOMPARE(answer.header("cache-control"), QByteArray("no-store"));
}

void TestSandboxDruva::mspRfcEncodedBasicIsRefused()
{
    // The secret holds "+ / = :", so the RFC 6749 form-encoded Basic differs from the raw one.
    QVERIFY(basicRfc(demo::DruvaMspClientId, demo::DruvaMspSecret) !=
            basicRaw(demo::DruvaMspClientId, demo::DruvaMspSecret));
    const Answer answer = exchange(m_nam, "POST", url(*m_sandbox, "/druva-msp/msp/auth/v1/token"),
                                   with(formHeaders(), "Authorization",
                                        basicRfc(demo::DruvaMspClientId, demo::DruvaMspSecret)),
                                   "grant_type=client_credentials");
    QCOMPARE(answer.status, 401);
    QCOMPARE(answer.json().value("error").toString(), QStringLiteral("invalid_client"));
    QVERIFY(answer.header("www-authenticate").startsWith("Basic"));
}

void TestSandboxDruva::mspTokenIsJwtWithClaims()
{
    const QJsonObject claims = jwtClaims(mspToken());
    QCOMPARE(claims.value("sub").toString(), QStringLiteral("tw-demo-msp"));
    QCOMPARE(claims.value("iss").toString(), m_sandbox->baseUrl().toString() + "/druva-msp");
    QCOMPARE(claims.value("exp").toInteger() - claims.value("iat").toInteger(), 900);
}

void TestSandboxDruva::mspRejectsScope()
{
    const Answer answer = exchange(m_nam, "POST", url(*m_sandbox, "/druva-msp/msp/auth/v1/token"),
                                   with(formHeaders(), "Authorization",
                                        basicRaw(demo::DruvaMspClientId, demo::DruvaMspSecret)),
                                   "grant_type=client_credentials&scope=read");
    QCOMPARE(answer.status, 400);
    QCOMPARE(answer.json().value("error").toString(), QStringLiteral("invalid_scope"));
}

void TestSandboxDruva::tokenRequestShapeIsEnforced_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("error");
    const QByteArray form = "application/x-www-form-urlencoded";
    QTest::newRow("GET") << QByteArray("GET") << QByteArray() << QByteArray() << 405
                         << "invalid_request";
    QTest::newRow("json body") << QByteArray("POST") << QByteArray("application/json")
                               << QByteArray("{\"grant_type\":\"client_credentials\"}") << 400
                               << "invalid_request";
    QTest::newRow("no grant") << QByteArray("POST") << form << QByteArray("a=b") << 400
                              << "invalid_request";
    QTest::newRow("password grant")
        << QByteArray("POST") << form << QByteArray("grant_type=password") << 400
        << "unsupported_grant_type";
    QTest::newRow("repeated grant")
        << QByteArray("POST") << form
        << QByteArray("grant_type=client_credentials&grant_type=client_credentials") << 400
        << "invalid_request";
    QTest::newRow("charset is fine")
        << QByteArray("POST") << form + "; charset=UTF-8"
        << QByteArray("grant_type=client_credentials") << 200 << QString();
}

void TestSandboxDruva::tokenRequestShapeIsEnforced()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, error);
    Headers headers{{"Authorization", basicRaw(demo::DruvaMspClientId, demo::DruvaMspSecret)}};
    if (!contentType.isEmpty())
        headers.append({"Content-Type", contentType});
    const Answer answer =
        exchange(m_nam, method, url(*m_sandbox, "/druva-msp/msp/auth/v1/token"), headers, body);
    QCOMPARE(answer.status, status);
    if (!error.isEmpty())
        QCOMPARE(answer.json().value("error").toString(), error);
}

void TestSandboxDruva::customerPagesCoverEveryCustomerOnce()
{
    const QByteArray bearer = "Bearer " + mspToken().toLatin1();
    QSet<QString> ids;
    QUrl next = url(*m_sandbox, "/druva-msp/msp/v3/customers?pageSize=100");
    int pages = 0;
    while (true) {
        const Answer answer = exchange(m_nam, "GET", next, {{"Authorization", bearer}});
        QCOMPARE(answer.status, 200);
        ++pages;
        for (const QJsonValue &customer : answer.json().value("customers").toArray())
            ids.insert(customer.toObject().value("id").toString());
        const QString token = answer.json().value("nextPageToken").toString();
        QVERIFY(answer.json().contains("nextPageToken"));
        if (token.isEmpty())
            break;
        next = url(*m_sandbox, "/druva-msp/msp/v3/customers");
        QUrlQuery query;
        query.addQueryItem("pageToken", QString::fromLatin1(QUrl::toPercentEncoding(token)));
        next.setQuery(query);
    }
    QCOMPARE(pages, 3);
    QCOMPARE(ids.size(), 250);
    QCOMPARE(m_sandbox->requestCount("druva-msp.customers"), 3);
    // Later pages carried only the token.
    const QList<QJsonObject> wire = m_sandbox->lastRequests("druva-msp.customers");
    QCOMPARE(wire.size(), 3);
    QVERIFY(wire[1].value("query").toString().startsWith("pageToken="));
    QVERIFY(!wire[1].value("query").toString().contains("pageSize"));
}

void TestSandboxDruva::customerObjectsHaveEveryField()
{
    const QByteArray bearer = "Bearer " + mspToken().toLatin1();
    const Answer answer =
        exchange(m_nam, "GET",
                 url(*m_sandbox, "/druva-msp/msp/v3/customers?pageSize=10&includeFeatures=true"),
                 {{"Authorization", bearer}});
    QCOMPARE(answer.status, 200);
    const QJsonArray customers = answer.json().value("customers").toArray();
    QCOMPARE(customers.size(), 10);
    bool sawUnknownField = false;
    const QStringList fields{"id",        "customerName", "accountName",  "address",
                             "phone",     "features",     "tenantAdmins", "status",
                             "createdOn", "activeSince",  "attributes",   "cloud"};
    for (const QJsonValue &value : customers) {
        const QJsonObject customer = value.toObject();
        for (const QString &field : fields)
            QVERIFY2(customer.contains(field), qPrintable(field));
        QVERIFY(customer.value("id").isString());
        QVERIFY(!customer.value("features").toArray().isEmpty());
        QVERIFY(customer.value("features").toArray().first().toObject().contains("name"));
        QVERIFY(customer.value("tenantAdmins").toArray().first().isDouble());
        QVERIFY(QSet<int>({0, 1, 2}).contains(customer.value("status").toInt()));
        QVERIFY(QSet<int>({0, 1, 2}).contains(customer.value("cloud").toInt()));
        QVERIFY(
            QDateTime::fromString(customer.value("activeSince").toString(), Qt::ISODate).isValid());
        QVERIFY(customer.value("attributes").toArray().first().toObject().contains("value"));
        sawUnknownField = sawUnknownField || customer.size() > fields.size();
    }
    QVERIFY(sawUnknownField);
}

void TestSandboxDruva::pageSizeWithPageTokenIsRefused()
{
    const QByteArray bearer = "Bearer " + mspToken().toLatin1();
    const Answer first =
        exchange(m_nam, "GET", url(*m_sandbox, "/druva-msp/msp/v3/customers?pageSize=5"),
                 {{"Authorization", bearer}});
    const QByteArray token =
        QUrl::toPercentEncoding(first.json().value("nextPageToken").toString());
    const Answer answer = exchange(
        m_nam, "GET", url(*m_sandbox, "/druva-msp/msp/v3/customers?pageSize=5&pageToken=" + token),
        {{"Authorization", bearer}});
    QCOMPARE(answer.status, 400);
    QVERIFY(answer.json().contains("code"));
    QVERIFY(answer.json().contains("message"));
    const Answer garbage =
        exchange(m_nam, "GET", url(*m_sandbox, "/druva-msp/msp/v3/customers?pageToken=nonsense"),
                 {{"Authorization", bearer}});
    QCOMPARE(garbage.status, 400);
}

void TestSandboxDruva::includeFeaturesWithPageTokenIsRefused()
{
    const QByteArray bearer = "Bearer " + mspToken().toLatin1();
    const Answer first =
        exchange(m_nam, "GET",
                 url(*m_sandbox, "/druva-msp/msp/v3/customers?pageSize=5&includeFeatures=true"),
                 {{"Authorization", bearer}});
    const QByteArray token =
        QUrl::toPercentEncoding(first.json().value("nextPageToken").toString());
    const Answer refused = exchange(
        m_nam, "GET",
        url(*m_sandbox, "/druva-msp/msp/v3/customers?includeFeatures=true&pageToken=" + token),
        {{"Authorization", bearer}});
    QCOMPARE(refused.status, 400);
    // The token remembers includeFeatures and the page size.
    const Answer second =
        exchange(m_nam, "GET", url(*m_sandbox, "/druva-msp/msp/v3/customers?pageToken=" + token),
                 {{"Authorization", bearer}});
    QCOMPARE(second.status, 200);
    const QJsonArray customers = second.json().value("customers").toArray();
    QCOMPARE(customers.size(), 5);
    QVERIFY(!customers.first().toObject().value("features").toArray().isEmpty());
}

void TestSandboxDruva::pageSizeOutOfRangeIsRefused_data()
{
    QTest::addColumn<QString>("size");
    QTest::newRow("0") << "0";
    QTest::newRow("101") << "101";
    QTest::newRow("text") << "ten";
}

void TestSandboxDruva::pageSizeOutOfRangeIsRefused()
{
    QFETCH(QString, size);
    const Answer answer =
        exchange(m_nam, "GET", url(*m_sandbox, "/druva-msp/msp/v3/customers?pageSize=" + size),
                 {{"Authorization", "Bearer " + mspToken().toLatin1()}});
    QCOMPARE(answer.status, 400);
}

void TestSandboxDruva::customerTokenIsScopedToItsCustomer()
{
    const QByteArray bearer = "Bearer " + mspToken().toLatin1();
    const QJsonArray customers =
        exchange(m_nam, "GET", url(*m_sandbox, "/druva-msp/msp/v3/customers?pageSize=2"),
                 {{"Authorization", bearer}})
            .json()
            .value("customers")
            .toArray();
    const QString first = customers[0].toObject().value("id").toString();
    const QString second = customers[1].toObject().value("id").toString();

    const Answer minted =
        exchange(m_nam, "POST", url(*m_sandbox, "/druva-msp/msp/v2/customers/" + first + "/token"),
                 with(formHeaders(), "Authorization", bearer), "grant_type=client_credentials");
    QCOMPARE(minted.status, 200);
    QCOMPARE(minted.json().value("token_type").toString(), QStringLiteral("bearer"));
    QCOMPARE(minted.json().value("expires_in").toInt(), 1800);
    const QString customerToken = minted.json().value("access_token").toString();
    QCOMPARE(jwtClaims(customerToken).value("customer_id").toString(), first);

    const QByteArray customerBearer = "Bearer " + customerToken.toLatin1();
    const Answer own =
        exchange(m_nam, "GET", url(*m_sandbox, "/druva-msp/demo/v1/customers/" + first + "/info"),
                 {{"Authorization", customerBearer}});
    QCOMPARE(own.status, 200);
    QCOMPARE(own.json().value("id").toString(), first);
    const Answer other =
        exchange(m_nam, "GET", url(*m_sandbox, "/druva-msp/demo/v1/customers/" + second + "/info"),
                 {{"Authorization", customerBearer}});
    QCOMPARE(other.status, 403);
    QVERIFY(other.json().contains("code"));
    const Answer asMsp =
        exchange(m_nam, "GET", url(*m_sandbox, "/druva-msp/demo/v1/customers/" + first + "/info"),
                 {{"Authorization", bearer}});
    QCOMPARE(asMsp.status, 403);
    const Answer invalid =
        exchange(m_nam, "GET", url(*m_sandbox, "/druva-msp/demo/v1/customers/" + first + "/info"),
                 {{"Authorization", "Bearer nope"}});
    QCOMPARE(invalid.status, 401);
    const Answer whoami = exchange(m_nam, "GET", url(*m_sandbox, "/druva-msp/demo/v1/whoami"),
                                   {{"Authorization", customerBearer}});
    QCOMPARE(whoami.json().value("customerId").toString(), first);
    QCOMPARE(whoami.json().value("tokenKind").toString(), QStringLiteral("customer"));
    QCOMPARE(m_sandbox->requestCount("msp.customer-api"), 5);
}

void TestSandboxDruva::unknownCustomerGives404()
{
    const Answer answer =
        exchange(m_nam, "POST", url(*m_sandbox, "/druva-msp/msp/v2/customers/nosuchcustomer/token"),
                 with(formHeaders(), "Authorization", "Bearer " + mspToken().toLatin1()),
                 "grant_type=client_credentials");
    QCOMPARE(answer.status, 404);
    QVERIFY(answer.json().contains("message"));
}

void TestSandboxDruva::expiredMspTokenGives401()
{
    m_sandbox->setTokenLifetime(1);
    const QString token = mspToken();
    QCOMPARE(jwtClaims(token).value("exp").toInteger() - jwtClaims(token).value("iat").toInteger(),
             1);
    QThread::msleep(1100);
    const Answer answer = exchange(m_nam, "GET", url(*m_sandbox, "/druva-msp/msp/v3/customers"),
                                   {{"Authorization", "Bearer " + token.toLatin1()}});
    QCOMPARE(answer.status, 401);
}

void TestSandboxDruva::cloudRawBasicWithScopeRead()
{
    const Answer answer = exchange(
        m_nam, "POST", url(*m_sandbox, "/druva/token"),
        with(formHeaders(), "Authorization", basicRaw(demo::DruvaClientId, demo::DruvaSecret)),
        "grant_type=client_credentials&scope=read");
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.json().value("token_type").toString(), QStringLiteral("bearer"));
    QCOMPARE(answer.json().value("expires_in").toInt(), 1800);
    const Answer users = exchange(
        m_nam, "GET", url(*m_sandbox, "/druva/insync/endpoints/v1/users"),
        {{"Authorization", "Bearer " + answer.json().value("access_token").toString().toUtf8()}});
    QCOMPARE(users.status, 200);
    QVERIFY(!users.json().value("users").toArray().isEmpty());
}

void TestSandboxDruva::cloudAcceptsMissingScopeButNotOthers()
{
    const Headers headers =
        with(formHeaders(), "Authorization", basicRaw(demo::DruvaClientId, demo::DruvaSecret));
    QCOMPARE(exchange(m_nam, "POST", url(*m_sandbox, "/druva/token"), headers,
                      "grant_type=client_credentials")
                 .status,
             200);
    const Answer write = exchange(m_nam, "POST", url(*m_sandbox, "/druva/token"), headers,
                                  "grant_type=client_credentials&scope=write");
    QCOMPARE(write.status, 400);
    QCOMPARE(write.json().value("error").toString(), QStringLiteral("invalid_scope"));
}

void TestSandboxDruva::cloudRfcEncodedBasicIsRefused()
{
    const Answer answer = exchange(
        m_nam, "POST", url(*m_sandbox, "/druva/token"),
        with(formHeaders(), "Authorization", basicRfc(demo::DruvaClientId, demo::DruvaSecret)),
        "grant_type=client_credentials&scope=read");
    QCOMPARE(answer.status, 401);
    QCOMPARE(answer.json().value("error").toString(), QStringLiteral("invalid_client"));
}

void TestSandboxDruva::cloudTokenIsOpaqueWithSpecialCharacters()
{
    const QString token = cloudToken();
    for (const QChar c : {QLatin1Char(':'), QLatin1Char('+'), QLatin1Char('/'), QLatin1Char('=')})
        QVERIFY2(token.contains(c), qPrintable(token));
    QVERIFY(jwtClaims(token).isEmpty());
    const Answer whoami = exchange(m_nam, "GET", url(*m_sandbox, "/druva/demo/v1/whoami"),
                                   {{"Authorization", "Bearer " + token.toUtf8()}});
    QCOMPARE(whoami.status, 200);
    QCOMPARE(whoami.json().value("clientId").toString(), QStringLiteral("tw-demo-druva"));
}

void TestSandboxDruva::cloudExpiredTokenGives403AndGarbage401()
{
    m_sandbox->setTokenLifetime(1);
    const QString token = cloudToken();
    QThread::msleep(1100);
    const Answer expired = exchange(m_nam, "GET", url(*m_sandbox, "/druva/demo/v1/whoami"),
                                    {{"Authorization", "Bearer " + token.toUtf8()}});
    QCOMPARE(expired.status, 403);
    const Answer garbage = exchange(m_nam, "GET", url(*m_sandbox, "/druva/demo/v1/whoami"),
                                    {{"Authorization", "Bearer garbage"}});
    QCOMPARE(garbage.status, 401);
    const Answer missing = exchange(m_nam, "GET", url(*m_sandbox, "/druva/demo/v1/whoami"));
    QCOMPARE(missing.status, 401);
}

void TestSandboxDruva::govCloudTokenIs900SecondsAndRegionBound()
{
    const Answer answer = exchange(m_nam, "POST", url(*m_sandbox, "/druva-gov/token"),
                                   with(formHeaders(), "Authorization",
                                        basicRaw(demo::DruvaGovClientId, demo::DruvaGovSecret)),
                                   "grant_type=client_credentials&scope=read");
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.json().value("expires_in").toInt(), 900);
    QCOMPARE(m_sandbox->requestCount("druva-gov.token"), 1);
    const QByteArray bearer = "Bearer " + answer.json().value("access_token").toString().toUtf8();
    QCOMPARE(exchange(m_nam, "GET", url(*m_sandbox, "/druva-gov/demo/v1/whoami"),
                      {{"Authorization", bearer}})
                 .status,
             200);
    QCOMPARE(exchange(m_nam, "GET", url(*m_sandbox, "/druva/demo/v1/whoami"),
                      {{"Authorization", bearer}})
                 .status,
             401);
}

void TestSandboxDruva::revokedTokensAreRefused()
{
    const QString msp = mspToken();
    const QString cloud = cloudToken();
    m_sandbox->revokeAllTokens();
    QCOMPARE(exchange(m_nam, "GET", url(*m_sandbox, "/druva-msp/msp/v3/customers"),
                      {{"Authorization", "Bearer " + msp.toLatin1()}})
                 .status,
             401);
    QCOMPARE(exchange(m_nam, "GET", url(*m_sandbox, "/druva/demo/v1/whoami"),
                      {{"Authorization", "Bearer " + cloud.toUtf8()}})
                 .status,
             403);
    // New tokens work again.
    QCOMPARE(exchange(m_nam, "GET", url(*m_sandbox, "/druva-msp/msp/v3/customers"),
                      {{"Authorization", "Bearer " + mspToken().toLatin1()}})
                 .status,
             200);
}

void TestSandboxDruva::lastRequestsRecordsTheWire()
{
    mspToken();
    const QList<QJsonObject> wire = m_sandbox->lastRequests("druva-msp.token");
    QCOMPARE(wire.size(), 1);
    const QJsonObject request = wire.first();
    QCOMPARE(request.value("method").toString(), QStringLiteral("POST"));
    QCOMPARE(request.value("path").toString(), QStringLiteral("/druva-msp/msp/auth/v1/token"));
    QCOMPARE(request.value("body").toString(), QStringLiteral("grant_type=client_credentials"));
    const QJsonObject headers = request.value("headers").toObject();
    QCOMPARE(headers.value("authorization").toString().toLatin1(),
             basicRaw(demo::DruvaMspClientId, demo::DruvaMspSecret));
    QCOMPARE(headers.value("content-type").toString(),
             QStringLiteral("application/x-www-form-urlencoded"));
}

QTEST_GUILESS_MAIN(TestSandboxDruva)
#include "tst_sandboxdruva.moc"
