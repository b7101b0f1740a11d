#include "profileoptions.h"

#include "auth/commvaultpair.h"

#include <QCoreApplication>
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
        {opt("api-base"), tr("API base URL (Commvault: web service base …/commandcenter/api)."),
         opt("URL")},
        {opt("client-id"), tr("Client ID."), opt("ID")},
        {opt("client-auth"), tr("basic-raw, client_secret_basic, client_secret_post or none."),
         opt("M")},
        {opt("scope"), tr("Scope to request."), opt("S")},
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
    });
}

Status apply(const QCommandLineParser &parser, Profile &p)
{
    auto url = [&](const char *name, QUrl &target) -> Status {
        if (!parser.isSet(opt(name)))
            return std::nullopt;
        const QString text = parser.value(opt(name)).trimmed();
        target = text.isEmpty() ? QUrl() : QUrl(text, QUrl::StrictMode);
        if (!text.isEmpty() && (!target.isValid() || target.host().isEmpty()))
            return usage(tr("--%1: \"%2\" is not a valid URL.").arg(opt(name), text));
        return std::nullopt;
    };
    if (auto e = url("token-url", p.tokenUrl))
        return e;
    if (auto e = url("issuer", p.issuer))
        return e;
    if (auto e = url("api-base", p.apiBase))
        return e;
    if (parser.isSet(opt("client-id")))
        p.clientId = parser.value(opt("client-id"));
    if (parser.isSet(opt("client-auth"))) {
        const auto auth = clientAuthFromString(parser.value(opt("client-auth")));
        if (!auth)
            return usage(tr("--client-auth must be one of: %1.")
                             .arg(allClientAuthNames().join(QLatin1String(", "))));
        p.clientAuth = *auth;
    }
    if (parser.isSet(opt("scope")))
        p.scope = parser.value(opt("scope"));
    if (parser.isSet(opt("audience")))
        p.audience = parser.value(opt("audience"));
    if (parser.isSet(opt("resource")))
        p.resource = parser.value(opt("resource"));
    if (parser.isSet(opt("param"))) {
        p.extraParams.clear();
        for (const QString &pair : parser.values(opt("param"))) {
            const auto eq = pair.indexOf(QLatin1Char('='));
            if (eq <= 0)
                return usage(tr("--param takes KEY=VALUE, not \"%1\".").arg(pair));
            p.extraParams.append({pair.left(eq), pair.mid(eq + 1)});
        }
    }
    if (parser.isSet(opt("allow-insecure-http")))
        p.options.allowInsecureHttp = true;
    if (parser.isSet(opt("no-verify-tls")))
        p.options.verifyTls = false;
    if (parser.isSet(opt("ca-file")))
        p.options.caFile = parser.value(opt("ca-file"));
    if (parser.isSet(opt("no-auto-refresh")))
        p.options.autoRefresh = false;
    if (parser.isSet(opt("timeout"))) {
        const auto seconds = timeoutSeconds(parser.value(opt("timeout")));
        if (!seconds)
            return usage(tr("--timeout takes a whole number of seconds from 1 to %1.")
                             .arg(tw::ProfileOptions::kMaxTimeoutSec));
        p.options.timeoutSec = *seconds;
    }
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
    if (parser.isSet(opt("domain")))
        p.commvault.domain = parser.value(opt("domain"));
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
    if (profile.kind == ProviderKind::Commvault) {
        if (profile.commvault.mode == CommvaultMode::LoginSession)
            return {tr("Commvault password: ")};
        const bool refreshes = profile.commvault.scope == CommvaultScope::All ||
                               profile.commvault.scope == CommvaultScope::Custom;
        if (refreshes && !profile.commvault.legacy)
            return {tr("Commvault access token: "), tr("Commvault refresh token: ")};
        return {tr("Commvault access token: ")};
    }
    if (profile.clientAuth == ClientAuth::None)
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

} // namespace tw::cli::ProfileOptions
