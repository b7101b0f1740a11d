// What the console keeps and hands out: history and saved requests free of secrets, curl
// export (run against the sandbox), and the next-page requests built from answers.
#include "common/redact.h"
#include "console/consolefiles.h"
#include "console/consolehistory.h"
#include "console/curlexport.h"
#include "console/pagination.h"
#include "console/responseparser.h"
#include "console/savedrequests.h"
#include "profiles/profilestore.h"
#include "requireall.h"
#include "tst_consolesupport.h"

#include <QFile>
#include <QLockFile>
#include <QProcess>
#include <QStandardPaths>

using namespace tw;
using namespace tw::testing;
using tw::sandbox::Fault;

class TestConsoleRecords : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<ConsoleResponse>();
        qRegisterMetaType<ConsoleRequest>();
        qRegisterMetaType<Error>();
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
                               runner.secretsToScrub()));

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

    void aHeldLockIsReportedAndNothingIsWritten()
    {
        QTemporaryDir dir;
        SavedRequests saved(dir.path());
        ConsoleHistory history(dir.path());
        const QUuid id = QUuid::createUuid();
        ConsoleRequest r = get(QStringLiteral("/v1/one"));
        r.name = QStringLiteral("One");
        QVERIFY(saved.save(id, r));
        QVERIFY(history.append(id, HistoryEntry::fromError(r, QString())));
        // Another live holder (this process, so never stale) keeps both files locked.
        QLockFile savedLock(ConsoleFile(dir.path(), ProfileStore::savedFolder()).lockPath(id));
        QLockFile historyLock(ConsoleFile(dir.path(), ProfileStore::historyFolder()).lockPath(id));
        QVERIFY(savedLock.tryLock(0));
        QVERIFY(historyLock.tryLock(0));
        r.name = QStringLiteral("Two");
        const auto refused = saved.save(id, r);
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, Error::Code::Io);
        QVERIFY(!saved.remove(id, QStringLiteral("One")));
        QVERIFY(!history.append(id, HistoryEntry::fromError(r, QString())));
        QVERIFY(history.clear(id).has_value());
        QCOMPARE(saved.load(id).value().size(), 1);
        QCOMPARE(history.load(id).value().size(), 1);
        savedLock.unlock();
        QVERIFY(saved.save(id, r));
        QCOMPARE(saved.load(id).value().size(), 2);
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
            TW_SKIP_OR_FAIL(QStringLiteral("curl is not installed"));
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
};

QTEST_GUILESS_MAIN(TestConsoleRecords)
#include "tst_consolerecords.moc"
