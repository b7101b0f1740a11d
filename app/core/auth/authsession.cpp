#include "auth/authsession.h"

#include "common/callbackguard.h"

#include "audit/auditrecorder.h"
#include "auth/authmanager.h"
#include "auth/tokencache.h"
#include "auth/tokenresponse.h"
#include "common/clock.h"
#include "profiles/profileservice.h"
#include "profiles/profilestore.h"

#include <QJsonDocument>

namespace tw {

namespace {
// A cached token closer than this to its end is not worth reusing.
constexpr qint64 kMinUsefulMs = 5000;
} // namespace

AuthSession::AuthSession(AuthManager *manager, const QUuid &profileId, const QString &customerId,
                         TokenFetcher *fetcher, QObject *parent)
    : QObject(parent), m_manager(manager), m_profileId(profileId), m_customerId(customerId),
      m_fetcher(fetcher)
{
    m_fetcher->setParent(this);
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &AuthSession::onTimer);
    if (auto profile = m_manager->profileStore()->find(profileId))
        m_autoRefresh = profile->options.autoRefresh;
}

QString AuthSession::stateName(State state)
{
    switch (state) {
    case State::None:
        return QStringLiteral("none");
    case State::Fetching:
        return QStringLiteral("fetching");
    case State::Valid:
        return QStringLiteral("valid");
    case State::Expiring:
        return QStringLiteral("expiring");
    case State::Expired:
        return QStringLiteral("expired");
    case State::Error:
        return QStringLiteral("error");
    }
    return {};
}

qint64 AuthSession::remainingMs() const
{
    if (!m_token || m_expiryMono < 0)
        return -1;
    return std::max<qint64>(0, m_expiryMono - m_manager->clock()->monotonicMs());
}

QDateTime AuthSession::expiresAt() const
{
    if (!m_token || m_expiryMono < 0)
        return {};
    return m_manager->clock()->utcNow().addMSecs(m_expiryMono - m_manager->clock()->monotonicMs());
}

void AuthSession::setAutoRefresh(bool on)
{
    if (m_autoRefresh == on)
        return;
    m_autoRefresh = on;
    m_autoRetries = 0;
    scheduleTimers();
}

bool AuthSession::hasUsableToken() const
{
    if (!m_token)
        return false;
    if (m_expiryMono < 0)
        return true; // unknown lifetime: usable until an API refuses it
    return m_expiryMono - m_manager->clock()->monotonicMs() > 0;
}

void AuthSession::requestToken(QObject *context, Callback done)
{
    request(context, std::move(done), false);
}

void AuthSession::requestTokenQuietly(QObject *context, Callback done)
{
    request(context, std::move(done), true);
}

void AuthSession::request(QObject *context, Callback done, bool quiet)
{
    // A still-valid token is handed out even while a background refresh runs: a renewal
    // may wait for another process's lock, and callers need not wait with it.
    if (m_restored && hasUsableToken()) {
        post(this, guarded(context, std::move(done)), Result<Token>(*m_token));
        return;
    }
    m_waiters.append(guarded(context, std::move(done)));
    startFetch(false, quiet);
}

void AuthSession::refresh(QObject *context, Callback done)
{
    if (done)
        m_waiters.append(guarded(context, std::move(done)));
    startFetch(true);
}

void AuthSession::invalidate(const QString &accessToken)
{
    if (!m_token || m_token->accessToken != accessToken)
        return; // a newer token is already here
    m_rejected = accessToken;
    m_token.reset();
    m_expiryMono = -1;
    m_lifetimeMs = -1;
    m_fromCache = false;
    m_manager->tokenCache()->remove(m_profileId, m_customerId);
    updateState();
    Q_EMIT tokenChanged();
}

void AuthSession::reset()
{
    m_timer.stop();
    if (m_token) {
        m_token.reset();
        Q_EMIT tokenChanged();
    }
    m_expiryMono = -1;
    m_lifetimeMs = -1;
    m_lastError.reset();
    m_restored = true; // a reset means: do not bring the old cache back
    m_manager->tokenCache()->remove(m_profileId, m_customerId);
    updateState();
}

void AuthSession::startFetch(bool force, bool quiet)
{
    if (m_inFlight) {
        // Single flight: everyone waits for the request already out. A person asking while
        // a quiet one runs gets the sign-in if that one ends needing it (onFetched).
        m_personWaits = m_personWaits || (m_flightQuiet && !quiet);
        return;
    }
    m_inFlight = true;
    m_flightQuiet = quiet;
    Q_EMIT fetchingChanged(true);
    updateState();
    if (!m_restored && !force) {
        restoreFromCache([this, quiet] {
            if (hasUsableToken() && m_rejected.isEmpty()) {
                m_inFlight = false;
                Q_EMIT fetchingChanged(false);
                updateState();
                deliver(*m_token);
                return;
            }
            runFetcher(false, quiet);
        });
        return;
    }
    m_restored = true;
    runFetcher(force, quiet);
}

void AuthSession::restoreFromCache(std::function<void()> then)
{
    m_restored = true;
    auto profile = m_manager->profileStore()->find(m_profileId);
    if (!profile || !m_fetcher->cacheable()) {
        then();
        return;
    }
    m_manager->tokenCache()->load(
        m_profileId, m_customerId, this, [this, then, profile](std::optional<QJsonObject> json) {
            if (json) {
                auto token = Token::fromCacheJson(*json);
                const bool sameProfile =
                    json->value(QLatin1String("profile_fingerprint")).toString() ==
                    profile->tokenFingerprint();
                const QDateTime now = m_manager->clock()->utcNow();
                if (token && sameProfile && token->expiresAt.isValid() &&
                    now.msecsTo(token->expiresAt) > kMinUsefulMs) {
                    adopt(*token, false);
                    m_fromCache = true;
                }
            }
            then();
        });
}

void AuthSession::runFetcher(bool force, bool quiet)
{
    m_fetchStartMono = m_manager->clock()->monotonicMs();
    m_fetchStartWall = m_manager->clock()->utcNow();
    TokenFetcher::Request request;
    request.force = force;
    request.current = m_token;
    request.rejectedToken = m_rejected;
    request.quiet = quiet;
    m_replacing = force || m_token.has_value() || !m_rejected.isEmpty();
    m_fetcher->resetActivity();
    m_fetcher->fetch(request, [this](Result<Token> result) { onFetched(std::move(result)); });
}

void AuthSession::recordActivity(const Result<Token> &result)
{
    // A quiet look that stopped where a person must sign in is nothing the user did: every
    // selection of such a profile would otherwise log a failed fetch.
    if (!result && result.error().code == Error::Code::SignInRequired)
        return;
    AuditEntry entry;
    switch (m_fetcher->lastActivity()) {
    case TokenFetcher::Activity::Reused:
        if (result)
            return; // no request went out, nothing was minted
        entry.action = AuditEntry::Action::Fetched;
        break;
    case TokenFetcher::Activity::Renewed:
        entry.action = AuditEntry::Action::Renewed;
        break;
    case TokenFetcher::Activity::Fetched:
        entry.action = m_replacing ? AuditEntry::Action::Refreshed : AuditEntry::Action::Fetched;
        break;
    }
    entry.customer = m_customerId;
    if (result)
        m_manager->audit()->record(m_profileId, entry);
    else
        m_manager->audit()->record(m_profileId, entry, m_manager->redact(result.error()));
}

void AuthSession::onFetched(Result<Token> result)
{
    if (!result && result.error().code == Error::Code::SignInRequired &&
        std::exchange(m_personWaits, false)) {
        m_flightQuiet = false;
        runFetcher(true, false); // still in flight, the same waiters: now with the sign-in
        return;
    }
    m_personWaits = false;
    m_inFlight = false;
    recordActivity(result);
    if (result) {
        m_lastError.reset();
        m_rejected.clear();
        m_autoRetries = 0;
        adopt(result.value(), true);
        m_fromCache = false;
        if (m_fetcher->cacheable())
            storeInCache(result.value());
        Q_EMIT fetchingChanged(false);
        deliver(result.value());
    } else {
        // Server text may quote what it was sent: no secret of ours leaves the engine.
        const Error error = m_manager->redact(result.error());
        m_lastError = error;
        Q_EMIT fetchingChanged(false);
        updateState();
        scheduleTimers();
        Q_EMIT failed(error);
        deliver(error);
    }
}

void AuthSession::adopt(const Token &token, bool fresh)
{
    m_token = token;
    const QString slot = AuthManager::cacheKey(m_profileId, m_customerId);
    KnownSecrets &known = m_manager->knownSecrets();
    known.remember(slot + QStringLiteral("/access"), token.accessToken);
    known.remember(slot + QStringLiteral("/access-value"),
                   commvaultSessionValue(token.accessToken));
    known.remember(slot + QStringLiteral("/refresh"), token.refreshToken);
    const qint64 nowMono = m_manager->clock()->monotonicMs();
    const QDateTime nowWall = m_manager->clock()->utcNow();
    if (fresh && token.expiresInSec && token.obtainedAt.isValid() &&
        token.obtainedAt >= m_fetchStartWall.addSecs(-2)) {
        // Count from when the request left, on the monotonic clock.
        const qint64 lifetimeSec =
            *token.expiresInSec - TokenResponse::expirySkewSec(*token.expiresInSec);
        m_lifetimeMs = lifetimeSec * 1000;
        m_expiryMono = m_fetchStartMono + m_lifetimeMs;
    } else if (token.expiresAt.isValid()) {
        m_expiryMono = nowMono + nowWall.msecsTo(token.expiresAt);
        m_lifetimeMs = token.obtainedAt.isValid() ? token.obtainedAt.msecsTo(token.expiresAt)
                                                  : nowWall.msecsTo(token.expiresAt);
    } else {
        m_expiryMono = -1;
        m_lifetimeMs = -1;
    }
    updateState();
    scheduleTimers();
    Q_EMIT tokenChanged();
}

void AuthSession::storeInCache(const Token &token)
{
    auto profile = m_manager->profileStore()->find(m_profileId);
    if (!profile || !token.expiresAt.isValid())
        return; // a token of unknown lifetime is not worth sharing across processes
    QJsonObject json = token.toCacheJson();
    json[QLatin1String("profile_fingerprint")] = profile->tokenFingerprint();
    m_manager->tokenCache()->store(m_profileId, m_customerId, json);
}

void AuthSession::deliver(const Result<Token> &result)
{
    const QList<Callback> waiters = std::exchange(m_waiters, {});
    for (const Callback &waiter : waiters)
        waiter(result);
}

qint64 AuthSession::expiringThresholdMs() const
{
    // "Expiring" = the last 10 % of the lifetime, or the last minute when that is longer,
    // but never more than a quarter of a short lifetime (3-second test tokens).
    if (m_lifetimeMs <= 0)
        return 0;
    return std::max<qint64>(m_lifetimeMs / 10, std::min<qint64>(60000, m_lifetimeMs / 4));
}

AuthSession::State AuthSession::computeState() const
{
    if (m_inFlight && !hasUsableToken())
        return State::Fetching;
    // A sign-in not yet asked for is no failure: the profile simply has no token yet.
    const bool failed = m_lastError && m_lastError->code != Error::Code::SignInRequired;
    if (!m_token)
        return failed ? State::Error : State::None;
    if (m_expiryMono < 0)
        return State::Valid;
    const qint64 left = m_expiryMono - m_manager->clock()->monotonicMs();
    if (left <= 0)
        return failed ? State::Error : State::Expired;
    if (left <= expiringThresholdMs())
        return State::Expiring;
    return State::Valid;
}

void AuthSession::updateState()
{
    const State next = computeState();
    if (next != m_state) {
        m_state = next;
        Q_EMIT stateChanged(m_state);
    }
}

void AuthSession::scheduleTimers()
{
    m_timer.stop();
    if (!m_token || m_expiryMono < 0)
        return;
    const qint64 now = m_manager->clock()->monotonicMs();
    const qint64 left = m_expiryMono - now;
    if (left <= 0)
        return;
    const qint64 untilExpiring = left - expiringThresholdMs();
    qint64 wait = untilExpiring > 0 ? untilExpiring : left;
    if (m_lastError && m_autoRefresh && untilExpiring <= 0) {
        // A failed auto-refresh is retried with back-off while the token still lives.
        wait =
            std::min<qint64>(left, std::min<qint64>(30000, 1000LL << std::min(m_autoRetries, 5)));
    }
    m_timer.start(int(std::clamp<qint64>(wait, 1, 24LL * 3600 * 1000)));
}

void AuthSession::onTimer()
{
    updateState();
    const bool worthRetrying = !m_lastError || m_lastError->code == Error::Code::Network ||
                               (m_lastError->httpStatus >= 500 || m_lastError->httpStatus == 429);
    if (m_autoRefresh && !m_inFlight && worthRetrying &&
        (m_state == State::Expiring || m_state == State::Expired)) {
        if (m_lastError)
            ++m_autoRetries;
        startFetch(true, true); // a refresh token renews; no sign-in pops up unasked
        return;
    }
    scheduleTimers();
}

} // namespace tw
