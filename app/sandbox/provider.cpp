#include "provider.h"

namespace tw::sandbox {

ProviderContext::ProviderContext(const SandboxConfig &config) : m_config(config) {}

QString ProviderContext::baseUrl() const
{
    QMutexLocker lock(&m_mutex);
    return m_baseUrl;
}

void ProviderContext::setBaseUrl(const QString &url)
{
    QMutexLocker lock(&m_mutex);
    m_baseUrl = url;
}

SandboxConfig ProviderContext::config() const
{
    QMutexLocker lock(&m_mutex);
    return m_config;
}

void ProviderContext::setTokenLifetime(int seconds)
{
    QMutexLocker lock(&m_mutex);
    m_config.tokenLifetimeSec = seconds;
}

void ProviderContext::setLatency(int ms)
{
    QMutexLocker lock(&m_mutex);
    m_config.latencyMs = ms;
}

void ProviderContext::setAutoApprove(bool on)
{
    QMutexLocker lock(&m_mutex);
    m_config.autoApprove = on;
}

int ProviderContext::lifetime(int vendorDefaultSec) const
{
    QMutexLocker lock(&m_mutex);
    return m_config.tokenLifetimeSec > 0 ? m_config.tokenLifetimeSec : vendorDefaultSec;
}

int ProviderContext::customers() const
{
    QMutexLocker lock(&m_mutex);
    return m_config.customers;
}

} // namespace tw::sandbox
