#include "profiles/keychainsecretstore.h"

#include "common/callbackguard.h"
#include "profiles/memorysecretstore.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#if defined(Q_OS_LINUX)
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDBusVariant>
#endif
#include <QPointer>
#include <QTimer>
#include <qt6keychain/keychain.h>

#include <algorithm>

namespace tw {

namespace {
Q_LOGGING_CATEGORY(lcKeychain, "tokenwright.keychain")

// Windows Credential Manager caps one entry at 2,560 bytes (CRED_MAX_CREDENTIAL_BLOB_SIZE)
// and a Druva or Commvault JWT with its refresh token can exceed that. Nextcloud splits
// values into chunks; we keep larger values for the session only (a cached access token
// is cheap to fetch again), which is honest and keeps the stored format simple.
[[maybe_unused]] constexpr qsizetype kWindowsEntryLimit = 2560;

// QtKeychain reports a missing Secret Service as OtherError with D-Bus's words, which
// differ by backend (libsecret vs QtDBus) and by how the bus is missing.
bool meansNoKeychain(const QString &text)
{
    static const char *const markers[] = {
        "org.freedesktop.secrets",                // no service registered or activatable
        "No such interface",                      // a service without the Secret API
        "ServiceUnknown",                         // QtDBus (KWallet backend)
        "service unknown",                        //
        "was not provided by any .service files", // dbus-daemon, nothing to activate
        "Could not connect",                      // GDBus: no session bus at the address
        "Cannot autolaunch D-Bus",                // no session bus and no X11 to start one
        "Not connected to D-Bus",                 // QtDBus without a session bus
    };
    for (const char *marker : markers) {
        if (text.contains(QLatin1String(marker), Qt::CaseInsensitive))
            return true;
    }
    return false;
}

Error keychainError(const QString &message, const QString &detail)
{
    return Error::make(Error::Code::Keychain, message, detail);
}

QString lockedMessage()
{
    return KeychainSecretStore::tr("The keychain is locked: unlock it and try again.");
}
} // namespace

QString KeychainSecretStore::defaultServiceName()
{
    const QString fromEnv = qEnvironmentVariable("TOKENWRIGHT_KEYCHAIN_SERVICE");
    return fromEnv.isEmpty() ? QStringLiteral("tokenwright") : fromEnv;
}

KeychainSecretStore::KeychainSecretStore(QObject *parent)
    : KeychainSecretStore(defaultServiceName(), parent)
{
}

KeychainSecretStore::KeychainSecretStore(const QString &service, QObject *parent)
    : SecretStore(parent), m_service(service), m_memory(new MemorySecretStore(this))
{
}

KeychainSecretStore::~KeychainSecretStore() = default;

QString KeychainSecretStore::platformKey(const QString &key) const
{
#ifdef Q_OS_WIN
    // Credential Manager ignores the service name: namespace the target name ourselves.
    return m_service + QLatin1Char('/') + key;
#else
    return key;
#endif
}

KeychainSecretStore::Mapped KeychainSecretStore::mapJobError(const QKeychain::Job *job,
                                                             Operation operation)
{
    // errorString() comes from the backend and never holds the value, only the reason.
    const QString detail = job->errorString();
    switch (job->error()) {
    case QKeychain::NoError:
        return {Outcome::Ok, {}, false};
    case QKeychain::EntryNotFound:
        return {Outcome::NotFound,
                Error::make(Error::Code::NotFound,
                            tr("Nothing is stored in the keychain for this entry."), job->key()),
                false};
    case QKeychain::AccessDenied:
        return {Outcome::Failed, keychainError(lockedMessage(), detail), true};
    case QKeychain::AccessDeniedByUser:
        // Retrying on our own would only raise the prompt the user just dismissed.
        return {Outcome::Failed,
                keychainError(tr("Access to the keychain was refused; allow Tokenwright to use "
                                 "it and try again."),
                              detail),
                false};
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        return {Outcome::NoKeychain, {}, true};
    case QKeychain::OtherError:
    case QKeychain::CouldNotDeleteEntry:
        if (meansNoKeychain(detail))
            return {Outcome::NoKeychain, {}, true};
        // QtKeychain 0.13 with libsecret says AccessDenied for "Cannot create an item in a
        // locked collection"; other backends word a locked store as a plain error.
        if (detail.contains(QLatin1String("locked"), Qt::CaseInsensitive))
            return {Outcome::Failed, keychainError(lockedMessage(), detail), true};
        break;
    }
    QString message;
    switch (operation) {
    case Operation::Read:
        message = tr("The secret could not be read from the keychain.");
        break;
    case Operation::Write:
        message = tr("The secret could not be saved in the keychain.");
        break;
    case Operation::Remove:
        message = tr("The secret could not be deleted from the keychain.");
        break;
    }
    return {Outcome::Failed, keychainError(message, detail), true};
}

void KeychainSecretStore::switchToMemory(const QString &technicalReason)
{
    if (!m_persistent)
        return;
    m_persistent = false;
    m_unavailableReason = tr("No OS keychain available: start GNOME Keyring, KWallet or another "
                             "Secret Service; secrets will not be saved");
    qCWarning(lcKeychain).noquote()
        << "keychain unavailable, keeping secrets in memory:" << technicalReason;
    Q_EMIT persistenceLost(m_unavailableReason);
}

void KeychainSecretStore::read(const QString &key, QObject *context, ReadCallback done)
{
    ReadCallback callback = guarded(context, std::move(done));
    if (!m_persistent && !m_sessionFallback) {
        post(this, callback, Result<QByteArray>(noKeychainError()));
        return;
    }
    if (!m_persistent || m_sessionOnlyKeys.contains(key)) {
        m_memory->read(key, nullptr, std::move(callback));
        return;
    }
#if defined(Q_OS_LINUX)
    const bool mayRetry = !m_firstReadDone;
#else
    const bool mayRetry = false;
#endif
    m_firstReadDone = true;
    startRead(key, context, std::move(callback), mayRetry);
}

void KeychainSecretStore::startRead(const QString &key, QObject *context, ReadCallback done,
                                    bool mayRetry)
{
    auto *job = new QKeychain::ReadPasswordJob(m_service, this);
    job->setAutoDelete(true);
    job->setKey(platformKey(key));
    connect(job, &QKeychain::Job::finished, this,
            [this, key, guard = ContextGuard(context), done, mayRetry](QKeychain::Job *finished) {
                const Mapped mapped = mapJobError(finished, Operation::Read);
                if (mapped.outcome == Outcome::Ok) {
                    done(static_cast<QKeychain::ReadPasswordJob *>(finished)->binaryData());
                    return;
                }
                if (mapped.outcome == Outcome::NotFound) {
                    checkLocked([done, error = mapped.error](bool locked) {
                        done(locked ? keychainError(lockedMessage(), error.detail) : error);
                    });
                    return;
                }
                if (mayRetry && mapped.retryable) {
                    // At login the Secret Service may come up after us: ask once more.
                    qCInfo(lcKeychain).noquote()
                        << "first keychain read failed, retrying in" << m_startupRetryDelayMs
                        << "ms:" << finished->errorString();
                    QTimer::singleShot(m_startupRetryDelayMs, this, [this, key, guard, done] {
                        if (!guard.alive())
                            return;
                        if (!m_persistent && !m_sessionFallback)
                            done(noKeychainError());
                        else if (!m_persistent)
                            m_memory->read(key, nullptr, done);
                        else
                            startRead(key, guard.get(), done, false);
                    });
                    return;
                }
                if (mapped.outcome == Outcome::NoKeychain) {
                    switchToMemory(finished->errorString());
                    if (m_sessionFallback)
                        done(m_memory->readNow(key));
                    else
                        done(noKeychainError());
                    return;
                }
                done(mapped.error);
            });
    job->start();
}

void KeychainSecretStore::write(const QString &key, const QByteArray &value, QObject *context,
                                WriteCallback done)
{
    WriteCallback callback = guarded(context, std::move(done));
    if (!m_persistent && !m_sessionFallback) {
        post(this, callback, Status(noKeychainError()));
        return;
    }
    if (!m_persistent) {
        m_memory->write(key, value, nullptr, std::move(callback));
        return;
    }
#ifdef Q_OS_WIN
    if (value.size() > kWindowsEntryLimit) {
        m_sessionOnlyKeys.insert(key);
        m_memory->write(key, value, nullptr, std::move(callback));
        return;
    }
#endif
    auto *job = new QKeychain::WritePasswordJob(m_service, this);
    job->setAutoDelete(true);
    job->setKey(platformKey(key));
    // Binary, so any byte sequence round-trips (libsecret stores it base64-encoded).
    job->setBinaryData(value);
    connect(job, &QKeychain::Job::finished, this,
            [this, key, value, callback](QKeychain::Job *finished) {
                const Mapped mapped = mapJobError(finished, Operation::Write);
                switch (mapped.outcome) {
                case Outcome::Ok:
                    m_sessionOnlyKeys.remove(key);
                    m_memory->removeNow(key);
                    callback(std::nullopt);
                    return;
                case Outcome::NoKeychain:
                    switchToMemory(finished->errorString());
                    if (!m_sessionFallback) {
                        callback(noKeychainError());
                        return;
                    }
                    // The app keeps working for this session; persistenceLost() tells the
                    // user that nothing is saved.
                    m_memory->writeNow(key, value);
                    callback(std::nullopt);
                    return;
                case Outcome::NotFound:
                case Outcome::Failed:
                    callback(mapped.error);
                    return;
                }
            });
    job->start();
}

void KeychainSecretStore::remove(const QString &key, QObject *context, WriteCallback done)
{
    WriteCallback callback = guarded(context, std::move(done));
    m_sessionOnlyKeys.remove(key);
    if (!m_persistent) {
        // Only what this session kept in memory can be removed; an entry from an earlier
        // session is still in the keychain we cannot reach, and is not claimed gone.
        if (m_sessionFallback && m_memory->readNow(key))
            m_memory->remove(key, nullptr, std::move(callback));
        else
            post(this, callback, Status(noKeychainError()));
        return;
    }
    m_memory->removeNow(key);
    auto *job = new QKeychain::DeletePasswordJob(m_service, this);
    job->setAutoDelete(true);
    job->setKey(platformKey(key));
    connect(job, &QKeychain::Job::finished, this, [this, key, callback](QKeychain::Job *finished) {
        const Mapped mapped = mapJobError(finished, Operation::Remove);
        switch (mapped.outcome) {
        case Outcome::Ok:
        case Outcome::NotFound: // already gone is what the caller wanted
            callback(std::nullopt);
            return;
        case Outcome::NoKeychain:
            switchToMemory(finished->errorString());
            // The entry may well still be in the keychain we cannot reach: never claim it
            // is gone.
            callback(noKeychainError());
            return;
        case Outcome::Failed:
            callback(mapped.error);
            return;
        }
    });
    job->start();
}

Error KeychainSecretStore::noKeychainError() const
{
    return keychainError(m_unavailableReason.isEmpty() ? tr("No OS keychain available.")
                                                       : m_unavailableReason + QLatin1Char('.'),
                         {});
}

void KeychainSecretStore::probe(QObject *context, std::function<void(bool)> done)
{
    auto finish = [this, guard = ContextGuard(context), done = std::move(done)](bool reachable) {
        if (!reachable)
            switchToMemory(QStringLiteral("no Secret Service or KWallet on the session bus"));
        if (done && guard.alive())
            done(reachable);
    };
#if defined(Q_OS_LINUX)
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected()) {
        QTimer::singleShot(0, this, [finish] { finish(false); });
        return;
    }
    // Names that answer now, then names the bus would start on demand (gnome-keyring is
    // usually D-Bus activated): two asynchronous calls, never a blocking one.
    static const QStringList keychains = {QStringLiteral("org.freedesktop.secrets"),
                                          QStringLiteral("org.kde.kwalletd6"),
                                          QStringLiteral("org.kde.kwalletd5")};
    auto ask = [this, bus](const QString &method, std::function<void(QStringList)> then) mutable {
        const QDBusMessage call = QDBusMessage::createMethodCall(
            QStringLiteral("org.freedesktop.DBus"), QStringLiteral("/org/freedesktop/DBus"),
            QStringLiteral("org.freedesktop.DBus"), method);
        auto *watcher = new QDBusPendingCallWatcher(bus.asyncCall(call, 3000), this);
        connect(watcher, &QDBusPendingCallWatcher::finished, this,
                [then = std::move(then)](QDBusPendingCallWatcher *answer) {
                    const QDBusPendingReply<QStringList> reply = *answer;
                    answer->deleteLater();
                    then(reply.isError() ? QStringList() : reply.value());
                });
    };
    auto found = [](const QStringList &names) {
        return std::any_of(keychains.begin(), keychains.end(),
                           [&names](const QString &name) { return names.contains(name); });
    };
    ask(QStringLiteral("ListNames"), [ask, found, finish](const QStringList &running) mutable {
        if (found(running)) {
            finish(true);
            return;
        }
        ask(QStringLiteral("ListActivatableNames"),
            [found, finish](const QStringList &activatable) { finish(found(activatable)); });
    });
#else
    // macOS Keychain and Windows Credential Manager are always there.
    QTimer::singleShot(0, this, [finish] { finish(true); });
#endif
}

void KeychainSecretStore::checkLocked(std::function<void(bool)> then)
{
#if defined(Q_OS_LINUX)
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected()) {
        then(false);
        return;
    }
    QDBusMessage get = QDBusMessage::createMethodCall(
        QStringLiteral("org.freedesktop.secrets"),
        QStringLiteral("/org/freedesktop/secrets/aliases/default"),
        QStringLiteral("org.freedesktop.DBus.Properties"), QStringLiteral("Get"));
    get << QStringLiteral("org.freedesktop.Secret.Collection") << QStringLiteral("Locked");
    auto *watcher = new QDBusPendingCallWatcher(bus.asyncCall(get, 3000), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this,
            [then](QDBusPendingCallWatcher *call) {
                const QDBusPendingReply<QDBusVariant> reply = *call;
                call->deleteLater();
                then(!reply.isError() && reply.value().variant().toBool());
            });
#else
    then(false);
#endif
}

} // namespace tw
