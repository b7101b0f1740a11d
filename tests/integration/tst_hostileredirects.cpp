// Redirects from hostile servers (issue 9 §1, tests/SECURITY.md): a request that carries a
// credential never follows a redirect to another origin, and the *second* server receives
// nothing; API calls drop every credential header on the way; every hop obeys the
// transport rules; same-origin redirects keep working.
#include "auth/commvaultpair.h"
#include "auth/tokenrequest.h"
#include "hostilefixture.h"

using namespace tw;
using namespace tw::testing;

namespace {
const QByteArray kForeignToken = "foreign-token-from-the-other-origin";

// The other origin: answers anything as if it were a good token endpoint.
HostileServer::Script acceptsAnything()
{
    return [](HostileServer &, const SeenRequest &, QTcpSocket *socket) {
        HostileServer::token(socket, kForeignToken,
                             ",\"refresh_token\":\"foreign-refresh\",\"accessToken\":\"fa\","
                             "\"refreshToken\":\"fr\",\"token\":\"QSDK 00ff\"");
    };
}

HostileServer::Script redirectsTo(const HostileServer &other, int status)
{
    return [&other, status](HostileServer &, const SeenRequest &request, QTcpSocket *socket) {
        HostileServer::redirect(socket, status, other.url(QString::fromLatin1(request.path())));
    };
}
} // namespace

class TestHostileRedirects : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void tokenRequestNeverFollowsAnotherOrigin_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<int>("auth");
        for (int status : {301, 302, 303, 307, 308}) {
            QTest::addRow("%d client_secret_post", status)
                << status << int(ClientAuth::ClientSecretPost);
            QTest::addRow("%d client_secret_basic", status)
                << status << int(ClientAuth::ClientSecretBasic);
            QTest::addRow("%d basic-raw", status) << status << int(ClientAuth::BasicRaw);
        }
    }
    void tokenRequestNeverFollowsAnotherOrigin()
    {
        QFETCH(int, status);
        QFETCH(int, auth);
        HostileServer other(acceptsAnything());
        HostileServer server(redirectsTo(other, status));
        HostileFixture f;
        const Profile p = f.oauth2(server, ClientAuth(auth));
        auto token = f.token(p);
        QVERIFY2(!token, "a token from another origin was accepted");
        const QString message = token.error().toString();
        QVERIFY2(message.contains(server.origin()) && message.contains(other.origin()),
                 qPrintable(message));
        QVERIFY2(message.contains(QLatin1String("not following it with your credentials")),
                 qPrintable(message));
        QCOMPARE(token.error().code, Error::Code::BadResponse);
        // The second server got nothing at all: not the secret, not even a request.
        QCOMPARE(other.seen().size(), 0);
        QVERIFY(!HostileFixture::containsSecret(other.everything()));
        QCOMPARE(f.process->auth.session(p.id)->token().has_value(), false);
    }

    void commvaultRenewalPairStaysHome()
    {
        HostileServer other(acceptsAnything());
        HostileServer server(redirectsTo(other, 308));
        HostileFixture f;
        Profile p = Profile::preset(ProviderKind::Commvault);
        p.id = QUuid::createUuid();
        p.name = QStringLiteral("cv");
        p.apiBase = server.url(QStringLiteral("/commandcenter/api"));
        p.commvault.created = QDateTime::currentDateTimeUtc().addDays(-1);
        const CommvaultPair pair = CommvaultPair::initial(p, QStringLiteral("cv-access-0123456789"),
                                                          QStringLiteral("cv-refresh-0123456789"),
                                                          QDateTime::currentDateTimeUtc());
        p = f.add(p, {{SecretEntry::CommvaultPair, QJsonDocument(pair.toJson()).toJson()}});
        auto token = f.token(p, true); // force a renewal
        QVERIFY(!token);
        QVERIFY2(token.error().toString().contains(other.origin()),
                 qPrintable(token.error().toString()));
        QCOMPARE(server.seen().size(), 1);
        QCOMPARE(other.seen().size(), 0);
        QVERIFY(!other.everything().contains("cv-refresh-0123456789"));
        QVERIFY(!other.everything().contains("cv-access-0123456789"));
    }

    void commvaultLoginPasswordStaysHome()
    {
        HostileServer other(acceptsAnything());
        HostileServer server(redirectsTo(other, 307));
        HostileFixture f;
        Profile p = Profile::preset(ProviderKind::Commvault);
        p.id = QUuid::createUuid();
        p.name = QStringLiteral("cv-login");
        p.apiBase = server.url(QStringLiteral("/commandcenter/api"));
        p.commvault.mode = CommvaultMode::LoginSession;
        p.commvault.username = QStringLiteral("admin");
        p = f.add(p, {{SecretEntry::Password, "pa55-word-of-admin"}});
        auto token = f.token(p);
        QVERIFY(!token);
        QCOMPARE(other.seen().size(), 0);
        QVERIFY(!other.everything().contains(QByteArray("pa55-word-of-admin").toBase64()));
    }

    void customerTokenMintStaysHome()
    {
        HostileServer other(acceptsAnything());
        HostileServer server(
            [&other](HostileServer &, const SeenRequest &request, QTcpSocket *socket) {
                if (request.path() == "/token")
                    HostileServer::token(socket, "msp-token-abcdef0123456789");
                else
                    HostileServer::redirect(socket, 307,
                                            other.url(QString::fromLatin1(request.path())));
            });
        HostileFixture f;
        Profile p = Profile::preset(ProviderKind::DruvaMsp);
        p.id = QUuid::createUuid();
        p.name = QStringLiteral("msp");
        p.tokenUrl = server.url(QStringLiteral("/token"));
        p.apiBase = server.url(QStringLiteral("/"));
        p.clientId = kHostileClientId;
        p = f.add(p, {{SecretEntry::ClientSecret, kHostileSecret.toUtf8()}});
        auto token = f.token(p, false, QStringLiteral("gcid-1"));
        QVERIFY(!token);
        QVERIFY2(token.error().toString().contains(other.origin()),
                 qPrintable(token.error().toString()));
        QCOMPARE(other.seen().size(), 0);
    }

    // The discovery document decides where the secret goes: one served after a redirect to
    // another origin must not be believed, even when it names our issuer.
    void discoveryNeverFollowsAnotherOrigin()
    {
        HostileServer evil(nullptr);
        HostileServer issuer(
            [&evil](HostileServer &, const SeenRequest &request, QTcpSocket *socket) {
                HostileServer::redirect(socket, 302, evil.url(QString::fromLatin1(request.path())));
            });
        evil.setScript(
            [&issuer, &evil](HostileServer &, const SeenRequest &request, QTcpSocket *socket) {
                if (request.path().startsWith("/.well-known/"))
                    HostileServer::json(socket, 200,
                                        "{\"issuer\":\"" + issuer.url(QString()).toEncoded() +
                                            "\",\"token_endpoint\":\"" +
                                            evil.url(QStringLiteral("/token")).toEncoded() + "\"}");
                else
                    HostileServer::token(socket, "evil-token-0123456789");
            });
        HostileFixture f;
        Profile p = Profile::preset(ProviderKind::OAuth2);
        p.id = QUuid::createUuid();
        p.name = QStringLiteral("discovered");
        p.issuer = issuer.url(QString());
        p.clientId = kHostileClientId;
        p.clientAuth = ClientAuth::ClientSecretPost;
        p = f.add(p, {{SecretEntry::ClientSecret, kHostileSecret.toUtf8()}});
        auto token = f.token(p);
        QVERIFY2(!token, "a token endpoint from another origin's discovery document was used");
        QVERIFY2(token.error().toString().contains(evil.origin()),
                 qPrintable(token.error().toString()));
        QVERIFY(!HostileFixture::containsSecret(evil.everything()));
        for (const SeenRequest &seen : evil.seen())
            QVERIFY(seen.path() != "/token");
    }

    void sameOriginRedirectsStillWork()
    {
        HostileServer server([](HostileServer &, const SeenRequest &request, QTcpSocket *socket) {
            if (request.path() == "/token")
                HostileServer::redirect(socket, 308, QUrl(QStringLiteral("/token-moved")));
            else
                HostileServer::token(socket, "same-origin-token-0123456789");
        });
        HostileFixture f;
        const Profile p = f.oauth2(server);
        auto token = f.token(p);
        QVERIFY2(token, qPrintable(token ? QString() : token.error().toString()));
        QCOMPARE(token.value().accessToken, QStringLiteral("same-origin-token-0123456789"));
        QCOMPARE(server.seen().size(), 2);
        // 308 keeps the method and the body, on the same origin.
        QCOMPARE(server.seen().at(1).method, QByteArray("POST"));
        QVERIFY(HostileFixture::containsSecret(server.seen().at(1).body));
    }

    void apiCallDropsEveryCredentialHeaderOnAnotherOrigin()
    {
        HostileServer other([](HostileServer &, const SeenRequest &, QTcpSocket *socket) {
            HostileServer::json(socket, 200, "{\"ok\":true}");
        });
        HostileServer server(
            [&other](HostileServer &, const SeenRequest &request, QTcpSocket *socket) {
                if (request.path() == "/token")
                    HostileServer::token(socket, "api-token-abcdef0123456789");
                else
                    HostileServer::redirect(socket, 302, other.url(QStringLiteral("/elsewhere")));
            });
        HostileFixture f;
        const Profile p = f.oauth2(server);
        ApiRequest request;
        request.path = QStringLiteral("/things");
        request.headers = {{"X-Api-Key", "k-123"},          {"Cookie", "session=abc"},
                           {"X-Auth-Thing", "a-123"},       {"X-Custom-Secret", "s-123"},
                           {"Authtoken", "QSDK 123"},       {"X-Plain", "kept"},
                           {"X-Marked", "marked-secret-1"}, {"Proxy-Authorization", "Basic eA=="}};
        request.secretHeaders = {"X-Marked"};
        auto outcome = f.call(p, request);
        QVERIFY2(outcome, qPrintable(outcome ? QString() : outcome.error().toString()));
        QCOMPARE(outcome.value().reply.status, 200);
        QCOMPARE(other.seen().size(), 1);
        const SeenRequest &there = other.seen().first();
        for (const char *name : {"Authorization", "X-Api-Key", "Cookie", "X-Auth-Thing",
                                 "X-Custom-Secret", "Authtoken", "X-Marked", "Proxy-Authorization"})
            QVERIFY2(!there.hasHeader(name), name);
        QCOMPARE(there.header("X-Plain"), QByteArray("kept"));
        QVERIFY(!other.everything().contains("api-token-abcdef0123456789"));
    }

    void apiCallRefusesToResendABodyToAnotherOrigin()
    {
        HostileServer other(acceptsAnything());
        HostileServer server(
            [&other](HostileServer &, const SeenRequest &request, QTcpSocket *socket) {
                if (request.path() == "/token")
                    HostileServer::token(socket, "api-token-abcdef0123456789");
                else
                    HostileServer::redirect(socket, 307, other.url(QStringLiteral("/steal")));
            });
        HostileFixture f;
        const Profile p = f.oauth2(server);
        ApiRequest request;
        request.method = "POST";
        request.path = QStringLiteral("/things");
        request.body = "{\"password\":\"body-secret\"}";
        request.headers = {{"Content-Type", "application/json"}};
        auto outcome = f.call(p, request);
        QVERIFY(!outcome);
        QVERIFY2(outcome.error().toString().contains(QLatin1String("request body")),
                 qPrintable(outcome.error().toString()));
        QCOMPARE(other.seen().size(), 0);
    }

    void everyHopObeysTheTransportRules_data()
    {
        QTest::addColumn<bool>("tls");
        QTest::addColumn<QString>("location");
        QTest::addColumn<QString>("expected");
        // https → http, even to loopback: the token would cross the network in clear.
        QTest::newRow("https to http") << true << "http://127.0.0.1:9/x"
                                       << "plain HTTP";
        // plain http to a host that is not loopback, without the profile allowing it.
        QTest::newRow("http to remote http") << false << "http://192.0.2.10/x"
                                             << "plain HTTP";
        QTest::newRow("not http") << false << "file:///etc/passwd"
                                  << "not an http";
    }
    void everyHopObeysTheTransportRules()
    {
        QFETCH(bool, tls);
        QFETCH(QString, location);
        QFETCH(QString, expected);
        HostileServer server(
            [location](HostileServer &, const SeenRequest &request, QTcpSocket *socket) {
                if (request.path() == "/token")
                    HostileServer::token(socket, "hop-token-abcdef0123456789");
                else
                    HostileServer::redirect(socket, 302, QUrl(location));
            },
            tls);
        HostileFixture f;
        Profile p = Profile::preset(ProviderKind::OAuth2);
        p.id = QUuid::createUuid();
        p.name = QStringLiteral("hops");
        p.tokenUrl = server.url(QStringLiteral("/token"));
        p.apiBase = server.url(QStringLiteral("/api"));
        p.clientId = kHostileClientId;
        p.options.caFile = HostileServer::certificatePath();
        p = f.add(p, {{SecretEntry::ClientSecret, kHostileSecret.toUtf8()}});
        ApiRequest request;
        request.path = QStringLiteral("/go");
        auto outcome = f.call(p, request);
        QVERIFY(!outcome);
        QVERIFY2(outcome.error().toString().contains(expected),
                 qPrintable(outcome.error().toString()));
        QCOMPARE(server.seen().size(), 2); // the token, then the call that was redirected
    }

    void aRedirectLoopEnds()
    {
        HostileServer server([](HostileServer &, const SeenRequest &request, QTcpSocket *socket) {
            if (request.path() == "/token")
                HostileServer::token(socket, "loop-token-abcdef0123456789");
            else
                HostileServer::redirect(socket, 302, QUrl(QStringLiteral("/again")));
        });
        HostileFixture f;
        const Profile p = f.oauth2(server);
        ApiRequest request;
        request.path = QStringLiteral("/go");
        auto outcome = f.call(p, request);
        QVERIFY(!outcome);
        QVERIFY2(outcome.error().toString().contains(QLatin1String("Too many redirects")),
                 qPrintable(outcome.error().toString()));
        QCOMPARE(server.seen().size(), 1 + 6); // the token, the call and five redirects
    }
};

QTEST_GUILESS_MAIN(TestHostileRedirects)
#include "tst_hostileredirects.moc"
