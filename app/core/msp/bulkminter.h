#pragma once

#include "auth/token.h"
#include "common/error.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QStringList>
#include <QUuid>
#include <optional>

namespace tw {

class AuthManager;

// Mints access tokens for a selection of Druva MSP customers with a bounded number of mints
// in flight. Each goes through the customer's AuthSession (AuthManager::session(profile,
// id)), so a token still valid is reused, and the session's single-flight guarantees at most
// one request per customer however many callers want it.
class BulkMinter : public QObject
{
    Q_OBJECT
public:
    static constexpr int DefaultConcurrency = 4;
    static constexpr int MaxConcurrency = 16;

    struct Outcome
    {
        QString customerId;
        std::optional<Token> token; // set on success
        std::optional<Error> error; // set on failure or cancel
        qint64 remainingMs = -1;    // token lifetime left when it arrived; -1 unknown
        bool ok() const { return token.has_value(); }
    };

    BulkMinter(AuthManager *manager, const QUuid &profileId, QObject *parent = nullptr);
    QUuid profileId() const { return m_profileId; }

    // Clamped to 1–16; takes effect for the next mint started.
    void setConcurrency(int limit);
    int concurrency() const { return m_limit; }
    // Ask for new tokens even when a valid one is held (default: reuse valid ones).
    void setForce(bool force) { m_force = force; }

    // Duplicate ids are minted once. A run already going is cancelled first.
    void start(const QStringList &customerIds);
    // Stops starting mints; those not finished are reported as cancelled. Mints already
    // on the wire still land in their sessions (and count against the limit until then).
    void cancel();

    bool isRunning() const { return m_running; }
    int total() const { return m_order.size(); }
    int doneCount() const { return m_done; }
    int succeededCount() const { return m_succeeded; }
    int failedCount() const { return m_done - m_succeeded; }
    int inFlight() const { return m_inFlight; }
    // In the order given to start(); entries not done yet have neither token nor error.
    QList<Outcome> outcomes() const;
    std::optional<Outcome> outcome(const QString &customerId) const;

Q_SIGNALS:
    void customerStarted(const QString &customerId);
    void customerFinished(const tw::BulkMinter::Outcome &outcome);
    void progress(int done, int total);
    void finished(bool cancelled);

private:
    void pump();
    void mint(const QString &customerId);
    void record(const QString &customerId, Outcome outcome);
    void recordRun(bool cancelled);

    AuthManager *m_manager;
    QUuid m_profileId;
    int m_limit = DefaultConcurrency;
    bool m_force = false;
    bool m_running = false;
    quint64 m_generation = 0;
    QStringList m_order;
    int m_next = 0; // index in m_order of the next customer to start
    QHash<QString, Outcome> m_outcomes;
    int m_done = 0;
    int m_succeeded = 0;
    int m_inFlight = 0; // across runs: a cancelled run's mints still hold their slot
};

} // namespace tw

Q_DECLARE_METATYPE(tw::BulkMinter::Outcome)
