// ProfileStore: profiles.json metadata, atomic writes, cross-process safety.
#include "profiles/profilestore.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLockFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace tw;

namespace {
Profile druva(const QString &name)
{
    Profile p = Profile::preset(ProviderKind::Druva);
    p.name = name;
    p.clientId = QStringLiteral("client-") + name;
    return p;
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void writeRaw(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(bytes);
}
} // namespace

class TestProfileStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void missingFileMeansNoProfiles();
    void addAssignsIdAndTimestamps();
    void findByNameIgnoresCaseOrByUuid();
    void duplicateNameIsRefused();
    void invalidProfileIsRefused();
    void updateKeepsIdAndCreatedAt();
    void updateOfUnknownProfileIsNotFound();
    void removeDeletesOnlyThatProfile();
    void fileIsValidJsonWithFormatVersion();
    void writesLeaveNoTemporaryFiles();
    void damagedFileIsReportedAndNotOverwritten_data();
    void damagedFileIsReportedAndNotOverwritten();
    void filePermissionsAreOwnerOnly();
    void twoStoresOnOneDirSeeEachOther();
    void ownChangeNotifiesOnce();
    void secretKeysAreRecordedAndForgotten();
    void lockPathIsPerProfileAndPurpose();
    void busyLockIsReportedNotIgnored();
    void lockAbandonedByAKilledWriterIsTakenOver();
    void defaultConfigDirHonoursEnvironment();
    void profilesOfAnOlderCliMoveToTheSharedFolder();
    void twoProfileListsAreNeverMerged();
    void aKilledWritersTemporaryFileGoesAtTheNextWrite();

private:
    std::unique_ptr<QTemporaryDir> m_tmp;
    QString m_dir;
};

void TestProfileStore::lockAbandonedByAKilledWriterIsTakenOver()
{
    // A writer SIGKILLed between creating its lock file and writing its pid leaves an empty
    // lock (and a killed stale-lock takeover an empty .rmlock chain): QLockFile alone would
    // wait out its 30 s stale time and every profile change would fail meanwhile.
    QVERIFY(QDir().mkpath(m_dir));
    ProfileStore store(m_dir);
    store.setLockTimeout(1000);
    const QString lock = store.filePath() + QStringLiteral(".lock");
    const QDateTime old = QDateTime::currentDateTime().addSecs(-5);
    for (const QString &path :
         {lock, lock + QStringLiteral(".rmlock"), lock + QStringLiteral(".rmlock.rmlock")}) {
        writeRaw(path, {});
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.setFileTime(old, QFileDevice::FileModificationTime));
    }
    Result<Profile> added = store.add(druva(QStringLiteral("AfterCrash")));
    QVERIFY2(added.ok(), added.ok() ? "" : qPrintable(added.error().toString()));
    QCOMPARE(QDir(m_dir).entryList({QStringLiteral("*lock*")}, QDir::Files | QDir::Hidden),
             QStringList());

    // A lock a live process holds is still respected.
    QLockFile held(lock);
    QVERIFY(held.tryLock(0));
    QVERIFY(!store.add(druva(QStringLiteral("WhileHeld"))).ok());
}

void TestProfileStore::init()
{
    m_tmp = std::make_unique<QTemporaryDir>();
    QVERIFY(m_tmp->isValid());
    m_dir = m_tmp->filePath(QStringLiteral("config"));
}

void TestProfileStore::missingFileMeansNoProfiles()
{
    ProfileStore store(m_dir);
    Result<QList<Profile>> loaded = store.load();
    QVERIFY(loaded.ok());
    QVERIFY(loaded.value().isEmpty());
    QVERIFY(store.profiles().isEmpty());
    QVERIFY(!QFile::exists(store.filePath())); // reading creates nothing
    // ... not even the folder: a shell completion reads names on machines without a store.
    QVERIFY(!QFileInfo::exists(m_dir));
}

void TestProfileStore::addAssignsIdAndTimestamps()
{
    ProfileStore store(m_dir);
    const QDateTime before = QDateTime::currentDateTimeUtc().addSecs(-1);
    Result<Profile> added = store.add(druva(QStringLiteral("Prod")));
    QVERIFY2(added.ok(), added.ok() ? "" : qPrintable(added.error().toString()));
    QVERIFY(!added.value().id.isNull());
    QVERIFY(added.value().createdAt >= before);
    QCOMPARE(added.value().updatedAt, added.value().createdAt);
    QCOMPARE(store.profiles().size(), 1);

    // A fresh store reads back exactly what was cached.
    ProfileStore other(m_dir);
    QVERIFY(other.load().ok());
    const auto found = other.find(added.value().id);
    QVERIFY(found);
    QCOMPARE(QJsonDocument(found->toJson()).toJson(),
             QJsonDocument(added.value().toJson()).toJson());

    // A chosen id is kept (the service picks it before writing secrets).
    Profile withId = druva(QStringLiteral("Chosen"));
    withId.id = QUuid::createUuid();
    QCOMPARE(store.add(withId).value().id, withId.id);
    // ... but never reused.
    Profile clash = druva(QStringLiteral("Other"));
    clash.id = withId.id;
    QVERIFY(!store.add(clash).ok());
}

void TestProfileStore::findByNameIgnoresCaseOrByUuid()
{
    ProfileStore store(m_dir);
    const Profile p = store.add(druva(QStringLiteral("Acme Backup"))).value();
    QCOMPARE(store.find(QStringLiteral("acme backup"))->id, p.id);
    QCOMPARE(store.find(QStringLiteral("ACME BACKUP"))->id, p.id);
    QCOMPARE(store.find(p.id.toString(QUuid::WithoutBraces))->id, p.id);
    QCOMPARE(store.find(p.id.toString(QUuid::WithBraces))->id, p.id);
    QVERIFY(!store.find(QStringLiteral("acme")));
    QVERIFY(!store.find(QUuid::createUuid().toString()));
}

void TestProfileStore::duplicateNameIsRefused()
{
    ProfileStore store(m_dir);
    QVERIFY(store.add(druva(QStringLiteral("Prod"))).ok());
    Result<Profile> dup = store.add(druva(QStringLiteral("PROD")));
    QVERIFY(!dup.ok());
    QCOMPARE(dup.error().code, Error::Code::InvalidInput);
    QVERIFY2(dup.error().message.contains(QLatin1String("already exists")),
             qPrintable(dup.error().message));
    QCOMPARE(store.profiles().size(), 1);

    Profile second = store.add(druva(QStringLiteral("Test"))).value();
    second.name = QStringLiteral("prod ");
    QVERIFY(store.update(second));
    QCOMPARE(store.find(second.id)->name, QStringLiteral("Test"));
    // Renaming to a different case of its own name is fine.
    second.name = QStringLiteral("TEST");
    QVERIFY(!store.update(second));
}

void TestProfileStore::invalidProfileIsRefused()
{
    ProfileStore store(m_dir);
    Profile p = druva(QStringLiteral("Bad"));
    p.tokenUrl = QUrl(QStringLiteral("http://auth.example.com/token"));
    Result<Profile> added = store.add(p);
    QVERIFY(!added.ok());
    QCOMPARE(added.error().code, Error::Code::InvalidInput);
    QVERIFY(!QFile::exists(store.filePath()));
}

void TestProfileStore::updateKeepsIdAndCreatedAt()
{
    ProfileStore store(m_dir);
    Profile p = store.add(druva(QStringLiteral("Prod"))).value();
    const QDateTime created = p.createdAt;
    p.scope = QStringLiteral("read write");
    p.createdAt = QDateTime::currentDateTimeUtc().addYears(-3); // ignored
    QTest::qWait(1100);                                         // timestamps have second resolution
    QVERIFY(!store.update(p));
    const Profile stored = *store.find(p.id);
    QCOMPARE(stored.scope, QStringLiteral("read write"));
    QCOMPARE(stored.createdAt, created);
    QVERIFY(stored.updatedAt > created);
}

void TestProfileStore::updateOfUnknownProfileIsNotFound()
{
    ProfileStore store(m_dir);
    Profile p = druva(QStringLiteral("Ghost"));
    p.id = QUuid::createUuid();
    const Status status = store.update(p);
    QVERIFY(status);
    QCOMPARE(status->code, Error::Code::NotFound);
    QCOMPARE(store.remove(p.id)->code, Error::Code::NotFound);
}

void TestProfileStore::removeDeletesOnlyThatProfile()
{
    ProfileStore store(m_dir);
    const Profile a = store.add(druva(QStringLiteral("A"))).value();
    const Profile b = store.add(druva(QStringLiteral("B"))).value();
    QVERIFY(!store.remove(a.id));
    QVERIFY(!store.find(a.id));
    QVERIFY(store.find(b.id));
    ProfileStore other(m_dir);
    QCOMPARE(other.profiles().size(), 1);
}

void TestProfileStore::fileIsValidJsonWithFormatVersion()
{
    ProfileStore store(m_dir);
    for (int i = 0; i < 5; ++i)
        QVERIFY(store.add(druva(QStringLiteral("P%1").arg(i))).ok());
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(readAll(store.filePath()), &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(doc.object().value(QLatin1String("format_version")).toInt(-1), 1);
    QCOMPARE(doc.object().value(QLatin1String("profiles")).toArray().size(), 5);
}

void TestProfileStore::writesLeaveNoTemporaryFiles()
{
    ProfileStore store(m_dir);
    for (int i = 0; i < 3; ++i)
        QVERIFY(store.add(druva(QStringLiteral("P%1").arg(i))).ok());
    QVERIFY(!store.remove(store.find(QStringLiteral("P1"))->id));
    const QStringList entries = QDir(m_dir).entryList(QDir::Files | QDir::Hidden);
    QCOMPARE(entries, QStringList{QStringLiteral("profiles.json")});
}

void TestProfileStore::damagedFileIsReportedAndNotOverwritten_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("problem");
    QTest::newRow("truncated") << QByteArray("{\"format_version\": 1, \"profiles\": [")
                               << "not valid JSON";
    QTest::newRow("binary") << QByteArray("\x00\x01\x02garbage", 10) << "not valid JSON";
    QTest::newRow("array root") << QByteArray("[]") << "expected a JSON object";
    QTest::newRow("no version") << QByteArray("{\"profiles\": []}") << "no format_version";
    QTest::newRow("future version")
        << QByteArray("{\"format_version\": 2, \"profiles\": []}") << "format version 2";
    QTest::newRow("profiles not a list")
        << QByteArray("{\"format_version\": 1, \"profiles\": {}}") << "not a list";
    QTest::newRow("unknown kind")
        << QByteArray("{\"format_version\": 1, \"profiles\": [{\"id\": "
                      "\"0b7ef1c6-8a4c-4d47-9a59-5d7c2b0b7a11\", \"name\": \"x\", \"kind\": "
                      "\"future-kind\"}]}")
        << "future-kind";
}

void TestProfileStore::damagedFileIsReportedAndNotOverwritten()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, problem);
    QVERIFY(QDir().mkpath(m_dir));
    const QString path = m_dir + QStringLiteral("/profiles.json");
    writeRaw(path, content);

    ProfileStore store(m_dir);
    Result<QList<Profile>> loaded = store.load();
    QVERIFY(!loaded.ok());
    QCOMPARE(loaded.error().code, Error::Code::Io);
    QVERIFY2(loaded.error().message.contains(path), qPrintable(loaded.error().message));
    QVERIFY2(loaded.error().message.contains(problem), qPrintable(loaded.error().message));

    // No modification may replace what we could not read.
    QVERIFY(!store.add(druva(QStringLiteral("New"))).ok());
    Profile p = druva(QStringLiteral("New"));
    p.id = QUuid::createUuid();
    QVERIFY(store.update(p));
    QVERIFY(store.remove(p.id));
    QCOMPARE(readAll(path), content);
    // Backed up once (however often it is read), byte for byte, and the message says where.
    QVERIFY(!ProfileStore(m_dir).load().ok());
    const QStringList files = QDir(m_dir).entryList(QDir::Files | QDir::Hidden, QDir::Name);
    QCOMPARE(files.size(), 2);
    QCOMPARE(files.at(0), QStringLiteral("profiles.json"));
    QVERIFY2(files.at(1).startsWith(QStringLiteral("profiles.json.corrupt-")),
             qPrintable(files.at(1)));
    const QString backup = m_dir + QLatin1Char('/') + files.at(1);
    QCOMPARE(readAll(backup), content);
    QVERIFY2(loaded.error().message.contains(backup), qPrintable(loaded.error().message));
    QCOMPARE(QFile::permissions(backup) & (QFile::ReadOther | QFile::ReadGroup),
             QFile::Permissions());
}

void TestProfileStore::filePermissionsAreOwnerOnly()
{
    ProfileStore store(m_dir);
    QVERIFY(store.add(druva(QStringLiteral("Prod"))).ok());
    const auto owner = QFile::ReadOwner | QFile::WriteOwner;
    const auto fileMode = QFile::permissions(store.filePath()) &
                          (QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner |
                           QFile::ReadGroup | QFile::WriteGroup | QFile::ExeGroup |
                           QFile::ReadOther | QFile::WriteOther | QFile::ExeOther);
    QCOMPARE(fileMode, owner);
    const auto dirMode =
        QFile::permissions(m_dir) & (QFile::ReadGroup | QFile::WriteGroup | QFile::ExeGroup |
                                     QFile::ReadOther | QFile::WriteOther | QFile::ExeOther);
    QCOMPARE(dirMode, QFileDevice::Permissions());
}

void TestProfileStore::twoStoresOnOneDirSeeEachOther()
{
    ProfileStore gui(m_dir);
    gui.watchForChanges();
    ProfileStore cli(m_dir);
    QVERIFY(gui.load().ok());
    QVERIFY(cli.load().ok());
    QSignalSpy guiChanged(&gui, &ProfileStore::profilesChanged);

    const Profile fromCli = cli.add(druva(QStringLiteral("From CLI"))).value();
    // The watcher tells the other instance without anyone calling load().
    QTRY_VERIFY_WITH_TIMEOUT(guiChanged.count() >= 1, 5000);
    QVERIFY(gui.find(QStringLiteral("from cli")));

    // Each modification re-reads first: neither instance drops the other's profile,
    // even without waiting for a notification.
    const Profile fromGui = gui.add(druva(QStringLiteral("From GUI"))).value();
    const Profile again = cli.add(druva(QStringLiteral("Again"))).value();
    QVERIFY(cli.find(fromGui.id));
    QVERIFY(!gui.remove(again.id));
    QVERIFY(!cli.update(*cli.find(fromCli.id)));
    ProfileStore third(m_dir);
    QCOMPARE(third.profiles().size(), 2);
    QVERIFY(!third.find(again.id));

    // A duplicate is refused even if this instance's cache has not seen the other yet.
    QVERIFY(!cli.add(druva(QStringLiteral("FROM GUI"))).ok());
}

void TestProfileStore::ownChangeNotifiesOnce()
{
    ProfileStore store(m_dir);
    store.watchForChanges();
    QVERIFY(store.load().ok());
    QSignalSpy changed(&store, &ProfileStore::profilesChanged);
    QVERIFY(store.add(druva(QStringLiteral("Once"))).ok());
    QCOMPARE(changed.count(), 1);
    QTest::qWait(400); // the watcher sees our own write: no second signal
    QCOMPARE(changed.count(), 1);
}

void TestProfileStore::secretKeysAreRecordedAndForgotten()
{
    ProfileStore store(m_dir);
    const Profile p = store.add(druva(QStringLiteral("Keys"))).value();
    const QString key = p.secretKey(SecretEntry::cachedToken(QStringLiteral("default")));
    QVERIFY(!store.recordSecretKey(p.id, key));
    QVERIFY(!store.recordSecretKey(p.id, key));
    QCOMPARE(store.find(p.id)->secretKeys, QStringList{key});
    QCOMPARE(store.find(p.id)->updatedAt, p.updatedAt);
    QVERIFY(!store.forgetSecretKey(p.id, key));
    QVERIFY(store.find(p.id)->secretKeys.isEmpty());
    QCOMPARE(store.recordSecretKey(QUuid::createUuid(), key)->code, Error::Code::NotFound);
}

void TestProfileStore::lockPathIsPerProfileAndPurpose()
{
    ProfileStore store(m_dir);
    const QUuid id = QUuid::createUuid();
    const QString path = store.lockPath(id, QStringLiteral("commvault-renew"));
    QCOMPARE(path, m_dir + QStringLiteral("/locks/") + id.toString(QUuid::WithoutBraces) +
                       QStringLiteral("-commvault-renew.lock"));
    QLockFile lock(path);
    QVERIFY(lock.tryLock(0)); // the directory exists
    QCOMPARE(QFileInfo(m_dir).permissions() & (QFile::ReadOther | QFile::ReadGroup),
             QFile::Permissions());
}

void TestProfileStore::busyLockIsReportedNotIgnored()
{
    ProfileStore store(m_dir);
    QVERIFY(store.add(druva(QStringLiteral("Before"))).ok());
    const QByteArray before = readAll(store.filePath());
    QLockFile other(store.filePath() + QStringLiteral(".lock"));
    QVERIFY(other.tryLock(0));
    // QLockFile in the same process still counts: the store must wait, then give up.
    store.setLockTimeout(300);
    Result<Profile> added = store.add(druva(QStringLiteral("Blocked")));
    QVERIFY(!added.ok());
    QCOMPARE(added.error().code, Error::Code::Io);
    QCOMPARE(readAll(store.filePath()), before);
}

void TestProfileStore::defaultConfigDirHonoursEnvironment()
{
    const QByteArray old = qgetenv("TOKENWRIGHT_CONFIG_DIR");
    qputenv("TOKENWRIGHT_CONFIG_DIR", m_dir.toUtf8());
    QCOMPARE(ProfileStore::defaultConfigDir(), m_dir);
    qunsetenv("TOKENWRIGHT_CONFIG_DIR");
    QVERIFY(!ProfileStore::defaultConfigDir().isEmpty());
    if (!old.isEmpty())
        qputenv("TOKENWRIGHT_CONFIG_DIR", old);
}

// An older tokenwright-cli kept its files in <config>/tokenwright/tokenwright: the first start
// with the shared folder moves them up, profiles, history and all.
void TestProfileStore::profilesOfAnOlderCliMoveToTheSharedFolder()
{
    const QString legacy = QDir(m_dir).filePath(QStringLiteral("tokenwright"));
    {
        ProfileStore old(legacy);
        QVERIFY(old.add(druva(QStringLiteral("made by the old cli"))));
    }
    QVERIFY(QDir().mkpath(legacy + QStringLiteral("/history")));
    writeRaw(legacy + QStringLiteral("/history/entry.json"), "{}");

    ProfileStore::adoptLegacyCliFolder(m_dir);
    QVERIFY(!QFileInfo::exists(legacy));
    QVERIFY(QFileInfo::exists(m_dir + QStringLiteral("/history/entry.json")));
    ProfileStore shared(m_dir);
    QVERIFY(shared.find(QStringLiteral("made by the old cli")));
}

void TestProfileStore::twoProfileListsAreNeverMerged()
{
    const QString legacy = QDir(m_dir).filePath(QStringLiteral("tokenwright"));
    {
        ProfileStore old(legacy);
        QVERIFY(old.add(druva(QStringLiteral("old"))));
        ProfileStore current(m_dir);
        QVERIFY(current.add(druva(QStringLiteral("current"))));
    }
    const QByteArray before = readAll(QDir(m_dir).filePath(QStringLiteral("profiles.json")));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("older tokenwright-cli")));
    ProfileStore::adoptLegacyCliFolder(m_dir);
    QCOMPARE(readAll(QDir(m_dir).filePath(QStringLiteral("profiles.json"))), before);
    QVERIFY(QFileInfo::exists(QDir(legacy).filePath(QStringLiteral("profiles.json"))));
}

// A writer killed between QSaveFile's temporary file and its rename leaves the temporary file;
// the next write (under the lock) removes it, and nothing that merely looks alike.
void TestProfileStore::aKilledWritersTemporaryFileGoesAtTheNextWrite()
{
    ProfileStore store(m_dir);
    QVERIFY(store.add(druva(QStringLiteral("first"))));
    const QString leftover = store.filePath() + QStringLiteral(".Ab12Cd");
    const QString notOurs = store.filePath() + QStringLiteral(".backup-1");
    writeRaw(leftover, "{\"half\":");
    writeRaw(notOurs, "kept");
    QVERIFY(store.add(druva(QStringLiteral("second"))));
    QVERIFY(!QFileInfo::exists(leftover));
    QVERIFY(QFileInfo::exists(notOurs));
}

QTEST_GUILESS_MAIN(TestProfileStore)
#include "tst_profilestore.moc"
