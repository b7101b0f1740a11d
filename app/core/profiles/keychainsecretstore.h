#pragma once

#include "profiles/secretstore.h"

#include <QSet>
#include <QString>

namespace QKeychain {
class Job;
}

namespace tw {

class MemorySecretStore;

// Secrets in the OS keychain through QtKeychain: Secret Service (GNOME Keyring,
// KWallet …) on Linux, Keychain on macOS, Credential Manager on Windows.
//
// Without a reachable keychain the store switches to process memory for the rest of
// the session, says why (unavailableReason(), persistenceLost()) and never writes
// secrets anywhere else: QtKeychain's insecure fallback (plain text in QSettings) is
// never enabled.
class KeychainSecretStore : public SecretStore
{
    Q_OBJECT
public:
    // TOKENWRIGHT_KEYCHAIN_SERVICE if set (tests use a throwaway name), else "tokenwright".
    static QString defaultServiceName();

    explicit KeychainSecretStore(QObject *parent = nullptr);
    KeychainSecretStore(const QString &service, QObject *parent);
    ~KeychainSecretStore() override;

    QString serviceName() const { return m_service; }

    void read(const QString &key, QObject *context, ReadCallback done) override;
    void write(const QString &key, const QByteArray &value, QObject *context,
               WriteCallback done) override;
    void remove(const QString &key, QObject *context, WriteCallback done) override;

    bool persistent() const override { return m_persistent; }
    QString unavailableReason() const override { return m_unavailableReason; }

    // Finds out now, without touching a secret (so without an unlock prompt), whether a
    // keychain can be reached at all; when none can, switches to memory and emits
    // persistenceLost() — so the GUI says so before a secret is typed, not after Save.
    // Linux: an owner or an activatable service for the Secret Service or KWallet on the
    // session bus. `done` (optional) gets whether one was found.
    void probe(QObject *context = nullptr, std::function<void(bool reachable)> done = {});

    // At login the Secret Service may start after us, so the first failed read is tried
    // once more after this delay (Linux only). Default 2000 ms.
    void setStartupRetryDelay(int ms) { m_startupRetryDelayMs = ms; }

    // With the fallback on (the GUI), a missing keychain switches the store to process
    // memory for the session. Off (one-shot CLI commands, where memory ends with the
    // command), every operation then fails with a keychain error instead, so nothing is
    // changed that cannot be kept.
    void setSessionFallback(bool on) { m_sessionFallback = on; }

private:
    enum class Operation { Read, Write, Remove };
    enum class Outcome { Ok, NotFound, Failed, NoKeychain };
    struct Mapped
    {
        Outcome outcome = Outcome::Ok;
        Error error;            // meaningful for NotFound and Failed
        bool retryable = false; // worth the one startup retry
    };

    static Mapped mapJobError(const QKeychain::Job *job, Operation operation);
    QString platformKey(const QString &key) const;
    void startRead(const QString &key, QObject *context, ReadCallback done, bool mayRetry);
    void switchToMemory(const QString &technicalReason);
    Error noKeychainError() const;
    // QtKeychain reads from a locked collection as "not found" (libsecret does not say):
    // asks the Secret Service whether the default collection is locked.
    void checkLocked(std::function<void(bool locked)> then);

    QString m_service;
    MemorySecretStore *m_memory; // session-only values after the keychain proved absent
    QString m_unavailableReason;
    QSet<QString> m_sessionOnlyKeys; // Windows: values over the Credential Manager cap
    bool m_persistent = true;
    bool m_firstReadDone = false;
    bool m_sessionFallback = true;
    int m_startupRetryDelayMs = 2000;
};

} // namespace tw
