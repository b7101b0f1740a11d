#include "auth/commvaultfetcher.h"

#include "common/abandonedlock.h"

#include "auth/authmanager.h"
#include "auth/tokenrequest.h"
#include "auth/tokenresponse.h"
#include "common/replyerror.h"
#include "profiles/profileservice.h"
#include "profiles/profilestore.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>

namespace tw {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("CommvaultFetcher", text);
}

constexpr int kLockWaitMs = 30000;
constexpr int kLockPollMs = 50;
// Renew when less than this is left, even without force.
constexpr qint64 kRenewMarginSec = 60;
// Login sessions end after 30 minutes idle.
constexpr qint64 kLoginIdleSec = 30 * 60;

Error expiredChain(const QString &why)
{
    return Error::make(Error::Code::Expired, why);
}
} // namespace

void CommvaultRenewFetcher::readPair(const Profile &profile,
                                     std::function<void(Result<CommvaultPair>)> next)
{
    readSecret(
        profile, SecretEntry::CommvaultPair, [this, profile, next](Result<QByteArray> bytes) {
            if (!bytes) {
                next(bytes.error());
                return;
            }
            auto pair = CommvaultPair::fromJson(QJsonDocument::fromJson(bytes.value()).object());
            if (pair) {
                const QString slot = profile.secretKey(SecretEntry::CommvaultPair);
                KnownSecrets &known = m_manager->knownSecrets();
                known.remember(slot + QStringLiteral("/access"), pair->accessToken);
                known.remember(slot + QStringLiteral("/refresh"), pair->refreshToken);
            }
            if (!pair) {
                const Error e = Error::make(
                    Error::Code::NotFound,
                    tr("No Commvault access token is stored for profile \"%1\". Paste one "
                       "from Command Center into the profile.")
                        .arg(profile.name));
                next(e);
                return;
            }
            next(*pair);
        });
}

void CommvaultRenewFetcher::fetch(const Request &request, Callback done)
{
    auto found = profile();
    if (!found) {
        done(found.error());
        return;
    }
    const Profile p = found.value();
    readPair(p, [this, p, request, done](Result<CommvaultPair> pair) {
        if (!pair) {
            done(pair.error());
            return;
        }
        const CommvaultPair current = pair.value();
        const QDateTime now = m_manager->clock()->utcNow();
        const bool rejected = current.accessToken == request.rejectedToken;
        const bool nearEnd = !current.accessExpiresAt.isValid() ||
                             now.secsTo(current.accessExpiresAt) < kRenewMarginSec;
        if (!request.force && !rejected && !nearEnd) {
            setActivity(Activity::Reused);
            done(current.toToken(p)); // no network: the stored token is still good
            return;
        }
        setActivity(Activity::Renewed);
        if (!current.renewable(p)) {
            if (!rejected && now < current.accessExpiresAt) {
                setActivity(Activity::Reused);
                done(current.toToken(p));
                return;
            }
            done(expiredChain(p.commvault.legacy
                                  ? tr("This legacy Commvault token (made before 11.38) cannot be "
                                       "renewed and is no longer valid. Make a new access token "
                                       "in Command Center.")
                                  : tr("This Commvault token cannot be renewed and is no longer "
                                       "valid. Make a new access token in Command Center.")));
            return;
        }
        if (current.renewableUntil.isValid() && now > current.renewableUntil) {
            done(
                expiredChain(tr("Renewals of this Commvault token ended on %1. Make a new access "
                                "token in Command Center.")
                                 .arg(current.renewableUntil.toLocalTime().toString(Qt::ISODate))));
            return;
        }
        if (current.refreshExpiresAt.isValid() && now > current.refreshExpiresAt) {
            done(expiredChain(
                tr("The renewal window of this Commvault token closed on %1. Make a "
                   "new access token in Command Center.")
                    .arg(current.refreshExpiresAt.toLocalTime().toString(Qt::ISODate))));
            return;
        }
        acquireLock(p, [this, p, current, request, done](Status locked) {
            if (locked) {
                done(*locked);
                return;
            }
            renewLocked(p, current.accessToken, request.rejectedToken, done);
        });
    });
}

void CommvaultRenewFetcher::acquireLock(const Profile &profile, std::function<void(Status)> next)
{
    m_lock = std::make_unique<QLockFile>(
        m_manager->profileStore()->lockPath(profile.id, QStringLiteral("commvault-renew")));
    // A renewal takes seconds; a lock older than this belongs to a process that died.
    m_lock->setStaleLockTime(60000);
    QElapsedTimer waited;
    waited.start();
    tryLock(waited, std::move(next));
}

void CommvaultRenewFetcher::tryLock(QElapsedTimer waited, std::function<void(Status)> next)
{
    removeAbandonedLock(m_lock->fileName());
    if (m_lock->tryLock(0)) {
        next(std::nullopt);
        return;
    }
    if (m_lock->error() == QLockFile::PermissionError ||
        m_lock->error() == QLockFile::UnknownError || waited.elapsed() > kLockWaitMs) {
        const Error e = Error::make(
            Error::Code::Io,
            m_lock->error() == QLockFile::LockFailedError
                ? tr("Another Tokenwright process has been renewing this Commvault token "
                     "for over %1 s; try again.")
                      .arg(kLockWaitMs / 1000)
                : tr("Could not create the renewal lock file in the configuration "
                     "directory."));
        m_lock.reset();
        next(e);
        return;
    }
    // Poll without blocking the event loop.
    QTimer::singleShot(kLockPollMs, this, [this, waited, next] { tryLock(waited, next); });
}

void CommvaultRenewFetcher::unlock()
{
    if (m_lock)
        m_lock->unlock();
    m_lock.reset();
}

void CommvaultRenewFetcher::renewLocked(const Profile &profile, const QString &seenAccessToken,
                                        const QString &rejected, Callback done)
{
    // Re-read under the lock: another process may have renewed while we waited, and
    // renewing again with the old pair would revoke the chain.
    readPair(profile, [this, profile, seenAccessToken, rejected, done](Result<CommvaultPair> pair) {
        if (!pair) {
            unlock();
            done(pair.error());
            return;
        }
        const CommvaultPair stored = pair.value();
        const QDateTime now = m_manager->clock()->utcNow();
        if (stored.accessToken != seenAccessToken && stored.accessToken != rejected &&
            now.secsTo(stored.accessExpiresAt) > kRenewMarginSec) {
            unlock();
            setActivity(Activity::Reused); // another process renewed (and recorded it)
            done(stored.toToken(profile));
            return;
        }
        const HttpRequest request =
            TokenRequest::commvaultRenew(profile.apiBase, stored.accessToken, stored.refreshToken);
        auto refused =
            sendCredential(profile, request, [this, profile, stored, done](const HttpReply &reply) {
                const QDateTime at = m_manager->clock()->utcNow();
                if (!reply.isSuccess()) {
                    unlock();
                    Error e = errorFromReply(reply, tr("Commvault token renewal"));
                    if (reply.status == 401 || reply.status == 403) {
                        e.code = Error::Code::Expired;
                        e.message = tr("The CommServe refused to renew the token: the refresh "
                                       "token expired or the chain was revoked (an older pair was "
                                       "used). Make a new access token in Command Center.");
                    }
                    done(e);
                    return;
                }
                auto json = jsonObject(reply, tr("Commvault token renewal"));
                if (!json) {
                    unlock();
                    done(json.error());
                    return;
                }
                auto next = CommvaultPair::renewed(stored, json.value(), at);
                if (!next) {
                    unlock();
                    Error e = errorFromReply(reply, tr("Commvault token renewal"));
                    e.code = Error::Code::BadResponse;
                    e.message = tr("The Commvault renewal answer has no new accessToken and "
                                   "refreshToken.");
                    done(e);
                    return;
                }
                const CommvaultPair renewed = *next;
                for (const auto &[field, value] :
                     {qMakePair(QStringLiteral("accessToken"), renewed.accessToken),
                      qMakePair(QStringLiteral("refreshToken"), renewed.refreshToken)}) {
                    if (const QString problem = tokenValueProblem(value, field);
                        !problem.isEmpty()) {
                        unlock();
                        const Error e =
                            Error::make(Error::Code::BadResponse, problem, {}, reply.status);
                        done(e);
                        return;
                    }
                }
                // Persist the new pair before anyone uses it: the old one is now poison.
                m_manager->profileService()->writeSecret(
                    profile, SecretEntry::CommvaultPair,
                    QJsonDocument(renewed.toJson()).toJson(QJsonDocument::Compact), this,
                    [this, profile, renewed, done](Status written) {
                        unlock();
                        Token token = renewed.toToken(profile);
                        if (written)
                            token.warning = tr("The renewed Commvault tokens could not be saved to "
                                               "the keychain (%1); they live in memory until this "
                                               "program ends.")
                                                .arg(written->message);
                        done(token);
                    });
            });
        if (refused) {
            unlock();
            done(*refused);
        }
    });
}

Result<Token> parseCommvaultLogin(const HttpReply &reply, const QDateTime &sentAt)
{
    const QString what = tr("Commvault login");
    auto json = successObject(reply, what);
    if (!json)
        return json.error();
    const QString token = json.value().value(QLatin1String("token")).toString();
    if (token.isEmpty()) {
        // Commvault answers a refused login with 200 and an errList.
        Error e = errorFromReply(reply, what);
        e.code = Error::Code::OAuth;
        e.httpStatus = reply.status;
        const QJsonObject body = json.value();
        const QJsonArray errors = body.value(QLatin1String("errList")).toArray();
        e.message = tr("The Commvault login was refused");
        if (!errors.isEmpty())
            e.oauthDescription =
                errors.first().toObject().value(QLatin1String("errLogMessage")).toString();
        if (body.value(QLatin1String("isAccountLocked")).toBool()) {
            e.oauthError = QStringLiteral("account_locked");
            e.message = tr("The Commvault account is locked for %1 more seconds")
                            .arg(body.value(QLatin1String("remainingLockTime")).toInt());
        }
        return e;
    }
    // docs/providers.md §4: the answer's token is already "QSDK <hex>"; the value goes into a
    // header.
    if (const QString problem =
            tokenValueProblem(commvaultSessionValue(token), QStringLiteral("token"));
        !problem.isEmpty()) {
        return Error::make(Error::Code::BadResponse, problem, {}, reply.status);
    }
    Token t;
    t.accessToken = token;
    t.tokenType = QStringLiteral("QSDK");
    t.obtainedAt = sentAt;
    t.expiresInSec = kLoginIdleSec;
    t.expiresAt = sentAt.addSecs(kLoginIdleSec - TokenResponse::expirySkewSec(kLoginIdleSec));
    t.warning = tr("Login session: it ends after 30 minutes without use.");
    return t;
}

void CommvaultLoginFetcher::fetch(const Request &request, Callback done)
{
    auto found = profile();
    if (!found) {
        done(found.error());
        return;
    }
    const Profile p = found.value();
    const bool canRenew = request.current &&
                          request.current->accessToken != request.rejectedToken &&
                          request.current->expiresAt > m_manager->clock()->utcNow();
    if (!canRenew) {
        login(p, done);
        return;
    }
    setActivity(Activity::Renewed);
    const HttpRequest renew = TokenRequest::commvaultRenewLogin(
        p.apiBase, request.current->accessToken, p.id.toString(QUuid::WithoutBraces));
    const QDateTime sentAt = m_manager->clock()->utcNow();
    auto refused = sendCredential(p, renew, [this, p, sentAt, done](const HttpReply &reply) {
        auto token = parseCommvaultLogin(reply, sentAt);
        if (token)
            done(token);
        else {
            setActivity(Activity::Fetched);
            login(p, done); // the session is gone: start a new one
        }
    });
    if (refused)
        done(*refused);
}

void CommvaultLoginFetcher::login(const Profile &profile, Callback done)
{
    readSecret(profile, SecretEntry::Password, [this, profile, done](Result<QByteArray> password) {
        if (!password) {
            done(password.error());
            return;
        }
        if (password.value().isEmpty()) {
            const Error e = Error::make(
                Error::Code::NotFound,
                tr("No Commvault password is stored for profile \"%1\".").arg(profile.name));
            done(e);
            return;
        }
        const HttpRequest request = TokenRequest::commvaultLogin(
            profile.apiBase, profile.commvault.username, QString::fromUtf8(password.value()),
            profile.commvault.domain);
        const QDateTime sentAt = m_manager->clock()->utcNow();
        if (auto refused = sendCredential(profile, request, [sentAt, done](const HttpReply &reply) {
                done(parseCommvaultLogin(reply, sentAt));
            }))
            done(*refused);
    });
}

} // namespace tw
