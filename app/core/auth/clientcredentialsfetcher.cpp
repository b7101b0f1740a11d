#include "auth/clientcredentialsfetcher.h"

#include "auth/authmanager.h"
#include "auth/clientassertion.h"
#include "auth/clientauthauto.h"
#include "auth/tokenrequest.h"
#include "auth/tokenresponse.h"
#include "profiles/profilestore.h"

#include <QCoreApplication>

namespace tw {

void ClientCredentialsFetcher::fetch(const Request &request, Callback done)
{
    auto found = profile();
    if (!found) {
        done(found.error());
        return;
    }
    const Profile stored = found.value();
    const QString refreshToken = request.current ? request.current->refreshToken : QString();
    withEndpoint(stored, [this, stored, refreshToken, done](Result<QUrl> endpoint,
                                                            const QStringList &methods) {
        if (!endpoint) {
            done(endpoint.error());
            return;
        }
        const Profile p = ClientAuthAuto::resolve(stored, methods);
        const bool keyed = p.clientAuth == ClientAuth::PrivateKeyJwt;
        readSecret(p, keyed ? SecretEntry::PrivateKey : SecretEntry::ClientSecret,
                   [this, p, keyed, endpoint, refreshToken, done](Result<QByteArray> secret) {
                       if (!secret) {
                           done(secret.error());
                           return;
                       }
                       if (secret.value().isEmpty() && p.clientAuth != ClientAuth::None) {
                           const Error e = Error::make(
                               Error::Code::NotFound,
                               keyed ? tr("No private key is stored for profile \"%1\". Edit the "
                                          "profile and give the key again.")
                                           .arg(p.name)
                                     : tr("No client secret is stored for profile \"%1\". Edit "
                                          "the profile and enter it again.")
                                           .arg(p.name));
                           done(e);
                           return;
                       }
                       requestToken(p, endpoint.value(), QString::fromUtf8(secret.value()),
                                    refreshToken, done);
                   });
    });
}

void ClientCredentialsFetcher::withEndpoint(const Profile &profile, EndpointCallback next)
{
    using ClientAuthAuto::Endpoint;
    if (!profile.usesDiscovery()) {
        next(profile.tokenUrl, ClientAuthAuto::advertised(std::nullopt, Endpoint::Token));
        return;
    }
    const auto flavour = profile.kind == ProviderKind::Oidc ? DiscoveryClient::Flavour::OpenIdFirst
                                                            : DiscoveryClient::Flavour::OAuthFirst;
    m_manager->discovery()->discover(
        profile.issuer, flavour, transport(profile), this, [next](Result<DiscoveryDocument> doc) {
            if (!doc)
                next(doc.error(), {});
            else
                next(doc.value().tokenEndpoint,
                     ClientAuthAuto::advertised(doc.value(), Endpoint::Token));
        });
}

void ClientCredentialsFetcher::requestToken(const Profile &profile, const QUrl &endpoint,
                                            const QString &secret, const QString &refreshToken,
                                            Callback done)
{
    // A discovered token endpoint may live on another origin than the issuer (Google's
    // does): the issuer's own document vouches for it.
    const QList<QUrl> discovered = profile.usesDiscovery() ? QList<QUrl>{endpoint} : QList<QUrl>{};
    const QDateTime sentAt = m_manager->clock()->utcNow();
    // Each request gets its own assertion: a server may refuse a jti it has seen.
    const Result<QString> credential =
        ClientAssertion::credentialFor(profile, endpoint, secret, sentAt);
    if (!credential) {
        done(credential.error());
        return;
    }
    if (!refreshToken.isEmpty()) {
        const HttpRequest request = TokenRequest::refreshGrant(
            profile, endpoint, credential.value(), profile.clientAuth, refreshToken);
        auto refused = sendCredential(
            profile, request,
            [this, profile, endpoint, secret, sentAt, done](const HttpReply &reply) {
                auto token = TokenResponse::parseOAuth(reply, sentAt);
                if (token || !reply.hasHttpAnswer()) {
                    done(token);
                    return;
                }
                // A refused refresh token: fall back to the grant itself.
                requestToken(profile, endpoint, secret, QString(), done);
            },
            discovered);
        if (refused)
            done(*refused);
        return;
    }
    const HttpRequest request =
        TokenRequest::clientCredentials(profile, endpoint, credential.value(), profile.clientAuth);
    auto refused = sendCredential(
        profile, request,
        [this, profile, endpoint, secret, sentAt, done](const HttpReply &reply) {
            auto token = TokenResponse::parseOAuth(reply, sentAt);
            if (!token && TokenResponse::isInvalidClient(token.error())) {
                if (const auto other = ClientAuthAuto::otherBasicEncoding(profile, secret)) {
                    retryOtherBasic(profile, *other, endpoint, secret, done);
                    return;
                }
            }
            done(token);
        },
        discovered);
    if (refused)
        done(*refused);
}

void ClientCredentialsFetcher::retryOtherBasic(Profile profile, ClientAuth other,
                                               const QUrl &endpoint, const QString &secret,
                                               Callback done)
{
    // Servers differ on RFC 6749 §2.3.1: some take only the form-encoded Basic, some only
    // the raw one (docs/providers.md). An auto profile tries the other once; a refusal of
    // that too is the answer.
    profile.clientAuth = other;
    profile.clientAuthAuto = false; // no third attempt
    requestToken(profile, endpoint, secret, QString(),
                 [this, id = profile.id, other, done](Result<Token> token) {
                     // Remembered so the next request is right the first time. A failed
                     // write costs only that retry again next time: the token still counts.
                     if (token)
                         m_manager->profileStore()->recordLearnedBasic(id, other);
                     done(token);
                 });
}

} // namespace tw
