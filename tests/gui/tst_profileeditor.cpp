#include "guifixture.h"

#include "auth/commvaultpair.h"
#include "ui/common/noticebar.h"
#include "ui/profiles/profileeditor.h"
#include "ui/profiles/secretfield.h"

#include <QAbstractSpinBox>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
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
