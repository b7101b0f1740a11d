// Fault injection, latency, counters: the knobs integration tests of the engine rely on.

#include "tst_sandboxsupport.h"

#include <QElapsedTimer>
#include <QTcpServer>
#include <QTest>

using namespace tw::sandbox;
using namespace tw::sandbox::testing;

Q_DECLARE_METATYPE(tw::sandbox::Fault)

class TestSandboxFaults : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void faultsReplaceTheTokenAnswer_data();
    void faultsReplaceTheTokenAnswer();
    void retryAfterFollowsParam_data();
    void retryAfterFollowsParam();
    void truncatedBodyIsHalfOfTheRealAnswer();
    void nonNumericExpiresInKeepsTheToken();
    void slowFaultDelaysThenAnswers();
    void deniedFaultsLookLikeTheVendor();
    void faultIsLimitedToItsEndpointAndTimes();
    void faultAfterFailsTheThirdPage();
    void clearFaultsRestoresNormalAnswers();
    void latencyAppliesToConcurrentRequestsInParallel();
    void countersAndSignal();
    void unknownPathIs404();
    void listenFailsOnAPortInUse();
    void destroyingWithRequestsInFlightIsSafe();
    void faultNamesRoundTrip();

private:
    Answer mspToken();

    std::unique_ptr<Sandbox> m_sandbox;
    QNetworkAccessManager m_nam;
};

void TestSandboxFaults::initTestCase()
{
    m_sandbox = std::make_unique<Sandbox>();
    QVERIFY(m_sandbox->listen());
}

void TestSandboxFaults::init()
{
    m_sandbox->clearFaults();
    m_sandbox->resetCounters();
    m_sandbox->setLatency(0);
}

Answer TestSandboxFaults::mspToken()
{
    return exchange(m_nam, "POST", url(*m_sandbox, "/druva-msp/msp/auth/v1/token"),
                    with(formHeaders(), "Authorization",
                         basicRaw(demo::DruvaMspClientId, demo::DruvaMspSecret)),
                    "grant_type=client_credentials");
}

void TestSandboxFaults::faultsReplaceTheTokenAnswer_data()
{
    QTest::addColumn<Fault>("fault");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<bool>("parses"); // body is a JSON object
    QTest::addColumn<bool>("hasToken");
    QTest::newRow("none") << Fault::None << 200 << QByteArray("application/json") << true << true;
    QTest::newRow("500") << Fault::Http500 << 500 << QByteArray("application/json") << true
                         << false;
    QTest::newRow("html 502") << Fault::Html502 << 502 << QByteArray("text/html") << false << false;
    QTest::newRow("429") << Fault::TooManyRequests << 429 << QByteArray("application/json") << true
                         << false;
    QTest::newRow("503") << Fault::ServiceUnavailable << 503 << QByteArray("application/json")
                         << true << false;
    QTest::newRow("401") << Fault::Unauthorized << 401 << QByteArray("application/json") << true
                         << false;
    QTest::newRow("403") << Fault::Forbidden << 403 << QByteArray("application/json") << true
                         << false;
    QTest::newRow("malformed") << Fault::MalformedJson << 200 << QByteArray("application/json")
                               << false << false;
    QTest::newRow("missing token")
        << Fault::MissingAccessToken << 200 << QByteArray("application/json") << true << false;
    QTest::newRow("truncated") << Fault::TruncatedBody << 200 << QByteArray("application/json")
                               << false << false;
    QTest::newRow("slow") << Fault::Slow << 200 << QByteArray("application/json") << true << true;
    QTest::newRow("expires_in abc")
        << Fault::NonNumericExpiresIn << 200 << QByteArray("application/json") << true << true;
}

void TestSandboxFaults::faultsReplaceTheTokenAnswer()
{
    QFETCH(Fault, fault);
    QFETCH(int, status);
    QFETCH(QByteArray, contentType);
    QFETCH(bool, parses);
    QFETCH(bool, hasToken);
    m_sandbox->setFault("druva-msp.token", fault, 1, 50);
    const Answer answer = mspToken();
    QCOMPARE(answer.status, status);
    QCOMPARE(answer.header("content-type"), contentType);
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(answer.body, &error);
    QCOMPARE(error.error == QJsonParseError::NoError && document.isObject(), parses);
    QCOMPARE(document.object().contains("access_token"), hasToken);
    if (fault == Fault::Html502)
        QVERIFY(answer.body.contains("<html>") && answer.body.contains("502 Bad Gateway"));
    // One time only: the next answer is normal again.
    QCOMPARE(mspToken().status, 200);
    QCOMPARE(m_sandbox->requestCount("druva-msp.token"), 2);
}

void TestSandboxFaults::retryAfterFollowsParam_data()
{
    QTest::addColumn<Fault>("fault");
    QTest::addColumn<int>("param");
    QTest::addColumn<QByteArray>("retryAfter");
    QTest::newRow("429 7s") << Fault::TooManyRequests << 7 << QByteArray("7");
    QTest::newRow("429 0s") << Fault::TooManyRequests << 0 << QByteArray("0");
    QTest::newRow("429 no header") << Fault::TooManyRequests << -1 << QByteArray();
    QTest::newRow("503 2s") << Fault::ServiceUnavailable << 2 << QByteArray("2");
    QTest::newRow("503 no header") << Fault::ServiceUnavailable << -1 << QByteArray();
}

void TestSandboxFaults::retryAfterFollowsParam()
{
    QFETCH(Fault, fault);
    QFETCH(int, param);
    QFETCH(QByteArray, retryAfter);
    m_sandbox->setFault("druva-msp.token", fault, 1, param);
    const Answer answer = mspToken();
    QCOMPARE(answer.header("retry-after"), retryAfter);
    QCOMPARE(answer.headers.contains("retry-after"), !retryAfter.isEmpty());
}

void TestSandboxFaults::truncatedBodyIsHalfOfTheRealAnswer()
{
    m_sandbox->setFault("oauth2.discovery", Fault::TruncatedBody, 1);
    const Answer cut =
        exchange(m_nam, "GET", url(*m_sandbox, "/oauth2/.well-known/openid-configuration"));
    const Answer whole =
        exchange(m_nam, "GET", url(*m_sandbox, "/oauth2/.well-known/openid-configuration"));
    QCOMPARE(cut.status, 200);
    QCOMPARE(cut.body.size(), whole.body.size() / 2);
    QVERIFY(whole.body.startsWith(cut.body));
}

void TestSandboxFaults::nonNumericExpiresInKeepsTheToken()
{
    m_sandbox->setFault("druva-msp.token", Fault::NonNumericExpiresIn, 1);
    const QJsonObject json = mspToken().json();
    QCOMPARE(json.value("expires_in").toString(), QStringLiteral("abc"));
    QVERIFY(!json.value("access_token").toString().isEmpty());
    QCOMPARE(json.value("token_type").toString(), QStringLiteral("bearer"));
}

void TestSandboxFaults::slowFaultDelaysThenAnswers()
{
    m_sandbox->setFault("druva-msp.token", Fault::Slow, 1, 400);
    QElapsedTimer timer;
    timer.start();
    const Answer answer = mspToken();
    QVERIFY(timer.elapsed() >= 390); // a delay delays (a lower bound: never flaky)
    QCOMPARE(answer.status, 200);
    // Only the first request was slow: with a slow one on the wire, a second one sent after
    // it comes back first (order of events, not a stopwatch).
    m_sandbox->setFault("druva-msp.token", Fault::Slow, 1, 2000);
    QList<QByteArray> order;
    QNetworkAccessManager second;
    QNetworkRequest request(url(*m_sandbox, "/druva-msp/msp/auth/v1/token"));
    request.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded");
    request.setRawHeader("Authorization", basicRaw(demo::DruvaMspClientId, demo::DruvaMspSecret));
    QNetworkReply *slow = m_nam.post(request, "grant_type=client_credentials");
    connect(slow, &QNetworkReply::finished, this, [&] { order << "slow"; });
    QTRY_COMPARE(m_sandbox->requestCount("druva-msp.token"), 2); // the slow one is in
    QNetworkReply *fast = second.post(request, "grant_type=client_credentials");
    connect(fast, &QNetworkReply::finished, this, [&] { order << "fast"; });
    QTRY_COMPARE_WITH_TIMEOUT(order.size(), 2, 15000);
    QCOMPARE(order, (QList<QByteArray>{"fast", "slow"}));
    QCOMPARE(fast->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    slow->deleteLater();
    fast->deleteLater();
}

void TestSandboxFaults::deniedFaultsLookLikeTheVendor()
{
    m_sandbox->setFault("commvault.api", Fault::Unauthorized, 1);
    const Answer commvault =
        exchange(m_nam, "GET", url(*m_sandbox, "/commvault/commandcenter/api/Client"),
                 {{"Authorization", "Bearer " + m_sandbox->commvaultAccessToken().toLatin1()}});
    QCOMPARE(commvault.status, 401);
    QCOMPARE(commvault.json().value("errorCode").toInt(), 5);

    m_sandbox->setFault("druva.api", Fault::Forbidden, 1);
    const Answer druva = exchange(m_nam, "GET", url(*m_sandbox, "/druva/demo/v1/whoami"));
    QCOMPARE(druva.status, 403);
    QVERIFY(druva.json().contains("code") && druva.json().contains("message"));

    m_sandbox->setFault("oidc.customers", Fault::Unauthorized, 1);
    const Answer oidc = exchange(m_nam, "GET", url(*m_sandbox, "/oidc-api/v1/customers"));
    QCOMPARE(oidc.status, 401);
    QCOMPARE(oidc.json().value("error").toString(), QStringLiteral("invalid_token"));

    m_sandbox->setFault("oauth2.token", Fault::Unauthorized, 1);
    const Answer oauth = exchange(m_nam, "POST", url(*m_sandbox, "/oauth2/token"), formHeaders(),
                                  "grant_type=client_credentials");
    QCOMPARE(oauth.status, 401);
    QCOMPARE(oauth.json().value("error").toString(), QStringLiteral("invalid_client"));
}

void TestSandboxFaults::faultIsLimitedToItsEndpointAndTimes()
{
    m_sandbox->setFault("druva-msp.token", Fault::Http500, 2);
    const Answer other = exchange(
        m_nam, "POST", url(*m_sandbox, "/druva/token"),
        with(formHeaders(), "Authorization", basicRaw(demo::DruvaClientId, demo::DruvaSecret)),
        "grant_type=client_credentials&scope=read");
    QCOMPARE(other.status, 200);
    QCOMPARE(mspToken().status, 500);
    QCOMPARE(mspToken().status, 500);
    QCOMPARE(mspToken().status, 200);

    m_sandbox->setFault("druva-msp.token", Fault::Http500); // until cleared
    for (int i = 0; i < 4; ++i)
        QCOMPARE(mspToken().status, 500);
    m_sandbox->setFault("druva-msp.token", Fault::None);
    QCOMPARE(mspToken().status, 200);
}

void TestSandboxFaults::faultAfterFailsTheThirdPage()
{
    const QByteArray bearer =
        "Bearer " + mspToken().json().value("access_token").toString().toLatin1();
    m_sandbox->setFaultAfter("druva-msp.customers", 2, Fault::ServiceUnavailable, 1, 1);
    QUrl next = url(*m_sandbox, "/druva-msp/msp/v3/customers?pageSize=50");
    QList<int> statuses;
    for (int i = 0; i < 3; ++i) {
        const Answer answer = exchange(m_nam, "GET", next, {{"Authorization", bearer}});
        statuses.append(answer.status);
        if (answer.status == 200) {
            next =
                url(*m_sandbox,
                    "/druva-msp/msp/v3/customers?pageToken=" +
                        QUrl::toPercentEncoding(answer.json().value("nextPageToken").toString()));
        }
    }
    QCOMPARE(statuses, (QList<int>{200, 200, 503}));
    // The retry of page 3 succeeds.
    QCOMPARE(exchange(m_nam, "GET", next, {{"Authorization", bearer}}).status, 200);
}

void TestSandboxFaults::clearFaultsRestoresNormalAnswers()
{
    m_sandbox->setFault("druva-msp.token", Fault::Html502);
    m_sandbox->setFault("oidc.discovery", Fault::Html502);
    m_sandbox->clearFaults();
    QCOMPARE(mspToken().status, 200);
    QCOMPARE(
        exchange(m_nam, "GET", url(*m_sandbox, "/oidc/.well-known/openid-configuration")).status,
        200);
}

void TestSandboxFaults::latencyAppliesToConcurrentRequestsInParallel()
{
    constexpr int Requests = 20;
    constexpr int Latency = 800;
    m_sandbox->setLatency(Latency);
    QCOMPARE(m_sandbox->config().latencyMs, Latency);
    // One manager per request: a single QNetworkAccessManager opens at most six connections per
    // host, which would serialise the test on the client side.
    std::vector<std::unique_ptr<QNetworkAccessManager>> managers;
    QList<QNetworkReply *> replies;
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < Requests; ++i) {
        managers.push_back(std::make_unique<QNetworkAccessManager>());
        replies.append(managers.back()->get(
            QNetworkRequest(url(*m_sandbox, "/oidc/.well-known/openid-configuration"))));
    }
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(replies.cbegin(), replies.cend(),
                                         [](QNetworkReply *r) { return r->isFinished(); }),
                             10000);
    const qint64 elapsed = timer.elapsed();
    for (QNetworkReply *reply : replies)
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QVERIFY2(elapsed >= Latency - 10, qPrintable(QString::number(elapsed)));
    QCOMPARE(m_sandbox->requestCount("oidc.discovery"), Requests);
    // Concurrency shown by the sandbox's own high-water mark of requests in flight, not by a
    // stopwatch: all of them were being answered at once.
    QCOMPARE(m_sandbox->maxConcurrent("oidc.discovery"), Requests);
    qDeleteAll(replies);
}

void TestSandboxFaults::countersAndSignal()
{
    QSignalSpy served(m_sandbox.get(), &Sandbox::requestServed);
    mspToken();
    m_sandbox->setFault("druva-msp.token", Fault::Http500, 1);
    mspToken();
    QTRY_COMPARE(served.size(), 2);
    QCOMPARE(served.at(0).at(0).toString(), QStringLiteral("druva-msp.token"));
    QCOMPARE(served.at(0).at(1).toInt(), 200);
    QCOMPARE(served.at(1).at(1).toInt(), 500);
    QCOMPARE(m_sandbox->requestCount("druva-msp.token"), 2);
    QCOMPARE(m_sandbox->maxConcurrent("druva-msp.token"), 1);
    QCOMPARE(m_sandbox->requestCount(QString()), 2);
    m_sandbox->resetCounters();
    QCOMPARE(m_sandbox->requestCount("druva-msp.token"), 0);
    QCOMPARE(m_sandbox->maxConcurrent("druva-msp.token"), 0);
    QVERIFY(m_sandbox->lastRequests("druva-msp.token").isEmpty());
}

void TestSandboxFaults::unknownPathIs404()
{
    const Answer answer = exchange(m_nam, "GET", url(*m_sandbox, "/nothing/here"));
    QCOMPARE(answer.status, 404);
    QCOMPARE(answer.json().value("error").toString(), QStringLiteral("not_found"));
}

void TestSandboxFaults::listenFailsOnAPortInUse()
{
    Sandbox second;
    QVERIFY(!second.listen(m_sandbox->port()));
    QCOMPARE(second.port(), quint16(0));
}

void TestSandboxFaults::destroyingWithRequestsInFlightIsSafe()
{
    // The GUI may quit while answers are still delayed: no crash, the client sees an error.
    auto doomed = std::make_unique<Sandbox>(SandboxConfig{0, 300, 10});
    QVERIFY(doomed->listen());
    QNetworkReply *reply =
        m_nam.get(QNetworkRequest(url(*doomed, "/oidc/.well-known/openid-configuration")));
    QTRY_COMPARE(doomed->requestCount("oidc.discovery"), 1);
    doomed.reset();
    QTRY_VERIFY(reply->isFinished());
    QVERIFY(reply->error() != QNetworkReply::NoError);
    QTest::qWait(400);
    delete reply;
}

void TestSandboxFaults::faultNamesRoundTrip()
{
    for (Fault fault : {Fault::None, Fault::Http500, Fault::Html502, Fault::TooManyRequests,
                        Fault::ServiceUnavailable, Fault::Unauthorized, Fault::Forbidden,
                        Fault::MalformedJson, Fault::MissingAccessToken, Fault::TruncatedBody,
                        Fault::Slow, Fault::NonNumericExpiresIn}) {
        bool ok = false;
        QCOMPARE(faultFromName(faultName(fault), &ok), fault);
        QVERIFY(ok);
    }
    bool ok = true;
    faultFromName("bogus", &ok);
    QVERIFY(!ok);
}

QTEST_GUILESS_MAIN(TestSandboxFaults)
#include "tst_sandboxfaults.moc"
