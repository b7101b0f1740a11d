#pragma once

#include "auth/deviceprompt.h"

#include <QDialog>
#include <QPointer>
#include <QTimer>
#include <QUuid>

class QLabel;
class QPushButton;

namespace tw {

class AuthManager;
class AuthSession;
struct Error;

// A sign-in waiting for the user. The device authorization grant (RFC 8628 §3.3): the user
// code large and selectable, Copy code, Open browser (the verification page, with the code in
// it when the provider gives verification_uri_complete), a countdown to the code's expiry.
// A browser sign-in (authorization code, a prompt without a user code): the page's host,
// Copy link, Open browser again, the time left. Cancel ends either. Non-modal; it closes
// itself when the token arrives or the sign-in fails, and says which in finishedWith().
class DeviceCodeDialog : public QDialog
{
    Q_OBJECT
public:
    DeviceCodeDialog(AuthManager *auth, const QUuid &profileId, const DevicePrompt &prompt,
                     QWidget *parent = nullptr);

    QUuid profileId() const { return m_profileId; }
    // A new code for the same profile (the old one expired and the user asked again).
    void setPrompt(const DevicePrompt &prompt);
    // The page Open browser opens: the complete URI when it is a web address, else the plain one.
    QUrl browserUrl() const;
    int secondsLeft() const;
    // No code to type: the person signs in on the page itself (authorization code grant).
    bool isBrowserSignIn() const { return m_prompt.userCode.isEmpty(); }

public Q_SLOTS:
    void copyCode();
    void openBrowser();
    // Cancel, Esc, the close button: ends the sign-in.
    void reject() override;

Q_SIGNALS:
    // One line for the status bar: the sign-in succeeded, failed (why) or was cancelled.
    void finishedWith(const QString &message);

private:
    void attachSession();
    void onTokenChanged();
    void onFailed(const tw::Error &error);
    void tick();
    void finish(const QString &message, bool ok);

    AuthManager *m_auth;
    QUuid m_profileId;
    DevicePrompt m_prompt;
    qint64 m_deadlineMs = 0;
    bool m_done = false;
    QPointer<AuthSession> m_session;
    QTimer m_timer;
    QLabel *m_intro;
    QLabel *m_code;
    QLabel *m_where;
    QLabel *m_countdown;
    QPushButton *m_copy;
    QPushButton *m_open;
};

} // namespace tw
