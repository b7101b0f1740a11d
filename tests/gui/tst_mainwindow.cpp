#include "guifixture.h"

#include "clipboard.h"
#include "mainactions.h"
#include "mainwindow.h"
#include "pendingremoval.h"
#include "profileeditor.h"
#include "profiletab.h"
#include "tokenpanel.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QMimeData>
#include <QPointer>
#include <QPushButton>
#include <QTreeView>

using namespace tw;

namespace {
QLabel *countdown(MainWindow &window)
{
    return window.findChild<QLabel *>(QStringLiteral("countdownLabel"));
}

bool hasToken(AuthManager &auth, const QUuid &id)
{
    AuthSession *session = auth.session(id);
    return session && session->token().has_value();
}

// A tab the Console/Customers engineers would add: it only records what it is told.
class RecordingTab : public QWidget, public ProfileTab
{
public:
    void setProfile(const QUuid &id) override { profiles << id; }
    void tick() override { ++ticks; }
    QList<QUuid> profiles;
    int ticks = 0;
};
} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void createProfileThroughTheEditor()
    {
        GuiFixture f;
        MainWindow window(&f.auth, &f.settings);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        window.newProfile();
        ProfileEditor *editor = window.openEditor();
        QVERIFY(editor);
        QCOMPARE(editor->findChild<QComboBox *>("kindCombo")->currentData().toInt(),
                 int(ProviderKind::DruvaMsp));
        auto *save = editor->findChild<QPushButton *>("saveButton");
        QVERIFY(!save->isEnabled()); // no name, no client id yet

        const QJsonObject msp = f.provider("druva-msp");
        auto type = [editor](const char *name, const QString &text) {
            auto *edit = editor->findChild<QLineEdit *>(name);
            QVERIFY2(edit, name);
            edit->clear();
            QTest::keyClicks(edit, text);
        };
        type("nameEdit", QStringLiteral("Prod MSP"));
        type("tokenUrlEdit", msp.value("token_url").toString());
        type("apiBaseEdit", msp.value("api_base").toString());
        type("clientIdEdit", msp.value("client_id").toString());
        QVERIFY(!save->isEnabled()); // the secret is missing
        type("secretEdit", msp.value("client_secret").toString());
        QVERIFY2(save->isEnabled(), qPrintable(editor->problem()));
        QTest::mouseClick(save, Qt::LeftButton);

        QTRY_COMPARE(f.store.profiles().size(), 1);
        const Profile saved = f.store.profiles().first();
        QCOMPARE(saved.name, QStringLiteral("Prod MSP"));
        QCOMPARE(saved.clientAuth, ClientAuth::BasicRaw);
        QCOMPARE(f.secrets.readNow(saved.secretKey(SecretEntry::ClientSecret)).value(),
                 msp.value("client_secret").toString().toUtf8());
        QTRY_VERIFY(!window.openEditor());
        QCOMPARE(window.currentProfileId(), saved.id);
        QTRY_VERIFY(hasToken(f.auth, saved.id)); // selecting fetches
        QTRY_VERIFY(countdown(window)->text().contains(QLatin1Char(':')));
        QVERIFY(countdown(window)->text() != QStringLiteral("--:--"));
    }

    void editProfileThroughTheEditor()
    {
        GuiFixture f;
        const Profile p = f.addProfile(ProviderKind::Druva, "druva", QStringLiteral("Cloud"));
        MainWindow window(&f.auth, &f.settings);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        window.selectProfile(p.id);
        QTRY_VERIFY(hasToken(f.auth, p.id));
        QPointer<AuthSession> before = f.auth.session(p.id);

        QTest::keyClick(&window, Qt::Key_E, Qt::ControlModifier);
        ProfileEditor *editor = window.openEditor();
        QVERIFY(editor);
        QVERIFY(editor->isEditing());
        auto *name = editor->findChild<QLineEdit *>("nameEdit");
        QCOMPARE(name->text(), QStringLiteral("Cloud"));
        name->clear();
        QTest::keyClicks(name, QStringLiteral("Cloud renamed"));
        auto *save = editor->findChild<QPushButton *>("saveButton");
        QVERIFY2(save->isEnabled(), qPrintable(editor->problem())); // empty secret = keep
        QTest::mouseClick(save, Qt::LeftButton);

        QTRY_COMPARE(f.store.find(p.id)->name, QStringLiteral("Cloud renamed"));
        QCOMPARE(f.secrets.readNow(p.secretKey(SecretEntry::ClientSecret)).value(),
                 QByteArray(tw::sandbox::demo::DruvaSecret));
        // The engine forgot the old session; the panel took the new one and fetched again.
        QTRY_VERIFY(before.isNull());
        QTRY_VERIFY(hasToken(f.auth, p.id));
    }

    void removeProfileWithConfirmationAndUndo()
    {
        GuiFixture f;
        const Profile a = f.addProfile(ProviderKind::Druva, "druva", QStringLiteral("A"));
        const Profile b = f.addProfile(ProviderKind::OAuth2, "oauth2", QStringLiteral("B"));
        MainWindow window(&f.auth, &f.settings);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        window.pendingRemoval()->setDelayMs(300);
        window.selectProfile(a.id);
        auto *list = window.findChild<QTreeView *>("profileList");
        list->setFocus();

        auto confirm = [&window](QMessageBox::StandardButton button) {
            QMessageBox *box = nullptr;
            QTRY_VERIFY((box = window.findChild<QMessageBox *>("confirmRemove")));
            QTest::mouseClick(box->button(button), Qt::LeftButton);
        };
        // Cancel keeps it.
        QTest::keyClick(list, Qt::Key_Delete);
        confirm(QMessageBox::Cancel);
        QVERIFY(window.pendingRemoval()->pendingIds().isEmpty());

        // Yes hides it at once; Undo brings it back before the real removal.
        window.pendingRemoval()->setDelayMs(5000);
        QTest::keyClick(list, Qt::Key_Delete);
        confirm(QMessageBox::Yes);
        QTRY_VERIFY(window.pendingRemoval()->pendingIds().contains(a.id));
        QVERIFY(
            !list->model()
                 ->match(list->model()->index(0, 0), Qt::DisplayRole, "B", 1, Qt::MatchRecursive)
                 .isEmpty());
        QVERIFY(list->model()
                    ->match(list->model()->index(0, 0), Qt::DisplayRole, "A", 1, Qt::MatchRecursive)
                    .isEmpty());
        auto *undo = window.findChild<QPushButton *>("undoButton");
        QTRY_VERIFY(undo->isVisible());
        QTest::mouseClick(undo, Qt::LeftButton);
        QVERIFY(window.pendingRemoval()->pendingIds().isEmpty());
        QTRY_VERIFY(
            !list->model()
                 ->match(list->model()->index(0, 0), Qt::DisplayRole, "A", 1, Qt::MatchRecursive)
                 .isEmpty());
        QCOMPARE(f.store.profiles().size(), 2);

        // Without undo the profile and its secrets go after the delay.
        window.pendingRemoval()->setDelayMs(300);
        window.selectProfile(a.id);
        list->setFocus();
        QTest::keyClick(list, Qt::Key_Delete);
        confirm(QMessageBox::Yes);
        QTRY_COMPARE(f.store.profiles().size(), 1);
        QCOMPARE(f.store.profiles().first().id, b.id);
        QVERIFY(!f.secrets.contains(a.secretKey(SecretEntry::ClientSecret)));
        QVERIFY(f.secrets.contains(b.secretKey(SecretEntry::ClientSecret)));
    }

    void countdownTicksEverySecond()
    {
        GuiFixture f(3);
        const Profile p = f.addProfile(ProviderKind::DruvaMsp, "druva-msp", QStringLiteral("MSP"));
        MainWindow window(&f.auth, &f.settings);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        window.selectProfile(p.id);
        AuthSession *session = f.auth.session(p.id);
        session->setAutoRefresh(false); // watch one token run down
        QTRY_VERIFY(hasToken(f.auth, p.id));
        const QString first = countdown(window)->text();
        QVERIFY2(first.startsWith(QStringLiteral("00:0")), qPrintable(first));
        QTRY_VERIFY_WITH_TIMEOUT(countdown(window)->text() != first, 2500);
        QTRY_COMPARE_WITH_TIMEOUT(countdown(window)->text(), QStringLiteral("00:00"), 5000);
        QTRY_COMPARE_WITH_TIMEOUT(session->state(), AuthSession::State::Expired, 2000);
    }

    void autoRefreshHappensBeforeExpiry()
    {
        GuiFixture f(3);
        const Profile p = f.addProfile(ProviderKind::Druva, "druva", QStringLiteral("Cloud"));
        MainWindow window(&f.auth, &f.settings);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        window.selectProfile(p.id);
        QTRY_VERIFY(hasToken(f.auth, p.id));
        QCOMPARE(f.sandbox.requestCount("druva.token"), 1);
        AuthSession *session = f.auth.session(p.id);
        QVERIFY(session->autoRefresh());

        qint64 remainingAtRefresh = -1;
        QString countdownAtRefresh;
        connect(&f.sandbox, &tw::sandbox::Sandbox::requestServed, this,
                [&](const QString &endpoint) {
                    if (endpoint == QLatin1String("druva.token") && remainingAtRefresh < 0) {
                        remainingAtRefresh = session->remainingMs();
                        countdownAtRefresh = countdown(window)->text();
                    }
                });
        QTRY_VERIFY_WITH_TIMEOUT(f.sandbox.requestCount("druva.token") >= 2, 4000);
        QTRY_VERIFY(remainingAtRefresh >= 0);
        QVERIFY2(remainingAtRefresh > 0, "the refresh came after the token expired");
        QVERIFY2(countdownAtRefresh != QStringLiteral("00:00"), qPrintable(countdownAtRefresh));
        QTRY_VERIFY(session->state() == AuthSession::State::Valid);
    }

    void copyPutsTheTokenOnTheClipboardAndClearsIt()
    {
        GuiFixture f;
        const Profile p = f.addProfile(ProviderKind::Oidc, "oidc", QStringLiteral("Portal"));
        f.settings.setClipboardClearSeconds(1);
        MainWindow window(&f.auth, &f.settings);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        window.selectProfile(p.id);
        QTRY_VERIFY(hasToken(f.auth, p.id));
        const QString token = f.auth.session(p.id)->token()->accessToken;

        QTest::mouseClick(window.findChild<QPushButton *>("copyTokenButton"), Qt::LeftButton);
        QClipboard *clipboard = QGuiApplication::clipboard();
        QCOMPARE(clipboard->text(), token);
        QCOMPARE(clipboard->mimeData()->data("x-kde-passwordManagerHint"), QByteArray("secret"));
        QTRY_VERIFY(window.findChild<QLabel *>("clipboardStatus")->text().contains("1 s"));
        QTRY_VERIFY_WITH_TIMEOUT(clipboard->text().isEmpty(), 3000);

        // Something the user copied meanwhile survives the timeout.
        QTest::keyClick(&window, Qt::Key_C, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(clipboard->text(), token);
        clipboard->setText(QStringLiteral("mine"));
        // The clear timer fires (an event, not a sleep) and leaves what is not ours alone.
        QSignalSpy cleared(window.clipboard(), &Clipboard::cleared);
        QVERIFY(cleared.wait(5000));
        QCOMPARE(cleared.last().at(0).toBool(), false);
        QCOMPARE(clipboard->text(), QStringLiteral("mine"));

        // The header form.
        window.tokenPanel()->copyHeader();
        QCOMPARE(clipboard->text(), QStringLiteral("Authorization: Bearer ") + token);
    }

    void commvaultLoginSessionCopiesAnAuthtokenHeader()
    {
        GuiFixture f;
        const QJsonObject cv = f.provider("commvault");
        Profile p = Profile::preset(ProviderKind::Commvault);
        p.name = QStringLiteral("CV login");
        p.apiBase = QUrl(cv.value("api_base").toString());
        p.commvault.mode = CommvaultMode::LoginSession;
        p.commvault.username = cv.value("username").toString();
        p = f.add(p, {{SecretEntry::Password, cv.value("password").toString().toUtf8()}});
        MainWindow window(&f.auth, &f.settings);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        window.selectProfile(p.id);
        QTRY_VERIFY(hasToken(f.auth, p.id));
        QVERIFY2(window.tokenPanel()->headerLine().startsWith(QStringLiteral("Authtoken: QSDK ")),
                 qPrintable(window.tokenPanel()->headerLine().left(20)));
    }

    void shortcutsSwitchProfilesAndTabsGetTheSelection()
    {
        GuiFixture f;
        const Profile a = f.addProfile(ProviderKind::Druva, "druva", QStringLiteral("A cloud"));
        const Profile b =
            f.addProfile(ProviderKind::DruvaMsp, "druva-msp", QStringLiteral("B msp"));
        MainWindow window(&f.auth, &f.settings);
        auto *tab = new RecordingTab;
        window.addProfileTab(tab, QStringLiteral("Recording"));
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        // Groups follow the kind order: Druva MSP first, then Druva Cloud.
        QTest::keyClick(&window, Qt::Key_2, Qt::ControlModifier);
        QCOMPARE(window.currentProfileId(), a.id);
        QTest::keyClick(&window, Qt::Key_1, Qt::ControlModifier);
        QCOMPARE(window.currentProfileId(), b.id);
        QCOMPARE(tab->profiles.last(), b.id);
        QVERIFY(tab->profiles.contains(a.id));
        QTRY_VERIFY(tab->ticks >= 1); // the window's one timer drives every tab

        QTest::keyClick(&window, Qt::Key_F, Qt::ControlModifier);
        auto *filter = window.findChild<QLineEdit *>("filterEdit");
        QTRY_VERIFY(filter->hasFocus());
    }

    void restoresTheLastProfileAndLayout()
    {
        GuiFixture f;
        f.addProfile(ProviderKind::Druva, "druva", QStringLiteral("A"));
        const Profile b = f.addProfile(ProviderKind::OAuth2, "oauth2", QStringLiteral("B"));
        {
            MainWindow window(&f.auth, &f.settings);
            window.show();
            QVERIFY(QTest::qWaitForWindowActive(&window));
            window.selectProfile(b.id);
            window.resize(900, 600);
            window.saveLayout(); // what closing the window does
        }
        MainWindow again(&f.auth, &f.settings);
        QCOMPARE(again.currentProfileId(), b.id);
        QCOMPARE(again.size(), QSize(900, 600));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
