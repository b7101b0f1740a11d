#include "profiles/profileexchange.h"

#include "common/redact.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QUuid>

namespace tw::ProfileExchange {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("ProfileExchange", text);
}

Error invalid(const QString &message)
{
    return Error::make(Error::Code::InvalidInput, message);
}

// Fields an export may hold (those named like "token_url" are not secrets).
const QSet<QString> &profileFields()
{
    static const QSet<QString> fields{
        QStringLiteral("name"), QStringLiteral("kind"), QStringLiteral("token_url"),
        QStringLiteral("issuer"), QStringLiteral("api_base"), QStringLiteral("client_id"),
        QStringLiteral("client_auth"), QStringLiteral("scope"), QStringLiteral("audience"),
        QStringLiteral("resource"), QStringLiteral("extra_params"), QStringLiteral("options"),
        QStringLiteral("commvault"), QStringLiteral("key_id"), QStringLiteral("signing_alg"),
        QStringLiteral("grant"), QStringLiteral("revocation_url"),
        QStringLiteral("introspection_url"), QStringLiteral("redirect_port"),
        QStringLiteral("prompt"), QStringLiteral("login_hint"),
        // Where the secret is (a vault path), never the secret: it travels like a URL.
        QStringLiteral("secret_command")};
    return fields;
}

const QSet<QString> &optionFields()
{
    static const QSet<QString> fields{
        QStringLiteral("auto_refresh"), QStringLiteral("allow_insecure_http"),
        QStringLiteral("verify_tls"),   QStringLiteral("ca_file"),
        QStringLiteral("timeout_sec"),  QStringLiteral("secret_command_timeout_sec")};
    return fields;
}

const QSet<QString> &commvaultFields()
{
    static const QSet<QString> fields{
        QStringLiteral("mode"),   QStringLiteral("scope"),  QStringLiteral("username"),
        QStringLiteral("domain"), QStringLiteral("legacy"), QStringLiteral("renewal_horizon_days")};
    return fields;
}

QJsonObject only(const QJsonObject &from, const QSet<QString> &fields)
{
    QJsonObject out;
    for (auto it = from.begin(); it != from.end(); ++it)
        if (fields.contains(it.key()))
            out.insert(it.key(), it.value());
    return out;
}

// A field outside the known ones is ignored (a later version of the same format may add
// some) unless it is named like a secret: then the file is refused, since it was not
// written by an export and whoever made it put a secret where none belongs.
Status checkFields(const QJsonObject &object, const QSet<QString> &known, const QString &where)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!known.contains(it.key()) && looksSecret(it.key()))
            return invalid(tr("%1.%2: an export never holds a secret, token or key; remove "
                              "the field and give the secret with --with-secrets-stdin.")
                               .arg(where, it.key()));
    }
    return std::nullopt;
}

Status checkString(const QJsonObject &object, const QString &field, const QString &where)
{
    const QJsonValue value = object.value(field);
    if (!value.isUndefined() && !value.isNull() && !value.isString())
        return invalid(tr("%1.%2 must be a string.").arg(where, field));
    return std::nullopt;
}
} // namespace

bool looksSecret(const QString &name)
{
    const QString n = name.toLower();
    return isSensitiveName(n) || n.contains(QLatin1String("key")) ||
           n.contains(QLatin1String("assertion")) || n.contains(QLatin1String("credential")) ||
           n == QLatin1String("pass") || n == QLatin1String("pwd");
}

Exported exportProfiles(const QList<Profile> &profiles)
{
    Exported exported;
    QJsonArray list;
    for (const Profile &profile : profiles) {
        Profile copy = profile;
        copy.extraParams.clear();
        for (const auto &[key, value] : profile.extraParams) {
            if (looksSecret(key))
                exported.dropped << QStringLiteral("%1: %2").arg(profile.name, key);
            else
                copy.extraParams.append({key, value});
        }
        QJsonObject json = only(copy.toJson(), profileFields());
        json[QStringLiteral("options")] =
            only(json.value(QStringLiteral("options")).toObject(), optionFields());
        if (json.contains(QStringLiteral("commvault")))
            json[QStringLiteral("commvault")] =
                only(json.value(QStringLiteral("commvault")).toObject(), commvaultFields());
        list.append(json);
    }
    exported.document[QStringLiteral("format")] = kFormat;
    exported.document[QStringLiteral("format_version")] = kFormatVersion;
    exported.document[QStringLiteral("profiles")] = list;
    return exported;
}

Result<QList<Profile>> parseDocument(const QByteArray &bytes)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return invalid(tr("Not valid JSON (at byte %1: %2).")
                           .arg(parseError.offset)
                           .arg(parseError.errorString()));
    const QJsonObject root = doc.object();
    if (!doc.isObject() || root.value(QStringLiteral("format")).toString() != kFormat)
        return invalid(
            tr("Not a Tokenwright profile export (\"format\" is not \"%1\").").arg(kFormat));
    const QJsonValue version = root.value(QStringLiteral("format_version"));
    if (!version.isDouble() || version.toDouble() < 1)
        return invalid(tr("format_version is missing or not a number."));
    if (version.toDouble() > kFormatVersion)
        return invalid(tr("Written by a newer Tokenwright (format_version %1); this one reads "
                          "format_version %2. Update Tokenwright to import it.")
                           .arg(version.toVariant().toString())
                           .arg(kFormatVersion));
    static const QSet<QString> rootFields{
        QStringLiteral("format"), QStringLiteral("format_version"), QStringLiteral("profiles")};
    if (auto problem = checkFields(root, rootFields, QStringLiteral("document")))
        return *problem;
    if (!root.value(QStringLiteral("profiles")).isArray())
        return invalid(tr("\"profiles\" is not a list."));

    QList<Profile> profiles;
    QHash<QString, int> names; // lower-case name -> index, as the store compares them
    const QJsonArray list = root.value(QStringLiteral("profiles")).toArray();
    for (int i = 0; i < list.size(); ++i) {
        const QString where = QStringLiteral("profiles[%1]").arg(i);
        if (!list.at(i).isObject())
            return invalid(tr("%1 is not an object.").arg(where));
        const QJsonObject json = list.at(i).toObject();
        const QJsonObject options = json.value(QStringLiteral("options")).toObject();
        const QJsonObject commvault = json.value(QStringLiteral("commvault")).toObject();
        for (const Status &problem :
             {checkFields(json, profileFields(), where),
              checkFields(options, optionFields(), where + QStringLiteral(".options")),
              checkFields(commvault, commvaultFields(), where + QStringLiteral(".commvault"))}) {
            if (problem)
                return *problem;
        }
        for (const char *field :
             {"name", "kind", "token_url", "issuer", "api_base", "client_id", "client_auth",
              "scope", "audience", "resource", "grant", "prompt", "login_hint"}) {
            if (auto problem = checkString(json, QLatin1String(field), where))
                return *problem;
        }
        const QString name = json.value(QStringLiteral("name")).toString();
        const QString named = QStringLiteral("%1 (\"%2\")").arg(where, name.left(80));
        if (const QString problem = Profile::nameProblem(name); !problem.isEmpty())
            return invalid(tr("%1.name: %2").arg(where, problem));
        if (names.contains(name.toLower()))
            return invalid(tr("%1.name: \"%2\" is also the name of profiles[%3]; names must "
                              "differ.")
                               .arg(where, name)
                               .arg(names.value(name.toLower())));
        names.insert(name.toLower(), i);
        const QString kind = json.value(QStringLiteral("kind")).toString();
        if (!kindFromString(kind))
            return invalid(
                tr("%1.kind: \"%2\" is not a kind this Tokenwright knows (%3).")
                    .arg(named, kind.left(40), allKindNames().join(QLatin1String(", "))));
        const QString auth = json.value(QStringLiteral("client_auth")).toString();
        if (!auth.isEmpty() && auth != QLatin1String("auto") && !clientAuthFromString(auth))
            return invalid(
                tr("%1.client_auth: \"%2\" is not one of %3, auto.")
                    .arg(named, auth.left(40), allClientAuthNames().join(QLatin1String(", "))));
        const QString grant = json.value(QStringLiteral("grant")).toString();
        if (!grant.isEmpty() && !grantFromString(grant))
            return invalid(
                tr("%1.grant: \"%2\" is not one of %3.")
                    .arg(named, grant.left(40), allGrantNames().join(QLatin1String(", "))));
        if (json.contains(QStringLiteral("redirect_port")) &&
            !json.value(QStringLiteral("redirect_port")).isDouble())
            return invalid(tr("%1.redirect_port is not a number.").arg(named));
        const QJsonArray extra = json.value(QStringLiteral("extra_params")).toArray();
        for (int p = 0; p < extra.size(); ++p) {
            const QJsonArray pair = extra.at(p).toArray();
            if (pair.size() != 2 || !pair.at(0).isString() || !pair.at(1).isString())
                return invalid(
                    tr("%1.extra_params[%2] is not a [name, value] pair.").arg(named).arg(p));
            if (looksSecret(pair.at(0).toString()))
                return invalid(tr("%1.extra_params[%2]: \"%3\" is named like a secret; an "
                                  "export never holds one.")
                                   .arg(named)
                                   .arg(p)
                                   .arg(pair.at(0).toString().left(40)));
        }
        if (json.contains(QStringLiteral("commvault"))) {
            const QString mode = commvault.value(QStringLiteral("mode")).toString();
            const QString scope = commvault.value(QStringLiteral("scope")).toString();
            if (!mode.isEmpty() && !commvaultModeFromString(mode))
                return invalid(
                    tr("%1.commvault.mode: \"%2\" is unknown.").arg(named, mode.left(40)));
            if (!scope.isEmpty() && !commvaultScopeFromString(scope))
                return invalid(
                    tr("%1.commvault.scope: \"%2\" is unknown.").arg(named, scope.left(40)));
        }

        QJsonObject full = json;
        full[QStringLiteral("id")] = QUuid::createUuid().toString(QUuid::WithoutBraces);
        full.remove(QStringLiteral("secret_keys"));
        Result<Profile> profile = Profile::fromJson(full);
        if (!profile)
            return invalid(tr("%1: %2").arg(named, profile.error().message));
        Profile p = profile.take();
        // A Commvault token pair given on import is made now, as with `profiles add`.
        if (p.kind == ProviderKind::Commvault)
            p.commvault.created = QDateTime::currentDateTimeUtc();
        if (auto problem = p.validate())
            return invalid(tr("%1: %2").arg(named, problem->message));
        profiles.append(p);
    }
    return profiles;
}

} // namespace tw::ProfileExchange
