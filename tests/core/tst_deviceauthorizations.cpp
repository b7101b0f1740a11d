// The sandbox's device-code state machine (RFC 8628 §3.5) with time passed in: pending,
// slow_down with a growing interval, approval used once, denial and expiry.
#include "deviceauthorizations.h"

#include <QTest>

using namespace tw::sandbox;
using Poll = DeviceAuthorizations::Poll;

class TestDeviceAuthorizations : public QObject
{
    Q_OBJECT

    static constexpr qint64 kSecond = 1000;

private Q_SLOTS:
    void userCodeIsEightConsonantsInTwoGroups()
    {
        DeviceAuthorizations devices;
        const auto started = devices.start(QStringLiteral("c"), {}, 0);
        QCOMPARE(started.userCode.size(), 9);
        QCOMPARE(started.userCode.at(4), QLatin1Char('-'));
        for (const QChar c : DeviceAuthorizations::normalisedUserCode(started.userCode))
            QVERIFY(!QStringLiteral("AEIOUY").contains(c));
        QCOMPARE(started.interval, DeviceAuthorizations::IntervalSec);
    }

    void pollingTooFastIsSlowedDownAndTheIntervalGrows()
    {
        DeviceAuthorizations devices;
        const auto started = devices.start(QStringLiteral("c"), {}, 0);
        QCOMPARE(devices.poll(started.deviceCode, QStringLiteral("c"), 0).outcome, Poll::Pending);
        QCOMPARE(devices.poll(started.deviceCode, QStringLiteral("c"), 500).outcome,
                 Poll::SlowDown);
        // The interval is now 1 + 5 s: 2 s later is still too soon, 6 s is fine.
        QCOMPARE(devices.poll(started.deviceCode, QStringLiteral("c"), 2500).outcome,
                 Poll::SlowDown);
        QCOMPARE(devices.poll(started.deviceCode, QStringLiteral("c"), 2500 + 11 * kSecond).outcome,
                 Poll::Pending);
    }

    void approvedCodeGivesATokenOnce()
    {
        DeviceAuthorizations devices;
        const auto started = devices.start(QStringLiteral("c"), QStringLiteral("read"), 0);
        // The user may type the code in lower case and without the dash.
        QVERIFY(devices.decide(started.userCode.toLower().remove(QLatin1Char('-')), true, kSecond));
        QVERIFY(!devices.decide(started.userCode, false, kSecond)); // decided already
        QCOMPARE(devices.poll(started.deviceCode, QStringLiteral("other"), 2 * kSecond).outcome,
                 Poll::Invalid);
        const auto approved = devices.poll(started.deviceCode, QStringLiteral("c"), 3 * kSecond);
        QCOMPARE(approved.outcome, Poll::Approved);
        QCOMPARE(approved.scope, QStringLiteral("read"));
        QCOMPARE(devices.poll(started.deviceCode, QStringLiteral("c"), 10 * kSecond).outcome,
                 Poll::Invalid);
    }

    void deniedAndExpiredCodesSaySo()
    {
        DeviceAuthorizations devices;
        const auto denied = devices.start(QStringLiteral("c"), {}, 0);
        QVERIFY(devices.decide(denied.userCode, false, 0));
        QCOMPARE(devices.poll(denied.deviceCode, QStringLiteral("c"), kSecond).outcome,
                 Poll::Denied);

        const auto late = devices.start(QStringLiteral("c"), {}, 0);
        const qint64 expiry = qint64(DeviceAuthorizations::LifetimeSec) * kSecond;
        QVERIFY(!devices.decide(late.userCode, true, expiry));
        QCOMPARE(devices.poll(late.deviceCode, QStringLiteral("c"), expiry).outcome, Poll::Expired);
        QVERIFY(!devices.decide(QStringLiteral("BCDF-GHJK"), true, 0)); // never issued
    }
};

QTEST_GUILESS_MAIN(TestDeviceAuthorizations)
#include "tst_deviceauthorizations.moc"
