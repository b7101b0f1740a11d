#pragma once

#include <QList>
#include <QObject>

class QAction;
class QActionGroup;
class QMenuBar;
class QWidget;

namespace tw {

// Every action of the main window with its shortcut, and the menus that list them
// (keyboard first: nothing is reachable only by mouse).
class MainActions : public QObject
{
    Q_OBJECT
public:
    explicit MainActions(QWidget *window);

    void buildMenus(QMenuBar *bar);
    // Clipboard timeouts offered in the settings menu (seconds, 0 = never).
    static QList<int> clipboardChoices();
    void checkClipboardChoice(int seconds);

    QAction *newProfile;
    QAction *editProfile;
    QAction *duplicateProfile;
    QAction *removeProfile;
    QAction *undoRemove;
    QAction *exportProfile;
    QAction *exportAll;
    QAction *importProfiles;
    QAction *fetchAll;
    QAction *quit;
    QAction *copyToken;
    QAction *copyHeader;
    QAction *refresh;
    QAction *autoRefresh;
    QAction *introspect;
    QAction *revoke;
    QAction *find;
    QAction *activity;
    QAction *minimizeToTray;
    QAction *about;
    QList<QAction *> gotoProfile; // Ctrl+1 … Ctrl+9
    QActionGroup *clipboardTimeout;

private:
    QAction *make(const QString &text, const QString &objectName, const QKeySequence &shortcut);
    QWidget *m_window;
};

} // namespace tw
