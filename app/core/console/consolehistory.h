#pragma once

#include "common/error.h"
#include "console/consolefiles.h"
#include "console/consolerequest.h"

#include <QDateTime>
#include <QList>
#include <QUuid>

namespace tw {

struct ConsoleResponse;

// One request sent from the console, as written to the history: the request (redacted)
// and what came back, never the response body (it may hold anything).
struct HistoryEntry
{
    QDateTime at; // UTC
    ConsoleRequest request;
    int status = 0; // 0: no HTTP answer
    QString error;  // when status is 0
    qint64 totalMs = 0;
    qint64 sizeBytes = 0;

    static HistoryEntry fromResponse(const ConsoleRequest &request,
                                     const ConsoleResponse &response);
    static HistoryEntry fromError(const ConsoleRequest &request, const QString &error);

    QJsonObject toJson() const;
    static std::optional<HistoryEntry> fromJson(const QJsonObject &json);
};

// The last requests per profile, newest first, in <config dir>/history/<profile-id>.json.
// Every entry is redacted on its way in (RequestRedactor), whoever calls append().
class ConsoleHistory
{
public:
    static constexpr int MaxEntries = 200;

    explicit ConsoleHistory(const QString &configDir);

    QString filePath(const QUuid &profileId) const { return m_file.path(profileId); }
    Result<QList<HistoryEntry>> load(const QUuid &profileId) const;
    // Prepends, keeps MaxEntries; `scrub` = live credential values to remove wherever they
    // appear. Returns the list as written.
    Result<QList<HistoryEntry>> append(const QUuid &profileId, HistoryEntry entry,
                                       const QStringList &scrub = {});
    Status clear(const QUuid &profileId);

private:
    ConsoleFile m_file;
};

} // namespace tw
