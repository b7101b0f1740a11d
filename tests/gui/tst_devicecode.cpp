#include "guifixture.h"

#include "audit/auditlog.h"
#include "audit/auditrecorder.h"

#include "ui/token/devicecodedialog.h"
#include "ui/token/tokenpanel.h"
#include "ui/window/mainwindow.h"

#include <QApplication>
#include <QClipboard>
#include <QDesktopServices>
#include <QLabel>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPushButton>
#include <QStatusBar>
#include <QTcpSocket>
#include <QUrlQuery>

using namespace tw;

namespace {
// Stands in for the system browser: QDesktopServices hands it the URL instead.
class BrowserStub : public QObject
{
    Q_OBJECT
public:
    QList<QUrl> opened;
public Q_SLOTS:
    void open(const QUrl &url) { opened << url; }
};

// A device-code profile of the sandbox's public client (RFC 8628 with no client secret).
Profile addDeviceProfile(GuiFixture &f, const QString &name)
{
    Profile p = Profile::preset(ProviderKind::OAuth2);
    p.name = name;
    p.issuer = QUrl(f.provider("oauth2").value("issuer").toString());
    p.clientId = QString::fromLatin1(tw::sandbox::demo::OAuth2PublicClientId);
    p.clientAuth = ClientAuth::None;
    p.grant = Grant::DeviceCode;
    return f.add(p, {});
}

// What the user does to sign in: Refresh on the Token tab (selecting a profile starts no
// sign-in by itself), once it is enabled again after the quiet look for a refresh token.
bool askForToken(MainWindow &window)
{
    auto *refresh = window.tokenPanel()->findChild<QPushButton *>("refreshButton");
    if (!QTest::qWaitFor([refresh] { return refresh->isEnabled(); }, 10000))
        return false;
    QTest::mouseClick(refresh, Qt::LeftButton);
    return true;
}

// What the user does on the verification page: approve or deny the code.
int decide(const QUrl &page, const QString &userCode, const QString &action)
{
    QNetworkAccessManager nam;
    QNetworkRequest request(page);
    request.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded");
    QUrlQuery form;
    form.addQueryItem(QStringLiteral("user_code"), userCode);
    form.addQueryItem(QStringLiteral("action"), action);
    QNetworkReply *reply = nam.post(request, form.toString(QUrl::FullyEncoded).toUtf8());
    if (!QTest::qWaitFor([reply] { return reply->isFinished(); }, 5000))
        return -1;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    reply->deleteLater();
    return status;
}
} // namespace

class TestDeviceCode : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        QDesktopServices::setUrlHandler(QStringLiteral("http"), &m_browser, "open");
        QDesktopServices::setUrlHandler(QStringLiteral("https"), &m_browser, "open");
        m_browser.opened.clear();
    }
    void cleanup()
    {
        QDesktopServices::unsetUrlHandler(QStringLiteral("http"));
        QDesktopServices::unsetUrlHandler(QStringLiteral("https"));
    }

    void theCodeIsShownAndTheDialogClosesWhenTheTokenArrives()
    {
        GuiFixture f;
        f.auth.audit()->open(std::make_unique<AuditLog>(f.dir.path()), f.dir.path(),
                             QStringLiteral("gui"));
        const Profile p = addDeviceProfile(f, QStringLiteral("Device sign-in"));
        MainWindow window(&f.auth, &f.settings);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        window.selectProfile(p.id);
        // Showing the profile asks nobody: no code pops up until the user asks for a token.
        AuthSession *shown = f.auth.session(p.id);
        QTRY_VERIFY_WITH_TIMEOUT(shown->lastError().has_value(), 10000);
        QCOMPARE(shown->lastError()->code, Error::Code::SignInRequired);
        QCOMPARE(shown->state(), AuthSession::State::None); // no failure: just no token yet
        f.auth.audit()->flush();
        QVERIFY(f.auth.audit()->log()->read().entries.isEmpty()); // and nothing to log
        QVERIFY(!window.deviceCodeDialog(p.id));
        QVERIFY(askForToken(window));
        DeviceCodeDialog *dialog = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((dialog = window.deviceCodeDialog(p.id)), 10000);
        QVERIFY(dialog->isVisible());
        QVERIFY(!dialog->isModal()); // the window stays usable meanwhile

        auto *code = dialog->findChild<QLabel *>("userCodeLabel");
        QVERIFY(QRegularExpression(QStringLiteral("^[A-Z]{4}-[A-Z]{4}$"))
                    .match(code->text())
                    .hasMatch());
        QVERIFY(code->font().fixedPitch());
        QCOMPARE(code->font().styleHint(), QFont::Monospace);
        QVERIFY(code->font().pointSizeF() > dialog->font().pointSizeF() * 2);
        QVERIFY(code->textInteractionFlags() & Qt::TextSelectableByMouse);
        QCOMPARE(code->textFormat(), Qt::PlainText);
        const QString countdown = dialog->findChild<QLabel *>("deviceCountdown")->text();
        QVERIFY2(countdown.contains(QLatin1String("expires in")), qPrintable(countdown));
        QVERIFY(dialog->secondsLeft() > 500 && dialog->secondsLeft() <= 600);

        QTest::mouseClick(dialog->findChild<QPushButton *>("copyCodeButton"), Qt::LeftButton);
        QCOMPARE(QApplication::clipboard()->text(), code->text());

        // Open browser: the page with the code in it (verification_uri_complete).
        QTest::mouseClick(dialog->findChild<QPushButton *>("openBrowserButton"), Qt::LeftButton);
        QCOMPARE(m_browser.opened.size(), 1);
        const QUrl opened = m_browser.opened.first();
        QCOMPARE(opened.path(), QStringLiteral("/oauth2/device"));
        QCOMPARE(QUrlQuery(opened).queryItemValue(QStringLiteral("user_code")), code->text());

        // The user approves in the browser; the next poll brings the token.
        QCOMPARE(
            decide(opened.adjusted(QUrl::RemoveQuery), code->text(), QStringLiteral("approve")),
            200);
        QTRY_VERIFY_WITH_TIMEOUT(!window.deviceCodeDialog(p.id), 10000);
        AuthSession *session = f.auth.session(p.id);
        QVERIFY(session->token().has_value());
        f.auth.audit()->flush();
        QCOMPARE(f.auth.audit()->log()->read().entries.size(), 1); // the sign-in that happened
        QVERIFY2(window.statusBar()->currentMessage().contains(QLatin1String("Signed in")),
                 qPrintable(window.statusBar()->currentMessage()));
    }

    void cancelEndsThePolling()
    {
        GuiFixture f;
        const Profile p = addDeviceProfile(f, QStringLiteral("Cancelled"));
        MainWindow window(&f.auth, &f.settings);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        window.selectProfile(p.id);
        QVERIFY(askForToken(window));
        DeviceCodeDialog *dialog = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((dialog = window.deviceCodeDialog(p.id)), 10000);
        const QString userCode = dialog->findChild<QLabel *>("userCodeLabel")->text();
        AuthSession *session = f.auth.session(p.id);
        QVERIFY(session->isFetching());
        QTest::keyClick(dialog, Qt::Key_Escape); // Esc = Cancel
        QTRY_VERIFY(!window.deviceCodeDialog(p.id));
        QTRY_VERIFY(!session->isFetching());
        QVERIFY(session->lastError().has_value());
        QCOMPARE(session->lastError()->code, Error::Code::Cancelled);
        QVERIFY(window.statusBar()->currentMessage().contains(QLatin1String("cancelled")));
        // No poll goes out any more: approving now brings no token.
        const int polls = f.sandbox.requestCount("oauth2.token");
        QCOMPARE(decide(QUrl(f.provider("oauth2").value("issuer").toString() +
                             QStringLiteral("/device")),
                        userCode, QStringLiteral("approve")),
                 200);
        QTest::qWait(2500); // more than two poll intervals of the sandbox
        QCOMPARE(f.sandbox.requestCount("oauth2.token"), polls);
        QVERIFY(!session->token().has_value());
        QVERIFY(!f.auth.cancelSignIn(p.id)); // nothing waits any more
    }

    // The authorization code grant: the window hands the sign-in page to the system browser
    // and shows the same dialog without a code; the browser's return brings the token.
    void browserSignInOpensThePageAndEndsWithTheToken()
    {
        GuiFixture f;
        f.sandbox.setAutoApprove(true); // the "browser" below approves without a click
        Profile p = Profile::preset(ProviderKind::OAuth2);
        p.name = QStringLiteral("Browser sign-in");
        p.issuer = QUrl(f.provider("oauth2").value("issuer").toString());
        p.clientId = f.provider("oauth2").value("browser_client_id").toString();
        p.clientAuth = ClientAuth::None;
        p.grant = Grant::AuthorizationCode;
        p = f.add(p, {});
        MainWindow window(&f.auth, &f.settings);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        window.selectProfile(p.id);
        QVERIFY(askForToken(window)); // a person asks: the sign-in starts

        QTRY_VERIFY_WITH_TIMEOUT(m_browser.opened.size() == 1, 10000);
        const QUrl page = m_browser.opened.first();
        QCOMPARE(page.path(), QStringLiteral("/oauth2/authorize"));
        QCOMPARE(QUrlQuery(page).queryItemValue(QStringLiteral("code_challenge_method")),
                 QStringLiteral("S256"));
        DeviceCodeDialog *dialog = window.deviceCodeDialog(p.id);
        QVERIFY(dialog && dialog->isVisible());
        QVERIFY(dialog->isBrowserSignIn());
        QVERIFY(!dialog->findChild<QLabel *>("userCodeLabel")->isVisibleTo(dialog));
        // The host only: the address itself carries the one-time state.
        const QString where = dialog->findChild<QLabel *>("verificationLabel")->text();
        QVERIFY2(where.contains(page.host()) && !where.contains(QLatin1String("state")),
                 qPrintable(where));
        QTest::mouseClick(dialog->findChild<QPushButton *>("copyCodeButton"), Qt::LeftButton);
        QCOMPARE(QUrl(QApplication::clipboard()->text()), page);
        QVERIFY(dialog->secondsLeft() > f.auth.signInTimeoutSec() - 10);

        // The browser: the sign-in page answers with a redirect to our loopback receiver.
        QNetworkAccessManager browser;
        QNetworkReply *reply = browser.get(QNetworkRequest(page));
        QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 10000);
        QCOMPARE(reply->url().path(), QStringLiteral("/callback"));
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        reply->deleteLater();
        QTRY_VERIFY_WITH_TIMEOUT(!window.deviceCodeDialog(p.id), 10000);
        QVERIFY(f.auth.session(p.id)->token().has_value());
        QVERIFY2(window.statusBar()->currentMessage().contains(QLatin1String("Signed in")),
                 qPrintable(window.statusBar()->currentMessage()));
    }

    void cancellingABrowserSignInClosesItsListener()
    {
        GuiFixture f;
        Profile p = Profile::preset(ProviderKind::OAuth2);
        p.name = QStringLiteral("Browser cancelled");
        p.issuer = QUrl(f.provider("oauth2").value("issuer").toString());
        p.clientId = f.provider("oauth2").value("browser_client_id").toString();
        p.clientAuth = ClientAuth::None;
        p.grant = Grant::AuthorizationCode;
        p = f.add(p, {});
        MainWindow window(&f.auth, &f.settings);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        window.selectProfile(p.id);
        QVERIFY(askForToken(window));
        QTRY_VERIFY_WITH_TIMEOUT(m_browser.opened.size() == 1, 10000);
        const QUrl redirect(
            QUrlQuery(m_browser.opened.first())
                .queryItemValue(QStringLiteral("redirect_uri"), QUrl::FullyDecoded));
        QCOMPARE(redirect.host(), QStringLiteral("127.0.0.1"));
        DeviceCodeDialog *dialog = window.deviceCodeDialog(p.id);
        QVERIFY(dialog);
        QTest::keyClick(dialog, Qt::Key_Escape);
        QTRY_VERIFY(!window.deviceCodeDialog(p.id));
        QTRY_COMPARE(f.auth.session(p.id)->lastError()->code, Error::Code::Cancelled);
        // Nothing listens for the browser any more.
        QTcpSocket probe;
        probe.connectToHost(QHostAddress::LocalHost, quint16(redirect.port()));
        QVERIFY(!probe.waitForConnected(2000));
    }

    void aDeniedSignInClosesTheDialogAndSaysWhy()
    {
        GuiFixture f;
        const Profile p = addDeviceProfile(f, QStringLiteral("Denied"));
        MainWindow window(&f.auth, &f.settings);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        window.selectProfile(p.id);
        QVERIFY(askForToken(window));
        DeviceCodeDialog *dialog = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((dialog = window.deviceCodeDialog(p.id)), 10000);
        const QString userCode = dialog->findChild<QLabel *>("userCodeLabel")->text();
        QCOMPARE(decide(dialog->browserUrl().adjusted(QUrl::RemoveQuery), userCode,
                        QStringLiteral("deny")),
                 200);
        QTRY_VERIFY_WITH_TIMEOUT(!window.deviceCodeDialog(p.id), 10000);
        const QString message = window.statusBar()->currentMessage();
        QVERIFY2(message.contains(QLatin1String("failed")) &&
                     message.contains(QLatin1String("denied")),
                 qPrintable(message));
    }

    void editingTheProfileEndsTheWait()
    {
        GuiFixture f;
        const Profile p = addDeviceProfile(f, QStringLiteral("Edited"));
        MainWindow window(&f.auth, &f.settings);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        window.selectProfile(p.id);
        QVERIFY(askForToken(window));
        QTRY_VERIFY_WITH_TIMEOUT(window.deviceCodeDialog(p.id), 10000);
        f.auth.forgetProfile(p.id, true); // what saving an edit does
        QTRY_VERIFY(!window.deviceCodeDialog(p.id));
        QVERIFY(window.statusBar()->currentMessage().contains(QLatin1String("changed or removed")));
    }

private:
    BrowserStub m_browser;
};

QTEST_MAIN(TestDeviceCode)
#include "tst_devicecode.moc"
