#include "audit/auditentry.h"

#include <QCoreApplication>

namespace tw {

namespace {
struct ActionName
{
    AuditEntry::Action action;
    const char *name;
};
// The file's spelling; the CLI's --json shows the same words.
constexpr ActionName kActions[] = {
    {AuditEntry::Action::Fetched, "fetched"}, {AuditEntry::Action::Refreshed, "refreshed"},
    {AuditEntry::Action::Renewed, "renewed"}, {AuditEntry::Action::Copied, "copied"},
    {AuditEntry::Action::Minted, "minted"},   {AuditEntry::Action::Revoked, "revoked"},
    {AuditEntry::Action::Request, "request"},
};
} // namespace

QString AuditEntry::actionName(Action action)
{
    for (const ActionName &a : kActions) {
        if (a.action == action)
            return QString::fromLatin1(a.name);
    }
    return {};
}

std::optional<AuditEntry::Action> AuditEntry::actionFromName(const QString &name)
{
    for (const ActionName &a : kActions) {
        if (name == QLatin1String(a.name))
            return a.action;
    }
    return std::nullopt;
}

QString AuditEntry::resultText() const
{
    QString text;
    if (ok)
        text = httpStatus > 0 ? QStringLiteral("HTTP %1").arg(httpStatus) : QStringLiteral("ok");
    else if (httpStatus > 0)
        text = QStringLiteral("failed (HTTP %1)").arg(httpStatus);
    else
        text = QStringLiteral("failed");
    if (!detail.isEmpty())
        text += QStringLiteral(": ") + detail;
    return text;
}

QJsonObject AuditEntry::toJson() const
{
    QJsonObject json;
    json[QLatin1String("time")] = time.toUTC().toString(Qt::ISODateWithMs);
    json[QLatin1String("app")] = app;
    json[QLatin1String("profile")] = profile;
    json[QLatin1String("profile_id")] = profileId;
    if (!customer.isEmpty())
        json[QLatin1String("customer")] = customer;
    json[QLatin1String("action")] = actionName(action);
    if (!method.isEmpty())
        json[QLatin1String("method")] = method;
    if (!path.isEmpty())
        json[QLatin1String("path")] = path;
    json[QLatin1String("result")] = ok ? QStringLiteral("ok") : QStringLiteral("failed");
    if (httpStatus > 0)
        json[QLatin1String("http_status")] = httpStatus;
    if (!detail.isEmpty())
        json[QLatin1String("detail")] = detail;
    return json;
}

std::optional<AuditEntry> AuditEntry::fromJson(const QJsonObject &json)
{
    AuditEntry entry;
    entry.time =
        QDateTime::fromString(json.value(QLatin1String("time")).toString(), Qt::ISODateWithMs);
    const auto action = actionFromName(json.value(QLatin1String("action")).toString());
    const QString result = json.value(QLatin1String("result")).toString();
    if (!entry.time.isValid() || !action ||
        (result != QLatin1String("ok") && result != QLatin1String("failed")))
        return std::nullopt;
    entry.time = entry.time.toUTC();
    entry.action = *action;
    entry.ok = result == QLatin1String("ok");
    entry.app = json.value(QLatin1String("app")).toString();
    entry.profile = json.value(QLatin1String("profile")).toString();
    entry.profileId = json.value(QLatin1String("profile_id")).toString();
    entry.customer = json.value(QLatin1String("customer")).toString();
    entry.method = json.value(QLatin1String("method")).toString();
    entry.path = json.value(QLatin1String("path")).toString();
    entry.httpStatus = json.value(QLatin1String("http_status")).toInt();
    entry.detail = json.value(QLatin1String("detail")).toString();
    return entry;
}

} // namespace tw
