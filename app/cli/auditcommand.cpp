#include "auditcommand.h"

#include "audit/auditlog.h"
#include "audit/auditrecorder.h"
#include "clicontext.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

namespace tw::cli {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("cli", text);
}

// "2026-12-01" (local midnight), "2026-12-01T09:30", an ISO time with a zone, or "90m",
// "24h", "7d" back from now.
QDateTime parseSince(const QString &text, const QDateTime &now)
{
    static const QRegularExpression relative(QStringLiteral("^(\\d{1,6})([mhd])$"));
    const QString t = text.trimmed();
    if (const auto m = relative.match(t); m.hasMatch()) {
        const qint64 n = m.captured(1).toLongLong();
        const QChar unit = m.captured(2).at(0);
        const qint64 seconds = unit == QLatin1Char('m')   ? 60
                               : unit == QLatin1Char('h') ? 3600
                                                          : 86400;
        return now.addSecs(-n * seconds);
    }
    const QDate date = QDate::fromString(t, Qt::ISODate);
    if (date.isValid())
        return date.startOfDay().toUTC();
    const QDateTime time = QDateTime::fromString(t, Qt::ISODateWithMs);
    return time.isValid() ? time.toUTC() : QDateTime();
}

QString column(const QString &text, int width)
{
    return text.size() > width ? text.left(width - 1) + QChar(0x2026) : text.leftJustified(width);
}

void declareOptions(QCommandLineParser &parser)
{
    parser.setApplicationDescription(tr("The activity log: tokens fetched, refreshed, renewed, "
                                        "copied and minted, and requests sent. Never a token or "
                                        "a secret."));
    parser.addHelpOption();
    parser.addOptions({
        {QStringLiteral("since"),
         tr("Only entries from DATE on: 2026-12-01, 2026-12-01T09:30, or 90m, 24h, 7d ago."),
         QStringLiteral("DATE")},
        {QStringLiteral("json"), tr("A JSON array of entries, as stored.")},
        {QStringLiteral("off"), tr("Stop recording activity (GUI and CLI).")},
        {QStringLiteral("on"), tr("Record activity again.")},
    });
    parser.addPositionalArgument(QStringLiteral("name"), tr("Only this profile (name or id)."),
                                 QStringLiteral("[NAME]"));
}

// --off / --on: turns recording off or on, for the GUI too.
int switchRecording(CliContext &ctx, const QCommandLineParser &parser)
{
    if (parser.isSet(QStringLiteral("off")) == parser.isSet(QStringLiteral("on")))
        return ctx.fail(ExitUsage, tr("Give --off or --on, not both."));
    AuditRecorder *audit = ctx.auth().audit();
    audit->setEnabled(parser.isSet(QStringLiteral("on")));
    ctx.err() << (audit->enabled() ? tr("Activity is recorded in %1.").arg(audit->log()->filePath())
                                   : tr("Activity is no longer recorded."))
              << Qt::endl;
    return ExitOk;
}

// --since and NAME as a filter; false with `exitCode` set when either is refused.
bool readFilter(CliContext &ctx, const QCommandLineParser &parser, AuditLog::Filter *filter,
                int *exitCode)
{
    if (parser.isSet(QStringLiteral("since"))) {
        filter->since =
            parseSince(parser.value(QStringLiteral("since")), QDateTime::currentDateTimeUtc());
        if (!filter->since.isValid()) {
            *exitCode = ctx.fail(ExitUsage, tr("--since takes a date (2026-12-01), a time "
                                               "(2026-12-01T09:30) or an age (90m, 24h, 7d)."));
            return false;
        }
    }
    const QStringList positional = parser.positionalArguments();
    if (!positional.isEmpty()) {
        // A profile that still exists is matched by id, so entries from before a rename count.
        filter->profile = positional.first();
        if (!ctx.loadProfiles()) {
            *exitCode = ExitFailure;
            return false;
        }
        if (const auto profile = ctx.store().find(filter->profile))
            filter->profile = profile->id.toString(QUuid::WithoutBraces);
    }
    return true;
}

void printTable(QTextStream &out, const QList<AuditEntry> &entries)
{
    // Columns as wide as their longest value, within reason.
    int profileWidth = 7, customerWidth = 1;
    for (const AuditEntry &entry : entries) {
        profileWidth = std::clamp(int(entry.profile.size()), profileWidth, 32);
        customerWidth = std::clamp(int(entry.customer.size()), customerWidth, 40);
    }
    for (const AuditEntry &entry : entries) {
        QString what = AuditEntry::actionName(entry.action);
        if (entry.action == AuditEntry::Action::Request)
            what = entry.method + QLatin1Char(' ') + entry.path;
        out << entry.time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) << "  "
            << column(entry.app, 3) << "  " << column(entry.profile, profileWidth) << "  "
            << column(entry.customer.isEmpty() ? QStringLiteral("-") : entry.customer,
                      customerWidth)
            << "  " << what << "  " << entry.resultText() << '\n';
    }
}

// The entries the filter keeps on stdout, as JSON or a table; what may make the log
// incomplete (damaged lines, recording off) on stderr.
int printEntries(CliContext &ctx, const AuditLog::Filter &filter, bool json)
{
    AuditRecorder *audit = ctx.auth().audit();
    const AuditLog::Contents contents = audit->log()->read();
    const QList<AuditEntry> entries = AuditLog::filtered(contents.entries, filter);
    if (contents.skippedLines > 0)
        ctx.err() << QCoreApplication::translate(
                         "cli", "tokenwright-cli: skipped %n damaged line(s) of the activity log.",
                         nullptr, contents.skippedLines)
                  << Qt::endl;
    if (!audit->enabled())
        ctx.err() << tr("tokenwright-cli: recording is off (`tokenwright-cli audit --on`).")
                  << Qt::endl;
    if (json) {
        QJsonArray array;
        for (const AuditEntry &entry : entries)
            array.append(entry.toJson());
        ctx.out() << QJsonDocument(array).toJson(QJsonDocument::Indented);
    } else {
        printTable(ctx.out(), entries);
    }
    ctx.out().flush();
    return ExitOk;
}
} // namespace

int runAuditCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    declareOptions(parser);
    CliContext ctx;
    int code = 0;
    if (!parseOrExplain(parser, subcommandArguments(arguments, 1), ctx.err(), &code))
        return code;
    if (parser.isSet(QStringLiteral("off")) || parser.isSet(QStringLiteral("on")))
        return switchRecording(ctx, parser);
    if (parser.positionalArguments().size() > 1)
        return ctx.fail(ExitUsage,
                        tr("usage: tokenwright-cli audit [NAME] [--since DATE] [--json]"));
    AuditLog::Filter filter;
    if (!readFilter(ctx, parser, &filter, &code))
        return code;
    return printEntries(ctx, filter, parser.isSet(QStringLiteral("json")));
}

} // namespace tw::cli
