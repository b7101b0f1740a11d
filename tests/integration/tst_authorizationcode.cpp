// The browser sign-in (authorization code + PKCE) in the engine over real sockets: the loopback
// receiver against hostile local clients, and AuthManager's signal, cancel and timeout against
// the sandbox, with a scripted "browser" (QNetworkAccessManager) that follows the redirects.
#include "auth/loopbackreceiver.h"
#include "democredentials.h"
#include "enginefixture.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QUrlQuery>

using namespace tw;
using namespace tw::testing;

namespace {
// Sends raw bytes to the receiver and returns everything it answers before it closes.
QByteArray exchange(quint16 port, const QByteArray &request, int timeoutMs = 5000)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    QByteArray answer;
    QObject::connect(&socket, &QTcpSocket::readyRead, &socket, [&] { answer += socket.readAll(); });
    QObject::connect(&socket, &QTcpSocket::connected, &socket, [&] { socket.write(request); });
    QSignalSpy closed(&socket, &QTcpSocket::disconnected);
    closed.wait(timeoutMs);
    answer += socket.readAll();
    return answer;
}

QByteArray get(quint16 port, const QByteArray &target)
{
    return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(port) +
           "\r\nUser-Agent: test\r\n\r\n";
}
} // namespace

class TestAuthorizationCode : public QObject
{
    Q_OBJECT
private:
    static Profile browserProfile(EngineFixture &f, const QString &name = QStringLiteral("browser"))
    {
        return f.add(unsaved(f, name), {});
    }
    static Profile unsaved(EngineFixture &f, const QString &name)
    {
        Profile p = f.profileFor(QStringLiteral("oauth2"), name);
        p.tokenUrl = QUrl();
        p.issuer = QUrl(f.value(QStringLiteral("oauth2"), "issuer"));
        p.clientId = QString::fromLatin1(sandbox::demo::OAuth2BrowserClientId);
        p.clientAuth = ClientAuth::None;
        p.grant = Grant::AuthorizationCode;
        p.scope = QStringLiteral("read");
        return p;
    }

private Q_SLOTS:
    void receiverSurvivesHostileRequestsThenTakesTheCallback()
    {
        LoopbackReceiver receiver;
        QVERIFY(!receiver.listen(0));
        const quint16 port = receiver.port();
        QVERIFY(port > 0);
        QCOMPARE(receiver.redirectUri().toString(),
                 QStringLiteral("http://127.0.0.1:%1/callback").arg(port));
        QSignalSpy callbacks(&receiver, &LoopbackReceiver::callbackReceived);

        // An idle connection that never sends a byte does not block anyone else.
        QTcpSocket idle;
        idle.connectToHost(QHostAddress::LocalHost, port);

        const QByteArray huge =
            "GET /callback?code=" + QByteArray(20000, 'a') + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
        // 431, unless the kernel resets the connection first (our excess bytes unread).
        const QByteArray refused = exchange(port, huge);
        QVERIFY2(refused.isEmpty() || refused.startsWith("HTTP/1.1 431"), refused.left(80));
        QVERIFY(exchange(port, get(port, "/favicon.ico")).startsWith("HTTP/1.1 404"));
        QVERIFY(exchange(port, get(port, "/callbackx?code=a&state=b")).startsWith("HTTP/1.1 404"));
        QVERIFY(exchange(port, "POST /callback HTTP/1.1\r\nHost: 127.0.0.1:" +
                                   QByteArray::number(port) + "\r\n\r\n")
                    .startsWith("HTTP/1.1 405"));
        QVERIFY(exchange(port, "GET /callback?code=a HTTP/1.1\r\nHost: evil.example\r\n\r\n")
                    .startsWith("HTTP/1.1 400"));
        QVERIFY(exchange(port, QByteArray("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\r\n\r\n", 13))
                    .startsWith("HTTP/1.1 400"));
        QCOMPARE(callbacks.count(), 0);

        // The browser's own request: emitted once, held until answer().
        QTcpSocket browser;
        QByteArray page;
        connect(&browser, &QTcpSocket::readyRead, &browser, [&] { page += browser.readAll(); });
        browser.connectToHost(QHostAddress::LocalHost, port);
        QVERIFY(browser.waitForConnected(5000));
        browser.write(get(port, "/callback?code=abc&state=xyz"));
        QTRY_COMPARE(callbacks.count(), 1);
        QCOMPARE(callbacks.at(0).at(0).toByteArray(), QByteArray("code=abc&state=xyz"));
        // A second callback while the first is handled gets 409, not a second signal.
        QVERIFY(
            exchange(port, get(port, "/callback?code=evil&state=xyz")).startsWith("HTTP/1.1 409"));
        QCOMPARE(callbacks.count(), 1);

        receiver.answer(200, LoopbackReceiver::page(QStringLiteral("Signed in <b>"),
                                                    QStringLiteral("to \"x\" & y")));
        QTRY_VERIFY(browser.state() == QAbstractSocket::UnconnectedState);
        page += browser.readAll();
        QVERIFY2(page.startsWith("HTTP/1.1 200 OK"), page.constData());
        QVERIFY(page.contains("Referrer-Policy: no-referrer"));
        QVERIFY(page.contains("Signed in &lt;b&gt;"));
        QVERIFY(page.contains("to &quot;x&quot; &amp; y"));

        // The listener is closed for good.
        QTcpSocket late;
        late.connectToHost(QHostAddress::LocalHost, port);
        QVERIFY(!late.waitForConnected(2000));
    }

    void receiverReportsABusyPort()
    {
        LoopbackReceiver first;
        QVERIFY(!first.listen(0));
        LoopbackReceiver second;
        const auto error = second.listen(first.port());
        QVERIFY(error);
        QVERIFY(error->message.contains(QString::number(first.port())));
    }

    void signInThroughTheSandboxThenRefreshSilently()
    {
        sandbox::SandboxConfig config;
        config.autoApprove = true;
        EngineFixture f(config);
        const Profile p = browserProfile(f);
        QNetworkAccessManager browser;
        int opened = 0;
        QUrl openedUrl;
        connect(&f.process->auth, &AuthManager::authorizationUrlReady, this,
                [&](const QUuid &id, const QUrl &url) {
                    QCOMPARE(id, p.id);
                    ++opened;
                    openedUrl = url;
                    // Follows the sandbox's 302 to the loopback receiver, like a browser.
                    browser.get(QNetworkRequest(url));
                });
        AuthSession *session = f.process->auth.session(p.id);
        const auto first = EngineFixture::token(session);
        QVERIFY2(first, qPrintable(first ? QString() : first.error().toString()));
        QCOMPARE(opened, 1);
        QVERIFY(!first.value().refreshToken.isEmpty());
        QCOMPARE(first.value().scope, QStringLiteral("read"));
        QVERIFY(openedUrl.toString().contains(QLatin1String("code_challenge_method=S256")));
        QVERIFY(!openedUrl.toString().contains(QLatin1String("code_verifier")));
        const auto wire = f.sandbox->lastRequests(QStringLiteral("oauth2.token"));
        QVERIFY(!wire.isEmpty());
        const QString body = wire.last().value(QLatin1String("body")).toString();
        QVERIFY(body.contains(QLatin1String("grant_type=authorization_code")));
        QVERIFY(body.contains(QLatin1String("code_verifier=")));
        QVERIFY(body.contains(QLatin1String("client_id=tw-demo-browser")));

        // --force: the refresh token, no browser; the answer's new refresh token is kept.
        const auto second = EngineFixture::token(session, true);
        QVERIFY2(second, qPrintable(second ? QString() : second.error().toString()));
        QCOMPARE(opened, 1);
        QVERIFY(second.value().refreshToken != first.value().refreshToken);
        QVERIFY(second.value().accessToken != first.value().accessToken);
    }

    void cancelEndsTheSignInAndClosesTheListener()
    {
        EngineFixture f;
        const Profile p = browserProfile(f);
        QUrl redirect;
        connect(&f.process->auth, &AuthManager::authorizationUrlReady, this,
                [&](const QUuid &id, const QUrl &url) {
                    redirect = QUrl(QUrlQuery(url).queryItemValue(QStringLiteral("redirect_uri"),
                                                                  QUrl::FullyDecoded));
                    f.process->auth.cancelSignIn(id);
                });
        const auto result = EngineFixture::token(f.process->auth.session(p.id));
        QVERIFY(!result);
        QCOMPARE(result.error().code, Error::Code::Cancelled);
        QCOMPARE(result.error().message, QStringLiteral("Sign-in cancelled."));
        QVERIFY(redirect.port() > 0);
        QTcpSocket late;
        late.connectToHost(QHostAddress::LocalHost, quint16(redirect.port()));
        QVERIFY(!late.waitForConnected(2000));
        QCOMPARE(f.sandbox->requestCount(QStringLiteral("oauth2.token")), 0);
    }

    void aBrowserThatNeverComesBackTimesOut()
    {
        EngineFixture f;
        const Profile p = browserProfile(f);
        f.process->auth.setSignInTimeoutSec(1);
        const auto result = EngineFixture::token(f.process->auth.session(p.id));
        QVERIFY(!result);
        QCOMPARE(result.error().code, Error::Code::Expired);
        QVERIFY(result.error().message.contains(QLatin1String("did not finish within 1 seconds")));
    }

    void cancelEndsADeviceCodePollToo()
    {
        EngineFixture f;
        Profile p = unsaved(f, QStringLiteral("device"));
        p.clientId = QString::fromLatin1(sandbox::demo::OAuth2PublicClientId);
        p.grant = Grant::DeviceCode;
        const Profile device = f.add(p, {});
        int issued = 0;
        connect(&f.process->auth, &AuthManager::deviceCodeIssued, this,
                [&](const QUuid &id, const DevicePrompt &) {
                    ++issued;
                    f.process->auth.cancelSignIn(id);
                });
        const auto result = EngineFixture::token(f.process->auth.session(device.id));
        QVERIFY(!result);
        QCOMPARE(issued, 1);
        QCOMPARE(result.error().code, Error::Code::Cancelled);
        // No poll goes out after the cancel.
        const int polls = f.sandbox->requestCount(QStringLiteral("oauth2.token"));
        QTest::qWait(1500);
        QCOMPARE(f.sandbox->requestCount(QStringLiteral("oauth2.token")), polls);
    }
};

QTEST_GUILESS_MAIN(TestAuthorizationCode)
#include "tst_authorizationcode.moc"
