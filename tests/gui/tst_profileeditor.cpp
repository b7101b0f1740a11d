#include "guifixture.h"

#include "auth/commvaultpair.h"
#include "democredentials.h"
#include "demokeys.h"
#include "profiles/importplan.h"
#include "ui/common/noticebar.h"
#include "ui/profiles/profileeditor.h"
#include "ui/profiles/secretfield.h"

#include <QAbstractSpinBox>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTemporaryFile>

using namespace tw;

namespace {
void select(QComboBox *combo, int data)
{
    const int index = combo->findData(data);
    QVERIFY(index >= 0);
    combo->setCurrentIndex(index);
}

void type(ProfileEditor &editor, const char *name, const QString &text)
{
    auto *edit = editor.findChild<QLineEdit *>(name);
    QVERIFY2(edit, name);
    edit->clear();
    QTest::keyClicks(edit, text);
}

QString noticeText(ProfileEditor &editor, const char *name)
{
    auto *notice = editor.findChild<NoticeBar *>(name);
    return notice && notice->isVisibleTo(&editor) ? notice->text() : QString();
}

// In-memory secrets that claim to be the OS keychain: what the editor sees with a keychain.
class KeychainLikeStore : public MemorySecretStore
{
public:
    bool persistent() const override { return true; }
};
} // namespace

class TestProfileEditor : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void enterAfterTestNeverDropsTheNewProfile()
    {
        GuiFixture f;
        ProfileEditor editor(&f.auth, std::nullopt);
        editor.show();
        QVERIFY(QTest::qWaitForWindowActive(&editor));
        const QJsonObject msp = f.provider("druva-msp");
        type(editor, "nameEdit", QStringLiteral("Prod MSP"));
        type(editor, "tokenUrlEdit", msp.value("token_url").toString());
        type(editor, "apiBaseEdit", msp.value("api_base").toString());
        type(editor, "clientIdEdit", msp.value("client_id").toString());
        type(editor, "secretEdit", msp.value("client_secret").toString());
        auto *test = editor.findChild<QPushButton *>("testButton");
        test->setFocus();
        QTest::keyClick(test, Qt::Key_Space);
        QTRY_VERIFY_WITH_TIMEOUT(test->isEnabled(), 20000);
        QVERIFY(QApplication::focusWidget());
        QCOMPARE(QApplication::focusWidget(), test);
        // Enter is Save (the default button), whatever has the focus.
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
        QTRY_COMPARE(f.store.profiles().size(), 1);
        QTRY_VERIFY(!editor.isVisible());
        QCOMPARE(editor.result(), int(QDialog::Accepted));
    }

    void closingAChangedEditorAsks()
    {
        GuiFixture f;
        ProfileEditor editor(&f.auth, std::nullopt);
        editor.show();
        QVERIFY(QTest::qWaitForWindowActive(&editor));
        // Untouched: Esc just closes.
        QVERIFY(!editor.hasChanges());
        QTest::keyClick(&editor, Qt::Key_Escape);
        QTRY_VERIFY(!editor.isVisible());

        editor.show();
        QVERIFY(QTest::qWaitForWindowActive(&editor));
        type(editor, "secretEdit", QStringLiteral("typed secret"));
        QVERIFY(editor.hasChanges());
        QTest::keyClick(editor.findChild<QLineEdit *>("secretEdit"), Qt::Key_Escape);
        QMessageBox *box = nullptr;
        QTRY_VERIFY((box = editor.findChild<QMessageBox *>("confirmDiscard")));
        QVERIFY(editor.isVisible());
        QTest::mouseClick(box->button(QMessageBox::Cancel), Qt::LeftButton);
        QTRY_VERIFY(!editor.findChild<QMessageBox *>("confirmDiscard"));
        QVERIFY(editor.isVisible());
        QCOMPARE(editor.findChild<QLineEdit *>("secretEdit")->text(),
                 QStringLiteral("typed secret"));

        editor.reject(); // the Cancel button, the window's close button
        QTRY_VERIFY((box = editor.findChild<QMessageBox *>("confirmDiscard")));
        QTest::mouseClick(box->button(QMessageBox::Discard), Qt::LeftButton);
        QTRY_VERIFY(!editor.isVisible());
        QCOMPARE(editor.result(), int(QDialog::Rejected));
    }

    void aRefusedSaveStaysSaid()
    {
        GuiFixture f;
        // What cancelling the keyring's unlock prompt looks like to the store.
        f.secrets.setWriteFault([](const QString &) -> Status {
            Error e;
            e.code = Error::Code::Keychain;
            e.message = QStringLiteral("The keyring prompt was dismissed.");
            return e;
        });
        ProfileEditor editor(&f.auth, std::nullopt);
        editor.show();
        const QJsonObject msp = f.provider("druva-msp");
        type(editor, "nameEdit", QStringLiteral("Prod MSP"));
        type(editor, "clientIdEdit", msp.value("client_id").toString());
        type(editor, "secretEdit", msp.value("client_secret").toString());
        auto *save = editor.findChild<QPushButton *>("saveButton");
        QVERIFY2(save->isEnabled(), qPrintable(editor.problem()));
        QTest::mouseClick(save, Qt::LeftButton);
        QTRY_VERIFY(noticeText(editor, "validationNotice").startsWith(QLatin1String("Not saved")));
        QVERIFY(noticeText(editor, "validationNotice").contains(QLatin1String("dismissed")));
        QVERIFY(editor.isVisible());
        QVERIFY(save->isEnabled()); // try again
        QCOMPARE(f.store.profiles().size(), 0);
        // It goes once the user changes something.
        type(editor, "nameEdit", QStringLiteral("Prod MSP 2"));
        QVERIFY(!noticeText(editor, "validationNotice").startsWith(QLatin1String("Not saved")));
    }

    void noKeychainIsSaidBeforeTheSecretIsTyped()
    {
        GuiFixture f; // in-memory secrets: what the app falls back to without a keychain
        ProfileEditor editor(&f.auth, std::nullopt);
        editor.show();
        QVERIFY(!f.secrets.persistent());
        QVERIFY2(noticeText(editor, "keychainNotice").contains(QLatin1String("No keychain")),
                 qPrintable(noticeText(editor, "keychainNotice")));
    }

    // A profile whose client signs JWT assertions (set up with the CLI) keeps its method when
    // it is edited here: the combo lists both JWT methods.
    void jwtClientAuthSurvivesAnEdit()
    {
        GuiFixture f;
        for (const ClientAuth method : {ClientAuth::ClientSecretJwt, ClientAuth::PrivateKeyJwt}) {
            Profile p = Profile::preset(ProviderKind::OAuth2);
            p.name = QStringLiteral("jwt %1").arg(int(method));
            p.tokenUrl = QUrl(f.provider("oauth2").value("token_url").toString());
            p.apiBase = QUrl(f.provider("oauth2").value("api_base").toString());
            p.clientId = QStringLiteral("jwt-client");
            p.clientAuth = method;
            ProfileEditor editor(&f.auth, p);
            auto *combo = editor.findChild<QComboBox *>("clientAuthCombo");
            QCOMPARE(combo->currentData().toInt(), int(method));
            QCOMPARE(editor.profile().clientAuth, method);
        }
    }

    // `auto` and a secret command are settings of the profile like any other: the editor shows
    // and keeps them, and neither asks for a typed secret.
    void automaticClientAuthAndSecretCommandRoundTrip()
    {
        GuiFixture f;
        Profile p = Profile::preset(ProviderKind::OAuth2);
        p.name = QStringLiteral("auto");
        p.issuer = QUrl(f.provider("oauth2").value("issuer").toString());
        p.clientId = QStringLiteral("client");
        p.clientAuthAuto = true;
        p.secretCommand = {QStringLiteral("pass"), QStringLiteral("show"),
                           QStringLiteral("team/oauth client")};
        p = f.add(p, {});
        ProfileEditor editor(&f.auth, p);
        auto *auth = editor.findChild<QComboBox *>("clientAuthCombo");
        auto *command = editor.findChild<QLineEdit *>("secretCommandEdit");
        QVERIFY(auth->currentText().startsWith(QLatin1String("Automatic")));
        QCOMPARE(command->text(), QStringLiteral("pass show \"team/oauth client\""));
        QVERIFY(command->isVisibleTo(&editor));
        const Profile kept = editor.profile();
        QVERIFY(kept.clientAuthAuto);
        QCOMPARE(kept.secretCommand, p.secretCommand);
        QVERIFY2(editor.problem().isEmpty(), qPrintable(editor.problem()));

        // A command line that names no program is said; clearing it asks for the secret again.
        select(auth, int(ClientAuth::ClientSecretPost));
        QVERIFY(!editor.profile().clientAuthAuto);
        command->setText(QStringLiteral("\"  \" show"));
        QVERIFY(!editor.problem().isEmpty());
        command->clear();
        QVERIFY(editor.profile().secretCommand.isEmpty());
        QVERIFY2(editor.problem().contains(QLatin1String("secret")), qPrintable(editor.problem()));
        // Unused, the command row stays out of the way until the secret field's action asks.
        auto *useCommand = editor.findChild<QAction *>("useSecretCommandAction");
        useCommand->setChecked(false);
        QVERIFY(!command->isVisibleTo(&editor));
        useCommand->setChecked(true);
        QVERIFY(command->isVisibleTo(&editor));
        // A public client has no secret, so no command either.
        select(auth, int(ClientAuth::None));
        QVERIFY(!command->isVisibleTo(&editor));
    }

    void cliOnlyFieldsAreEditable()
    {
        GuiFixture f;
        QTemporaryFile ca;
        QVERIFY(ca.open());
        ca.write("-----BEGIN CERTIFICATE-----\n");
        ca.close();
        ProfileEditor editor(&f.auth, std::nullopt);
        select(editor.findChild<QComboBox *>("kindCombo"), int(ProviderKind::OAuth2));
        const QJsonObject oauth = f.provider("oauth2");
        type(editor, "nameEdit", QStringLiteral("With extras"));
        type(editor, "tokenUrlEdit", oauth.value("token_url").toString());
        type(editor, "clientIdEdit", oauth.value("client_id").toString());
        type(editor, "secretEdit", oauth.value("client_secret").toString());
        type(editor, "resourceEdit", QStringLiteral("https://api.example.com"));
        type(editor, "caFileEdit", ca.fileName());
        auto *extra = editor.findChild<QPlainTextEdit *>("extraParamsEdit");
        QVERIFY(extra && extra->isVisibleTo(&editor));
        extra->setPlainText(QStringLiteral("tenant=acme\nbroken line"));
        QVERIFY(editor.problem().contains(QLatin1String("line 2")));
        auto *save = editor.findChild<QPushButton *>("saveButton");
        QVERIFY(!save->isEnabled());
        QVERIFY2(save->toolTip().contains(QLatin1String("line 2")), qPrintable(save->toolTip()));
        extra->setPlainText(QStringLiteral("tenant=acme\nprompt=none"));
        QVERIFY2(save->isEnabled(), qPrintable(editor.problem()));
        QTest::mouseClick(save, Qt::LeftButton);
        QTRY_COMPARE(f.store.profiles().size(), 1);
        const Profile saved = f.store.profiles().first();
        QCOMPARE(saved.resource, QStringLiteral("https://api.example.com"));
        QCOMPARE(saved.options.caFile, ca.fileName());
        QCOMPARE(saved.extraParams.size(), 2);
        QCOMPARE(saved.extraParams.at(1),
                 qMakePair(QStringLiteral("prompt"), QStringLiteral("none")));

        // Editing shows them again.
        ProfileEditor again(&f.auth, saved);
        QCOMPARE(again.findChild<QLineEdit *>("resourceEdit")->text(), saved.resource);
        QCOMPARE(again.findChild<QLineEdit *>("caFileEdit")->text(), ca.fileName());
        QCOMPARE(again.findChild<QPlainTextEdit *>("extraParamsEdit")->toPlainText(),
                 QStringLiteral("tenant=acme\nprompt=none"));
        QVERIFY(!again.hasChanges());
    }

    void staleResultsGoWhenTheFieldsChange()
    {
        GuiFixture f;
        ProfileEditor editor(&f.auth, std::nullopt);
        editor.show();
        select(editor.findChild<QComboBox *>("kindCombo"), int(ProviderKind::Oidc));
        const QJsonObject oidc = f.provider("oidc");
        type(editor, "nameEdit", QStringLiteral("Portal"));
        type(editor, "issuerEdit", oidc.value("issuer").toString());
        type(editor, "clientIdEdit", oidc.value("client_id").toString());
        type(editor, "secretEdit", oidc.value("client_secret").toString());
        auto *discovered = editor.findChild<QLabel *>("discoveryLabel");
        QTest::mouseClick(editor.findChild<QPushButton *>("discoverButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(discovered->text().startsWith(QLatin1String("Token endpoint")),
                                 20000);
        auto *test = editor.findChild<QPushButton *>("testButton");
        QTest::mouseClick(test, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(test->isEnabled(), 20000);
        QVERIFY(!noticeText(editor, "testResult").isEmpty());

        // Another issuer: neither the discovery nor the test describes it.
        QTest::keyClicks(editor.findChild<QLineEdit *>("issuerEdit"), QStringLiteral("/other"));
        QCOMPARE(noticeText(editor, "testResult"), QString());
        QVERIFY(discovered->text().isEmpty() || !discovered->isVisibleTo(&editor));

        QTest::mouseClick(test, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(test->isEnabled(), 20000);
        QVERIFY(!noticeText(editor, "testResult").isEmpty());
        select(editor.findChild<QComboBox *>("kindCombo"), int(ProviderKind::OAuth2));
        QCOMPARE(noticeText(editor, "testResult"), QString());
    }

    void commvaultFieldsShareTheFormsLeftEdge()
    {
        GuiFixture f;
        ProfileEditor editor(&f.auth, std::nullopt);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        select(editor.findChild<QComboBox *>("kindCombo"), int(ProviderKind::Commvault));
        QApplication::processEvents();
        QWidget *apiBase = editor.findChild<QLineEdit *>("apiBaseEdit");
        QList<QLineEdit *> inner;
        for (QLineEdit *edit : editor.findChildren<QLineEdit *>()) {
            if (edit->isVisibleTo(&editor) && edit->parentWidget() != &editor &&
                edit->parentWidget()->objectName() != QLatin1String("qt_spinbox_lineedit") &&
                !qobject_cast<QAbstractSpinBox *>(edit->parentWidget()))
                inner << edit;
        }
        QVERIFY(!inner.isEmpty());
        const int left = apiBase->mapTo(&editor, QPoint()).x();
        for (QLineEdit *edit : std::as_const(inner)) {
            if (edit == apiBase || edit->parentWidget()->inherits("tw::SecretField"))
                continue;
            if (edit->objectName() == QLatin1String("caFileEdit"))
                continue;
            QCOMPARE(edit->mapTo(&editor, QPoint()).x(), left);
        }
    }

    void disabledButtonsSayWhy()
    {
        GuiFixture f;
        ProfileEditor editor(&f.auth, std::nullopt);
        auto *save = editor.findChild<QPushButton *>("saveButton");
        auto *test = editor.findChild<QPushButton *>("testButton");
        QVERIFY(!save->isEnabled());
        QVERIFY2(save->toolTip().contains(editor.problem()), qPrintable(save->toolTip()));
        QVERIFY(!test->isEnabled());
        QVERIFY2(test->toolTip().startsWith(QLatin1String("Not ready to test")),
                 qPrintable(test->toolTip()));
    }

    void keychainWriteIsAnnouncedBeforeItsPrompt()
    {
        QTemporaryDir dir;
        KeychainLikeStore secrets;
        ProfileStore store(dir.path());
        ProfileService service(store, secrets);
        AuthManager auth(&store, &service);
        ProfileEditor editor(&auth, std::nullopt);
        editor.show();
        QCOMPARE(noticeText(editor, "keychainNotice"), QString()); // a keychain: nothing to warn
        type(editor, "nameEdit", QStringLiteral("Prod MSP"));
        type(editor, "clientIdEdit", QStringLiteral("id"));
        type(editor, "secretEdit", QStringLiteral("secret"));
        auto *save = editor.findChild<QPushButton *>("saveButton");
        QVERIFY2(save->isEnabled(), qPrintable(editor.problem()));
        QTest::mouseClick(save, Qt::LeftButton);
        // Said while the write (and the desktop's unlock prompt, if any) is under way.
        QVERIFY2(noticeText(editor, "validationNotice").contains(QLatin1String("keychain")),
                 qPrintable(noticeText(editor, "validationNotice")));
        QTRY_COMPARE(store.profiles().size(), 1);
    }

    void presetsFillTheUrlsPerKindAndRegion()
    {
        GuiFixture f;
        ProfileEditor editor(&f.auth, std::nullopt);
        auto *kind = editor.findChild<QComboBox *>("kindCombo");
        auto *tokenUrl = editor.findChild<QLineEdit *>("tokenUrlEdit");
        QCOMPARE(tokenUrl->text(), QStringLiteral("https://apis.druva.com/msp/auth/v1/token"));

        select(kind, int(ProviderKind::Druva));
        QCOMPARE(tokenUrl->text(), QStringLiteral("https://apis.druva.com/token"));
        QCOMPARE(editor.findChild<QLineEdit *>("scopeEdit")->text(), QStringLiteral("read"));
    }

    void govCloudRegion()
    {
        GuiFixture f;
        ProfileEditor editor(&f.auth, std::nullopt);
        select(editor.findChild<QComboBox *>("kindCombo"), int(ProviderKind::Druva));
        editor.findChild<QComboBox *>("regionCombo")->setCurrentIndex(1);
        QCOMPARE(editor.profile().tokenUrl, QUrl("https://govcloudapis.druva.com/token"));
        QCOMPARE(editor.profile().apiBase, QUrl("https://govcloudapis.druva.com"));
        QCOMPARE(editor.profile().clientAuth, ClientAuth::BasicRaw);

        select(editor.findChild<QComboBox *>("kindCombo"), int(ProviderKind::Oidc));
        QCOMPARE(editor.profile().issuer, QUrl("https://login.backup.net"));
        QCOMPARE(editor.profile().clientAuth, ClientAuth::ClientSecretPost);
    }

    void validationExplainsWhatIsWrong()
    {
        GuiFixture f;
        ProfileEditor editor(&f.auth, std::nullopt);
        auto *save = editor.findChild<QPushButton *>("saveButton");
        type(editor, "nameEdit", QStringLiteral("Plain"));
        type(editor, "clientIdEdit", QStringLiteral("id"));
        type(editor, "secretEdit", QStringLiteral("s"));
        QVERIFY2(save->isEnabled(), qPrintable(editor.problem()));

        type(editor, "tokenUrlEdit", QStringLiteral("http://example.com/token"));
        QVERIFY(!save->isEnabled());
        QVERIFY2(noticeText(editor, "validationNotice").contains("plain HTTP"),
                 qPrintable(noticeText(editor, "validationNotice")));
        editor.findChild<QCheckBox *>("allowHttpCheck")->setChecked(true);
        QVERIFY(save->isEnabled());

        type(editor, "tokenUrlEdit", QStringLiteral("http://127.0.0.1:9/token")); // loopback
        editor.findChild<QCheckBox *>("allowHttpCheck")->setChecked(false);
        QVERIFY(save->isEnabled());

        type(editor, "tokenUrlEdit", QStringLiteral("ftp://x"));
        QVERIFY(!save->isEnabled());

        // Names are unique.
        f.addProfile(ProviderKind::Druva, "druva", QStringLiteral("Taken"));
        type(editor, "tokenUrlEdit", QStringLiteral("https://example.com/token"));
        type(editor, "nameEdit", QStringLiteral("Taken"));
        QVERIFY(!save->isEnabled());
    }

    void secretIsMaskedUntilRevealed()
    {
        GuiFixture f;
        ProfileEditor editor(&f.auth, std::nullopt);
        auto *secret = editor.findChild<SecretField *>("secretEdit");
        QCOMPARE(secret->echoMode(), QLineEdit::Password);
        auto *reveal = secret->findChild<QAction *>("revealAction");
        QVERIFY(reveal);
        reveal->trigger();
        QCOMPARE(secret->echoMode(), QLineEdit::Normal);
        reveal->trigger();
        QCOMPARE(secret->echoMode(), QLineEdit::Password);
    }

    void discoverShowsTheTokenEndpointAndMethods()
    {
        GuiFixture f;
        ProfileEditor editor(&f.auth, std::nullopt);
        select(editor.findChild<QComboBox *>("kindCombo"), int(ProviderKind::Oidc));
        const QString issuer = f.provider("oidc").value("issuer").toString();
        type(editor, "issuerEdit", issuer);
        QTest::mouseClick(editor.findChild<QPushButton *>("discoverButton"), Qt::LeftButton);
        auto *label = editor.findChild<QLabel *>("discoveryLabel");
        QTRY_VERIFY2(label->text().contains(issuer + QStringLiteral("/connect/token")),
                     qPrintable(label->text()));
        QVERIFY(label->text().contains(QStringLiteral("client_secret_post")));
    }

    void testFetchesATokenOrShowsTheExactError()
    {
        GuiFixture f;
        ProfileEditor editor(&f.auth, std::nullopt);
        const QJsonObject msp = f.provider("druva-msp");
        type(editor, "nameEdit", QStringLiteral("MSP"));
        type(editor, "tokenUrlEdit", msp.value("token_url").toString());
        type(editor, "apiBaseEdit", msp.value("api_base").toString());
        type(editor, "clientIdEdit", msp.value("client_id").toString());
        type(editor, "secretEdit", msp.value("client_secret").toString());
        auto *test = editor.findChild<QPushButton *>("testButton");
        QTest::mouseClick(test, Qt::LeftButton);
        QTRY_VERIFY2(noticeText(editor, "testResult").startsWith("Token received"),
                     qPrintable(noticeText(editor, "testResult")));
        QCOMPARE(f.sandbox.requestCount("druva-msp.token"), 1);
        QVERIFY(f.store.profiles().isEmpty()); // nothing saved

        // RFC 6749 form-encoded Basic differs for this secret: Druva refuses it.
        select(editor.findChild<QComboBox *>("clientAuthCombo"),
               int(ClientAuth::ClientSecretBasic));
        QTRY_VERIFY(test->isEnabled());
        QTest::mouseClick(test, Qt::LeftButton);
        QTRY_VERIFY(noticeText(editor, "testResult") != QStringLiteral("Fetching a token…") &&
                    !noticeText(editor, "testResult").startsWith("Token received"));
        const QString error = noticeText(editor, "testResult");
        QVERIFY2(error.contains("HTTP 401") && error.contains("invalid_client"), qPrintable(error));
    }

    void grantAndKeyFieldsShowOnlyWhereTheyApply()
    {
        GuiFixture f;
        ProfileEditor editor(&f.auth, std::nullopt);
        auto shown = [&editor](const char *name) {
            auto *widget = editor.findChild<QWidget *>(name);
            return widget && widget->isVisibleTo(&editor);
        };
        // Druva: no grant choice, no key, a secret.
        QVERIFY(!shown("grantCombo"));
        QVERIFY(shown("secretEdit"));
        QVERIFY(!shown("privateKeyEdit"));
        QVERIFY(!shown("revocationUrlEdit"));

        select(editor.findChild<QComboBox *>("kindCombo"), int(ProviderKind::OAuth2));
        auto *grant = editor.findChild<QComboBox *>("grantCombo");
        QVERIFY(shown("grantCombo"));
        QCOMPARE(grant->count(), 3);
        QVERIFY(!shown("redirectPortSpin"));
        QCOMPARE(grant->currentData().toInt(), int(Grant::ClientCredentials));
        QVERIFY(shown("revocationUrlEdit"));
        QVERIFY(shown("introspectionUrlEdit"));
        auto *auth = editor.findChild<QComboBox *>("clientAuthCombo");
        // Every method the core knows is offered.
        for (const QString &name : allClientAuthNames())
            QVERIFY2(auth->findData(int(*clientAuthFromString(name))) >= 0, qPrintable(name));

        select(auth, int(ClientAuth::PrivateKeyJwt));
        QVERIFY(!shown("secretEdit")); // hidden, not just disabled
        QVERIFY(shown("privateKeyEdit"));
        QVERIFY(shown("loadKeyButton"));
        QVERIFY(shown("keyIdEdit"));
        QVERIFY(shown("signingAlgCombo"));

        select(auth, int(ClientAuth::None));
        QVERIFY(!shown("secretEdit"));
        QVERIFY(!shown("privateKeyEdit"));

        select(auth, int(ClientAuth::ClientSecretJwt));
        QVERIFY(shown("secretEdit"));
        QVERIFY(!shown("signingAlgCombo"));

        // The device grant needs discovery for its device endpoint.
        select(grant, int(Grant::DeviceCode));
        select(auth, int(ClientAuth::None));
        type(editor, "nameEdit", QStringLiteral("Device"));
        type(editor, "clientIdEdit", QString::fromLatin1(tw::sandbox::demo::OAuth2PublicClientId));
        type(editor, "tokenUrlEdit", f.provider("oauth2").value("token_url").toString());
        QVERIFY2(editor.problem().contains(QLatin1String("issuer")), qPrintable(editor.problem()));
        type(editor, "issuerEdit", f.provider("oauth2").value("issuer").toString());
        QVERIFY2(editor.problem().isEmpty(), qPrintable(editor.problem()));
        QCOMPARE(editor.profile().grant, Grant::DeviceCode);
        // The browser sign-in: its own row, and discovery for the sign-in page.
        select(grant, int(Grant::AuthorizationCode));
        QVERIFY(shown("redirectPortSpin"));
        QVERIFY(shown("promptCombo"));
        QVERIFY(shown("loginHintEdit"));
        editor.findChild<QSpinBox *>("redirectPortSpin")->setValue(8765);
        editor.findChild<QComboBox *>("promptCombo")->setCurrentText(QStringLiteral("consent"));
        type(editor, "loginHintEdit", QStringLiteral("ann@example.com"));
        QVERIFY2(editor.problem().isEmpty(), qPrintable(editor.problem()));
        const Profile browser = editor.profile();
        QCOMPARE(browser.grant, Grant::AuthorizationCode);
        QCOMPARE(browser.redirectPort, 8765);
        QCOMPARE(browser.prompt, QStringLiteral("consent"));
        QCOMPARE(browser.loginHint, QStringLiteral("ann@example.com"));
        editor.findChild<QSpinBox *>("redirectPortSpin")->setValue(80); // a privileged port
        QVERIFY2(editor.problem().contains(QLatin1String("redirect port")),
                 qPrintable(editor.problem()));
        editor.findChild<QSpinBox *>("redirectPortSpin")->setValue(0);
        QCOMPARE(editor.findChild<QSpinBox *>("redirectPortSpin")->text(),
                 QStringLiteral("any free port"));
        // Another grant takes none of it along.
        select(grant, int(Grant::DeviceCode));
        QVERIFY(!shown("redirectPortSpin"));
        QVERIFY(editor.profile().loginHint.isEmpty());
        // Back to Druva: the grant is not an option there.
        select(editor.findChild<QComboBox *>("kindCombo"), int(ProviderKind::Druva));
        QVERIFY(!shown("grantCombo"));
        QCOMPARE(editor.profile().grant, Grant::ClientCredentials);
    }

    void theFullestOAuthFormFitsA1280By720Screen()
    {
        GuiFixture f; // no keychain: its notice takes room too
        ProfileEditor editor(&f.auth, std::nullopt);
        select(editor.findChild<QComboBox *>("kindCombo"), int(ProviderKind::OAuth2));
        select(editor.findChild<QComboBox *>("grantCombo"), int(Grant::AuthorizationCode));
        select(editor.findChild<QComboBox *>("clientAuthCombo"), int(ClientAuth::PrivateKeyJwt));
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        // 720 less a title bar and a panel; below its minimum the fields would overlap.
        QVERIFY2(editor.minimumSizeHint().height() <= 660,
                 qPrintable(QString::number(editor.minimumSizeHint().height())));
        QVERIFY(editor.height() >= editor.minimumSizeHint().height());
    }

    void privateKeyIsCheckedAndStoredInTheKeychainOnly()
    {
        GuiFixture f;
        ProfileEditor editor(&f.auth, std::nullopt);
        editor.show();
        QVERIFY(QTest::qWaitForWindowActive(&editor));
        const QJsonObject oauth = f.provider("oauth2");
        select(editor.findChild<QComboBox *>("kindCombo"), int(ProviderKind::OAuth2));
        type(editor, "nameEdit", QStringLiteral("Signed"));
        type(editor, "issuerEdit", oauth.value("issuer").toString());
        type(editor, "clientIdEdit", oauth.value("jwt_rsa_client_id").toString());
        select(editor.findChild<QComboBox *>("clientAuthCombo"), int(ClientAuth::PrivateKeyJwt));
        auto *save = editor.findChild<QPushButton *>("saveButton");
        auto *key = editor.findChild<QPlainTextEdit *>("privateKeyEdit");
        auto *state = editor.findChild<QLabel *>("keyStateLabel");
        QVERIFY(!save->isEnabled());
        QVERIFY2(editor.problem().contains(QLatin1String("private key")),
                 qPrintable(editor.problem()));

        key->setPlainText(QStringLiteral("-----BEGIN PRIVATE KEY-----\nnot a key\n"
                                         "-----END PRIVATE KEY-----"));
        QVERIFY2(editor.problem().contains(QLatin1String("does not parse")),
                 qPrintable(editor.problem()));
        QVERIFY(state->text().contains(QLatin1String("does not parse")));
        QVERIFY(!save->isEnabled());

        // An RSA key cannot sign ES256: said before anything is stored.
        key->setPlainText(QString::fromLatin1(tw::sandbox::demo::JwtRsaPrivateKey));
        select(editor.findChild<QComboBox *>("signingAlgCombo"), int(SigningAlg::ES256));
        QVERIFY2(editor.problem().contains(QLatin1String("ES256 needs an EC P-256 key")),
                 qPrintable(editor.problem()));
        QVERIFY(!save->isEnabled());
        select(editor.findChild<QComboBox *>("signingAlgCombo"), int(SigningAlg::PS256));
        QVERIFY2(editor.problem().isEmpty(), qPrintable(editor.problem()));
        QVERIFY2(state->text().contains(QLatin1String("RSA key: signs with PS256")),
                 qPrintable(state->text()));

        // Load from file…: a file dialog (non-modal), then the file's key replaces the text.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("ec.pem"));
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(tw::sandbox::demo::JwtEcPrivateKey);
        }
        QTest::mouseClick(editor.findChild<QPushButton *>("loadKeyButton"), Qt::LeftButton);
        QFileDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = editor.findChild<QFileDialog *>("keyFileDialog")));
        Q_EMIT dialog->fileSelected(path);
        dialog->close();
        QCOMPARE(key->toPlainText().trimmed(),
                 QString::fromLatin1(tw::sandbox::demo::JwtEcPrivateKey).trimmed());
        // The EC key does not fit PS256 either; Auto follows the key.
        QVERIFY2(editor.problem().contains(QLatin1String("PS256 needs an RSA key")),
                 qPrintable(editor.problem()));
        select(editor.findChild<QComboBox *>("signingAlgCombo"), int(SigningAlg::Auto));
        QVERIFY2(state->text().contains(QLatin1String("EC P-256 key: signs with ES256")),
                 qPrintable(state->text()));

        // A file that is too large is refused with its own message; the key stays.
        const QString big = dir.filePath(QStringLiteral("big.pem"));
        {
            QFile file(big);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(QByteArray(70 * 1024, 'A'));
        }
        QTest::mouseClick(editor.findChild<QPushButton *>("loadKeyButton"), Qt::LeftButton);
        QTRY_VERIFY((dialog = editor.findChild<QFileDialog *>("keyFileDialog")));
        Q_EMIT dialog->fileSelected(big);
        dialog->close();
        QVERIFY2(editor.problem().contains(QLatin1String("larger than 64 KiB")),
                 qPrintable(editor.problem()));

        // Back to the RSA key the sandbox knows, with its key id: Test signs a real assertion.
        key->setPlainText(QString::fromLatin1(tw::sandbox::demo::JwtRsaPrivateKey));
        type(editor, "keyIdEdit", QString::fromLatin1(tw::sandbox::demo::JwtRsaKeyId));
        QVERIFY2(editor.problem().isEmpty(), qPrintable(editor.problem()));
        QTest::mouseClick(editor.findChild<QPushButton *>("testButton"), Qt::LeftButton);
        QTRY_VERIFY2_WITH_TIMEOUT(noticeText(editor, "testResult").startsWith("Token received"),
                                  qPrintable(noticeText(editor, "testResult")), 15000);

        QTRY_VERIFY(save->isEnabled());
        QTest::mouseClick(save, Qt::LeftButton);
        QTRY_COMPARE(f.store.profiles().size(), 1);
        const Profile saved = f.store.profiles().first();
        QCOMPARE(saved.clientAuth, ClientAuth::PrivateKeyJwt);
        QCOMPARE(saved.keyId, QString::fromLatin1(tw::sandbox::demo::JwtRsaKeyId));
        QCOMPARE(saved.signingAlg, SigningAlg::Auto);
        QCOMPARE(f.secrets.readNow(saved.secretKey(SecretEntry::PrivateKey)).value().trimmed(),
                 QByteArray(tw::sandbox::demo::JwtRsaPrivateKey).trimmed());
        QVERIFY(!f.secrets.contains(saved.secretKey(SecretEntry::ClientSecret)));
        // The key is in no file.
        QFile json(f.store.dir() + QStringLiteral("/profiles.json"));
        QVERIFY(json.open(QIODevice::ReadOnly));
        const QByteArray written = json.readAll();
        QVERIFY(!written.contains("PRIVATE KEY"));
        QVERIFY(!written.contains("MIIEvAIBADANBgkqhkiG9w0BAQEFAASC"));

        // Editing keeps the stored key unless a new one is given.
        ProfileEditor again(&f.auth, saved);
        QVERIFY(again.problem().isEmpty());
        QVERIFY(again.secrets().isEmpty());
        QVERIFY(!again.hasChanges());
        QVERIFY(
            again.findChild<QLabel *>("keyStateLabel")->text().contains("stored in the keychain"));
    }

    void aCopyStartsWithTheSettingsAndSaysSecretsWereNotCopied()
    {
        GuiFixture f;
        const Profile source = f.addProfile(ProviderKind::Oidc, "oidc", QStringLiteral("Portal"));
        const Profile copy = duplicateProfile(source, f.store.profiles());
        QCOMPARE(copy.name, QStringLiteral("Portal (copy)"));
        QVERIFY(copy.secretKeys.isEmpty());
        ProfileEditor editor(&f.auth, std::nullopt);
        editor.startFromCopy(copy, source.name);
        QVERIFY(!editor.isEditing());
        QCOMPARE(editor.findChild<QLineEdit *>("nameEdit")->text(),
                 QStringLiteral("Portal (copy)"));
        QCOMPARE(editor.profile().issuer, source.issuer);
        QCOMPARE(editor.profile().clientId, source.clientId);
        QVERIFY(noticeText(editor, "copyNotice").contains(QLatin1String("not copied")));
        // No secret yet: it must be typed.
        QCOMPARE(editor.problem(), QStringLiteral("Enter the client secret."));
        type(editor, "secretEdit", f.provider("oidc").value("client_secret").toString());
        QVERIFY2(editor.problem().isEmpty(), qPrintable(editor.problem()));
        QTest::mouseClick(editor.findChild<QPushButton *>("saveButton"), Qt::LeftButton);
        QTRY_COMPARE(f.store.profiles().size(), 2);
        const auto saved = f.store.find(QStringLiteral("Portal (copy)"));
        QVERIFY(saved);
        QVERIFY(saved->id != source.id);
        QVERIFY(f.secrets.contains(saved->secretKey(SecretEntry::ClientSecret)));
        // A second copy gets the next free name.
        QCOMPARE(duplicateProfile(source, f.store.profiles()).name,
                 QStringLiteral("Portal (copy 2)"));
    }

    void commvaultAccessTokenBecomesOnePairEntry()
    {
        GuiFixture f;
        ProfileEditor editor(&f.auth, std::nullopt);
        select(editor.findChild<QComboBox *>("kindCombo"), int(ProviderKind::Commvault));
        type(editor, "nameEdit", QStringLiteral("CV"));
        type(editor, "apiBaseEdit", f.provider("commvault").value("api_base").toString());
        QVERIFY(!editor.problem().isEmpty()); // no token yet
        type(editor, "cvAccessTokenEdit", QStringLiteral("access-1"));
        QVERIFY(!editor.problem().isEmpty()); // All scope needs the refresh token too
        type(editor, "cvRefreshTokenEdit", QStringLiteral("refresh-1"));
        QVERIFY2(editor.problem().isEmpty(), qPrintable(editor.problem()));
        const auto secrets = editor.secrets();
        QVERIFY(secrets.contains(SecretEntry::CommvaultPair));
        const auto pair = CommvaultPair::fromJson(
            QJsonDocument::fromJson(secrets.value(SecretEntry::CommvaultPair)).object());
        QVERIFY(pair);
        QCOMPARE(pair->accessToken, QStringLiteral("access-1"));
        QCOMPARE(pair->refreshToken, QStringLiteral("refresh-1"));
        QVERIFY(pair->renewableUntil.isValid());

        select(editor.findChild<QComboBox *>("cvModeCombo"), int(CommvaultMode::LoginSession));
        type(editor, "cvUsernameEdit", QStringLiteral("admin"));
        type(editor, "cvPasswordEdit", QStringLiteral("pw"));
        QVERIFY2(editor.problem().isEmpty(), qPrintable(editor.problem()));
        QCOMPARE(editor.secrets().value(SecretEntry::Password), QByteArray("pw"));
        QCOMPARE(editor.profile().commvault.mode, CommvaultMode::LoginSession);
    }
};

QTEST_MAIN(TestProfileEditor)
#include "tst_profileeditor.moc"
