#pragma once

#include "common/error.h"

#include <QJsonArray>
#include <QString>
#include <QUuid>

namespace tw {

// The console's per-profile JSON files, <config dir>/<folder>/<profile-id>.json holding
// {"format_version": 1, "entries": [...]}. Written with QSaveFile (a crash leaves the old
// or the new file, never half of one), owner-only permissions.
class ConsoleFile
{
public:
    static constexpr int FormatVersion = 1;

    ConsoleFile(const QString &configDir, const QString &folder);

    QString path(const QUuid &profileId) const;
    // A missing file is an empty list; an unreadable one an error (and left untouched).
    Result<QJsonArray> read(const QUuid &profileId) const;
    Status write(const QUuid &profileId, const QJsonArray &entries) const;
    Status remove(const QUuid &profileId) const;
    // Serialises read-modify-write between the GUI and the CLI.
    QString lockPath(const QUuid &profileId) const;

private:
    QString m_dir;
};

} // namespace tw
