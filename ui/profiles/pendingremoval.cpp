#include "ui/profiles/pendingremoval.h"

#include "auth/authmanager.h"
#include "profiles/profileservice.h"

#include <memory>

namespace tw {

PendingRemoval::PendingRemoval(AuthManager *auth, QObject *parent) : QObject(parent), m_auth(auth)
{
}

void PendingRemoval::schedule(const Profile &profile)
{
    auto *timer = new QTimer(this);
    timer->setSingleShot(true);
    const QUuid id = profile.id;
    connect(timer, &QTimer::timeout, this, [this, id] { commit(id, {}); });
    timer->start(m_delayMs);
    m_entries.append({profile, timer});
    Q_EMIT pendingChanged();
}

bool PendingRemoval::undoLast()
{
    if (m_entries.isEmpty())
        return false;
    Entry entry = m_entries.takeLast();
    entry.timer->deleteLater();
    Q_EMIT pendingChanged();
    return true;
}

void PendingRemoval::commit(const QUuid &id, std::function<void()> done)
{
    for (int i = 0; i < m_entries.size(); ++i) {
        if (m_entries.at(i).profile.id != id)
            continue;
        const Entry entry = m_entries.takeAt(i);
        entry.timer->deleteLater();
        // Sessions first, so no refresh writes a cached token after the keychain is cleared.
        m_auth->forgetProfile(id, false);
        const QString name = entry.profile.name;
        m_removing.insert(id);
        m_auth->profileService()->removeProfile(id, this, [this, id, name, done](Status status) {
            m_removing.remove(id);
            if (status)
                Q_EMIT removalFailed(name, status->toString());
            Q_EMIT pendingChanged();
            if (done)
                done();
        });
        return;
    }
    if (done)
        done();
}

void PendingRemoval::commitAll(std::function<void()> done)
{
    if (m_entries.isEmpty()) {
        if (done)
            done();
        return;
    }
    const QUuid id = m_entries.first().profile.id;
    commit(id, [this, done] { commitAll(done); });
}

QSet<QUuid> PendingRemoval::pendingIds() const
{
    QSet<QUuid> ids = m_removing;
    for (const Entry &entry : m_entries)
        ids.insert(entry.profile.id);
    return ids;
}

QString PendingRemoval::lastName() const
{
    return m_entries.isEmpty() ? QString() : m_entries.last().profile.name;
}

QUuid PendingRemoval::lastId() const
{
    return m_entries.isEmpty() ? QUuid() : m_entries.last().profile.id;
}

int PendingRemoval::secondsLeft() const
{
    if (m_entries.isEmpty())
        return -1;
    return (m_entries.last().timer->remainingTime() + 999) / 1000;
}

} // namespace tw
