#include "jwt/jwt.h"

#include <QJsonDocument>
#include <QTest>

using tw::Jwt;

namespace {
QByteArray segment(const QJsonObject &json)
{
    return QJsonDocument(json)
        .toJson(QJsonDocument::Compact)
        .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QString makeToken(const QJsonObject &header, const QJsonObject &claims, const QByteArray &sig)
{
    return QString::fromLatin1(
        segment(header) + '.' + segment(claims) + '.' +
        sig.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}
} // namespace

class TestJwt : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void decodesHeaderClaimsAndSignature()
    {
        const QString token =
            makeToken({{"alg", "HS256"}, {"typ", "JWT"}},
                      {{"sub", "tw-demo-msp"}, {"exp", 1700000900}}, QByteArray("\xff\xfe\x01", 3));
        const auto jwt = Jwt::decode(token);
        QVERIFY(jwt.ok());
        QCOMPARE(jwt.value().header.value("alg").toString(), QStringLiteral("HS256"));
        QCOMPARE(jwt.value().claims.value("sub").toString(), QStringLiteral("tw-demo-msp"));
        QCOMPARE(jwt.value().signature, QByteArray("\xff\xfe\x01", 3));
        QVERIFY(!jwt.value().encrypted);
    }

    void toleratesBearerPrefixWhitespaceAndPadding()
    {
        const QByteArray header = QJsonDocument(QJsonObject{{"alg", "none"}})
                                      .toJson(QJsonDocument::Compact)
                                      .toBase64(QByteArray::Base64UrlEncoding); // with '='
        const QByteArray claims = QJsonDocument(QJsonObject{{"a", 1}})
                                      .toJson(QJsonDocument::Compact)
                                      .toBase64(QByteArray::Base64UrlEncoding);
        const QString token = QStringLiteral("  Bearer ") +
                              QString::fromLatin1(header + '.' + claims + '.') +
                              QStringLiteral("\n");
        const auto jwt = Jwt::decode(token);
        QVERIFY2(jwt.ok(), qPrintable(jwt.ok() ? QString() : jwt.error().message));
        QCOMPARE(jwt.value().claims.value("a").toInt(), 1);
        QVERIFY(jwt.value().signature.isEmpty());
    }

    void acceptsStandardBase64Alphabet()
    {
        const auto seg = Jwt::decodeSegment("-_8");
        QVERIFY(seg.has_value());
        QCOMPARE(*seg, QByteArray("\xfb\xff", 2));
        QCOMPARE(*Jwt::decodeSegment("+/8="), QByteArray("\xfb\xff", 2));
    }

    void opaqueTokensAreNotJwts_data()
    {
        QTest::addColumn<QString>("token");
        QTest::newRow("empty") << QString();
        QTest::newRow("druva opaque") << QStringLiteral("SBX:abc+/def==+/x=");
        QTest::newRow("two parts") << QStringLiteral("abc.def");
        QTest::newRow("qsdk") << QStringLiteral("QSDK 3a5f00c0ffee");
        QTest::newRow("not json") << QStringLiteral("aGVsbG8.d29ybGQ.c2ln");
        QTest::newRow("bad base64") << QStringLiteral("e30.!!!.x");
    }
    void opaqueTokensAreNotJwts()
    {
        QFETCH(QString, token);
        const auto jwt = Jwt::decode(token);
        QVERIFY(!jwt.ok());
        QCOMPARE(jwt.error().code, tw::Error::Code::InvalidInput);
        QVERIFY(!jwt.error().message.isEmpty());
    }

    void encryptedTokenShowsHeaderOnly()
    {
        const QString token =
            QString::fromLatin1(segment({{"alg", "RSA-OAEP"}, {"enc", "A256GCM"}})) +
            QStringLiteral(".a.b.c.d");
        const auto jwt = Jwt::decode(token);
        QVERIFY(jwt.ok());
        QVERIFY(jwt.value().encrypted);
        QCOMPARE(jwt.value().header.value("enc").toString(), QStringLiteral("A256GCM"));
        QVERIFY(jwt.value().claims.isEmpty());
    }

    void timeClaims()
    {
        QVERIFY(Jwt::isTimeClaim("exp"));
        QVERIFY(Jwt::isTimeClaim("iat"));
        QVERIFY(Jwt::isTimeClaim("nbf"));
        QVERIFY(!Jwt::isTimeClaim("sub"));
        QCOMPARE(Jwt::timeValue(QJsonValue(1700000000)),
                 QDateTime::fromSecsSinceEpoch(1700000000, Qt::UTC));
        QCOMPARE(Jwt::timeValue(QJsonValue(QStringLiteral("1700000000"))),
                 QDateTime::fromSecsSinceEpoch(1700000000, Qt::UTC));
        QVERIFY(!Jwt::timeValue(QJsonValue(QStringLiteral("soon"))).isValid());
        QVERIFY(!Jwt::timeValue(QJsonValue(-5)).isValid());
        QVERIFY(!Jwt::timeValue(QJsonValue(1e15)).isValid());
        QVERIFY(!Jwt::timeValue(QJsonValue(true)).isValid());
    }
};

QTEST_GUILESS_MAIN(TestJwt)
#include "tst_jwt.moc"
