#include "tokencommand.h"

#include "clicontext.h"
#include "msp/customer.h"
#include "profileoptions.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

namespace tw::cli {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("cli", text);
}

QString iso(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODate) : QString();
}

QJsonObject tokenJson(const AuthSession &session, const Token &token)
{
    QJsonObject json;
    json[QStringLiteral("access_token")] = token.accessToken;
    json[QStringLiteral("token_type")] =
        token.tokenType.isEmpty() ? QStringLiteral("bearer") : token.tokenType;
    const qint64 remaining = session.remainingMs();
    json[QStringLiteral("expires_in")] =
        remaining < 0 ? QJsonValue() : QJsonValue(double(remaining / 1000));
    json[QStringLiteral("expires_at")] =
        remaining < 0 ? QJsonValue() : QJsonValue(iso(session.expiresAt()));
    json[QStringLiteral("scope")] = token.scope;
    if (!session.customerId().isEmpty())
        json[QStringLiteral("customer_id")] = session.customerId();
    if (token.refreshExpiresAt.isValid())
        json[QStringLiteral("renew_by")] = iso(token.refreshExpiresAt);
    if (token.renewableUntil.isValid())
        json[QStringLiteral("renewals_end")] = iso(token.renewableUntil);
    if (!token.warning.isEmpty())
        json[QStringLiteral("warning")] = token.warning;
    json[QStringLiteral("cached")] = session.tokenFromCache();
    return json;
}

void declareOptions(QCommandLineParser &parser, bool customerForm)
{
    parser.setApplicationDescription(customerForm
                                         ? tr("Print an access token for one MSP customer.")
                                         : tr("Print a valid access token for a profile."));
    parser.addHelpOption();
    parser.addOptions({
        {QStringLiteral("json"),
         tr("Print access_token, token_type, expires_in, expires_at, scope as JSON.")},
        {QStringLiteral("force"),
         tr("Get a new token even if the cached one is valid (Commvault: renew).")},
        {QStringLiteral("no-browser"),
         tr("Browser or device sign-in: print the page to open instead of opening a browser.")},
        {QStringLiteral("sign-in-timeout"),
         tr("Browser sign-in: how long to wait for the browser to come back (default 300)."),
         QStringLiteral("SECONDS")},
    });
    if (!customerForm)
        parser.addOption({QStringLiteral("customer"),
                          tr("Druva MSP: a token for this customer (GCID)."),
                          QStringLiteral("ID")});
    parser.addPositionalArgument(QStringLiteral("name"), tr("Profile name or id."));
    if (customerForm)
        parser.addPositionalArgument(QStringLiteral("customer-id"), tr("Customer id (GCID)."));
}

// The session the arguments name: the profile's, or one customer's of it. nullptr with
// `exitCode` set.
AuthSession *sessionFor(CliContext &ctx, const QCommandLineParser &parser, bool customerForm,
                        int *exitCode)
{
    const QStringList positional = parser.positionalArguments();
    if (!ctx.loadProfiles()) {
        *exitCode = ExitFailure;
        return nullptr;
    }
    const auto profile = ctx.profileForNetwork(positional.first());
    if (!profile) {
        *exitCode = ExitNotFound;
        return nullptr;
    }
    const bool forCustomer = customerForm || parser.isSet(QStringLiteral("customer"));
    const QString customer =
        customerForm ? positional.at(1) : parser.value(QStringLiteral("customer"));
    // An empty or "." id must never fall back to the MSP token or walk to another URL.
    if (const QString problem = Customer::idProblem(customer); forCustomer && !problem.isEmpty()) {
        *exitCode = ctx.fail(ExitUsage, problem);
        return nullptr;
    }
    AuthSession *session = ctx.auth().session(profile->id, customer);
    if (!session)
        *exitCode = ctx.fail(
            ExitUsage, tr("Profile \"%1\" (%2) has no per-customer tokens; only druva-msp does.")
                           .arg(profile->name, kindToString(profile->kind)));
    return session;
}

// --sign-in-timeout; false (after saying why) when it is not a usable number of seconds.
bool applySignInTimeout(CliContext &ctx, const QCommandLineParser &parser)
{
    if (!parser.isSet(QStringLiteral("sign-in-timeout")))
        return true;
    const auto seconds =
        ProfileOptions::timeoutSeconds(parser.value(QStringLiteral("sign-in-timeout")));
    if (!seconds) {
        ctx.fail(ExitUsage, tr("--sign-in-timeout takes a whole number of seconds from 1 to %1.")
                                .arg(tw::ProfileOptions::kMaxTimeoutSec));
        return false;
    }
    ctx.auth().setSignInTimeoutSec(*seconds);
    return true;
}

// Gets the token (a new one with `force`) and prints it; runs the event loop until then.
int printToken(CliContext &ctx, AuthSession *session, bool json, bool force)
{
    auto print = [&ctx, session, json](Result<Token> token) {
        if (!token) {
            ctx.fail(token.error());
            return;
        }
        if (json)
            ctx.out()
                << QJsonDocument(tokenJson(*session, token.value())).toJson(QJsonDocument::Compact)
                << '\n';
        else
            ctx.out() << token.value().accessToken << '\n';
        if (!token.value().warning.isEmpty() && !json)
            ctx.err() << tr("note: %1").arg(token.value().warning) << Qt::endl;
        ctx.finish(ExitOk);
    };
    QTimer::singleShot(0, session, [session, print, force] {
        if (force)
            session->refresh(nullptr, print);
        else
            session->requestToken(nullptr, print);
    });
    return QCoreApplication::exec();
}
} // namespace

int runTokenCommand(const QStringList &arguments)
{
    const bool customerForm = arguments.value(1) == QLatin1String("customer-token");
    QCommandLineParser parser;
    declareOptions(parser, customerForm);
    CliContext ctx;
    int code = 0;
    if (!ctx.parseNetworkCommand(parser, subcommandArguments(arguments, 1), &code))
        return code;
    if (parser.positionalArguments().size() != (customerForm ? 2 : 1))
        return ctx.fail(
            ExitUsage,
            customerForm
                ? tr("usage: tokenwright-cli customer-token NAME CUSTOMER_ID [--json] [--force]")
                : tr("usage: tokenwright-cli token NAME [--customer ID] [--json] [--force] "
                     "[--no-browser] [--sign-in-timeout S]"));
    AuthSession *session = sessionFor(ctx, parser, customerForm, &code);
    if (!session)
        return code;
    if (!applySignInTimeout(ctx, parser))
        return ExitUsage;
    ctx.setOpenBrowser(!parser.isSet(QStringLiteral("no-browser")));
    return printToken(ctx, session, parser.isSet(QStringLiteral("json")),
                      parser.isSet(QStringLiteral("force")));
}

} // namespace tw::cli
