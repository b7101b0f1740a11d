#pragma once

#include "commvaultchains.h"
#include "provider.h"

namespace tw::sandbox {

// Commvault's web service (docs/providers.md §4) under /commvault/commandcenter/api (and the older
// /commvault/webconsole/api): login sessions, access tokens with rotating refresh tokens, and two
// sample APIs that accept either kind of credential.
class Commvault : public Provider
{
public:
    explicit Commvault(ProviderContext *context);

    QString endpointFor(const HttpRequest &request) const override;
    HttpReply handle(const QString &endpoint, const HttpRequest &request) override;
    QJsonObject describe() const override;

    CommvaultChain demoChain() const;

private:
    HttpReply login(const HttpRequest &request);
    HttpReply renewLogin(const HttpRequest &request);
    HttpReply createAccessToken(const HttpRequest &request);
    HttpReply renewAccessToken(const HttpRequest &request);
    HttpReply api(const HttpRequest &request);

    CommvaultChains m_chains;
    int m_demoChainId = 0;
};

} // namespace tw::sandbox
