#include "common/abandonedlock.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>
#include <QRegularExpression>

namespace tw {

void removeAbandonedLock(const QString &lockPath, int graceMs)
{
    // QLockFile guards its takeover of a stale lock with "<lock>.rmlock" (and that one with
    // "<lock>.rmlock.rmlock" …; processes killed during takeovers leave such chains): an
    // empty one anywhere in the chain blocks the takeover the same way.
    QString path = lockPath;
    for (int depth = 0; depth < 16; ++depth, path += QStringLiteral(".rmlock")) {
        const QFileInfo info(path);
        if (!info.exists())
            break;
        if (info.size() != 0)
            continue;
        if (info.lastModified().msecsTo(QDateTime::currentDateTime()) > graceMs)
            QFile::remove(path);
    }
}

void removeAbandonedSaveFiles(const QString &path)
{
    const QFileInfo target(path);
    const QDir dir = target.dir();
    // QTemporaryFile's template: the name, a dot and six letters or digits.
    const QRegularExpression leftover(
        QStringLiteral("^%1\\.[A-Za-z0-9]{6}$").arg(QRegularExpression::escape(target.fileName())));
    for (const QString &name : dir.entryList({target.fileName() + QStringLiteral(".??????")},
                                             QDir::Files | QDir::Hidden)) {
        if (leftover.match(name).hasMatch())
            QFile::remove(dir.filePath(name));
    }
}

bool tryLockRecovering(QLockFile &lock, int timeoutMs)
{
    constexpr int kSliceMs = 250;
    const QDeadlineTimer deadline(std::max(timeoutMs, 0));
    for (;;) {
        removeAbandonedLock(lock.fileName());
        const int slice = int(std::min<qint64>(kSliceMs, deadline.remainingTime()));
        if (lock.tryLock(std::max(slice, 0)))
            return true;
        if (lock.error() != QLockFile::LockFailedError || deadline.hasExpired())
            return false;
    }
}

} // namespace tw
