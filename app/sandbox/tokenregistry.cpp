#include "tokenregistry.h"

#include <QDateTime>

namespace tw::sandbox {

// A long-running demo mints tokens forever; forget long-expired ones so memory stays flat.
static constexpr qsizetype PruneThreshold = 20000;
static constexpr qint64 KeepExpiredMs = 24 * 3600 * 1000;

void TokenRegistry::add(const QString &token, IssuedToken info)
{
    QMutexLocker lock(&m_mutex);
    info.generation = m_generation;
    if (m_tokens.size() > PruneThreshold)
        pruneLocked(QDateTime::currentMSecsSinceEpoch());
    m_tokens.insert(token, std::move(info));
}

TokenState TokenRegistry::check(const QString &token, const QString &realm, IssuedToken *info) const
{
    QMutexLocker lock(&m_mutex);
    const auto it = m_tokens.constFind(token);
    if (token.isEmpty() || it == m_tokens.cend() || it->realm != realm)
        return TokenState::Unknown;
    if (info)
        *info = *it;
    if (it->generation == 0 || it->generation < m_generation)
        return TokenState::Revoked;
    if (QDateTime::currentMSecsSinceEpoch() >= it->expiresAtMs)
        return TokenState::Expired;
    return TokenState::Valid;
}

void TokenRegistry::revoke(const QString &token)
{
    QMutexLocker lock(&m_mutex);
    auto it = m_tokens.find(token);
    if (it != m_tokens.end())
        it->generation = 0;
}

void TokenRegistry::revokeAll()
{
    QMutexLocker lock(&m_mutex);
    ++m_generation;
}

quint64 TokenRegistry::generation() const
{
    QMutexLocker lock(&m_mutex);
    return m_generation;
}

void TokenRegistry::pruneLocked(qint64 nowMs)
{
    for (auto it = m_tokens.begin(); it != m_tokens.end();) {
        if (it->expiresAtMs + KeepExpiredMs < nowMs)
            it = m_tokens.erase(it);
        else
            ++it;
    }
}

} // namespace tw::sandbox
