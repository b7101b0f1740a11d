#include "console/consolehistory.h"

#include "common/jsonnumber.h"
#include "common/redact.h"
#include "console/consoleresponse.h"
#include "console/requestredactor.h"
#include "profiles/profilestore.h"

#include <QJsonArray>
#include <QTimeZone>

namespace tw {

HistoryEntry HistoryEntry::fromResponse(const ConsoleRequest &request,
                                        const ConsoleResponse &response)
{
    HistoryEntry e;
    e.at = QDateTime::currentDateTimeUtc();
    e.request = request;
    e.status = response.status;
    e.totalMs = response.overallMs;
    e.sizeBytes = response.size();
    return e;
}

HistoryEntry HistoryEntry::fromError(const ConsoleRequest &request, const QString &error)
{
    HistoryEntry e;
    e.at = QDateTime::currentDateTimeUtc();
    e.request = request;
    e.error = error;
    return e;
}

QJsonObject HistoryEntry::toJson() const
{
    QJsonObject json{{QStringLiteral("at"), at.toUTC().toString(Qt::ISODateWithMs)},
                     {QStringLiteral("request"), request.toJson()},
                     {QStringLiteral("status"), status},
                     {QStringLiteral("total_ms"), double(totalMs)},
                     {QStringLiteral("size"), double(sizeBytes)}};
    if (!error.isEmpty())
        json.insert(QStringLiteral("error"), error);
    return json;
}

std::optional<HistoryEntry> HistoryEntry::fromJson(const QJsonObject &json)
{
    const auto request = ConsoleRequest::fromJson(json.value(QStringLiteral("request")).toObject());
    if (!request)
        return std::nullopt;
    HistoryEntry e;
    e.request = *request;
    e.at = QDateTime::fromString(json.value(QStringLiteral("at")).toString(), Qt::ISODateWithMs);
    e.at.setTimeZone(QTimeZone::utc());
    e.status = json.value(QStringLiteral("status")).toInt();
    e.error = json.value(QStringLiteral("error")).toString();
    e.totalMs = jsonInt64(json.value(QStringLiteral("total_ms"))).value_or(0);
    e.sizeBytes = jsonInt64(json.value(QStringLiteral("size"))).value_or(0);
    return e;
}

ConsoleHistory::ConsoleHistory(const QString &configDir)
    : m_file(configDir, ProfileStore::historyFolder())
{
}

Result<QList<HistoryEntry>> ConsoleHistory::load(const QUuid &profileId) const
{
    auto array = m_file.read(profileId);
    if (!array)
        return array.error();
    QList<HistoryEntry> entries;
    for (const QJsonValue &value : array.value()) {
        if (auto entry = HistoryEntry::fromJson(value.toObject()))
            entries.append(*entry);
    }
    return entries;
}

Result<QList<HistoryEntry>> ConsoleHistory::append(const QUuid &profileId, HistoryEntry entry,
                                                   const QStringList &scrub)
{
    entry.request = RequestRedactor::redact(entry.request, scrub);
    entry.request.name.clear();
    entry.error = RequestRedactor::knownFrom(scrub).redact(redactTokenLikeRuns(entry.error));
    // The CLI and the GUI may both append: the call itself is done by now, so a lock held
    // too long costs this entry (reported), never another process's.
    return m_file.withLock<QList<HistoryEntry>>(profileId, [&]() -> Result<QList<HistoryEntry>> {
        auto current = load(profileId);
        if (!current)
            return current.error(); // unreadable or newer: never overwrite it
        QList<HistoryEntry> entries = current.value();
        entries.prepend(entry);
        while (entries.size() > MaxEntries)
            entries.removeLast();
        QJsonArray array;
        for (const HistoryEntry &e : entries)
            array.append(e.toJson());
        if (auto error = m_file.write(profileId, array))
            return *error;
        return entries;
    });
}

Status ConsoleHistory::clear(const QUuid &profileId)
{
    return m_file.withLock(profileId, [&] { return m_file.remove(profileId); });
}

} // namespace tw
