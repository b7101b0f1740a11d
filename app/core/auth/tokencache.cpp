#include "auth/tokencache.h"

#include "auth/authmanager.h"
#include "common/callbackguard.h"
#include "profiles/profileservice.h"
#include "profiles/profilestore.h"

#include <QJsonDocument>
#include <QPointer>

namespace tw {

namespace {
// Long enough to gather a burst of bulk mints into one write, short enough for a CLI run.
constexpr int kFlushDelayMs = 150;
} // namespace

TokenCache::TokenCache(AuthManager *manager) : QObject(manager), m_manager(manager) {}

QString TokenCache::defaultEntry()
{
    return SecretEntry::cachedToken(QStringLiteral("default"));
}
QString TokenCache::customersEntry()
{
    return SecretEntry::cachedToken(QStringLiteral("customers"));
}

void TokenCache::load(const QUuid &profileId, const QString &customerId, QObject *context,
                      LoadCallback done)
{
    const LoadCallback deliver = guarded(context, std::move(done));
    const auto profile = m_manager->profileStore()->find(profileId);
    if (!profile) {
        post(this, deliver, std::optional<QJsonObject>());
        return;
    }
    if (customerId.isEmpty()) {
        m_manager->profileService()->readSecret(
            *profile, defaultEntry(), this, [deliver](Result<QByteArray> bytes) {
                if (!bytes || bytes.value().isEmpty())
                    deliver(std::nullopt);
                else
                    deliver(QJsonDocument::fromJson(bytes.value()).object());
            });
        return;
    }
    withCustomers(profileId, [customerId, deliver](Customers &customers) {
        const auto it = customers.tokens.constFind(customerId);
        deliver(it == customers.tokens.cend() ? std::nullopt : std::optional<QJsonObject>(*it));
    });
}

std::function<void(Status)> TokenCache::counted()
{
    m_manager->cacheWriteStarted();
    QPointer<AuthManager> manager(m_manager);
    return [manager](Status) {
        if (manager)
            manager->cacheWriteEnded();
    };
}

void TokenCache::store(const QUuid &profileId, const QString &customerId, const QJsonObject &token)
{
    const auto profile = m_manager->profileStore()->find(profileId);
    if (!profile)
        return;
    if (customerId.isEmpty()) {
        m_manager->profileService()->writeSecret(
            *profile, defaultEntry(), QJsonDocument(token).toJson(QJsonDocument::Compact), nullptr,
            counted());
        return;
    }
    // Counted until the flush is scheduled, which counts itself until it is written.
    withCustomers(profileId,
                  [this, profileId, customerId, token, done = counted()](Customers &customers) {
                      customers.tokens.insert(customerId, token);
                      scheduleFlush(profileId);
                      done(std::nullopt);
                  });
}

void TokenCache::remove(const QUuid &profileId, const QString &customerId)
{
    const auto profile = m_manager->profileStore()->find(profileId);
    if (!profile)
        return;
    if (customerId.isEmpty()) {
        m_manager->profileService()->removeSecret(*profile, defaultEntry(), nullptr, counted());
        return;
    }
    withCustomers(profileId, [this, profileId, customerId, done = counted()](Customers &customers) {
        if (customers.tokens.remove(customerId) > 0)
            scheduleFlush(profileId);
        done(std::nullopt);
    });
}

void TokenCache::forget(const QUuid &profileId)
{
    if (!m_customers.value(profileId).writing && !m_customers.value(profileId).loading)
        m_customers.remove(profileId);
}

void TokenCache::withCustomers(const QUuid &profileId, std::function<void(Customers &)> then)
{
    Customers &customers = m_customers[profileId];
    if (customers.loaded) {
        QMetaObject::invokeMethod(
            this, [this, profileId, then] { then(m_customers[profileId]); }, Qt::QueuedConnection);
        return;
    }
    customers.waiting.append([this, profileId, then] { then(m_customers[profileId]); });
    if (customers.loading)
        return;
    customers.loading = true;
    const auto profile = m_manager->profileStore()->find(profileId);
    auto finishLoad = [this, profileId](const QJsonObject &map) {
        Customers &c = m_customers[profileId];
        c.loading = false;
        c.loaded = true;
        for (auto it = map.begin(); it != map.end(); ++it) {
            if (!c.tokens.contains(it.key()))
                c.tokens.insert(it.key(), it.value().toObject());
        }
        const auto waiting = std::exchange(c.waiting, {});
        for (const auto &run : waiting)
            run();
    };
    if (!profile) {
        QMetaObject::invokeMethod(
            this, [finishLoad] { finishLoad({}); }, Qt::QueuedConnection);
        return;
    }
    m_manager->profileService()->readSecret(
        *profile, customersEntry(), this, [finishLoad](Result<QByteArray> bytes) {
            finishLoad(bytes && !bytes.value().isEmpty()
                           ? QJsonDocument::fromJson(bytes.value()).object()
                           : QJsonObject());
        });
}

void TokenCache::scheduleFlush(const QUuid &profileId)
{
    QTimer *&timer = m_flushTimers[profileId];
    if (!timer) {
        timer = new QTimer(this);
        timer->setSingleShot(true);
        timer->setInterval(kFlushDelayMs);
        connect(timer, &QTimer::timeout, this, [this, profileId] { flush(profileId); });
    }
    if (!timer->isActive()) {
        m_manager->cacheWriteStarted(); // the CLI waits for the flush before it exits
        timer->start();
    }
}

void TokenCache::flush(const QUuid &profileId)
{
    Customers &customers = m_customers[profileId];
    const auto profile = m_manager->profileStore()->find(profileId);
    if (!profile || !customers.loaded) {
        // Gone, or forgotten since: writing an empty map would wipe what others stored.
        m_manager->cacheWriteEnded();
        return;
    }
    if (customers.writing) {
        customers.dirty = true; // one write in flight at a time; this one follows it
        m_manager->cacheWriteEnded();
        return;
    }
    // Expired tokens are dropped so the entry does not grow forever.
    const QDateTime now = m_manager->clock()->utcNow();
    QJsonObject map;
    for (auto it = customers.tokens.begin(); it != customers.tokens.end();) {
        const QDateTime expires = QDateTime::fromString(
            it.value().value(QLatin1String("expires_at")).toString(), Qt::ISODateWithMs);
        if (!expires.isValid() || expires <= now) {
            it = customers.tokens.erase(it);
            continue;
        }
        map.insert(it.key(), it.value());
        ++it;
    }
    customers.writing = true;
    customers.dirty = false;
    QPointer<TokenCache> self(this);
    auto written = [self, profileId](Status) {
        if (!self)
            return;
        Customers &c = self->m_customers[profileId];
        c.writing = false;
        if (c.dirty) {
            c.dirty = false;
            self->scheduleFlush(profileId);
        }
        self->m_manager->cacheWriteEnded();
    };
    if (map.isEmpty())
        m_manager->profileService()->removeSecret(*profile, customersEntry(), nullptr, written);
    else
        m_manager->profileService()->writeSecret(*profile, customersEntry(),
                                                 QJsonDocument(map).toJson(QJsonDocument::Compact),
                                                 nullptr, written);
}

} // namespace tw
