#include "profilesexchange.h"

#include "clicontext.h"
#include "profileoptions.h"
#include "profiles/importplan.h"
#include "profiles/profileexchange.h"
#include "profiles/secretcommand.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QSaveFile>
#include <QTimer>

namespace tw::cli {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("cli", text);
}

constexpr qint64 kMaxImportBytes = ProfileExchange::kMaxDocumentBytes;

QString describeAction(const ImportStep &step)
{
    switch (step.action) {
    case ImportStep::Action::Add:
        return tr("added \"%1\" (%2)").arg(step.profile.name, kindToString(step.profile.kind));
    case ImportStep::Action::Rename:
        return tr("added \"%1\" as \"%2\" (%3): the name was taken")
            .arg(step.fileName, step.profile.name, kindToString(step.profile.kind));
    case ImportStep::Action::Replace:
        return tr("replaced \"%1\" (%2)").arg(step.profile.name, kindToString(step.profile.kind));
    case ImportStep::Action::Skip:
        return tr("skipped \"%1\": the name is taken").arg(step.fileName);
    }
    return QString();
}

QString describe(const ImportStep &step)
{
    QString text = describeAction(step);
    // The file chose a program to run as the user: say which, so it is never a surprise.
    if (step.action != ImportStep::Action::Skip && !step.profile.secretCommand.isEmpty())
        text += QLatin1String("; ") + tr("its secret comes from the command: %1")
                                          .arg(SecretCommand::display(step.profile.secretCommand));
    return text;
}

// Runs the planned steps one after the other (keychain writes are asynchronous).
class ImportRun
{
public:
    ImportRun(CliContext &ctx, QList<ImportStep> steps, QList<QStringList> secretLines)
        : m_ctx(ctx), m_steps(std::move(steps)), m_lines(std::move(secretLines))
    {
    }

    void next()
    {
        if (m_index >= m_steps.size()) {
            finished();
            return;
        }
        const ImportStep &step = m_steps.at(m_index);
        const QStringList lines = m_lines.value(m_index);
        Profile profile = step.profile;
        if (!lines.isEmpty() && profile.kind == ProviderKind::Commvault)
            profile.commvault.created = QDateTime::currentDateTimeUtc();
        const auto secrets =
            ProfileOptions::secretsFrom(profile, lines, QDateTime::currentDateTimeUtc());
        auto stepDone = [this](Status status) {
            if (status) {
                failed(*status);
                return;
            }
            m_ctx.out() << describe(m_steps.at(m_index)) << '\n';
            ++m_index;
            next();
        };
        auto profileDone = [stepDone](Result<Profile> saved) {
            stepDone(saved ? Status() : Status(saved.error()));
        };
        switch (step.action) {
        case ImportStep::Action::Skip:
            stepDone(std::nullopt);
            return;
        case ImportStep::Action::Add:
        case ImportStep::Action::Rename:
            if (secrets.isEmpty())
                profileDone(m_ctx.store().add(profile)); // metadata only: no keychain
            else
                m_ctx.service().addProfile(profile, secrets, nullptr, profileDone);
            return;
        case ImportStep::Action::Replace:
            if (secrets.isEmpty())
                stepDone(m_ctx.store().update(profile)); // its stored secrets stay
            else
                m_ctx.service().updateProfile(profile, secrets, nullptr, profileDone);
            return;
        }
    }

private:
    void finished()
    {
        int added = 0;
        int replaced = 0;
        int withoutSecret = 0; // added, and neither given a secret nor getting one from a command
        for (const ImportStep &step : m_steps) {
            const bool adds =
                step.action == ImportStep::Action::Add || step.action == ImportStep::Action::Rename;
            added += adds;
            replaced += step.action == ImportStep::Action::Replace;
            withoutSecret += adds && !ProfileOptions::secretPrompts(step.profile).isEmpty();
        }
        m_ctx.err() << QCoreApplication::translate("cli", "Imported %n profile(s).", nullptr,
                                                   added + replaced)
                    << Qt::endl;
        if (withoutSecret > 0 && m_lines.isEmpty())
            m_ctx.err() << tr("They have no secret yet: give each one with `tokenwright-cli "
                              "profiles edit NAME --secret-stdin`.")
                        << Qt::endl;
        m_ctx.finish(ExitOk);
    }

    void failed(Error error)
    {
        error.message +=
            QLatin1Char(' ') + tr("Importing stopped at \"%1\"; the profiles listed before it were "
                                  "imported, the others were not.")
                                   .arg(m_steps.at(m_index).fileName);
        m_ctx.out().flush();
        m_ctx.fail(error);
    }

    CliContext &m_ctx;
    QList<ImportStep> m_steps;
    QList<QStringList> m_lines; // per step; empty without --with-secrets-stdin
    int m_index = 0;
};

void declareImportOptions(QCommandLineParser &parser)
{
    parser.setApplicationDescription(
        tr("Add the profiles of a file written by `profiles export`. The whole file is checked "
           "first: nothing changes\nwhen any of it is refused. Without --on-conflict, a name "
           "that is taken refuses the import."));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("on-conflict"),
                      tr("When a name is taken: skip the imported profile, rename it "
                         "(\"NAME (2)\"), or replace the existing one's settings (its "
                         "secrets stay unless new ones are given)."),
                      QStringLiteral("skip|rename|replace")});
    parser.addOption({QStringLiteral("with-secrets-stdin"),
                      tr("Read each imported profile's secret(s) from standard input, one "
                         "per line, in file order (prompts on a terminal).")});
    parser.addPositionalArgument(QStringLiteral("file"), tr("The exported file."));
}

// The steps that import the file at `path` into the profiles loaded now; nothing is changed
// yet. nullopt with `exitCode` set when the file is unreadable, refused or clashes.
std::optional<QList<ImportStep>> planFromFile(CliContext &ctx, const QString &path,
                                              ConflictPolicy policy, int *exitCode)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *exitCode = ctx.fail(ExitNotFound, tr("Cannot read %1: %2").arg(path, file.errorString()));
        return std::nullopt;
    }
    const QByteArray bytes = file.read(kMaxImportBytes + 1);
    if (bytes.size() > kMaxImportBytes) {
        *exitCode = ctx.fail(ExitUsage, tr("%1 is larger than %2 MB; not a profile export.")
                                            .arg(path)
                                            .arg(kMaxImportBytes / 1024 / 1024));
        return std::nullopt;
    }
    const auto incoming = ProfileExchange::parseDocument(bytes);
    if (!incoming) {
        *exitCode = ctx.fail(
            ExitUsage, tr("%1: %2 Nothing was imported.").arg(path, incoming.error().message));
        return std::nullopt;
    }
    if (!ctx.loadProfiles()) {
        *exitCode = ExitFailure;
        return std::nullopt;
    }
    const auto plan = planImport(incoming.value(), ctx.store().profiles(), policy);
    if (!plan) {
        *exitCode = ctx.fail(plan.error());
        return std::nullopt;
    }
    return plan.value();
}

// --with-secrets-stdin: each step's secret lines, read in file order. nullopt with `exitCode`
// set when a profile's secret is missing.
std::optional<QList<QStringList>> readStepSecrets(CliContext &ctx, const QList<ImportStep> &plan,
                                                  int *exitCode)
{
    QStringList prompts;
    QList<int> counts;
    for (const ImportStep &step : plan) {
        QStringList own;
        if (step.action != ImportStep::Action::Skip)
            for (const QString &prompt : ProfileOptions::secretPrompts(step.profile))
                own << QStringLiteral("%1 — %2").arg(step.profile.name, prompt);
        counts << int(own.size());
        prompts << own;
    }
    const QStringList lines = CliContext::readSecretLines(false, prompts);
    QList<QStringList> secretLines;
    int at = 0;
    for (int i = 0; i < counts.size(); ++i) {
        const QStringList own = lines.mid(at, counts.at(i));
        if (own.size() < counts.at(i) || (counts.at(i) > 0 && own.first().isEmpty())) {
            *exitCode = ctx.fail(ExitUsage, tr("No secret for \"%1\" (line %2 of the input; %3 "
                                               "needed in all). Nothing was imported.")
                                                .arg(plan.at(i).profile.name)
                                                .arg(at + 1)
                                                .arg(prompts.size()));
            return std::nullopt;
        }
        secretLines << own;
        at += counts.at(i);
    }
    return secretLines;
}
} // namespace

int exportProfiles(CliContext &ctx, const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Write profiles (all, or the ones named) as a JSON document without any secret, "
           "token or key,\nfor `tokenwright-cli profiles import` on another machine."));
    parser.addHelpOption();
    parser.addOption({{QStringLiteral("o"), QStringLiteral("output")},
                      tr("Write to FILE instead of standard output."),
                      QStringLiteral("FILE")});
    parser.addPositionalArgument(QStringLiteral("names"), tr("Profile names or ids."),
                                 QStringLiteral("[NAME…]"));
    int code = 0;
    if (!parseOrExplain(parser, args, ctx.err(), &code))
        return code;
    if (!ctx.loadProfiles())
        return ExitFailure;
    QList<Profile> chosen;
    if (parser.positionalArguments().isEmpty()) {
        chosen = ctx.store().profiles();
    } else {
        for (const QString &name : parser.positionalArguments()) {
            const auto profile = ctx.findProfile(name);
            if (!profile)
                return ExitNotFound;
            const bool already = std::any_of(chosen.begin(), chosen.end(),
                                             [&](const Profile &p) { return p.id == profile->id; });
            if (!already)
                chosen.append(*profile);
        }
    }
    const ProfileExchange::Exported exported = ProfileExchange::exportProfiles(chosen);
    for (const QString &dropped : exported.dropped)
        ctx.err() << "tokenwright-cli: "
                  << tr("left out the extra parameter %1: it is named like a secret.").arg(dropped)
                  << Qt::endl;
    const QByteArray bytes = QJsonDocument(exported.document).toJson(QJsonDocument::Indented);
    if (!parser.isSet(QStringLiteral("output"))) {
        ctx.out() << QString::fromUtf8(bytes);
        return ExitOk;
    }
    const QString path = parser.value(QStringLiteral("output"));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return ctx.fail(ExitFailure, tr("Cannot write %1: %2").arg(path, file.errorString()));
    QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
    ctx.err() << QCoreApplication::translate("cli", "Exported %n profile(s) to %1 (no secrets).",
                                             nullptr, int(chosen.size()))
                     .arg(path)
              << Qt::endl;
    return ExitOk;
}

int importProfiles(CliContext &ctx, const QStringList &args, QCoreApplication &app)
{
    QCommandLineParser parser;
    declareImportOptions(parser);
    int code = 0;
    if (!parseOrExplain(parser, args, ctx.err(), &code))
        return code;
    if (parser.positionalArguments().size() != 1)
        return ctx.fail(ExitUsage, tr("usage: tokenwright-cli profiles import FILE "
                                      "[--on-conflict skip|rename|replace] "
                                      "[--with-secrets-stdin]"));
    ConflictPolicy policy = ConflictPolicy::Refuse;
    if (parser.isSet(QStringLiteral("on-conflict"))) {
        const auto chosen = conflictPolicyFromString(parser.value(QStringLiteral("on-conflict")));
        if (!chosen)
            return ctx.fail(ExitUsage, tr("--on-conflict takes skip, rename or replace."));
        policy = *chosen;
    }
    const auto plan = planFromFile(ctx, parser.positionalArguments().first(), policy, &code);
    if (!plan)
        return code;
    QList<QStringList> secretLines;
    if (parser.isSet(QStringLiteral("with-secrets-stdin"))) {
        const auto lines = readStepSecrets(ctx, *plan, &code);
        if (!lines)
            return code;
        secretLines = *lines;
    }

    // Lives until the event loop ends: keychain callbacks refer to it.
    ImportRun run(ctx, *plan, secretLines);
    QTimer::singleShot(0, &app, [&run] { run.next(); });
    return app.exec();
}

} // namespace tw::cli
