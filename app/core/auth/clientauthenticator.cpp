#include "auth/clientauthenticator.h"

#include "auth/authmanager.h"
#include "auth/transportpolicy.h"
#include "profiles/profileservice.h"

#include <QCoreApplication>

namespace tw {

namespace {
// As for API calls (DESIGN.md "Token engine"): 429/503 honour Retry-After a few times.
constexpr int kTokenRateLimitRetries = 3;
} // namespace

void ClientAuthenticator::readSecret(const Profile &profile, const QString &entry,
                                     std::function<void(Result<QByteArray>)> done) const
{
    m_manager->profileService()->readSecret(
        profile, entry, m_owner,
        [manager = m_manager, slot = profile.secretKey(entry), entry,
         done](Result<QByteArray> result) {
            if (!result && result.error().code == Error::Code::NotFound) {
                done(QByteArray());
                return;
            }
            if (result && entry != SecretEntry::CommvaultPair)
                manager->knownSecrets().remember(slot, QString::fromUtf8(result.value()));
            done(std::move(result));
        });
}

Status ClientAuthenticator::sendCredential(const Profile &profile, HttpRequest request,
                                           HttpClient::Callback onReply,
                                           const QList<QUrl> &alsoTrusted) const
{
    if (auto refused = TransportPolicy::checkCredentialTarget(profile, request.url, alsoTrusted))
        return refused;
    request.carriesCredential = true;
    request.maxRateLimitRetries = kTokenRateLimitRetries;
    if (request.purpose.isEmpty())
        request.purpose = QCoreApplication::translate("TokenFetcher", "the token endpoint");
    for (const auto &[name, value] : std::as_const(request.headers)) {
        if (name.compare("Authorization", Qt::CaseInsensitive) == 0)
            m_manager->knownSecrets().rememberBasic(profile.secretKey(QStringLiteral("basic")),
                                                    value);
    }
    m_manager->http()->send(request, m_manager->transport(profile), m_owner, std::move(onReply));
    return std::nullopt;
}

} // namespace tw
