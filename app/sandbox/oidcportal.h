#pragma once

#include "provider.h"

namespace tw::sandbox {

// An OIDC-based MSP portal in the backup.net style (docs/providers.md §3): discovery and token
// endpoint under the issuer /oidc (client_secret_post only), customers under /oidc-api with
// paging in the response headers.
class OidcPortal : public Provider
{
public:
    using Provider::Provider;

    QString endpointFor(const HttpRequest &request) const override;
    HttpReply handle(const QString &endpoint, const HttpRequest &request) override;
    QJsonObject describe() const override;

private:
    HttpReply discovery(const HttpRequest &request) const;
    HttpReply token(const HttpRequest &request);
    HttpReply customers(const HttpRequest &request) const;
};

} // namespace tw::sandbox
