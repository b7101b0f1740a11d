#include "auth/tokenfetcher.h"

#include "auth/authmanager.h"
#include "auth/transportpolicy.h"
#include "profiles/profileservice.h"
#include "profiles/profilestore.h"

#include <QCoreApplication>

namespace tw {

Result<Profile> TokenFetcher::profile() const
{
    auto found = m_manager->profileStore()->find(m_profileId);
    if (!found) {
        Error e;
        e.code = Error::Code::NotFound;
        e.message = QCoreApplication::translate("TokenFetcher", "The profile no longer exists.");
        return e;
    }
    return *found;
}

TlsOptions TokenFetcher::tls(const Profile &profile)
{
    return TlsOptions{profile.options.verifyTls, profile.options.caFile};
}

Status TokenFetcher::sendCredential(const Profile &profile, const HttpRequest &request,
                                    HttpClient::Callback onReply)
{
    if (auto refused = TransportPolicy::checkCredentialTarget(profile, request.url))
        return refused;
    m_manager->http()->send(request, tls(profile), this, std::move(onReply));
    return std::nullopt;
}

void TokenFetcher::readSecret(const Profile &profile, const QString &entry,
                              std::function<void(Result<QByteArray>)> done)
{
    m_manager->profileService()->readSecret(
        profile, entry, this, [done](Result<QByteArray> result) {
            if (!result && result.error().code == Error::Code::NotFound)
                done(QByteArray());
            else
                done(std::move(result));
        });
}

} // namespace tw
