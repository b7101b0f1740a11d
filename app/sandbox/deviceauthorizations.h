#pragma once

#include <QHash>
#include <QMutex>
#include <QString>
#include <optional>

namespace tw::sandbox {

// The device authorization grant's server state (RFC 8628): device codes handed out, the
// user's decision on the verification page, and what each poll of the token endpoint gets.
// Times are passed in (milliseconds) so tests can run the whole life of a code without
// waiting. Thread-safe: providers run on pool threads.
class DeviceAuthorizations
{
public:
    static constexpr int LifetimeSec = 600;
    static constexpr int IntervalSec = 1;     // short, so tests wait one second at most
    static constexpr int SlowDownStepSec = 5; // RFC 8628 §3.5

    struct Started
    {
        QString deviceCode;
        QString userCode; // 8 letters shown as XXXX-XXXX (RFC 8628 §6.1)
        int expiresIn = LifetimeSec;
        int interval = IntervalSec;
    };
    Started start(const QString &clientId, const QString &scope, qint64 nowMs);

    // The verification page: approves or denies a user code. False when it is unknown,
    // expired or already decided.
    bool decide(const QString &userCode, bool approve, qint64 nowMs);

    enum class Poll { Pending, SlowDown, Expired, Denied, Approved, Invalid };
    struct PollResult
    {
        Poll outcome = Poll::Invalid;
        QString scope; // for Approved
    };
    // One token-endpoint poll by `clientId`. An approved code works once.
    PollResult poll(const QString &deviceCode, const QString &clientId, qint64 nowMs);

    static QString normalisedUserCode(const QString &typed);

private:
    enum class State { Pending, Approved, Denied, Used };
    struct Entry
    {
        QString clientId;
        QString scope;
        QString userCode;
        qint64 expiresAtMs = 0;
        int intervalSec = IntervalSec;
        qint64 lastPollMs = -1;
        State state = State::Pending;
    };

    QMutex m_mutex;
    QHash<QString, Entry> m_byDeviceCode;
    QHash<QString, QString> m_deviceCodeByUserCode;
};

} // namespace tw::sandbox
