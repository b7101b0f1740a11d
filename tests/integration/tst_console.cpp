// The request console against the sandbox over real sockets: every kind with its token, body
// kinds on the wire, token recovery, Retry-After, cancel, origin refusal, customers, big answers.
#include "console/curlexport.h"
#include "console/responseparser.h"
#include "console/savedrequests.h"
#include "tst_consolesupport.h"

#include <QElapsedTimer>

using namespace tw;
using namespace tw::testing;
using tw::sandbox::Fault;

class TestConsole : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<ConsoleResponse>();
        qRegisterMetaType<ConsoleRequest>();
        qRegisterMetaType<Error>();
    }

    void everyKindIsCalledWithItsToken_data()
    {
        QTest::addColumn<QString>("provider");
        QTest::newRow("druva-msp") << "druva-msp";
        QTest::newRow("druva") << "druva";
        QTest::newRow("oidc") << "oidc";
        QTest::newRow("commvault") << "commvault";
    }
    void everyKindIsCalledWithItsToken()
    {
        QFETCH(QString, provider);
        EngineFixture f;
        const Profile p = f.add(provider);
        const auto presets = SavedRequests::presets(p.kind);
        QVERIFY(!presets.isEmpty());
        ConsoleRunner runner(&f.process->api);
        const Run r = run(runner, p, presets.first());
        QVERIFY2(r.response, qPrintable(r.error ? r.error->toString() : QString()));
        QCOMPARE(r.response->status, 200);
        QVERIFY(r.response->totalMs >= 0);
        QVERIFY(r.response->firstByteMs >= 0);
        QVERIFY(r.response->size() > 0);
        QVERIFY(ConsoleResponse(*r.response).isJson());
    }

    void bodyKindsReachTheServerAsSent_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("body");
        QTest::addColumn<QString>("wire");
        QTest::addColumn<QString>("contentType");
        QTest::newRow("json") << int(BodyKind::Json)
                              << QStringLiteral("{\"name\": \"a+b £\", \"n\": [1, 2]}")
                              << QStringLiteral("{\"name\": \"a+b £\", \"n\": [1, 2]}")
                              << QStringLiteral("application/json");
        QTest::newRow("form lines") << int(BodyKind::Form) << QStringLiteral("a=1+1\nb=x&y\nc= %&£")
                                    << QStringLiteral("a=1%2B1&b=x%26y&c=%20%25%26%C2%A3")
                                    << QStringLiteral("application/x-www-form-urlencoded");
        QTest::newRow("form one line")
            << int(BodyKind::Form) << QStringLiteral("grant_type=client_credentials&scope=a b")
            << QStringLiteral("grant_type=client_credentials&scope=a%20b")
            << QStringLiteral("application/x-www-form-urlencoded");
        QTest::newRow("raw") << int(BodyKind::Raw) << QStringLiteral("<x a='1'>ü</x>\n")
                             << QStringLiteral("<x a='1'>ü</x>\n")
                             << QStringLiteral("text/plain; charset=utf-8");
    }
    void bodyKindsReachTheServerAsSent()
    {
        QFETCH(int, kind);
        QFETCH(QString, body);
        QFETCH(QString, wire);
        QFETCH(QString, contentType);
        EngineFixture f;
        const Profile p = f.add(QStringLiteral("druva"));
        ConsoleRunner runner(&f.process->api);
        ConsoleRequest request = get(QStringLiteral("/demo/v1/whoami"));
        request.method = QStringLiteral("post");
        request.bodyKind = BodyKind(kind);
        request.body = body;
        request.headers = {{QStringLiteral("X-Trace"), QStringLiteral("console test")}};
        const Run r = run(runner, p, request);
        QVERIFY(r.response);
        QCOMPARE(r.response->status, 405); // the demo API is GET only; the wire is what counts
        const QJsonObject sent = f.sandbox->lastRequests(QStringLiteral("druva.api")).last();
        QCOMPARE(sent.value(QLatin1String("method")).toString(), QStringLiteral("POST"));
        QCOMPARE(sent.value(QLatin1String("body")).toString(), wire);
        QCOMPARE(headerOf(sent, "content-type"), contentType);
        QCOMPARE(headerOf(sent, "x-trace"), QStringLiteral("console test"));
        QVERIFY(headerOf(sent, "authorization").startsWith(QLatin1String("Bearer SBX:")));
    }

    void userContentTypeIsKept()
    {
        EngineFixture f;
        const Profile p = f.add(QStringLiteral("druva"));
        ConsoleRunner runner(&f.process->api);
        ConsoleRequest request = get(QStringLiteral("/demo/v1/whoami"));
        request.method = QStringLiteral("PUT");
        request.bodyKind = BodyKind::Raw;
        request.body = QStringLiteral("{}");
        request.headers = {
            {QStringLiteral("content-type"), QStringLiteral("application/merge-patch+json")}};
        QVERIFY(run(runner, p, request).response);
        const QJsonObject sent = f.sandbox->lastRequests(QStringLiteral("druva.api")).last();
        QCOMPARE(headerOf(sent, "content-type"), QStringLiteral("application/merge-patch+json"));
        QCOMPARE(sent.value(QLatin1String("method")).toString(), QStringLiteral("PUT"));
    }

    void revokedTokenMidSessionRecoversWithOneRefetch_data()
    {
        QTest::addColumn<QString>("provider");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("tokenEndpoint");
        QTest::newRow("druva (403)") << "druva"
                                     << "/demo/v1/whoami"
                                     << "druva.token";
        QTest::newRow("druva-msp (401)") << "druva-msp"
                                         << "/msp/v3/customers?pageSize=1"
                                         << "druva-msp.token";
        QTest::newRow("oidc (401)") << "oidc"
                                    << "/v1/customers"
                                    << "oidc.token";
    }
    void revokedTokenMidSessionRecoversWithOneRefetch()
    {
        QFETCH(QString, provider);
        QFETCH(QString, path);
        QFETCH(QString, tokenEndpoint);
        EngineFixture f;
        const Profile p = f.add(provider);
        ConsoleRunner runner(&f.process->api);
        QCOMPARE(run(runner, p, get(path)).response->status, 200);
        QCOMPARE(f.sandbox->requestCount(tokenEndpoint), 1);
        f.sandbox->revokeAllTokens();
        const Run r = run(runner, p, get(path));
        QVERIFY(r.response);
        QCOMPARE(r.response->status, 200);
        QCOMPARE(r.response->tokenRefetches, 1);
        QCOMPARE(r.response->attempts, 2);
        QCOMPARE(f.sandbox->requestCount(tokenEndpoint), 2);
    }

    void retryAfterIsWaitedForThenSucceeds()
    {
        EngineFixture f;
        const Profile p = f.add(QStringLiteral("druva"));
        f.sandbox->setFault(QStringLiteral("druva.api"), Fault::TooManyRequests, 1, 1);
        ConsoleRunner runner(&f.process->api);
        QSignalSpy waiting(&runner, &ConsoleRunner::waiting);
        QElapsedTimer timer;
        timer.start();
        const Run r = run(runner, p, get(QStringLiteral("/demo/v1/whoami")));
        QVERIFY(r.response);
        QCOMPARE(r.response->status, 200);
        QCOMPARE(r.response->rateLimitWaits, 1);
        QVERIFY2(timer.elapsed() >= 950, qPrintable(QString::number(timer.elapsed())));
        QVERIFY(r.response->overallMs >= 950);
        QCOMPARE(waiting.size(), 1);
        QCOMPARE(waiting.first().first().toInt(), 1);
    }

    void cancelStopsTheRequestAtOnce()
    {
        EngineFixture f;
        const Profile p = f.add(QStringLiteral("druva"));
        f.sandbox->setFault(QStringLiteral("druva.api"), Fault::Slow, 1, 1000);
        ConsoleRunner runner(&f.process->api);
        QSignalSpy finished(&runner, &ConsoleRunner::finished);
        QSignalSpy failed(&runner, &ConsoleRunner::failed);
        QSignalSpy served(f.sandbox.get(), &sandbox::Sandbox::requestServed);
        runner.send(p.id, get(QStringLiteral("/demo/v1/whoami")));
        QVERIFY(runner.isRunning());
        QTRY_COMPARE_WITH_TIMEOUT(f.sandbox->requestCount(QStringLiteral("druva.api")), 1, 10000);
        runner.cancel();
        // "At once": reported within cancel() itself, before the event loop runs again.
        QCOMPARE(failed.size(), 1);
        QCOMPARE(failed.first().at(1).value<Error>().code, Error::Code::Cancelled);
        QVERIFY(!runner.isRunning());
        // Once the server has sent its (slow) answer, the runner still reports nothing more.
        const auto apiServed = [&served] {
            for (const auto &args : served) {
                if (args.at(0).toString() == QLatin1String("druva.api"))
                    return true;
            }
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(apiServed(), 10000);
        QCoreApplication::processEvents();
        QCOMPARE(finished.size(), 0);
        QCOMPARE(failed.size(), 1);
        // The runner is usable again right away.
        QCOMPARE(run(runner, p, get(QStringLiteral("/demo/v1/whoami"))).response->status, 200);
    }

    void sendingAgainCancelsTheRunningRequest()
    {
        EngineFixture f;
        const Profile p = f.add(QStringLiteral("druva"));
        f.sandbox->setFault(QStringLiteral("druva.api"), Fault::Slow, 1, 3000);
        ConsoleRunner runner(&f.process->api);
        QSignalSpy finished(&runner, &ConsoleRunner::finished);
        QSignalSpy served(f.sandbox.get(), &sandbox::Sandbox::requestServed);
        runner.send(p.id, get(QStringLiteral("/demo/v1/whoami")));
        QTRY_COMPARE_WITH_TIMEOUT(f.sandbox->requestCount(QStringLiteral("druva.api")), 1, 10000);
        runner.send(p.id, get(QStringLiteral("/insync/endpoints/v1/users")));
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
        QCOMPARE(finished.first().at(0).value<ConsoleRequest>().path,
                 QStringLiteral("/insync/endpoints/v1/users"));
        // Once the server has sent the first, slow answer too, it is still not reported.
        const auto apiAnswers = [&served] {
            return std::count_if(served.cbegin(), served.cend(), [](const QList<QVariant> &a) {
                return a.at(0).toString() == QLatin1String("druva.api");
            });
        };
        QTRY_COMPARE_WITH_TIMEOUT(apiAnswers(), 2, 10000);
        QCoreApplication::processEvents();
        QCOMPARE(finished.size(), 1);
    }

    void foreignOriginsAreRefusedBeforeSending_data()
    {
        QTest::addColumn<QString>("path");
        QTest::newRow("other host") << "https://example.com/api";
        QTest::newRow("other port") << "http://127.0.0.1:1/druva/demo/v1/whoami";
        QTest::newRow("protocol-relative trick") << "http://evil.example@127.0.0.2/x";
    }
    void foreignOriginsAreRefusedBeforeSending()
    {
        QFETCH(QString, path);
        EngineFixture f;
        const Profile p = f.add(QStringLiteral("druva"));
        ConsoleRunner runner(&f.process->api);
        const Run r = run(runner, p, get(path));
        QVERIFY(r.error);
        QVERIFY2(r.error->code == Error::Code::Refused ||
                     r.error->code == Error::Code::InvalidInput,
                 qPrintable(r.error->toString()));
        QCOMPARE(f.sandbox->requestCount(QString()), 0); // not even a token request
        // And no curl line for it either.
        QVERIFY(!CurlExport::build(p, get(path), {}));
    }

    void absoluteUrlOnTheProfilesOriginWorks()
    {
        EngineFixture f;
        const Profile p = f.add(QStringLiteral("druva"));
        ConsoleRunner runner(&f.process->api);
        const Run r = run(runner, p, get(p.apiBase.toString() + QStringLiteral("/demo/v1/whoami")));
        QVERIFY(r.response);
        QCOMPARE(r.response->status, 200);
    }

    void customerRequestsUseTheCustomersToken()
    {
        EngineFixture f;
        const Profile p = f.add(QStringLiteral("druva-msp"));
        ConsoleRunner runner(&f.process->api);
        const Run first = run(runner, p, get(QStringLiteral("/msp/v3/customers?pageSize=1")));
        const QString gcid = QJsonDocument::fromJson(first.response->body)
                                 .object()
                                 .value(QLatin1String("customers"))
                                 .toArray()
                                 .first()
                                 .toObject()
                                 .value(QLatin1String("id"))
                                 .toString();
        QVERIFY(!gcid.isEmpty());
        ConsoleRequest asCustomer = get(QStringLiteral("/demo/v1/customers/%1/info").arg(gcid));
        asCustomer.customerId = gcid;
        const Run r = run(runner, p, asCustomer);
        QVERIFY(r.response);
        QCOMPARE(r.response->status, 200);
        QCOMPARE(f.sandbox->requestCount(QStringLiteral("druva-msp.customer-token")), 1);
        // The MSP token is refused there: the customer's token made the difference.
        QCOMPARE(run(runner, p, get(asCustomer.path)).response->status, 403);
    }

    void largeAnswersArriveWhole()
    {
        EngineFixture f;
        const Profile p = f.add(QStringLiteral("druva"));
        ConsoleRunner runner(&f.process->api);
        const Run r = run(runner, p, get(QStringLiteral("/demo/v1/big?mb=8")));
        QCOMPARE(r.response->status, 200);
        QVERIFY(r.response->size() >= 8 * 1024 * 1024);
        QVERIFY(!r.response->bodyTruncated);
        const ParsedBody parsed = ResponseParser::parse(r.response->body, true);
        QVERIFY(parsed.isJson);
        QVERIFY(parsed.displayTruncated);
        QVERIFY(parsed.display.size() <= ResponseParser::DefaultDisplayLimit);
        QVERIFY(parsed.document.object().value(QLatin1String("items")).toArray().size() > 10000);
        QVERIFY(!parsed.nextPage); // empty nextPageToken: the end
        // The guard cuts instead of eating all memory.
        runner.maxBodyBytes = 1024 * 1024;
        const Run cut = run(runner, p, get(QStringLiteral("/demo/v1/big?mb=4")));
        QVERIFY(cut.response);
        QVERIFY(cut.response->bodyTruncated);
        QCOMPARE(cut.response->size(), 1024 * 1024);
    }

    void prettyPrintIndentsWithoutParsing()
    {
        bool truncated = true;
        QCOMPARE(
            ResponseParser::prettyJson("{\"a\":[1,{}, []],\"b\":\"x,{y}\"}", 1000, &truncated),
            QStringLiteral("{\n  \"a\": [\n    1,\n    {},\n    []\n  ],\n  \"b\": \"x,{y}\"\n}"));
        QVERIFY(!truncated);
        QCOMPARE(ResponseParser::prettyJson("[\"\\\"]\",2]", 1000),
                 QStringLiteral("[\n  \"\\\"]\",\n  2\n]"));
        ResponseParser::prettyJson("[1,2,3,4,5,6,7,8,9]", 10, &truncated);
        QVERIFY(truncated);
        const ParsedBody text = ResponseParser::parse("not json", true);
        QVERIFY(!text.isJson);
        QVERIFY(!text.parseError.isEmpty());
        QCOMPARE(text.display, QStringLiteral("not json"));
    }
};

QTEST_GUILESS_MAIN(TestConsole)
#include "tst_console.moc"
