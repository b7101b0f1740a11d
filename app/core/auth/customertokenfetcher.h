#pragma once

#include "auth/tokenfetcher.h"

namespace tw {

// Druva MSP: a customer's token is minted with the MSP token
// (POST {api base}/msp/v2/customers/{id}/token). The MSP session refreshes itself; a 401
// here means the MSP token died early: refetch it and mint once more.
class CustomerTokenFetcher : public TokenFetcher
{
    Q_OBJECT
public:
    CustomerTokenFetcher(AuthManager *manager, const QUuid &profileId, const QString &customerId,
                         QObject *parent = nullptr);
    void fetch(const Request &request, Callback done) override;

private:
    void mint(const Profile &profile, const Token &mspToken, bool retried, Callback done);

    QString m_customerId;
};

} // namespace tw
