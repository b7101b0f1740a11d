#pragma once

#include <QDateTime>
#include <QElapsedTimer>

namespace tw {

// Time seam: token expiry runs on the monotonic clock so a wall-clock change cannot
// corrupt it; wall time is only for display and for the cross-process cache.
class Clock
{
public:
    virtual ~Clock() = default;
    virtual qint64 monotonicMs() const = 0;
    virtual QDateTime utcNow() const = 0;

    static Clock *system();
};

class SystemClock final : public Clock
{
public:
    SystemClock() { m_timer.start(); }
    qint64 monotonicMs() const override { return m_timer.elapsed(); }
    QDateTime utcNow() const override { return QDateTime::currentDateTimeUtc(); }

private:
    QElapsedTimer m_timer;
};

// Tests advance this instead of sleeping.
class ManualClock final : public Clock
{
public:
    qint64 monotonicMs() const override { return m_mono; }
    QDateTime utcNow() const override { return m_wall.addMSecs(m_mono); }
    void advance(qint64 ms) { m_mono += ms; }
    void setWallStart(const QDateTime &utc) { m_wall = utc; }

private:
    qint64 m_mono = 1000;
    QDateTime m_wall = QDateTime::currentDateTimeUtc();
};

inline Clock *Clock::system()
{
    static SystemClock clock;
    return &clock;
}

} // namespace tw
