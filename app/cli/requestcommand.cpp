#include "requestcommand.h"

#include "auth/apiclient.h"
#include "clicontext.h"
#include "common/httpclient.h"
#include "console/consolehistory.h"
#include "console/consolerunner.h"
#include "msp/customer.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QTimer>

namespace tw::cli {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("cli", text);
}

const char *const kUsage =
    "usage: tokenwright-cli request NAME METHOD PATH [-H 'K: V']… [-d BODY|@file|@-] "
    "[--customer ID] [--include]";

// curl's -d conventions: "@file" reads a file, "@-" stdin, anything else is the body.
std::optional<QByteArray> readBody(const QString &spec, QString *problem)
{
    if (!spec.startsWith(QLatin1Char('@')))
        return spec.toUtf8();
    QFile file;
    const QString name = spec.mid(1);
    const bool fromStdin = name == QLatin1String("-");
    const bool opened = fromStdin ? file.open(stdin, QIODevice::ReadOnly)
                                  : (file.setFileName(name), file.open(QIODevice::ReadOnly));
    if (!opened) {
        *problem = tr("Cannot read the body from %1: %2")
                       .arg(fromStdin ? tr("stdin") : name, file.errorString());
        return std::nullopt;
    }
    return file.readAll();
}

void declareOptions(QCommandLineParser &parser)
{
    parser.setApplicationDescription(
        tr("Call an API of the profile with its token and print the response body.\n"
           "PATH is relative to the profile's API base, or an absolute URL on its own origin.\n"
           "Exit code 7 when the API answers with an HTTP status >= 400."));
    parser.addHelpOption();
    parser.addOptions({
        {{QStringLiteral("H"), QStringLiteral("header")},
         tr("A request header, 'Name: value' (repeatable)."),
         QStringLiteral("header")},
        {{QStringLiteral("d"), QStringLiteral("data")},
         tr("The request body; @file reads a file, @- reads stdin. Content-Type defaults to "
            "application/json when the body is JSON, else application/x-www-form-urlencoded."),
         QStringLiteral("body")},
        {QStringLiteral("customer"), tr("Druva MSP: call as this customer, with its own token."),
         QStringLiteral("ID")},
        {{QStringLiteral("i"), QStringLiteral("include")},
         tr("Print the status line and the response headers on stderr.")},
        {QStringLiteral("no-history"), tr("Do not record the request in the profile's history.")},
        {QStringLiteral("max-body"),
         tr("Largest answer accepted, in MB (default 512); a larger one exits with code 5."),
         QStringLiteral("MB"), QStringLiteral("512")},
    });
    parser.addPositionalArgument(QStringLiteral("name"), tr("Profile name or id."));
    parser.addPositionalArgument(QStringLiteral("method"), tr("GET, POST, PUT, PATCH, DELETE …"));
    parser.addPositionalArgument(QStringLiteral("path"), tr("API path or URL."));
}

// The -H values onto `request`; false with `problem` set at the first one that is refused.
bool addHeaders(const QStringList &headers, ConsoleRequest &request, QString *problem)
{
    for (const QString &header : headers) {
        const auto colon = header.indexOf(QLatin1Char(':'));
        if (colon <= 0) {
            *problem = tr("A header is 'Name: value', not \"%1\".").arg(header.left(80));
            return false;
        }
        const QString name = header.left(colon).trimmed();
        const QString value = header.mid(colon + 1).trimmed();
        // A line break would smuggle a second header (or a second request) onto the wire.
        *problem = headerProblem(name.toUtf8(), value.toUtf8());
        if (!problem->isEmpty())
            return false;
        request.headers.append({name, value});
    }
    return true;
}

// The -d body onto `request`, with a Content-Type unless a header gave one.
bool addBody(const QString &spec, ConsoleRequest &request, QString *problem)
{
    const auto body = readBody(spec, problem);
    if (!body)
        return false;
    request.bodyKind = BodyKind::Raw;
    request.body = QString::fromUtf8(*body);
    if (request.header(QStringLiteral("Content-Type")).isEmpty()) {
        QJsonParseError error;
        QJsonDocument::fromJson(*body, &error);
        // Like curl -d, unless the body is JSON: that is what these APIs take.
        request.headers.append({QStringLiteral("Content-Type"),
                                error.error == QJsonParseError::NoError
                                    ? QStringLiteral("application/json")
                                    : QStringLiteral("application/x-www-form-urlencoded")});
    }
    return true;
}

// The request the arguments describe; nullopt with `problem` set when one of them is refused.
std::optional<ConsoleRequest> requestFrom(const QCommandLineParser &parser, QString *problem)
{
    const QStringList positional = parser.positionalArguments();
    ConsoleRequest request;
    request.method = positional.at(1).toUpper();
    request.path = positional.at(2);
    request.customerId = parser.value(QStringLiteral("customer"));
    if (const QString idProblem = Customer::idProblem(request.customerId);
        parser.isSet(QStringLiteral("customer")) && !idProblem.isEmpty()) {
        *problem = idProblem;
        return std::nullopt;
    }
    if (!addHeaders(parser.values(QStringLiteral("header")), request, problem))
        return std::nullopt;
    if (parser.isSet(QStringLiteral("data")) &&
        !addBody(parser.value(QStringLiteral("data")), request, problem))
        return std::nullopt;
    return request;
}

// --max-body in bytes; nullopt when it is not a size from 1 to 4096 MB.
std::optional<qint64> maxBodyBytesFrom(const QCommandLineParser &parser)
{
    bool sizeOk = false;
    const qint64 maxBodyMb = parser.value(QStringLiteral("max-body")).toLongLong(&sizeOk);
    if (!sizeOk || maxBodyMb < 1 || maxBodyMb > 4096)
        return std::nullopt;
    return maxBodyMb * 1024 * 1024;
}

void printStatusAndHeaders(QTextStream &err, const ConsoleResponse &response)
{
    err << "HTTP " << response.statusLine() << '\n';
    for (const auto &[name, value] : response.headers)
        err << QString::fromLatin1(name) << ": " << QString::fromUtf8(value) << '\n';
    err << Qt::endl;
}

// Ends the command with the answer: its body on stdout, exit code 7 for HTTP >= 400.
void finishWithResponse(CliContext &ctx, const ConsoleResponse &response, qint64 maxBodyBytes)
{
    if (response.bodyTruncated) {
        // Half an answer is not an answer: a script must not take it for one.
        ctx.fail(ExitNetwork, tr("The answer (HTTP %1) was larger than %2 MB and was not "
                                 "printed.")
                                  .arg(response.status)
                                  .arg(maxBodyBytes / (1024 * 1024)));
        return;
    }
    // Raw bytes: the body may be binary or not UTF-8.
    QFile out;
    if (out.open(stdout, QIODevice::WriteOnly)) {
        out.write(response.body);
        out.flush();
    }
    ctx.finish(response.status >= 400 ? ExitHttpError : ExitOk);
}

// Sends the request and runs the event loop until it is answered; returns the exit code.
int sendAndPrint(CliContext &ctx, const QUuid &profileId, const ConsoleRequest &request,
                 qint64 maxBodyBytes, bool include, bool record)
{
    ApiClient client(&ctx.auth());
    ConsoleRunner runner(&client);
    runner.maxBodyBytes = maxBodyBytes;
    ConsoleHistory history(ctx.store().dir());
    // The request was sent either way, so its outcome and exit status stand; a history the
    // GUI holds locked (or cannot be written) only costs the entry, and the user is told.
    auto remember = [&](HistoryEntry entry) {
        const auto written = history.append(profileId, std::move(entry), runner.secretsToScrub());
        if (!written)
            ctx.err() << "tokenwright-cli: "
                      << tr("warning: the request was not added to the history: %1")
                             .arg(ctx.auth().knownSecrets().redact(written.error().toString()))
                      << Qt::endl;
    };
    QObject::connect(&runner, &ConsoleRunner::waiting, &runner, [&ctx](int seconds) {
        ctx.err() << tr("tokenwright-cli: rate limited; retrying in %1 s").arg(seconds) << Qt::endl;
    });
    QObject::connect(&runner, &ConsoleRunner::finished, &runner,
                     [&](const ConsoleRequest &sent, const ConsoleResponse &response) {
                         if (record)
                             remember(HistoryEntry::fromResponse(sent, response));
                         if (include)
                             printStatusAndHeaders(ctx.err(), response);
                         finishWithResponse(ctx, response, runner.maxBodyBytes);
                     });
    QObject::connect(&runner, &ConsoleRunner::failed, &runner,
                     [&](const ConsoleRequest &sent, const Error &error) {
                         if (record && error.code != Error::Code::Cancelled &&
                             error.code != Error::Code::InvalidInput)
                             remember(HistoryEntry::fromError(sent, error.toString()));
                         ctx.fail(error);
                     });
    QTimer::singleShot(0, &runner, [&] { runner.send(profileId, request); });
    return QCoreApplication::exec();
}
} // namespace

int runRequestCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    declareOptions(parser);
    CliContext ctx;
    int code = 0;
    if (!ctx.parseNetworkCommand(parser, subcommandArguments(arguments, 1), &code))
        return code;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 3)
        return ctx.fail(ExitUsage, QString::fromUtf8(kUsage));
    QString problem;
    const auto request = requestFrom(parser, &problem);
    if (!request)
        return ctx.fail(ExitUsage, problem);

    if (!ctx.loadProfiles())
        return ExitFailure;
    const auto profile = ctx.profileForNetwork(positional.first());
    if (!profile)
        return ExitNotFound;
    const auto maxBytes = maxBodyBytesFrom(parser);
    if (!maxBytes)
        return ctx.fail(ExitUsage, tr("--max-body takes a size in MB from 1 to 4096."));
    return sendAndPrint(ctx, profile->id, *request, *maxBytes,
                        parser.isSet(QStringLiteral("include")),
                        !parser.isSet(QStringLiteral("no-history")));
}

} // namespace tw::cli
