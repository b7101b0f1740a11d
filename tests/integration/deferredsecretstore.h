#pragma once

// A secret store for tests whose writes do not land at once: each write waits until the
// test completes or fails it, the way a keychain behind a slow D-Bus or a confirmation
// prompt behaves. Reads see only what has landed. With it a test can observe the order of
// "persisted" and "used", which MemorySecretStore (it stores before its callback) cannot show.

#include "common/callbackguard.h"
#include "profiles/memorysecretstore.h"

#include <QList>

namespace tw::testing {

class DeferredSecretStore : public SecretStore
{
public:
    struct PendingWrite
    {
        QString key;
        QByteArray value;
        std::function<void(Status)> done;
    };

    void read(const QString &key, QObject *context, ReadCallback done) override
    {
        m_landed.read(key, context, std::move(done));
    }
    void write(const QString &key, const QByteArray &value, QObject *context,
               WriteCallback done) override
    {
        if (!m_deferring) {
            m_landed.write(key, value, context, std::move(done));
            return;
        }
        m_pending.append({key, value, guarded(context, std::move(done))});
    }
    void remove(const QString &key, QObject *context, WriteCallback done) override
    {
        m_landed.remove(key, context, std::move(done));
    }
    bool persistent() const override { return true; }

    // From now on writes wait for completeWrites() / failWrites().
    void deferWrites(bool on) { m_deferring = on; }
    const QList<PendingWrite> &pendingWrites() const { return m_pending; }
    bool hasPendingWrite(const QString &keySuffix) const
    {
        for (const PendingWrite &w : m_pending) {
            if (w.key.endsWith(keySuffix))
                return true;
        }
        return false;
    }
    // Lands every pending write, then reports success (from the event loop).
    void completeWrites()
    {
        const QList<PendingWrite> pending = std::exchange(m_pending, {});
        for (const PendingWrite &w : pending) {
            m_landed.writeNow(w.key, w.value);
            post<Status>(this, w.done, std::nullopt);
        }
    }
    // Drops every pending write and reports `error` for each.
    void failWrites(const Error &error)
    {
        const QList<PendingWrite> pending = std::exchange(m_pending, {});
        for (const PendingWrite &w : pending)
            post<Status>(this, w.done, error);
    }

    MemorySecretStore &landed() { return m_landed; }

private:
    MemorySecretStore m_landed;
    QList<PendingWrite> m_pending;
    bool m_deferring = false;
};

} // namespace tw::testing
