#include "profiles/profile.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QHostAddress>
#include <QJsonArray>
#include <algorithm>

namespace tw {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("Profile", text);
}

Error invalid(const QString &message)
{
    return Error::make(Error::Code::InvalidInput, message);
}

// Fully encoded: the default toString() decodes "%20" and non-ASCII, and fromJson's
// StrictMode parse then rejects the URL, so the profile would break on the next load.
QString urlString(const QUrl &url)
{
    return url.isEmpty() ? QString() : url.toString(QUrl::FullyEncoded);
}

QUrl urlFrom(const QJsonObject &json, const char *key)
{
    const QString text = json.value(QLatin1String(key)).toString();
    return text.isEmpty() ? QUrl() : QUrl(text, QUrl::StrictMode);
}

Status checkUrl(const Profile &p, const QUrl &url, const QString &what, bool required)
{
    if (url.isEmpty()) {
        if (required)
            return invalid(tr("%1 is required.").arg(what));
        return std::nullopt;
    }
    if (!url.isValid() || url.host().isEmpty())
        return invalid(tr("%1 is not a valid URL.").arg(what));
    // A password in the URL would be written to profiles.json; secrets belong in the
    // keychain. The message does not repeat the URL for the same reason.
    if (!url.userInfo().isEmpty())
        return invalid(tr("%1 must not contain a user name or password; enter credentials in "
                          "their own fields.")
                           .arg(what));
    const QString scheme = url.scheme().toLower();
    if (scheme != QLatin1String("https") && scheme != QLatin1String("http"))
        return invalid(tr("%1 must use https://.").arg(what));
    if (scheme == QLatin1String("http") && !isLoopbackHost(url.host()) &&
        !p.options.allowInsecureHttp)
        return invalid(tr("%1 uses plain HTTP to a non-loopback host; use https:// or allow "
                          "insecure HTTP for this profile.")
                           .arg(what));
    return std::nullopt;
}
} // namespace

bool Profile::isLoopback(const QUrl &url) const
{
    return isLoopbackHost(url.host());
}

QString Profile::secretKey(const QString &entry) const
{
    return id.toString(QUuid::WithoutBraces) + QLatin1Char('/') + entry;
}

QString Profile::tokenFingerprint() const
{
    QStringList parts{kindToString(kind),
                      tokenUrl.toString(),
                      issuer.toString(),
                      apiBase.toString(),
                      clientId,
                      clientAuthName(),
                      scope,
                      audience,
                      resource,
                      commvaultModeToString(commvault.mode),
                      commvault.username,
                      commvault.domain};
    for (const auto &[key, value] : extraParams)
        parts << key << value;
    // Appended only when set, so the fingerprints of client-credentials profiles (and the
    // tokens cached under them) stay as they were. A sign-in as another user (login_hint)
    // hands out another user's token; prompt and the redirect port do not change whose.
    if (grant != Grant::ClientCredentials)
        parts << grantToString(grant);
    if (!loginHint.isEmpty())
        parts << QStringLiteral("login_hint") << loginHint;
    return QString::fromLatin1(
        QCryptographicHash::hash(parts.join(QChar(0x1F)).toUtf8(), QCryptographicHash::Sha256)
            .toHex()
            .left(16));
}

QString Profile::clientAuthName() const
{
    return clientAuthAuto ? QStringLiteral("auto") : clientAuthToString(clientAuth);
}

bool Profile::usesDiscovery() const
{
    if (kind == ProviderKind::Oidc)
        return tokenUrl.isEmpty();
    if (kind == ProviderKind::OAuth2)
        return tokenUrl.isEmpty() && !issuer.isEmpty();
    return false;
}

QJsonObject Profile::toJson() const
{
    QJsonObject json;
    json[QLatin1String("id")] = id.toString(QUuid::WithoutBraces);
    json[QLatin1String("name")] = name;
    json[QLatin1String("kind")] = kindToString(kind);
    json[QLatin1String("token_url")] = urlString(tokenUrl);
    if (!revocationUrl.isEmpty())
        json[QLatin1String("revocation_url")] = urlString(revocationUrl);
    if (!introspectionUrl.isEmpty())
        json[QLatin1String("introspection_url")] = urlString(introspectionUrl);
    json[QLatin1String("issuer")] = urlString(issuer);
    json[QLatin1String("api_base")] = urlString(apiBase);
    json[QLatin1String("client_id")] = clientId;
    json[QLatin1String("client_auth")] = clientAuthName();
    if (clientAuthAuto && learnedBasic)
        json[QLatin1String("client_auth_learned")] = clientAuthToString(*learnedBasic);
    if (grant != Grant::ClientCredentials)
        json[QLatin1String("grant")] = grantToString(grant);
    if (!keyId.isEmpty())
        json[QLatin1String("key_id")] = keyId;
    if (signingAlg != SigningAlg::Auto)
        json[QLatin1String("signing_alg")] = signingAlgToString(signingAlg);
    json[QLatin1String("scope")] = scope;
    if (redirectPort != 0)
        json[QLatin1String("redirect_port")] = redirectPort;
    if (!prompt.isEmpty())
        json[QLatin1String("prompt")] = prompt;
    if (!loginHint.isEmpty())
        json[QLatin1String("login_hint")] = loginHint;
    json[QLatin1String("audience")] = audience;
    json[QLatin1String("resource")] = resource;
    QJsonArray extra;
    for (const auto &[key, value] : extraParams)
        extra.append(QJsonArray{key, value});
    json[QLatin1String("extra_params")] = extra;
    if (!secretCommand.isEmpty())
        json[QLatin1String("secret_command")] = QJsonArray::fromStringList(secretCommand);

    QJsonObject opts;
    opts[QLatin1String("auto_refresh")] = options.autoRefresh;
    opts[QLatin1String("allow_insecure_http")] = options.allowInsecureHttp;
    opts[QLatin1String("verify_tls")] = options.verifyTls;
    opts[QLatin1String("ca_file")] = options.caFile;
    opts[QLatin1String("timeout_sec")] = options.timeoutSec;
    if (options.secretCommandTimeoutSec != ProfileOptions::kDefaultTimeoutSec)
        opts[QLatin1String("secret_command_timeout_sec")] = options.secretCommandTimeoutSec;
    json[QLatin1String("options")] = opts;

    if (kind == ProviderKind::Commvault) {
        QJsonObject cv;
        cv[QLatin1String("mode")] = commvaultModeToString(commvault.mode);
        cv[QLatin1String("scope")] = commvaultScopeToString(commvault.scope);
        cv[QLatin1String("created")] = commvault.created.isValid()
                                           ? commvault.created.toUTC().toString(Qt::ISODate)
                                           : QString();
        cv[QLatin1String("username")] = commvault.username;
        cv[QLatin1String("domain")] = commvault.domain;
        cv[QLatin1String("legacy")] = commvault.legacy;
        cv[QLatin1String("renewal_horizon_days")] = commvault.renewalHorizonDays;
        json[QLatin1String("commvault")] = cv;
    }
    json[QLatin1String("secret_keys")] = QJsonArray::fromStringList(secretKeys);
    json[QLatin1String("created_at")] = createdAt.toUTC().toString(Qt::ISODate);
    json[QLatin1String("updated_at")] = updatedAt.toUTC().toString(Qt::ISODate);
    return json;
}

Result<Profile> Profile::fromJson(const QJsonObject &json)
{
    Profile p;
    p.id = QUuid::fromString(json.value(QLatin1String("id")).toString());
    if (p.id.isNull())
        return invalid(tr("Profile entry without a valid id."));
    p.name = json.value(QLatin1String("name")).toString();
    const auto kind = kindFromString(json.value(QLatin1String("kind")).toString());
    if (!kind)
        return invalid(tr("Profile \"%1\" has an unknown kind \"%2\".")
                           .arg(p.name, json.value(QLatin1String("kind")).toString()));
    p.kind = *kind;
    p.tokenUrl = urlFrom(json, "token_url");
    p.issuer = urlFrom(json, "issuer");
    p.apiBase = urlFrom(json, "api_base");
    p.revocationUrl = urlFrom(json, "revocation_url");
    p.introspectionUrl = urlFrom(json, "introspection_url");
    p.clientId = json.value(QLatin1String("client_id")).toString();
    const QString auth = json.value(QLatin1String("client_auth")).toString();
    p.clientAuthAuto = auth == QLatin1String("auto");
    p.clientAuth = clientAuthFromString(auth).value_or(ClientAuth::ClientSecretBasic);
    // Only an HTTP Basic encoding can be learned; anything else in the file is ignored.
    const auto learned =
        clientAuthFromString(json.value(QLatin1String("client_auth_learned")).toString());
    if (p.clientAuthAuto &&
        (learned == ClientAuth::BasicRaw || learned == ClientAuth::ClientSecretBasic))
        p.learnedBasic = learned;
    p.grant = grantFromString(json.value(QLatin1String("grant")).toString())
                  .value_or(Grant::ClientCredentials);
    p.keyId = json.value(QLatin1String("key_id")).toString();
    p.signingAlg = signingAlgFromString(json.value(QLatin1String("signing_alg")).toString())
                       .value_or(SigningAlg::Auto);
    p.scope = json.value(QLatin1String("scope")).toString();
    p.redirectPort = json.value(QLatin1String("redirect_port")).toInt(0);
    p.prompt = json.value(QLatin1String("prompt")).toString();
    p.loginHint = json.value(QLatin1String("login_hint")).toString();
    p.audience = json.value(QLatin1String("audience")).toString();
    p.resource = json.value(QLatin1String("resource")).toString();
    for (const QJsonValue &pair : json.value(QLatin1String("extra_params")).toArray()) {
        const QJsonArray kv = pair.toArray();
        if (kv.size() == 2)
            p.extraParams.append({kv.at(0).toString(), kv.at(1).toString()});
    }
    const QJsonValue command = json.value(QLatin1String("secret_command"));
    if (!command.isUndefined() && !command.isNull()) {
        // Read strictly: a list taken half would run some other command.
        const QJsonArray words = command.toArray();
        const bool allStrings = std::all_of(words.begin(), words.end(),
                                            [](const QJsonValue &w) { return w.isString(); });
        if (!command.isArray() || !allStrings)
            return invalid(
                tr("Profile \"%1\": secret_command must be a list of strings.").arg(p.name));
        for (const QJsonValue &word : words)
            p.secretCommand << word.toString();
    }
    const QJsonObject opts = json.value(QLatin1String("options")).toObject();
    p.options.autoRefresh = opts.value(QLatin1String("auto_refresh")).toBool(true);
    p.options.allowInsecureHttp = opts.value(QLatin1String("allow_insecure_http")).toBool(false);
    p.options.verifyTls = opts.value(QLatin1String("verify_tls")).toBool(true);
    p.options.caFile = opts.value(QLatin1String("ca_file")).toString();
    p.options.timeoutSec =
        opts.value(QLatin1String("timeout_sec")).toInt(ProfileOptions::kDefaultTimeoutSec);
    p.options.secretCommandTimeoutSec = opts.value(QLatin1String("secret_command_timeout_sec"))
                                            .toInt(ProfileOptions::kDefaultTimeoutSec);

    const QJsonObject cv = json.value(QLatin1String("commvault")).toObject();
    p.commvault.mode = commvaultModeFromString(cv.value(QLatin1String("mode")).toString())
                           .value_or(CommvaultMode::AccessToken);
    p.commvault.scope = commvaultScopeFromString(cv.value(QLatin1String("scope")).toString())
                            .value_or(CommvaultScope::All);
    p.commvault.created =
        QDateTime::fromString(cv.value(QLatin1String("created")).toString(), Qt::ISODate);
    p.commvault.username = cv.value(QLatin1String("username")).toString();
    p.commvault.domain = cv.value(QLatin1String("domain")).toString();
    p.commvault.legacy = cv.value(QLatin1String("legacy")).toBool(false);
    p.commvault.renewalHorizonDays = cv.value(QLatin1String("renewal_horizon_days")).toInt(90);

    for (const QJsonValue &key : json.value(QLatin1String("secret_keys")).toArray())
        p.secretKeys << key.toString();
    p.createdAt =
        QDateTime::fromString(json.value(QLatin1String("created_at")).toString(), Qt::ISODate);
    p.updatedAt =
        QDateTime::fromString(json.value(QLatin1String("updated_at")).toString(), Qt::ISODate);
    return p;
}

QString Profile::nameProblem(const QString &name)
{
    if (name.trimmed().isEmpty())
        return tr("A profile needs a name.");
    if (name.size() > 200)
        return tr("The profile name must be a single line of at most 200 characters.");
    for (const QChar c : name) {
        // Control characters move a terminal's cursor or hide text; bidi overrides and
        // isolates make a name read differently from what it is (CVE-2021-42574).
        const char16_t u = c.unicode();
        const bool bidi = (u >= 0x202A && u <= 0x202E) || (u >= 0x2066 && u <= 0x2069) ||
                          u == 0x200E || u == 0x200F || u == 0x061C;
        if (c.category() == QChar::Other_Control || bidi)
            return tr("The profile name must not contain control characters or text-direction "
                      "overrides (found U+%1).")
                .arg(QString::number(u, 16).toUpper().rightJustified(4, QLatin1Char('0')));
    }
    return {};
}

Status Profile::validate() const
{
    if (const QString problem = nameProblem(name); !problem.isEmpty())
        return invalid(problem);
    if (options.timeoutSec < 1 || options.timeoutSec > ProfileOptions::kMaxTimeoutSec)
        return invalid(tr("The timeout must be between 1 and %1 seconds.")
                           .arg(ProfileOptions::kMaxTimeoutSec));

    switch (kind) {
    case ProviderKind::DruvaMsp:
    case ProviderKind::Druva:
        if (auto e = checkUrl(*this, tokenUrl, tr("Token URL"), true))
            return e;
        if (auto e = checkUrl(*this, apiBase, tr("API base URL"), true))
            return e;
        if (clientId.isEmpty())
            return invalid(tr("Client ID is required."));
        break;
    case ProviderKind::Oidc:
    case ProviderKind::OAuth2:
        if (tokenUrl.isEmpty() && issuer.isEmpty())
            return invalid(tr("An issuer URL (for discovery) or a token URL is required."));
        if (auto e = checkUrl(*this, issuer, tr("Issuer URL"), false))
            return e;
        if (auto e = checkUrl(*this, tokenUrl, tr("Token URL"), false))
            return e;
        if (auto e = checkUrl(*this, apiBase, tr("API base URL"), false))
            return e;
        if (clientId.isEmpty())
            return invalid(tr("Client ID is required."));
        break;
    case ProviderKind::Commvault:
        if (auto e = checkUrl(*this, apiBase, tr("Web service base URL"), true))
            return e;
        if (commvault.mode == CommvaultMode::LoginSession && commvault.username.isEmpty())
            return invalid(tr("A login-session profile needs a username."));
        if (commvault.renewalHorizonDays < 1 || commvault.renewalHorizonDays > 36500)
            return invalid(tr("The renewal horizon must be between 1 and 36500 days."));
        break;
    }
    // Signed client assertions are a standard OAuth 2.0 extension; Druva's token endpoints
    // take HTTP Basic only, and Commvault has no client authentication.
    // "auto" reads the server's metadata, which only these kinds publish.
    if ((clientAuthAuto || usesClientAssertion(clientAuth)) && kind != ProviderKind::OAuth2 &&
        kind != ProviderKind::Oidc)
        return invalid(tr("%1 is for oauth2 and oidc profiles only.").arg(clientAuthName()));
    if (isInteractive(grant) && kind != ProviderKind::OAuth2)
        return invalid(tr("The %1 grant is for oauth2 profiles only.").arg(grantToString(grant)));
    if (redirectPort != 0 && (redirectPort < 1024 || redirectPort > 65535))
        return invalid(tr("The redirect port must be 0 (any free port) or between 1024 and "
                          "65535."));
    // Both travel in the authorization URL and are shown back by sign-in pages.
    for (const QString &value : {prompt, loginHint}) {
        for (const QChar c : value) {
            if (c.category() == QChar::Other_Control)
                return invalid(tr("prompt and login_hint must not contain control characters."));
        }
        if (value.size() > 500)
            return invalid(tr("prompt and login_hint are limited to 500 characters."));
    }
    if (!options.caFile.isEmpty() && options.caFile.contains(QLatin1Char('\n')))
        return invalid(tr("The CA file path is not valid."));
    return validateSecretCommand();
}

Status Profile::validateSecretCommand() const
{
    if (options.secretCommandTimeoutSec < 1 ||
        options.secretCommandTimeoutSec > ProfileOptions::kMaxTimeoutSec)
        return invalid(tr("The secret command's timeout must be between 1 and %1 seconds.")
                           .arg(ProfileOptions::kMaxTimeoutSec));
    if (secretCommand.isEmpty())
        return std::nullopt;
    if (primarySecretEntry().isEmpty())
        return invalid(kind == ProviderKind::Commvault
                           ? tr("A Commvault access-token profile keeps a token pair that "
                                "renews itself; a secret command can give only a login "
                                "session's password.")
                           : tr("A profile without client authentication has no secret for a "
                                "secret command to give."));
    if (secretCommand.first().trimmed().isEmpty())
        return invalid(tr("The secret command names no program."));
    // No argument list can carry NUL; line breaks would make the command read differently
    // in a terminal from what runs.
    for (const QString &word : secretCommand) {
        const bool control = std::any_of(
            word.begin(), word.end(), [](QChar c) { return c.category() == QChar::Other_Control; });
        if (control)
            return invalid(tr("The secret command must not contain control characters."));
    }
    return std::nullopt;
}

QString Profile::primarySecretEntry() const
{
    if (kind == ProviderKind::Commvault)
        return commvault.mode == CommvaultMode::LoginSession ? SecretEntry::Password : QString();
    switch (clientAuth) {
    case ClientAuth::None:
        return {};
    case ClientAuth::PrivateKeyJwt:
        return SecretEntry::PrivateKey;
    case ClientAuth::BasicRaw:
    case ClientAuth::ClientSecretBasic:
    case ClientAuth::ClientSecretPost:
    case ClientAuth::ClientSecretJwt:
        break;
    }
    return SecretEntry::ClientSecret;
}

Profile Profile::preset(ProviderKind kind, const QString &region)
{
    Profile p;
    p.kind = kind;
    const bool gov = region.compare(QLatin1String("govcloud"), Qt::CaseInsensitive) == 0;
    switch (kind) {
    case ProviderKind::DruvaMsp:
        p.tokenUrl = QUrl(QStringLiteral("https://apis.druva.com/msp/auth/v1/token"));
        p.apiBase = QUrl(QStringLiteral("https://apis.druva.com"));
        p.clientAuth = ClientAuth::BasicRaw;
        break;
    case ProviderKind::Druva:
        p.tokenUrl = QUrl(gov ? QStringLiteral("https://govcloudapis.druva.com/token")
                              : QStringLiteral("https://apis.druva.com/token"));
        p.apiBase = QUrl(gov ? QStringLiteral("https://govcloudapis.druva.com")
                             : QStringLiteral("https://apis.druva.com"));
        p.clientAuth = ClientAuth::BasicRaw;
        p.scope = QStringLiteral("read");
        break;
    case ProviderKind::Oidc:
        p.issuer = QUrl(QStringLiteral("https://login.backup.net"));
        p.apiBase = QUrl(QStringLiteral("https://public-api.backup.net"));
        p.clientAuth = ClientAuth::ClientSecretPost;
        break;
    case ProviderKind::Commvault:
        p.apiBase = QUrl(QStringLiteral("https://commserve.example.com/commandcenter/api"));
        p.clientAuth = ClientAuth::None;
        break;
    case ProviderKind::OAuth2:
        p.clientAuth = ClientAuth::ClientSecretBasic;
        break;
    }
    return p;
}

} // namespace tw
