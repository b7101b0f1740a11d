#include "auth/tokenfetcher.h"

#include "auth/authmanager.h"
#include "auth/clientauthauto.h"
#include "auth/tokencache.h"
#include "profiles/profilestore.h"

#include <QCoreApplication>

namespace tw {

Result<Profile> TokenFetcher::profile() const
{
    auto found = m_manager->profileStore()->find(m_profileId);
    if (!found) {
        return Error::make(
            Error::Code::NotFound,
            QCoreApplication::translate("TokenFetcher", "The profile no longer exists."));
    }
    return *found;
}

TransportOptions TokenFetcher::transport(const Profile &profile) const
{
    return m_manager->transport(profile);
}

void TokenFetcher::prepareSignIn(const Request &request, const QString &noIssuer,
                                 std::function<void(Result<SignInBasis>)> next)
{
    auto found = profile();
    if (!found) {
        next(found.error());
        return;
    }
    const Profile p = found.value();
    if (!p.usesDiscovery()) {
        next(Error::make(Error::Code::InvalidInput, noIssuer.arg(p.name)));
        return;
    }
    if (request.current) {
        discoverAndReadSecret(p, request.current->refreshToken, std::move(next));
        return;
    }
    // `token --force` in a new process holds no token yet, but the keychain cache may keep a
    // refresh token: renewing with it spares the user a sign-in.
    m_manager->tokenCache()->load(
        m_profileId, QString(), this, [this, p, next](std::optional<QJsonObject> json) {
            const auto cached = json ? Token::fromCacheJson(*json) : std::optional<Token>();
            discoverAndReadSecret(p, cached ? cached->refreshToken : QString(), next);
        });
}

void TokenFetcher::discoverAndReadSecret(const Profile &stored, const QString &refreshToken,
                                         std::function<void(Result<SignInBasis>)> next)
{
    m_manager->discovery()->discover(
        stored.issuer, DiscoveryClient::Flavour::OAuthFirst, transport(stored), this,
        [this, stored, refreshToken, next](Result<DiscoveryDocument> doc) {
            if (!doc) {
                next(doc.error());
                return;
            }
            SignInBasis basis;
            // `auto` picks from what the token endpoint advertises (docs/providers.md §5); the
            // device endpoint authenticates a client the same way (RFC 8628 §3.1).
            basis.profile = ClientAuthAuto::resolve(
                stored, ClientAuthAuto::advertised(doc.value(), ClientAuthAuto::Endpoint::Token));
            basis.doc = doc.value();
            basis.refreshToken = refreshToken;
            const bool keyed = basis.profile.clientAuth == ClientAuth::PrivateKeyJwt;
            readSecret(basis.profile, keyed ? SecretEntry::PrivateKey : SecretEntry::ClientSecret,
                       [basis, next](Result<QByteArray> secret) mutable {
                           if (!secret) {
                               next(secret.error());
                               return;
                           }
                           basis.secret = QString::fromUtf8(secret.value());
                           next(basis);
                       });
        });
}

Error TokenFetcher::signInCancelled()
{
    return Error::make(Error::Code::Cancelled,
                       QCoreApplication::translate("TokenFetcher", "Sign-in cancelled."));
}

Error TokenFetcher::signInRequired(const QString &profileName)
{
    return Error::make(Error::Code::SignInRequired,
                       QCoreApplication::translate("TokenFetcher",
                                                   "Profile \"%1\" needs a sign-in: ask for a "
                                                   "new token (Refresh) to start it.")
                           .arg(profileName));
}

Result<Token> TokenFetcher::keepingRefreshToken(Result<Token> token, const QString &sent)
{
    if (token && token.value().refreshToken.isEmpty())
        token.value().refreshToken = sent;
    return token;
}

} // namespace tw
