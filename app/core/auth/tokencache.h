#pragma once

#include "common/error.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QTimer>
#include <QUuid>
#include <functional>
#include <optional>

namespace tw {

class AuthManager;

// Cached access tokens in the keychain, so the next process (a CLI run) reuses a valid one.
// The profile's own token has its own entry ("token:default"). All customer tokens of a
// profile share ONE entry ("token:customers", a JSON map): minting 1,000 customer tokens
// then costs a few debounced keychain writes, not 1,000 writes and 1,000 rewrites of the
// profile metadata that records each key.
class TokenCache : public QObject
{
    Q_OBJECT
public:
    using LoadCallback = std::function<void(std::optional<QJsonObject>)>;

    explicit TokenCache(AuthManager *manager);

    void load(const QUuid &profileId, const QString &customerId, QObject *context,
              LoadCallback done);
    void store(const QUuid &profileId, const QString &customerId, const QJsonObject &token);
    void remove(const QUuid &profileId, const QString &customerId);
    void forget(const QUuid &profileId); // drop what is held in memory (profile edited/removed)

    static QString defaultEntry();
    static QString customersEntry();

private:
    struct Customers
    {
        bool loaded = false;
        bool loading = false;
        bool writing = false;
        bool dirty = false;
        QHash<QString, QJsonObject> tokens;
        QList<std::function<void()>> waiting;
    };

    // Counts a keychain write in flight (the CLI waits for them) until the callback runs.
    std::function<void(Status)> counted();
    void withCustomers(const QUuid &profileId, std::function<void(Customers &)> then);
    void scheduleFlush(const QUuid &profileId);
    void flush(const QUuid &profileId);

    AuthManager *m_manager;
    QHash<QUuid, Customers> m_customers;
    QHash<QUuid, QTimer *> m_flushTimers;
};

} // namespace tw
