// Answers from hostile servers (issue 9 §2–4, 8, 9, 11; tests/SECURITY.md): token values
// that are not tokens, time and size without bound, looping page cursors, escape sequences
// and our own secrets echoed back. Each attack ends in a clear error, with nothing cached,
// nothing hanging and nothing secret in what the user sees.
#include "auth/tokenrequest.h"
#include "hostilefixture.h"
#include "msp/customerlister.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>

using namespace tw;
using namespace tw::testing;

namespace {
HostileServer::Script answers(const QByteArray &body, int status = 200,
                              QList<QPair<QByteArray, QByteArray>> headers = {})
{
    return [body, status, headers](HostileServer &, const SeenRequest &, QTcpSocket *socket) {
        HostileServer::json(socket, status, body, headers);
    };
}
} // namespace

class TestHostileAnswers : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { qRegisterMetaType<Error>(); }

    void tokenValuesMustBePrintableAscii_data()
    {
        QTest::addColumn<QByteArray>("answer");
        QTest::addColumn<QString>("field");
        auto answer = [](const QString &access, const QJsonObject &more = {}) {
            QJsonObject json{{QStringLiteral("access_token"), access},
                             {QStringLiteral("token_type"), QStringLiteral("bearer")}};
            for (auto it = more.begin(); it != more.end(); ++it)
                json.insert(it.key(), it.value());
            return QJsonDocument(json).toJson(QJsonDocument::Compact);
        };
        const QString good = QStringLiteral("good-0123456789");
        const QString access = QStringLiteral("access_token");
        QTest::newRow("escape sequence") << answer(QStringLiteral("\x1b[2J\x1b[31mtok")) << access;
        QTest::newRow("header injection")
            << answer(QStringLiteral("tok\r\nX-Injected: 1")) << access;
        QTest::newRow("space") << answer(QStringLiteral("two words")) << access;
        QTest::newRow("non-ascii") << answer(QStringLiteral("t\u00f6k\u00e9n")) << access;
        QTest::newRow("empty") << answer(QString()) << access;
        QTest::newRow("nul") << answer(QStringLiteral("a") + QChar(0) + QStringLiteral("b"))
                             << access;
        QTest::newRow("refresh token")
            << answer(good, {{QStringLiteral("refresh_token"), QStringLiteral("bad\nvalue")}})
            << "refresh_token";
        QTest::newRow("empty refresh token")
            << answer(good, {{QStringLiteral("refresh_token"), QString()}}) << "refresh_token";
        QTest::newRow("token type")
            << answer(good, {{QStringLiteral("token_type"), QStringLiteral("bearer\r\nX: y")}})
            << "token_type";
        QTest::newRow("empty token type")
            << answer(good, {{QStringLiteral("token_type"), QString()}}) << "token_type";
    }
    void tokenValuesMustBePrintableAscii()
    {
        QFETCH(QByteArray, answer);
        QFETCH(QString, field);
        HostileServer server(answers(answer));
        HostileFixture f;
        const Profile p = f.oauth2(server);
        auto token = f.token(p);
        QVERIFY2(!token, "a token with forbidden characters was accepted");
        QVERIFY2(token.error().message.contains(field), qPrintable(token.error().message));
        QVERIFY(!token.error().toString().contains(QChar(0x1b)));
        QVERIFY(!f.process->auth.session(p.id)->token());
        // Nothing was cached for the next process either.
        QVERIFY(
            !f.secrets.readNow(p.secretKey(SecretEntry::cachedToken(QStringLiteral("default")))));
        // And no API call goes out with it.
        ApiRequest request;
        request.path = QStringLiteral("/x");
        QVERIFY(!f.call(p, request));
        for (const SeenRequest &seen : server.seen())
            QCOMPARE(seen.path(), QByteArray("/token"));
    }

    void headersWithLineBreaksAreNeverSent()
    {
        HostileServer server([](HostileServer &, const SeenRequest &request, QTcpSocket *socket) {
            if (request.path() == "/token")
                HostileServer::token(socket, "good-token-0123456789");
            else
                HostileServer::json(socket, 200, "{}");
        });
        HostileFixture f;
        const Profile p = f.oauth2(server);
        ApiRequest request;
        request.path = QStringLiteral("/x");
        request.headers = {{"X-Note", "a\r\nX-Injected: yes"}};
        auto outcome = f.call(p, request);
        QVERIFY(!outcome);
        QCOMPARE(outcome.error().code, Error::Code::InvalidInput);
        QVERIFY2(outcome.error().message.contains(QLatin1String("X-Note")),
                 qPrintable(outcome.error().message));
        for (const SeenRequest &seen : server.seen())
            QVERIFY(!seen.raw.contains("X-Injected"));
    }

    // A server that drips one byte a second is alive for ever; the deadline ends it.
    void aDrippingServerFailsAtTheDeadline()
    {
        HostileServer server([](HostileServer &s, const SeenRequest &, QTcpSocket *socket) {
            s.drip(socket, QByteArray(200, ' '), 1000);
        });
        HostileFixture f;
        Profile p = f.oauth2(server);
        p.options.timeoutSec = 2;
        QVERIFY(f.process->store.update(p) == std::nullopt);
        // Without an overall deadline this would take 200 s; waitFor gives up after 20.
        auto token = f.token(p);
        QVERIFY(!token);
        QCOMPARE(token.error().code, Error::Code::Network);
        QVERIFY2(token.error().message.contains(QLatin1String("within 2 s")),
                 qPrintable(token.error().message));
    }

    void tokenEndpointHonoursRetryAfter()
    {
        int calls = 0;
        HostileServer server([&calls](HostileServer &, const SeenRequest &, QTcpSocket *socket) {
            if (++calls == 1)
                HostileServer::json(socket, 429, R"({"error":"slow_down"})",
                                    {{"Retry-After", "1"}});
            else
                HostileServer::token(socket, "after-wait-0123456789");
        });
        HostileFixture f;
        const Profile p = f.oauth2(server);
        auto token = f.token(p);
        QVERIFY2(token, qPrintable(token ? QString() : token.error().toString()));
        QCOMPARE(server.seen().size(), 2);
    }

    void aLongRetryAfterFailsAtOnceSayingWhen_data()
    {
        QTest::addColumn<QByteArray>("retryAfter");
        QTest::addColumn<QString>("says");
        QTest::newRow("an hour") << QByteArray("3600") << "3600 s";
        QTest::newRow("2^32") << QByteArray("4294967296") << "4294967296 s";
        QTest::newRow("absurd") << QByteArray("999999999999999999999999") << "not waiting";
        QTest::newRow("far date") << QByteArray("Fri, 31 Dec 9999 23:59:59 GMT") << "not waiting";
    }
    void aLongRetryAfterFailsAtOnceSayingWhen()
    {
        QFETCH(QByteArray, retryAfter);
        QFETCH(QString, says);
        HostileServer server(
            answers(R"({"error":"rate_limited"})", 429, {{"Retry-After", retryAfter}}));
        HostileFixture f;
        const Profile p = f.oauth2(server);
        auto token = f.token(p);
        QVERIFY(!token);
        QCOMPARE(token.error().httpStatus, 429);
        QVERIFY2(token.error().message.contains(says), qPrintable(token.error().message));
        QVERIFY2(token.error().message.contains(QLatin1String("asked to be called again")),
                 qPrintable(token.error().message));
        QCOMPARE(server.seen().size(), 1); // not asked again, not waited for
    }

    // Qt 6.4's HTTP parser has no limit of its own on header size (later Qt versions do):
    // an endless header stream is ended by the overall deadline.
    void endlessHeadersEndAtTheDeadline()
    {
        HostileServer server([](HostileServer &s, const SeenRequest &, QTcpSocket *socket) {
            s.endlessHeaders(socket);
        });
        HostileFixture f;
        Profile p = f.oauth2(server);
        p.options.timeoutSec = 2;
        QVERIFY(f.process->store.update(p) == std::nullopt);
        auto token = f.token(p);
        QVERIFY(!token);
        QVERIFY2(token.error().message.contains(QLatin1String("within 2 s")),
                 qPrintable(token.error().toString()));
    }

    // Header blocks that do end, but are larger than any real server sends: ours (256 KB in
    // all) and Qt's own limits (about 100 fields; past them Qt drops every header and would
    // hand over the body as if nothing happened).
    void oversizedHeadersAreRefused_data()
    {
        QTest::addColumn<int>("fields");
        QTest::addColumn<int>("size");
        QTest::addColumn<QString>("says");
        QTest::newRow("4000 fields") << 4000 << 100 << "no readable response headers";
        QTest::newRow("60 x 6 KB") << 60 << 6000 << "no readable response headers";
        QTest::newRow("one of 110 KB") << 1 << 110000 << "no readable response headers";
    }
    void oversizedHeadersAreRefused()
    {
        QFETCH(int, fields);
        QFETCH(int, size);
        QFETCH(QString, says);
        HostileServer server(
            [fields, size](HostileServer &, const SeenRequest &, QTcpSocket *socket) {
                QList<QPair<QByteArray, QByteArray>> headers;
                for (int i = 0; i < fields; ++i)
                    headers.append({"X-Filler-" + QByteArray::number(i), QByteArray(size, 'a')});
                HostileServer::respond(socket, 200, "{\"access_token\":\"x-0123456789\"}", headers);
            });
        HostileFixture f;
        const Profile p = f.oauth2(server);
        auto token = f.token(p);
        QVERIFY2(!token, "an answer with unreadable headers was used");
        QCOMPARE(token.error().code, Error::Code::BadResponse);
        QVERIFY2(token.error().message.contains(says), qPrintable(token.error().toString()));
    }

    void anOversizedTokenAnswerIsNotRead()
    {
        HostileServer server(
            answers("{\"access_token\":\"" + QByteArray(3 * 1024 * 1024, 'a') + "\"}"));
        HostileFixture f;
        const Profile p = f.oauth2(server);
        auto token = f.token(p);
        QVERIFY(!token);
        QVERIFY2(token.error().message.contains(QLatin1String("larger than expected")),
                 qPrintable(token.error().message));
    }

    void aLoopingPageTokenStopsTheList()
    {
        // A → B → A: a cycle longer than one, which comparing with the last token misses.
        HostileServer server([](HostileServer &, const SeenRequest &request, QTcpSocket *socket) {
            if (request.path() == "/token") {
                HostileServer::token(socket, "msp-token-0123456789");
                return;
            }
            const QByteArray next = request.target.contains("pageToken=A") ? "B" : "A";
            HostileServer::json(socket, 200,
                                "{\"customers\":[{\"id\":\"c-" + next +
                                    "\"}],\"nextPageToken\":\"" + next + "\"}");
        });
        HostileFixture f;
        Profile p = Profile::preset(ProviderKind::DruvaMsp);
        p.id = QUuid::createUuid();
        p.name = QStringLiteral("msp");
        p.tokenUrl = server.url(QStringLiteral("/token"));
        p.apiBase = server.url(QStringLiteral("/"));
        p.clientId = kHostileClientId;
        p = f.add(p, {{SecretEntry::ClientSecret, kHostileSecret.toUtf8()}});
        CustomerLister lister(&f.process->auth, &f.process->api, p.id);
        QSignalSpy failed(&lister, &CustomerLister::failed);
        lister.start();
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 20000);
        const Error error = failed.first().first().value<Error>();
        QVERIFY2(error.message.contains(QLatin1String("sent before")), qPrintable(error.message));
        QVERIFY(server.seen().size() <= 5);
    }

    void aListThatNeverEndsStopsAtThePageCap()
    {
        HostileServer server([](HostileServer &, const SeenRequest &request, QTcpSocket *socket) {
            if (request.path() == "/connect/token") {
                HostileServer::token(socket, "portal-token-0123456789");
                return;
            }
            // Always a full page, and a total that never comes.
            QByteArray page = "[";
            for (int i = 0; i < 2; ++i)
                page +=
                    (i ? "," : "") +
                    ("{\"id\":\"" + QUuid::createUuid().toByteArray(QUuid::WithoutBraces) + "\"}");
            HostileServer::json(socket, 200, page + "]", {{"Paging-Total-Pages", "999999999"}});
        });
        HostileFixture f;
        Profile p = Profile::preset(ProviderKind::Oidc);
        p.id = QUuid::createUuid();
        p.name = QStringLiteral("portal");
        p.issuer = QUrl();
        p.tokenUrl = server.url(QStringLiteral("/connect/token"));
        p.apiBase = server.url(QStringLiteral("/"));
        p.clientId = kHostileClientId;
        p = f.add(p, {{SecretEntry::ClientSecret, kHostileSecret.toUtf8()}});
        CustomerLister lister(&f.process->auth, &f.process->api, p.id);
        lister.setOptions({2, false, 7});
        QSignalSpy failed(&lister, &CustomerLister::failed);
        lister.start();
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 20000);
        QVERIFY(failed.first().first().value<Error>().message.contains(QLatin1String("7 pages")));
        QCOMPARE(lister.customers().size(), 14); // what arrived is kept
    }

    void serverTextCannotDriveTheTerminal()
    {
        HostileServer server(
            answers("{\"error\":\"invalid_client\\u001b]0;pwned\\u0007\","
                    "\"error_description\":\"\\u001b[2J\\u001b[1;31mcleared\\u202Eevil\\u009b\"}",
                    401));
        HostileFixture f;
        const Profile p = f.oauth2(server);
        auto token = f.token(p);
        QVERIFY(!token);
        const QString shown = token.error().toString();
        for (const char16_t c : {u'\x1b', u'\x07', u'\x9b', u'\u202e'})
            QVERIFY2(!shown.contains(QChar(c)), qPrintable(shown));
        QVERIFY(shown.contains(QLatin1String("cleared")));
    }

    // The server quotes our own secret back in forms no "looks like a token" pattern catches.
    void ourSecretsAreRedactedByValue()
    {
        const QByteArray basic =
            (kHostileClientId + QLatin1Char(':') + kHostileSecret).toUtf8().toBase64();
        const QByteArray echo = "{\"error\":\"invalid_client\",\"error_description\":\"you sent " +
                                kHostileSecret.toUtf8() + " and " +
                                QUrl::toPercentEncoding(kHostileSecret) + " and Basic " + basic +
                                "\"}";
        HostileServer server(answers(echo, 401));
        HostileFixture f;
        const Profile p = f.oauth2(server, ClientAuth::BasicRaw);
        auto token = f.token(p);
        QVERIFY(!token);
        const QString shown = token.error().toString();
        QVERIFY2(!HostileFixture::containsSecret(shown.toUtf8()), qPrintable(shown));
        QVERIFY2(shown.contains(kRedacted), qPrintable(shown));
        // The session's copy (what the GUI shows) is the redacted one.
        QVERIFY(!HostileFixture::containsSecret(
            f.process->auth.session(p.id)->lastError()->toString().toUtf8()));
    }

    void oddLifetimesAreUnknownNeverNegative_data()
    {
        QTest::addColumn<QByteArray>("expiresIn");
        QTest::newRow("1e30") << QByteArray("1e30");
        QTest::newRow("\"inf\"") << QByteArray("\"inf\"");
        QTest::newRow("\"nan\"") << QByteArray("\"nan\"");
        QTest::newRow("\"-inf\"") << QByteArray("\"-inf\"");
        QTest::newRow("-5") << QByteArray("-5");
    }
    void oddLifetimesAreUnknownNeverNegative()
    {
        QFETCH(QByteArray, expiresIn);
        HostileServer server(
            answers("{\"access_token\":\"odd-0123456789\",\"token_type\":\"bearer\","
                    "\"expires_in\":" +
                    expiresIn + "}"));
        HostileFixture f;
        const Profile p = f.oauth2(server);
        auto token = f.token(p);
        QVERIFY2(token, qPrintable(token ? QString() : token.error().toString()));
        QVERIFY(!token.value().expiresInSec);
        QVERIFY(!token.value().warning.isEmpty());
        QCOMPARE(f.process->auth.session(p.id)->remainingMs(), qint64(-1));
    }
};

QTEST_GUILESS_MAIN(TestHostileAnswers)
#include "tst_hostileanswers.moc"
