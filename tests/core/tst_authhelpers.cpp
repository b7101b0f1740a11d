// Small pure pieces of the engine: discovery URLs, Retry-After, request URLs, Commvault horizons.
#include "auth/apiclient.h"
#include "auth/commvaultpair.h"
#include "auth/discovery.h"
#include "auth/transportpolicy.h"
#include "common/retryafter.h"

#include <QJsonObject>
#include <QTest>

using namespace tw;

class TestAuthHelpers : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void discoveryUrlsFollowTheirSpecs()
    {
        const QUrl issuer(QStringLiteral("https://idp.example/tenant/1/"));
        QCOMPARE(DiscoveryClient::openIdUrl(issuer).toString(),
                 QStringLiteral("https://idp.example/tenant/1/.well-known/openid-configuration"));
        // RFC 8414 §3.1 inserts the well-known segment before the path.
        QCOMPARE(
            DiscoveryClient::oauthServerUrl(issuer).toString(),
            QStringLiteral("https://idp.example/.well-known/oauth-authorization-server/tenant/1"));
        QCOMPARE(
            DiscoveryClient::oauthServerUrl(QUrl(QStringLiteral("https://idp.example"))).toString(),
            QStringLiteral("https://idp.example/.well-known/oauth-authorization-server"));
    }

    void discoveryRejectsAForeignIssuerAndDefaultsTheAuthMethod()
    {
        HttpReply reply;
        reply.status = 200;
        reply.finalUrl =
            QUrl(QStringLiteral("https://idp.example/.well-known/openid-configuration"));
        reply.body =
            "{\"issuer\":\"https://evil.example\",\"token_endpoint\":\"https://evil.example/t\"}";
        auto doc = DiscoveryClient::parse(reply, QUrl(QStringLiteral("https://idp.example")));
        QVERIFY(!doc);
        QVERIFY(doc.error().message.contains(QLatin1String("issuer")));
        reply.body =
            "{\"issuer\":\"https://idp.example/\",\"token_endpoint\":\"https://idp.example/t\"}";
        doc = DiscoveryClient::parse(reply, QUrl(QStringLiteral("https://idp.example")));
        QVERIFY(doc);
        QCOMPARE(doc.value().authMethods, QStringList{QStringLiteral("client_secret_basic")});
        reply.body = "{\"issuer\":\"https://idp.example\"}";
        QVERIFY(!DiscoveryClient::parse(reply, QUrl(QStringLiteral("https://idp.example"))));
    }

    void retryAfterTakesSecondsOrADate()
    {
        const QDateTime now(QDate(2026, 11, 23), QTime(10, 0, 0), Qt::UTC);
        QCOMPARE(parseRetryAfter("7", now), 7);
        QCOMPARE(parseRetryAfter(" 0 ", now), 0);
        QCOMPARE(parseRetryAfter("Mon, 23 Nov 2026 10:00:30 GMT", now), 30);
        QCOMPARE(parseRetryAfter("Mon, 23 Nov 2026 09:00:00 GMT", now), 0);
        QCOMPARE(parseRetryAfter("Monday, 23-Nov-26 10:01:00 GMT", now), 60);
        QCOMPARE(parseRetryAfter("Mon Nov 23 10:02:00 2026", now), 120);
        QVERIFY(!parseRetryAfter("soon", now));
        QVERIFY(!parseRetryAfter("", now));
    }

    // A hostile Retry-After must never become a negative, wrapped or overflowing wait.
    void retryAfterIsSixtyFourBitAndNeverNegative()
    {
        const QDateTime now(QDate(2026, 11, 23), QTime(10, 0, 0), Qt::UTC);
        QCOMPARE(parseRetryAfter("4294967296", now), 4294967296LL); // 2^32: past any int
        QCOMPARE(parseRetryAfter("99999999999999999999999999", now), kMaxRetryAfterSec);
        QVERIFY(!parseRetryAfter("-5", now));
        QVERIFY(!parseRetryAfter("1.5", now));
        QVERIFY(!parseRetryAfter("5 6", now));
        QCOMPARE(parseRetryAfter("Fri, 31 Dec 9999 23:59:59 GMT", now), kMaxRetryAfterSec);
    }

    void pathsResolveAgainstTheApiBaseAndStayOnOrigin()
    {
        Profile p = Profile::preset(ProviderKind::DruvaMsp);
        p.name = QStringLiteral("msp");
        auto url = ApiClient::resolve(p, QStringLiteral("msp/v3/customers?pageSize=5"), {});
        QVERIFY(url);
        QCOMPARE(url.value().toString(),
                 QStringLiteral("https://apis.druva.com/msp/v3/customers?pageSize=5"));
        url = ApiClient::resolve(p, QStringLiteral("/x"),
                                 {{QStringLiteral("a b"), QStringLiteral("c&d")}});
        QCOMPARE(url.value().toString(QUrl::FullyEncoded),
                 QStringLiteral("https://apis.druva.com/x?a%20b=c%26d"));
        QVERIFY(ApiClient::resolve(p, QStringLiteral("https://apis.druva.com/other"), {}));
        auto refused =
            ApiClient::resolve(p, QStringLiteral("https://apis.druva.com.evil.example/x"), {});
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, Error::Code::Refused);
        QVERIFY(!TransportPolicy::isOwnOrigin(
            p, QUrl(QStringLiteral("http://apis.druva.com/x")))); // scheme counts
    }

    void commvaultHorizonsFollowTheScope_data()
    {
        QTest::addColumn<int>("scope");
        QTest::addColumn<qint64>("lifetime");
        QTest::addColumn<bool>("renewable");
        QTest::newRow("all") << int(CommvaultScope::All) << qint64(1800) << true;
        QTest::newRow("custom") << int(CommvaultScope::Custom) << qint64(1800) << true;
        QTest::newRow("scim") << int(CommvaultScope::Scim) << qint64(30) * 86400 << false;
        QTest::newRow("1-touch") << int(CommvaultScope::OneTouch) << qint64(7) * 86400 << false;
    }
    void commvaultHorizonsFollowTheScope()
    {
        QFETCH(int, scope);
        QFETCH(qint64, lifetime);
        QFETCH(bool, renewable);
        Profile p = Profile::preset(ProviderKind::Commvault);
        p.commvault.scope = CommvaultScope(scope);
        p.commvault.created = QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC);
        const auto pair =
            CommvaultPair::initial(p, QStringLiteral("a"), QStringLiteral("r"), QDateTime());
        QCOMPARE(pair.created.secsTo(pair.accessExpiresAt), lifetime);
        QCOMPARE(pair.renewable(p), renewable);
        if (renewable) {
            QCOMPARE(pair.accessExpiresAt.daysTo(pair.refreshExpiresAt), 14);
            QCOMPARE(pair.created.daysTo(pair.renewableUntil), 90);
        }
        const Token t = pair.toToken(p);
        QCOMPARE(t.refreshExpiresAt.isValid(), renewable);
        QCOMPARE(t.warning.isEmpty(), renewable);
    }

    void commvaultRenewalTrustsTheServersExpiry()
    {
        CommvaultPair before;
        before.accessToken = QStringLiteral("a1");
        before.refreshToken = QStringLiteral("r1");
        const QDateTime now(QDate(2026, 5, 1), QTime(12, 0), Qt::UTC);
        QJsonObject answer{
            {QStringLiteral("accessToken"), QStringLiteral("a2")},
            {QStringLiteral("refreshToken"), QStringLiteral("r2")},
            {QStringLiteral("tokenExpiryTimestamp"), double(now.addSecs(7200).toSecsSinceEpoch())}};
        auto after = CommvaultPair::renewed(before, answer, now);
        QVERIFY(after);
        QCOMPARE(after->accessExpiresAt, now.addSecs(7200)); // 2 h on recent releases
        QCOMPARE(after->issuedAt, now);
        answer.remove(QStringLiteral("refreshToken"));
        QVERIFY(!CommvaultPair::renewed(before, answer, now)); // both must rotate
    }
};

QTEST_GUILESS_MAIN(TestAuthHelpers)
#include "tst_authhelpers.moc"
