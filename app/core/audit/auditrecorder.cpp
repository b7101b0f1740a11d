#include "audit/auditrecorder.h"

#include "common/redact.h"
#include "console/requestredactor.h"
#include "profiles/profilestore.h"

#include <QTimer>

namespace tw {

namespace {
// A reason, not a transcript: server text beyond this is cut.
constexpr int kMaxDetailChars = 300;
} // namespace

AuditRecorder::AuditRecorder(ProfileStore *store, const KnownSecrets *known, QObject *parent)
    : QObject(parent), m_store(store), m_known(known)
{
}

AuditRecorder::~AuditRecorder()
{
    flush();
}

void AuditRecorder::open(std::unique_ptr<AuditLog> log, const QString &configDir,
                         const QString &app)
{
    flush();
    m_log = std::move(log);
    m_settings = std::make_unique<AuditSettings>(configDir);
    m_app = app;
}

bool AuditRecorder::enabled() const
{
    return m_log && m_settings->enabled();
}

void AuditRecorder::setEnabled(bool on)
{
    if (m_settings)
        m_settings->setEnabled(on);
}

QString AuditRecorder::scrub(const QString &text) const
{
    QString out = redactTokenLikeRuns(sanitizeServerText(text));
    if (m_known)
        out = m_known->redact(out);
    if (out.size() > kMaxDetailChars)
        out = out.left(kMaxDetailChars) + QChar(0x2026);
    return out;
}

QString AuditRecorder::scrubPath(const QString &method, const QString &path) const
{
    // The console's own redaction (history uses it): query parameters named like credentials,
    // and every value the engine knows, raw or encoded.
    ConsoleRequest request;
    request.method = method;
    request.path = path;
    const QStringList values = m_known ? m_known->values() : QStringList();
    const ConsoleRequest clean = RequestRedactor::redact(request.normalized(), values);
    return redactTokenLikeRuns(sanitizeServerText(clean.pathWithQuery()));
}

void AuditRecorder::recordCopy(const QUuid &profileId, const QString &customerId,
                               const QString &what)
{
    AuditEntry entry;
    entry.action = AuditEntry::Action::Copied;
    entry.customer = customerId;
    entry.detail = what;
    record(profileId, entry);
}

void AuditRecorder::record(const QUuid &profileId, AuditEntry entry, const Error &error)
{
    entry.ok = false;
    if (entry.httpStatus == 0)
        entry.httpStatus = error.httpStatus;
    QString reason = error.message;
    if (!error.oauthError.isEmpty())
        reason += QStringLiteral(" (%1)").arg(error.oauthError);
    entry.detail = reason;
    record(profileId, std::move(entry));
}

void AuditRecorder::record(const QUuid &profileId, AuditEntry entry)
{
    if (!m_log)
        return;
    entry.time = QDateTime::currentDateTimeUtc();
    entry.app = m_app;
    entry.profileId = profileId.toString(QUuid::WithoutBraces);
    if (m_store) {
        if (const auto profile = m_store->find(profileId))
            entry.profile = profile->name;
    }
    entry.customer = scrub(entry.customer);
    entry.detail = scrub(entry.detail);
    if (!entry.path.isEmpty())
        entry.path = scrubPath(entry.method, entry.path);
    m_pending.append(entry);
    if (!m_flushQueued) {
        m_flushQueued = true;
        QTimer::singleShot(0, this, &AuditRecorder::flush);
    }
}

void AuditRecorder::flush()
{
    m_flushQueued = false;
    if (m_pending.isEmpty() || !m_log)
        return;
    const QList<AuditEntry> entries = std::exchange(m_pending, {});
    if (!m_settings->enabled())
        return;
    m_lastError = m_log->append(entries);
    if (!m_lastError)
        Q_EMIT recorded(entries);
}

} // namespace tw
