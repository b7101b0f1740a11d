// KeychainSecretStore without any OS keychain: it says so, once, and keeps working from
// process memory. CMake runs this with DBUS_SESSION_BUS_ADDRESS pointing nowhere; the
// test sets the same itself so it also holds when started by hand.
#include "keychaintestsupport.h"

#include "profiles/keychainsecretstore.h"
#include "profiles/profileservice.h"
#include "profiles/profilestore.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>

using namespace tw;
using namespace tw::test;

namespace {
const QString kReason = QStringLiteral("No OS keychain available: start GNOME Keyring, KWallet "
                                       "or another Secret Service; secrets will not be saved");
}

class TestKeychainFallback : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void probeSaysSoBeforeAnySecret();
    void firstReadIsRetriedThenFallsBackToMemory();
    void firstWriteSucceedsInMemory();
    void profileServiceKeepsWorkingForTheSession();
};

void TestKeychainFallback::initTestCase()
{
    // Before the first keychain call: GDBus and QtDBus pick the bus address once.
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/tokenwright-test-bus");
    useThrowawayService();
}

// The GUI probes at start: without any keychain the banner comes before a secret is typed.
void TestKeychainFallback::probeSaysSoBeforeAnySecret()
{
    KeychainSecretStore store;
    QSignalSpy lost(&store, &KeychainSecretStore::persistenceLost);
    std::optional<bool> reachable;
    store.probe(this, [&reachable](bool found) { reachable = found; });
    QTRY_VERIFY(reachable.has_value());
    QVERIFY(!*reachable);
    QVERIFY(!store.persistent());
    QCOMPARE(lost.count(), 1);
    QCOMPARE(lost.at(0).at(0).toString(), kReason);
}

void TestKeychainFallback::firstReadIsRetriedThenFallsBackToMemory()
{
    KeychainSecretStore store;
    store.setStartupRetryDelay(300);
    QSignalSpy lost(&store, &KeychainSecretStore::persistenceLost);
    QVERIFY(store.persistent());

    QElapsedTimer timer;
    timer.start();
    const Result<QByteArray> first = readNow(store, QStringLiteral("p/client_secret"));
#ifdef Q_OS_LINUX
    QVERIFY2(timer.elapsed() >= 300, "the first failed read is retried once after the delay");
#endif
    QVERIFY(!first.ok());
    QCOMPARE(first.error().code, Error::Code::NotFound); // nothing in memory yet
    QVERIFY(!store.persistent());
    QCOMPARE(store.unavailableReason(), kReason);
    QCOMPARE(lost.count(), 1);
    QCOMPARE(lost.at(0).at(0).toString(), kReason);

    QVERIFY(!writeNow(store, QStringLiteral("p/client_secret"), "kept in memory"));
    QCOMPARE(readNow(store, QStringLiteral("p/client_secret")).value(),
             QByteArray("kept in memory"));
    QVERIFY(!removeNow(store, QStringLiteral("p/client_secret")));
    QCOMPARE(readNow(store, QStringLiteral("p/client_secret")).error().code, Error::Code::NotFound);
    QCOMPARE(lost.count(), 1); // said once, not on every call
}

void TestKeychainFallback::firstWriteSucceedsInMemory()
{
    KeychainSecretStore store;
    QSignalSpy lost(&store, &KeychainSecretStore::persistenceLost);
    const Status written = writeNow(store, QStringLiteral("p/refresh_token"), "rt");
    QVERIFY2(!written, written ? qPrintable(written->toString()) : "");
    QVERIFY(!store.persistent());
    QCOMPARE(lost.count(), 1);
    QCOMPARE(readNow(store, QStringLiteral("p/refresh_token")).value(), QByteArray("rt"));

    // Another store (another process, in effect) has nothing: memory is per process.
    KeychainSecretStore other;
    other.setStartupRetryDelay(10);
    QCOMPARE(readNow(other, QStringLiteral("p/refresh_token")).error().code, Error::Code::NotFound);
}

void TestKeychainFallback::profileServiceKeepsWorkingForTheSession()
{
    QTemporaryDir dir;
    ProfileStore profiles(dir.path());
    KeychainSecretStore secrets;
    ProfileService service(profiles, secrets);
    Profile p = Profile::preset(ProviderKind::Druva);
    p.name = QStringLiteral("Session only");
    p.clientId = QStringLiteral("id");
    Answer<Result<Profile>> added;
    service.addProfile(p, {{SecretEntry::ClientSecret, "s3ssion-only-value"}}, this,
                       added.callback());
    QVERIFY(added.wait());
    QVERIFY(added.value->ok());
    Answer<Result<QByteArray>> read;
    service.readSecret(added.value->value(), SecretEntry::ClientSecret, this, read.callback());
    QVERIFY(read.wait());
    QCOMPARE(read.value->value(), QByteArray("s3ssion-only-value"));
    QVERIFY(!secrets.persistent());
    // Never a plaintext fallback: the secret is in no file.
    QFile file(profiles.filePath());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(!file.readAll().contains("s3ssion-only-value"));
}

QTEST_GUILESS_MAIN(TestKeychainFallback)
#include "tst_keychainfallback.moc"
