#include "auth/tokenfetcher.h"

#include "auth/authmanager.h"
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
