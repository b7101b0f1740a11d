#include "ui/token/tokenpanel.h"

#include "audit/auditrecorder.h"
#include "auth/authmanager.h"
#include "auth/tokenrevoker.h"
#include "auth/transportpolicy.h"
#include "profiles/profileservice.h"
#include "profiles/profilestore.h"
#include "ui/common/clipboard.h"
#include "ui/common/noticebar.h"
#include "ui/profiles/commvaulthorizons.h"
#include "ui/token/introspectiondialog.h"
#include "ui/token/jwtview.h"
#include "ui/token/tokenstatus.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace tw {

namespace {
QLabel *valueLabel(const QString &objectName, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setWordWrap(true);
    return label;
}
} // namespace

TokenPanel::TokenPanel(AuthManager *auth, Clipboard *clipboard, QWidget *parent)
    : ProfileTab(parent), m_auth(auth), m_clipboard(clipboard), m_pages(new QStackedWidget(this))
{
    setObjectName(QStringLiteral("tokenPanel"));
    auto *hint = new QLabel(tr("Select a profile on the left, or create one with Ctrl+N."), this);
    hint->setAlignment(Qt::AlignCenter);
    hint->setObjectName(QStringLiteral("tokenHint"));
    m_pages->addWidget(hint);
    m_pages->addWidget(buildContent());
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_pages);
}

QWidget *TokenPanel::buildContent()
{
    auto *page = new QWidget(this);
    QLayout *header = buildHeader(page);
    QLayout *details = buildDetails(page);
    m_error = new NoticeBar(page);
    m_error->setObjectName(QStringLiteral("errorNotice"));
    m_warning = new NoticeBar(page);
    m_warning->setObjectName(QStringLiteral("warningNotice"));
    m_horizons = new CommvaultHorizons(page);
    m_horizons->hide();
    QLayout *buttons = buildButtons(page);
    m_jwt = new JwtView(page);

    auto *layout = new QVBoxLayout(page);
    layout->addLayout(header);
    layout->addWidget(m_lifetime);
    layout->addLayout(details);
    layout->addWidget(m_error);
    layout->addWidget(m_warning);
    layout->addWidget(m_horizons);
    layout->addLayout(buttons);
    // Below the buttons: a result appearing must not move the button just clicked.
    layout->addWidget(m_actionResult);
    layout->addWidget(m_jwt, 1);
    return page;
}

// The profile's name and state beside the big countdown, and the lifetime bar under them.
QLayout *TokenPanel::buildHeader(QWidget *page)
{
    m_title = new QLabel(page);
    m_title->setObjectName(QStringLiteral("profileTitle"));
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_state = valueLabel(QStringLiteral("stateLabel"), page);

    m_countdown = new QLabel(QStringLiteral("--:--"), page);
    m_countdown->setObjectName(QStringLiteral("countdownLabel"));
    m_countdown->setAccessibleName(tr("Time left"));
    QFont big = m_countdown->font();
    big.setPointSizeF(big.pointSizeF() * 3.2);
    big.setBold(true);
    m_countdown->setFont(big);

    m_lifetime = new QProgressBar(page);
    m_lifetime->setObjectName(QStringLiteral("lifetimeBar"));
    m_lifetime->setAccessibleName(tr("Token lifetime left"));
    m_lifetime->setRange(0, 1000);
    m_lifetime->setTextVisible(false);
    m_lifetime->setMaximumHeight(m_countdown->fontMetrics().height() / 4 + 6);

    auto *top = new QHBoxLayout;
    auto *titles = new QVBoxLayout;
    titles->addWidget(m_title);
    titles->addWidget(m_state);
    titles->addStretch(1);
    top->addLayout(titles, 1);
    top->addWidget(m_countdown, 0, Qt::AlignRight | Qt::AlignVCenter);
    return top;
}

QLayout *TokenPanel::buildDetails(QWidget *page)
{
    m_expires = valueLabel(QStringLiteral("expiresLabel"), page);
    m_obtained = valueLabel(QStringLiteral("obtainedLabel"), page);
    m_type = valueLabel(QStringLiteral("tokenTypeLabel"), page);
    m_scope = valueLabel(QStringLiteral("scopeLabel"), page);
    auto *form = new QFormLayout;
    form->addRow(tr("Expires:"), m_expires);
    form->addRow(tr("Obtained:"), m_obtained);
    form->addRow(tr("Type:"), m_type);
    form->addRow(tr("Scope:"), m_scope);
    return form;
}

// Auto-refresh and the token's actions; m_actionResult, their outcome, goes below them.
QLayout *TokenPanel::buildButtons(QWidget *page)
{
    m_autoRefresh = new QCheckBox(tr("&Auto-refresh"), page);
    m_autoRefresh->setObjectName(QStringLiteral("autoRefreshCheck"));
    m_autoRefresh->setToolTip(tr("Get a new token shortly before this one expires."));
    m_refresh = new QPushButton(tr("&Refresh now"), page);
    m_refresh->setObjectName(QStringLiteral("refreshButton"));
    m_copyToken = new QPushButton(tr("&Copy token"), page);
    m_copyToken->setObjectName(QStringLiteral("copyTokenButton"));
    m_copyHeader = new QPushButton(tr("Copy &header"), page);
    m_copyHeader->setObjectName(QStringLiteral("copyHeaderButton"));
    connect(m_autoRefresh, &QCheckBox::toggled, this, &TokenPanel::setAutoRefresh);
    connect(m_refresh, &QPushButton::clicked, this, &TokenPanel::refreshNow);
    connect(m_copyToken, &QPushButton::clicked, this, &TokenPanel::copyToken);
    connect(m_copyHeader, &QPushButton::clicked, this, &TokenPanel::copyHeader);
    m_revoke = new QPushButton(tr("Re&voke…"), page);
    m_revoke->setObjectName(QStringLiteral("revokeButton"));
    m_introspect = new QPushButton(tr("&Introspect"), page);
    m_introspect->setObjectName(QStringLiteral("introspectButton"));
    connect(m_revoke, &QPushButton::clicked, this, &TokenPanel::revokeTokens);
    connect(m_introspect, &QPushButton::clicked, this, &TokenPanel::introspectToken);
    m_actionResult = new NoticeBar(page);
    m_actionResult->setObjectName(QStringLiteral("tokenActionNotice"));
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_autoRefresh);
    buttons->addStretch(1);
    buttons->addWidget(m_refresh);
    buttons->addWidget(m_copyToken);
    buttons->addWidget(m_copyHeader);
    buttons->addWidget(m_introspect);
    buttons->addWidget(m_revoke);
    return buttons;
}

AuthSession *TokenPanel::session()
{
    if (!m_session && !m_profileId.isNull())
        attach(); // the engine dropped the session (profile edited): take the new one
    return m_session;
}

void TokenPanel::setProfile(const QUuid &profileId)
{
    if (profileId != m_profileId) {
        m_revokedProfile = QUuid();
        m_actionResult->clearNotice();
    }
    m_profileId = profileId;
    attach();
    checkEndpoints();
}

void TokenPanel::attach()
{
    if (m_session)
        disconnect(m_session, nullptr, this, nullptr);
    m_session = m_profileId.isNull() ? nullptr : m_auth->session(m_profileId);
    m_pages->setCurrentIndex(m_session ? 1 : 0);
    if (!m_session)
        return;
    connect(m_session, &AuthSession::tokenChanged, this, &TokenPanel::showToken);
    connect(m_session, &AuthSession::stateChanged, this, &TokenPanel::showState);
    connect(m_session, &AuthSession::fetchingChanged, this, &TokenPanel::showState);
    connect(m_session, &AuthSession::failed, this, &TokenPanel::showState);
    {
        const QSignalBlocker block(m_autoRefresh);
        m_autoRefresh->setChecked(m_session->autoRefresh());
    }
    Q_EMIT autoRefreshShown(m_session->autoRefresh());
    showToken();
    // After a revocation the profile stays without a token until the user asks for one.
    if (m_session->state() == AuthSession::State::None && !m_session->isFetching() &&
        m_revokedProfile != m_profileId)
        // The cached token if there is one, else a fetch; a sign-in waits for Refresh.
        m_session->requestTokenQuietly(this, {});
}

void TokenPanel::showToken()
{
    AuthSession *s = m_session;
    if (!s)
        return;
    const auto profile = m_auth->profileStore()->find(m_profileId);
    m_title->setText(profile ? tr("%1 — %2").arg(profile->name, kindDisplayName(profile->kind))
                             : QString());
    const Token *token = s->token() ? &*s->token() : nullptr;
    m_type->setText(token ? (token->tokenType.isEmpty() ? tr("(not given)") : token->tokenType)
                          : QStringLiteral("—"));
    m_scope->setText(token ? (token->scope.isEmpty() ? tr("(not given)") : token->scope)
                           : QStringLiteral("—"));
    m_obtained->setText(
        token ? tr("%1%2").arg(tokenstatus::localTime(token->obtainedAt),
                               s->tokenFromCache() ? tr(" (from the keychain cache)") : QString())
              : QStringLiteral("—"));
    if (token && !token->warning.isEmpty())
        m_warning->showNotice(NoticeBar::Kind::Warning, token->warning);
    else
        m_warning->clearNotice();
    m_jwt->setToken(token ? token->accessToken : QString());
    if (profile)
        m_horizons->showHorizons(*profile, token, m_auth->clock()->utcNow());
    showState();
}

void TokenPanel::showState()
{
    AuthSession *s = m_session;
    if (!s)
        return;
    const bool hasToken = s->token().has_value();
    QString state = tokenstatus::stateText(s->state());
    if (s->isFetching() && hasToken)
        state = tr("%1 — renewing…").arg(state);
    m_state->setText(state);
    if (s->lastError() && s->lastError()->code == Error::Code::SignInRequired && !hasToken)
        m_error->showNotice(NoticeBar::Kind::Info,
                            tr("This profile signs in in the browser or with a code: press "
                               "Refresh now to start."));
    else if (s->lastError() && s->state() != AuthSession::State::Valid)
        m_error->showNotice(NoticeBar::Kind::Error, s->lastError()->toString());
    else if (s->lastError() && hasToken)
        m_error->showNotice(NoticeBar::Kind::Warning,
                            tr("The last refresh failed: %1").arg(s->lastError()->toString()));
    else
        m_error->clearNotice();
    m_copyToken->setEnabled(hasToken);
    m_copyHeader->setEnabled(hasToken);
    m_refresh->setEnabled(!s->isFetching());
    updateTokenActions();
    tick();
}

void TokenPanel::tick()
{
    AuthSession *s = session();
    if (!s)
        return;
    const qint64 left = s->remainingMs();
    const qint64 lifetime = s->lifetimeMs();
    if (!s->token()) {
        m_countdown->setText(QStringLiteral("--:--"));
        m_expires->setText(QStringLiteral("—"));
    } else if (left < 0) {
        m_countdown->setText(tr("no expiry"));
        m_expires->setText(tr("unknown (the server did not say)"));
    } else {
        m_countdown->setText(tokenstatus::countdown(left));
        m_expires->setText(tokenstatus::localTime(s->expiresAt()));
    }
    m_lifetime->setValue(
        left > 0 && lifetime > 0 ? int(std::min<qint64>(1000, left * 1000 / lifetime)) : 0);
    m_countdown->setAccessibleDescription(m_countdown->text());
}

void TokenPanel::refreshNow()
{
    m_revokedProfile = QUuid();
    if (AuthSession *s = session())
        s->refresh();
}

QString TokenPanel::headerLine() const
{
    if (!m_session || !m_session->token())
        return {};
    const Token &token = *m_session->token();
    if (token.tokenType == QLatin1String("QSDK"))
        return QStringLiteral("Authtoken: ") + token.accessToken;
    return QStringLiteral("Authorization: Bearer ") + token.accessToken;
}

void TokenPanel::copyToken()
{
    if (!m_session || !m_session->token())
        return;
    m_clipboard->setText(m_session->token()->accessToken);
    m_auth->audit()->recordCopy(m_session->profileId(), m_session->customerId(), tr("token"));
    Q_EMIT statusMessage(tr("Token copied."));
}

void TokenPanel::copyHeader()
{
    const QString line = headerLine();
    if (line.isEmpty())
        return;
    m_clipboard->setText(line);
    if (m_session)
        m_auth->audit()->recordCopy(m_session->profileId(), m_session->customerId(),
                                    line.section(QLatin1Char(':'), 0, 0) + tr(" header"));
    Q_EMIT statusMessage(tr("Header copied."));
}

void TokenPanel::setAutoRefreshEnabled(bool on)
{
    m_autoRefresh->setChecked(on); // toggled → setAutoRefresh, as a click would
}

void TokenPanel::setAutoRefresh(bool on)
{
    AuthSession *s = session();
    if (!s)
        return;
    s->setAutoRefresh(on);
    Q_EMIT autoRefreshShown(on);
    auto profile = m_auth->profileStore()->find(m_profileId);
    if (!profile || profile->options.autoRefresh == on)
        return;
    profile->options.autoRefresh = on;
    m_auth->profileService()->updateProfile(*profile, {}, this, [this](Result<Profile> result) {
        if (!result)
            Q_EMIT statusMessage(
                tr("Could not save the auto-refresh setting: %1").arg(result.error().toString()));
    });
}

void TokenPanel::checkEndpoints()
{
    m_revokeWhyNot.clear();
    m_introspectWhyNot.clear();
    const auto profile = m_auth->profileStore()->find(m_profileId);
    if (!profile) {
        m_revokeWhyNot = m_introspectWhyNot = tr("No profile is selected.");
        updateTokenActions();
        return;
    }
    if (profile->kind != ProviderKind::OAuth2 && profile->kind != ProviderKind::Oidc) {
        m_revokeWhyNot = m_introspectWhyNot =
            tr("%1 has no standard revocation or introspection (RFC 7009 / RFC 7662).")
                .arg(kindDisplayName(profile->kind));
        updateTokenActions();
        return;
    }
    const bool bothSet = !profile->revocationUrl.isEmpty() && !profile->introspectionUrl.isEmpty();
    if (bothSet || !profile->usesDiscovery()) {
        if (profile->revocationUrl.isEmpty())
            m_revokeWhyNot = tr("The profile names no revocation endpoint and has no issuer to "
                                "discover one: set its Revocation URL.");
        if (profile->introspectionUrl.isEmpty())
            m_introspectWhyNot = tr("The profile names no introspection endpoint and has no "
                                    "issuer to discover one: set its Introspection URL.");
        updateTokenActions();
        return;
    }
    // Discovery answers from its cache when the token was fetched through it.
    const QString checking = tr("Reading the provider's discovery document…");
    if (profile->revocationUrl.isEmpty())
        m_revokeWhyNot = checking;
    if (profile->introspectionUrl.isEmpty())
        m_introspectWhyNot = checking;
    updateTokenActions();
    const auto flavour = profile->kind == ProviderKind::Oidc ? DiscoveryClient::Flavour::OpenIdFirst
                                                             : DiscoveryClient::Flavour::OAuthFirst;
    const QUuid id = m_profileId;
    const Profile p = *profile;
    m_auth->discovery()->discover(
        p.issuer, flavour, m_auth->transport(p), this,
        [this, id, p](Result<DiscoveryDocument> doc) {
            if (id != m_profileId)
                return; // another profile is shown now
            auto verdict = [&](const QUrl &configured, const QUrl &advertised,
                               const QString &member, const QString &field) {
                if (!configured.isEmpty())
                    return QString();
                if (!doc)
                    return tr("Discovery failed: %1").arg(doc.error().message);
                if (advertised.isValid() && !advertised.isEmpty())
                    return QString();
                return tr("The provider advertises no %1; set the profile's %2 if it has one.")
                    .arg(member, field);
            };
            m_revokeWhyNot = verdict(p.revocationUrl, doc ? doc.value().revocationEndpoint : QUrl(),
                                     QStringLiteral("revocation_endpoint"), tr("Revocation URL"));
            m_introspectWhyNot =
                verdict(p.introspectionUrl, doc ? doc.value().introspectionEndpoint : QUrl(),
                        QStringLiteral("introspection_endpoint"), tr("Introspection URL"));
            updateTokenActions();
        });
}

bool TokenPanel::canIntrospect() const
{
    return introspectWhyNot().isEmpty();
}

QString TokenPanel::introspectWhyNot() const
{
    if (!m_introspectWhyNot.isEmpty())
        return m_introspectWhyNot;
    if (!m_session || !m_session->token())
        return tr("There is no token to introspect yet: get one first.");
    return {};
}

void TokenPanel::updateTokenActions()
{
    const QString revoke = m_busy ? tr("Waiting for the provider…") : m_revokeWhyNot;
    const QString introspect = m_busy ? tr("Waiting for the provider…") : introspectWhyNot();
    // A disabled button says why in its tooltip.
    m_revoke->setEnabled(revoke.isEmpty());
    m_revoke->setToolTip(revoke.isEmpty() ? tr("Revoke the refresh and access tokens at the "
                                               "provider and forget them")
                                          : revoke);
    m_introspect->setEnabled(introspect.isEmpty());
    m_introspect->setToolTip(introspect.isEmpty()
                                 ? tr("Ask the provider whether the token is active, and what "
                                      "it grants")
                                 : introspect);
    Q_EMIT tokenActionsChanged();
}

void TokenPanel::revokeTokens()
{
    if (!canRevoke() || m_busy) {
        if (!m_revokeWhyNot.isEmpty())
            Q_EMIT statusMessage(m_revokeWhyNot);
        return;
    }
    if (findChild<QMessageBox *>(QStringLiteral("confirmRevoke")))
        return; // already asking
    const auto profile = m_auth->profileStore()->find(m_profileId);
    if (!profile)
        return;
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Revoke Tokens"),
                                tr("Revoke the tokens of “%1” at the provider?").arg(profile->name),
                                QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("confirmRevoke"));
    box->setInformativeText(tr("The refresh token and the access token stop working and "
                               "Tokenwright forgets them. Getting a new token then needs the "
                               "grant again (a new sign-in for a device-code profile)."));
    QPushButton *revoke = box->addButton(tr("Revoke"), QMessageBox::DestructiveRole);
    revoke->setObjectName(QStringLiteral("confirmRevokeButton"));
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(revoke, &QPushButton::clicked, this, &TokenPanel::startRevoke);
    box->open(); // not exec(): no nested event loop
}

void TokenPanel::startRevoke()
{
    const QUuid id = m_profileId;
    const auto profile = m_auth->profileStore()->find(id);
    if (!profile)
        return;
    m_busy = true;
    updateTokenActions();
    m_actionResult->showNotice(NoticeBar::Kind::Info, tr("Revoking at the provider…"));
    auto *revoker = new TokenRevoker(m_auth, id, this);
    revoker->revoke([this, revoker, id, name = profile->name](Result<TokenRevoker::Revoked> r) {
        revoker->deleteLater();
        m_busy = false;
        if (!r) {
            const QString text = tr("Not revoked: %1").arg(r.error().toString());
            if (id == m_profileId)
                m_actionResult->showNotice(NoticeBar::Kind::Error, text);
            Q_EMIT statusMessage(text);
            updateTokenActions();
            return;
        }
        const auto &done = r.value();
        const QString text =
            !done.hadAccessToken && !done.hadRefreshToken
                ? tr("“%1” held no cached token: nothing to revoke.").arg(name)
            : done.hadRefreshToken
                ? tr("Revoked the refresh token and the access token of “%1”.").arg(name)
                : tr("Revoked the access token of “%1”.").arg(name);
        if (id == m_profileId) {
            // The engine dropped the profile's sessions: show the new, empty one and do not
            // fetch a token behind the user's back.
            m_revokedProfile = id;
            attach();
            m_actionResult->showNotice(NoticeBar::Kind::Info,
                                       tr("%1 Refresh (Ctrl+R) gets a new token.").arg(text));
        }
        Q_EMIT statusMessage(text);
        updateTokenActions();
    });
}

void TokenPanel::introspectToken()
{
    if (!canIntrospect() || m_busy) {
        Q_EMIT statusMessage(introspectWhyNot());
        return;
    }
    const auto profile = m_auth->profileStore()->find(m_profileId);
    if (!profile)
        return;
    m_busy = true;
    updateTokenActions();
    const QUuid id = m_profileId;
    auto *revoker = new TokenRevoker(m_auth, id, this);
    revoker->introspect(
        m_session->token()->accessToken, QStringLiteral("access_token"),
        [this, revoker, id, name = profile->name](Result<QJsonObject> answer) {
            revoker->deleteLater();
            m_busy = false;
            updateTokenActions();
            if (!answer) {
                const QString text = tr("Introspection failed: %1").arg(answer.error().toString());
                if (id == m_profileId)
                    m_actionResult->showNotice(NoticeBar::Kind::Error, text);
                Q_EMIT statusMessage(text);
                return;
            }
            m_actionResult->clearNotice();
            auto *dialog =
                new IntrospectionDialog(name, answer.value(), m_auth->clock()->utcNow(), this);
            dialog->setAttribute(Qt::WA_DeleteOnClose);
            dialog->show();
            Q_EMIT statusMessage(tr("The provider answered about the token of “%1”.").arg(name));
        });
}

} // namespace tw
