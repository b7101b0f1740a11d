#include "ui/profiles/profileeditor.h"

#include "auth/authmanager.h"
#include "auth/clientassertion.h"
#include "auth/transportpolicy.h"
#include "profiles/profilestore.h"
#include "profiles/secretcommand.h"
#include "ui/common/icons.h"
#include "ui/common/noticebar.h"
#include "ui/common/palettecolors.h"
#include "ui/profiles/commvaultfields.h"
#include "ui/profiles/profiletester.h"
#include "ui/profiles/secretfield.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCryptographicHash>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace tw {

namespace {
QLineEdit *lineEdit(const QString &objectName, const QString &accessible, QWidget *parent)
{
    auto *edit = new QLineEdit(parent);
    edit->setObjectName(objectName);
    edit->setAccessibleName(accessible);
    return edit;
}

// A row of fields in one form row: no margins of its own, so it lines up with the others.
QHBoxLayout *rowLayout(QWidget *row)
{
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    return layout;
}

// Two fields on one row, the second with its own label (the row's label names the first).
QLabel *pairRow(QWidget *row, QWidget *first, const QString &label, QWidget *second,
                int secondStretch)
{
    auto *layout = rowLayout(row);
    layout->addWidget(first, 1);
    auto *secondLabel = new QLabel(label, row);
    secondLabel->setBuddy(second);
    layout->addWidget(secondLabel);
    layout->addWidget(second, secondStretch);
    return secondLabel;
}

QString clientAuthHelp(ClientAuth auth)
{
    switch (auth) {
    case ClientAuth::BasicRaw:
        return ProfileEditor::tr("HTTP Basic over the raw \"id:secret\" (Druva's documented way).");
    case ClientAuth::ClientSecretBasic:
        return ProfileEditor::tr("HTTP Basic with id and secret form-encoded first (RFC 6749 "
                                 "§2.3.1); differs from raw only for secrets with + / = : %.");
    case ClientAuth::ClientSecretPost:
        return ProfileEditor::tr("client_id and client_secret in the form body.");
    case ClientAuth::None:
        return ProfileEditor::tr("No client authentication (public client).");
    case ClientAuth::ClientSecretJwt:
        return ProfileEditor::tr("A short-lived JWT signed with the client secret (HS256).");
    case ClientAuth::PrivateKeyJwt:
        return ProfileEditor::tr("A short-lived JWT signed with the profile's private key (RFC "
                                 "7523).");
    }
    return {};
}

QString grantHelp(Grant grant)
{
    switch (grant) {
    case Grant::ClientCredentials:
        return ProfileEditor::tr("The client's own credential gets the token; no user signs in.");
    case Grant::DeviceCode:
        return ProfileEditor::tr("A user signs in with a code Tokenwright shows (RFC 8628); "
                                 "needs the issuer's discovery.");
    case Grant::AuthorizationCode:
        return ProfileEditor::tr("A user signs in in the system browser, which comes back to "
                                 "127.0.0.1 (PKCE, RFC 8252); needs the issuer's discovery.");
    }
    return {};
}

// The client-auth choice "auto" (Profile::clientAuthAuto), beside the ClientAuth values.
constexpr int kAutoClientAuth = -1;

// A PEM key is a few kilobytes; a larger file is not one (the CLI has the same bound).
constexpr qint64 kMaxPemBytes = 64 * 1024;
} // namespace

ProfileEditor::ProfileEditor(AuthManager *auth, const std::optional<Profile> &existing,
                             QWidget *parent)
    : QDialog(parent), m_auth(auth), m_existing(existing),
      m_tester(new ProfileTester(auth->profileService(), this))
{
    setObjectName(QStringLiteral("profileEditor"));
    setWindowTitle(existing ? tr("Edit Profile — %1").arg(existing->name) : tr("New Profile"));
    buildForm();
    load(existing ? *existing : Profile::preset(ProviderKind::DruvaMsp));
    connect(m_tester, &ProfileTester::finished, this, [this](bool ok, const QString &report) {
        updateButtons(problem());
        m_test->setFocus(); // disabling it sent the focus elsewhere
        m_testResult->showNotice(ok ? NoticeBar::Kind::Info : NoticeBar::Kind::Error, report);
    });
}

// Tab order is the order the widgets are made in (Qt chains focus that way): the steps below
// run in that order, and a new field goes where its tab stop belongs.
void ProfileEditor::buildForm()
{
    buildIdentityFields();
    buildEndpointFields();
    buildCredentialFields();
    buildGrantFields();
    buildKeyFields();
    buildPairedRows();
    buildScopeFields();
    buildTransportFields();
    m_commvault = new CommvaultFields(this);
    buildFormRows();
    buildNoticesAndButtons();

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_keychain);
    layout->addWidget(m_copyNote);
    layout->addLayout(m_form);
    layout->addWidget(m_validation);
    layout->addWidget(m_testResult);
    layout->addStretch(1);
    layout->addWidget(m_buttons);
    setMinimumWidth(640);

    connectValidation();
    connectStaleResults();
    SecretStore &store = m_auth->profileService()->secretStore();
    connect(&store, &SecretStore::persistenceLost, this, &ProfileEditor::showKeychainState);
    showKeychainState();
}

void ProfileEditor::buildIdentityFields()
{
    m_name = lineEdit(QStringLiteral("nameEdit"), tr("Profile name"), this);
    m_kind = new QComboBox(this);
    m_kind->setObjectName(QStringLiteral("kindCombo"));
    m_kind->setAccessibleName(tr("Provider kind"));
    for (ProviderKind kind : {ProviderKind::DruvaMsp, ProviderKind::Druva, ProviderKind::Oidc,
                              ProviderKind::Commvault, ProviderKind::OAuth2})
        m_kind->addItem(kindDisplayName(kind), int(kind));
    m_region = new QComboBox(this);
    m_region->setObjectName(QStringLiteral("regionCombo"));
    m_region->setAccessibleName(tr("Druva region"));
    m_region->addItem(tr("Druva Cloud"), QString());
    m_region->addItem(tr("GovCloud"), QStringLiteral("govcloud"));
}

void ProfileEditor::buildEndpointFields()
{
    m_tokenUrl = lineEdit(QStringLiteral("tokenUrlEdit"), tr("Token URL"), this);
    m_issuer = lineEdit(QStringLiteral("issuerEdit"), tr("Issuer URL"), this);
    m_discover = new QPushButton(tr("&Discover"), this);
    m_discover->setObjectName(QStringLiteral("discoverButton"));
    m_discover->setToolTip(tr("Read the issuer's discovery document"));
    m_discoverRow = new QWidget(this);
    auto *issuerRow = rowLayout(m_discoverRow);
    issuerRow->addWidget(m_issuer, 1);
    issuerRow->addWidget(m_discover);
    m_discovered = new QLabel(this);
    m_discovered->setObjectName(QStringLiteral("discoveryLabel"));
    m_discovered->setWordWrap(true);
    m_discovered->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // QFormLayout's ExpandingFieldsGrow only widens fields whose policy says Expanding.
    m_discovered->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    m_apiBase = lineEdit(QStringLiteral("apiBaseEdit"), tr("API base URL"), this);
}

// Client ID, secret (or the command that prints it) and how the client authenticates.
void ProfileEditor::buildCredentialFields()
{
    m_clientId = lineEdit(QStringLiteral("clientIdEdit"), tr("Client ID"), this);
    m_secret = new SecretField(this);
    m_secret->setObjectName(QStringLiteral("secretEdit"));
    m_secret->setAccessibleName(tr("Client secret"));
    m_secretCommand = lineEdit(QStringLiteral("secretCommandEdit"), tr("Secret command"), this);
    m_secretCommand->setPlaceholderText(tr("optional: e.g. pass show team/druva — its output is "
                                           "the secret, never stored"));
    m_secretCommand->setToolTip(tr("Run without a shell each time the secret is needed; "
                                   "when set, no secret is kept in the keychain."));
    // The command row appears on demand: most profiles keep their secret in the keychain, and
    // the form must fit a 1280×720 screen.
    m_useCommand = m_secret->addAction(icons::command(), QLineEdit::TrailingPosition);
    m_useCommand->setObjectName(QStringLiteral("useSecretCommandAction"));
    m_useCommand->setCheckable(true);
    m_useCommand->setToolTip(tr("Get the secret from a command (pass, op, vault …) instead"));
    connect(m_useCommand, &QAction::toggled, this, [this](bool on) {
        if (!on)
            m_secretCommand->clear();
        if (m_loading)
            return;
        updateVisibility();
        if (on)
            m_secretCommand->setFocus();
    });
    m_clientAuth = new QComboBox(this);
    m_clientAuth->setObjectName(QStringLiteral("clientAuthCombo"));
    m_clientAuth->setAccessibleName(tr("Client authentication"));
    m_clientAuth->addItem(tr("HTTP Basic, raw values"), int(ClientAuth::BasicRaw));
    m_clientAuth->addItem(tr("HTTP Basic, RFC 6749 (client_secret_basic)"),
                          int(ClientAuth::ClientSecretBasic));
    m_clientAuth->addItem(tr("In the form body (client_secret_post)"),
                          int(ClientAuth::ClientSecretPost));
    m_clientAuth->addItem(tr("None"), int(ClientAuth::None));
    // Listed so that editing such a profile keeps its method (the key itself is set with the
    // CLI and never shown here).
    m_clientAuth->addItem(tr("Signed JWT, client secret (client_secret_jwt)"),
                          int(ClientAuth::ClientSecretJwt));
    m_clientAuth->addItem(tr("Signed JWT, private key (private_key_jwt)"),
                          int(ClientAuth::PrivateKeyJwt));
    m_clientAuth->addItem(tr("Automatic (what discovery advertises)"), kAutoClientAuth);
    m_clientAuthHelp = new QLabel(this);
    m_clientAuthHelp->setObjectName(QStringLiteral("clientAuthHelp"));
    m_clientAuthHelp->setWordWrap(true);
    m_clientAuthHelp->setForegroundRole(QPalette::PlaceholderText);
    m_clientAuthHelp->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
}

void ProfileEditor::buildGrantFields()
{
    m_grant = new QComboBox(this);
    m_grant->setObjectName(QStringLiteral("grantCombo"));
    m_grant->setAccessibleName(tr("Grant"));
    // One entry per Grant (kinds.h), in this order.
    m_grant->addItem(tr("Client credentials"), int(Grant::ClientCredentials));
    // Short names: the browser sign-in's fields share the row; the help line says more.
    m_grant->addItem(tr("Device code"), int(Grant::DeviceCode));
    m_grant->setItemData(1, tr("Sign in on another device with a code"), Qt::ToolTipRole);
    m_grant->addItem(tr("Authorization code"), int(Grant::AuthorizationCode));
    m_grant->setItemData(2, tr("Sign in in the system browser"), Qt::ToolTipRole);
    buildSignInRow();
    m_grantHelp = new QLabel(this);
    m_grantHelp->setObjectName(QStringLiteral("grantHelp"));
    m_grantHelp->setWordWrap(true);
    m_grantHelp->setForegroundRole(QPalette::PlaceholderText);
    m_grantHelp->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
}

// private_key_jwt: the PEM key (pasted or loaded), its id and the signing algorithm.
void ProfileEditor::buildKeyFields()
{
    m_privateKey = new QPlainTextEdit(this);
    m_privateKey->setObjectName(QStringLiteral("privateKeyEdit"));
    m_privateKey->setAccessibleName(tr("Private key (PEM)"));
    m_privateKey->setTabChangesFocus(true);
    m_privateKey->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_privateKey->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_privateKey->setFixedHeight(m_privateKey->fontMetrics().lineSpacing() * 2 +
                                 2 * m_privateKey->frameWidth() + 8);
    m_loadKey = new QPushButton(tr("&Load from file…"), this);
    m_loadKey->setObjectName(QStringLiteral("loadKeyButton"));
    m_loadKey->setAutoDefault(false);
    m_loadKey->setToolTip(tr("Read a PEM private key (RSA or EC; PKCS#1, PKCS#8 or SEC1)"));
    connect(m_loadKey, &QPushButton::clicked, this, &ProfileEditor::loadKeyFile);
    m_keyRow = new QWidget(this);
    auto *keyLayout = rowLayout(m_keyRow);
    keyLayout->addWidget(m_privateKey, 1);
    keyLayout->addWidget(m_loadKey, 0, Qt::AlignTop);
    m_keyState = new QLabel(this);
    m_keyState->setObjectName(QStringLiteral("keyStateLabel"));
    m_keyState->setWordWrap(true);
    m_keyState->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    m_keyId = lineEdit(QStringLiteral("keyIdEdit"), tr("Key ID"), this);
    m_keyId->setPlaceholderText(tr("optional: the kid the server knows the key by"));
    m_signingAlg = new QComboBox(this);
    m_signingAlg->setObjectName(QStringLiteral("signingAlgCombo"));
    m_signingAlg->setAccessibleName(tr("Signing algorithm"));
    m_signingAlg->addItem(tr("Auto (RS256 for an RSA key, ES256 for EC)"), int(SigningAlg::Auto));
    m_signingAlg->addItem(QStringLiteral("RS256"), int(SigningAlg::RS256));
    m_signingAlg->addItem(QStringLiteral("PS256"), int(SigningAlg::PS256));
    m_signingAlg->addItem(QStringLiteral("ES256"), int(SigningAlg::ES256));
}

// Paired fields share a row: the editor must fit a 1280×720 screen (DESIGN.md). The rows are
// made after both endpoint fields, as they always were: the tab order stays.
void ProfileEditor::buildPairedRows()
{
    m_revocationUrl = lineEdit(QStringLiteral("revocationUrlEdit"), tr("Revocation URL"), this);
    m_revocationUrl->setPlaceholderText(tr("optional: found by discovery (RFC 7009)"));
    m_introspectionUrl =
        lineEdit(QStringLiteral("introspectionUrlEdit"), tr("Introspection URL"), this);
    m_introspectionUrl->setPlaceholderText(tr("optional: found by discovery (RFC 7662)"));
    m_keyIdRow = new QWidget(this);
    pairRow(m_keyIdRow, m_keyId, tr("Signing a&lg:"), m_signingAlg, 0);
    m_endpointsRow = new QWidget(this);
    pairRow(m_endpointsRow, m_revocationUrl, tr("Introspection:"), m_introspectionUrl, 1);
}

void ProfileEditor::buildScopeFields()
{
    m_scope = lineEdit(QStringLiteral("scopeEdit"), tr("Scope"), this);
    m_audience = lineEdit(QStringLiteral("audienceEdit"), tr("Audience"), this);
    m_resource = lineEdit(QStringLiteral("resourceEdit"), tr("Resource indicator"), this);
    m_resource->setPlaceholderText(tr("optional: resource indicator (RFC 8707)"));
    m_extraParams = new QPlainTextEdit(this);
    m_extraParams->setObjectName(QStringLiteral("extraParamsEdit"));
    m_extraParams->setAccessibleName(tr("Extra token parameters"));
    m_extraParams->setPlaceholderText(tr("optional: one name=value per line, added to the "
                                         "token request"));
    m_extraParams->setTabChangesFocus(true);
    m_extraParams->setFixedHeight(m_extraParams->fontMetrics().lineSpacing() * 2 +
                                  2 * m_extraParams->frameWidth() + 8);
}

// The CA bundle and the two TLS/HTTP switches.
void ProfileEditor::buildTransportFields()
{
    m_caFile = lineEdit(QStringLiteral("caFileEdit"), tr("CA bundle"), this);
    m_caFile->setPlaceholderText(tr("optional: PEM file with extra CA certificates"));
    auto *browse = new QPushButton(tr("B&rowse…"), this);
    browse->setObjectName(QStringLiteral("browseCaButton"));
    browse->setAutoDefault(false);
    connect(browse, &QPushButton::clicked, this, &ProfileEditor::browseCaFile);
    m_caRow = new QWidget(this);
    auto *caLayout = rowLayout(m_caRow);
    caLayout->addWidget(m_caFile, 1);
    caLayout->addWidget(browse);
    m_allowHttp = new QCheckBox(tr("Allow plain HTTP to non-loopback hosts (insecure)"), this);
    m_allowHttp->setObjectName(QStringLiteral("allowHttpCheck"));
    m_verifyTls = new QCheckBox(tr("Verify TLS certificates"), this);
    m_verifyTls->setObjectName(QStringLiteral("verifyTlsCheck"));
}

void ProfileEditor::buildFormRows()
{
    m_form = new QFormLayout;
    m_form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    m_form->addRow(tr("&Name:"), m_name);
    m_form->addRow(tr("&Kind:"), m_kind);
    m_form->addRow(tr("&Region:"), m_region);
    m_form->addRow(tr("&Issuer:"), m_discoverRow);
    m_form->addRow(QString(), m_discovered);
    m_form->addRow(tr("&Token URL:"), m_tokenUrl);
    m_form->addRow(tr("&API base:"), m_apiBase);
    // The browser sign-in's fields share the grant's row: the form must fit 1280×720.
    m_grantRow = new QWidget(this);
    auto *grantLayout = rowLayout(m_grantRow);
    grantLayout->addWidget(m_grant);
    grantLayout->addWidget(m_signInRow, 1);
    m_form->addRow(tr("&Grant:"), m_grantRow);
    qobject_cast<QLabel *>(m_form->labelForField(m_grantRow))->setBuddy(m_grant);
    m_form->addRow(QString(), m_grantHelp);
    m_form->addRow(tr("&Client ID:"), m_clientId);
    m_form->addRow(tr("Client a&uth:"), m_clientAuth);
    m_form->addRow(QString(), m_clientAuthHelp);
    m_form->addRow(tr("&Secret:"), m_secret);
    m_form->addRow(tr("Secret co&mmand:"), m_secretCommand);
    m_form->addRow(tr("Private ke&y:"), m_keyRow);
    m_form->addRow(QString(), m_keyState);
    m_form->addRow(tr("Key ID:"), m_keyIdRow);
    m_scopeRow = new QWidget(this);
    m_audienceLabel = pairRow(m_scopeRow, m_scope, tr("Au&dience:"), m_audience, 1);
    m_form->addRow(tr("Sco&pe:"), m_scopeRow);
    m_form->addRow(tr("Resour&ce:"), m_resource);
    m_form->addRow(tr("E&xtra parameters:"), m_extraParams);
    m_form->addRow(tr("Re&vocation URL:"), m_endpointsRow);
    m_form->addRow(m_commvault);
    m_form->addRow(tr("CA b&undle:"), m_caRow);
    auto *transportRow = new QWidget(this);
    auto *transportLayout = rowLayout(transportRow);
    transportLayout->addWidget(m_verifyTls);
    transportLayout->addWidget(m_allowHttp);
    transportLayout->addStretch(1);
    m_form->addRow(QString(), transportRow);
}

void ProfileEditor::buildNoticesAndButtons()
{
    // Where secrets go, said before any is typed: no keychain means memory for this session.
    m_keychain = new NoticeBar(this);
    m_keychain->setObjectName(QStringLiteral("keychainNotice"));
    m_copyNote = new NoticeBar(this);
    m_copyNote->setObjectName(QStringLiteral("copyNotice"));
    m_validation = new NoticeBar(this);
    m_validation->setObjectName(QStringLiteral("validationNotice"));
    m_testResult = new NoticeBar(this);
    m_testResult->setObjectName(QStringLiteral("testResult"));
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    m_test = m_buttons->addButton(tr("&Test"), QDialogButtonBox::ActionRole);
    m_test->setObjectName(QStringLiteral("testButton"));
    m_test->setToolTip(tr("Fetch a token with these settings without saving them"));
    m_buttons->button(QDialogButtonBox::Save)->setObjectName(QStringLiteral("saveButton"));
    // Enter means Save (when it is enabled), never the button that happens to have the focus
    // (after Test that used to be Cancel, which dropped the new profile and its secret).
    for (QAbstractButton *button : m_buttons->buttons()) {
        if (auto *push = qobject_cast<QPushButton *>(button))
            push->setAutoDefault(false);
    }
    m_buttons->button(QDialogButtonBox::Save)->setDefault(true);
}

// The buttons and presets, and every field to validate(). Made before connectStaleResults():
// a kind change applies the preset before it drops the results.
void ProfileEditor::connectValidation()
{
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ProfileEditor::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &ProfileEditor::reject);
    connect(m_test, &QPushButton::clicked, this, &ProfileEditor::test);
    connect(m_discover, &QPushButton::clicked, this, &ProfileEditor::discover);
    connect(m_kind, &QComboBox::currentIndexChanged, this, &ProfileEditor::applyPreset);
    connect(m_region, &QComboBox::currentIndexChanged, this, &ProfileEditor::applyPreset);
    for (QLineEdit *edit : {m_name, m_tokenUrl, m_issuer, m_apiBase, m_clientId,
                            static_cast<QLineEdit *>(m_secret), m_scope, m_audience})
        connect(edit, &QLineEdit::textChanged, this, &ProfileEditor::validate);
    for (QComboBox *combo : {m_clientAuth, m_grant}) {
        connect(combo, &QComboBox::currentIndexChanged, this, [this] {
            if (!m_loading)
                updateVisibility();
            validate();
        });
        connect(combo, &QComboBox::activated, this, [this] { dropStaleResults(false); });
    }
    connect(m_signingAlg, &QComboBox::currentIndexChanged, this, &ProfileEditor::validate);
    connect(m_signingAlg, &QComboBox::activated, this, [this] { dropStaleResults(false); });
    connect(m_privateKey, &QPlainTextEdit::textChanged, this, [this] {
        if (m_loading)
            return;
        m_keyFileProblem.clear();
        dropStaleResults(false);
        validate();
    });
    connect(m_allowHttp, &QCheckBox::toggled, this, &ProfileEditor::validate);
    connect(m_verifyTls, &QCheckBox::toggled, this, &ProfileEditor::validate);
    connect(m_commvault, &CommvaultFields::changed, this, &ProfileEditor::validate);
    for (QLineEdit *edit :
         {m_resource, m_caFile, m_keyId, m_revocationUrl, m_introspectionUrl, m_secretCommand})
        connect(edit, &QLineEdit::textChanged, this, &ProfileEditor::validate);
    connect(m_extraParams, &QPlainTextEdit::textChanged, this, &ProfileEditor::validate);
}

// Any change makes a shown Test result stale; a new issuer or kind, the discovery too.
void ProfileEditor::connectStaleResults()
{
    for (QLineEdit *edit :
         {m_name, m_tokenUrl, m_apiBase, m_clientId, static_cast<QLineEdit *>(m_secret), m_scope,
          m_audience, m_resource, m_caFile, m_keyId, m_revocationUrl, m_introspectionUrl})
        connect(edit, &QLineEdit::textEdited, this, [this] { dropStaleResults(false); });
    connect(m_issuer, &QLineEdit::textEdited, this, [this] { dropStaleResults(true); });
    connect(m_kind, &QComboBox::currentIndexChanged, this, [this] { dropStaleResults(true); });
    connect(m_region, &QComboBox::currentIndexChanged, this, [this] { dropStaleResults(true); });
    connect(m_extraParams, &QPlainTextEdit::textChanged, this, [this] {
        if (!m_loading)
            dropStaleResults(false);
    });
    connect(m_commvault, &CommvaultFields::changed, this, [this] {
        if (!m_loading)
            dropStaleResults(false);
    });
}

void ProfileEditor::dropStaleResults(bool discoveryToo)
{
    if (m_loading || m_tester->isRunning())
        return;
    m_testResult->clearNotice();
    if (discoveryToo && !m_discovered->text().isEmpty() && m_discover->isEnabled()) {
        m_discovered->clear();
        setRow(m_discovered, false);
    }
}

void ProfileEditor::browseCaFile()
{
    // Not getOpenFileName: that runs a nested event loop.
    auto *dialog = new QFileDialog(this, tr("CA bundle"), m_caFile->text(),
                                   tr("PEM certificates (*.pem *.crt *.cer);;All files (*)"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::ExistingFile);
    connect(dialog, &QFileDialog::fileSelected, m_caFile, &QLineEdit::setText);
    dialog->open();
}

void ProfileEditor::loadKeyFile()
{
    // Not getOpenFileName: that runs a nested event loop.
    auto *dialog = new QFileDialog(this, tr("Private key"), QString(),
                                   tr("PEM keys (*.pem *.key);;All files (*)"));
    dialog->setObjectName(QStringLiteral("keyFileDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::ExistingFile);
    connect(dialog, &QFileDialog::fileSelected, this, &ProfileEditor::loadKeyFrom);
    dialog->open();
}

void ProfileEditor::loadKeyFrom(const QString &path)
{
    QFile file(path);
    QString problem;
    QByteArray pem;
    if (!file.open(QIODevice::ReadOnly)) {
        problem = tr("Cannot read %1: %2").arg(QFileInfo(path).fileName(), file.errorString());
    } else {
        pem = file.read(kMaxPemBytes + 1);
        if (pem.size() > kMaxPemBytes)
            problem = tr("%1 is larger than 64 KiB: that is not a PEM key.")
                          .arg(QFileInfo(path).fileName());
    }
    if (!problem.isEmpty()) {
        m_keyFileProblem = problem; // the key typed so far stays as it was
        validate();
        return;
    }
    // The file's text goes into the field, and from there to the keychain on Save only.
    m_privateKey->setPlainText(QString::fromUtf8(pem));
}

QByteArray ProfileEditor::privateKeyPem() const
{
    return m_privateKey->toPlainText().trimmed().toUtf8();
}

QString ProfileEditor::keyProblem() const
{
    if (!m_keyFileProblem.isEmpty())
        return m_keyFileProblem;
    const QByteArray pem = privateKeyPem();
    if (pem.isEmpty())
        return hasStoredSecret(SecretEntry::PrivateKey)
                   ? QString()
                   : tr("Paste the private key (PEM) or load it from a file.");
    const auto alg =
        ClientAssertion::checkKey(pem, SigningAlg(m_signingAlg->currentData().toInt()));
    return alg ? QString() : tr("Private key: %1").arg(alg.error().message);
}

bool ProfileEditor::hasStoredSecret(const QString &entry) const
{
    if (!isEditing())
        return false;
    // The store's copy: the engine may have recorded entries since the editor opened.
    const auto stored = m_auth->profileStore()->find(m_existing->id);
    const Profile &p = stored ? *stored : *m_existing;
    return p.secretKeys.contains(p.secretKey(entry));
}

void ProfileEditor::showKeyState()
{
    const QByteArray pem = privateKeyPem();
    QString text;
    bool bad = false;
    if (!m_keyFileProblem.isEmpty()) {
        text = m_keyFileProblem;
        bad = true;
    } else if (pem.isEmpty()) {
        text = hasStoredSecret(SecretEntry::PrivateKey)
                   ? tr("A key is stored in the keychain; paste or load one to replace it.")
                   : tr("RSA (2048 bits or more) or EC P-256, unencrypted PEM; kept in the "
                        "keychain only.");
    } else {
        const auto alg =
            ClientAssertion::checkKey(pem, SigningAlg(m_signingAlg->currentData().toInt()));
        if (!alg) {
            text = alg.error().message;
            bad = true;
        } else {
            const SigningAlg used = alg.value();
            text = tr("%1 key: signs with %2. Kept in the keychain only.")
                       .arg(used == SigningAlg::ES256 ? tr("EC P-256") : tr("RSA"),
                            signingAlgToString(used));
        }
    }
    m_keyState->setText(text);
    QPalette palette = m_keyState->palette();
    palette.setColor(QPalette::WindowText,
                     colors::forRole(bad ? colors::Role::Failure : colors::Role::Muted, palette,
                                     palette.color(QPalette::Window)));
    m_keyState->setPalette(palette);
}

QList<QPair<QString, QString>> ProfileEditor::extraParams(QString *problem) const
{
    QList<QPair<QString, QString>> out;
    const QStringList lines = m_extraParams->toPlainText().split(QLatin1Char('\n'));
    for (int i = 0; i < lines.size(); ++i) {
        const QString line = lines.at(i).trimmed();
        if (line.isEmpty())
            continue;
        const qsizetype eq = line.indexOf(QLatin1Char('='));
        if (eq <= 0) {
            if (problem && problem->isEmpty())
                *problem = tr("Extra parameters: line %1 needs name=value.").arg(i + 1);
            continue;
        }
        out.append({line.left(eq).trimmed(), line.mid(eq + 1)});
    }
    return out;
}

void ProfileEditor::alignLabels()
{
    QList<QWidget *> labels;
    for (QFormLayout *form : findChildren<QFormLayout *>()) {
        for (int row = 0; row < form->rowCount(); ++row) {
            if (QLayoutItem *item = form->itemAt(row, QFormLayout::LabelRole)) {
                if (item->widget())
                    labels << item->widget();
            }
        }
    }
    int widest = 0;
    for (QWidget *label : std::as_const(labels))
        widest = std::max(widest, label->sizeHint().width());
    for (QWidget *label : std::as_const(labels))
        label->setMinimumWidth(widest);
}

void ProfileEditor::showKeychainState()
{
    const SecretStore &store = m_auth->profileService()->secretStore();
    if (store.persistent()) {
        m_keychain->clearNotice();
        return;
    }
    const QString reason = store.unavailableReason();
    const QString text =
        reason.isEmpty()
            ? tr("No keychain: secrets are kept in memory until Tokenwright quits and must be "
                 "entered again next time.")
            : tr("No keychain: %1 Secrets must be entered again after Tokenwright quits.")
                  .arg(reason);
    m_keychain->showNotice(NoticeBar::Kind::Warning, text);
}

void ProfileEditor::buildSignInRow()
{
    m_redirectPort = new QSpinBox(this);
    m_redirectPort->setObjectName(QStringLiteral("redirectPortSpin"));
    m_redirectPort->setAccessibleName(tr("Redirect port"));
    m_redirectPort->setRange(0, 65535);
    m_redirectPort->setSpecialValueText(tr("any free port"));
    m_redirectPort->setToolTip(tr("The port of http://127.0.0.1:PORT/callback; fix one only "
                                  "when the provider registers the exact redirect URI."));
    m_prompt = new QComboBox(this);
    m_prompt->setObjectName(QStringLiteral("promptCombo"));
    m_prompt->setAccessibleName(tr("Prompt"));
    m_prompt->setEditable(true);
    m_prompt->addItems({QString(), QStringLiteral("login"), QStringLiteral("consent"),
                        QStringLiteral("select_account"), QStringLiteral("none")});
    m_loginHint = lineEdit(QStringLiteral("loginHintEdit"), tr("Login hint"), this);
    m_loginHint->setPlaceholderText(tr("optional: the account"));
    m_loginHint->setMinimumWidth(
        m_loginHint->fontMetrics().horizontalAdvance(QStringLiteral("someone@example.com")) + 16);
    m_signInRow = new QWidget(this);
    m_signInRow->setToolTip(grantHelp(Grant::AuthorizationCode));
    auto *layout = rowLayout(m_signInRow);
    auto *portLabel = new QLabel(tr("&Port:"), m_signInRow);
    portLabel->setBuddy(m_redirectPort);
    layout->addWidget(portLabel);
    layout->addWidget(m_redirectPort);
    auto *promptLabel = new QLabel(tr("Pro&mpt:"), m_signInRow);
    promptLabel->setBuddy(m_prompt);
    layout->addWidget(promptLabel);
    layout->addWidget(m_prompt);
    auto *hintLabel = new QLabel(tr("Login &hint:"), m_signInRow);
    hintLabel->setBuddy(m_loginHint);
    layout->addWidget(hintLabel);
    layout->addWidget(m_loginHint, 1);
    connect(m_redirectPort, &QSpinBox::valueChanged, this, &ProfileEditor::validate);
    connect(m_prompt, &QComboBox::currentTextChanged, this, &ProfileEditor::validate);
    connect(m_loginHint, &QLineEdit::textChanged, this, &ProfileEditor::validate);
}

void ProfileEditor::load(const Profile &p)
{
    m_loading = true;
    m_name->setText(p.name);
    m_kind->setCurrentIndex(m_kind->findData(int(p.kind)));
    m_region->setCurrentIndex(p.tokenUrl.host().startsWith(QLatin1String("govcloud")) ? 1 : 0);
    m_tokenUrl->setText(p.tokenUrl.toString());
    m_issuer->setText(p.issuer.toString());
    m_apiBase->setText(p.apiBase.toString());
    m_clientId->setText(p.clientId);
    m_secret->setPlaceholderText(hasStoredSecret(SecretEntry::ClientSecret)
                                     ? tr("stored in the keychain — leave empty to keep")
                                     : QString());
    m_clientAuth->setCurrentIndex(
        m_clientAuth->findData(p.clientAuthAuto ? kAutoClientAuth : int(p.clientAuth)));
    m_grant->setCurrentIndex(std::max(0, m_grant->findData(int(p.grant))));
    m_redirectPort->setValue(p.redirectPort);
    m_prompt->setCurrentText(p.prompt);
    m_loginHint->setText(p.loginHint);
    m_secretCommand->setText(SecretCommand::display(p.secretCommand));
    m_useCommand->setChecked(!p.secretCommand.isEmpty());
    m_privateKey->clear();
    m_privateKey->setPlaceholderText(hasStoredSecret(SecretEntry::PrivateKey)
                                         ? tr("stored in the keychain — leave empty to keep")
                                         : tr("paste the PEM key (-----BEGIN … PRIVATE KEY-----)"));
    m_keyFileProblem.clear();
    m_keyId->setText(p.keyId);
    m_signingAlg->setCurrentIndex(std::max(0, m_signingAlg->findData(int(p.signingAlg))));
    m_revocationUrl->setText(p.revocationUrl.toString());
    m_introspectionUrl->setText(p.introspectionUrl.toString());
    m_scope->setText(p.scope);
    m_audience->setText(p.audience);
    m_resource->setText(p.resource);
    QStringList params;
    for (const auto &[name, value] : p.extraParams)
        params << name + QLatin1Char('=') + value;
    m_extraParams->setPlainText(params.join(QLatin1Char('\n')));
    m_caFile->setText(p.options.caFile);
    m_allowHttp->setChecked(p.options.allowInsecureHttp);
    m_verifyTls->setChecked(p.options.verifyTls);
    m_commvault->load(p, isEditing());
    m_loading = false;
    updateVisibility();
    validate();
    m_loaded = fingerprint();
}

void ProfileEditor::startWith(ProviderKind kind)
{
    if (isEditing())
        return;
    m_base = Profile();
    load(Profile::preset(kind));
}

void ProfileEditor::startFromCopy(const Profile &copy, const QString &sourceName)
{
    if (isEditing())
        return;
    // Settings the form does not show (timeout, auto-refresh, Commvault details) come along.
    m_base = copy;
    m_base.id = QUuid();
    setWindowTitle(tr("New Profile — copy of %1").arg(sourceName));
    load(m_base);
    const bool needsSecret =
        copy.kind == ProviderKind::Commvault || copy.clientAuth != ClientAuth::None;
    m_copyNote->showNotice(
        NoticeBar::Kind::Info,
        needsSecret ? tr("A copy of “%1”. Its secrets were not copied: type them here, they "
                         "go to the keychain under the new profile.")
                          .arg(sourceName)
                    : tr("A copy of “%1”.").arg(sourceName));
}

QByteArray ProfileEditor::fingerprint() const
{
    QJsonObject json = profile().toJson();
    json.remove(QStringLiteral("id")); // a new profile's id is made on each call
    return QJsonDocument(json).toJson(QJsonDocument::Compact);
}

QByteArray ProfileEditor::saveFingerprint() const
{
    // The secrets count too: retyping one after a refused save is a change.
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(fingerprint());
    const ProfileService::Secrets typed = secrets();
    QStringList entries = typed.keys();
    entries.sort();
    for (const QString &entry : std::as_const(entries)) {
        hash.addData(entry.toUtf8());
        hash.addData(typed.value(entry));
    }
    return hash.result();
}

bool ProfileEditor::hasChanges() const
{
    return fingerprint() != m_loaded || !secrets().isEmpty();
}

void ProfileEditor::reject()
{
    if (m_discardConfirmed || !hasChanges()) {
        QDialog::reject();
        return;
    }
    if (findChild<QMessageBox *>(QStringLiteral("confirmDiscard")))
        return; // already asking
    auto *box = new QMessageBox(
        QMessageBox::Question, isEditing() ? tr("Discard Changes") : tr("Discard New Profile"),
        isEditing() ? tr("Discard your changes to “%1”?").arg(m_existing->name)
                    : tr("Discard this profile? Nothing was saved."),
        QMessageBox::Discard | QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("confirmDiscard"));
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box->button(QMessageBox::Discard), &QAbstractButton::clicked, this, [this] {
        m_discardConfirmed = true;
        QDialog::reject();
    });
    box->open();
}

void ProfileEditor::applyPreset()
{
    if (m_loading)
        return;
    const auto kind = ProviderKind(m_kind->currentData().toInt());
    Profile preset = Profile::preset(kind, m_region->currentData().toString());
    // Keep what the user typed that does not depend on the kind.
    preset.name = m_name->text();
    preset.clientId = m_clientId->text();
    m_loading = true;
    m_tokenUrl->setText(preset.tokenUrl.toString());
    m_issuer->setText(preset.issuer.toString());
    m_apiBase->setText(preset.apiBase.toString());
    m_clientAuth->setCurrentIndex(m_clientAuth->findData(int(preset.clientAuth)));
    m_scope->setText(preset.scope);
    m_discovered->clear();
    m_loading = false;
    updateVisibility();
    validate();
}

void ProfileEditor::setRow(QWidget *field, bool visible)
{
    m_form->setRowVisible(field, visible);
}

void ProfileEditor::updateVisibility()
{
    const auto kind = ProviderKind(m_kind->currentData().toInt());
    const bool commvault = kind == ProviderKind::Commvault;
    const bool discovery = kind == ProviderKind::Oidc || kind == ProviderKind::OAuth2;
    setRow(m_region, kind == ProviderKind::Druva);
    setRow(m_discoverRow, discovery);
    setRow(m_discovered, discovery && !m_discovered->text().isEmpty());
    const bool autoAuth = m_clientAuth->currentData().toInt() == kAutoClientAuth;
    const auto auth =
        autoAuth ? ClientAuth::ClientSecretBasic : ClientAuth(m_clientAuth->currentData().toInt());
    const bool keyed = !commvault && auth == ClientAuth::PrivateKeyJwt;
    const auto grant = Grant(m_grant->currentData().toInt());
    setRow(m_grantRow, kind == ProviderKind::OAuth2);
    // The client credentials grant needs no words; the others say what will happen.
    // The browser sign-in shows its fields where the others say what will happen (the form
    // must fit a 1280×720 screen); its words go to the fields' tooltip.
    setRow(m_grantHelp, kind == ProviderKind::OAuth2 && grant != Grant::ClientCredentials &&
                            grant != Grant::AuthorizationCode);
    m_signInRow->setVisible(kind == ProviderKind::OAuth2 && grant == Grant::AuthorizationCode);
    setRow(m_tokenUrl, !commvault);
    setRow(m_clientId, !commvault);
    setRow(m_secret, !commvault && auth != ClientAuth::None && !keyed);
    setRow(m_secretCommand, !commvault && auth != ClientAuth::None &&
                                (m_useCommand->isChecked() || !m_secretCommand->text().isEmpty()));
    setRow(m_clientAuth, !commvault);
    setRow(m_clientAuthHelp, !commvault);
    setRow(m_keyRow, keyed);
    setRow(m_keyState, keyed);
    setRow(m_keyIdRow, keyed);
    setRow(m_endpointsRow, discovery);
    setRow(m_scopeRow, kind == ProviderKind::Druva || discovery);
    m_audienceLabel->setVisible(kind == ProviderKind::OAuth2);
    m_audience->setVisible(kind == ProviderKind::OAuth2);
    setRow(m_commvault, commvault);
    setRow(m_resource, !commvault);
    setRow(m_extraParams, !commvault);
    m_form->labelForField(m_apiBase)->setProperty("text", commvault ? tr("Web service &base:")
                                                                    : tr("&API base:"));
    m_tokenUrl->setPlaceholderText(discovery ? tr("optional: found by discovery") : QString());
    // Before adjustSize(): a wrapped label only grows the dialog if its text is already there.
    m_clientAuthHelp->setText(autoAuth ? tr("Chosen per request from the server's "
                                            "token_endpoint_auth_methods_supported; the "
                                            "secret may stay empty for a public client.")
                                       : clientAuthHelp(auth));
    m_grantHelp->setText(grantHelp(grant));
    alignLabels();
    adjustSize();
}

Profile ProfileEditor::profile() const
{
    Profile p = m_existing.value_or(m_base);
    p.name = m_name->text().trimmed();
    p.kind = ProviderKind(m_kind->currentData().toInt());
    p.tokenUrl = QUrl(m_tokenUrl->text().trimmed(), QUrl::StrictMode);
    p.issuer = QUrl(m_issuer->text().trimmed(), QUrl::StrictMode);
    p.apiBase = QUrl(m_apiBase->text().trimmed(), QUrl::StrictMode);
    p.clientId = m_clientId->text().trimmed();
    const bool autoAuth = m_clientAuth->currentData().toInt() == kAutoClientAuth;
    if (autoAuth != p.clientAuthAuto)
        p.learnedBasic.reset(); // a method chosen anew starts without what auto learned
    p.clientAuthAuto = autoAuth;
    p.clientAuth =
        autoAuth ? ClientAuth::ClientSecretBasic : ClientAuth(m_clientAuth->currentData().toInt());
    p.grant = p.kind == ProviderKind::OAuth2 ? Grant(m_grant->currentData().toInt())
                                             : Grant::ClientCredentials;
    const bool browser = p.grant == Grant::AuthorizationCode;
    p.redirectPort = browser ? m_redirectPort->value() : 0;
    p.prompt = browser ? m_prompt->currentText().trimmed() : QString();
    p.loginHint = browser ? m_loginHint->text().trimmed() : QString();
    // A line the user typed: split as the CLI splits --secret-command (no shell, ever).
    const auto command = SecretCommand::split(m_secretCommand->text().trimmed());
    p.secretCommand = command && p.clientAuth != ClientAuth::None ? command.value() : QStringList();
    const bool keyed = p.clientAuth == ClientAuth::PrivateKeyJwt;
    p.keyId = keyed ? m_keyId->text().trimmed() : QString();
    p.signingAlg = keyed ? SigningAlg(m_signingAlg->currentData().toInt()) : SigningAlg::Auto;
    const bool standard = p.kind == ProviderKind::OAuth2 || p.kind == ProviderKind::Oidc;
    p.revocationUrl = standard ? QUrl(m_revocationUrl->text().trimmed(), QUrl::StrictMode) : QUrl();
    p.introspectionUrl =
        standard ? QUrl(m_introspectionUrl->text().trimmed(), QUrl::StrictMode) : QUrl();
    p.scope = m_scope->text().trimmed();
    p.audience = m_audience->text().trimmed();
    p.resource = m_resource->text().trimmed();
    p.extraParams = extraParams();
    p.options.caFile = m_caFile->text().trimmed();
    p.options.allowInsecureHttp = m_allowHttp->isChecked();
    p.options.verifyTls = m_verifyTls->isChecked();
    if (p.kind == ProviderKind::Commvault) {
        p.tokenUrl.clear();
        p.issuer.clear();
        p.clientId.clear();
        p.clientAuth = ClientAuth::None;
        p.resource.clear();
        p.extraParams.clear();
        m_commvault->apply(p);
    }
    return p;
}

ProfileService::Secrets ProfileEditor::secrets() const
{
    const Profile p = profile();
    if (p.kind == ProviderKind::Commvault)
        return m_commvault->secrets(p, m_auth->clock()->utcNow());
    ProfileService::Secrets out;
    // Only what the chosen method uses: a secret typed before switching to a key (or to a
    // public client) is not stored.
    if (p.clientAuth == ClientAuth::PrivateKeyJwt) {
        const QByteArray pem = privateKeyPem();
        if (!pem.isEmpty())
            out.insert(SecretEntry::PrivateKey, pem);
    } else if (p.clientAuth != ClientAuth::None && !m_secret->text().isEmpty()) {
        out.insert(SecretEntry::ClientSecret, m_secret->text().toUtf8());
    }
    return out;
}

QString ProfileEditor::problem() const
{
    const Profile p = profile();
    if (auto e = p.validate())
        return e->message;
    QString paramsProblem;
    extraParams(&paramsProblem);
    if (!paramsProblem.isEmpty() && p.kind != ProviderKind::Commvault)
        return paramsProblem;
    if (!p.options.caFile.isEmpty() && !QFileInfo(p.options.caFile).isFile())
        return tr("The CA bundle %1 is not a file.").arg(p.options.caFile);
    if (p.kind == ProviderKind::Commvault) {
        const QString missing = m_commvault->missingSecret(isEditing());
        if (!missing.isEmpty())
            return missing;
    } else if (p.clientAuth == ClientAuth::PrivateKeyJwt) {
        if (const QString key = keyProblem(); !key.isEmpty())
            return key;
    } else if (p.clientAuth != ClientAuth::None && !p.clientAuthAuto && p.secretCommand.isEmpty() &&
               m_secret->text().isEmpty() && !hasStoredSecret(SecretEntry::ClientSecret)) {
        // A new profile, or one that has none yet (imported, or it used a key before).
        return tr("Enter the client secret.");
    }
    if (const QString line = m_secretCommand->text().trimmed(); !line.isEmpty()) {
        if (const auto command = SecretCommand::split(line); !command)
            return command.error().message;
    }
    if (p.kind == ProviderKind::OAuth2 && p.grant == Grant::DeviceCode && p.issuer.isEmpty())
        return tr("The device code grant needs the issuer URL: the device authorization "
                  "endpoint comes from its discovery document.");
    if (p.kind == ProviderKind::OAuth2 && p.grant == Grant::AuthorizationCode && p.issuer.isEmpty())
        return tr("The authorization code grant needs the issuer URL: the sign-in page comes "
                  "from its discovery document.");
    for (const auto &[url, what] : {std::pair{p.revocationUrl, tr("Revocation URL")},
                                    std::pair{p.introspectionUrl, tr("Introspection URL")}}) {
        if (!url.isEmpty() && (!url.isValid() || (url.scheme() != QLatin1String("https") &&
                                                  url.scheme() != QLatin1String("http"))))
            return tr("%1 is not an http(s) URL.").arg(what);
    }
    ProfileStore *store = m_auth->profileStore();
    if (auto e = isEditing() ? store->checkUpdatable(p) : store->checkAddable(p))
        return e->message;
    return {};
}

void ProfileEditor::validate()
{
    if (m_loading)
        return;
    showKeyState();
    const QString text = problem();
    if (!m_saveError.isEmpty() && !m_saving) {
        // A failed save stays said until the user changes something.
        if (saveFingerprint() == m_saveFingerprint) {
            m_validation->showNotice(NoticeBar::Kind::Error, m_saveError);
            updateButtons(text);
            return;
        }
        m_saveError.clear();
    }
    if (text.isEmpty())
        m_validation->clearNotice();
    else
        m_validation->showNotice(NoticeBar::Kind::Warning, text);
    if (!m_verifyTls->isChecked() && text.isEmpty())
        m_validation->showNotice(NoticeBar::Kind::Warning,
                                 tr("TLS verification is off: anyone on the network path can "
                                    "read the secret and the tokens."));
    updateButtons(text);
}

void ProfileEditor::updateButtons(const QString &problem)
{
    // A disabled button says why in its tooltip.
    QPushButton *save = m_buttons->button(QDialogButtonBox::Save);
    save->setEnabled(problem.isEmpty() && !m_saving);
    save->setToolTip(m_saving            ? tr("Saving…")
                     : problem.isEmpty() ? tr("Save the profile (Enter)")
                                         : tr("Not ready to save: %1").arg(problem));
    const Status invalid = profile().validate();
    m_test->setEnabled(!m_tester->isRunning() && !invalid);
    m_test->setToolTip(m_tester->isRunning() ? tr("A test is running.")
                       : invalid             ? tr("Not ready to test: %1").arg(invalid->message)
                                 : tr("Fetch a token with these settings without saving them"));
}

void ProfileEditor::discover()
{
    const Profile p = profile();
    if (p.issuer.isEmpty() || !p.issuer.isValid()) {
        m_discovered->setText(tr("Enter the issuer URL first."));
        updateVisibility();
        return;
    }
    m_discover->setEnabled(false);
    m_discovered->setText(tr("Reading the discovery document…"));
    updateVisibility();
    const auto flavour = p.kind == ProviderKind::Oidc ? DiscoveryClient::Flavour::OpenIdFirst
                                                      : DiscoveryClient::Flavour::OAuthFirst;
    m_auth->discovery()->discover(
        p.issuer, flavour, TransportPolicy::optionsFor(p), this,
        [this](Result<DiscoveryDocument> doc) {
            m_discover->setEnabled(true);
            m_discover->setFocus(); // disabling it moved the focus away
            if (!doc) {
                m_discovered->setText(tr("Discovery failed: %1").arg(doc.error().toString()));
                updateVisibility();
                return;
            }
            const DiscoveryDocument &d = doc.value();
            m_discovered->setText(
                tr("Token endpoint: %1\nAuth methods: %2")
                    .arg(d.tokenEndpoint.toString(), d.authMethods.join(QStringLiteral(", "))));
            // Discovery is advice: pick a method it lists unless the user's choice is listed.
            const auto current = ClientAuth(m_clientAuth->currentData().toInt());
            if (!d.authMethods.contains(clientAuthToString(current))) {
                for (const QString &method : d.authMethods) {
                    if (auto auth = clientAuthFromString(method)) {
                        m_clientAuth->setCurrentIndex(m_clientAuth->findData(int(*auth)));
                        break;
                    }
                }
            }
            updateVisibility();
        },
        true);
}

void ProfileEditor::test()
{
    m_test->setEnabled(false);
    m_testResult->showNotice(NoticeBar::Kind::Info, tr("Fetching a token…"));
    m_tester->run(profile(), secrets(), m_existing);
    updateButtons(problem());
}

void ProfileEditor::accept()
{
    if (m_saving || !problem().isEmpty())
        return;
    m_saving = true;
    m_saveError.clear();
    m_buttons->button(QDialogButtonBox::Save)->setEnabled(false);
    const Profile p = profile();
    const bool writesSecrets = !secrets().isEmpty();
    if (writesSecrets && m_auth->profileService()->secretStore().persistent()) {
        // The desktop's keyring may now ask to be unlocked: say whose request it is.
        m_validation->showNotice(NoticeBar::Kind::Info,
                                 tr("Saving the secret in the system keychain… If your desktop "
                                    "asks to unlock the keyring, that is for Tokenwright."));
    }
    ProfileService *service = m_auth->profileService();
    auto done = [this](Result<Profile> result) {
        m_saving = false;
        if (!result) {
            m_saveError = tr("Not saved: %1").arg(result.error().toString());
            m_saveFingerprint = saveFingerprint();
            validate();
            return;
        }
        if (isEditing())
            m_auth->forgetProfile(result.value().id, true); // URLs or secrets may have changed
        Q_EMIT saved(result.value());
        QDialog::accept();
    };
    if (isEditing())
        service->updateProfile(p, secrets(), this, done);
    else
        service->addProfile(p, secrets(), this, done);
}

} // namespace tw
