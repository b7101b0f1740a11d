#pragma once

#include "ui/common/profiletab.h"

#include <QPointer>
#include <QWidget>

class QCheckBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QStackedWidget;

namespace tw {

class AuthManager;
class AuthSession;
class Clipboard;
class CommvaultHorizons;
class JwtView;
class NoticeBar;

// The Token tab: the live token of the selected profile with its countdown, lifetime bar,
// expiry, type and scope, Commvault horizons, errors, the decoded JWT, and the copy/refresh
// actions. Shows an AuthSession; owns no auth logic.
class TokenPanel : public ProfileTab
{
    Q_OBJECT
public:
    TokenPanel(AuthManager *auth, Clipboard *clipboard, QWidget *parent = nullptr);

    void setProfile(const QUuid &profileId) override;
    void tick() override;
    QUuid profileId() const { return m_profileId; }

    // What "Copy header" copies: "Authorization: Bearer …", or "Authtoken: QSDK …" for a
    // Commvault login session.
    QString headerLine() const;

public Q_SLOTS:
    void refreshNow();
    void copyToken();
    void copyHeader();
    // Turns the shown session's auto-refresh on or off, as the check box does.
    void setAutoRefreshEnabled(bool on);

Q_SIGNALS:
    // The auto-refresh setting shown changed: toggled, or another profile was shown.
    void autoRefreshShown(bool on);

private:
    AuthSession *session();
    void attach();
    void showToken();
    void showState();
    void setAutoRefresh(bool on);
    QWidget *buildContent();

    AuthManager *m_auth;
    Clipboard *m_clipboard;
    QUuid m_profileId;
    QPointer<AuthSession> m_session;

    QStackedWidget *m_pages;
    QLabel *m_title;
    QLabel *m_state;
    QLabel *m_countdown;
    QProgressBar *m_lifetime;
    QLabel *m_expires;
    QLabel *m_obtained;
    QLabel *m_type;
    QLabel *m_scope;
    NoticeBar *m_error;
    NoticeBar *m_warning;
    CommvaultHorizons *m_horizons;
    QCheckBox *m_autoRefresh;
    QPushButton *m_refresh;
    QPushButton *m_copyToken;
    QPushButton *m_copyHeader;
    JwtView *m_jwt;
};

} // namespace tw
