#pragma once

#include "auth/commvaultpair.h"
#include "auth/tokenfetcher.h"

#include <QElapsedTimer>
#include <QLockFile>
#include <QTimer>
#include <memory>

namespace tw {

// Commvault access token + refresh token. Renewal rotates both tokens and an older pair
// revokes the whole chain, so a renewal is single-flight across every process sharing
// the profile: take a lock file, re-read the stored pair (another process may have
// renewed already), renew, persist the new pair, and only then use it.
class CommvaultRenewFetcher : public TokenFetcher
{
    Q_OBJECT
public:
    using TokenFetcher::TokenFetcher;
    void fetch(const Request &request, Callback done) override;
    // The pair lives in its own keychain entry; caching the token again adds nothing.
    bool cacheable() const override { return false; }

private:
    void readPair(const Profile &profile, std::function<void(Result<CommvaultPair>)> next);
    void acquireLock(const Profile &profile, std::function<void(Status)> next);
    void tryLock(QElapsedTimer waited, std::function<void(Status)> next);
    void renewLocked(const Profile &profile, const QString &seenAccessToken,
                     const QString &rejected, Callback done);
    void unlock();

    std::unique_ptr<QLockFile> m_lock;
};

// Legacy login session: POST /Login with username + base64 password; the `token`
// ("QSDK …") goes in the Authtoken header. Sessions die after 30 minutes idle;
// RenewLoginToken extends one, a new login replaces one that is gone.
class CommvaultLoginFetcher : public TokenFetcher
{
    Q_OBJECT
public:
    using TokenFetcher::TokenFetcher;
    void fetch(const Request &request, Callback done) override;

private:
    void login(const Profile &profile, Callback done);
};

// Reads "QSDK …" tokens and the Commvault failure shapes of a Login/Renew answer.
Result<Token> parseCommvaultLogin(const HttpReply &reply, const QDateTime &sentAt);

} // namespace tw
