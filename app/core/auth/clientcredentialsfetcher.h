#pragma once

#include "auth/tokenfetcher.h"

namespace tw {

// client_credentials for Druva MSP, Druva Cloud, OIDC portals and generic OAuth 2.0:
// token endpoint from the profile or from discovery, client authentication as the
// profile says (or, for `auto`, as the server's metadata says: ClientAuthAuto), and a
// refresh_token grant first when the server handed one out.
class ClientCredentialsFetcher : public TokenFetcher
{
    Q_OBJECT
public:
    using TokenFetcher::TokenFetcher;
    void fetch(const Request &request, Callback done) override;

private:
    // The token endpoint, and the client authentication methods the server takes there.
    using EndpointCallback = std::function<void(Result<QUrl>, const QStringList &methods)>;
    void withEndpoint(const Profile &profile, EndpointCallback next);
    void requestToken(const Profile &profile, const QUrl &endpoint, const QString &secret,
                      const QString &refreshToken, Callback done);
    void retryOtherBasic(Profile profile, ClientAuth other, const QUrl &endpoint,
                         const QString &secret, Callback done);
};

} // namespace tw
