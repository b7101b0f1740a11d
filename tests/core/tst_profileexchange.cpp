// The profile exchange document and the import plan, without the CLI or a keychain: what
// an export holds (never a secret), what a file must be to be imported, and what each
// conflict policy does with a taken name.
#include "profiles/importplan.h"
#include "profiles/profileexchange.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace tw;

namespace {
Profile druva(const QString &name)
{
    Profile p = Profile::preset(ProviderKind::Druva);
    p.id = QUuid::createUuid();
    p.name = name;
    p.clientId = QStringLiteral("client");
    p.secretKeys = {p.secretKey(SecretEntry::ClientSecret)};
    p.extraParams = {{QStringLiteral("tenant"), QStringLiteral("t1")},
                     {QStringLiteral("client_assertion"), QStringLiteral("eyJ.secret")}};
    return p;
}

QByteArray document(const QJsonArray &profiles, int version = 1)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("format"), ProfileExchange::kFormat},
                                     {QStringLiteral("format_version"), version},
                                     {QStringLiteral("profiles"), profiles}})
        .toJson();
}

QJsonObject minimal(const QString &name)
{
    return {{QStringLiteral("name"), name},
            {QStringLiteral("kind"), QStringLiteral("oauth2")},
            {QStringLiteral("token_url"), QStringLiteral("https://idp.example/token")},
            {QStringLiteral("client_id"), QStringLiteral("c")}};
}
} // namespace

class TestProfileExchange : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void exportHoldsNoSecretIdOrBookkeeping()
    {
        const auto exported = ProfileExchange::exportProfiles({druva(QStringLiteral("prod"))});
        const QByteArray bytes = QJsonDocument(exported.document).toJson();
        QVERIFY(!bytes.contains("eyJ.secret"));
        QVERIFY(!bytes.contains("secret_keys"));
        QVERIFY(!bytes.contains("\"id\""));
        QVERIFY(!bytes.contains("created_at"));
        QVERIFY(bytes.contains("tenant"));
        QCOMPARE(exported.dropped, QStringList{QStringLiteral("prod: client_assertion")});
    }

    void exportThenParseKeepsTheSettings()
    {
        Profile original = druva(QStringLiteral("prod"));
        original.extraParams.removeLast();
        original.options.timeoutSec = 90;
        const auto exported = ProfileExchange::exportProfiles({original});
        const auto parsed =
            ProfileExchange::parseDocument(QJsonDocument(exported.document).toJson());
        QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().message));
        QCOMPARE(parsed.value().size(), 1);
        const Profile &copy = parsed.value().first();
        QVERIFY(copy.id != original.id && !copy.id.isNull());
        QVERIFY(copy.secretKeys.isEmpty());
        QCOMPARE(copy.tokenFingerprint(), original.tokenFingerprint());
        QCOMPARE(copy.options.timeoutSec, 90);
    }

    void browserSignInSettingsTravel()
    {
        Profile p = Profile::preset(ProviderKind::OAuth2);
        p.id = QUuid::createUuid();
        p.name = QStringLiteral("web");
        p.issuer = QUrl(QStringLiteral("https://idp.example"));
        p.clientId = QStringLiteral("app");
        p.clientAuth = ClientAuth::None;
        p.grant = Grant::AuthorizationCode;
        p.redirectPort = 8765;
        p.prompt = QStringLiteral("consent");
        p.loginHint = QStringLiteral("ann@example.com");
        const auto exported = ProfileExchange::exportProfiles({p});
        const auto parsed =
            ProfileExchange::parseDocument(QJsonDocument(exported.document).toJson());
        QVERIFY2(parsed.ok(), parsed.ok() ? "" : qPrintable(parsed.error().message));
        const Profile back = parsed.value().constFirst();
        QCOMPARE(back.grant, Grant::AuthorizationCode);
        QCOMPARE(back.redirectPort, 8765);
        QCOMPARE(back.prompt, p.prompt);
        QCOMPARE(back.loginHint, p.loginHint);
        QCOMPARE(back.clientAuth, ClientAuth::None);
    }

    void secretCommandTravelsWithTheProfile()
    {
        Profile original = druva(QStringLiteral("vaulted"));
        original.extraParams.clear();
        original.secretCommand = {QStringLiteral("pass"), QStringLiteral("show"),
                                  QStringLiteral("team/druva cloud")};
        original.options.secretCommandTimeoutSec = 12;
        const auto exported = ProfileExchange::exportProfiles({original});
        const QJsonObject json = exported.document[QStringLiteral("profiles")][0].toObject();
        QCOMPARE(json[QStringLiteral("secret_command")].toArray().size(), 3);
        const auto parsed =
            ProfileExchange::parseDocument(QJsonDocument(exported.document).toJson());
        QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().message));
        QCOMPARE(parsed.value().first().secretCommand, original.secretCommand);
        QCOMPARE(parsed.value().first().options.secretCommandTimeoutSec, 12);

        // A command where no secret can go, or one that is not a list, refuses the file.
        QJsonObject publicClient = minimal(QStringLiteral("a"));
        publicClient[QStringLiteral("client_auth")] = QStringLiteral("none");
        publicClient[QStringLiteral("secret_command")] = QJsonArray{QStringLiteral("pass")};
        QJsonObject text = minimal(QStringLiteral("b"));
        text[QStringLiteral("secret_command")] = QStringLiteral("pass show x");
        for (const QJsonObject &bad : {publicClient, text}) {
            const auto refused = ProfileExchange::parseDocument(document({bad}));
            QVERIFY(!refused.ok());
            QVERIFY2(refused.error().message.contains(QStringLiteral("secret")),
                     qPrintable(refused.error().message));
        }
    }

    void refusedFilesNameTheField_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expected");
        QJsonObject secret = minimal(QStringLiteral("a"));
        secret[QStringLiteral("client_secret")] = QStringLiteral("s");
        QJsonObject privateKey = minimal(QStringLiteral("a"));
        privateKey[QStringLiteral("options")] =
            QJsonObject{{QStringLiteral("private_key_pem"), QStringLiteral("k")}};
        QJsonObject kind = minimal(QStringLiteral("a"));
        kind[QStringLiteral("kind")] = QStringLiteral("vault");
        QJsonObject param = minimal(QStringLiteral("a"));
        param[QStringLiteral("extra_params")] =
            QJsonArray{QJsonArray{QStringLiteral("api_key"), QStringLiteral("k")}};
        QJsonObject badName = minimal(QStringLiteral("a\nb"));
        QJsonObject grant = minimal(QStringLiteral("a"));
        grant[QStringLiteral("grant")] = QStringLiteral("implicit");
        QJsonObject port = minimal(QStringLiteral("a"));
        port[QStringLiteral("redirect_port")] = QStringLiteral("8080");
        QJsonObject lowPort = minimal(QStringLiteral("a"));
        lowPort[QStringLiteral("redirect_port")] = 80;
        QTest::newRow("newer") << document({minimal(QStringLiteral("a"))}, 2)
                               << QStringLiteral("newer Tokenwright");
        QTest::newRow("secret") << document({secret})
                                << QStringLiteral("profiles[0].client_secret");
        QTest::newRow("key") << document({privateKey})
                             << QStringLiteral("profiles[0].options.private_key_pem");
        QTest::newRow("kind") << document({kind}) << QStringLiteral(".kind: \"vault\"");
        QTest::newRow("param") << document({param}) << QStringLiteral("extra_params[0]");
        QTest::newRow("duplicate")
            << document({minimal(QStringLiteral("a")), minimal(QStringLiteral("A"))})
            << QStringLiteral("profiles[1].name");
        QTest::newRow("name") << document({badName}) << QStringLiteral("profiles[0].name");
        QTest::newRow("grant") << document({grant}) << QStringLiteral(".grant: \"implicit\"");
        QTest::newRow("port type") << document({port}) << QStringLiteral(".redirect_port");
        QTest::newRow("port range") << document({lowPort}) << QStringLiteral("redirect port");
        QTest::newRow("not json") << QByteArray("{") << QStringLiteral("Not valid JSON");
        QTest::newRow("profiles.json") << QByteArray(R"({"format_version":1,"profiles":[]})")
                                       << QStringLiteral("Not a Tokenwright profile export");
    }

    void refusedFilesNameTheField()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        const auto parsed = ProfileExchange::parseDocument(bytes);
        QVERIFY(!parsed.ok());
        QVERIFY2(parsed.error().message.contains(expected), qPrintable(parsed.error().message));
    }

    void conflictPolicies()
    {
        const Profile here = druva(QStringLiteral("Prod"));
        const auto incoming =
            ProfileExchange::parseDocument(
                document({minimal(QStringLiteral("prod")), minimal(QStringLiteral("prod (2)")),
                          minimal(QStringLiteral("new"))}))
                .value();
        Profile taken2 = here;
        taken2.name = QStringLiteral("prod (3)");
        const QList<Profile> existing{here, taken2};

        auto refused = planImport(incoming, existing, ConflictPolicy::Refuse);
        QVERIFY(!refused.ok());
        QVERIFY(refused.error().message.contains(QStringLiteral("prod")));

        auto skipped = planImport(incoming, existing, ConflictPolicy::Skip).value();
        QCOMPARE(skipped.at(0).action, ImportStep::Action::Skip);
        QCOMPARE(skipped.at(2).action, ImportStep::Action::Add);

        // "prod (2)" is in the file and "prod (3)" in the store: the rename takes the next.
        auto renamed = planImport(incoming, existing, ConflictPolicy::Rename).value();
        QCOMPARE(renamed.at(0).action, ImportStep::Action::Rename);
        QCOMPARE(renamed.at(0).profile.name, QStringLiteral("prod (4)"));
        QCOMPARE(renamed.at(1).action, ImportStep::Action::Add);

        // Replacing changes the kind of nothing: oauth2 in the file, druva here.
        auto replaced = planImport(incoming, existing, ConflictPolicy::Replace);
        QVERIFY(!replaced.ok());
        QVERIFY(replaced.error().message.contains(QStringLiteral("kind cannot change")));

        Profile sameKind = here;
        sameKind.clientId = QStringLiteral("new-client");
        sameKind.id = QUuid::createUuid();
        sameKind.secretKeys.clear();
        auto replacing = planImport({sameKind}, existing, ConflictPolicy::Replace).value();
        QCOMPARE(replacing.at(0).action, ImportStep::Action::Replace);
        QCOMPARE(replacing.at(0).profile.id, here.id);
        QCOMPARE(replacing.at(0).profile.secretKeys, here.secretKeys);
        QCOMPARE(replacing.at(0).profile.clientId, QStringLiteral("new-client"));
    }

    void duplicateTakesTheNextFreeCopyNameAndNoSecret()
    {
        Profile source = druva(QStringLiteral("Prod"));
        source.secretKeys = {source.secretKey(SecretEntry::ClientSecret)};
        Profile firstCopy = source;
        firstCopy.name = QStringLiteral("PROD (copy)"); // names compare case-insensitively
        const Profile copy = duplicateProfile(source, {source, firstCopy});
        QCOMPARE(copy.name, QStringLiteral("Prod (copy 2)"));
        QVERIFY(copy.id != source.id);
        QVERIFY(!copy.id.isNull());
        QVERIFY(copy.secretKeys.isEmpty());
        QCOMPARE(copy.tokenUrl, source.tokenUrl);
        QCOMPARE(copy.clientId, source.clientId);
        QVERIFY(!copy.validate());
        // A name at the length limit still gives a valid copy name.
        source.name = QString(200, QLatin1Char('x'));
        QVERIFY(Profile::nameProblem(duplicateProfile(source, {source}).name).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestProfileExchange)
#include "tst_profileexchange.moc"
