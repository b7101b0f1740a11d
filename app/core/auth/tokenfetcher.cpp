#include "auth/tokenfetcher.h"

#include "auth/authmanager.h"
#include "auth/transportpolicy.h"
#include "profiles/profileservice.h"
#include "profiles/profilestore.h"

#include <QCoreApplication>

namespace tw {

namespace {
// As for API calls (DESIGN.md "Token engine"): 429/503 honour Retry-After a few times.
constexpr int kTokenRateLimitRetries = 3;
} // namespace

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

Status TokenFetcher::sendCredential(const Profile &profile, HttpRequest request,
                                    HttpClient::Callback onReply, const QList<QUrl> &alsoTrusted)
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
    m_manager->http()->send(request, transport(profile), this, std::move(onReply));
    return std::nullopt;
}

void TokenFetcher::readSecret(const Profile &profile, const QString &entry,
                              std::function<void(Result<QByteArray>)> done)
{
    m_manager->profileService()->readSecret(
        profile, entry, this,
        [this, slot = profile.secretKey(entry), entry, done](Result<QByteArray> result) {
            if (!result && result.error().code == Error::Code::NotFound) {
                done(QByteArray());
                return;
            }
            if (result && entry != SecretEntry::CommvaultPair)
                m_manager->knownSecrets().remember(slot, QString::fromUtf8(result.value()));
            done(std::move(result));
        });
}

Error TokenFetcher::signInCancelled()
{
    return Error::make(Error::Code::Cancelled,
                       QCoreApplication::translate("TokenFetcher", "Sign-in cancelled."));
}

Result<Token> TokenFetcher::keepingRefreshToken(Result<Token> token, const QString &sent)
{
    if (token && token.value().refreshToken.isEmpty())
        token.value().refreshToken = sent;
    return token;
}

} // namespace tw
