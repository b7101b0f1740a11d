#pragma once

#include "audit/auditentry.h"
#include "audit/auditlog.h"
#include "audit/auditsettings.h"
#include "common/error.h"

#include <QList>
#include <QObject>
#include <QUuid>
#include <memory>
#include <optional>

namespace tw {

class KnownSecrets;
class ProfileStore;

// Turns what the engine, the console and the GUI did into audit entries: fills in the time,
// the program and the profile's name, scrubs every free-text field of the process's known
// secrets and token-like runs, and writes them in batches (one lock per event-loop turn, so
// a bulk mint of 1,000 customers is not 1,000 lock files). Does nothing until open() is
// called, and nothing while the setting is off.
class AuditRecorder : public QObject
{
    Q_OBJECT
public:
    AuditRecorder(ProfileStore *store, const KnownSecrets *known, QObject *parent = nullptr);
    ~AuditRecorder() override;

    // Starts recording to `log`; `app` is "gui" or "cli". The setting lives in `configDir`.
    void open(std::unique_ptr<AuditLog> log, const QString &configDir, const QString &app);
    bool isOpen() const { return m_log != nullptr; }
    AuditLog *log() const { return m_log.get(); }
    // Whether entries are written now (open and not turned off in the settings).
    bool enabled() const;
    void setEnabled(bool on);

    // time, app, profile and profile_id are filled in; `customer`, `path` and `detail` are
    // scrubbed.
    void record(const QUuid &profileId, AuditEntry entry);
    // The GUI put a token on the clipboard; `what` says in which form (a token, a header …).
    void recordCopy(const QUuid &profileId, const QString &customerId, const QString &what);
    // The reason of a failure as a short, scrubbed `detail`.
    void record(const QUuid &profileId, AuditEntry entry, const Error &error);

    // Writes what is pending now (the CLI before it exits; the destructor does too).
    void flush();
    const std::optional<Error> &lastError() const { return m_lastError; }

Q_SIGNALS:
    // After entries reached the file, for views that show the log live.
    void recorded(const QList<tw::AuditEntry> &entries);

private:
    QString scrub(const QString &text) const;
    QString scrubPath(const QString &method, const QString &path) const;

    ProfileStore *m_store;
    const KnownSecrets *m_known;
    std::unique_ptr<AuditLog> m_log;
    std::unique_ptr<AuditSettings> m_settings;
    QString m_app;
    QList<AuditEntry> m_pending;
    bool m_flushQueued = false;
    std::optional<Error> m_lastError;
};

} // namespace tw
