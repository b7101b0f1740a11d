#pragma once

#include "common/error.h"

#include <QJsonArray>
#include <QString>
#include <QUuid>
#include <functional>
#include <memory>

class QLockFile;

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

    // Runs `work` (read, change, write) while this profile's file is locked against the
    // other process; a crashed holder's lock is taken over after 10 s. A lock still held
    // after 5 s is an error and `work` does not run: writing without it could drop the other
    // process's entry, and a caller can say so instead of losing it silently.
    template <typename T>
    Result<T> withLock(const QUuid &profileId, const std::function<Result<T>()> &work) const
    {
        auto lock = acquire(profileId);
        if (!lock)
            return lock.error();
        return work();
    }
    Status withLock(const QUuid &profileId, const std::function<Status()> &work) const;

private:
    Result<std::shared_ptr<QLockFile>> acquire(const QUuid &profileId) const;

    QString m_dir;
};

} // namespace tw
