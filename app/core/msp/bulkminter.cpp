#include "msp/bulkminter.h"

#include "audit/auditrecorder.h"
#include "auth/authmanager.h"
#include "auth/authsession.h"
#include "profiles/profilestore.h"

#include <QCoreApplication>
#include <QPointer>
#include <QSet>

namespace tw {

BulkMinter::BulkMinter(AuthManager *manager, const QUuid &profileId, QObject *parent)
    : QObject(parent), m_manager(manager), m_profileId(profileId)
{
    qRegisterMetaType<tw::BulkMinter::Outcome>();
}

void BulkMinter::setConcurrency(int limit)
{
    m_limit = std::clamp(limit, 1, MaxConcurrency);
}

void BulkMinter::start(const QStringList &customerIds)
{
    if (m_running)
        cancel();
    ++m_generation;
    m_order.clear();
    m_outcomes.clear();
    QSet<QString> seen;
    for (const QString &id : customerIds) {
        if (id.isEmpty() || seen.contains(id))
            continue;
        seen.insert(id);
        m_order.append(id);
        m_outcomes.insert(id, Outcome{id, {}, {}, -1});
    }
    m_next = 0;
    m_done = 0;
    m_succeeded = 0;
    m_running = true;
    Q_EMIT progress(0, m_order.size());
    // Deferred so that a caller connects to the signals after start() and sees them all.
    QMetaObject::invokeMethod(this, &BulkMinter::pump, Qt::QueuedConnection);
}

void BulkMinter::cancel()
{
    if (!m_running)
        return;
    m_running = false;
    ++m_generation;
    Error cancelled;
    cancelled.code = Error::Code::Cancelled;
    cancelled.message = tr("Cancelled.");
    for (const QString &id : std::as_const(m_order)) {
        Outcome &outcome = m_outcomes[id];
        if (!outcome.token && !outcome.error) {
            outcome.error = cancelled;
            ++m_done;
            Q_EMIT customerFinished(outcome);
        }
    }
    m_next = m_order.size();
    Q_EMIT progress(m_done, m_order.size());
    recordRun(true);
    Q_EMIT finished(true);
}

void BulkMinter::pump()
{
    if (!m_running)
        return;
    const quint64 generation = m_generation;
    while (m_running && generation == m_generation && m_inFlight < m_limit &&
           m_next < m_order.size())
        mint(m_order.at(m_next++));
    if (m_running && generation == m_generation && m_done == m_order.size()) {
        m_running = false;
        recordRun(false);
        Q_EMIT finished(false);
    }
}

void BulkMinter::recordRun(bool cancelled)
{
    // One entry for the run; each customer's own token request is recorded by its session.
    AuditEntry entry;
    entry.action = AuditEntry::Action::Minted;
    entry.ok = failedCount() == 0;
    entry.detail = tr("%1 of %2 customers").arg(m_succeeded).arg(m_order.size());
    if (cancelled)
        entry.detail += tr(", cancelled");
    m_manager->audit()->record(m_profileId, entry);
}

void BulkMinter::mint(const QString &customerId)
{
    const quint64 generation = m_generation;
    AuthSession *session = m_manager->session(m_profileId, customerId);
    if (!session) {
        const auto profile = m_manager->profileStore()->find(m_profileId);
        const Error e = Error::make(
            profile ? Error::Code::InvalidInput : Error::Code::NotFound,
            profile ? tr("Profile \"%1\" cannot mint customer tokens.").arg(profile->name)
                    : tr("The profile no longer exists."));
        record(customerId, Outcome{customerId, {}, e, -1});
        return;
    }
    ++m_inFlight;
    Q_EMIT customerStarted(customerId);
    QPointer<AuthSession> guard(session);
    auto done = [this, generation, customerId, guard](Result<Token> token) {
        --m_inFlight;
        if (generation == m_generation && m_running) {
            Outcome outcome{customerId, {}, {}, -1};
            if (token) {
                outcome.token = token.value();
                outcome.remainingMs = guard ? guard->remainingMs() : -1;
            } else {
                outcome.error = token.error();
            }
            record(customerId, std::move(outcome));
        }
        // Queued: a callback may run inside the session's own delivery loop.
        QMetaObject::invokeMethod(this, &BulkMinter::pump, Qt::QueuedConnection);
    };
    if (m_force)
        session->refresh(this, done);
    else
        session->requestToken(this, done);
}

void BulkMinter::record(const QString &customerId, Outcome outcome)
{
    Outcome &slot = m_outcomes[customerId];
    if (slot.token || slot.error)
        return;
    slot = std::move(outcome);
    ++m_done;
    if (slot.token)
        ++m_succeeded;
    Q_EMIT customerFinished(slot);
    Q_EMIT progress(m_done, m_order.size());
}

QList<BulkMinter::Outcome> BulkMinter::outcomes() const
{
    QList<Outcome> list;
    list.reserve(m_order.size());
    for (const QString &id : m_order)
        list.append(m_outcomes.value(id));
    return list;
}

std::optional<BulkMinter::Outcome> BulkMinter::outcome(const QString &customerId) const
{
    const auto it = m_outcomes.constFind(customerId);
    if (it == m_outcomes.constEnd())
        return std::nullopt;
    return *it;
}

} // namespace tw
