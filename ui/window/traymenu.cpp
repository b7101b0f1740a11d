#include "ui/window/traymenu.h"

#include "audit/auditrecorder.h"
#include "auth/authmanager.h"
#include "profiles/profilestore.h"
#include "ui/common/clipboard.h"
#include "ui/common/icons.h"

#include <QMenu>
#include <QSystemTrayIcon>
#include <QWidget>

namespace tw {

TrayMenu::TrayMenu(AuthManager *auth, Clipboard *clipboard, QWidget *window, QObject *parent)
    : QObject(parent), m_auth(auth), m_clipboard(clipboard), m_window(window),
      m_icon(new QSystemTrayIcon(icons::app(), this)), m_menu(new QMenu(window))
{
    m_menu->setObjectName(QStringLiteral("trayMenu"));
    m_icon->setToolTip(tr("Tokenwright"));
    m_icon->setContextMenu(m_menu);
    connect(m_icon, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason r) {
        if (r == QSystemTrayIcon::Trigger)
            toggleWindow();
    });
    connect(auth->profileStore(), &ProfileStore::profilesChanged, this, &TrayMenu::rebuild);
    rebuild();
    m_icon->show();
}

bool TrayMenu::isVisible() const
{
    return m_icon->isVisible();
}

void TrayMenu::rebuild()
{
    m_menu->clear();
    m_menu->addAction(tr("Show / hide Tokenwright"), this, &TrayMenu::toggleWindow);
    m_menu->addSeparator();
    QList<Profile> profiles = m_auth->profileStore()->profiles();
    std::sort(profiles.begin(), profiles.end(), [](const Profile &a, const Profile &b) {
        return a.name.localeAwareCompare(b.name) < 0;
    });
    if (profiles.isEmpty())
        m_menu->addAction(tr("No profiles yet"))->setEnabled(false);
    for (const Profile &profile : std::as_const(profiles)) {
        const QUuid id = profile.id;
        const QString name = profile.name;
        QAction *action = m_menu->addAction(icons::copy(), tr("Copy token: %1").arg(name));
        connect(action, &QAction::triggered, this, [this, id, name] { copyToken(id, name); });
    }
    m_menu->addSeparator();
    m_menu->addAction(tr("&Quit"), this, &TrayMenu::quitRequested);
}

void TrayMenu::copyToken(const QUuid &profileId, const QString &name)
{
    AuthSession *session = m_auth->session(profileId);
    if (!session)
        return;
    session->requestToken(this, [this, profileId, name](Result<Token> token) {
        if (!token) {
            m_icon->showMessage(tr("Tokenwright"), tr("%1: %2").arg(name, token.error().toString()),
                                QSystemTrayIcon::Warning);
            return;
        }
        m_clipboard->setText(token.value().accessToken);
        m_auth->audit()->recordCopy(profileId, QString(), tr("token (tray)"));
        Q_EMIT message(tr("Token of %1 copied.").arg(name));
    });
}

void TrayMenu::toggleWindow()
{
    if (m_window->isVisible() && !m_window->isMinimized()) {
        m_window->hide();
        return;
    }
    m_window->showNormal();
    m_window->raise();
    m_window->activateWindow();
}

} // namespace tw
