#include "ui/token/devicecodedialog.h"

#include "auth/authmanager.h"
#include "ui/common/icons.h"
#include "ui/token/tokenstatus.h"

#include <QClipboard>
#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace tw {

namespace {
bool isWebUrl(const QUrl &url)
{
    return url.isValid() && !url.host().isEmpty() &&
           (url.scheme() == QLatin1String("https") || url.scheme() == QLatin1String("http"));
}
} // namespace

DeviceCodeDialog::DeviceCodeDialog(AuthManager *auth, const QUuid &profileId,
                                   const DevicePrompt &prompt, QWidget *parent)
    : QDialog(parent), m_auth(auth), m_profileId(profileId)
{
    setObjectName(QStringLiteral("deviceCodeDialog"));
    setModal(false);
    m_intro = new QLabel(this);
    m_intro->setObjectName(QStringLiteral("deviceIntro"));
    m_intro->setWordWrap(true);
    m_intro->setTextFormat(Qt::PlainText);

    m_code = new QLabel(this);
    m_code->setObjectName(QStringLiteral("userCodeLabel"));
    m_code->setAccessibleName(tr("User code"));
    m_code->setTextFormat(Qt::PlainText); // server text is data, never markup
    m_code->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_code->setAlignment(Qt::AlignCenter);
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    mono.setStyleHint(QFont::Monospace); // also where the platform names no fixed font
    mono.setFixedPitch(true);
    mono.setPointSizeF(mono.pointSizeF() * 2.6);
    mono.setBold(true);
    mono.setLetterSpacing(QFont::PercentageSpacing, 110);
    m_code->setFont(mono);
    m_code->setFrameShape(QFrame::StyledPanel);
    m_code->setMargin(12);

    m_where = new QLabel(this);
    m_where->setObjectName(QStringLiteral("verificationLabel"));
    m_where->setTextFormat(Qt::PlainText);
    m_where->setWordWrap(true);
    m_where->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_countdown = new QLabel(this);
    m_countdown->setObjectName(QStringLiteral("deviceCountdown"));
    m_countdown->setForegroundRole(QPalette::PlaceholderText);

    m_copy = new QPushButton(tr("&Copy code"), this);
    m_copy->setObjectName(QStringLiteral("copyCodeButton"));
    m_copy->setIcon(icons::copy());
    m_open = new QPushButton(tr("&Open browser"), this);
    m_open->setObjectName(QStringLiteral("openBrowserButton"));
    m_open->setDefault(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelSignIn"));
    buttons->button(QDialogButtonBox::Cancel)->setToolTip(tr("Stop waiting for the sign-in"));
    buttons->addButton(m_copy, QDialogButtonBox::ActionRole);
    buttons->addButton(m_open, QDialogButtonBox::ActionRole);
    connect(m_copy, &QPushButton::clicked, this, &DeviceCodeDialog::copyCode);
    connect(m_open, &QPushButton::clicked, this, &DeviceCodeDialog::openBrowser);
    connect(buttons, &QDialogButtonBox::rejected, this, &DeviceCodeDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_intro);
    layout->addWidget(m_code);
    layout->addWidget(m_where);
    layout->addWidget(m_countdown);
    layout->addWidget(buttons);
    setMinimumWidth(460);

    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, &DeviceCodeDialog::tick);
    setPrompt(prompt);
    attachSession();
}

void DeviceCodeDialog::setPrompt(const DevicePrompt &prompt)
{
    m_prompt = prompt;
    m_done = false;
    setWindowTitle(tr("Sign In — %1").arg(prompt.profileName));
    const bool browser = isBrowserSignIn();
    m_code->setVisible(!browser);
    if (browser) {
        m_intro->setText(tr("Finish signing in to “%1” in your browser. Tokenwright takes the "
                            "token when the sign-in page sends you back.")
                             .arg(prompt.profileName));
        // The host only: the full address carries the sign-in's one-time state.
        m_where->setText(tr("Sign-in page: %1").arg(prompt.verificationUri.host()));
        m_copy->setText(tr("&Copy link"));
        m_open->setText(tr("&Open browser again"));
    } else {
        m_intro->setText(tr("To give Tokenwright a token for “%1”, open the sign-in page and "
                            "enter this code:")
                             .arg(prompt.profileName));
        m_code->setText(prompt.userCode);
        m_where->setText(tr("Sign-in page: %1").arg(prompt.verificationUri.toDisplayString()));
        m_copy->setText(tr("&Copy code"));
        m_open->setText(tr("&Open browser"));
    }
    m_open->setToolTip(browser ? prompt.verificationUri.host() : browserUrl().toDisplayString());
    m_deadlineMs = m_auth->clock()->monotonicMs() + qint64(prompt.expiresInSec) * 1000;
    m_timer.start();
    tick();
}

QUrl DeviceCodeDialog::browserUrl() const
{
    // The complete URI carries the code so the user need not type it (RFC 8628 §3.3.1); it is
    // used only when it is a web address, like the plain one (which the engine checked).
    return isWebUrl(m_prompt.verificationUriComplete) ? m_prompt.verificationUriComplete
                                                      : m_prompt.verificationUri;
}

int DeviceCodeDialog::secondsLeft() const
{
    const qint64 left = m_deadlineMs - m_auth->clock()->monotonicMs();
    return int(std::max<qint64>(0, (left + 999) / 1000));
}

void DeviceCodeDialog::attachSession()
{
    m_session = m_auth->session(m_profileId);
    if (!m_session)
        return;
    connect(m_session, &AuthSession::tokenChanged, this, &DeviceCodeDialog::onTokenChanged);
    connect(m_session, &AuthSession::failed, this, &DeviceCodeDialog::onFailed);
    // An edit or removal of the profile drops its session, and the polling with it.
    connect(m_session, &QObject::destroyed, this, [this] {
        finish(tr("Sign-in for “%1” stopped: the profile was changed or removed.")
                   .arg(m_prompt.profileName),
               false);
    });
}

void DeviceCodeDialog::tick()
{
    const int left = secondsLeft();
    if (isBrowserSignIn()) {
        m_countdown->setText(left <= 0 ? tr("The sign-in has timed out.")
                                       : tr("Waiting %1 more for the browser.")
                                             .arg(tokenstatus::countdown(left * 1000LL)));
        return;
    }
    if (left <= 0) {
        m_countdown->setText(tr("The code has expired; the sign-in ends at the next check."));
        return;
    }
    m_countdown->setText(tr("The code expires in %1.").arg(tokenstatus::countdown(left * 1000LL)));
}

void DeviceCodeDialog::copyCode()
{
    // A user code (or sign-in link) is short-lived and useless without the user's own
    // sign-in: a plain copy.
    const bool browser = isBrowserSignIn();
    QGuiApplication::clipboard()->setText(browser ? m_prompt.verificationUri.toString()
                                                  : m_prompt.userCode);
    m_copy->setText(tr("Copied"));
    QTimer::singleShot(1500, this, [this, browser] {
        m_copy->setText(browser ? tr("&Copy link") : tr("&Copy code"));
    });
}

void DeviceCodeDialog::openBrowser()
{
    if (!QDesktopServices::openUrl(browserUrl()))
        m_countdown->setText(tr("No browser could be started; open %1 yourself.")
                                 .arg(browserUrl().toDisplayString()));
}

void DeviceCodeDialog::onTokenChanged()
{
    if (m_session && m_session->token())
        finish(tr("Signed in: “%1” has a token.").arg(m_prompt.profileName), true);
}

void DeviceCodeDialog::onFailed(const Error &error)
{
    if (error.code == Error::Code::Cancelled)
        finish(tr("Sign-in for “%1” cancelled.").arg(m_prompt.profileName), false);
    else
        finish(tr("Sign-in for “%1” failed: %2").arg(m_prompt.profileName, error.toString()),
               false);
}

void DeviceCodeDialog::reject()
{
    if (!m_done)
        m_auth->cancelSignIn(m_profileId); // the session then fails with Cancelled
    finish(tr("Sign-in for “%1” cancelled.").arg(m_prompt.profileName), false);
}

void DeviceCodeDialog::finish(const QString &message, bool ok)
{
    if (m_done)
        return;
    m_done = true;
    m_timer.stop();
    Q_EMIT finishedWith(message);
    if (ok)
        QDialog::accept();
    else
        QDialog::reject();
}

} // namespace tw
