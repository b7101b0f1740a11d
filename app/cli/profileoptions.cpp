#include "profileoptions.h"

#include "auth/clientassertion.h"
#include "auth/commvaultpair.h"
#include "profiles/secretcommand.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>

namespace tw::cli::ProfileOptions {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("cli", text);
}

Error usage(const QString &message)
{
    return Error::make(Error::Code::InvalidInput, message);
}

QString opt(const char *name)
{
    return QString::fromLatin1(name);
}
} // namespace

void addTo(QCommandLineParser &parser)
{
    parser.addOptions({
        {opt("kind"), tr("Provider kind: druva-msp, druva, oidc, commvault, oauth2."), opt("K")},
        {opt("region"), tr("Druva Cloud region for the default URLs: cloud or govcloud."),
         opt("R")},
        {opt("token-url"), tr("Token endpoint URL."), opt("URL")},
        {opt("issuer"), tr("Issuer URL (token endpoint found by discovery)."), opt("URL")},
        {opt("revocation-url"),
         tr("Revocation endpoint (RFC 7009), when discovery does not name one."), opt("URL")},
        {opt("introspection-url"),
         tr("Introspection endpoint (RFC 7662), when discovery does not name one."), opt("URL")},
        {opt("api-base"), tr("API base URL (Commvault: web service base …/commandcenter/api)."),
         opt("URL")},
        {opt("client-id"), tr("Client ID."), opt("ID")},
        {opt("client-auth"),
         tr("basic-raw, client_secret_basic, client_secret_post, client_secret_jwt, "
            "private_key_jwt, none, or auto (chosen from the server's discovery document and "
            "what the profile holds: a private key, a secret, or nothing)."),
         opt("M")},
        {{opt("private-key-stdin"), opt("key-stdin")},
         tr("private_key_jwt: read the PEM private key (RSA or EC; PKCS#1, PKCS#8 or SEC1) from "
            "standard input. It is kept only in the keychain.")},
        {{opt("private-key-file"), opt("key-file")},
         tr("private_key_jwt: read the PEM private key from FILE (then delete the file if it was "
            "only a carrier: the keychain keeps the key)."),
         opt("FILE")},
        {{opt("key-id"), opt("kid")},
         tr("private_key_jwt: the key id (`kid`) the server knows."),
         opt("KID")},
        {opt("signing-alg"),
         tr("private_key_jwt: RS256, PS256 or ES256 (default: RS256 for an RSA key, ES256 for an "
            "EC "
            "key)."),
         opt("ALG")},
        {opt("grant"),
         tr("oauth2: client_credentials (default), authorization_code (sign in with the "
            "browser; PKCE, RFC 7636) or device_code (sign in on a web page; RFC 8628)."),
         opt("G")},
        {opt("scope"), tr("Scope to request."), opt("S")},
        {opt("redirect-port"),
         tr("authorization_code: the loopback port of the redirect URI "
            "http://127.0.0.1:PORT/callback (0 = any free port, the default)."),
         opt("N")},
        {opt("prompt"), tr("authorization_code: the `prompt` to send (login, consent, …)."),
         opt("P")},
        {opt("login-hint"), tr("authorization_code: the `login_hint` to send (the account)."),
         opt("H")},
        {opt("audience"), tr("Audience to request."), opt("A")},
        {opt("resource"), tr("Resource indicator to request."), opt("R")},
        {opt("param"), tr("Extra token-request form parameter (repeatable)."), opt("KEY=VALUE")},
        {opt("allow-insecure-http"), tr("Allow plain HTTP to non-loopback hosts.")},
        {opt("no-verify-tls"), tr("Do not verify TLS certificates (dangerous).")},
        {opt("ca-file"), tr("Extra CA bundle (PEM) to trust."), opt("FILE")},
        {opt("no-auto-refresh"), tr("Do not renew tokens before they expire.")},
        {opt("timeout"),
         tr("Overall deadline of each request to the profile's servers (default 30)."),
         opt("SECONDS")},
        {opt("commvault-scope"), tr("Commvault token scope: all, custom, scim, 1-touch."),
         opt("S")},
        {opt("created"), tr("Commvault: when the access token was made (ISO-8601)."), opt("TIME")},
        {opt("renewal-days"), tr("Commvault: renewal horizon in days (90 by default, up to 365)."),
         opt("N")},
        {opt("legacy"), tr("Commvault: token made before 11.38 (cannot be renewed).")},
        {opt("username"), tr("Commvault login session: user name (password on stdin)."),
         opt("USER")},
        {opt("domain"), tr("Commvault login session: domain."), opt("DOMAIN")},
        {opt("secret-stdin"), tr("Read the secret(s) from standard input.")},
        {opt("secret-command"),
         tr("Get the secret (client secret, private key or Commvault password) from this "
            "command's standard output each time it is needed, e.g. 'pass show team/druva'. "
            "Run without a shell; words group with double quotes. Nothing is stored."),
         opt("COMMAND")},
        {opt("no-secret-command"),
         tr("Remove the secret command (then give the secret with --secret-stdin).")},
        {opt("secret-command-timeout"), tr("Stop the secret command after this long (default 30)."),
         opt("SECONDS")},
    });
}

namespace {
void copyIfSet(const QCommandLineParser &parser, const char *name, QString &target)
{
    if (parser.isSet(opt(name)))
        target = parser.value(opt(name));
}

// An empty value clears the URL; anything else must be a URL with a host.
Status readUrl(const QCommandLineParser &parser, const char *name, QUrl &target)
{
    if (!parser.isSet(opt(name)))
        return std::nullopt;
    const QString text = parser.value(opt(name)).trimmed();
    target = text.isEmpty() ? QUrl() : QUrl(text, QUrl::StrictMode);
    if (!text.isEmpty() && (!target.isValid() || target.host().isEmpty()))
        return usage(tr("--%1: \"%2\" is not a valid URL.").arg(opt(name), text));
    return std::nullopt;
}

Status applyEndpoints(const QCommandLineParser &parser, Profile &p)
{
    if (auto e = readUrl(parser, "token-url", p.tokenUrl))
        return e;
    if (auto e = readUrl(parser, "issuer", p.issuer))
        return e;
    if (auto e = readUrl(parser, "api-base", p.apiBase))
        return e;
    if (auto e = readUrl(parser, "revocation-url", p.revocationUrl))
        return e;
    return readUrl(parser, "introspection-url", p.introspectionUrl);
}

// Who the client is and how it proves it: id, client authentication, grant, signing key.
Status applyClient(const QCommandLineParser &parser, Profile &p)
{
    copyIfSet(parser, "client-id", p.clientId);
    if (parser.isSet(opt("client-auth"))) {
        const QString name = parser.value(opt("client-auth")).trimmed().toLower();
        const auto auth = clientAuthFromString(name);
        if (!auth && name != QLatin1String("auto"))
            return usage(tr("--client-auth must be one of: %1, auto.")
                             .arg(allClientAuthNames().join(QLatin1String(", "))));
        // A method chosen anew starts without what an earlier auto setting learned.
        p.clientAuthAuto = !auth;
        p.learnedBasic.reset();
        if (auth)
            p.clientAuth = *auth;
    }
    if (parser.isSet(opt("grant"))) {
        const auto grant = grantFromString(parser.value(opt("grant")));
        if (!grant)
            return usage(
                tr("--grant must be one of: %1.").arg(allGrantNames().join(QLatin1String(", "))));
        p.grant = *grant;
    }
    if (parser.isSet(opt("key-id")))
        p.keyId = parser.value(opt("key-id")).trimmed();
    if (parser.isSet(opt("signing-alg"))) {
        const auto alg = signingAlgFromString(parser.value(opt("signing-alg")));
        if (!alg)
            return usage(tr("--signing-alg must be RS256, PS256 or ES256."));
        p.signingAlg = *alg;
    }
    return std::nullopt;
}

// What the token request asks for, and the browser sign-in's redirect and hints.
Status applyTokenRequest(const QCommandLineParser &parser, Profile &p)
{
    copyIfSet(parser, "scope", p.scope);
    if (parser.isSet(opt("redirect-port"))) {
        bool ok = false;
        const int port = parser.value(opt("redirect-port")).trimmed().toInt(&ok);
        if (!ok || (port != 0 && (port < 1024 || port > 65535)))
            return usage(tr("--redirect-port takes 0 (any free port) or a port from 1024 to "
                            "65535."));
        p.redirectPort = port;
    }
    copyIfSet(parser, "prompt", p.prompt);
    copyIfSet(parser, "login-hint", p.loginHint);
    copyIfSet(parser, "audience", p.audience);
    copyIfSet(parser, "resource", p.resource);
    if (parser.isSet(opt("param"))) {
        p.extraParams.clear();
        for (const QString &pair : parser.values(opt("param"))) {
            const auto eq = pair.indexOf(QLatin1Char('='));
            if (eq <= 0)
                return usage(tr("--param takes KEY=VALUE, not \"%1\".").arg(pair));
            p.extraParams.append({pair.left(eq), pair.mid(eq + 1)});
        }
    }
    return std::nullopt;
}

Status applyConnection(const QCommandLineParser &parser, Profile &p)
{
    if (parser.isSet(opt("allow-insecure-http")))
        p.options.allowInsecureHttp = true;
    if (parser.isSet(opt("no-verify-tls")))
        p.options.verifyTls = false;
    copyIfSet(parser, "ca-file", p.options.caFile);
    if (parser.isSet(opt("no-auto-refresh")))
        p.options.autoRefresh = false;
    if (parser.isSet(opt("timeout"))) {
        const auto seconds = timeoutSeconds(parser.value(opt("timeout")));
        if (!seconds)
            return usage(tr("--timeout takes a whole number of seconds from 1 to %1.")
                             .arg(tw::ProfileOptions::kMaxTimeoutSec));
        p.options.timeoutSec = *seconds;
    }
    return std::nullopt;
}

Status applyCommvault(const QCommandLineParser &parser, Profile &p)
{
    if (parser.isSet(opt("commvault-scope"))) {
        const auto scope = commvaultScopeFromString(parser.value(opt("commvault-scope")));
        if (!scope)
            return usage(tr("--commvault-scope must be all, custom, scim or 1-touch."));
        p.commvault.scope = *scope;
    }
    if (parser.isSet(opt("created"))) {
        const QDateTime created = QDateTime::fromString(parser.value(opt("created")), Qt::ISODate);
        if (!created.isValid())
            return usage(tr("--created takes an ISO-8601 time such as 2026-11-23T10:00:00Z."));
        p.commvault.created = created.toUTC();
    }
    if (parser.isSet(opt("renewal-days"))) {
        bool ok = false;
        p.commvault.renewalHorizonDays = parser.value(opt("renewal-days")).toInt(&ok);
        if (!ok)
            return usage(tr("--renewal-days takes a number of days."));
    }
    if (parser.isSet(opt("legacy")))
        p.commvault.legacy = true;
    if (parser.isSet(opt("username"))) {
        p.commvault.username = parser.value(opt("username"));
        p.commvault.mode = CommvaultMode::LoginSession;
    }
    copyIfSet(parser, "domain", p.commvault.domain);
    return std::nullopt;
}
} // namespace

Status apply(const QCommandLineParser &parser, Profile &p)
{
    // In this order: the first refused option is the one reported.
    using Step = Status (*)(const QCommandLineParser &, Profile &);
    for (const Step step : {applyEndpoints, applyClient, applyTokenRequest, applyConnection,
                            applyCommvault, applySecretCommand}) {
        if (auto e = step(parser, p))
            return e;
    }
    return std::nullopt;
}

Status applySecretCommand(const QCommandLineParser &parser, Profile &p)
{
    if (parser.isSet(opt("secret-command")) && parser.isSet(opt("no-secret-command")))
        return usage(tr("Give --secret-command or --no-secret-command, not both."));
    if (parser.isSet(opt("no-secret-command")))
        p.secretCommand.clear();
    if (parser.isSet(opt("secret-command"))) {
        // Split once, here: the profile keeps the argument list, and nothing ever hands
        // the words to a shell.
        const auto words = SecretCommand::split(parser.value(opt("secret-command")));
        if (!words)
            return usage(tr("--secret-command names no program."));
        p.secretCommand = words.value();
    }
    if (parser.isSet(opt("secret-command-timeout"))) {
        const auto seconds = timeoutSeconds(parser.value(opt("secret-command-timeout")));
        if (!seconds)
            return usage(tr("--secret-command-timeout takes a whole number of seconds from 1 "
                            "to %1.")
                             .arg(tw::ProfileOptions::kMaxTimeoutSec));
        p.options.secretCommandTimeoutSec = *seconds;
    }
    return std::nullopt;
}

std::optional<int> timeoutSeconds(const QString &text)
{
    bool ok = false;
    const int seconds = text.trimmed().toInt(&ok);
    if (!ok || seconds < 1 || seconds > tw::ProfileOptions::kMaxTimeoutSec)
        return std::nullopt;
    return seconds;
}

QStringList secretPrompts(const Profile &profile)
{
    // Its one secret comes from the command (Profile::validateSecretCommand allows a command
    // only where the profile has exactly one secret to give).
    if (!profile.secretCommand.isEmpty())
        return {};
    if (profile.kind == ProviderKind::Commvault) {
        if (profile.commvault.mode == CommvaultMode::LoginSession)
            return {tr("Commvault password: ")};
        const bool refreshes = profile.commvault.scope == CommvaultScope::All ||
                               profile.commvault.scope == CommvaultScope::Custom;
        if (refreshes && !profile.commvault.legacy)
            return {tr("Commvault access token: "), tr("Commvault refresh token: ")};
        return {tr("Commvault access token: ")};
    }
    // private_key_jwt proves itself with the key (readPrivateKey), not a secret.
    if (profile.clientAuthAuto)
        return {tr("Client secret (empty for a public client or one with a private key): ")};
    if (profile.clientAuth == ClientAuth::None || profile.clientAuth == ClientAuth::PrivateKeyJwt)
        return {};
    return {tr("Client secret: ")};
}

ProfileService::Secrets secretsFrom(const Profile &profile, const QStringList &lines,
                                    const QDateTime &now)
{
    ProfileService::Secrets secrets;
    if (lines.isEmpty())
        return secrets;
    if (profile.kind == ProviderKind::Commvault) {
        if (profile.commvault.mode == CommvaultMode::LoginSession) {
            secrets.insert(SecretEntry::Password, lines.at(0).toUtf8());
        } else {
            const CommvaultPair pair = CommvaultPair::initial(profile, lines.at(0).trimmed(),
                                                              lines.value(1).trimmed(), now);
            secrets.insert(SecretEntry::CommvaultPair,
                           QJsonDocument(pair.toJson()).toJson(QJsonDocument::Compact));
        }
    } else {
        secrets.insert(SecretEntry::ClientSecret, lines.at(0).toUtf8());
    }
    return secrets;
}

Result<QByteArray> readPrivateKey(const QCommandLineParser &parser, const Profile &profile)
{
    const bool fromStdin = parser.isSet(opt("private-key-stdin"));
    const bool fromFile = parser.isSet(opt("private-key-file"));
    if (!fromStdin && !fromFile)
        return QByteArray();
    if (fromStdin && fromFile)
        return usage(tr("Give the private key either on standard input or as a file, not both."));
    if (profile.clientAuth != ClientAuth::PrivateKeyJwt && !profile.clientAuthAuto)
        return usage(tr("A private key is used only with --client-auth private_key_jwt or auto."));
    QFile in;
    const bool opened = fromFile ? (in.setFileName(parser.value(opt("private-key-file"))),
                                    in.open(QIODevice::ReadOnly))
                                 : in.open(stdin, QIODevice::ReadOnly);
    if (!opened)
        return usage(tr("Cannot read the private key file \"%1\": %2")
                         .arg(parser.value(opt("private-key-file")), in.errorString()));
    // A PEM key is a few kilobytes; refuse to slurp something that is not one.
    constexpr qint64 MaxPemBytes = 64 * 1024;
    const QByteArray pem = in.read(MaxPemBytes + 1);
    if (pem.size() > MaxPemBytes)
        return usage(tr("The private key is larger than 64 KiB: that is not a PEM key."));
    const auto alg = ClientAssertion::checkKey(pem, profile.signingAlg);
    if (!alg)
        return alg.error();
    return pem;
}

} // namespace tw::cli::ProfileOptions
