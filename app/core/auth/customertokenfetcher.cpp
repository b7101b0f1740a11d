#include "auth/customertokenfetcher.h"

#include "auth/authmanager.h"
#include "auth/tokenrequest.h"
#include "auth/tokenresponse.h"
#include "common/replyerror.h"

#include <QCoreApplication>

namespace tw {

CustomerTokenFetcher::CustomerTokenFetcher(AuthManager *manager, const QUuid &profileId,
                                           const QString &customerId, QObject *parent)
    : TokenFetcher(manager, profileId, parent), m_customerId(customerId)
{
}

void CustomerTokenFetcher::fetch(const Request &, Callback done)
{
    auto found = profile();
    if (!found) {
        done(found.error());
        return;
    }
    const Profile p = found.value();
    AuthSession *msp = m_manager->session(p.id);
    msp->requestToken(this, [this, p, done](Result<Token> token) {
        if (!token) {
            Error e = token.error();
            e.message = tr("Could not get the MSP token: %1").arg(e.message);
            done(e);
            return;
        }
        mint(p, token.value(), false, done);
    });
}

void CustomerTokenFetcher::mint(const Profile &profile, const Token &mspToken, bool retried,
                                Callback done)
{
    const HttpRequest request =
        TokenRequest::druvaCustomerToken(profile.apiBase, m_customerId, mspToken.accessToken);
    const QDateTime sentAt = m_manager->clock()->utcNow();
    auto refused = sendCredential(
        profile, request, [this, profile, mspToken, retried, sentAt, done](const HttpReply &reply) {
            if ((reply.status == 401 || reply.status == 403) && !retried) {
                AuthSession *msp = m_manager->session(profile.id);
                msp->invalidate(mspToken.accessToken);
                msp->requestToken(this, [this, profile, done](Result<Token> token) {
                    if (!token) {
                        done(token.error());
                        return;
                    }
                    mint(profile, token.value(), true, done);
                });
                return;
            }
            if (reply.status == 404) {
                Error e = errorFromReply(reply, tr("customer token request"));
                e.code = Error::Code::NotFound;
                e.message = tr("Customer \"%1\" was not found.").arg(m_customerId.left(100));
                done(e);
                return;
            }
            auto token = TokenResponse::parseOAuth(reply, sentAt);
            if (!token) {
                Error e = token.error();
                e.message = tr("Customer %1: %2").arg(m_customerId.left(100), e.message);
                done(e);
                return;
            }
            done(token);
        });
    if (refused)
        done(*refused);
}

} // namespace tw
