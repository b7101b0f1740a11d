#pragma once

#include "profiles/secretstore.h"

#include <QHash>
#include <QStringList>

namespace tw {

// Secrets in process memory. Used by unit tests of code that is not the keychain
// store, and by KeychainSecretStore as its session-only fallback.
class MemorySecretStore : public SecretStore
{
    Q_OBJECT
public:
    // Lets a test make chosen writes fail: return an error for a key to refuse it.
    using WriteFault = std::function<Status(const QString &key)>;

    explicit MemorySecretStore(QObject *parent = nullptr);

    void read(const QString &key, QObject *context, ReadCallback done) override;
    void write(const QString &key, const QByteArray &value, QObject *context,
               WriteCallback done) override;
    void remove(const QString &key, QObject *context, WriteCallback done) override;

    bool persistent() const override { return false; }
    QString unavailableReason() const override;

    void setWriteFault(WriteFault fault) { m_writeFault = std::move(fault); }

    // Synchronous inspection for tests.
    bool contains(const QString &key) const { return m_values.contains(key); }
    QStringList keys() const { return m_values.keys(); }
    qsizetype size() const { return m_values.size(); }

    // Synchronous access for KeychainSecretStore, which already runs from the event loop.
    Result<QByteArray> readNow(const QString &key) const;
    void writeNow(const QString &key, const QByteArray &value) { m_values.insert(key, value); }
    void removeNow(const QString &key) { m_values.remove(key); }

private:
    QHash<QString, QByteArray> m_values;
    WriteFault m_writeFault;
};

} // namespace tw
