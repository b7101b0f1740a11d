#pragma once

#include "ui/common/profiletab.h"

#include <QPointer>
#include <QWidget>

class QCheckBox;
class QLabel;
class QLayout;
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

    // Revoke and Introspect (RFC 7009 / RFC 7662) need an endpoint the profile names or its
    // provider's discovery advertises; otherwise the reason, which the disabled buttons show.
    bool canRevoke() const { return m_revokeWhyNot.isEmpty(); }
    bool canIntrospect() const;
    QString revokeWhyNot() const { return m_revokeWhyNot; }
    QString introspectWhyNot() const;

public Q_SLOTS:
    void refreshNow();
    void copyToken();
    void copyHeader();
    // Turns the shown session's auto-refresh on or off, as the check box does.
    void setAutoRefreshEnabled(bool on);
    // Asks for confirmation, then revokes the refresh and access tokens at the provider and
    // drops them; the panel then holds no token until Refresh.
    void revokeTokens();
    // Shows the provider's answer about the current access token.
    void introspectToken();

Q_SIGNALS:
    // The auto-refresh setting shown changed: toggled, or another profile was shown.
    void autoRefreshShown(bool on);
    // Whether Revoke / Introspect can run changed (another profile, a token, discovery).
    void tokenActionsChanged();

private:
    AuthSession *session();
    void attach();
    void showToken();
    void showState();
    void setAutoRefresh(bool on);
    QWidget *buildContent();
    QLayout *buildHeader(QWidget *page);
    QLayout *buildDetails(QWidget *page);
    QLayout *buildButtons(QWidget *page);
    // Works out whether the profile has revocation / introspection endpoints.
    void checkEndpoints();
    void updateTokenActions();
    void startRevoke();

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
    QPushButton *m_revoke;
    QPushButton *m_introspect;
    NoticeBar *m_actionResult;
    JwtView *m_jwt;
    QString m_revokeWhyNot;     // empty: a revocation endpoint is known
    QString m_introspectWhyNot; // empty: an introspection endpoint is known
    bool m_busy = false;        // a revocation or introspection is under way
    QUuid m_revokedProfile;     // revoked: no new token until the user asks for one
};

} // namespace tw
