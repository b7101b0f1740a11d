#include "ui/profiles/commvaultfields.h"

#include "auth/commvaultpair.h"
#include "ui/profiles/secretfield.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QFormLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QSpinBox>
#include <QVBoxLayout>

namespace tw {

CommvaultFields::CommvaultFields(QWidget *parent)
    : QWidget(parent), m_mode(new QComboBox(this)), m_tokenPage(new QWidget(this)),
      m_loginPage(new QWidget(this)), m_access(new SecretField(this)),
      m_refresh(new SecretField(this)), m_scope(new QComboBox(this)),
      m_created(new QDateTimeEdit(this)), m_legacy(new QCheckBox(this)),
      m_horizon(new QSpinBox(this)), m_username(new QLineEdit(this)),
      m_password(new SecretField(this)), m_domain(new QLineEdit(this))
{
    m_mode->setObjectName(QStringLiteral("cvModeCombo"));
    m_mode->addItem(tr("Access token (recommended)"), int(CommvaultMode::AccessToken));
    m_mode->addItem(tr("Login session (username and password)"), int(CommvaultMode::LoginSession));
    m_mode->setAccessibleName(tr("Commvault sign-in mode"));

    m_access->setObjectName(QStringLiteral("cvAccessTokenEdit"));
    m_access->setAccessibleName(tr("Access token"));
    m_refresh->setObjectName(QStringLiteral("cvRefreshTokenEdit"));
    m_refresh->setAccessibleName(tr("Refresh token"));
    m_scope->setObjectName(QStringLiteral("cvScopeCombo"));
    m_scope->setAccessibleName(tr("Token scope"));
    m_scope->addItem(tr("All"), int(CommvaultScope::All));
    m_scope->addItem(tr("Custom (listed APIs)"), int(CommvaultScope::Custom));
    m_scope->addItem(tr("Microsoft SCIM"), int(CommvaultScope::Scim));
    m_scope->addItem(tr("1-Touch recovery"), int(CommvaultScope::OneTouch));
    m_created->setObjectName(QStringLiteral("cvCreatedEdit"));
    m_created->setAccessibleName(tr("Token creation time"));
    m_created->setCalendarPopup(true);
    m_created->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
    m_legacy->setObjectName(QStringLiteral("cvLegacyCheck"));
    m_legacy->setText(tr("Legacy token (made before 11.38): valid until expiry, never renewed"));
    m_horizon->setObjectName(QStringLiteral("cvHorizonSpin"));
    m_horizon->setAccessibleName(tr("Renewal horizon in days"));
    m_horizon->setRange(1, 36500);
    m_horizon->setSuffix(tr(" days"));
    m_horizon->setToolTip(tr("How long after creation renewals are allowed: 90 days by default, "
                             "extendable to 365 on the CommServe."));

    auto *tokenForm = new QFormLayout(m_tokenPage);
    tokenForm->setContentsMargins(0, 0, 0, 0);
    tokenForm->addRow(tr("Access &token:"), m_access);
    tokenForm->addRow(tr("Re&fresh token:"), m_refresh);
    tokenForm->addRow(tr("Sco&pe:"), m_scope);
    tokenForm->addRow(tr("Created:"), m_created);
    tokenForm->addRow(tr("Renewals for:"), m_horizon);
    tokenForm->addRow(QString(), m_legacy);

    m_username->setObjectName(QStringLiteral("cvUsernameEdit"));
    m_username->setAccessibleName(tr("Username"));
    m_password->setObjectName(QStringLiteral("cvPasswordEdit"));
    m_password->setAccessibleName(tr("Password"));
    m_domain->setObjectName(QStringLiteral("cvDomainEdit"));
    m_domain->setAccessibleName(tr("Domain"));
    m_domain->setPlaceholderText(tr("optional"));
    auto *loginForm = new QFormLayout(m_loginPage);
    loginForm->setContentsMargins(0, 0, 0, 0);
    loginForm->addRow(tr("&Username:"), m_username);
    loginForm->addRow(tr("Pass&word:"), m_password);
    loginForm->addRow(tr("&Domain:"), m_domain);

    auto *modeForm = new QFormLayout;
    modeForm->setContentsMargins(0, 0, 0, 0);
    modeForm->addRow(tr("Sign in &with:"), m_mode);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(modeForm);
    layout->addWidget(m_tokenPage);
    layout->addWidget(m_loginPage);

    connect(m_mode, &QComboBox::currentIndexChanged, this, &CommvaultFields::updateMode);
    for (QLineEdit *edit : {m_access, m_refresh, m_username, m_password, m_domain})
        connect(edit, &QLineEdit::textChanged, this, &CommvaultFields::changed);
    connect(m_scope, &QComboBox::currentIndexChanged, this, &CommvaultFields::changed);
    connect(m_created, &QDateTimeEdit::dateTimeChanged, this, &CommvaultFields::changed);
    connect(m_legacy, &QCheckBox::toggled, this, &CommvaultFields::changed);
    connect(m_horizon, &QSpinBox::valueChanged, this, &CommvaultFields::changed);
    updateMode();
}

void CommvaultFields::updateMode()
{
    const bool login = m_mode->currentData().toInt() == int(CommvaultMode::LoginSession);
    m_tokenPage->setVisible(!login);
    m_loginPage->setVisible(login);
    Q_EMIT changed();
}

void CommvaultFields::load(const Profile &profile, bool editing)
{
    const CommvaultSettings &cv = profile.commvault;
    m_mode->setCurrentIndex(m_mode->findData(int(cv.mode)));
    m_scope->setCurrentIndex(m_scope->findData(int(cv.scope)));
    m_created->setDateTime(cv.created.isValid() ? cv.created.toLocalTime()
                                                : QDateTime::currentDateTime());
    m_legacy->setChecked(cv.legacy);
    m_horizon->setValue(cv.renewalHorizonDays);
    m_username->setText(cv.username);
    m_domain->setText(cv.domain);
    const QString keep = editing ? tr("stored in the keychain — leave empty to keep") : QString();
    m_access->setPlaceholderText(keep);
    m_refresh->setPlaceholderText(keep);
    m_password->setPlaceholderText(keep);
    updateMode();
}

void CommvaultFields::apply(Profile &profile) const
{
    CommvaultSettings &cv = profile.commvault;
    cv.mode = CommvaultMode(m_mode->currentData().toInt());
    cv.scope = CommvaultScope(m_scope->currentData().toInt());
    cv.created = m_created->dateTime().toUTC();
    cv.legacy = m_legacy->isChecked();
    cv.renewalHorizonDays = m_horizon->value();
    cv.username = m_username->text().trimmed();
    cv.domain = m_domain->text().trimmed();
}

ProfileService::Secrets CommvaultFields::secrets(const Profile &profile, const QDateTime &now) const
{
    ProfileService::Secrets out;
    if (profile.commvault.mode == CommvaultMode::LoginSession) {
        if (!m_password->text().isEmpty())
            out.insert(SecretEntry::Password, m_password->text().toUtf8());
        return out;
    }
    if (m_access->text().trimmed().isEmpty())
        return out;
    // "now" is only the fallback for the token's issue time: the horizons follow from the
    // creation time in the profile.
    const CommvaultPair pair = CommvaultPair::initial(profile, m_access->text().trimmed(),
                                                      m_refresh->text().trimmed(), now);
    out.insert(SecretEntry::CommvaultPair,
               QJsonDocument(pair.toJson()).toJson(QJsonDocument::Compact));
    return out;
}

QString CommvaultFields::missingSecret(bool editing) const
{
    const bool login = m_mode->currentData().toInt() == int(CommvaultMode::LoginSession);
    if (login)
        return !editing && m_password->text().isEmpty() ? tr("Enter the password.") : QString();
    const bool hasAccess = !m_access->text().trimmed().isEmpty();
    const bool hasRefresh = !m_refresh->text().trimmed().isEmpty();
    if (!editing && !hasAccess)
        return tr("Paste the access token made in Command Center.");
    if (hasRefresh && !hasAccess)
        return tr("Paste the access token together with its refresh token.");
    const auto scope = CommvaultScope(m_scope->currentData().toInt());
    const bool renewable = scope == CommvaultScope::All || scope == CommvaultScope::Custom;
    if (hasAccess && !hasRefresh && renewable && !m_legacy->isChecked())
        return tr("Paste the refresh token too: All and Custom tokens are renewed with it.");
    return {};
}

} // namespace tw
