// AuditLog / AuditRecorder: JSON lines, rotation, damaged lines, two writers at once
// (two processes), the off switch, and scrubbing before anything reaches the file.
#include "audit/auditlog.h"
#include "audit/auditrecorder.h"
#include "common/appidentity.h"
#include "common/redact.h"
#include "profiles/profilestore.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace tw;

namespace {
AuditEntry entry(const QString &profile, int n)
{
    AuditEntry e;
    e.time = QDateTime::currentDateTimeUtc();
    e.app = QStringLiteral("cli");
    e.profile = profile;
    e.profileId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    e.action = AuditEntry::Action::Request;
    e.method = QStringLiteral("GET");
    e.path = QStringLiteral("/n/%1").arg(n);
    return e;
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// The child half of concurrentProcessesLoseNothing(): appends `count` entries one by one.
int runWriter(const QString &dir, const QString &tag, int count, qint64 maxBytes)
{
    AuditLog log(dir);
    log.setMaxBytes(maxBytes);
    log.setLockTimeout(60000);
    for (int i = 0; i < count; ++i) {
        if (auto e = log.append(entry(tag, i))) {
            fprintf(stderr, "append failed: %s\n", qPrintable(e->toString()));
            return 1;
        }
    }
    return 0;
}
} // namespace

class TestAuditLog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init() { QVERIFY(m_dir.isValid()); }
    void cleanup()
    {
        QDir(m_dir.path()).removeRecursively();
        QDir().mkpath(m_dir.path());
    }

    void entryRoundTripsThroughJson();
    void appendsOneLinePerEntryOwnerOnly();
    void rotatesAtTheSizeBoundKeepingOneOldFile();
    void damagedLinesAreSkippedAndCounted();
    void filterByNameIdAndSince();
    void concurrentProcessesLoseNothing();
    void concurrentProcessesRotateWithoutTearingLines();
    void recorderBatchesAndFillsProfileName();
    void recorderWritesNothingWhenTurnedOff();
    void recorderScrubsSecretsFromEveryField();
    void defaultDirFollowsEnvironment();
    void guiAndCliShareOneConfigAndDataFolder();

private:
    QTemporaryDir m_dir;
};

void TestAuditLog::entryRoundTripsThroughJson()
{
    AuditEntry e = entry(QStringLiteral("prod"), 1);
    e.customer = QStringLiteral("c-1");
    e.ok = false;
    e.httpStatus = 503;
    e.detail = QStringLiteral("server busy");
    e.time = QDateTime::fromString(QStringLiteral("2026-12-01T10:00:00.123Z"), Qt::ISODateWithMs);
    const auto back = AuditEntry::fromJson(e.toJson());
    QVERIFY(back);
    QCOMPARE(back->time, e.time);
    QCOMPARE(back->profile, e.profile);
    QCOMPARE(back->profileId, e.profileId);
    QCOMPARE(back->customer, e.customer);
    QCOMPARE(back->action, e.action);
    QCOMPARE(back->method, e.method);
    QCOMPARE(back->path, e.path);
    QCOMPARE(back->ok, false);
    QCOMPARE(back->httpStatus, 503);
    QCOMPARE(back->resultText(), QStringLiteral("failed (HTTP 503): server busy"));
    for (auto a :
         {AuditEntry::Action::Fetched, AuditEntry::Action::Refreshed, AuditEntry::Action::Renewed,
          AuditEntry::Action::Copied, AuditEntry::Action::Minted, AuditEntry::Action::Revoked,
          AuditEntry::Action::Request})
        QCOMPARE(AuditEntry::actionFromName(AuditEntry::actionName(a)), a);
}

void TestAuditLog::appendsOneLinePerEntryOwnerOnly()
{
    AuditLog log(m_dir.path() + QStringLiteral("/sub"));
    QVERIFY(!log.append(entry(QStringLiteral("a"), 1)));
    QVERIFY(!log.append({entry(QStringLiteral("a"), 2), entry(QStringLiteral("b"), 3)}));
    const QList<QByteArray> lines = readAll(log.filePath()).split('\n');
    QCOMPARE(lines.size(), 4); // three lines and the empty rest after the last newline
    QVERIFY(lines.last().isEmpty());
    for (int i = 0; i < 3; ++i)
        QVERIFY(QJsonDocument::fromJson(lines.at(i)).isObject());
    const QFile::Permissions perms = QFile::permissions(log.filePath());
    QVERIFY(perms.testFlag(QFile::ReadOwner) && perms.testFlag(QFile::WriteOwner));
    QVERIFY(!(perms & (QFile::ReadGroup | QFile::WriteGroup | QFile::ReadOther |
                       QFile::WriteOther))); // names and paths are nobody else's business
    const auto contents = log.read();
    QCOMPARE(contents.entries.size(), 3);
    QCOMPARE(contents.entries.at(2).path, QStringLiteral("/n/3"));
    QCOMPARE(contents.skippedLines, 0);
}

void TestAuditLog::rotatesAtTheSizeBoundKeepingOneOldFile()
{
    AuditLog log(m_dir.path());
    log.setMaxBytes(4096);
    const int lineBytes = int(QJsonDocument(entry(QStringLiteral("p"), 100).toJson())
                                  .toJson(QJsonDocument::Compact)
                                  .size()) +
                          1;
    const int perFile = 4096 / lineBytes;
    const int total = perFile * 5 + 3;
    for (int i = 100; i < 100 + total; ++i)
        QVERIFY(!log.append(entry(QStringLiteral("p"), i)));
    QVERIFY(QFileInfo(log.filePath()).size() <= 4096);
    QVERIFY(QFileInfo::exists(log.rotatedPath()));
    QVERIFY(QFileInfo(log.rotatedPath()).size() <= 4096);
    QVERIFY(!QFileInfo::exists(log.filePath() + QStringLiteral(".2")));
    const auto entries = log.read().entries;
    // Only the last two files' worth remain, in order, ending with the newest.
    QVERIFY(entries.size() <= 2 * perFile);
    QVERIFY(entries.size() > perFile);
    QCOMPARE(entries.last().path, QStringLiteral("/n/%1").arg(100 + total - 1));
    for (int i = 1; i < entries.size(); ++i)
        QCOMPARE(entries.at(i).path.mid(3).toInt(), entries.at(i - 1).path.mid(3).toInt() + 1);
}

void TestAuditLog::damagedLinesAreSkippedAndCounted()
{
    AuditLog log(m_dir.path());
    QVERIFY(!log.append(entry(QStringLiteral("a"), 1)));
    {
        QFile f(log.filePath());
        QVERIFY(f.open(QIODevice::Append));
        f.write("{\"time\":\"2026-12-01T10:00:00Z\",\"action\":\"fetch"); // torn by a crash
        f.write("\nnot json at all\n");
        f.write("{\"time\":\"yesterday\",\"action\":\"fetched\",\"result\":\"ok\"}\n");
        f.write(
            "{\"time\":\"2026-12-01T10:00:00Z\",\"action\":\"teleported\",\"result\":\"ok\"}\n");
        f.write("[1,2,3]\n\n");
    }
    QVERIFY(!log.append(entry(QStringLiteral("a"), 2)));
    const auto contents = log.read();
    QCOMPARE(contents.entries.size(), 2);
    QCOMPARE(contents.skippedLines, 5);
    QCOMPARE(contents.entries.last().path, QStringLiteral("/n/2"));
}

void TestAuditLog::filterByNameIdAndSince()
{
    AuditEntry old = entry(QStringLiteral("Prod"), 1);
    old.time = QDateTime::currentDateTimeUtc().addDays(-3);
    AuditEntry renamed = entry(QStringLiteral("prod-renamed"), 2);
    renamed.profileId = old.profileId;
    const AuditEntry other = entry(QStringLiteral("other"), 3);
    const QList<AuditEntry> all{old, renamed, other};

    AuditLog::Filter byName{QStringLiteral("PROD"), {}};
    QCOMPARE(AuditLog::filtered(all, byName).size(), 1);
    AuditLog::Filter byId{old.profileId, {}};
    QCOMPARE(AuditLog::filtered(all, byId).size(), 2);
    AuditLog::Filter since{{}, QDateTime::currentDateTimeUtc().addDays(-1)};
    QCOMPARE(AuditLog::filtered(all, since).size(), 2);
    AuditLog::Filter both{old.profileId, QDateTime::currentDateTimeUtc().addDays(-1)};
    QCOMPARE(AuditLog::filtered(all, both).size(), 1);
}

void TestAuditLog::concurrentProcessesLoseNothing()
{
    // Two real processes (this binary, started as writers) append to one file at once.
    constexpr int kEach = 300;
    QList<QProcess *> writers;
    for (const QString &tag : {QStringLiteral("A"), QStringLiteral("B")}) {
        auto *p = new QProcess(this);
        p->setProcessChannelMode(QProcess::ForwardedErrorChannel);
        p->start(QCoreApplication::applicationFilePath(),
                 {QStringLiteral("--audit-writer"), m_dir.path(), tag, QString::number(kEach),
                  QString::number(AuditLog::DefaultMaxBytes)});
        writers << p;
    }
    for (QProcess *p : writers) {
        QVERIFY(p->waitForFinished(120000));
        QCOMPARE(p->exitStatus(), QProcess::NormalExit);
        QCOMPARE(p->exitCode(), 0);
    }
    const auto contents = AuditLog(m_dir.path()).read();
    QCOMPARE(contents.skippedLines, 0);
    QCOMPARE(contents.entries.size(), 2 * kEach);
    QSet<QString> seen;
    for (const AuditEntry &e : contents.entries)
        seen.insert(e.profile + e.path);
    QCOMPARE(seen.size(), 2 * kEach);
}

void TestAuditLog::concurrentProcessesRotateWithoutTearingLines()
{
    constexpr qint64 kMax = 8192;
    QList<QProcess *> writers;
    for (const QString &tag : {QStringLiteral("A"), QStringLiteral("B")}) {
        auto *p = new QProcess(this);
        p->setProcessChannelMode(QProcess::ForwardedErrorChannel);
        p->start(QCoreApplication::applicationFilePath(),
                 {QStringLiteral("--audit-writer"), m_dir.path(), tag, QStringLiteral("300"),
                  QString::number(kMax)});
        writers << p;
    }
    for (QProcess *p : writers) {
        QVERIFY(p->waitForFinished(120000));
        QCOMPARE(p->exitCode(), 0);
    }
    AuditLog log(m_dir.path());
    const auto contents = log.read();
    QCOMPARE(contents.skippedLines, 0);
    QVERIFY(!contents.entries.isEmpty());
    QVERIFY(QFileInfo(log.filePath()).size() <= kMax);
    QVERIFY(QFileInfo(log.rotatedPath()).size() <= kMax);
    // Each writer's surviving entries are still in its own order.
    QHash<QString, int> last;
    for (const AuditEntry &e : contents.entries) {
        const int n = e.path.mid(3).toInt();
        QVERIFY2(n > last.value(e.profile, -1), qPrintable(e.profile + e.path));
        last[e.profile] = n;
    }
    // The newest entries survive: the writer that finished last has all its tail.
    QCOMPARE(contents.entries.last().path, QStringLiteral("/n/299"));
    const QStringList files = QDir(m_dir.path()).entryList(QDir::Files | QDir::Hidden);
    for (const QString &f : files)
        QVERIFY2(f.startsWith(QStringLiteral("audit.jsonl")), qPrintable(f));
}

void TestAuditLog::recorderBatchesAndFillsProfileName()
{
    ProfileStore store(m_dir.path());
    Profile p = Profile::preset(ProviderKind::Druva);
    p.name = QStringLiteral("cloud");
    p.clientId = QStringLiteral("id");
    auto added = store.add(p);
    QVERIFY(added);
    KnownSecrets known;
    AuditRecorder recorder(&store, &known);
    recorder.open(std::make_unique<AuditLog>(m_dir.path()), m_dir.path(), QStringLiteral("gui"));
    QVERIFY(recorder.enabled());
    QSignalSpy spy(&recorder, &AuditRecorder::recorded);
    for (int i = 0; i < 50; ++i) {
        AuditEntry e;
        e.action = AuditEntry::Action::Fetched;
        e.customer = QStringLiteral("c%1").arg(i);
        recorder.record(added.value().id, e);
    }
    QVERIFY(!QFileInfo::exists(recorder.log()->filePath())); // not yet: one write per turn
    QVERIFY(spy.wait());
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(0).value<QList<AuditEntry>>().size(), 50);
    const auto entries = recorder.log()->read().entries;
    QCOMPARE(entries.size(), 50);
    QCOMPARE(entries.first().profile, QStringLiteral("cloud"));
    QCOMPARE(entries.first().app, QStringLiteral("gui"));
    QCOMPARE(entries.first().profileId, added.value().id.toString(QUuid::WithoutBraces));
    QVERIFY(entries.first().time.isValid());
}

void TestAuditLog::recorderWritesNothingWhenTurnedOff()
{
    KnownSecrets known;
    {
        AuditRecorder recorder(nullptr, &known);
        recorder.open(std::make_unique<AuditLog>(m_dir.path()), m_dir.path(),
                      QStringLiteral("cli"));
        // Another program (the GUI) turns it off: this one obeys at once.
        AuditSettings(m_dir.path()).setEnabled(false);
        QVERIFY(!recorder.enabled());
        recorder.record(QUuid::createUuid(), AuditEntry{});
        recorder.flush();
        QVERIFY(!QFileInfo::exists(recorder.log()->filePath()));
        recorder.setEnabled(true);
        QVERIFY(AuditSettings(m_dir.path()).enabled());
        recorder.record(QUuid::createUuid(), AuditEntry{});
    } // the destructor writes what is pending
    QCOMPARE(AuditLog(m_dir.path()).read().entries.size(), 1);
    // Without open(), nothing at all.
    AuditRecorder closed(nullptr, &known);
    closed.record(QUuid::createUuid(), AuditEntry{});
    closed.flush();
    QVERIFY(!closed.enabled());
}

void TestAuditLog::recorderScrubsSecretsFromEveryField()
{
    const QString secret = QStringLiteral("S3cr+t/val=ue");
    const QString token = QStringLiteral("tok-ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefghij");
    KnownSecrets known;
    known.remember(QStringLiteral("p/client_secret"), secret);
    known.remember(QStringLiteral("p/access"), token);
    AuditRecorder recorder(nullptr, &known);
    recorder.open(std::make_unique<AuditLog>(m_dir.path()), m_dir.path(), QStringLiteral("cli"));

    AuditEntry request;
    request.action = AuditEntry::Action::Request;
    request.method = QStringLiteral("GET");
    request.path = QStringLiteral("/v1/x?api_key=k1&q=") +
                   QString::fromLatin1(QUrl::toPercentEncoding(secret)) + QStringLiteral("&page=2");
    request.customer = token;
    recorder.record(QUuid::createUuid(), request);
    Error error;
    error.code = Error::Code::OAuth;
    error.message = QStringLiteral("invalid_client for ") + secret + QStringLiteral(" \x1b[31m");
    error.oauthError = QStringLiteral("invalid_client");
    recorder.record(QUuid::createUuid(), AuditEntry{}, error);
    recorder.flush();

    const QByteArray file = readAll(recorder.log()->filePath());
    QVERIFY(!file.isEmpty());
    for (const QString &value : known.values())
        QVERIFY2(!file.contains(value.toUtf8()), qPrintable(value));
    QVERIFY(!file.contains("k1"));
    QVERIFY(!file.contains("\x1b"));
    QVERIFY(!file.contains("\\u001b"));
    const auto entries = recorder.log()->read().entries;
    QCOMPARE(entries.size(), 2);
    QVERIFY(entries.at(0).path.startsWith(QStringLiteral("/v1/x?")));
    QVERIFY(entries.at(0).path.contains(QStringLiteral("page=2")));
    QCOMPARE(entries.at(1).ok, false);
    QVERIFY(entries.at(1).detail.contains(QStringLiteral("invalid_client")));
}

void TestAuditLog::defaultDirFollowsEnvironment()
{
    const QByteArray savedData = qgetenv("TOKENWRIGHT_DATA_DIR");
    const QByteArray savedConfig = qgetenv("TOKENWRIGHT_CONFIG_DIR");
    qputenv("TOKENWRIGHT_DATA_DIR", "/tmp/tw-data");
    qputenv("TOKENWRIGHT_CONFIG_DIR", "/tmp/tw-config");
    QCOMPARE(AuditLog::defaultDir(), QStringLiteral("/tmp/tw-data"));
    qunsetenv("TOKENWRIGHT_DATA_DIR");
    QCOMPARE(AuditLog::defaultDir(), QStringLiteral("/tmp/tw-config"));
    qunsetenv("TOKENWRIGHT_CONFIG_DIR");
    QCOMPARE(AuditLog::defaultDir(),
             QStandardPaths::writableLocation(QStandardPaths::AppDataLocation));
    if (!savedData.isNull())
        qputenv("TOKENWRIGHT_DATA_DIR", savedData);
    if (!savedConfig.isNull())
        qputenv("TOKENWRIGHT_CONFIG_DIR", savedConfig);
}

void TestAuditLog::guiAndCliShareOneConfigAndDataFolder()
{
    // Both mains call applyApplicationIdentity(); the folders must be the documented ones, not
    // an organisation sub-folder that only one of the programs would use.
    QCoreApplication::setOrganizationName(QStringLiteral("tokenwright"));
    applyApplicationIdentity();
    const QByteArray savedConfig = qgetenv("TOKENWRIGHT_CONFIG_DIR");
    const QByteArray savedData = qgetenv("TOKENWRIGHT_DATA_DIR");
    const QByteArray savedXdgConfig = qgetenv("XDG_CONFIG_HOME");
    const QByteArray savedXdgData = qgetenv("XDG_DATA_HOME");
    qunsetenv("TOKENWRIGHT_CONFIG_DIR");
    qunsetenv("TOKENWRIGHT_DATA_DIR");
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_dir.path() + QStringLiteral("/config")));
    qputenv("XDG_DATA_HOME", QFile::encodeName(m_dir.path() + QStringLiteral("/data")));
    QCOMPARE(ProfileStore::defaultConfigDir(),
             m_dir.path() + QStringLiteral("/config/tokenwright"));
    QCOMPARE(AuditLog::defaultDir(), m_dir.path() + QStringLiteral("/data/tokenwright"));
    for (const auto &[name, value] :
         {qMakePair("TOKENWRIGHT_CONFIG_DIR", savedConfig),
          qMakePair("TOKENWRIGHT_DATA_DIR", savedData),
          qMakePair("XDG_CONFIG_HOME", savedXdgConfig), qMakePair("XDG_DATA_HOME", savedXdgData)}) {
        if (value.isNull())
            qunsetenv(name);
        else
            qputenv(name, value);
    }
}

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc == 6 && QByteArray(argv[1]) == "--audit-writer")
        return runWriter(QString::fromLocal8Bit(argv[2]), QString::fromLocal8Bit(argv[3]),
                         QByteArray(argv[4]).toInt(), QByteArray(argv[5]).toLongLong());
    TestAuditLog test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_auditlog.moc"
