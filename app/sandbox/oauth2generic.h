#pragma once

#include "provider.h"

#include <QHash>
#include <QMutex>

namespace tw::sandbox {

// A standards-minded OAuth 2.0 server (PROVIDERS.md §5): issuer /oauth2 with RFC 8414 and OIDC
// discovery, client_secret_basic exactly per RFC 6749 §2.3.1 (form-encoded, so the raw Druva style
// fails when the secret holds "+" or "%"), client_secret_post, and the refresh_token grant.
//
// Sandbox choice: client credentials answers carry a refresh_token (RFC 6749 §4.4.3 says they
// normally do not) so that the engine's refresh-token path and its rotation can be exercised.
// Refresh tokens rotate: each works once; a used one gets invalid_grant.
class OAuth2Generic : public Provider
{
public:
    using Provider::Provider;

    QString endpointFor(const HttpRequest &request) const override;
    HttpReply handle(const QString &endpoint, const HttpRequest &request) override;
    QJsonObject describe() const override;

private:
    struct Grant
    {
        QString clientId;
        QString scope;
        QString audience;
        QStringList resources;
        bool used = false;
    };

    HttpReply discovery(const HttpRequest &request) const;
    HttpReply token(const HttpRequest &request);
    HttpReply issue(const Grant &grant);
    HttpReply api(const HttpRequest &request) const;

    QMutex m_mutex;
    QHash<QString, Grant> m_refreshTokens;
};

} // namespace tw::sandbox
