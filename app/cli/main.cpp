#include "auditcommand.h"
#include "clicontext.h"
#include "common/appidentity.h"
#include "common/version.h"
#include "customerscommand.h"
#include "execcommand.h"
#include "profilescommand.h"
#include "requestcommand.h"
#include "revokecommand.h"
#include "sandboxcommand.h"
#include "tokencommand.h"

#include <QCoreApplication>
#include <QTextStream>

namespace {
const char *const kUsage =
    "usage: tokenwright-cli COMMAND …\n"
    "\n"
    "  profiles list [--json]                 the profiles (never secrets)\n"
    "  profiles show NAME [--json]\n"
    "  profiles add NAME --kind K [options]   secret on stdin or at a no-echo prompt,\n"
    "                                         or --secret-command 'pass show x' each time\n"
    "  profiles edit NAME [options]           --secret-stdin replaces the secret\n"
    "  profiles remove NAME                   also removes its keychain entries\n"
    "  profiles export [NAME…] [-o FILE]      as JSON without any secret\n"
    "  profiles import FILE [--on-conflict skip|rename|replace] [--with-secrets-stdin]\n"
    "  token NAME [--customer ID] [--force] [--json]\n"
    "  customer-token NAME CUSTOMER_ID [--force] [--json]\n"
    "  revoke NAME                            revoke the cached refresh and access token\n"
    "  introspect NAME [--json]               the provider's answer about the access token\n"
    "  customers NAME [--json|--csv]          every customer (druva-msp, oidc), all pages\n"
    "  customer-tokens NAME (--all|--ids ID,…) [--concurrency N] [--json]\n"
    "                                         a token per druva-msp customer; non-zero if any "
    "failed\n"
    "  request NAME METHOD PATH [-H 'K: V']… [-d BODY|@file|@-] [--customer ID] [--include]\n"
    "                                         call the API with the profile's token; body on "
    "stdout\n"
    "  audit [NAME] [--since DATE] [--json]   the activity log (never a token); --off/--on\n"
    "  exec NAME [--customer ID] [--env VAR] -- CMD [ARGS…]\n"
    "                                         run CMD with the token in $TOKEN, the API base in\n"
    "                                         $TOKENWRIGHT_API_BASE; exits with CMD's status\n"
    "  env NAME [--customer ID] [--env VAR] [--shell sh|fish|powershell]\n"
    "                                         the same variables as lines to eval\n"
    "  sandbox [--port N] [--token-lifetime S] [--latency MS] [--customers N]\n"
    "\n"
    "Run a command with --help for its options. Exit codes: 0 ok, 1 failure, 2 usage,\n"
    "3 not found, 4 credentials or token refused, 5 network or bad server answer,\n"
    "6 keychain, 7 HTTP error status (request), 8 refused before sending, 130 interrupted.\n";
}

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    tw::applyApplicationIdentity(); // the same folders as the window
    QCoreApplication::setApplicationVersion(QStringLiteral(TOKENWRIGHT_VERSION));
    const QStringList args = QCoreApplication::arguments();
    const QString command = args.value(1);
    if (command == QLatin1String("sandbox"))
        return tw::cli::runSandboxCommand(args);
    if (command == QLatin1String("profiles"))
        return tw::cli::runProfilesCommand(args);
    if (command == QLatin1String("token") || command == QLatin1String("customer-token"))
        return tw::cli::runTokenCommand(args);
    if (command == QLatin1String("revoke"))
        return tw::cli::runRevokeCommand(args);
    if (command == QLatin1String("introspect"))
        return tw::cli::runIntrospectCommand(args);
    if (command == QLatin1String("customers"))
        return tw::cli::runCustomersCommand(args);
    if (command == QLatin1String("customer-tokens"))
        return tw::cli::runCustomerTokensCommand(args);
    if (command == QLatin1String("request"))
        return tw::cli::runRequestCommand(args);
    if (command == QLatin1String("audit"))
        return tw::cli::runAuditCommand(args);
    if (command == QLatin1String("exec"))
        return tw::cli::runExecCommand(args);
    if (command == QLatin1String("env"))
        return tw::cli::runEnvCommand(args);
    if (command == QLatin1String("--version") || command == QLatin1String("version")) {
        QTextStream(stdout) << "tokenwright-cli " << TOKENWRIGHT_VERSION << '\n';
        return tw::cli::ExitOk;
    }
    const bool help = command == QLatin1String("--help") || command == QLatin1String("-h") ||
                      command == QLatin1String("help");
    QTextStream(help ? stdout : stderr) << kUsage;
    return help ? tw::cli::ExitOk : tw::cli::ExitUsage;
}
