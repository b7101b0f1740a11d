#pragma once

#include "profiles/profile.h"
#include "profiles/profileservice.h"

#include <QDialog>
#include <optional>

class QAction;
class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace tw {

class AuthManager;
class CommvaultFields;
class NoticeBar;
class ProfileTester;
class SecretField;

// Creates or edits one profile: kind presets fill the URLs (docs/providers.md), validation runs
// on every keystroke, the secret is masked with a reveal action, OIDC/OAuth 2.0 profiles can
// run discovery, and "Test" fetches a token without saving. Saving goes through
// ProfileService; after an edit the engine forgets the profile's sessions and cached tokens.
class ProfileEditor : public QDialog
{
    Q_OBJECT
public:
    ProfileEditor(AuthManager *auth, const std::optional<Profile> &existing,
                  QWidget *parent = nullptr);

    bool isEditing() const { return m_existing.has_value(); }
    // The profile as the fields describe it now.
    Profile profile() const;
    ProfileService::Secrets secrets() const;
    // The first problem that keeps Save disabled; empty when the profile can be saved.
    QString problem() const;
    // A new profile of this kind (its preset), not counted as a change.
    void startWith(ProviderKind kind);
    // A new profile filled from `copy` (Duplicate): every setting, no secret. A note says
    // that the secrets of `sourceName` were not copied.
    void startFromCopy(const Profile &copy, const QString &sourceName);
    // Whether the fields differ from what was loaded (a typed secret counts).
    bool hasChanges() const;

public Q_SLOTS:
    void accept() override;
    // Asks before dropping changes (Esc, Cancel, the window's close button).
    void reject() override;
    void discover();
    void test();

Q_SIGNALS:
    void saved(const tw::Profile &profile);

private:
    void buildForm();
    void buildIdentityFields();
    void buildEndpointFields();
    void buildCredentialFields();
    void buildGrantFields();
    void buildKeyFields();
    void buildPairedRows();
    void buildScopeFields();
    void buildTransportFields();
    void buildFormRows();
    void buildNoticesAndButtons();
    void connectValidation();
    void connectStaleResults();
    void load(const Profile &profile);
    void applyPreset();
    void updateVisibility();
    void validate();
    void setRow(QWidget *field, bool visible);
    QByteArray fingerprint() const;
    QByteArray saveFingerprint() const;
    void showKeychainState();
    // Discovery and Test results describe the fields as they were: gone once they change.
    void dropStaleResults(bool discoveryToo);
    void updateButtons(const QString &problem);
    // The Commvault part's labels as wide as the main form's: one left edge for the fields.
    void alignLabels();
    void buildSignInRow();
    QList<QPair<QString, QString>> extraParams(QString *problem = nullptr) const;
    void browseCaFile();
    void loadKeyFile();
    void loadKeyFrom(const QString &path);
    // The typed or loaded PEM key (private_key_jwt), empty when none was given.
    QByteArray privateKeyPem() const;
    // The core's verdict on the key for the chosen algorithm; empty when it can sign.
    QString keyProblem() const;
    // Whether the profile being edited has `entry` in the keychain (an imported or copied
    // profile has none yet).
    bool hasStoredSecret(const QString &entry) const;
    void showKeyState();

    AuthManager *m_auth;
    std::optional<Profile> m_existing;
    Profile m_base; // what a new profile starts from (a preset, or the copy of another)
    bool m_loading = false;
    bool m_saving = false;
    bool m_discardConfirmed = false;
    QByteArray m_loaded;      // fingerprint() right after load()
    QString m_saveError;      // outlives validate() until a field changes
    QString m_keyFileProblem; // a key file that could not be read, until the key changes
    QByteArray m_saveFingerprint;

    QFormLayout *m_form = nullptr;
    QLineEdit *m_name = nullptr;
    QComboBox *m_kind = nullptr;
    QComboBox *m_region = nullptr;
    QLineEdit *m_tokenUrl = nullptr;
    QLineEdit *m_issuer = nullptr;
    QWidget *m_discoverRow = nullptr;
    QPushButton *m_discover = nullptr;
    QLabel *m_discovered = nullptr;
    QLineEdit *m_apiBase = nullptr;
    QLineEdit *m_clientId = nullptr;
    SecretField *m_secret = nullptr;
    QLineEdit *m_secretCommand = nullptr; // its output is the secret (docs: README)
    QAction *m_useCommand = nullptr;      // shows m_secretCommand (on the secret field)
    QComboBox *m_grant = nullptr;
    QLabel *m_grantHelp = nullptr;
    QWidget *m_grantRow = nullptr;  // the grant, and beside it the sign-in fields
    QWidget *m_signInRow = nullptr; // authorization code: redirect port, prompt, login hint
    QSpinBox *m_redirectPort = nullptr;
    QComboBox *m_prompt = nullptr;
    QLineEdit *m_loginHint = nullptr;
    QComboBox *m_clientAuth = nullptr;
    QLabel *m_clientAuthHelp = nullptr;
    QWidget *m_keyRow = nullptr;
    QWidget *m_keyIdRow = nullptr;     // key id and signing algorithm
    QWidget *m_endpointsRow = nullptr; // revocation and introspection URLs
    QWidget *m_scopeRow = nullptr;     // scope, and the audience for oauth2
    QLabel *m_audienceLabel = nullptr;
    QPlainTextEdit *m_privateKey = nullptr;
    QPushButton *m_loadKey = nullptr;
    QLabel *m_keyState = nullptr;
    QLineEdit *m_keyId = nullptr;
    QComboBox *m_signingAlg = nullptr;
    QLineEdit *m_revocationUrl = nullptr;
    QLineEdit *m_introspectionUrl = nullptr;
    NoticeBar *m_copyNote = nullptr;
    QLineEdit *m_scope = nullptr;
    QLineEdit *m_audience = nullptr;
    QLineEdit *m_resource = nullptr;
    QPlainTextEdit *m_extraParams = nullptr;
    QWidget *m_caRow = nullptr;
    QLineEdit *m_caFile = nullptr;
    QCheckBox *m_allowHttp = nullptr;
    QCheckBox *m_verifyTls = nullptr;
    CommvaultFields *m_commvault = nullptr;
    NoticeBar *m_keychain = nullptr;
    NoticeBar *m_validation = nullptr;
    NoticeBar *m_testResult = nullptr;
    QPushButton *m_test = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    ProfileTester *m_tester = nullptr;
};

} // namespace tw
