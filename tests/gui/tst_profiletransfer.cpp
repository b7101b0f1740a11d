#include "guifixture.h"

#include "profiles/profileexchange.h"
#include "ui/profiles/importdialog.h"
#include "ui/profiles/profileeditor.h"
#include "ui/profiles/profiletransfer.h"
#include "ui/window/mainactions.h"
#include "ui/window/mainwindow.h"

#include <QAction>
#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QStatusBar>
#include <QTableWidget>

using namespace tw;

namespace {
QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(bytes);
}
} // namespace

class TestProfileTransfer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void exportThroughTheMenuWritesNoSecret()
    {
        GuiFixture f;
        const Profile portal = f.addProfile(ProviderKind::Oidc, "oidc", QStringLiteral("Portal"));
        f.addProfile(ProviderKind::DruvaMsp, "druva-msp", QStringLiteral("MSP"));
        MainWindow window(&f.auth, &f.settings);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        window.selectProfile(portal.id);

        const QString path = f.dir.filePath(QStringLiteral("all.json"));
        window.actions()->exportAll->trigger();
        QFileDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = window.findChild<QFileDialog *>("exportFileDialog")));
        QCOMPARE(dialog->acceptMode(), QFileDialog::AcceptSave);
        Q_EMIT dialog->fileSelected(path);
        dialog->close();
        const QByteArray bytes = readAll(path);
        QVERIFY(!bytes.isEmpty());
        for (const char *key : {"oidc", "druva-msp"})
            QVERIFY2(!bytes.contains(f.provider(key).value("client_secret").toString().toUtf8()),
                     key);
        QCOMPARE(QFile::permissions(path) & (QFile::ReadGroup | QFile::ReadOther),
                 QFile::Permissions());
        const auto parsed = ProfileExchange::parseDocument(bytes);
        QVERIFY(parsed);
        QCOMPARE(parsed.value().size(), 2);
        QVERIFY2(window.statusBar()->currentMessage().contains(QLatin1String("Exported 2 profile")),
                 qPrintable(window.statusBar()->currentMessage()));

        // The selected one only.
        const QString one = f.dir.filePath(QStringLiteral("one.json"));
        QPointer<QFileDialog> used = dialog;
        QTRY_VERIFY(!used); // closed dialogs delete themselves
        window.actions()->exportProfile->trigger();
        QTRY_VERIFY((dialog = window.findChild<QFileDialog *>("exportFileDialog")));
        Q_EMIT dialog->fileSelected(one);
        dialog->close();
        const auto single = ProfileExchange::parseDocument(readAll(one));
        QVERIFY(single);
        QCOMPARE(single.value().size(), 1);
        QCOMPARE(single.value().first().name, QStringLiteral("Portal"));
    }

    void importPreviewsConflictsRenamesByDefaultAndReports()
    {
        GuiFixture f;
        const Profile portal = f.addProfile(ProviderKind::Oidc, "oidc", QStringLiteral("Portal"));
        const Profile msp =
            f.addProfile(ProviderKind::DruvaMsp, "druva-msp", QStringLiteral("MSP"));
        Profile extra = Profile::preset(ProviderKind::OAuth2);
        extra.name = QStringLiteral("New one");
        extra.tokenUrl = QUrl(QStringLiteral("https://login.example.com/token"));
        extra.clientId = QStringLiteral("abc");
        const QString path = f.dir.filePath(QStringLiteral("team.json"));
        MainWindow window(&f.auth, &f.settings);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QVERIFY(window.transfer()->writeExport({portal, msp, extra}, path));

        QVERIFY(!window.transfer()->openImport(path));
        ImportDialog *dialog = window.transfer()->importDialog();
        QVERIFY(dialog && dialog->isVisible());
        auto *table = dialog->findChild<QTableWidget *>("importTable");
        QCOMPARE(table->rowCount(), 3);
        QCOMPARE(table->item(2, 1)->text(), kindDisplayName(ProviderKind::OAuth2));
        // Taken names: rename by default, never replace silently.
        QCOMPARE(dialog->actionAt(0), ImportStep::Action::Rename);
        QCOMPARE(dialog->actionAt(1), ImportStep::Action::Rename);
        QCOMPARE(dialog->actionAt(2), ImportStep::Action::Add);
        QCOMPARE(table->item(0, 3)->text(), QStringLiteral("Portal (2)"));
        QCOMPARE(table->item(2, 4)->text(), QStringLiteral("to be set"));

        // "For every taken name": skip; then one of them back to replace.
        auto *forAll = dialog->findChild<QComboBox *>("importForAll");
        forAll->setCurrentIndex(forAll->findData(int(ImportStep::Action::Skip)));
        Q_EMIT forAll->activated(forAll->currentIndex());
        QCOMPARE(dialog->actionAt(0), ImportStep::Action::Skip);
        QCOMPARE(dialog->actionAt(1), ImportStep::Action::Skip);
        QCOMPARE(table->item(1, 3)->text(), QStringLiteral("(not imported)"));
        dialog->setActionAt(0, ImportStep::Action::Rename);
        QTest::mouseClick(dialog->findChild<QPushButton *>("importButton"), Qt::LeftButton);

        QTRY_COMPARE(f.store.profiles().size(), 4);
        QVERIFY(f.store.find(QStringLiteral("Portal (2)")));
        QVERIFY(f.store.find(QStringLiteral("New one")));
        QCOMPARE(f.store.find(QStringLiteral("MSP"))->id, msp.id); // skipped, untouched
        // The original keeps its secret; the imported ones have none yet and say so.
        QVERIFY(f.secrets.contains(portal.secretKey(SecretEntry::ClientSecret)));
        const QString report = dialog->findChild<QLabel *>("importResult")->text();
        QVERIFY2(report.contains(QStringLiteral("Added “Portal” as “Portal (2)”")) &&
                     report.contains(QStringLiteral("Skipped “MSP”")) &&
                     report.contains(QLatin1String("No secret yet for: Portal (2), New one")),
                 qPrintable(report));
        QVERIFY(window.statusBar()->currentMessage().contains(QLatin1String("Imported 2")));
        QVERIFY(!dialog->findChild<QPushButton *>("importButton")->isVisible()); // done once
        auto *setSecret = dialog->findChild<QPushButton *>("setSecretButton");
        QVERIFY(setSecret->isVisible());
        QTest::mouseClick(setSecret, Qt::LeftButton);
        QTRY_VERIFY(window.openEditor());
        QVERIFY(window.openEditor()->isEditing());
        QCOMPARE(window.openEditor()->profile().name, QStringLiteral("Portal (2)"));
        // It has no secret in the keychain: the editor asks for one instead of "keeping" it.
        QCOMPARE(window.openEditor()->problem(), QStringLiteral("Enter the client secret."));
    }

    void replaceKeepsTheSecretsAndRefusedFilesChangeNothing()
    {
        GuiFixture f;
        Profile portal = f.addProfile(ProviderKind::Oidc, "oidc", QStringLiteral("Portal"));
        MainWindow window(&f.auth, &f.settings);
        const QString path = f.dir.filePath(QStringLiteral("replace.json"));
        Profile changed = portal;
        changed.scope = QStringLiteral("read write");
        QVERIFY(window.transfer()->writeExport({changed}, path));
        QVERIFY(!window.transfer()->openImport(path));
        ImportDialog *dialog = window.transfer()->importDialog();
        dialog->setActionAt(0, ImportStep::Action::Replace);
        QCOMPARE(dialog->actionAt(0), ImportStep::Action::Replace);
        dialog->import();
        QCOMPARE(f.store.profiles().size(), 1);
        QCOMPARE(f.store.profiles().first().id, portal.id);
        QCOMPARE(f.store.profiles().first().scope, QStringLiteral("read write"));
        QVERIFY(f.secrets.contains(portal.secretKey(SecretEntry::ClientSecret)));
        dialog->close();

        // A newer format, an unknown kind, a secret inside: refused with the core's reason.
        QJsonObject document = ProfileExchange::exportProfiles({changed}).document;
        struct Case
        {
            const char *name;
            std::function<void(QJsonObject &)> spoil;
            const char *expected;
        };
        const QList<Case> cases = {
            {"newer", [](QJsonObject &d) { d["format_version"] = 99; }, "newer Tokenwright"},
            {"kind",
             [](QJsonObject &d) {
                 QJsonArray list = d["profiles"].toArray();
                 QJsonObject p = list.at(0).toObject();
                 p["kind"] = "keyring-9000";
                 list[0] = p;
                 d["profiles"] = list;
             },
             "is not a kind"},
            {"secret",
             [](QJsonObject &d) {
                 QJsonArray list = d["profiles"].toArray();
                 QJsonObject p = list.at(0).toObject();
                 p["client_secret"] = "hunter2";
                 list[0] = p;
                 d["profiles"] = list;
             },
             "never holds a secret"},
        };
        for (const Case &c : cases) {
            QJsonObject spoiled = document;
            c.spoil(spoiled);
            const QString bad = f.dir.filePath(QString::fromLatin1(c.name) + ".json");
            writeFile(bad, QJsonDocument(spoiled).toJson());
            const Status refused = window.transfer()->openImport(bad);
            QVERIFY2(refused && refused->message.contains(QLatin1String(c.expected)) &&
                         refused->message.contains(QLatin1String("Nothing was imported")),
                     c.name);
            QVERIFY(!refused->message.contains(QLatin1String("hunter2")));
            QMessageBox *box = nullptr;
            QTRY_VERIFY((box = window.findChild<QMessageBox *>("transferError")));
            QVERIFY(box->text().contains(QLatin1String(c.expected)));
            box->close();
            QTRY_VERIFY(!window.findChild<QMessageBox *>("transferError"));
            QCOMPARE(f.store.profiles().size(), 1);
        }
    }

    void duplicateOpensTheEditorOnACopy()
    {
        GuiFixture f;
        const Profile portal = f.addProfile(ProviderKind::Oidc, "oidc", QStringLiteral("Portal"));
        MainWindow window(&f.auth, &f.settings);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        window.selectProfile(portal.id);
        QCOMPARE(window.actions()->duplicateProfile->shortcut(),
                 QKeySequence(Qt::CTRL | Qt::Key_D));
        QTest::keyClick(&window, Qt::Key_D, Qt::ControlModifier);
        QTRY_VERIFY(window.openEditor());
        ProfileEditor *editor = window.openEditor();
        QVERIFY(!editor->isEditing());
        QCOMPARE(editor->findChild<QLineEdit *>("nameEdit")->text(),
                 QStringLiteral("Portal (copy)"));
        QCOMPARE(editor->profile().issuer, portal.issuer);
        QVERIFY(editor->windowTitle().contains(QLatin1String("copy of Portal")));
        // The context menu of the list offers it too.
        QVERIFY(window.findChild<QWidget *>("profileList")
                    ->actions()
                    .contains(window.actions()->duplicateProfile));
        editor->reject();
    }
};

QTEST_MAIN(TestProfileTransfer)
#include "tst_profiletransfer.moc"
