#pragma once

#include "profiles/profile.h"
#include "profiles/profileservice.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace tw {

// The Commvault part of the profile editor: access-token mode (access + refresh token as
// made in Command Center, scope, creation time, legacy flag, renewal horizon) or a legacy
// login session (username, password, domain).
class CommvaultFields : public QWidget
{
    Q_OBJECT
public:
    explicit CommvaultFields(QWidget *parent = nullptr);

    void load(const Profile &profile, bool editing);
    void apply(Profile &profile) const;
    // Keychain entries from the fields; empty fields keep what is stored (editing).
    ProfileService::Secrets secrets(const Profile &profile, const QDateTime &now) const;
    // A problem the profile's own validate() cannot see (secrets are not in the profile).
    QString missingSecret(bool editing) const;

Q_SIGNALS:
    void changed();

private:
    void updateMode();

    QComboBox *m_mode;
    QWidget *m_tokenPage;
    QWidget *m_loginPage;
    QLineEdit *m_access;
    QLineEdit *m_refresh;
    QComboBox *m_scope;
    QDateTimeEdit *m_created;
    QCheckBox *m_legacy;
    QSpinBox *m_horizon;
    QLineEdit *m_username;
    QLineEdit *m_password;
    QLineEdit *m_domain;
};

} // namespace tw
