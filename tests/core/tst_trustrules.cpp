// The small rules that keep server values data (DESIGN.md "Trust rules"), unit by unit; the
// attacks that exercise them end to end are in tests/integration/tst_hostile*.cpp.
#include "auth/token.h"
#include "common/httpclient.h"
#include "common/redact.h"
#include "msp/customer.h"
#include "msp/customercsv.h"
#include "profiles/profile.h"

#include <QTest>

using namespace tw;

class TestTrustRules : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void serverTextLosesControlAndBidiCharacters()
    {
        QCOMPARE(sanitizeServerText(QStringLiteral("a\nb\tc\rd")), QStringLiteral("a b c d"));
        const QString hostile = QStringLiteral("\x1b[2J\x1b]0;t\x07x") + QChar(0x9b) +
                                QChar(0x202e) + QChar(0x2066) + QStringLiteral("y\x7f");
        const QString clean = sanitizeServerText(hostile);
        for (const QChar c : clean)
            QVERIFY2(c == QChar(0xFFFD) || c.isPrint(),
                     qPrintable(QString::number(c.unicode(), 16)));
        QVERIFY(clean.contains(QLatin1String("[2J")));
        QCOMPARE(sanitizeServerText(QStringLiteral("plain é ü 日本")),
                 QStringLiteral("plain é ü 日本"));
    }

    void knownSecretsAreRedactedInEveryForm()
    {
        const QString secret = QStringLiteral("a+b/c= d&\"e");
        KnownSecrets known;
        known.remember(QStringLiteral("p/client_secret"), secret);
        known.rememberBasic(QStringLiteral("p/basic"),
                            "Basic " + QByteArray("client:" + secret.toUtf8()).toBase64());
        const QString text =
            QStringLiteral("raw %1 | pct %2 | form %3 | json %4 | b64 %5 | basic %6")
                .arg(secret, QString::fromLatin1(QUrl::toPercentEncoding(secret)),
                     QStringLiteral("a%2Bb%2Fc%3D+d%26%22e"), QStringLiteral("a+b\\/c= d&\\\"e"),
                     QString::fromLatin1(secret.toUtf8().toBase64()),
                     QString::fromLatin1(("client:" + secret.toUtf8()).toBase64()));
        const QString redacted = known.redact(text);
        QCOMPARE(redacted.count(kRedacted), 6);
        // Any length: a three-character secret is still a secret.
        KnownSecrets shortOne;
        shortOne.remember(QStringLiteral("s"), QStringLiteral("x9!"));
        QCOMPARE(shortOne.redact(QStringLiteral("got x9! back")),
                 QStringLiteral("got ") + kRedacted + QStringLiteral(" back"));
    }

    // A long-running process sees many tokens: each slot keeps only its latest value.
    void knownSecretsStayBounded()
    {
        KnownSecrets known;
        for (int i = 0; i < 1000; ++i)
            known.remember(QStringLiteral("profile|/access"), QStringLiteral("token-%1").arg(i));
        QVERIFY(known.values().size() <= 5);
        QCOMPARE(known.redact(QStringLiteral("token-999")), kRedacted);
        QCOMPARE(known.redact(QStringLiteral("token-998")), QStringLiteral("token-998"));
        known.forget(QStringLiteral("profile|"));
        QVERIFY(known.values().isEmpty());
    }

    // A bulk mint knows thousands of customer tokens at once: every one is still found, in
    // one pass over the text, and where two known values overlap the longer one wins.
    void thousandsOfKnownTokensAreAllRedacted()
    {
        KnownSecrets known;
        auto token = [](int i) {
            return QStringLiteral("eyJcustomer.%1.sig").arg(i, 5, 10, QLatin1Char('0'));
        };
        for (int i = 0; i < 2000; ++i)
            known.remember(QStringLiteral("msp|gcid-%1/access").arg(i), token(i));
        known.remember(QStringLiteral("short"), QStringLiteral("k3y"));
        known.remember(QStringLiteral("inner"), QStringLiteral("abcdefghij"));
        known.remember(QStringLiteral("outer"), QStringLiteral("abcdefghijKLMNOP"));
        const QString text =
            QStringLiteral("first %1, last %2 (b64 %3), pct %4; k3y; abcdefghijKLMNOP; abcdefghij!")
                .arg(token(0), token(1999), QString::fromLatin1(token(1999).toUtf8().toBase64()),
                     QString::fromLatin1(QUrl::toPercentEncoding(token(7))));
        const QString redacted = known.redact(text);
        QCOMPARE(redacted,
                 QStringLiteral("first %1, last %1 (b64 %1), pct %1; %1; %1; %1!").arg(kRedacted));
        // A slot that gets a new value forgets the old one (the index is rebuilt).
        known.remember(QStringLiteral("msp|gcid-5/access"), QStringLiteral("eyJrenewed-token-5"));
        QCOMPARE(known.redact(token(5)), token(5));
        QCOMPARE(known.redact(QStringLiteral("eyJrenewed-token-5")), kRedacted);
        QCOMPARE(known.redact(token(6)), kRedacted);
    }

    void tokensArePrintableAsciiWithoutSpaces()
    {
        QVERIFY(tokenValueProblem(QStringLiteral("eyJ.abc-_~+/=:"), QStringLiteral("access_token"))
                    .isEmpty());
        for (const QString &bad :
             {QString(), QStringLiteral("a b"), QStringLiteral("a\rb"), QStringLiteral("a\x7f"),
              QStringLiteral("é"), QStringLiteral("\x1b")}) {
            const QString problem = tokenValueProblem(bad, QStringLiteral("access_token"));
            QVERIFY2(!problem.isEmpty(), qPrintable(bad));
            QVERIFY(!problem.contains(bad) || bad.isEmpty()); // never quotes the value
        }
        QCOMPARE(commvaultSessionValue(QStringLiteral("QSDK 3a4f")), QStringLiteral("3a4f"));
    }

    void headersCannotCarryLineBreaks()
    {
        QVERIFY(headerProblem("X-Ok", "value with spaces").isEmpty());
        QVERIFY(!headerProblem("X-Bad", "a\r\nX-Injected: 1").isEmpty());
        QVERIFY(!headerProblem("X-Bad", QByteArray("a\0b", 3)).isEmpty());
        QVERIFY(!headerProblem("Bad Name", "v").isEmpty());
        QVERIFY(!headerProblem("", "v").isEmpty());
    }

    void credentialHeaderNames()
    {
        for (const char *name :
             {"Authorization", "authtoken", "Cookie", "Proxy-Authorization", "X-Api-Key",
              "X-Auth-Thing", "X-Custom-Secret", "X-Amz-Security-Token", "X-Password"})
            QVERIFY2(isCredentialHeaderName(name), name);
        for (const char *name : {"Accept", "Content-Type", "X-Request-Id", "Keep-Alive"})
            QVERIFY2(!isCredentialHeaderName(name), name);
    }

    void customerIdsAreOneSafeSegment()
    {
        QVERIFY(Customer::idProblem(QStringLiteral("gcid-123")).isEmpty());
        QVERIFY(Customer::idProblem(QStringLiteral("../../x")).isEmpty()); // encoded as one segment
        for (const QString &bad : {QString(), QStringLiteral("."), QStringLiteral(".."),
                                   QStringLiteral("a\nb"), QString(300, QLatin1Char('x'))})
            QVERIFY2(!Customer::idProblem(bad).isEmpty(), qPrintable(bad));
        // A list entry with such an id is left out like any malformed entry.
        QVERIFY(!Customer::fromJson(QJsonObject{{QStringLiteral("id"), QStringLiteral("..")}}));
    }

    void csvCellsCannotStartAFormula()
    {
        for (const QString &cell :
             {QStringLiteral("=1+1"), QStringLiteral("+cmd"), QStringLiteral("-2"),
              QStringLiteral("@SUM(A1)"), QStringLiteral("\tx"), QStringLiteral("\rx")})
            QVERIFY2(CustomerCsv::neutralise(cell).startsWith(QLatin1Char('\'')), qPrintable(cell));
        QCOMPARE(CustomerCsv::neutralise(QStringLiteral("Acme")), QStringLiteral("Acme"));
        QCOMPARE(CustomerCsv::quote(QStringLiteral("=a,b")), QStringLiteral("\"'=a,b\""));
    }

    void profileNamesArePlainText()
    {
        QVERIFY(Profile::nameProblem(QStringLiteral("Prod MSP (EU)")).isEmpty());
        for (const QString &bad :
             {QString(), QStringLiteral("  "), QStringLiteral("a\x1b[31m"), QStringLiteral("a\tb"),
              QStringLiteral("rtl") + QChar(0x202e), QStringLiteral("iso") + QChar(0x2067),
              QString(201, QLatin1Char('n'))})
            QVERIFY2(!Profile::nameProblem(bad).isEmpty(), qPrintable(bad));
    }
};

QTEST_GUILESS_MAIN(TestTrustRules)
#include "tst_trustrules.moc"
