// The pure parts of a browser sign-in: PKCE (RFC 7636), state, the authorization URL, and the
// checks on the redirect that comes back (RFC 6749 §4.1.2, §10.12, RFC 9207).
#include "auth/authorizationredirect.h"
#include "auth/pkce.h"

#include <QSet>
#include <QTest>
#include <QUrlQuery>

using namespace tw;
using namespace tw::AuthorizationRedirect;

class TestAuthorizationRedirect : public QObject
{
    Q_OBJECT
private:
    static Expectation expected(bool issRequired = false)
    {
        Expectation e;
        e.state = QStringLiteral("s-123");
        e.issuer = QStringLiteral("https://idp.example/oauth2");
        e.issRequired = issRequired;
        return e;
    }
    static Profile profile()
    {
        Profile p;
        p.name = QStringLiteral("browser");
        p.clientId = QStringLiteral("my app");
        p.scope = QStringLiteral("openid offline_access");
        p.prompt = QStringLiteral("consent");
        p.loginHint = QStringLiteral("ann+x@example.com");
        p.grant = Grant::AuthorizationCode;
        return p;
    }

private Q_SLOTS:
    void s256MatchesRfc7636AppendixB()
    {
        QCOMPARE(Pkce::s256Challenge(QStringLiteral("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")),
                 QStringLiteral("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"));
    }

    void verifiersAndStatesAreLongRandomAndUnreserved()
    {
        QSet<QString> seen;
        for (int i = 0; i < 50; ++i) {
            const QString verifier = Pkce::newCodeVerifier();
            QCOMPARE(verifier.size(), 43); // 32 octets
            QVERIFY(Pkce::isValidCodeVerifier(verifier));
            const QString state = Pkce::newState();
            QVERIFY(state.size() >= 22); // at least 128 bits in base64url
            QVERIFY(!seen.contains(verifier) && !seen.contains(state));
            seen << verifier << state;
        }
        QVERIFY(!Pkce::isValidCodeVerifier(QString(42, QLatin1Char('a'))));
        QVERIFY(Pkce::isValidCodeVerifier(QString(128, QLatin1Char('a'))));
        QVERIFY(!Pkce::isValidCodeVerifier(QString(129, QLatin1Char('a'))));
        QVERIFY(!Pkce::isValidCodeVerifier(QString(42, QLatin1Char('a')) + QLatin1Char('+')));
    }

    void authorizationUrlCarriesEveryParameterEncoded()
    {
        const QUrl endpoint(QStringLiteral("https://idp.example/authorize?tenant=a%26b"));
        const QUrl url = authorizationUrl(endpoint, profile(), loopbackRedirectUri(51234),
                                          QStringLiteral("st"), QStringLiteral("ch"));
        const QString text = url.toString(QUrl::FullyEncoded);
        QVERIFY2(text.startsWith(QLatin1String("https://idp.example/authorize?tenant=a%26b&")),
                 qPrintable(text));
        const auto params = parseQuery(url.query(QUrl::FullyEncoded).toLatin1());
        auto value = [&](const char *name) {
            for (const auto &[key, v] : params) {
                if (key == QLatin1String(name))
                    return v;
            }
            return QStringLiteral("<missing>");
        };
        QCOMPARE(value("tenant"), QStringLiteral("a&b")); // RFC 6749 §3.1: kept
        QCOMPARE(value("response_type"), QStringLiteral("code"));
        QCOMPARE(value("client_id"), QStringLiteral("my app"));
        QCOMPARE(value("redirect_uri"), QStringLiteral("http://127.0.0.1:51234/callback"));
        QCOMPARE(value("scope"), QStringLiteral("openid offline_access"));
        QCOMPARE(value("state"), QStringLiteral("st"));
        QCOMPARE(value("code_challenge"), QStringLiteral("ch"));
        QCOMPARE(value("code_challenge_method"), QStringLiteral("S256"));
        QCOMPARE(value("prompt"), QStringLiteral("consent"));
        QCOMPARE(value("login_hint"), QStringLiteral("ann+x@example.com"));
        // A space is %20 and a plus %2B: no server can read one as the other.
        QVERIFY(text.contains(QLatin1String("scope=openid%20offline_access")));
        QVERIFY(text.contains(QLatin1String("login_hint=ann%2Bx%40example.com")));
        QVERIFY(!text.contains(QLatin1String("code_verifier")));
    }

    void onlyAnHttpsPageWithS256IsOpened()
    {
        Profile p = profile();
        const QStringList s256{QStringLiteral("S256")};
        QVERIFY(!endpointProblem(QUrl(QStringLiteral("https://idp.example/authorize")), s256, p));
        QVERIFY(!endpointProblem(QUrl(QStringLiteral("https://idp.example/authorize")), {}, p));
        QVERIFY(!endpointProblem(QUrl(QStringLiteral("http://127.0.0.1:8080/authorize")), s256, p));
        QVERIFY(endpointProblem(QUrl(), s256, p)
                    ->message.contains(QLatin1String("no authorization_endpoint")));
        QVERIFY(endpointProblem(QUrl(QStringLiteral("https://idp.example/authorize")),
                                {QStringLiteral("plain")}, p)
                    ->message.contains(QLatin1String("S256")));
        const auto plainHttp =
            endpointProblem(QUrl(QStringLiteral("http://idp.example/authorize")), s256, p);
        QVERIFY(plainHttp);
        QCOMPARE(plainHttp->code, Error::Code::Refused);
        QVERIFY(endpointProblem(QUrl(QStringLiteral("javascript:alert(1)")), s256, p));
        p.options.allowInsecureHttp = true;
        QVERIFY(!endpointProblem(QUrl(QStringLiteral("http://idp.example/authorize")), s256, p));
    }

    void redirectQueryIsFormDecoded()
    {
        const auto params = parseQuery("code=a%2Bb&error_description=Access+denied%21&flag&=x");
        QCOMPARE(params.size(), 4);
        QCOMPARE(params.at(0).second, QStringLiteral("a+b"));
        QCOMPARE(params.at(1).second, QStringLiteral("Access denied!"));
        QCOMPARE(params.at(2).first, QStringLiteral("flag"));
    }

    void goodRedirectGivesTheCode()
    {
        auto code = codeFrom(parseQuery("code=abc.DEF-1&state=s-123&iss=https%3A%2F%2Fidp.example"
                                        "%2Foauth2"),
                             expected(true));
        QVERIFY(code);
        QCOMPARE(code.value(), QStringLiteral("abc.DEF-1"));
        // iss may be absent where discovery promised nothing.
        QVERIFY(codeFrom(parseQuery("code=abc&state=s-123"), expected(false)));
    }

    void forgedOrMixedUpRedirectsAreRefused_data()
    {
        QTest::addColumn<QByteArray>("query");
        QTest::addColumn<bool>("issRequired");
        QTest::addColumn<QString>("says");
        QTest::addColumn<int>("code");
        const int refused = int(Error::Code::Refused);
        QTest::newRow("wrong state") << QByteArray("code=abc&state=other") << false
                                     << QStringLiteral("state did not match") << refused;
        QTest::newRow("no state") << QByteArray("code=abc") << false
                                  << QStringLiteral("state did not match") << refused;
        QTest::newRow("error without our state")
            << QByteArray("error=access_denied&state=x") << false
            << QStringLiteral("state did not match") << refused;
        QTest::newRow("repeated code") << QByteArray("code=a&code=b&state=s-123") << false
                                       << QStringLiteral("repeats") << refused;
        QTest::newRow("repeated state") << QByteArray("code=a&state=s-123&state=s-123") << false
                                        << QStringLiteral("repeats") << refused;
        QTest::newRow("foreign iss")
            << QByteArray("code=a&state=s-123&iss=https%3A%2F%2Fevil.example") << false
            << QStringLiteral("mix-up") << refused;
        QTest::newRow("iss with a trailing slash")
            << QByteArray("code=a&state=s-123&iss=https%3A%2F%2Fidp.example%2Foauth2%2F") << false
            << QStringLiteral("mix-up") << refused;
        QTest::newRow("promised iss missing") << QByteArray("code=a&state=s-123") << true
                                              << QStringLiteral("lacks the iss") << refused;
        QTest::newRow("foreign iss on an error")
            << QByteArray("error=access_denied&state=s-123&iss=https%3A%2F%2Fevil.example") << false
            << QStringLiteral("mix-up") << refused;
        QTest::newRow("neither code nor error")
            << QByteArray("state=s-123") << false << QStringLiteral("neither")
            << int(Error::Code::BadResponse);
        QTest::newRow("code with a space")
            << QByteArray("code=a+b&state=s-123") << false << QStringLiteral("unusable")
            << int(Error::Code::BadResponse);
    }

    void forgedOrMixedUpRedirectsAreRefused()
    {
        QFETCH(QByteArray, query);
        QFETCH(bool, issRequired);
        QFETCH(QString, says);
        QFETCH(int, code);
        const auto result = codeFrom(parseQuery(query), expected(issRequired));
        QVERIFY(!result);
        QVERIFY2(result.error().message.contains(says), qPrintable(result.error().message));
        QCOMPARE(int(result.error().code), code);
    }

    void errorRedirectIsSanitisedAndNamed()
    {
        const auto denied = codeFrom(
            parseQuery(
                "error=access_denied&error_description=No%1B%5B31m+way%E2%80%AE&state=s-123"),
            expected());
        QVERIFY(!denied);
        QCOMPARE(denied.error().code, Error::Code::OAuth);
        QCOMPARE(denied.error().message, QStringLiteral("The sign-in was denied."));
        QCOMPARE(denied.error().oauthError, QStringLiteral("access_denied"));
        QVERIFY(!denied.error().oauthDescription.contains(QChar(0x1B)));
        QVERIFY(!denied.error().oauthDescription.contains(QChar(0x202E)));
        QVERIFY(denied.error().oauthDescription.contains(QLatin1String("way")));

        const QByteArray longText(5000, 'x');
        const auto other = codeFrom(
            parseQuery("error=server_error&error_description=" + longText + "&state=s-123"),
            expected());
        QVERIFY(!other);
        QVERIFY(other.error().message.contains(QLatin1String("refused the sign-in")));
        QVERIFY(other.error().oauthDescription.size() <= 201);
    }
};

QTEST_GUILESS_MAIN(TestAuthorizationRedirect)
#include "tst_authorizationredirect.moc"
