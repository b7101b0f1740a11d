#include "deviceauthorizations.h"

#include "httpexchange.h"

#include <QRandomGenerator>

namespace tw::sandbox {

namespace {
// RFC 8628 §6.1: consonants only, no vowels (no words), no ambiguous letters.
constexpr char kUserCodeLetters[] = "BCDFGHJKLMNPQRSTVWXZ";
} // namespace

QString DeviceAuthorizations::normalisedUserCode(const QString &typed)
{
    QString code;
    for (const QChar c : typed) {
        if (c.isLetter())
            code += c.toUpper();
    }
    return code;
}

DeviceAuthorizations::Started DeviceAuthorizations::start(const QString &clientId,
                                                          const QString &scope, qint64 nowMs)
{
    QMutexLocker lock(&m_mutex);
    QString userCode;
    do {
        userCode.clear();
        for (int i = 0; i < 8; ++i)
            userCode += QLatin1Char(kUserCodeLetters[QRandomGenerator::system()->bounded(
                int(sizeof kUserCodeLetters) - 1)]);
    } while (m_deviceCodeByUserCode.contains(userCode));
    Started started;
    started.deviceCode = QStringLiteral("dc.") + QString::fromLatin1(randomHex(24));
    started.userCode = userCode.left(4) + QLatin1Char('-') + userCode.mid(4);
    Entry entry;
    entry.clientId = clientId;
    entry.scope = scope;
    entry.userCode = userCode;
    entry.expiresAtMs = nowMs + qint64(LifetimeSec) * 1000;
    m_byDeviceCode.insert(started.deviceCode, entry);
    m_deviceCodeByUserCode.insert(userCode, started.deviceCode);
    return started;
}

bool DeviceAuthorizations::decide(const QString &userCode, bool approve, qint64 nowMs)
{
    QMutexLocker lock(&m_mutex);
    const QString deviceCode = m_deviceCodeByUserCode.value(normalisedUserCode(userCode));
    auto it = m_byDeviceCode.find(deviceCode);
    if (deviceCode.isEmpty() || it == m_byDeviceCode.end() || it->state != State::Pending ||
        nowMs >= it->expiresAtMs)
        return false;
    it->state = approve ? State::Approved : State::Denied;
    return true;
}

DeviceAuthorizations::PollResult DeviceAuthorizations::poll(const QString &deviceCode,
                                                            const QString &clientId, qint64 nowMs)
{
    QMutexLocker lock(&m_mutex);
    PollResult result;
    auto it = m_byDeviceCode.find(deviceCode);
    if (it == m_byDeviceCode.end() || it->clientId != clientId || it->state == State::Used)
        return result; // Invalid: invalid_grant
    if (nowMs >= it->expiresAtMs) {
        result.outcome = Poll::Expired;
        return result;
    }
    // RFC 8628 §3.5: polling faster than the interval is answered slow_down, and the client
    // must add 5 s to its interval from then on.
    const bool tooSoon =
        it->lastPollMs >= 0 && nowMs - it->lastPollMs < qint64(it->intervalSec) * 1000;
    it->lastPollMs = nowMs;
    if (tooSoon) {
        it->intervalSec += SlowDownStepSec;
        result.outcome = Poll::SlowDown;
        return result;
    }
    switch (it->state) {
    case State::Pending:
        result.outcome = Poll::Pending;
        break;
    case State::Denied:
        result.outcome = Poll::Denied;
        break;
    case State::Approved:
        it->state = State::Used;
        m_deviceCodeByUserCode.remove(it->userCode);
        result.outcome = Poll::Approved;
        result.scope = it->scope;
        break;
    case State::Used:
        break;
    }
    return result;
}

} // namespace tw::sandbox
