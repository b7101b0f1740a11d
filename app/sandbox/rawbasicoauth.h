#pragma once

#include "provider.h"

namespace tw::sandbox {

// An OAuth 2.0 server that advertises client_secret_basic in its discovery but compares the
// raw "id:secret" of the Basic header, without the form-decoding RFC 6749 §2.3.1 asks for —
// a deviation servers in the field make (docs/providers.md "Client authentication auto").
// Issuer /rawbasic; the generic demo client (demo::OAuth2ClientId), whose secret holds
// "+ / = : %", so a form-encoded Basic is refused with invalid_client. It exists to test
// `--client-auth auto`, which then retries with the raw encoding and remembers it.
class RawBasicOAuth : public Provider
{
public:
    using Provider::Provider;

    QString endpointFor(const HttpRequest &request) const override;
    HttpReply handle(const QString &endpoint, const HttpRequest &request) override;
    QJsonObject describe() const override;

private:
    HttpReply token(const HttpRequest &request);
};

} // namespace tw::sandbox
