#pragma once

#include "common/error.h"

#include <QByteArray>
#include <QObject>
#include <QString>
#include <functional>

namespace tw {

// Asynchronous secret storage keyed by "<profile id>/<entry>".
// Callbacks run on the caller's thread, from the event loop, never synchronously
// inside the call. `context` guards the callback: if it is destroyed first, the
// callback is dropped.
class SecretStore : public QObject
{
    Q_OBJECT
public:
    using ReadCallback = std::function<void(Result<QByteArray>)>; // NotFound error = nothing stored
    using WriteCallback = std::function<void(Status)>;

    explicit SecretStore(QObject *parent = nullptr) : QObject(parent) {}

    virtual void read(const QString &key, QObject *context, ReadCallback done) = 0;
    virtual void write(const QString &key, const QByteArray &value, QObject *context,
                       WriteCallback done) = 0;
    virtual void remove(const QString &key, QObject *context, WriteCallback done) = 0;

    // False once the store found that no OS keychain is reachable; secrets then live in
    // memory for this process only. `unavailableReason()` says why, in words.
    virtual bool persistent() const = 0;
    virtual QString unavailableReason() const { return {}; }

Q_SIGNALS:
    // Emitted once when the store falls back to process memory.
    void persistenceLost(const QString &reason);
};

} // namespace tw
