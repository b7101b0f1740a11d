// Profile value type: JSON round trip, validation rules per kind, kind spellings.
#include "profiles/kinds.h"
#include "profiles/profile.h"

#include <QJsonDocument>
#include <QtTest>

using namespace tw;

namespace {
QDateTime utc(const char *iso)
{
    return QDateTime::fromString(QLatin1String(iso), Qt::ISODate);
}

Profile sample(ProviderKind kind)
{
    Profile p = Profile::preset(kind);
    p.id = QUuid::createUuid();
    p.name = QStringLiteral("Sample %1").arg(kindToString(kind));
    p.clientId = QStringLiteral("client-\u00e9+/=");
    p.scope = QStringLiteral("read write");
    p.audience = QStringLiteral("https://api.example.com");
    p.resource = QStringLiteral("urn:resource");
    p.keyId = QStringLiteral("kid-2026");
    p.signingAlg = SigningAlg::PS256;
    p.extraParams = {{QStringLiteral("tenant"), QStringLiteral("a b")},
                     {QStringLiteral("x"), QStringLiteral("1+2")}};
    // Encoded spaces and non-ASCII must survive the file (StrictMode parse on load).
    p.apiBase = QUrl(QStringLiteral("https://api.example.com/v1/caf%C3%A9?x=a%20b"));
    if (kind == ProviderKind::Oidc || kind == ProviderKind::OAuth2)
        p.issuer = QUrl(QStringLiteral("https://b\u00fccher.example/realms/a b"));
    p.options.autoRefresh = false;
    p.options.verifyTls = false;
    p.options.caFile = QStringLiteral("/etc/ssl/extra.pem");
    p.secretKeys = {p.secretKey(SecretEntry::ClientSecret),
                    p.secretKey(SecretEntry::cachedToken(QStringLiteral("x")))};
    p.createdAt = utc("2024-05-01T10:00:00Z");
    p.updatedAt = utc("2024-05-02T11:30:00Z");
    if (kind == ProviderKind::Commvault) {
        p.commvault.mode = CommvaultMode::LoginSession;
        p.commvault.scope = CommvaultScope::OneTouch;
        p.commvault.created = utc("2024-04-01T08:00:00Z");
        p.commvault.username = QStringLiteral("admin");
        p.commvault.domain = QStringLiteral("corp");
        p.commvault.legacy = true;
        p.commvault.renewalHorizonDays = 365;
    }
    return p;
}

QByteArray canonical(const Profile &p)
{
    return QJsonDocument(p.toJson()).toJson();
}
} // namespace

class TestProfile : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void jsonRoundTripKeepsEveryField_data();
    void jsonRoundTripKeepsEveryField();
    void fromJsonRejectsUnknownKindAndMissingId();
    void kindsMapToAndFromTheirSpelling_data();
    void kindsMapToAndFromTheirSpelling();
    void clientAuthSpellings();
    void presetsAreValidOnceNamed_data();
    void presetsAreValidOnceNamed();
    void validateRules_data();
    void validateRules();
    void clientAssertionsOnlyForOAuthKinds();
    void secretKeyIsIdSlashEntry();
    void browserSignInSettingsPersistAndAreChecked();
};

void TestProfile::jsonRoundTripKeepsEveryField_data()
{
    QTest::addColumn<ProviderKind>("kind");
    for (const QString &name : allKindNames())
        QTest::newRow(qPrintable(name)) << *kindFromString(name);
}

void TestProfile::jsonRoundTripKeepsEveryField()
{
    QFETCH(ProviderKind, kind);
    const Profile original = sample(kind);
    const QByteArray text = QJsonDocument(original.toJson()).toJson();
    Result<Profile> back = Profile::fromJson(QJsonDocument::fromJson(text).object());
    QVERIFY2(back.ok(), back.ok() ? "" : qPrintable(back.error().toString()));
    const Profile &p = back.value();
    QCOMPARE(p.id, original.id);
    QCOMPARE(p.name, original.name);
    QCOMPARE(p.kind, kind);
    QCOMPARE(p.tokenUrl, original.tokenUrl);
    QCOMPARE(p.issuer, original.issuer);
    QCOMPARE(p.apiBase, original.apiBase);
    QVERIFY(p.apiBase.isValid());
    const Status afterLoad = p.validate();
    QVERIFY2(!afterLoad, afterLoad ? qPrintable(afterLoad->message) : "");
    QCOMPARE(p.clientId, original.clientId);
    QCOMPARE(p.clientAuth, original.clientAuth);
    QCOMPARE(p.keyId, original.keyId);
    QCOMPARE(p.signingAlg, SigningAlg::PS256);
    QCOMPARE(p.scope, original.scope);
    QCOMPARE(p.audience, original.audience);
    QCOMPARE(p.resource, original.resource);
    QCOMPARE(p.extraParams, original.extraParams);
    QCOMPARE(p.options.autoRefresh, false);
    QCOMPARE(p.options.verifyTls, false);
    QCOMPARE(p.options.caFile, original.options.caFile);
    QCOMPARE(p.secretKeys, original.secretKeys);
    QCOMPARE(p.createdAt, original.createdAt);
    QCOMPARE(p.updatedAt, original.updatedAt);
    if (kind == ProviderKind::Commvault) {
        QCOMPARE(p.commvault.mode, CommvaultMode::LoginSession);
        QCOMPARE(p.commvault.scope, CommvaultScope::OneTouch);
        QCOMPARE(p.commvault.created, original.commvault.created);
        QCOMPARE(p.commvault.username, original.commvault.username);
        QCOMPARE(p.commvault.domain, original.commvault.domain);
        QCOMPARE(p.commvault.legacy, true);
        QCOMPARE(p.commvault.renewalHorizonDays, 365);
    }
    QCOMPARE(canonical(p), canonical(original));
}

void TestProfile::fromJsonRejectsUnknownKindAndMissingId()
{
    QJsonObject json = sample(ProviderKind::Druva).toJson();
    json[QLatin1String("kind")] = QStringLiteral("veeam-next");
    Result<Profile> unknownKind = Profile::fromJson(json);
    QVERIFY(!unknownKind.ok());
    QVERIFY(unknownKind.error().message.contains(QLatin1String("veeam-next")));

    json = sample(ProviderKind::Druva).toJson();
    json.remove(QLatin1String("id"));
    QVERIFY(!Profile::fromJson(json).ok());
}

void TestProfile::kindsMapToAndFromTheirSpelling_data()
{
    QTest::addColumn<ProviderKind>("kind");
    QTest::addColumn<QString>("spelling");
    QTest::newRow("druva-msp") << ProviderKind::DruvaMsp << "druva-msp";
    QTest::newRow("druva") << ProviderKind::Druva << "druva";
    QTest::newRow("oidc") << ProviderKind::Oidc << "oidc";
    QTest::newRow("commvault") << ProviderKind::Commvault << "commvault";
    QTest::newRow("oauth2") << ProviderKind::OAuth2 << "oauth2";
}

void TestProfile::kindsMapToAndFromTheirSpelling()
{
    QFETCH(ProviderKind, kind);
    QFETCH(QString, spelling);
    QCOMPARE(kindToString(kind), spelling);
    QCOMPARE(kindFromString(spelling), std::optional<ProviderKind>(kind));
    QCOMPARE(kindFromString(QStringLiteral("  ") + spelling.toUpper()),
             std::optional<ProviderKind>(kind));
    QVERIFY(allKindNames().contains(spelling));
    QVERIFY(!kindDisplayName(kind).isEmpty());
}

void TestProfile::clientAuthSpellings()
{
    QCOMPARE(allKindNames().size(), 5);
    QVERIFY(!kindFromString(QStringLiteral("druva_msp")));
    QVERIFY(!kindFromString(QString()));
    for (const QString &name : allClientAuthNames())
        QCOMPARE(clientAuthToString(*clientAuthFromString(name)), name);
    QCOMPARE(clientAuthFromString(QStringLiteral("basic")),
             std::optional<ClientAuth>(ClientAuth::ClientSecretBasic));
    QCOMPARE(clientAuthFromString(QStringLiteral("private_key_jwt")),
             std::optional<ClientAuth>(ClientAuth::PrivateKeyJwt));
    QCOMPARE(clientAuthFromString(QStringLiteral("client_secret_jwt")),
             std::optional<ClientAuth>(ClientAuth::ClientSecretJwt));
    QVERIFY(!clientAuthFromString(QStringLiteral("tls_client_auth")));
    QCOMPARE(signingAlgFromString(QStringLiteral("es256")),
             std::optional<SigningAlg>(SigningAlg::ES256));
    QCOMPARE(signingAlgToString(SigningAlg::PS256), QStringLiteral("PS256"));
    QCOMPARE(signingAlgFromString(QString()), std::optional<SigningAlg>(SigningAlg::Auto));
    QVERIFY(!signingAlgFromString(QStringLiteral("HS256"))); // not for private_key_jwt
    QCOMPARE(commvaultScopeFromString(QStringLiteral("1touch")),
             std::optional<CommvaultScope>(CommvaultScope::OneTouch));
    QCOMPARE(commvaultModeFromString(QStringLiteral("login")),
             std::optional<CommvaultMode>(CommvaultMode::LoginSession));
}

void TestProfile::presetsAreValidOnceNamed_data()
{
    QTest::addColumn<ProviderKind>("kind");
    QTest::addColumn<QString>("region");
    QTest::newRow("druva-msp") << ProviderKind::DruvaMsp << QString();
    QTest::newRow("druva") << ProviderKind::Druva << QString();
    QTest::newRow("druva govcloud") << ProviderKind::Druva << "govcloud";
    QTest::newRow("oidc") << ProviderKind::Oidc << QString();
    QTest::newRow("commvault") << ProviderKind::Commvault << QString();
}

void TestProfile::presetsAreValidOnceNamed()
{
    QFETCH(ProviderKind, kind);
    QFETCH(QString, region);
    Profile p = Profile::preset(kind, region);
    p.name = QStringLiteral("x");
    p.clientId = QStringLiteral("id");
    const Status status = p.validate();
    QVERIFY2(!status, status ? qPrintable(status->message) : "");
    if (!region.isEmpty())
        QCOMPARE(p.tokenUrl.host(), QStringLiteral("govcloudapis.druva.com"));
}

void TestProfile::validateRules_data()
{
    QTest::addColumn<ProviderKind>("kind");
    QTest::addColumn<QString>("tokenUrl");
    QTest::addColumn<QString>("issuer");
    QTest::addColumn<QString>("apiBase");
    QTest::addColumn<bool>("allowInsecure");
    QTest::addColumn<bool>("valid");

    const QString tok = QStringLiteral("https://auth.example.com/token");
    const QString api = QStringLiteral("https://api.example.com");
    const QString iss = QStringLiteral("https://login.example.com");

    QTest::newRow("druva ok") << ProviderKind::Druva << tok << "" << api << false << true;
    QTest::newRow("druva missing token url") << ProviderKind::Druva << ""
                                             << "" << api << false << false;
    QTest::newRow("druva-msp missing api base") << ProviderKind::DruvaMsp << tok << ""
                                                << "" << false << false;
    QTest::newRow("druva http remote refused")
        << ProviderKind::Druva << "http://auth.example.com/token"
        << "" << api << false << false;
    QTest::newRow("druva http remote allowed when insecure")
        << ProviderKind::Druva << "http://auth.example.com/token"
        << "" << api << true << true;
    QTest::newRow("druva http loopback ok") << ProviderKind::Druva << "http://127.0.0.1:8080/token"
                                            << ""
                                            << "http://localhost:8080" << false << true;
    QTest::newRow("druva http ipv6 loopback ok")
        << ProviderKind::DruvaMsp << "http://[::1]:8080/token"
        << ""
        << "http://[::1]:8080" << false << true;
    QTest::newRow("ftp refused") << ProviderKind::Druva << "ftp://auth.example.com/token"
                                 << "" << api << false << false;
    QTest::newRow("not a url") << ProviderKind::Druva << "https://"
                               << "" << api << false << false;
    QTest::newRow("credentials in url refused")
        << ProviderKind::Druva << "https://user:hunter2@auth.example.com/token"
        << "" << api << false << false;
    QTest::newRow("oidc issuer only") << ProviderKind::Oidc << "" << iss << "" << false << true;
    QTest::newRow("oidc token url only") << ProviderKind::Oidc << tok << ""
                                         << "" << false << true;
    QTest::newRow("oidc neither") << ProviderKind::Oidc << ""
                                  << "" << api << false << false;
    QTest::newRow("oidc http issuer refused") << ProviderKind::Oidc << ""
                                              << "http://login.example.com"
                                              << "" << false << false;
    QTest::newRow("oauth2 token url") << ProviderKind::OAuth2 << tok << ""
                                      << "" << false << true;
    QTest::newRow("oauth2 neither") << ProviderKind::OAuth2 << ""
                                    << ""
                                    << "" << false << false;
    QTest::newRow("commvault ok") << ProviderKind::Commvault << ""
                                  << ""
                                  << "https://cs.example.com/commandcenter/api" << false << true;
    QTest::newRow("commvault missing api base") << ProviderKind::Commvault << ""
                                                << ""
                                                << "" << false << false;
    QTest::newRow("commvault http remote refused")
        << ProviderKind::Commvault << ""
        << ""
        << "http://cs.example.com/commandcenter/api" << false << false;
}

void TestProfile::validateRules()
{
    QFETCH(ProviderKind, kind);
    QFETCH(QString, tokenUrl);
    QFETCH(QString, issuer);
    QFETCH(QString, apiBase);
    QFETCH(bool, allowInsecure);
    QFETCH(bool, valid);

    Profile p;
    p.kind = kind;
    p.name = QStringLiteral("n");
    p.clientId = QStringLiteral("id");
    p.tokenUrl = tokenUrl.isEmpty() ? QUrl() : QUrl(tokenUrl);
    p.issuer = issuer.isEmpty() ? QUrl() : QUrl(issuer);
    p.apiBase = apiBase.isEmpty() ? QUrl() : QUrl(apiBase);
    p.options.allowInsecureHttp = allowInsecure;
    const Status status = p.validate();
    QCOMPARE(!status, valid);
    if (status) {
        QCOMPARE(status->code, Error::Code::InvalidInput);
        QVERIFY(!status->message.isEmpty());
        QVERIFY(!status->message.contains(QLatin1String("hunter2")));
    }
}

void TestProfile::clientAssertionsOnlyForOAuthKinds()
{
    for (const QString &name : allKindNames()) {
        Profile p = sample(*kindFromString(name));
        if (p.kind == ProviderKind::Commvault)
            p.apiBase = QUrl(QStringLiteral("https://cs.example.com/commandcenter/api"));
        for (const ClientAuth auth : {ClientAuth::PrivateKeyJwt, ClientAuth::ClientSecretJwt}) {
            p.clientAuth = auth;
            const bool oauth = p.kind == ProviderKind::OAuth2 || p.kind == ProviderKind::Oidc;
            QCOMPARE(p.validate().has_value(), !oauth);
        }
    }
}

void TestProfile::secretKeyIsIdSlashEntry()
{
    Profile p = sample(ProviderKind::Druva);
    QCOMPARE(p.secretKey(SecretEntry::ClientSecret),
             p.id.toString(QUuid::WithoutBraces) + QStringLiteral("/client_secret"));

    Profile unnamed = p;
    unnamed.name = QStringLiteral("   ");
    QVERIFY(unnamed.validate());
    Profile multiline = p;
    multiline.name = QStringLiteral("a\rb");
    QVERIFY(multiline.validate());
    Profile noClient = p;
    noClient.clientId.clear();
    QVERIFY(noClient.validate());
    Profile login = Profile::preset(ProviderKind::Commvault);
    login.name = QStringLiteral("cv");
    login.commvault.mode = CommvaultMode::LoginSession;
    QVERIFY(login.validate()); // needs a username
    login.commvault.username = QStringLiteral("admin");
    QVERIFY(!login.validate());
}

void TestProfile::browserSignInSettingsPersistAndAreChecked()
{
    Profile p = sample(ProviderKind::OAuth2);
    const QString clientCredentials = p.tokenFingerprint();
    p.grant = Grant::AuthorizationCode;
    QCOMPARE(grantToString(p.grant), QStringLiteral("authorization_code"));
    QCOMPARE(grantFromString(QStringLiteral("authorization_code")), Grant::AuthorizationCode);
    QVERIFY(isInteractive(Grant::AuthorizationCode) && isInteractive(Grant::DeviceCode));
    QVERIFY(!isInteractive(Grant::ClientCredentials));
    p.redirectPort = 8765;
    p.prompt = QStringLiteral("consent");
    p.loginHint = QStringLiteral("ann@example.com");
    QVERIFY(!p.validate());

    const QJsonObject json = p.toJson();
    QCOMPARE(json.value(QLatin1String("grant")).toString(), QStringLiteral("authorization_code"));
    QCOMPARE(json.value(QLatin1String("redirect_port")).toInt(), 8765);
    const auto back = Profile::fromJson(json);
    QVERIFY(back);
    QCOMPARE(back.value().grant, Grant::AuthorizationCode);
    QCOMPARE(back.value().redirectPort, 8765);
    QCOMPARE(back.value().prompt, QStringLiteral("consent"));
    QCOMPARE(back.value().loginHint, QStringLiteral("ann@example.com"));

    // Whose token it is: the grant and the account decide; prompt and port do not.
    const QString signedIn = p.tokenFingerprint();
    QVERIFY(signedIn != clientCredentials);
    Profile other = p;
    other.prompt = QStringLiteral("login");
    other.redirectPort = 0;
    QCOMPARE(other.tokenFingerprint(), signedIn);
    other.loginHint = QStringLiteral("bob@example.com");
    QVERIFY(other.tokenFingerprint() != signedIn);

    for (const int port : {1, 80, 1023, 65536, -1}) {
        Profile bad = p;
        bad.redirectPort = port;
        QVERIFY2(bad.validate(), qPrintable(QString::number(port)));
    }
    Profile controls = p;
    controls.loginHint = QStringLiteral("ann\n@example.com");
    QVERIFY(controls.validate());
    Profile druva = sample(ProviderKind::Druva);
    druva.grant = Grant::AuthorizationCode;
    QVERIFY(druva.validate()); // interactive grants are for oauth2 only
}

QTEST_GUILESS_MAIN(TestProfile)
#include "tst_profile.moc"
