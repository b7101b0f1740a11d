#pragma once

#include "auth/token.h"
#include "auth/tokenfetcher.h"
#include "common/error.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUuid>
#include <optional>

namespace tw {

class AuthManager;

// The live token of one cache key (profile + customer + scope + audience): its state
// machine, countdown, auto-refresh and single-flight fetching. Any number of callers of
// requestToken() share one request. The cached token also lives in the keychain so the
// next process (CLI run) reuses it while it is valid.
class AuthSession : public QObject
{
    Q_OBJECT
public:
    enum class State { None, Fetching, Valid, Expiring, Expired, Error };
    Q_ENUM(State)
    using Callback = std::function<void(Result<Token>)>;

    AuthSession(AuthManager *manager, const QUuid &profileId, const QString &customerId,
                TokenFetcher *fetcher, QObject *parent = nullptr);

    QUuid profileId() const { return m_profileId; }
    QString customerId() const { return m_customerId; }

    // Computed from the clock, so it is right even between timer ticks.
    State state() const { return computeState(); }
    bool isFetching() const { return m_inFlight; }
    const std::optional<Token> &token() const { return m_token; }
    const std::optional<Error> &lastError() const { return m_lastError; }
    bool tokenFromCache() const { return m_fromCache; }

    // Milliseconds left on the monotonic clock; -1 when there is no token or the lifetime
    // is unknown. lifetimeMs() is the whole span, for progress bars.
    qint64 remainingMs() const;
    qint64 lifetimeMs() const { return m_lifetimeMs; }
    QDateTime expiresAt() const; // wall clock, for display

    bool autoRefresh() const { return m_autoRefresh; }
    void setAutoRefresh(bool on);

    // A usable token: the one held if still valid, else a shared fetch.
    void requestToken(QObject *context, Callback done);
    // The same, but a sign-in that needs a person (browser, device code) is not started:
    // for what the window does on its own (showing a selected profile, auto-refresh).
    void requestTokenQuietly(QObject *context, Callback done);
    // A new token now (Commvault: a renewal), shared with any fetch already running.
    void refresh(QObject *context = nullptr, Callback done = {});
    // An API refused `accessToken`: forget it if it is still the one held.
    void invalidate(const QString &accessToken);
    // Forget the token and the cached copy (profile edited or removed).
    void reset();
    // Ends a sign-in that waits for a person (browser or device code); the fetch then fails
    // with Error::Code::Cancelled. False when none is waiting.
    bool cancelSignIn() { return m_fetcher->cancelSignIn(); }

    static QString stateName(State state);

Q_SIGNALS:
    void stateChanged(tw::AuthSession::State state);
    void tokenChanged();
    void fetchingChanged(bool fetching);
    void failed(const tw::Error &error);

private:
    bool hasUsableToken() const;
    void request(QObject *context, Callback done, bool quiet);
    void startFetch(bool force, bool quiet = false);
    void runFetcher(bool force, bool quiet);
    void restoreFromCache(std::function<void()> then);
    void onFetched(Result<Token> result);
    void recordActivity(const Result<Token> &result);
    void adopt(const Token &token, bool fresh);
    void storeInCache(const Token &token);
    void deliver(const Result<Token> &result);
    State computeState() const;
    void updateState();
    void scheduleTimers();
    void onTimer();
    qint64 expiringThresholdMs() const;

    AuthManager *m_manager;
    QUuid m_profileId;
    QString m_customerId;
    TokenFetcher *m_fetcher;

    State m_state = State::None;
    std::optional<Token> m_token;
    std::optional<Error> m_lastError;
    qint64 m_expiryMono = -1; // monotonic ms; -1 = unknown
    qint64 m_lifetimeMs = -1;
    bool m_fromCache = false;
    bool m_restored = false;
    bool m_inFlight = false;
    bool m_replacing = false; // the fetch under way replaces a token (a refresh)
    bool m_autoRefresh = true;
    int m_autoRetries = 0;
    QString m_rejected;
    bool m_flightQuiet = false; // the fetch in flight may not ask a person (Request::quiet)
    bool m_personWaits = false; // …but someone who may be asked is waiting for it
    qint64 m_fetchStartMono = 0;
    QDateTime m_fetchStartWall;
    QList<Callback> m_waiters; // each guarded by its caller's context
    QTimer m_timer;
};

} // namespace tw
