#pragma once

#include "provider.h"

namespace tw::sandbox {

// Druva Managed Services Center (docs/providers.md §1) under /druva-msp: MSP token, paged customer
// list, per-customer tokens, and a small customer-scoped demo API that checks who a token is for.
class DruvaMsp : public Provider
{
public:
    using Provider::Provider;

    QString endpointFor(const HttpRequest &request) const override;
    HttpReply handle(const QString &endpoint, const HttpRequest &request) override;
    QJsonObject describe() const override;

private:
    HttpReply token(const HttpRequest &request);
    HttpReply customers(const HttpRequest &request);
    HttpReply customerToken(const HttpRequest &request);
    HttpReply customerApi(const HttpRequest &request);
    // Validates the bearer token; on failure returns false and sets *error.
    bool authorize(const HttpRequest &request, IssuedToken *token, HttpReply *error) const;
};

} // namespace tw::sandbox
