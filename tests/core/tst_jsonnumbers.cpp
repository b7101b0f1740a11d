// Numbers beyond qint64 in JSON from servers and files (found by the fuzz targets and the
// UBSan build): each is refused or shown as written, never cast (undefined behaviour).
// Under scripts/test.sh's sanitizer step a cast that comes back stops the test with UBSan.
#include "auth/commvaultpair.h"
#include "auth/token.h"
#include "common/jsonnumber.h"
#include "console/consolehistory.h"
#include "console/pagination.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace tw;

class TestJsonNumbers : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void jsonInt64KeepsWholeNumbersAndRefusesTheRest_data()
    {
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<bool>("fits");
        QTest::addColumn<qint64>("expected");
        QTest::newRow("zero") << QJsonValue(0) << true << qint64(0);
        QTest::newRow("fraction truncated") << QJsonValue(-2.9) << true << qint64(-2);
        QTest::newRow("largest double below 2^63")
            << QJsonValue(9223372036854774784.0) << true << qint64(9223372036854774784LL);
        QTest::newRow("-2^63") << QJsonValue(-9223372036854775808.0) << true
                               << std::numeric_limits<qint64>::min();
        QTest::newRow("2^63") << QJsonValue(9223372036854775808.0) << false << qint64(0);
        QTest::newRow("1e308") << QJsonValue(1e308) << false << qint64(0);
        QTest::newRow("-1e308") << QJsonValue(-1e308) << false << qint64(0);
        QTest::newRow("text") << QJsonValue(QStringLiteral("5")) << false << qint64(0);
        QTest::newRow("null") << QJsonValue() << false << qint64(0);
    }
    void jsonInt64KeepsWholeNumbersAndRefusesTheRest()
    {
        QFETCH(QJsonValue, value);
        QFETCH(bool, fits);
        QFETCH(qint64, expected);
        const auto whole = jsonInt64(value);
        QCOMPARE(whole.has_value(), fits);
        if (fits)
            QCOMPARE(*whole, expected);
    }

    void hugeNumericCursorIsShownAsWritten()
    {
        const auto doc = QJsonDocument::fromJson("{\"items\":[],\"nextPageToken\":1e300}");
        const auto next = Pagination::fromJson(doc);
        QVERIFY(next);
        QCOMPARE(next->value, QStringLiteral("1e+300"));
        const auto small = Pagination::fromJson(QJsonDocument::fromJson("{\"next_cursor\":42}"));
        QVERIFY(small);
        QCOMPARE(small->value, QStringLiteral("42"));
    }

    void commvaultRenewalIgnoresImpossibleExpiries()
    {
        CommvaultPair before;
        before.accessToken = QStringLiteral("a1");
        before.refreshToken = QStringLiteral("r1");
        const QDateTime now(QDate(2026, 5, 1), QTime(12, 0), Qt::UTC);
        for (const double absurd : {1e300, -1e300, 1e13}) {
            const QJsonObject answer{{QStringLiteral("accessToken"), QStringLiteral("a2")},
                                     {QStringLiteral("refreshToken"), QStringLiteral("r2")},
                                     {QStringLiteral("tokenExpiryTimestamp"), absurd},
                                     {QStringLiteral("refreshTokenExpiryTimestamp"), absurd},
                                     {QStringLiteral("expiresIn"), absurd}};
            const auto after = CommvaultPair::renewed(before, answer, now);
            QVERIFY(after);
            // Not trusted: the documented 30 minutes.
            QCOMPARE(after->accessExpiresAt, now.addSecs(30 * 60));
        }
    }

    void damagedTokenCacheAndHistoryNumbersAreDropped()
    {
        const QJsonObject cached{{QStringLiteral("access_token"), QStringLiteral("abc")},
                                 {QStringLiteral("token_type"), QStringLiteral("Bearer")},
                                 {QStringLiteral("expires_in"), 1e300}};
        const auto token = Token::fromCacheJson(cached);
        QVERIFY(token);
        QVERIFY(!token->expiresInSec);

        const QJsonObject entry{{QStringLiteral("request"),
                                 QJsonObject{{QStringLiteral("method"), QStringLiteral("GET")},
                                             {QStringLiteral("path"), QStringLiteral("/x")}}},
                                {QStringLiteral("total_ms"), 1e300},
                                {QStringLiteral("size"), -1e300}};
        const auto history = HistoryEntry::fromJson(entry);
        QVERIFY(history);
        QCOMPARE(history->totalMs, 0);
        QCOMPARE(history->sizeBytes, 0);
    }
};

QTEST_GUILESS_MAIN(TestJsonNumbers)
#include "tst_jsonnumbers.moc"
