#include "profiles/memorysecretstore.h"

#include "common/callbackguard.h"

#include <QCoreApplication>

namespace tw {

MemorySecretStore::MemorySecretStore(QObject *parent) : SecretStore(parent) {}

QString MemorySecretStore::unavailableReason() const
{
    return tr("Secrets are kept in memory for this session only.");
}

Result<QByteArray> MemorySecretStore::readNow(const QString &key) const
{
    const auto it = m_values.constFind(key);
    if (it == m_values.constEnd())
        return Error::make(Error::Code::NotFound, tr("Nothing stored for this entry."), key);
    return *it;
}

void MemorySecretStore::read(const QString &key, QObject *context, ReadCallback done)
{
    post(this, guarded(context, std::move(done)), readNow(key));
}

void MemorySecretStore::write(const QString &key, const QByteArray &value, QObject *context,
                              WriteCallback done)
{
    Status status;
    if (m_writeFault)
        status = m_writeFault(key);
    if (!status)
        m_values.insert(key, value);
    post(this, guarded(context, std::move(done)), status);
}

void MemorySecretStore::remove(const QString &key, QObject *context, WriteCallback done)
{
    // Removing what is not there succeeds: the caller wanted it gone, and it is.
    m_values.remove(key);
    post(this, guarded(context, std::move(done)), Status{});
}

} // namespace tw
