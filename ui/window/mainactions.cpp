#include "ui/window/mainactions.h"

#include "ui/common/icons.h"

#include <QAction>
#include <QActionGroup>
#include <QMenu>
#include <QMenuBar>
#include <QWidget>

namespace tw {

MainActions::MainActions(QWidget *window) : QObject(window), m_window(window)
{
    newProfile = make(tr("&New Profile…"), QStringLiteral("actionNewProfile"), QKeySequence::New);
    newProfile->setIcon(icons::add());
    editProfile = make(tr("&Edit Profile…"), QStringLiteral("actionEditProfile"),
                       QKeySequence(Qt::CTRL | Qt::Key_E));
    editProfile->setIcon(icons::edit());
    duplicateProfile = make(tr("&Duplicate Profile…"), QStringLiteral("actionDuplicateProfile"),
                            QKeySequence(Qt::CTRL | Qt::Key_D));
    duplicateProfile->setToolTip(tr("A new profile with the same settings; secrets are not "
                                    "copied"));
    removeProfile = make(tr("&Remove Profile"), QStringLiteral("actionRemoveProfile"),
                         QKeySequence(Qt::Key_Delete));
    removeProfile->setIcon(icons::remove());
    // Only where the profile list has focus: Delete must keep working in text fields.
    removeProfile->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    undoRemove = make(tr("&Undo Remove"), QStringLiteral("actionUndoRemove"), QKeySequence::Undo);
    undoRemove->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    exportProfile = make(tr("E&xport Profile…"), QStringLiteral("actionExportProfile"),
                         QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    exportProfile->setToolTip(tr("Write the selected profile to a file, without its secrets"));
    exportAll = make(tr("Export A&ll Profiles…"), QStringLiteral("actionExportAll"),
                     QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_E));
    exportAll->setToolTip(tr("Write every profile to a file, without secrets"));
    importProfiles =
        make(tr("&Import Profiles…"), QStringLiteral("actionImportProfiles"), QKeySequence::Open);
    importProfiles->setToolTip(tr("Add the profiles of an exported file, with a preview first"));
    fetchAll = make(tr("&Fetch All Tokens"), QStringLiteral("actionFetchAll"),
                    QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    quit = make(tr("&Quit"), QStringLiteral("actionQuit"), QKeySequence(Qt::CTRL | Qt::Key_Q));
    quit->setMenuRole(QAction::QuitRole);

    copyToken = make(tr("&Copy Token"), QStringLiteral("actionCopyToken"),
                     QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    copyToken->setIcon(icons::copy());
    copyHeader = make(tr("Copy Authorization &Header"), QStringLiteral("actionCopyHeader"),
                      QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_H));
    refresh = make(tr("&Refresh Now"), QStringLiteral("actionRefresh"),
                   QKeySequence(Qt::CTRL | Qt::Key_R));
    refresh->setIcon(icons::refresh());
    autoRefresh = make(tr("&Auto-refresh"), QStringLiteral("actionAutoRefresh"),
                       QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A));
    autoRefresh->setCheckable(true);
    // Not Ctrl+I: the Customers tab copies a customer id with it.
    introspect = make(tr("&Introspect Token"), QStringLiteral("actionIntrospect"),
                      QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I));
    revoke = make(tr("Re&voke Tokens…"), QStringLiteral("actionRevoke"),
                  QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K));

    find = make(tr("&Find Profile"), QStringLiteral("actionFind"), QKeySequence::Find);
    activity = make(tr("&Activity…"), QStringLiteral("actionActivity"),
                    QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
    for (int i = 1; i <= 9; ++i) {
        gotoProfile << make(tr("Profile &%1").arg(i), QStringLiteral("actionGotoProfile%1").arg(i),
                            QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_0 + i)));
    }

    minimizeToTray =
        make(tr("&Minimize to Tray on Close"), QStringLiteral("actionMinimizeToTray"), {});
    minimizeToTray->setCheckable(true);
    clipboardTimeout = new QActionGroup(this);
    for (int seconds : clipboardChoices()) {
        QAction *choice = clipboardTimeout->addAction(
            seconds == 0 ? tr("Never") : tr("After %1 seconds").arg(seconds));
        choice->setCheckable(true);
        choice->setData(seconds);
    }
    about = make(tr("&About Tokenwright"), QStringLiteral("actionAbout"), {});
    about->setMenuRole(QAction::AboutRole);
}

QAction *MainActions::make(const QString &text, const QString &objectName,
                           const QKeySequence &shortcut)
{
    auto *action = new QAction(text, m_window);
    action->setObjectName(objectName);
    action->setShortcut(shortcut);
    m_window->addAction(action); // shortcuts work while the menu bar is hidden, too
    return action;
}

QList<int> MainActions::clipboardChoices()
{
    return {10, 30, 60, 120, 0};
}

void MainActions::checkClipboardChoice(int seconds)
{
    for (QAction *choice : clipboardTimeout->actions())
        choice->setChecked(choice->data().toInt() == seconds);
}

void MainActions::buildMenus(QMenuBar *bar)
{
    QMenu *profile = bar->addMenu(tr("&Profile"));
    profile->addAction(newProfile);
    profile->addAction(editProfile);
    profile->addAction(duplicateProfile);
    profile->addAction(removeProfile);
    profile->addAction(undoRemove);
    profile->addSeparator();
    profile->addAction(importProfiles);
    profile->addAction(exportProfile);
    profile->addAction(exportAll);
    profile->addSeparator();
    profile->addAction(fetchAll);
    profile->addSeparator();
    profile->addAction(quit);

    QMenu *token = bar->addMenu(tr("&Token"));
    token->addAction(copyToken);
    token->addAction(copyHeader);
    token->addSeparator();
    token->addAction(refresh);
    token->addAction(autoRefresh);
    token->addSeparator();
    token->addAction(introspect);
    token->addAction(revoke);

    QMenu *view = bar->addMenu(tr("&View"));
    view->addAction(find);
    view->addAction(activity);
    QMenu *go = view->addMenu(tr("&Go to Profile"));
    go->addActions(gotoProfile);

    QMenu *settings = bar->addMenu(tr("&Settings"));
    QMenu *clear = settings->addMenu(tr("&Clear Copied Tokens"));
    clear->addActions(clipboardTimeout->actions());
    settings->addAction(minimizeToTray);

    QMenu *help = bar->addMenu(tr("&Help"));
    help->addAction(about);
}

} // namespace tw
