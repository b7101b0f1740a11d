#pragma once

#include <QObject>

class QMenu;
class QSystemTrayIcon;
class QWidget;

namespace tw {

class AuthManager;
class Clipboard;

// The system tray icon: a menu with one "copy token" entry per profile (fetching one first
// if needed), show/hide of the window, and quit.
class TrayMenu : public QObject
{
    Q_OBJECT
public:
    TrayMenu(AuthManager *auth, Clipboard *clipboard, QWidget *window, QObject *parent = nullptr);

    bool isVisible() const;
    QMenu *menu() const { return m_menu; }

Q_SIGNALS:
    void quitRequested();
    void message(const QString &text);

public Q_SLOTS:
    void rebuild();

private:
    void copyToken(const QUuid &profileId, const QString &name);
    void toggleWindow();

    AuthManager *m_auth;
    Clipboard *m_clipboard;
    QWidget *m_window;
    QSystemTrayIcon *m_icon;
    QMenu *m_menu;
};

} // namespace tw
