#include "ui/window/demosetup.h"

#include "auth/commvaultpair.h"
#include "demokeys.h"
#include "sandbox.h"

#include <QJsonDocument>
#include <QUuid>

namespace tw {

namespace {
QString field(const QJsonObject &entry, const char *key)
{
    return entry.value(QLatin1String(key)).toString();
}

DemoSetup::DemoProfile clientCredentials(ProviderKind kind, const QString &region,
                                         const QString &name, const QJsonObject &entry)
{
    DemoSetup::DemoProfile demo;
    Profile &p = demo.profile;
    p = Profile::preset(kind, region);
    p.name = name;
    if (entry.contains(QLatin1String("token_url")) && kind != ProviderKind::Oidc)
        p.tokenUrl = QUrl(field(entry, "token_url"));
    if (kind == ProviderKind::Oidc)
        p.issuer = QUrl(field(entry, "issuer"));
    p.apiBase = QUrl(field(entry, "api_base"));
    p.clientId = field(entry, "client_id");
    demo.secrets.insert(SecretEntry::ClientSecret, field(entry, "client_secret").toUtf8());
    return demo;
}
// A public client that signs a person in (the sandbox shows its Approve/Deny page): no secret.
DemoSetup::DemoProfile interactive(Grant grant, const QString &name, const QJsonObject &entry,
                                   const char *clientIdKey)
{
    DemoSetup::DemoProfile demo;
    Profile &p = demo.profile;
    p = Profile::preset(ProviderKind::OAuth2);
    p.name = name;
    p.issuer = QUrl(field(entry, "issuer"));
    p.apiBase = QUrl(field(entry, "api_base"));
    p.clientId = field(entry, clientIdKey);
    p.clientAuth = ClientAuth::None;
    p.grant = grant;
    p.scope = QStringLiteral("read");
    return demo;
}
} // namespace

DemoSetup::DemoSetup(QObject *parent) : QObject(parent) {}

DemoSetup::~DemoSetup() = default;

Status DemoSetup::start(int tokenLifetimeSec)
{
    m_dir = std::make_unique<QTemporaryDir>();
    if (!m_dir->isValid()) {
        return Error::make(Error::Code::Io,
                           tr("Could not create a temporary directory for the demo."),
                           m_dir->errorString());
    }
    m_service = QStringLiteral("tokenwright-demo-%1")
                    .arg(QUuid::createUuid().toString(QUuid::Id128).left(12));
    qputenv("TOKENWRIGHT_CONFIG_DIR", m_dir->path().toUtf8());
    qputenv("TOKENWRIGHT_KEYCHAIN_SERVICE", m_service.toUtf8());

    sandbox::SandboxConfig config;
    config.tokenLifetimeSec = tokenLifetimeSec;
    m_sandbox = std::make_unique<sandbox::Sandbox>(config);
    if (!m_sandbox->listen(0)) {
        return Error::make(Error::Code::Network,
                           tr("Could not start the built-in provider emulator on 127.0.0.1."));
    }
    return std::nullopt;
}

QUrl DemoSetup::baseUrl() const
{
    return m_sandbox ? m_sandbox->baseUrl() : QUrl();
}

QString DemoSetup::configDir() const
{
    return m_dir ? m_dir->path() : QString();
}

QList<DemoSetup::DemoProfile> DemoSetup::demoProfiles(const QJsonObject &describe,
                                                      const QDateTime &now)
{
    const QJsonObject providers = describe.value(QLatin1String("providers")).toObject();
    auto entry = [&](const char *key) { return providers.value(QLatin1String(key)).toObject(); };
    QList<DemoProfile> out;
    out << clientCredentials(ProviderKind::DruvaMsp, {}, tr("Druva MSP (demo)"),
                             entry("druva-msp"));
    out << clientCredentials(ProviderKind::Druva, {}, tr("Druva Cloud (demo)"), entry("druva"));
    if (providers.contains(QLatin1String("druva-gov")))
        out << clientCredentials(ProviderKind::Druva, QStringLiteral("govcloud"),
                                 tr("Druva GovCloud (demo)"), entry("druva-gov"));
    out << clientCredentials(ProviderKind::Oidc, {}, tr("backup.net portal (demo)"), entry("oidc"));
    out << clientCredentials(ProviderKind::OAuth2, {}, tr("OAuth 2.0 service (demo)"),
                             entry("oauth2"));
    out << interactive(Grant::AuthorizationCode, tr("OAuth 2.0 browser sign-in (demo)"),
                       entry("oauth2"), "browser_client_id");
    out << interactive(Grant::DeviceCode, tr("OAuth 2.0 device sign-in (demo)"), entry("oauth2"),
                       "device_client_id");
    // A signed client assertion (RFC 7523): the demo key goes to the (demo) keychain only.
    DemoProfile assertion = clientCredentials(
        ProviderKind::OAuth2, {}, tr("OAuth 2.0 signed assertion (demo)"), entry("oauth2"));
    assertion.profile.clientId = QString::fromLatin1(sandbox::demo::JwtEcClientId);
    assertion.profile.clientAuth = ClientAuth::PrivateKeyJwt;
    assertion.profile.keyId = QString::fromLatin1(sandbox::demo::JwtEcKeyId);
    assertion.secrets.clear();
    assertion.secrets.insert(SecretEntry::PrivateKey,
                             QByteArray(sandbox::demo::JwtEcPrivateKey).trimmed() + '\n');
    out << assertion;

    const QJsonObject cv = entry("commvault");
    DemoProfile token;
    token.profile = Profile::preset(ProviderKind::Commvault);
    token.profile.name = tr("Commvault (demo)");
    token.profile.apiBase = QUrl(field(cv, "api_base"));
    token.profile.commvault.mode = CommvaultMode::AccessToken;
    token.profile.commvault.scope = CommvaultScope::All;
    token.profile.commvault.created = now;
    const CommvaultPair pair = CommvaultPair::initial(token.profile, field(cv, "access_token"),
                                                      field(cv, "refresh_token"), now);
    token.secrets.insert(SecretEntry::CommvaultPair,
                         QJsonDocument(pair.toJson()).toJson(QJsonDocument::Compact));
    out << token;

    DemoProfile login;
    login.profile = Profile::preset(ProviderKind::Commvault);
    login.profile.name = tr("Commvault login session (demo)");
    login.profile.apiBase = token.profile.apiBase;
    login.profile.commvault.mode = CommvaultMode::LoginSession;
    login.profile.commvault.username = field(cv, "username");
    login.secrets.insert(SecretEntry::Password, field(cv, "password").toUtf8());
    out << login;
    return out;
}

void DemoSetup::createProfiles(ProfileService *service, std::function<void(Status)> done)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    addNext(service, demoProfiles(m_sandbox->describe(), now), std::move(done));
}

void DemoSetup::addNext(ProfileService *service, QList<DemoProfile> rest,
                        std::function<void(Status)> done)
{
    if (rest.isEmpty()) {
        done(std::nullopt);
        return;
    }
    const DemoProfile next = rest.takeFirst();
    service->addProfile(next.profile, next.secrets, this,
                        [this, service, rest, done](Result<Profile> added) {
                            if (!added) {
                                done(added.error());
                                return;
                            }
                            addNext(service, rest, done);
                        });
}

} // namespace tw
