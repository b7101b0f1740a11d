#pragma once

#include "audit/auditentry.h"
#include "common/error.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace tw {

// The audit log's files: JSON lines in <dir>/audit.jsonl, appended under a QLockFile so the
// GUI and the CLI can write at once. When the file would grow past maxBytes() it becomes
// audit.jsonl.1 (replacing the one before) and a new file starts: the log never takes more
// than about twice maxBytes(). Reading skips lines it cannot understand.
class AuditLog
{
public:
    static constexpr qint64 DefaultMaxBytes = 1024 * 1024;

    // TOKENWRIGHT_DATA_DIR if set; else TOKENWRIGHT_CONFIG_DIR if set (the demo and the tests
    // keep everything in one throwaway folder); else QStandardPaths::AppDataLocation.
    static QString defaultDir();

    explicit AuditLog(const QString &dir);

    QString dir() const { return m_dir; }
    QString filePath() const;
    QString rotatedPath() const;

    qint64 maxBytes() const { return m_maxBytes; }
    void setMaxBytes(qint64 bytes) { m_maxBytes = bytes; }
    void setLockTimeout(int ms) { m_lockTimeoutMs = ms; }

    Status append(const AuditEntry &entry) { return append(QList<AuditEntry>{entry}); }
    // One write for the lot; a lock only to rotate.
    Status append(const QList<AuditEntry> &entries);

    struct Contents
    {
        QList<AuditEntry> entries; // oldest first
        int skippedLines = 0;      // damaged or not understood
    };
    // Both files, the rotated one first.
    Contents read() const;

    struct Filter
    {
        QString profile; // a name (case-insensitive) or an id; empty = all
        QDateTime since; // invalid = from the start
        bool matches(const AuditEntry &entry) const;
    };
    static QList<AuditEntry> filtered(const QList<AuditEntry> &entries, const Filter &filter);

private:
    Status ensureDir() const;
    Status rotate() const;

    QString m_dir;
    qint64 m_maxBytes = DefaultMaxBytes;
    int m_lockTimeoutMs = 5000;
};

} // namespace tw
