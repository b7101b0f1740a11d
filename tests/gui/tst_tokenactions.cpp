#include "guifixture.h"

#include "auth/tokenrevoker.h"
#include "ui/common/noticebar.h"
#include "ui/token/introspectiondialog.h"
#include "ui/token/tokenpanel.h"
#include "ui/window/mainactions.h"
#include "ui/window/mainwindow.h"

#include <QAction>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>

using namespace tw;

namespace {
// A client-credentials profile of the sandbox's standard OAuth 2.0 server, found by discovery
// (which advertises revocation and introspection endpoints).
Profile addDiscovered(GuiFixture &f, const QString &name)
{
    const QJsonObject oauth = f.provider("oauth2");
    Profile p = Profile::preset(ProviderKind::OAuth2);
    p.name = name;
    p.issuer = QUrl(oauth.value("issuer").toString());
    p.clientId = oauth.value("client_id").toString();
    return f.add(p,
                 {{SecretEntry::ClientSecret, oauth.value("client_secret").toString().toUtf8()}});
}

// The provider's verdict on `token`, asked directly through the engine.
std::optional<bool> activeAtProvider(GuiFixture &f, const QUuid &id, const QString &token)
{
    TokenRevoker revoker(&f.auth, id);
    std::optional<bool> active;
    revoker.introspect(token, QStringLiteral("access_token"), [&](Result<QJsonObject> answer) {
        active = answer && answer.value().value("active").toBool();
    });
    if (!QTest::qWaitFor([&] { return active.has_value(); }, 5000))
        return std::nullopt;
    return active;
}
} // namespace

class TestTokenActions : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void introspectShowsTheProvidersAnswer()
    {
        GuiFixture f;
        const Profile p = addDiscovered(f, QStringLiteral("Standard"));
        MainWindow window(&f.auth, &f.settings);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        window.selectProfile(p.id);
        auto *introspect = window.findChild<QPushButton *>("introspectButton");
        QTRY_VERIFY_WITH_TIMEOUT(introspect->isEnabled(), 10000); // a token, and the endpoint
        QVERIFY(window.actions()->introspect->isEnabled());
        QTest::mouseClick(introspect, Qt::LeftButton);
        IntrospectionDialog *dialog = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((dialog = window.findChild<IntrospectionDialog *>()), 10000);
        QCOMPARE(f.sandbox.requestCount("oauth2.introspect"), 1);
        QCOMPARE(dialog->shownValue("active"), QStringLiteral("yes"));
        QCOMPARE(dialog->shownValue("client_id"), p.clientId);
        // exp as a local date, with how far away it is.
        const QString exp = dialog->shownValue("exp");
        QVERIFY2(exp.contains(QLatin1Char(':')) && exp.contains(QLatin1String("(in ")),
                 qPrintable(exp));
        QVERIFY(dialog->findChild<QLabel *>("introspectionVerdict")->text().contains("is active"));
        dialog->close();
    }

    void revokeAsksThenDropsTheTokensAndFetchesNoNewOne()
    {
        GuiFixture f;
        const Profile p = addDiscovered(f, QStringLiteral("To revoke"));
        MainWindow window(&f.auth, &f.settings);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        window.selectProfile(p.id);
        auto *revoke = window.findChild<QPushButton *>("revokeButton");
        QTRY_VERIFY_WITH_TIMEOUT(revoke->isEnabled() && f.auth.session(p.id)->token(), 10000);
        const QString old = f.auth.session(p.id)->token()->accessToken;
        QCOMPARE(activeAtProvider(f, p.id, old), std::optional<bool>(true));
        QTRY_VERIFY(revoke->isEnabled());

        // Cancel changes nothing.
        QTest::mouseClick(revoke, Qt::LeftButton);
        QMessageBox *box = nullptr;
        QTRY_VERIFY((box = window.findChild<QMessageBox *>("confirmRevoke")));
        QTest::mouseClick(box->button(QMessageBox::Cancel), Qt::LeftButton);
        QTRY_VERIFY(!window.findChild<QMessageBox *>("confirmRevoke"));
        QCOMPARE(f.sandbox.requestCount("oauth2.revoke"), 0);

        window.actions()->revoke->trigger(); // the menu does the same
        QTRY_VERIFY((box = window.findChild<QMessageBox *>("confirmRevoke")));
        const int tokenRequests = f.sandbox.requestCount("oauth2.token");
        QTest::mouseClick(box->findChild<QPushButton *>("confirmRevokeButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(f.sandbox.requestCount("oauth2.revoke") == 2, 10000);
        QTRY_VERIFY(!f.auth.session(p.id)->token().has_value());
        auto *notice = window.findChild<NoticeBar *>("tokenActionNotice");
        QTRY_VERIFY2(notice->text().contains(QLatin1String("Revoked the refresh token and the "
                                                           "access token")),
                     qPrintable(notice->text()));
        // No token comes back behind the user's back, and the old one is dead.
        QTest::qWait(1500);
        QCOMPARE(f.sandbox.requestCount("oauth2.token"), tokenRequests);
        QVERIFY(!f.auth.session(p.id)->token().has_value());
        QCOMPARE(activeAtProvider(f, p.id, old), std::optional<bool>(false));
        QVERIFY(!window.findChild<QPushButton *>("introspectButton")->isEnabled());
        // Refresh gets a new one.
        window.actions()->refresh->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(f.auth.session(p.id)->token().has_value(), 10000);
    }

    void withoutAnEndpointTheButtonsSayWhy()
    {
        GuiFixture f;
        const Profile druva = f.addProfile(ProviderKind::Druva, "druva", QStringLiteral("Druva"));
        const QJsonObject oauth = f.provider("oauth2");
        Profile plain = Profile::preset(ProviderKind::OAuth2);
        plain.name = QStringLiteral("No discovery");
        plain.tokenUrl = QUrl(oauth.value("token_url").toString());
        plain.clientId = oauth.value("client_id").toString();
        plain = f.add(
            plain, {{SecretEntry::ClientSecret, oauth.value("client_secret").toString().toUtf8()}});
        MainWindow window(&f.auth, &f.settings);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        auto *revoke = window.findChild<QPushButton *>("revokeButton");
        auto *introspect = window.findChild<QPushButton *>("introspectButton");

        window.selectProfile(druva.id);
        QTRY_VERIFY(!revoke->isEnabled());
        QVERIFY2(revoke->toolTip().contains(QLatin1String("no standard revocation")),
                 qPrintable(revoke->toolTip()));
        QVERIFY(!introspect->isEnabled());
        QVERIFY(!window.actions()->revoke->isEnabled());

        window.selectProfile(plain.id);
        QTRY_VERIFY(revoke->toolTip().contains(QLatin1String("Revocation URL")));
        QVERIFY(!revoke->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(f.auth.session(plain.id)->token().has_value(), 10000);
        QVERIFY(!introspect->isEnabled());
        QVERIFY2(introspect->toolTip().contains(QLatin1String("Introspection URL")),
                 qPrintable(introspect->toolTip()));
        QCOMPARE(f.sandbox.requestCount("oauth2.revoke"), 0);

        // A profile that names the endpoints itself needs no discovery.
        Profile named = plain;
        named.revocationUrl = QUrl(oauth.value("issuer").toString() + QStringLiteral("/revoke"));
        named.introspectionUrl =
            QUrl(oauth.value("issuer").toString() + QStringLiteral("/introspect"));
        QVERIFY(!f.store.update(named));
        window.tokenPanel()->setProfile(plain.id);
        QTRY_VERIFY(revoke->isEnabled());
        QTRY_VERIFY(introspect->isEnabled());
    }
};

QTEST_MAIN(TestTokenActions)
#include "tst_tokenactions.moc"
