// SecretCommand: what a command's output must be to be a secret, how a failure is quoted, how
// the argument list is written and read back, and that ProfileService asks the command, not
// the keychain, for a profile's primary secret — with real small programs (/bin/sh scripts
// written here), no mock.
#include "common/redact.h"
#include "profiles/memorysecretstore.h"
#include "profiles/profileservice.h"
#include "profiles/profilestore.h"
#include "profiles/secretcommand.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace tw;

namespace {
const QString kProgram = QStringLiteral("vault");

// Runs `profile`'s command and waits for its one answer.
Result<QByteArray> runNow(const Profile &profile, QObject *owner)
{
    std::optional<Result<QByteArray>> answer;
    SecretCommand::run(profile, owner, nullptr,
                       [&answer](Result<QByteArray> result) { answer = std::move(result); });
    if (!QTest::qWaitFor([&answer] { return answer.has_value(); }, 20000))
        return Error::make(Error::Code::Cancelled, QStringLiteral("no answer within 20 s"));
    return *answer;
}

Profile withCommand(const QStringList &command, int timeoutSec = 30)
{
    Profile p = Profile::preset(ProviderKind::OAuth2);
    p.id = QUuid::createUuid();
    p.name = QStringLiteral("cmd");
    p.clientId = QStringLiteral("id");
    p.tokenUrl = QUrl(QStringLiteral("http://127.0.0.1:9/token"));
    p.secretCommand = command;
    p.options.secretCommandTimeoutSec = timeoutSec;
    return p;
}
} // namespace

class TestSecretCommand : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void outputBecomesSecret_data();
    void outputBecomesSecret();
    void privateKeysKeepTheirLineBreaks();
    void firstErrorLineIsRedactedSanitisedAndShort();
    void displayedCommandSplitsBackTheSame_data();
    void displayedCommandSplitsBackTheSame();
    void validateAllowsCommandsOnlyWhereASecretIsGiven();
    void jsonKeepsTheArgumentList();
    void runsWithoutShellAndReportsEachFailure_data();
    void runsWithoutShellAndReportsEachFailure();
    void timeoutKillsTheProcess();
    void serviceAsksTheCommandNotTheKeychain();

private:
    QString script(const QString &name, const QByteArray &body);
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestSecretCommand::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

QString TestSecretCommand::script(const QString &name, const QByteArray &body)
{
    const QString path = m_dir->filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write("#!/bin/sh\n" + body + "\n");
    file.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    return path;
}

void TestSecretCommand::outputBecomesSecret_data()
{
    QTest::addColumn<QByteArray>("output");
    QTest::addColumn<QByteArray>("secret"); // empty: refused
    QTest::addColumn<QString>("why");
    QTest::newRow("newline") << QByteArray("s3cr3t\n") << QByteArray("s3cr3t") << QString();
    QTest::newRow("crlf") << QByteArray("s3cr3t\r\n") << QByteArray("s3cr3t") << QString();
    QTest::newRow("bare") << QByteArray("s3 cr3t") << QByteArray("s3 cr3t") << QString();
    QTest::newRow("utf-8") << QByteArray("gr\xc3\xbc\xc3\x9f\n") << QByteArray("gr\xc3\xbc\xc3\x9f")
                           << QString();
    QTest::newRow("empty") << QByteArray() << QByteArray() << QStringLiteral("printed nothing");
    QTest::newRow("only newline") << QByteArray("\n") << QByteArray()
                                  << QStringLiteral("printed nothing");
    QTest::newRow("two newlines") << QByteArray("s\n\n") << QByteArray()
                                  << QStringLiteral("control characters");
    QTest::newRow("inner line") << QByteArray("a\nb\n") << QByteArray()
                                << QStringLiteral("control characters");
    QTest::newRow("tab") << QByteArray("a\tb") << QByteArray()
                         << QStringLiteral("control characters");
    QTest::newRow("escape") << QByteArray("a\x1b[2Jb") << QByteArray()
                            << QStringLiteral("control characters");
    QTest::newRow("lone cr") << QByteArray("abc\r") << QByteArray()
                             << QStringLiteral("control characters");
    QTest::newRow("not utf-8") << QByteArray("a\xff\xfe") << QByteArray()
                               << QStringLiteral("not UTF-8");
}

void TestSecretCommand::outputBecomesSecret()
{
    QFETCH(QByteArray, output);
    QFETCH(QByteArray, secret);
    QFETCH(QString, why);
    const auto result = SecretCommand::secretFrom(output, false, kProgram);
    if (why.isEmpty()) {
        QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().message));
        QCOMPARE(result.value(), secret);
        return;
    }
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, Error::Code::SecretCommand);
    QVERIFY2(result.error().message.contains(why), qPrintable(result.error().message));
    QVERIFY(result.error().message.contains(QStringLiteral("\"vault\"")));
}

void TestSecretCommand::privateKeysKeepTheirLineBreaks()
{
    const QByteArray pem = "-----BEGIN PRIVATE KEY-----\r\nMIIB\nAAAA\n-----END PRIVATE KEY-----";
    const auto key = SecretCommand::secretFrom(pem + "\n", true, kProgram);
    QVERIFY(key.ok());
    QCOMPARE(key.value(), pem);
    QVERIFY(!SecretCommand::secretFrom("-----BEGIN\t\n", true, kProgram).ok());
    Profile keyed = withCommand({QStringLiteral("k")});
    keyed.clientAuth = ClientAuth::PrivateKeyJwt;
    QCOMPARE(keyed.primarySecretEntry(), SecretEntry::PrivateKey);
}

void TestSecretCommand::firstErrorLineIsRedactedSanitisedAndShort()
{
    const QByteArray printed = "hunter2-value\n";
    QCOMPARE(SecretCommand::firstErrorLine("\n \nerror: denied for hunter2-value\nmore\n", printed),
             QStringLiteral("error: denied for ") + kRedacted);
    QCOMPARE(SecretCommand::firstErrorLine("bad \x1b[31mred\n", QByteArray()),
             QStringLiteral("bad \uFFFD[31mred"));
    QCOMPARE(SecretCommand::firstErrorLine("", printed), QString());
    const QString longLine = SecretCommand::firstErrorLine(QByteArray(5000, 'e'), QByteArray());
    QCOMPARE(longLine.size(), SecretCommand::kMaxQuotedChars);
    QVERIFY(longLine.endsWith(QChar(0x2026)));
}

void TestSecretCommand::displayedCommandSplitsBackTheSame_data()
{
    QTest::addColumn<QStringList>("command");
    QTest::newRow("plain") << QStringList{"pass", "show", "team/druva"};
    QTest::newRow("spaces") << QStringList{"op", "read", "op://Team Vault/Druva MSP/secret"};
    QTest::newRow("quotes") << QStringList{"/opt/x y/tool", "say \"hi\"", "'single'"};
    QTest::newRow("shell") << QStringList{"vault", "x;y", "$(id)", "`id`", "*", "a|b", "&&"};
}

void TestSecretCommand::displayedCommandSplitsBackTheSame()
{
    QFETCH(QStringList, command);
    const QString line = SecretCommand::display(command);
    const auto words = SecretCommand::split(line);
    QVERIFY(words.ok());
    QCOMPARE(words.value(), command);
    if (command.first() == QLatin1String("pass"))
        QCOMPARE(line, QStringLiteral("pass show team/druva"));
    QVERIFY(!SecretCommand::split(QStringLiteral("   ")).ok());
    QVERIFY(!SecretCommand::split(QStringLiteral("\"\"")).ok());
}

void TestSecretCommand::validateAllowsCommandsOnlyWhereASecretIsGiven()
{
    QVERIFY(!withCommand({QStringLiteral("pass")}).validate());
    Profile none = withCommand({QStringLiteral("pass")});
    none.clientAuth = ClientAuth::None;
    QVERIFY(none.validate() && none.validate()->message.contains(QStringLiteral("no secret")));
    Profile cv = Profile::preset(ProviderKind::Commvault);
    cv.name = QStringLiteral("cv");
    cv.apiBase = QUrl(QStringLiteral("https://cv.example/commandcenter/api"));
    cv.secretCommand = {QStringLiteral("pass")};
    // An access-token pair renews itself: nothing for a command to give.
    QVERIFY(cv.validate() && cv.validate()->message.contains(QStringLiteral("token pair")));
    cv.commvault.mode = CommvaultMode::LoginSession;
    cv.commvault.username = QStringLiteral("admin");
    QVERIFY(!cv.validate());
    QCOMPARE(cv.primarySecretEntry(), SecretEntry::Password);
    QVERIFY(withCommand({QStringLiteral("pass"), QStringLiteral("a\nb")}).validate());
    QVERIFY(withCommand({QStringLiteral(" ")}).validate());
    QVERIFY(withCommand({QStringLiteral("pass")}, 0).validate());
    QVERIFY(withCommand({QStringLiteral("pass")}, 3601).validate());
}

void TestSecretCommand::jsonKeepsTheArgumentList()
{
    const Profile p = withCommand({QStringLiteral("pass"), QStringLiteral("a b")}, 7);
    const QJsonObject json = p.toJson();
    const auto back = Profile::fromJson(json);
    QVERIFY(back.ok());
    QCOMPARE(back.value().secretCommand, p.secretCommand);
    QCOMPARE(back.value().options.secretCommandTimeoutSec, 7);
    QVERIFY(!Profile::fromJson(withCommand({}).toJson())
                 .value()
                 .toJson()
                 .contains(QStringLiteral("secret_command")));
    for (const QJsonValue &bad : {QJsonValue(QStringLiteral("pass show x")),
                                  QJsonValue(QJsonArray{QStringLiteral("pass"), 3})}) {
        QJsonObject broken = json;
        broken[QStringLiteral("secret_command")] = bad;
        QVERIFY(!Profile::fromJson(broken).ok());
    }
}

void TestSecretCommand::runsWithoutShellAndReportsEachFailure_data()
{
    QTest::addColumn<QByteArray>("body");   // the script; empty: the program is missing
    QTest::addColumn<QStringList>("extra"); // arguments after the script
    QTest::addColumn<QByteArray>("secret"); // expected secret; empty: a failure
    QTest::addColumn<QString>("message");   // a part of the failure's message
    QTest::newRow("ok") << QByteArray("printf 'tok3n\\n'") << QStringList() << QByteArray("tok3n")
                        << QString();
    // Each argument arrives as one word, metacharacters and all: no shell saw them.
    QTest::newRow("arguments") << QByteArray("[ \"$#\" = 3 ] && [ \"$1\" = 'a b' ] && "
                                             "[ \"$2\" = '$(id);`id`' ] && [ \"$3\" = '*' ] && "
                                             "echo fine")
                               << QStringList{"a b", "$(id);`id`", "*"} << QByteArray("fine")
                               << QString();
    QTest::newRow("stdin closed") << QByteArray("cat; echo after") << QStringList()
                                  << QByteArray("after") << QString();
    QTest::newRow("exit 3") << QByteArray("echo tok3n; echo \"no access to tok3n\" >&2; exit 3")
                            << QStringList() << QByteArray()
                            << QStringLiteral("exit code 3: no access to ") + kRedacted;
    QTest::newRow("exit 1 silent") << QByteArray("exit 1") << QStringList() << QByteArray()
                                   << QStringLiteral("exit code 1 and printed no error");
    QTest::newRow("nothing") << QByteArray("true") << QStringList() << QByteArray()
                             << QStringLiteral("printed nothing");
    QTest::newRow("too much") << QByteArray("exec yes") << QStringList() << QByteArray()
                              << QStringLiteral("more than 64 KiB");
    QTest::newRow("signal") << QByteArray("kill -9 $$") << QStringList() << QByteArray()
                            << QStringLiteral("ended abnormally");
    QTest::newRow("missing") << QByteArray() << QStringList() << QByteArray()
                             << QStringLiteral("was not found");
}

void TestSecretCommand::runsWithoutShellAndReportsEachFailure()
{
    QFETCH(QByteArray, body);
    QFETCH(QStringList, extra);
    QFETCH(QByteArray, secret);
    QFETCH(QString, message);
    const QString program =
        body.isEmpty() ? m_dir->filePath(QStringLiteral("absent")) : script("s.sh", body);
    const auto result = runNow(withCommand(QStringList{program} + extra), this);
    if (message.isEmpty()) {
        QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().message));
        QCOMPARE(result.value(), secret);
        return;
    }
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, Error::Code::SecretCommand);
    QVERIFY2(result.error().message.contains(message), qPrintable(result.error().message));
    QVERIFY(!result.error().toString().contains(QStringLiteral("tok3n")));
}

void TestSecretCommand::timeoutKillsTheProcess()
{
    const QString pidFile = m_dir->filePath(QStringLiteral("pid"));
    const QString program =
        script(QStringLiteral("hang.sh"), "echo $$ > '" + pidFile.toUtf8() + "'; exec sleep 600");
    QElapsedTimer clock;
    clock.start();
    const auto result = runNow(withCommand({program}, 1), this);
    QVERIFY(!result.ok());
    QVERIFY2(result.error().message.contains(QStringLiteral("did not finish within 1 s")),
             qPrintable(result.error().message));
    QVERIFY(clock.elapsed() >= 900 && clock.elapsed() < 10000);
    QFile file(pidFile);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray pid = file.readAll().trimmed();
    // Killed and reaped: no process (not even a zombie) has that id any more.
    QTRY_VERIFY_WITH_TIMEOUT(!QFile::exists(QStringLiteral("/proc/") + QString::fromLatin1(pid)),
                             5000);
}

void TestSecretCommand::serviceAsksTheCommandNotTheKeychain()
{
    ProfileStore store(m_dir->path());
    MemorySecretStore secrets;
    ProfileService service(store, secrets);
    Profile p = withCommand({script(QStringLiteral("ok.sh"), "echo from-command")});
    const auto added = store.add(p);
    QVERIFY(added.ok());
    p = added.value();
    secrets.writeNow(p.secretKey(SecretEntry::ClientSecret), "from-keychain");
    secrets.writeNow(p.secretKey(SecretEntry::RefreshToken), "refresh");

    std::optional<Result<QByteArray>> primary;
    service.readSecret(p, SecretEntry::ClientSecret, this,
                       [&primary](Result<QByteArray> r) { primary = std::move(r); });
    QVERIFY(!primary); // never answered inside the call
    QTRY_VERIFY(primary.has_value());
    QVERIFY(primary->ok());
    QCOMPARE(primary->value(), QByteArray("from-command"));

    std::optional<Result<QByteArray>> other;
    service.readSecret(p, SecretEntry::RefreshToken, this,
                       [&other](Result<QByteArray> r) { other = std::move(r); });
    QTRY_VERIFY(other.has_value());
    QCOMPARE(other->value(), QByteArray("refresh")); // other entries stay in the keychain

    // A context that died takes its answer with it.
    auto *context = new QObject;
    bool called = false;
    service.readSecret(p, SecretEntry::ClientSecret, context,
                       [&called](Result<QByteArray>) { called = true; });
    delete context;
    QTest::qWait(1000);
    QVERIFY(!called);
}

QTEST_GUILESS_MAIN(TestSecretCommand)
#include "tst_secretcommand.moc"
