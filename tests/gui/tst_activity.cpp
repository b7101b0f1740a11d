// The Activity window: reachable from the View menu and Ctrl+Shift+L, shows what the engine
// did and what was copied, filters per profile, picks up the CLI's entries on Reload, and
// its switch turns recording off for both programs.
#include "guifixture.h"

#include "audit/auditrecorder.h"
#include "ui/activity/activitydialog.h"
#include "ui/activity/activitymodel.h"
#include "ui/window/mainactions.h"
#include "ui/window/mainwindow.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QMenuBar>
#include <QPushButton>
#include <QTableView>

using namespace tw;

namespace {
QStringList column(QTableView *table, int col)
{
    QStringList out;
    for (int row = 0; row < table->model()->rowCount(); ++row)
        out << table->model()->index(row, col).data().toString();
    return out;
}
} // namespace

class TestActivity : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void showsActivityPerProfileAndRecordsCopies();
};

void TestActivity::showsActivityPerProfileAndRecordsCopies()
{
    GuiFixture f;
    f.auth.audit()->open(std::make_unique<AuditLog>(f.dir.path()), f.dir.path(),
                         QStringLiteral("gui"));
    const Profile a = f.addProfile(ProviderKind::DruvaMsp, "druva-msp", QStringLiteral("alpha"));
    const Profile b = f.addProfile(ProviderKind::Druva, "druva", QStringLiteral("beta"));
    MainWindow window(&f.auth, &f.settings);
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));

    // A token for each, and a copy of alpha's. The window shows alpha (the first profile)
    // and fetches its token by itself: wait for that, so that no refresh races with it.
    QCOMPARE(window.currentProfileId(), a.id);
    QTRY_VERIFY(f.auth.session(a.id)->token().has_value());
    QSignalSpy recorded(f.auth.audit(), &AuditRecorder::recorded);
    window.selectProfile(b.id);
    window.actions()->refresh->trigger();
    QVERIFY(recorded.wait());
    window.selectProfile(a.id);
    QTRY_VERIFY(window.actions()->copyToken->isEnabled());
    window.actions()->copyToken->trigger();
    QTRY_COMPARE(f.auth.audit()->log()->read().entries.size(), 3);

    // The action is in the View menu with its shortcut.
    QAction *activity = window.actions()->activity;
    QCOMPARE(activity->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
    bool inMenu = false;
    for (QAction *menu : window.menuBar()->actions())
        inMenu = inMenu || (menu->menu() && menu->menu()->actions().contains(activity));
    QVERIFY(inMenu);
    QTest::keyClick(&window, Qt::Key_L, Qt::ControlModifier | Qt::ShiftModifier);
    ActivityDialog *dialog = window.activityDialog();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    auto *table = dialog->findChild<QTableView *>(QStringLiteral("activityTable"));
    auto *profile = dialog->findChild<QComboBox *>(QStringLiteral("activityProfile"));
    QVERIFY(table && profile);

    // Opened on the current profile (alpha): its fetch and its copy, newest first.
    QCOMPARE(profile->currentText(), QStringLiteral("alpha"));
    QCOMPARE(column(table, ActivityModel::ActionColumn),
             (QStringList{QStringLiteral("Token copied"), QStringLiteral("Token fetched")}));
    QCOMPARE(column(table, ActivityModel::ProfileColumn),
             (QStringList{QStringLiteral("alpha"), QStringLiteral("alpha")}));
    // All profiles.
    profile->setCurrentIndex(profile->findText(QStringLiteral("All profiles")));
    QCOMPARE(table->model()->rowCount(), 3);
    profile->setCurrentIndex(profile->findText(QStringLiteral("beta")));
    QCOMPARE(column(table, ActivityModel::ProfileColumn), QStringList{QStringLiteral("beta")});

    // Live: a refresh of beta appears without a reload.
    window.selectProfile(b.id);
    window.actions()->refresh->trigger();
    QTRY_COMPARE(table->model()->rowCount(), 2);
    QCOMPARE(table->model()->index(0, ActivityModel::ActionColumn).data().toString(),
             QStringLiteral("Token refreshed"));

    // Another program (the CLI) writes; Reload shows it.
    AuditEntry fromCli;
    fromCli.time = QDateTime::currentDateTimeUtc();
    fromCli.app = QStringLiteral("cli");
    fromCli.profile = QStringLiteral("beta");
    fromCli.profileId = b.id.toString(QUuid::WithoutBraces);
    fromCli.action = AuditEntry::Action::Request;
    fromCli.method = QStringLiteral("GET");
    fromCli.path = QStringLiteral("/demo/v1/whoami");
    fromCli.httpStatus = 200;
    QVERIFY(!AuditLog(f.dir.path()).append(fromCli));
    dialog->findChild<QPushButton *>(QStringLiteral("activityReload"))->click();
    QCOMPARE(table->model()->rowCount(), 3);
    QCOMPARE(table->model()->index(0, ActivityModel::AppColumn).data().toString(),
             QStringLiteral("CLI"));
    QCOMPARE(table->model()->index(0, ActivityModel::RequestColumn).data().toString(),
             QStringLiteral("GET /demo/v1/whoami"));
    QCOMPARE(table->model()->index(0, ActivityModel::ResultColumn).data().toString(),
             QStringLiteral("HTTP 200"));

    // The switch: off for everyone, and nothing more is written.
    auto *record = dialog->findChild<QCheckBox *>(QStringLiteral("activityRecord"));
    QVERIFY(record->isChecked());
    record->click();
    QVERIFY(!AuditSettings(f.dir.path()).enabled());
    const int before = int(f.auth.audit()->log()->read().entries.size());
    window.actions()->copyToken->trigger();
    f.auth.audit()->flush();
    QCOMPARE(int(f.auth.audit()->log()->read().entries.size()), before);
    record->click();
    QVERIFY(AuditSettings(f.dir.path()).enabled());
}

QTEST_MAIN(TestActivity)
#include "tst_activity.moc"
