#include "execcommand.h"

#include "childrunner.h"
#include "clicontext.h"
#include "common/shellquote.h"
#include "tokentarget.h"

#include <QCoreApplication>
#include <QProcessEnvironment>
#include <QTimer>

namespace tw::cli {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("cli", text);
}

const char *const kExecUsage =
    "usage: tokenwright-cli exec NAME [--customer ID] [--env VAR] -- CMD [ARGS…]";
const char *const kEnvUsage =
    "usage: tokenwright-cli env NAME [--customer ID] [--env VAR] [--shell sh|fish|powershell]";

QString apiBaseOf(const Profile &profile)
{
    return profile.apiBase.isEmpty() ? QString() : profile.apiBase.toString(QUrl::FullyEncoded);
}

// Asks the session for a usable token once the event loop runs; `use` gets it, a failure
// is printed and ends the process with the CLI's exit code.
void whenTokenReady(CliContext &ctx, AuthSession *session, std::function<void(const Token &)> use)
{
    QTimer::singleShot(0, session, [&ctx, session, use = std::move(use)] {
        session->requestToken(nullptr, [&ctx, use](Result<Token> token) {
            if (!token) {
                ctx.fail(token.error());
                return;
            }
            if (!token.value().warning.isEmpty())
                ctx.err() << "tokenwright-cli: " << tr("note: %1").arg(token.value().warning)
                          << Qt::endl;
            use(token.value());
        });
    });
}
} // namespace

int runExecCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Run a command with the profile's token in $TOKEN (or --env VAR) and its API base "
           "in $TOKENWRIGHT_API_BASE.\nThe command runs without a shell and gets the "
           "terminal's stdin, stdout and stderr;\ntokenwright-cli exits with its exit "
           "status (or 1–8 when no token could be had, and the command is not run)."));
    parser.addHelpOption();
    TokenTarget::addOptions(parser);
    parser.addPositionalArgument(QStringLiteral("name"), tr("Profile name or id."));
    parser.addPositionalArgument(QStringLiteral("--"), tr("Ends the options of exec."));
    parser.addPositionalArgument(QStringLiteral("command"), tr("The command and its arguments."),
                                 QStringLiteral("CMD [ARGS…]"));

    // Everything after the first `--` belongs to the command, options included: it is never
    // parsed here, so `exec prod -- curl --env x` keeps curl's `--env`.
    const QStringList own = subcommandArguments(arguments, 1);
    const qsizetype separator = own.indexOf(QStringLiteral("--"), 1);
    const QStringList command = separator < 0 ? QStringList() : own.mid(separator + 1);

    CliContext ctx;
    int code = 0;
    if (!parseOrExplain(parser, separator < 0 ? own : own.mid(0, separator), ctx.err(), &code))
        return code;
    if (separator < 0)
        return ctx.fail(ExitUsage, tr("exec needs `--` before the command, so that no option "
                                      "of the command is taken for one of exec's.\n%1")
                                       .arg(QString::fromUtf8(kExecUsage)));
    if (parser.positionalArguments().size() != 1 || command.isEmpty() || command.first().isEmpty())
        return ctx.fail(ExitUsage, QString::fromUtf8(kExecUsage));
    const auto target =
        TokenTarget::resolve(ctx, parser, parser.positionalArguments().first(), &code);
    if (!target)
        return code;

    ChildRunner runner;
    QObject::connect(&runner, &ChildRunner::finished, &runner,
                     [&ctx](int status, const QString &problem) {
                         if (!problem.isEmpty())
                             ctx.err() << "tokenwright-cli: " << problem << Qt::endl;
                         ctx.finish(status);
                     });
    AuthSession *session = target->session;
    whenTokenReady(ctx, session,
                   [&runner, &ctx, session, command, variable = target->variable,
                    apiBase = apiBaseOf(target->profile)](const Token &token) {
                       QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
                       environment.insert(variable, token.accessToken);
                       // Never a stale base from the caller's environment.
                       if (apiBase.isEmpty())
                           environment.remove(kApiBaseVariable);
                       else
                           environment.insert(kApiBaseVariable, apiBase);
                       // The command holds this token now: renewing it behind the
                       // command's back would be useless work, and for Commvault a renewal
                       // rotates the pair and ends the token the command is using.
                       session->setAutoRefresh(false);
                       ctx.out().flush();
                       ctx.err().flush();
                       runner.start(command.first(), command.mid(1), environment);
                   });
    return QCoreApplication::exec();
}

int runEnvCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Print shell lines that set $TOKEN (or --env VAR) to the profile's token and "
           "$TOKENWRIGHT_API_BASE to its API base:\n"
           "  eval \"$(tokenwright-cli env NAME)\"                       sh, bash, zsh\n"
           "  tokenwright-cli env NAME --shell fish | source             fish\n"
           "  tokenwright-cli env NAME --shell powershell | Invoke-Expression\n"
           "Values are quoted for that shell; nothing is printed when no token could be had."));
    parser.addHelpOption();
    TokenTarget::addOptions(parser);
    parser.addOption({QStringLiteral("shell"),
                      tr("The syntax to print: sh (also bash, zsh), fish or powershell "
                         "(default: sh)."),
                      QStringLiteral("SHELL"), QStringLiteral("sh")});
    parser.addPositionalArgument(QStringLiteral("name"), tr("Profile name or id."));

    CliContext ctx;
    int code = 0;
    if (!parseOrExplain(parser, subcommandArguments(arguments, 1), ctx.err(), &code))
        return code;
    if (parser.positionalArguments().size() != 1)
        return ctx.fail(ExitUsage, QString::fromUtf8(kEnvUsage));
    const auto shell = shellSyntaxFromString(parser.value(QStringLiteral("shell")));
    if (!shell)
        return ctx.fail(ExitUsage, tr("--shell takes %1, not \"%2\".")
                                       .arg(allShellSyntaxNames().join(QStringLiteral(", ")),
                                            parser.value(QStringLiteral("shell")).left(40)));
    const auto target =
        TokenTarget::resolve(ctx, parser, parser.positionalArguments().first(), &code);
    if (!target)
        return code;

    whenTokenReady(ctx, target->session,
                   [&ctx, shell = *shell, variable = target->variable,
                    apiBase = apiBaseOf(target->profile)](const Token &token) {
                       const auto tokenLine = shellExportLine(shell, variable, token.accessToken);
                       const auto baseLine =
                           apiBase.isEmpty() ? shellUnsetLine(shell, kApiBaseVariable)
                                             : shellExportLine(shell, kApiBaseVariable, apiBase);
                       if (!tokenLine || !baseLine) {
                           ctx.fail(ExitFailure, tr("A value cannot be put in an environment "
                                                    "variable (it holds a NUL character)."));
                           return;
                       }
                       // All or nothing: one write, so a reader never evaluates half of it.
                       ctx.out() << *tokenLine << '\n' << *baseLine << '\n';
                       ctx.finish(ExitOk);
                   });
    return QCoreApplication::exec();
}

} // namespace tw::cli
