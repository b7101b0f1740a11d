#include "profilescommand.h"

#include "auth/transportpolicy.h"
#include "clicontext.h"
#include "profileoptions.h"
#include "profiles/secretcommand.h"
#include "profilesexchange.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTimer>
#include <functional>

namespace tw::cli {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("cli", text);
}

QJsonObject publicJson(const Profile &profile)
{
    QJsonObject json = profile.toJson();
    json.remove(QStringLiteral("secret_keys")); // bookkeeping, not for users
    return json;
}

QString clientAuthMeta(ClientAuth auth)
{
    return auth == ClientAuth::BasicRaw ? QStringLiteral("client_secret_basic")
                                        : clientAuthToString(auth);
}

// Picks a client authentication the discovered server says it supports, when the user
// did not choose one (docs/providers.md §3: read token_endpoint_auth_methods_supported).
void adoptDiscoveredAuth(Profile &profile, const DiscoveryDocument &doc, QTextStream &err)
{
    // An auto profile chooses at each request (ClientAuthAuto), not once here.
    if (profile.clientAuthAuto)
        return;
    if (doc.authMethods.contains(clientAuthMeta(profile.clientAuth)))
        return;
    for (const ClientAuth candidate :
         {ClientAuth::ClientSecretPost, ClientAuth::ClientSecretBasic}) {
        if (doc.authMethods.contains(clientAuthToString(candidate))) {
            profile.clientAuth = candidate;
            err << tr("Discovery: the server supports %1; using %2.")
                       .arg(doc.authMethods.join(QLatin1String(", ")),
                            clientAuthToString(candidate))
                << Qt::endl;
            return;
        }
    }
}

void printProfile(QTextStream &out, const Profile &p)
{
    auto line = [&](const QString &label, const QString &value) {
        if (!value.isEmpty())
            out << label.leftJustified(16) << value << '\n';
    };
    line(tr("name"), p.name);
    line(tr("id"), p.id.toString(QUuid::WithoutBraces));
    line(tr("kind"), kindToString(p.kind));
    line(tr("token url"), p.tokenUrl.toString());
    line(tr("issuer"), p.issuer.toString());
    line(tr("api base"), p.apiBase.toString());
    line(tr("client id"), p.clientId);
    if (p.kind != ProviderKind::Commvault)
        line(tr("client auth"),
             p.learnedBasic
                 ? tr("auto (the server took %1)").arg(clientAuthToString(*p.learnedBasic))
                 : p.clientAuthName());
    line(tr("key id"), p.keyId);
    line(tr("signing alg"), signingAlgToString(p.signingAlg));
    if (p.kind == ProviderKind::OAuth2 && p.grant != Grant::ClientCredentials)
        line(tr("grant"), grantToString(p.grant));
    line(tr("scope"), p.scope);
    if (p.grant == Grant::AuthorizationCode)
        line(tr("redirect uri"),
             p.redirectPort == 0
                 ? tr("http://127.0.0.1:<any free port>/callback")
                 : QStringLiteral("http://127.0.0.1:%1/callback").arg(p.redirectPort));
    line(tr("prompt"), p.prompt);
    line(tr("login hint"), p.loginHint);
    line(tr("audience"), p.audience);
    line(tr("resource"), p.resource);
    for (const auto &[key, value] : p.extraParams)
        line(tr("param"), key + QLatin1Char('=') + value);
    if (p.kind == ProviderKind::Commvault) {
        line(tr("mode"), commvaultModeToString(p.commvault.mode));
        line(tr("token scope"), commvaultScopeToString(p.commvault.scope));
        line(tr("created"), p.commvault.created.toString(Qt::ISODate));
        line(tr("username"), p.commvault.username);
        line(tr("legacy"), p.commvault.legacy ? tr("yes") : QString());
    }
    line(tr("auto-refresh"), p.options.autoRefresh ? tr("on") : tr("off"));
    line(tr("insecure http"), p.options.allowInsecureHttp ? tr("allowed") : QString());
    line(tr("verify tls"), p.options.verifyTls ? QString() : tr("OFF"));
    line(tr("ca file"), p.options.caFile);
    line(tr("secret command"), SecretCommand::display(p.secretCommand));
    if (!p.secretCommand.isEmpty() &&
        p.options.secretCommandTimeoutSec != tw::ProfileOptions::kDefaultTimeoutSec)
        line(tr("command timeout"), tr("%1 s").arg(p.options.secretCommandTimeoutSec));
    line(tr("secrets"), p.secretKeys.isEmpty()
                            ? tr("none stored")
                            : QCoreApplication::translate("cli", "%n in the OS keychain", nullptr,
                                                          int(p.secretKeys.size())));
}

int list(CliContext &ctx, const QStringList &args)
{
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({QStringLiteral("json"), tr("Print JSON.")});
    parser.addOption({QStringLiteral("names"),
                      tr("Print only the names, one per line (for shell completion: reads "
                         "profiles.json and nothing else).")});
    int code = 0;
    if (!parseOrExplain(parser, args, ctx.err(), &code))
        return code;
    if (!ctx.loadProfiles())
        return ExitFailure;
    const auto profiles = ctx.store().profiles();
    if (parser.isSet(QStringLiteral("names"))) {
        // A name holds no line break (Profile::nameProblem), so one per line is unambiguous.
        for (const Profile &p : profiles)
            ctx.out() << p.name << '\n';
        return ExitOk;
    }
    if (parser.isSet(QStringLiteral("json"))) {
        QJsonArray array;
        for (const Profile &p : profiles)
            array.append(publicJson(p));
        ctx.out() << QJsonDocument(array).toJson(QJsonDocument::Indented);
        return ExitOk;
    }
    if (profiles.isEmpty()) {
        ctx.err()
            << tr("No profiles yet. Add one with `tokenwright-cli profiles add NAME --kind K`.")
            << Qt::endl;
        return ExitOk;
    }
    int width = 4;
    for (const Profile &p : profiles)
        width = std::max(width, int(p.name.size()));
    for (const Profile &p : profiles) {
        const QUrl where =
            p.tokenUrl.isEmpty() ? (p.issuer.isEmpty() ? p.apiBase : p.issuer) : p.tokenUrl;
        ctx.out() << p.name.leftJustified(width + 2) << kindToString(p.kind).leftJustified(11)
                  << where.toString() << '\n';
    }
    return ExitOk;
}

int show(CliContext &ctx, const QStringList &args)
{
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({QStringLiteral("json"), tr("Print JSON.")});
    parser.addPositionalArgument(QStringLiteral("name"), tr("Profile name or id."));
    int code = 0;
    if (!parseOrExplain(parser, args, ctx.err(), &code))
        return code;
    if (parser.positionalArguments().size() != 1)
        return ctx.fail(ExitUsage, tr("usage: tokenwright-cli profiles show NAME [--json]"));
    if (!ctx.loadProfiles())
        return ExitFailure;
    const auto profile = ctx.findProfile(parser.positionalArguments().first());
    if (!profile)
        return ExitNotFound;
    if (parser.isSet(QStringLiteral("json")))
        ctx.out() << QJsonDocument(publicJson(*profile)).toJson(QJsonDocument::Indented);
    else
        printProfile(ctx.out(), *profile);
    return ExitOk;
}

int remove(CliContext &ctx, const QStringList &args, QCoreApplication &app)
{
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("name"), tr("Profile name or id."));
    int code = 0;
    if (!parseOrExplain(parser, args, ctx.err(), &code))
        return code;
    if (parser.positionalArguments().size() != 1)
        return ctx.fail(ExitUsage, tr("usage: tokenwright-cli profiles remove NAME"));
    if (!ctx.loadProfiles())
        return ExitFailure;
    const auto profile = ctx.findProfile(parser.positionalArguments().first());
    if (!profile)
        return ExitNotFound;
    ctx.service().removeProfile(profile->id, nullptr, [&ctx, name = profile->name](Status status) {
        if (status) {
            ctx.fail(*status);
            return;
        }
        ctx.err() << tr("Removed profile \"%1\" and its keychain entries.").arg(name) << Qt::endl;
        ctx.finish(ExitOk);
    });
    return app.exec();
}

Error usage(const QString &message)
{
    return Error::make(Error::Code::InvalidInput, message);
}

// The secrets `profiles add`/`edit` write: typed or piped lines for the profile's prompts,
// and a private key. A profile whose secret comes from a command takes none of its own.
Result<ProfileService::Secrets> gatherSecrets(const QCommandLineParser &parser,
                                              const Profile &profile, bool editing)
{
    const bool fromStdin = parser.isSet(QStringLiteral("secret-stdin"));
    const bool keyGiven = parser.isSet(QStringLiteral("private-key-stdin")) ||
                          parser.isSet(QStringLiteral("private-key-file"));
    if (!profile.secretCommand.isEmpty() && (fromStdin || keyGiven))
        return usage(tr("This profile gets its secret from its secret command; give no secret "
                        "or key as well (remove the command with --no-secret-command)."));
    const QStringList prompts = ProfileOptions::secretPrompts(profile);
    QStringList lines;
    // auto: a private key proves the client (asked for a secret only with --secret-stdin),
    // and no secret at all makes it a public client.
    const bool keyOnly = keyGiven && !fromStdin;
    if ((!editing || fromStdin) && !prompts.isEmpty() && !(profile.clientAuthAuto && keyOnly)) {
        lines = CliContext::readSecretLines(fromStdin, prompts);
        if (profile.clientAuthAuto && (lines.isEmpty() || lines.first().isEmpty()))
            lines.clear();
        else if (lines.isEmpty() || lines.first().isEmpty())
            return usage(tr("No secret given: pipe it on standard input (e.g. "
                            "`--secret-stdin < secret.txt`) or type it at the prompt."));
    }
    auto secrets = ProfileOptions::secretsFrom(profile, lines, QDateTime::currentDateTimeUtc());
    if (fromStdin && parser.isSet(QStringLiteral("private-key-stdin")))
        return usage(tr("--secret-stdin and --private-key-stdin both read standard input; give "
                        "the key with --private-key-file."));
    const auto key = ProfileOptions::readPrivateKey(parser, profile);
    if (!key)
        return key.error();
    if (!key.value().isEmpty())
        secrets.insert(SecretEntry::PrivateKey, key.value());
    else if (!editing && profile.clientAuth == ClientAuth::PrivateKeyJwt &&
             profile.secretCommand.isEmpty())
        return usage(tr("private_key_jwt needs the private key: --private-key-stdin < key.pem, "
                        "or --private-key-file key.pem."));
    return secrets;
}

// After a save: a secret command replaces the stored secret, so a stale copy leaves the
// keychain (it would come back into use if the command were removed); a profile that lost
// its command (`commandRemoved`) without a secret is told how to give one. Then the
// command ends.
void settleStoredSecret(CliContext &ctx, const Profile &saved, bool commandRemoved)
{
    const QString entry = saved.primarySecretEntry();
    const bool stored = !entry.isEmpty() && saved.secretKeys.contains(saved.secretKey(entry));
    if (saved.secretCommand.isEmpty()) {
        if (commandRemoved && !entry.isEmpty() && !stored)
            ctx.err() << tr("Profile \"%1\" has no secret yet: give it with `tokenwright-cli "
                            "profiles edit NAME --secret-stdin`.")
                             .arg(saved.name)
                      << Qt::endl;
        ctx.finish(ExitOk);
        return;
    }
    if (!stored) {
        ctx.finish(ExitOk);
        return;
    }
    ctx.service().removeSecret(saved, entry, nullptr, [&ctx, saved](Status status) {
        if (status) {
            ctx.err() << "tokenwright-cli: "
                      << tr("warning: the secret stored before the secret command could not be "
                            "removed from the keychain: %1")
                             .arg(status->toString())
                      << Qt::endl;
        } else {
            ctx.err() << tr("Removed the stored secret of \"%1\": it comes from the secret "
                            "command now.")
                             .arg(saved.name)
                      << Qt::endl;
        }
        ctx.finish(ExitOk);
    });
}

void declareAddOrEditOptions(QCommandLineParser &parser, bool editing)
{
    parser.addHelpOption();
    ProfileOptions::addTo(parser);
    if (editing)
        parser.addOption({QStringLiteral("rename"), tr("New name."), QStringLiteral("NAME")});
    parser.addPositionalArgument(QStringLiteral("name"), tr("Profile name."));
}

// `profiles edit`: the profile named, renamed if asked; its kind stays. nullopt with
// `exitCode` set.
std::optional<Profile> profileToEdit(CliContext &ctx, const QCommandLineParser &parser,
                                     int *exitCode)
{
    auto profile = ctx.findProfile(parser.positionalArguments().first());
    if (!profile) {
        *exitCode = ExitNotFound;
        return std::nullopt;
    }
    if (parser.isSet(QStringLiteral("kind"))) {
        *exitCode =
            ctx.fail(ExitUsage, tr("The kind of a profile cannot change; add a new profile."));
        return std::nullopt;
    }
    if (parser.isSet(QStringLiteral("rename")))
        profile->name = parser.value(QStringLiteral("rename"));
    return profile;
}

// `profiles add`: the preset of --kind (and --region), under the name given and a new id.
// nullopt with `exitCode` set.
std::optional<Profile> profileToAdd(CliContext &ctx, const QCommandLineParser &parser,
                                    int *exitCode)
{
    const auto kind = kindFromString(parser.value(QStringLiteral("kind")));
    if (!kind) {
        *exitCode = ctx.fail(
            ExitUsage,
            tr("--kind is required: one of %1.").arg(allKindNames().join(QLatin1String(", "))));
        return std::nullopt;
    }
    Profile profile = Profile::preset(*kind, parser.value(QStringLiteral("region")));
    profile.name = parser.positionalArguments().first();
    profile.id = QUuid::createUuid();
    if (*kind == ProviderKind::Commvault && !parser.isSet(QStringLiteral("created")))
        profile.commvault.created = QDateTime::currentDateTimeUtc();
    return profile;
}

// The options onto `profile`, then every check the store makes before a save.
Status applyAndCheck(CliContext &ctx, const QCommandLineParser &parser, Profile &profile,
                     bool editing)
{
    if (auto invalid = ProfileOptions::apply(parser, profile))
        return invalid;
    if (auto invalid = profile.validate())
        return invalid;
    return editing ? ctx.store().checkUpdatable(profile) : ctx.store().checkAddable(profile);
}

// Ends `profiles add`/`edit` with what the save did.
void reportSaved(CliContext &ctx, const Result<Profile> &saved, bool editing, bool commandRemoved)
{
    if (!saved) {
        // The secrets are written before the metadata and put back on failure:
        // nothing was changed.
        Error e = saved.error();
        e.message += QLatin1Char(' ') + (editing ? tr("The profile was not changed.")
                                                 : tr("The profile was not added."));
        ctx.fail(e);
        return;
    }
    if (editing)
        ctx.err() << tr("Updated profile \"%1\".").arg(saved.value().name) << Qt::endl;
    else
        ctx.err() << tr("Added profile \"%1\" (%2).")
                         .arg(saved.value().name, kindToString(saved.value().kind))
                  << Qt::endl;
    settleStoredSecret(ctx, saved.value(), commandRemoved);
}

void saveProfile(CliContext &ctx, const Profile &profile, const ProfileService::Secrets &secrets,
                 bool editing, bool commandRemoved)
{
    auto done = [&ctx, editing, commandRemoved](Result<Profile> saved) {
        reportSaved(ctx, saved, editing, commandRemoved);
    };
    if (editing)
        ctx.service().updateProfile(profile, secrets, nullptr, done);
    else
        ctx.service().addProfile(profile, secrets, nullptr, done);
}

// Asks the issuer's discovery document which client authentication to use, then saves; a
// failed discovery keeps the profile's own method.
void discoverThenSave(CliContext &ctx, Profile profile,
                      const std::function<void(const Profile &)> &save)
{
    ctx.auth().discovery()->discover(
        profile.issuer,
        profile.kind == ProviderKind::Oidc ? DiscoveryClient::Flavour::OpenIdFirst
                                           : DiscoveryClient::Flavour::OAuthFirst,
        TransportPolicy::optionsFor(profile), nullptr,
        [&ctx, profile, save](Result<DiscoveryDocument> doc) mutable {
            if (doc)
                adoptDiscoveredAuth(profile, doc.value(), ctx.err());
            else
                ctx.err() << tr("Note: discovery failed (%1); keeping %2. Tokens are fetched "
                                "after discovery succeeds.")
                                 .arg(doc.error().toString(), profile.clientAuthName())
                          << Qt::endl;
            save(profile);
        });
}

// add and edit: same options, same secret handling.
int addOrEdit(CliContext &ctx, const QStringList &args, QCoreApplication &app, bool editing)
{
    QCommandLineParser parser;
    declareAddOrEditOptions(parser, editing);
    int code = 0;
    if (!parseOrExplain(parser, args, ctx.err(), &code))
        return code;
    if (parser.positionalArguments().size() != 1)
        return ctx.fail(
            ExitUsage, editing ? tr("usage: tokenwright-cli profiles edit NAME [options]")
                               : tr("usage: tokenwright-cli profiles add NAME --kind K [options]"));
    if (!ctx.loadProfiles())
        return ExitFailure;

    auto profile = editing ? profileToEdit(ctx, parser, &code) : profileToAdd(ctx, parser, &code);
    if (!profile)
        return code;
    if (auto invalid = applyAndCheck(ctx, parser, *profile, editing))
        return ctx.fail(*invalid);
    const auto secrets = gatherSecrets(parser, *profile, editing);
    if (!secrets)
        return ctx.fail(secrets.error());

    auto save = [&ctx, editing, commandRemoved = parser.isSet(QStringLiteral("no-secret-command")),
                 secrets = secrets.value()](const Profile &p) {
        saveProfile(ctx, p, secrets, editing, commandRemoved);
    };
    const bool discover = !parser.isSet(QStringLiteral("client-auth")) &&
                          profile->usesDiscovery() &&
                          (!editing || parser.isSet(QStringLiteral("issuer")));
    if (discover)
        discoverThenSave(ctx, *profile, save);
    else
        QTimer::singleShot(0, &app, [save, profile = *profile] { save(profile); });
    return app.exec();
}
} // namespace

int runProfilesCommand(const QStringList &arguments)
{
    auto *app = QCoreApplication::instance();
    const QString sub = arguments.value(2);
    // QCommandLineParser wants the program name first.
    const QStringList rest = subcommandArguments(arguments, 2);
    CliContext ctx;
    if (sub == QLatin1String("list"))
        return list(ctx, rest);
    if (sub == QLatin1String("show"))
        return show(ctx, rest);
    if (sub == QLatin1String("add"))
        return addOrEdit(ctx, rest, *app, false);
    if (sub == QLatin1String("edit"))
        return addOrEdit(ctx, rest, *app, true);
    if (sub == QLatin1String("remove") || sub == QLatin1String("rm"))
        return remove(ctx, rest, *app);
    if (sub == QLatin1String("export"))
        return exportProfiles(ctx, rest);
    if (sub == QLatin1String("import"))
        return importProfiles(ctx, rest, *app);
    ctx.err() << tr("usage: tokenwright-cli profiles list|show|add|edit|remove|export|import …")
              << Qt::endl;
    return ExitUsage;
}

} // namespace tw::cli
