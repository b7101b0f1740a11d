#include "customerscommand.h"

#include "auth/apiclient.h"
#include "clicontext.h"
#include "common/redact.h"
#include "msp/bulkminter.h"
#include "msp/customercsv.h"
#include "msp/customerlister.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>
#include <cstdio>
#include <unistd.h>

namespace tw::cli {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("cli", text);
}
QString tr(const char *text, int n)
{
    return QCoreApplication::translate("cli", text, nullptr, n);
}

// One status line on stderr that rewrites itself; only on a terminal, so logs and pipes
// get no carriage returns.
class ProgressLine
{
public:
    ProgressLine() : m_enabled(isatty(STDERR_FILENO) == 1) {}
    ~ProgressLine() { clear(); }
    void show(const QString &text)
    {
        if (!m_enabled)
            return;
        std::fprintf(stderr, "\r\033[K%s", text.toLocal8Bit().constData());
        std::fflush(stderr);
        m_shown = true;
    }
    void clear()
    {
        if (m_shown)
            std::fprintf(stderr, "\r\033[K");
        std::fflush(stderr);
        m_shown = false;
    }

private:
    bool m_enabled;
    bool m_shown = false;
};

// A page that failed for a passing reason (network, 5xx, garbled answer) is asked for
// again; a refusal (4xx) will not change by retrying.
bool worthRetrying(const Error &error)
{
    switch (error.code) {
    case Error::Code::Network:
    case Error::Code::BadResponse:
        return true;
    case Error::Code::Http:
        return error.httpStatus >= 500;
    default:
        return false;
    }
}

// Drives a CustomerLister to the end, resuming a failed page up to `retries` times.
void listAll(CliContext &ctx, CustomerLister *lister, int retries, ProgressLine *line,
             std::function<void(Status)> done)
{
    auto left = std::make_shared<int>(retries);
    QObject::connect(
        lister, &CustomerLister::progress, lister, [line](int pages, int customers, qint64 total) {
            line->show(total >= 0
                           ? tr("Listing customers: %1 of %2 (page %3)")
                                 .arg(customers)
                                 .arg(total)
                                 .arg(pages)
                           : tr("Listing customers: %1 (page %2)").arg(customers).arg(pages));
        });
    QObject::connect(lister, &CustomerLister::waiting, lister, [line](int seconds) {
        line->show(tr("Rate limited; waiting %1 s").arg(seconds));
    });
    QObject::connect(lister, &CustomerLister::finished, lister, [line, done] {
        line->clear();
        done(std::nullopt);
    });
    QObject::connect(lister, &CustomerLister::failed, lister,
                     [&ctx, lister, left, retries, line, done](const Error &error) {
                         line->clear();
                         if (*left > 0 && worthRetrying(error)) {
                             const int attempt = retries - --*left;
                             ctx.err() << tr("tokenwright-cli: %1; retrying (%2 of %3)")
                                              .arg(error.toString())
                                              .arg(attempt)
                                              .arg(retries)
                                       << Qt::endl;
                             QTimer::singleShot(1000 * attempt, lister,
                                                [lister] { lister->resume(); });
                             return;
                         }
                         done(error);
                     });
    lister->start();
}

QString jsonLines(const QList<QJsonObject> &objects)
{
    // A JSON array with one object per line: valid for jq, easy for grep.
    if (objects.isEmpty())
        return QStringLiteral("[]\n");
    QStringList lines;
    lines.reserve(objects.size());
    for (const QJsonObject &object : objects)
        lines << QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
    return QStringLiteral("[\n") + lines.join(QStringLiteral(",\n")) + QStringLiteral("\n]\n");
}

QString table(const QList<Customer> &customers)
{
    const QStringList head{tr("ID"), tr("NAME"), tr("STATUS"), tr("CLOUD")};
    QList<QStringList> rows;
    rows.reserve(customers.size());
    for (const Customer &c : customers) {
        // Server text: no escape sequence reaches the terminal.
        rows.append({sanitizeServerText(c.id()), c.hasName() ? c.name() : QStringLiteral("-"),
                     c.statusText().isEmpty() ? QStringLiteral("-") : c.statusText(),
                     c.cloudText().isEmpty() ? QStringLiteral("-") : c.cloudText()});
    }
    QList<int> widths;
    for (const QString &h : head)
        widths << h.size();
    for (const QStringList &row : rows)
        for (int i = 0; i < row.size(); ++i)
            widths[i] = std::max<int>(widths[i], row.at(i).size());
    QString text;
    auto add = [&](const QStringList &row) {
        QString line;
        for (int i = 0; i < row.size(); ++i)
            line += i + 1 < row.size() ? row.at(i).leftJustified(widths[i] + 2) : row.at(i);
        text += line.trimmed() + QLatin1Char('\n');
    };
    add(head);
    for (const QStringList &row : rows)
        add(row);
    return text;
}

QCommandLineOption retriesOption()
{
    return {QStringLiteral("retries"),
            tr("Ask again for a page that failed (network, 5xx) up to N times (default 2)."),
            QStringLiteral("N"), QStringLiteral("2")};
}

bool readRetries(CliContext &ctx, const QCommandLineParser &parser, int *retries)
{
    bool ok = false;
    *retries = parser.value(QStringLiteral("retries")).toInt(&ok);
    if (!ok || *retries < 0 || *retries > 10) {
        ctx.fail(ExitUsage, tr("--retries takes a number from 0 to 10."));
        return false;
    }
    return true;
}

// --retries, then the profile the first argument names, which must be `capable`: else
// `refusal` (with %1 the profile's name, %2 its kind). nullopt with `exitCode` set.
std::optional<Profile> capableProfile(CliContext &ctx, const QCommandLineParser &parser,
                                      bool (*capable)(ProviderKind), const QString &refusal,
                                      int *retries, int *exitCode)
{
    if (!readRetries(ctx, parser, retries)) {
        *exitCode = ExitUsage;
        return std::nullopt;
    }
    if (!ctx.loadProfiles()) {
        *exitCode = ExitFailure;
        return std::nullopt;
    }
    const auto profile = ctx.profileForNetwork(parser.positionalArguments().first());
    if (!profile) {
        *exitCode = ExitNotFound;
        return std::nullopt;
    }
    if (!capable(profile->kind)) {
        *exitCode = ctx.fail(ExitUsage, refusal.arg(profile->name, kindToString(profile->kind)));
        return std::nullopt;
    }
    return profile;
}

void declareCustomerTokensOptions(QCommandLineParser &parser)
{
    parser.setApplicationDescription(
        tr("Mint an access token for each of several Druva MSP customers."));
    parser.addHelpOption();
    parser.addOptions({
        {QStringLiteral("all"), tr("Every customer of the profile (lists them first).")},
        {QStringLiteral("ids"), tr("Customer ids (GCIDs), comma-separated; may be repeated."),
         QStringLiteral("ID,ID,…")},
        {QStringLiteral("concurrency"), tr("Mints in flight at once, 1–16 (default 4)."),
         QStringLiteral("N"), QString::number(BulkMinter::DefaultConcurrency)},
        {QStringLiteral("json"),
         tr("A JSON array: customer_id, access_token or error, expires_in.")},
        {QStringLiteral("force"), tr("Mint new tokens even where a cached one is still valid.")},
        retriesOption(),
    });
    parser.addPositionalArgument(QStringLiteral("name"), tr("Profile name or id."));
}

// Which customers get a token (every one, or the ids given) and how many mints run at once.
struct MintPlan
{
    bool all = false;
    QStringList ids;
    int concurrency = 0;
};

// nullopt with `problem` set when the arguments do not make a plan.
std::optional<MintPlan> mintPlanFrom(const QCommandLineParser &parser, QString *problem)
{
    MintPlan plan;
    plan.all = parser.isSet(QStringLiteral("all"));
    for (const QString &value : parser.values(QStringLiteral("ids")))
        for (const QString &id : value.split(QLatin1Char(','), Qt::SkipEmptyParts))
            if (!id.trimmed().isEmpty())
                plan.ids << id.trimmed();
    if (parser.positionalArguments().size() != 1 ||
        plan.all == parser.isSet(QStringLiteral("ids")) || (!plan.all && plan.ids.isEmpty())) {
        *problem = tr("usage: tokenwright-cli customer-tokens NAME "
                      "(--all|--ids ID,ID,…) [--concurrency N] [--json]");
        return std::nullopt;
    }
    for (const QString &id : std::as_const(plan.ids)) {
        *problem = Customer::idProblem(id);
        if (!problem->isEmpty())
            return std::nullopt;
    }
    bool ok = false;
    plan.concurrency = parser.value(QStringLiteral("concurrency")).toInt(&ok);
    if (!ok || plan.concurrency < 1 || plan.concurrency > BulkMinter::MaxConcurrency) {
        *problem = tr("--concurrency takes a number from 1 to %1.").arg(BulkMinter::MaxConcurrency);
        return std::nullopt;
    }
    return plan;
}

// One customer's token, or why it has none, as an object of the --json array.
QJsonObject outcomeJson(CliContext &ctx, const BulkMinter::Outcome &o)
{
    if (o.ok()) {
        const qint64 seconds = o.remainingMs < 0 ? -1 : o.remainingMs / 1000;
        return {{QStringLiteral("customer_id"), o.customerId},
                {QStringLiteral("access_token"), o.token->accessToken},
                {QStringLiteral("token_type"), o.token->tokenType},
                {QStringLiteral("expires_in"),
                 seconds < 0 ? QJsonValue() : QJsonValue(double(seconds))}};
    }
    QJsonObject object{
        {QStringLiteral("customer_id"), o.customerId},
        {QStringLiteral("error"), ctx.auth().knownSecrets().redact(o.error->toString())},
        {QStringLiteral("error_code"), Error::codeName(o.error->code)},
        {QStringLiteral("expires_in"), QJsonValue()}};
    if (o.error->httpStatus > 0)
        object.insert(QStringLiteral("http_status"), o.error->httpStatus);
    return object;
}

// The same as a tab-separated line: the id, then the token or "error: …".
QString outcomeLine(CliContext &ctx, const BulkMinter::Outcome &o)
{
    const QString result =
        o.ok() ? o.token->accessToken
               : tr("error: %1").arg(ctx.auth().knownSecrets().redact(o.error->toString()));
    return sanitizeServerText(o.customerId) + QLatin1Char('\t') + result + QLatin1Char('\n');
}

// Prints every outcome and ends the command: with the first failure's exit code, if any.
void reportOutcomes(CliContext &ctx, const BulkMinter &minter, bool json)
{
    QList<QJsonObject> objects;
    std::optional<Error> firstError;
    for (const BulkMinter::Outcome &o : minter.outcomes()) {
        if (!o.ok() && !firstError)
            firstError = o.error;
        if (json)
            objects.append(outcomeJson(ctx, o));
        else
            ctx.out() << outcomeLine(ctx, o);
    }
    if (json)
        ctx.out() << jsonLines(objects);
    if (firstError) {
        ctx.err() << tr("tokenwright-cli: %1 of %2 customer token(s) failed.")
                         .arg(minter.failedCount())
                         .arg(minter.total())
                  << Qt::endl;
        ctx.finish(exitCodeFor(*firstError));
        return;
    }
    ctx.finish(ExitOk);
}

// --ids mints at once; --all lists every customer first.
void startMinting(CliContext &ctx, const MintPlan &plan, BulkMinter &minter, CustomerLister &lister,
                  int retries, ProgressLine &line)
{
    if (!plan.all) {
        minter.start(plan.ids);
        return;
    }
    listAll(ctx, &lister, retries, &line, [&](Status status) {
        if (status) {
            ctx.fail(*status);
            return;
        }
        QStringList everyone;
        everyone.reserve(lister.customers().size());
        for (const Customer &c : lister.customers())
            everyone << c.id();
        minter.start(everyone);
    });
}
} // namespace

int runCustomersCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("List every customer of an MSP profile (druva-msp or oidc), all pages."));
    parser.addHelpOption();
    parser.addOptions({
        {QStringLiteral("json"), tr("The customer objects exactly as the server sent them.")},
        {QStringLiteral("csv"), tr("CSV (RFC 4180) with a header row.")},
        {QStringLiteral("features"), tr("Druva MSP: ask for each customer's features too.")},
        retriesOption(),
        {QStringLiteral("max-pages"),
         tr("Stop with an error after N pages (default %1).")
             .arg(CustomerListOptions::kDefaultMaxPages),
         QStringLiteral("N"), QString::number(CustomerListOptions::kDefaultMaxPages)},
    });
    parser.addPositionalArgument(QStringLiteral("name"), tr("Profile name or id."));
    CliContext ctx;
    int code = 0;
    if (!ctx.parseNetworkCommand(parser, subcommandArguments(arguments, 1), &code))
        return code;
    bool pagesOk = false;
    const int maxPages = parser.value(QStringLiteral("max-pages")).toInt(&pagesOk);
    if (!pagesOk || maxPages < 1)
        return ctx.fail(ExitUsage, tr("--max-pages takes a number of pages, at least 1."));
    const bool json = parser.isSet(QStringLiteral("json"));
    const bool csv = parser.isSet(QStringLiteral("csv"));
    if (parser.positionalArguments().size() != 1 || (json && csv))
        return ctx.fail(ExitUsage, tr("usage: tokenwright-cli customers NAME [--json|--csv]"));
    int retries = 0;
    const auto profile = capableProfile(
        ctx, parser, listsCustomers,
        tr("Profile \"%1\" (%2) has no customer list; druva-msp and oidc profiles do."), &retries,
        &code);
    if (!profile)
        return code;

    ApiClient api(&ctx.auth());
    CustomerLister lister(&ctx.auth(), &api, profile->id);
    lister.setOptions({0, parser.isSet(QStringLiteral("features")), maxPages});
    ProgressLine line;
    QTimer::singleShot(0, &lister, [&] {
        listAll(ctx, &lister, retries, &line, [&](Status status) {
            if (status) {
                ctx.err() << tr("tokenwright-cli: %n customer(s) had arrived before the failure; "
                                "nothing was printed.",
                                lister.customers().size())
                          << Qt::endl;
                ctx.fail(*status);
                return;
            }
            const QList<Customer> &customers = lister.customers();
            if (json) {
                QList<QJsonObject> objects;
                objects.reserve(customers.size());
                for (const Customer &c : customers)
                    objects << c.toJson();
                ctx.out() << jsonLines(objects);
            } else if (csv) {
                ctx.out() << QString::fromUtf8(CustomerCsv::document(customers));
            } else {
                ctx.out() << table(customers);
            }
            if (lister.skippedEntries() > 0)
                ctx.err() << tr("note: %n entry(ies) without an id were left out.",
                                lister.skippedEntries())
                          << Qt::endl;
            ctx.finish(ExitOk);
        });
    });
    return QCoreApplication::exec();
}

int runCustomerTokensCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    declareCustomerTokensOptions(parser);
    CliContext ctx;
    int code = 0;
    if (!ctx.parseNetworkCommand(parser, subcommandArguments(arguments, 1), &code))
        return code;
    QString problem;
    const auto plan = mintPlanFrom(parser, &problem);
    if (!plan)
        return ctx.fail(ExitUsage, problem);
    int retries = 0;
    const auto profile =
        capableProfile(ctx, parser, mintsCustomerTokens,
                       tr("Profile \"%1\" (%2) has no per-customer tokens; only druva-msp does."),
                       &retries, &code);
    if (!profile)
        return code;

    const bool json = parser.isSet(QStringLiteral("json"));
    ApiClient api(&ctx.auth());
    CustomerLister lister(&ctx.auth(), &api, profile->id);
    BulkMinter minter(&ctx.auth(), profile->id);
    minter.setConcurrency(plan->concurrency);
    minter.setForce(parser.isSet(QStringLiteral("force")));
    ProgressLine line;
    QObject::connect(&minter, &BulkMinter::progress, &minter, [&](int done, int total) {
        line.show(tr("Minting customer tokens: %1 of %2 (%3 failed)")
                      .arg(done)
                      .arg(total)
                      .arg(minter.failedCount()));
    });
    QObject::connect(&minter, &BulkMinter::finished, &minter, [&](bool) {
        line.clear();
        reportOutcomes(ctx, minter, json);
    });
    QTimer::singleShot(0, &minter,
                       [&] { startMinting(ctx, *plan, minter, lister, retries, line); });
    return QCoreApplication::exec();
}

} // namespace tw::cli
