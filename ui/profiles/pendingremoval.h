#pragma once

#include "profiles/profile.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>
#include <QUuid>
#include <functional>

namespace tw {

class AuthManager;

// Removal with undo: a profile the user removes is only hidden for a few seconds; the real
// removal (metadata, every keychain entry, live sessions) happens when the delay ends, or at
// once when the app quits. Undo within the delay brings it back untouched.
class PendingRemoval : public QObject
{
    Q_OBJECT
public:
    static constexpr int DefaultDelayMs = 6000;

    explicit PendingRemoval(AuthManager *auth, QObject *parent = nullptr);

    void setDelayMs(int ms) { m_delayMs = ms; }
    void schedule(const Profile &profile);
    // Brings back the most recently removed profile; false when nothing is pending.
    bool undoLast();
    // Removes everything pending now; `done` runs when the last removal finished.
    void commitAll(std::function<void()> done);

    QSet<QUuid> pendingIds() const;
    QString lastName() const;
    QUuid lastId() const;    // of the most recent one; null when none
    int secondsLeft() const; // for the most recent one; -1 when none

Q_SIGNALS:
    void pendingChanged();
    void removalFailed(const QString &name, const QString &message);

private:
    struct Entry
    {
        Profile profile;
        QTimer *timer;
    };
    void commit(const QUuid &id, std::function<void()> done);

    AuthManager *m_auth;
    QList<Entry> m_entries; // oldest first
    QSet<QUuid> m_removing; // being removed: still hidden until the store says it is gone
    int m_delayMs = DefaultDelayMs;
};

} // namespace tw
