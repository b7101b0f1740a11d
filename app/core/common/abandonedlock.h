#pragma once

#include <QString>

class QLockFile;

namespace tw {

// QLockFile writes its owner (pid, program, host) into the lock file just after creating it,
// and calls a lock stale only when that owner is gone, or after its stale time (30 s by
// default) when the file names no owner. A process killed between creating the file and
// writing it (SIGKILL, power loss) so leaves an empty lock that blocks every other writer for
// the whole stale time: the CLI would refuse profile changes for 30 s. Such a file is
// removed here when it is empty and older than `graceMs` — no live owner stays between
// those two steps that long.
void removeAbandonedLock(const QString &lockPath, int graceMs = 2000);

// QLockFile::tryLock(timeoutMs) that also clears an abandoned lock while it waits (one
// abandoned just before the wait began ages past the grace period during it).
bool tryLockRecovering(QLockFile &lock, int timeoutMs);

// QSaveFile writes "<file>.XXXXXX" and renames it over <file>; a writer killed between those
// two steps leaves that temporary file behind (no scheme that replaces a file atomically
// avoids the moment). Removes such leftovers of `path`; call it only while holding the lock
// every writer of `path` holds, when no live writer can be in that moment.
void removeAbandonedSaveFiles(const QString &path);

} // namespace tw
