#pragma once

#include "httpexchange.h"
#include "sandboxtypes.h"
#include "tokenregistry.h"

#include <QJsonObject>
#include <QMutex>
#include <QString>

namespace tw::sandbox {

// What every provider shares: the base URL, the live configuration and the token registry.
// Thread-safe, since providers answer on pool threads while tests change the configuration.
class ProviderContext
{
public:
    explicit ProviderContext(const SandboxConfig &config);

    QString baseUrl() const;
    void setBaseUrl(const QString &url);
    SandboxConfig config() const;
    void setTokenLifetime(int seconds);
    void setLatency(int ms);
    void setAutoApprove(bool on);
    // The configured override when there is one, else the vendor's own lifetime.
    int lifetime(int vendorDefaultSec) const;
    int customers() const;
    TokenRegistry &tokens() { return m_tokens; }

private:
    mutable QMutex m_mutex;
    SandboxConfig m_config;
    QString m_baseUrl;
    TokenRegistry m_tokens;
};

// One emulated vendor: maps its paths to endpoint ids and answers them.
class Provider
{
public:
    explicit Provider(ProviderContext *context) : m_context(context) {}
    virtual ~Provider() = default;

    // The endpoint id ("druva.token", …) for this request, or empty if the path is not ours.
    virtual QString endpointFor(const HttpRequest &request) const = 0;
    virtual HttpReply handle(const QString &endpoint, const HttpRequest &request) = 0;
    // Entries for Sandbox::describe(), keyed by provider name.
    virtual QJsonObject describe() const = 0;

protected:
    ProviderContext *m_context;
};

} // namespace tw::sandbox
