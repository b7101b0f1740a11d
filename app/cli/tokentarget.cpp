#include "tokentarget.h"

#include "clicontext.h"
#include "common/shellquote.h"
#include "msp/customer.h"

#include <QCoreApplication>

namespace tw::cli {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("cli", text);
}
} // namespace

void TokenTarget::addOptions(QCommandLineParser &parser)
{
    parser.addOption({QStringLiteral("customer"),
                      tr("Druva MSP: the token of this customer (GCID)."), QStringLiteral("ID")});
    parser.addOption({QStringLiteral("env"),
                      tr("The variable that holds the token (default: TOKEN)."),
                      QStringLiteral("VAR"), QStringLiteral("TOKEN")});
    CliContext::addNetworkOptions(parser);
}

std::optional<TokenTarget> TokenTarget::resolve(CliContext &ctx, const QCommandLineParser &parser,
                                                const QString &name, int *exitCode)
{
    const auto variable = tokenVariable(ctx, parser);
    if (!variable) {
        *exitCode = ExitUsage;
        return std::nullopt;
    }
    if (!ctx.applyNetworkOptions(parser)) {
        *exitCode = ExitUsage;
        return std::nullopt;
    }
    const bool forCustomer = parser.isSet(QStringLiteral("customer"));
    const QString customer = parser.value(QStringLiteral("customer"));
    // An empty or "." id must never fall back to the MSP token or walk to another URL.
    if (const QString problem = Customer::idProblem(customer); forCustomer && !problem.isEmpty()) {
        *exitCode = ctx.fail(ExitUsage, problem);
        return std::nullopt;
    }
    if (!ctx.loadProfiles()) {
        *exitCode = ExitFailure;
        return std::nullopt;
    }
    const auto profile = ctx.profileForNetwork(name);
    if (!profile) {
        *exitCode = ExitNotFound;
        return std::nullopt;
    }
    AuthSession *session = ctx.auth().session(profile->id, customer);
    if (!session) {
        *exitCode = ctx.fail(ExitUsage, tr("Profile \"%1\" (%2) has no per-customer tokens; only "
                                           "druva-msp does.")
                                            .arg(profile->name, kindToString(profile->kind)));
        return std::nullopt;
    }
    return TokenTarget{*profile, session, *variable};
}

std::optional<QString> tokenVariable(CliContext &ctx, const QCommandLineParser &parser)
{
    const QString name = parser.value(QStringLiteral("env"));
    if (!isPortableVariableName(name)) {
        ctx.fail(ExitUsage, tr("--env takes a variable name (letters, digits and _, not "
                               "starting with a digit), not \"%1\".")
                                .arg(name.left(80)));
        return std::nullopt;
    }
    if (name == kApiBaseVariable) {
        ctx.fail(ExitUsage,
                 tr("--env cannot be %1: that variable holds the API base.").arg(kApiBaseVariable));
        return std::nullopt;
    }
    return name;
}

} // namespace tw::cli
