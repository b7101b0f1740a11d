// The request console against the sandbox over real sockets: body kinds on the wire, token
// recovery, Retry-After, cancel, origin refusal, redacted history, curl round trip, paging.
#include "common/redact.h"
#include "console/consolehistory.h"
#include "console/consolerunner.h"
#include "console/curlexport.h"
#include "console/pagination.h"
#include "console/responseparser.h"
#include "console/savedrequests.h"
#include "enginefixture.h"

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>

using namespace tw;
using namespace tw::testing;
using tw::sandbox::Fault;

namespace {
struct Run
{
    std::optional<ConsoleResponse> response;
    std::optional<Error> error;
};

Run run(ConsoleRunner &runner, const Profile &p, const ConsoleRequest &request,
        int timeoutMs = 30000)
{
    Run result;
    QSignalSpy finished(&runner, &ConsoleRunner::finished);
    QSignalSpy failed(&runner, &ConsoleRunner::failed);
    runner.send(p.id, request);
    [&] { QTRY_VERIFY_WITH_TIMEOUT(finished.size() + failed.size() > 0, timeoutMs); }();
    if (!finished.isEmpty())
        result.response = finished.first().at(1).value<ConsoleResponse>();
    if (!failed.isEmpty())
        result.error = failed.first().at(1).value<Error>();
    return result;
}

ConsoleRequest get(const QString &path)
{
    ConsoleRequest r;
    r.path = path;
    return r;
}

QString headerOf(const QJsonObject &sent, const char *name)
{
    return sent.value(QLatin1String("headers")).toObject().value(QLatin1String(name)).toString();
}
} // namespace

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
        f.sandbox->setFault(QStringLiteral("druva.api"), Fault::Slow, 1, 5000);
        ConsoleRunner runner(&f.process->api);
        QSignalSpy finished(&runner, &ConsoleRunner::finished);
        QSignalSpy failed(&runner, &ConsoleRunner::failed);
        runner.send(p.id, get(QStringLiteral("/demo/v1/whoami")));
        QVERIFY(runner.isRunning());
        QTRY_COMPARE_WITH_TIMEOUT(f.sandbox->requestCount(QStringLiteral("druva.api")), 1, 10000);
        QElapsedTimer timer;
        timer.start();
        runner.cancel();
        QCOMPARE(failed.size(), 1);
        QCOMPARE(failed.first().at(1).value<Error>().code, Error::Code::Cancelled);
        QVERIFY(!runner.isRunning());
        QVERIFY(timer.elapsed() < 500);
        QTest::qWait(300);
        QCOMPARE(finished.size(), 0);
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
        runner.send(p.id, get(QStringLiteral("/demo/v1/whoami")));
        QTRY_COMPARE_WITH_TIMEOUT(f.sandbox->requestCount(QStringLiteral("druva.api")), 1, 10000);
        runner.send(p.id, get(QStringLiteral("/insync/endpoints/v1/users")));
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
        QCOMPARE(finished.first().at(0).value<ConsoleRequest>().path,
                 QStringLiteral("/insync/endpoints/v1/users"));
        QTest::qWait(3300);
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

    void historyHoldsNoTokenAndNoSecret()
    {
        EngineFixture f;
        const Profile p = f.add(QStringLiteral("druva"));
        const QString clientSecret = f.value(QStringLiteral("druva"), "client_secret");
        ConsoleRunner runner(&f.process->api);
        ConsoleHistory history(f.process->store.dir());

        // A request that carries secrets everywhere a user might paste them.
        const Run warmup = run(runner, p, get(QStringLiteral("/demo/v1/whoami")));
        QVERIFY(warmup.response);
        const QString liveToken = f.process->auth.session(p.id)->token()->accessToken;
        ConsoleRequest request = get(QStringLiteral("/demo/v1/whoami"));
        request.method = QStringLiteral("POST");
        request.headers = {{QStringLiteral("Authorization"), QStringLiteral("Bearer ") + liveToken},
                           {QStringLiteral("Cookie"), QStringLiteral("sid=") + clientSecret},
                           {QStringLiteral("Set-Cookie"), QStringLiteral("a=") + clientSecret},
                           {QStringLiteral("X-Request-Id"), QStringLiteral("kept-visible")}};
        request.bodyKind = BodyKind::Json;
        request.body =
            QStringLiteral("{\"client_secret\": \"%1\", \"user\": {\"password\": \"%1\", "
                           "\"refresh_token\": \"%2\"}, \"keep\": \"visible\"}")
                .arg(clientSecret, liveToken);
        const Run r = run(runner, p, request);
        QVERIFY(r.response);
        QVERIFY(history.append(p.id, HistoryEntry::fromResponse(request, *r.response),
                               {runner.lastCredential()}));

        ConsoleRequest form = get(QStringLiteral("/demo/v1/whoami"));
        form.method = QStringLiteral("POST");
        form.bodyKind = BodyKind::Form;
        form.body = QStringLiteral("grant_type=client_credentials\nclient_secret=%1\napi_token=%2")
                        .arg(clientSecret, liveToken);
        QVERIFY(history.append(p.id, HistoryEntry::fromError(form, QStringLiteral("failed")), {}));

        // Pasted into the path's query by mistake: redacted before it is written.
        QVERIFY(history.append(
            p.id,
            HistoryEntry::fromError(
                get(QStringLiteral("/x?access_token=%1&pageToken=abc").arg(liveToken)),
                QStringLiteral("failed")),
            {}));

        QFile file(history.filePath(p.id));
        QVERIFY(file.fileName().endsWith(QStringLiteral("/history/") +
                                         p.id.toString(QUuid::WithoutBraces) +
                                         QStringLiteral(".json")));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        QVERIFY(!bytes.contains(liveToken.toUtf8()));
        QVERIFY(!bytes.contains(clientSecret.toUtf8()));
        QVERIFY(bytes.contains(kRedacted.toUtf8()));
        QVERIFY(bytes.contains("kept-visible"));
        QVERIFY(bytes.contains("visible"));
        QVERIFY(bytes.contains("pageToken")); // a page cursor is not a credential
        QCOMPARE(file.permissions() & (QFile::ReadGroup | QFile::ReadOther), QFile::Permissions());

        const auto entries = history.load(p.id);
        QVERIFY(entries);
        QCOMPARE(entries.value().size(), 3);
        QCOMPARE(entries.value().last().status, 405);
        QCOMPARE(entries.value().last().request.header(QStringLiteral("Authorization")), kRedacted);
        const QJsonObject body =
            QJsonDocument::fromJson(entries.value().last().request.body.toUtf8()).object();
        QCOMPARE(body.value(QLatin1String("user"))
                     .toObject()
                     .value(QLatin1String("password"))
                     .toString(),
                 kRedacted);
        QCOMPARE(body.value(QLatin1String("keep")).toString(), QStringLiteral("visible"));
    }

    void historyKeepsTheLast200()
    {
        QTemporaryDir dir;
        ConsoleHistory history(dir.path());
        const QUuid id = QUuid::createUuid();
        for (int i = 0; i < ConsoleHistory::MaxEntries + 5; ++i)
            QVERIFY(history.append(
                id, HistoryEntry::fromError(get(QStringLiteral("/n/%1").arg(i)), QString())));
        const auto entries = history.load(id);
        QCOMPARE(entries.value().size(), ConsoleHistory::MaxEntries);
        QCOMPARE(entries.value().first().request.path, QStringLiteral("/n/204")); // newest first
        QVERIFY(!history.clear(id));
        QCOMPARE(history.load(id).value().size(), 0);
    }

    void savedRequestsAreKeptWithTheProfileAndRedacted()
    {
        QTemporaryDir dir;
        SavedRequests saved(dir.path());
        const QUuid id = QUuid::createUuid();
        ConsoleRequest r = get(QStringLiteral("/v1/customers?page_size=5"));
        r.name = QStringLiteral("Five customers");
        r.headers = {
            {QStringLiteral("Authorization"), QStringLiteral("Bearer secret-value-123456")}};
        QVERIFY(saved.save(id, r));
        r.path = QStringLiteral("/v1/customers?page_size=6");
        r.name = QStringLiteral("five CUSTOMERS"); // same name: replaces
        QVERIFY(saved.save(id, r));
        const auto list = saved.load(id);
        QCOMPARE(list.value().size(), 1);
        QCOMPARE(list.value().first().query.first().second, QStringLiteral("6"));
        QFile file(dir.filePath(QStringLiteral("saved/") + id.toString(QUuid::WithoutBraces) +
                                QStringLiteral(".json")));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(!file.readAll().contains("secret-value-123456"));
        QCOMPARE(saved.remove(id, QStringLiteral("Five Customers")).value().size(), 0);
        QCOMPARE(SavedRequests::presets(ProviderKind::DruvaMsp).first().pathWithQuery(),
                 QStringLiteral("/msp/v3/customers?pageSize=50"));
        QVERIFY(SavedRequests::presets(ProviderKind::OAuth2).isEmpty());
    }

    void curlWithVariableTokenIsSafeToShare()
    {
        EngineFixture f;
        Profile p = f.add(QStringLiteral("druva-msp"));
        ConsoleRequest r = get(QStringLiteral("/msp/v3/customers?pageSize=2"));
        r.customerId = QStringLiteral("it's");
        const auto curl = CurlExport::build(p, r, {});
        QVERIFY(curl);
        const QString text = curl.value();
        QVERIFY2(text.startsWith(QStringLiteral(
                     "TOKEN=$(tokenwright-cli token 'druva-msp' --customer 'it'\\''s')\n")),
                 qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("-H \"Authorization: Bearer $TOKEN\"")));
        QVERIFY(text.contains(QStringLiteral("'") + p.apiBase.toString() +
                              QStringLiteral("/msp/v3/customers?pageSize=2'")));
    }

    void curlRoundTripGivesTheSameAnswer_data()
    {
        QTest::addColumn<bool>("variable");
        QTest::newRow("real token") << false;
        QTest::newRow("$TOKEN") << true;
    }
    void curlRoundTripGivesTheSameAnswer()
    {
        QFETCH(bool, variable);
        const QString curlPath = QStandardPaths::findExecutable(QStringLiteral("curl"));
        if (curlPath.isEmpty())
            QSKIP("curl is not installed");
        EngineFixture f;
        const Profile p = f.add(QStringLiteral("druva"));
        ConsoleRunner runner(&f.process->api);

        // A GET: same body from the console and from curl.
        const Run console = run(runner, p, get(QStringLiteral("/demo/v1/whoami")));
        QCOMPARE(console.response->status, 200);
        const QString token = f.process->auth.session(p.id)->token()->accessToken;
        auto shell = [&](const ConsoleRequest &request) {
            CurlExport::Options options;
            if (!variable)
                options.realToken = token;
            options.tokenLine = false; // the test has no tokenwright-cli profile to ask
            const auto line = CurlExport::build(p, request, options);
            QProcess process;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("TOKEN"), token);
            process.setProcessEnvironment(env);
            process.start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), line.value()});
            // The sandbox answers from this thread's event loop: wait without blocking it.
            [&] { QTRY_VERIFY_WITH_TIMEOUT(process.state() == QProcess::NotRunning, 20000); }();
            return process.readAllStandardOutput();
        };
        QCOMPARE(shell(get(QStringLiteral("/demo/v1/whoami"))), console.response->body);

        // A POST with every awkward character: the same bytes reach the server.
        ConsoleRequest post = get(QStringLiteral("/demo/v1/whoami?q=a b&x=it's"));
        post.method = QStringLiteral("POST");
        post.bodyKind = BodyKind::Json;
        post.body = QStringLiteral("{\"quote\": \"it's $HOME `x` \\\"q\\\" \\\\ ü\"}");
        post.headers = {{QStringLiteral("X-Odd"), QStringLiteral("a'b \"c\" $d")}};
        QCOMPARE(run(runner, p, post).response->status, 405);
        const QJsonObject viaConsole = f.sandbox->lastRequests(QStringLiteral("druva.api")).last();
        const QByteArray curlAnswer = shell(post);
        QVERIFY(curlAnswer.contains("METHOD_NOT_ALLOWED"));
        const QJsonObject viaCurl = f.sandbox->lastRequests(QStringLiteral("druva.api")).last();
        for (const char *key : {"method", "path", "query", "body"})
            QCOMPARE(viaCurl.value(QLatin1String(key)), viaConsole.value(QLatin1String(key)));
        for (const char *header : {"authorization", "content-type", "x-odd", "accept"})
            QCOMPARE(headerOf(viaCurl, header), headerOf(viaConsole, header));
    }

    void druvaNextPageSendsPageTokenAlone()
    {
        EngineFixture f;
        const Profile p = f.add(QStringLiteral("druva-msp"));
        ConsoleRunner runner(&f.process->api);
        const ConsoleRequest first =
            get(QStringLiteral("/msp/v3/customers?pageSize=20&includeFeatures=true"));
        const Run page1 = run(runner, p, first);
        QCOMPARE(page1.response->status, 200);
        const ParsedBody parsed = ResponseParser::parse(page1.response->body, true);
        const auto next = Pagination::find(*page1.response, parsed.document);
        QVERIFY(next);
        QCOMPARE(next->field, QStringLiteral("nextPageToken"));
        const auto request = Pagination::nextRequest(p, first, page1.response->url, *next);
        QVERIFY(request);
        QCOMPARE(request->query.size(), 1);
        QCOMPARE(request->query.first().first, QStringLiteral("pageToken"));
        QCOMPARE(request->query.first().second, next->value);
        const Run page2 = run(runner, p, *request);
        QCOMPARE(page2.response->status, 200);
        const QString query = f.sandbox->lastRequests(QStringLiteral("druva-msp.customers"))
                                  .last()
                                  .value(QLatin1String("query"))
                                  .toString();
        QVERIFY2(query.startsWith(QLatin1String("pageToken=")) && !query.contains(QLatin1Char('&')),
                 qPrintable(query));
        const QJsonArray customers = QJsonDocument::fromJson(page2.response->body)
                                         .object()
                                         .value(QLatin1String("customers"))
                                         .toArray();
        QCOMPARE(customers.size(), 20);
        QVERIFY(customers.first().toObject().contains(QLatin1String("features")));
    }

    void oidcHeaderPagingAsksForTheNextPageNumber()
    {
        EngineFixture f;
        const Profile p = f.add(QStringLiteral("oidc"));
        ConsoleRunner runner(&f.process->api);
        const ConsoleRequest first = get(QStringLiteral("/v1/customers?page_size=100"));
        const Run page1 = run(runner, p, first);
        QCOMPARE(page1.response->header("Paging-Page-Number"), QByteArray("1"));
        const auto next = Pagination::find(*page1.response, QJsonDocument());
        QVERIFY(next);
        const auto request = Pagination::nextRequest(p, first, page1.response->url, *next);
        QCOMPARE(request->pathWithQuery(),
                 QStringLiteral("/v1/customers?page_size=100&page_number=2"));
        const Run page2 = run(runner, p, *request);
        QCOMPARE(page2.response->header("Paging-Page-Number"), QByteArray("2"));
        // The last page has no next one.
        ConsoleRequest last = *request;
        last.query = {{QStringLiteral("page_size"), QStringLiteral("100")},
                      {QStringLiteral("page_number"), QStringLiteral("3")}};
        QVERIFY(!Pagination::find(*run(runner, p, last).response, QJsonDocument()));
    }

    void nextLinksStayOnTheProfilesOrigin()
    {
        EngineFixture f;
        const Profile p = f.add(QStringLiteral("oauth2"));
        const QUrl sent(p.apiBase.toString() + QStringLiteral("/items?limit=5"));
        const auto parse = [](const char *json) {
            return Pagination::fromJson(QJsonDocument::fromJson(QByteArray(json))).value();
        };
        const QString same = p.apiBase.toString() + QStringLiteral("/items?after=abc%2B1&limit=5");
        const QByteArray sameJson = "{\"@odata.nextLink\": \"" + same.toUtf8() + "\"}";
        const auto onOrigin = Pagination::nextRequest(
            p, get(QStringLiteral("/items?limit=5")), sent,
            Pagination::fromJson(QJsonDocument::fromJson(sameJson)).value());
        QVERIFY(onOrigin);
        QCOMPARE(onOrigin->path, QStringLiteral("/items"));
        QCOMPARE(onOrigin->query, (StringPairs{{QStringLiteral("after"), QStringLiteral("abc+1")},
                                               {QStringLiteral("limit"), QStringLiteral("5")}}));
        QVERIFY(
            !Pagination::nextRequest(p, get(QStringLiteral("/items")), sent,
                                     parse("{\"next\": \"https://evil.example/items?page=2\"}")));
        const auto relative =
            Pagination::nextRequest(p, get(QStringLiteral("/items")), sent,
                                    parse("{\"links\": {\"next\": \"/oauth2-api/items?page=2\"}}"));
        QVERIFY(relative);
        QCOMPARE(relative->pathWithQuery(), QStringLiteral("/items?page=2"));
        // Non-Druva cursor: replaces its own parameter, keeps the others.
        const auto cursor =
            Pagination::nextRequest(p, get(QStringLiteral("/items?limit=5&page_token=old")), sent,
                                    parse("{\"next_page_token\": \"new\"}"));
        QCOMPARE(cursor->pathWithQuery(), QStringLiteral("/items?limit=5&page_token=new"));
        QVERIFY(!Pagination::fromJson(QJsonDocument::fromJson("{\"nextPageToken\": \"\"}")));
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
