#include "tokencommand.h"

#include "clicontext.h"
#include "msp/customer.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
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
// RFC 8628 §3.3: the user code and the page go to stderr, so stdout stays the bare token.
// The browser is $BROWSER when set (as git and gh do), else xdg-open.
void showDevicePrompt(QTextStream &err, const DevicePrompt &prompt, bool openBrowser)
{
    const QUrl page =
        prompt.verificationUriComplete.isValid() && !prompt.verificationUriComplete.isEmpty()
            ? prompt.verificationUriComplete
            : prompt.verificationUri;
    err << tr("To sign in to \"%1\", open %2 and enter the code %3 (valid for %4 minutes).")
               .arg(prompt.profileName, prompt.verificationUri.toString(QUrl::FullyEncoded),
                    prompt.userCode)
               .arg(qMax(1, prompt.expiresInSec / 60))
        << Qt::endl;
    if (!openBrowser)
        return;
    QStringList command = QProcess::splitCommand(qEnvironmentVariable("BROWSER"));
    if (command.isEmpty())
        command = {QStringLiteral("xdg-open")};
    const QString program = command.takeFirst();
    if (!QProcess::startDetached(program, command << page.toString(QUrl::FullyEncoded)))
        err << tr("Could not start %1; open the page yourself.").arg(program) << Qt::endl;
}
} // namespace

int runTokenCommand(const QStringList &arguments)
{
    const bool customerForm = arguments.value(1) == QLatin1String("customer-token");
    QCommandLineParser parser;
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
         tr("Device sign-in: print the page to open instead of opening a browser.")},
    });
    if (!customerForm)
        parser.addOption({QStringLiteral("customer"),
                          tr("Druva MSP: a token for this customer (GCID)."),
                          QStringLiteral("ID")});
    parser.addPositionalArgument(QStringLiteral("name"), tr("Profile name or id."));
    if (customerForm)
        parser.addPositionalArgument(QStringLiteral("customer-id"), tr("Customer id (GCID)."));

    CliContext ctx;
    int code = 0;
    if (!ctx.parseNetworkCommand(parser, subcommandArguments(arguments, 1), &code))
        return code;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != (customerForm ? 2 : 1))
        return ctx.fail(
            ExitUsage,
            customerForm
                ? tr("usage: tokenwright-cli customer-token NAME CUSTOMER_ID [--json] [--force]")
                : tr("usage: tokenwright-cli token NAME [--customer ID] [--json] [--force]"));
    if (!ctx.loadProfiles())
        return ExitFailure;
    const auto profile = ctx.profileForNetwork(positional.first());
    if (!profile)
        return ExitNotFound;
    const bool forCustomer = customerForm || parser.isSet(QStringLiteral("customer"));
    const QString customer =
        customerForm ? positional.at(1) : parser.value(QStringLiteral("customer"));
    // An empty or "." id must never fall back to the MSP token or walk to another URL.
    if (const QString problem = Customer::idProblem(customer); forCustomer && !problem.isEmpty())
        return ctx.fail(ExitUsage, problem);
    AuthSession *session = ctx.auth().session(profile->id, customer);
    if (!session)
        return ctx.fail(ExitUsage,
                        tr("Profile \"%1\" (%2) has no per-customer tokens; only druva-msp does.")
                            .arg(profile->name, kindToString(profile->kind)));
    const bool json = parser.isSet(QStringLiteral("json"));
    QObject::connect(&ctx.auth(), &AuthManager::deviceCodeIssued, &ctx.auth(),
                     [&ctx, browser = !parser.isSet(QStringLiteral("no-browser"))](
                         const QUuid &, const DevicePrompt &prompt) {
                         showDevicePrompt(ctx.err(), prompt, browser);
                     });
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
    QTimer::singleShot(0, session, [session, print, force = parser.isSet(QStringLiteral("force"))] {
        if (force)
            session->refresh(nullptr, print);
        else
            session->requestToken(nullptr, print);
    });
    return QCoreApplication::exec();
}

} // namespace tw::cli
