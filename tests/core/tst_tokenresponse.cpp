// (No raw string literals here: Qt 6.4's moc loses the class after some of them.)
// Every malformed or refused answer gets a specific message that quotes no secret.
#include "auth/tokenresponse.h"
#include "common/redact.h"
#include "common/replyerror.h"

#include <QTest>

using namespace tw;

namespace {
HttpReply reply(int status, const QByteArray &body)
{
    HttpReply r;
    r.status = status;
    r.body = body;
    r.finalUrl = QUrl(QStringLiteral("https://idp.example/token"));
    return r;
}
const QDateTime kSent = QDateTime(QDate(2026, 1, 1), QTime(12, 0), Qt::UTC);
const QByteArray kSecretToken = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLXNlY3JldA";
} // namespace

class TestTokenResponse : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void goodAnswerIsParsed()
    {
        auto t =
            TokenResponse::parseOAuth(reply(200, "{\"access_token\":\"abc\",\"token_type\":"
                                                 "\"bearer\",\"expires_in\":900,\"x_extra\":1}"),
                                      kSent);
        QVERIFY(t);
        QCOMPARE(t.value().accessToken, QStringLiteral("abc"));
        QVERIFY(t.value().isBearer());
        QCOMPARE(*t.value().expiresInSec, 900);
        QCOMPARE(t.value().expiresAt, kSent.addSecs(900 - 10));
        QCOMPARE(t.value().extra.value(QLatin1String("x_extra")).toInt(), 1); // unknown fields kept
        QVERIFY(t.value().warning.isEmpty());
    }

    void opaqueTokensWithSpecialCharactersStayIntact()
    {
        auto t = TokenResponse::parseOAuth(
            reply(200, "{\"access_token\":\"a:b+c/"
                       "d==\",\"token_type\":\"Bearer\",\"expires_in\":\"1800\"}"),
            kSent);
        QVERIFY(t);
        QCOMPARE(t.value().accessToken, QStringLiteral("a:b+c/d=="));
        QCOMPARE(*t.value().expiresInSec, 1800); // numeric string accepted
    }

    void untrustedExpiresInIsReportedNotFatal_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<QString>("warningPart");
        QTest::newRow("missing") << QByteArray() << "no expires_in";
        QTest::newRow("zero") << QByteArray(",\"expires_in\":0") << "not trusted";
        QTest::newRow("negative") << QByteArray(",\"expires_in\":-5") << "not trusted";
        QTest::newRow("absurd") << QByteArray(",\"expires_in\":999999999999")
                                << "999999999999 s (more than ten years)";
        // Found by fuzz_tokenresponse: beyond qint64, the message once converted it (UB).
        QTest::newRow("beyond qint64")
            << QByteArray(",\"expires_in\":1e308") << "1e+308 s (more than ten years)";
        QTest::newRow("beyond qint64 as text")
            << QByteArray(",\"expires_in\":\"-1e300\"") << "not trusted";
        QTest::newRow("just beyond qint64")
            << QByteArray(",\"expires_in\":9.3e18") << "9.3e+18 s (more than ten years)";
        QTest::newRow("text") << QByteArray(",\"expires_in\":\"soon\"") << "not a number";
        QTest::newRow("bool") << QByteArray(",\"expires_in\":true") << "not a number";
    }
    void untrustedExpiresInIsReportedNotFatal()
    {
        QFETCH(QByteArray, value);
        QFETCH(QString, warningPart);
        auto t =
            TokenResponse::parseOAuth(reply(200, "{\"access_token\":\"abc\"" + value + "}"), kSent);
        QVERIFY(t);
        QVERIFY(!t.value().expiresInSec);
        QVERIFY(!t.value().expiresAt.isValid());
        QVERIFY2(t.value().warning.contains(warningPart), qPrintable(t.value().warning));
    }

    void malformedAnswersGetSpecificErrors_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("messagePart");
        QTest::newRow("missing access_token")
            << 200 << QByteArray("{\"token_type\":\"bearer\",\"expires_in\":900}")
            << "without an access_token (fields: expires_in, token_type)";
        QTest::newRow("empty access_token")
            << 200 << QByteArray("{\"access_token\":\"\"}") << "not a non-empty string";
        QTest::newRow("numeric access_token")
            << 200 << QByteArray("{\"access_token\":42}") << "not a non-empty string";
        QTest::newRow("not json") << 200 << QByteArray("access_token=abc&x=1") << "not valid JSON";
        QTest::newRow("truncated")
            << 200 << QByteArray("{\"access_token\":\"abc\",\"expires_in\":9") << "cut off";
        QTest::newRow("array") << 200 << QByteArray("[1,2]") << "not an object";
        QTest::newRow("empty") << 200 << QByteArray("") << "empty answer";
        QTest::newRow("html 200")
            << 200 << QByteArray("<html><head><title>Sign in</title></head><body>x</body></html>")
            << "an HTML page titled \"Sign in\"";
        QTest::newRow("html 502")
            << 502 << QByteArray("<!DOCTYPE html><html><title>502 Bad Gateway</title></html>")
            << "bad gateway";
        QTest::newRow("500 plain") << 500 << QByteArray("oops") << "internal error";
    }
    void malformedAnswersGetSpecificErrors()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(QString, messagePart);
        auto t = TokenResponse::parseOAuth(reply(status, body), kSent);
        QVERIFY(!t);
        const QString text = t.error().toString();
        QVERIFY2(text.contains(messagePart), qPrintable(text));
        QVERIFY2(!text.contains(QLatin1String("<html")) &&
                     !text.contains(QLatin1String("<!DOCTYPE")),
                 qPrintable(text));
        if (status != 200)
            QCOMPARE(t.error().httpStatus, status);
    }

    void serverReasonsAreQuoted_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("error");
        QTest::addColumn<QString>("description");
        QTest::newRow("rfc6749")
            << 401
            << QByteArray("{\"error\":\"invalid_client\",\"error_description\":\"bad secret\"}")
            << "invalid_client"
            << "bad secret";
        QTest::newRow("druva")
            << 401 << QByteArray("{\"code\":\"AUTH_FAILED\",\"message\":\"Invalid credentials\"}")
            << "AUTH_FAILED"
            << "Invalid credentials";
        QTest::newRow("commvault")
            << 401 << QByteArray("{\"errorMessage\":\"Access denied\",\"errorCode\":5}") << "5"
            << "Access denied";
    }
    void serverReasonsAreQuoted()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(QString, error);
        QFETCH(QString, description);
        const Error e = errorFromReply(reply(status, body), QStringLiteral("token request"));
        QCOMPARE(e.code, Error::Code::OAuth);
        QCOMPARE(e.oauthError, error);
        QCOMPARE(e.oauthDescription, description);
        QCOMPARE(e.httpStatus, status);
        QVERIFY(TokenResponse::isInvalidClient(e) ==
                (error == QLatin1String("invalid_client") || (status == 401 && error.isEmpty())));
    }

    void noTokenOrSecretReachesAMessage()
    {
        // A 400 that echoes the secret and a token back, a truncated body with a token.
        const QByteArray echo = "{\"error\":\"invalid_request\",\"client_secret\":\"Msp+Secret/"
                                "Demo=42:x\",\"access_token\":\"" +
                                kSecretToken + "\",\"detail\":\"token " + kSecretToken + "\"}";
        const Error e = errorFromReply(reply(400, echo), QStringLiteral("token request"));
        QVERIFY(!e.toString().contains(QLatin1String("Msp+Secret")));
        QVERIFY(!e.toString().contains(QString::fromLatin1(kSecretToken)));

        auto t =
            TokenResponse::parseOAuth(reply(200, "{\"access_token\":\"" + kSecretToken), kSent);
        QVERIFY(!t);
        QVERIFY2(!t.error().toString().contains(QString::fromLatin1(kSecretToken.left(20))),
                 qPrintable(t.error().toString()));
        QVERIFY(t.error().toString().size() < 600);
    }

    void networkFailuresNameTheHost()
    {
        HttpReply r;
        r.finalUrl = QUrl(QStringLiteral("https://idp.example/token"));
        r.networkError = QNetworkReply::ConnectionRefusedError;
        r.networkErrorText = QStringLiteral("Connection refused");
        const Error e = errorFromReply(r, QStringLiteral("token request"));
        QCOMPARE(e.code, Error::Code::Network);
        QVERIFY(e.message.contains(QLatin1String("idp.example")));
        QVERIFY(e.message.contains(QLatin1String("Connection refused")));
    }

    void snippetsAreShortAndRedacted()
    {
        const QString s = safeSnippet(QByteArray(5000, 'a') + " tail");
        QVERIFY(s.size() <= 201);
        QVERIFY(!s.contains(QLatin1String("aaaaaaaaaaaaaaaaaaaaaaaaaaaa")));
        const QString redacted = safeSnippet("{\"password\":\"hunter2\",\"ok\":true}");
        QVERIFY2(redacted.contains(kRedacted) && !redacted.contains(QLatin1String("hunter2")),
                 qPrintable(redacted));
    }
};

QTEST_GUILESS_MAIN(TestTokenResponse)
#include "tst_tokenresponse.moc"
