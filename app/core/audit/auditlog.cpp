#include "audit/auditlog.h"

#include "common/abandonedlock.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QLockFile>
#include <QStandardPaths>
#include <QUuid>
#include <cstdio>

namespace tw {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("AuditLog", text);
}

constexpr QFile::Permissions kOwnerOnly = QFile::ReadOwner | QFile::WriteOwner;

void readLines(const QString &path, AuditLog::Contents &out)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return;
    while (!file.atEnd()) {
        const QByteArray line = file.readLine().trimmed();
        if (line.isEmpty())
            continue;
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(line, &error);
        std::optional<AuditEntry> entry;
        if (error.error == QJsonParseError::NoError && doc.isObject())
            entry = AuditEntry::fromJson(doc.object());
        if (entry)
            out.entries.append(*entry);
        else
            ++out.skippedLines; // a torn write from a crash, or a hand edit: not worth failing
    }
}
} // namespace

QString AuditLog::defaultDir()
{
    const QString dataDir = qEnvironmentVariable("TOKENWRIGHT_DATA_DIR");
    if (!dataDir.isEmpty())
        return dataDir;
    const QString configDir = qEnvironmentVariable("TOKENWRIGHT_CONFIG_DIR");
    if (!configDir.isEmpty())
        return configDir;
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
}

AuditLog::AuditLog(const QString &dir) : m_dir(QDir::cleanPath(dir)) {}

QString AuditLog::filePath() const
{
    return m_dir + QStringLiteral("/audit.jsonl");
}

QString AuditLog::rotatedPath() const
{
    return filePath() + QStringLiteral(".1");
}

Status AuditLog::ensureDir() const
{
    if (QFileInfo::exists(m_dir))
        return std::nullopt;
    if (!QDir().mkpath(m_dir))
        return Error::make(Error::Code::Io,
                           tr("Cannot create the folder %1 for the activity log.").arg(m_dir));
    QFile::setPermissions(m_dir, kOwnerOnly | QFile::ExeOwner);
    return std::nullopt;
}

Status AuditLog::rotate() const
{
    // rename(2) replaces the old rotated file in one step; a crash leaves one or the other.
    if (std::rename(QFile::encodeName(filePath()).constData(),
                    QFile::encodeName(rotatedPath()).constData()) != 0)
        return Error::make(Error::Code::Io,
                           tr("Cannot rotate the activity log %1.").arg(filePath()));
    return std::nullopt;
}

Status AuditLog::append(const QList<AuditEntry> &entries)
{
    if (entries.isEmpty())
        return std::nullopt;
    if (auto e = ensureDir())
        return e;
    QByteArray bytes;
    for (const AuditEntry &entry : entries)
        bytes += QJsonDocument(entry.toJson()).toJson(QJsonDocument::Compact) + '\n';

    // Appends take no lock: the file is opened O_APPEND and each batch goes out in one
    // unbuffered write(2), so lines of two processes never mix and none is overwritten. A
    // QLockFile costs an fdatasync and an unlink per batch (390 of each in a 1,000-customer
    // bulk mint, about a quarter of its time beside curl; tests/bench/run). Only a rotation
    // takes the lock, and checks the size again under it.
    if (QFileInfo(filePath()).size() + bytes.size() > m_maxBytes) {
        QLockFile lock(filePath() + QStringLiteral(".lock"));
        lock.setStaleLockTime(10000);
        if (!tryLockRecovering(lock, m_lockTimeoutMs))
            return Error::make(Error::Code::Io,
                               tr("Another Tokenwright process holds the activity log; this "
                                  "entry was not recorded."),
                               lock.fileName());
        const qint64 size = QFileInfo(filePath()).size();
        if (size > 0 && size + bytes.size() > m_maxBytes) {
            if (auto e = rotate())
                return e;
        }
    }
    QFile file(filePath());
    // Created owner-only from the start (no moment with the umask's mode).
    if (!file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Unbuffered, kOwnerOnly))
        return Error::make(
            Error::Code::Io,
            tr("Cannot write the activity log %1: %2").arg(filePath(), file.errorString()));
    file.setPermissions(kOwnerOnly);
    if (file.write(bytes) != bytes.size())
        return Error::make(
            Error::Code::Io,
            tr("Cannot write the activity log %1: %2").arg(filePath(), file.errorString()));
    return std::nullopt;
}

AuditLog::Contents AuditLog::read() const
{
    Contents out;
    // Under the lock: a reader never sees the moment between rename and the new file.
    QLockFile lock(filePath() + QStringLiteral(".lock"));
    lock.setStaleLockTime(10000);
    const bool locked = QFileInfo::exists(m_dir) && tryLockRecovering(lock, m_lockTimeoutMs);
    readLines(rotatedPath(), out);
    readLines(filePath(), out);
    if (locked)
        lock.unlock();
    return out;
}

bool AuditLog::Filter::matches(const AuditEntry &entry) const
{
    if (since.isValid() && entry.time < since)
        return false;
    if (profile.isEmpty())
        return true;
    const QString wanted = profile.trimmed();
    if (entry.profile.compare(wanted, Qt::CaseInsensitive) == 0)
        return true;
    const QUuid id = QUuid::fromString(wanted);
    return !id.isNull() && id == QUuid::fromString(entry.profileId);
}

QList<AuditEntry> AuditLog::filtered(const QList<AuditEntry> &entries, const Filter &filter)
{
    QList<AuditEntry> out;
    for (const AuditEntry &entry : entries) {
        if (filter.matches(entry))
            out.append(entry);
    }
    return out;
}

} // namespace tw
