// KeychainSecretStore and ProfileService against a real Secret Service.
#include "keychaintestsupport.h"
#include "requireall.h"

#include "profiles/keychainsecretstore.h"
#include "profiles/profileservice.h"
#include "profiles/profilestore.h"

#include <QDirIterator>
#include <QTemporaryDir>

using namespace tw;
using namespace tw::test;

class TestKeychainSecretStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void writeReadOverwriteRemove();
    void missingKeyIsNotFound();
    void probeFindsTheSecretService();
    void valuesRoundTripByteForByte_data();
    void valuesRoundTripByteForByte();
    void callbacksNeverRunInsideTheCall();
    void callbackIsDroppedWhenContextDied();
    void servicesAreSeparate();
    void removingAProfileRemovesItsKeychainEntries();
    void noSecretReachesTheConfigDir();

private:
    QString key(const QString &entry) const { return m_prefix + entry; }

    std::unique_ptr<KeychainSecretStore> m_store;
    QString m_prefix; // a fake profile id per run, so reruns never see old entries
    QStringList m_written;
};

void TestKeychainSecretStore::initTestCase()
{
    useThrowawayService();
    m_prefix = QUuid::createUuid().toString(QUuid::WithoutBraces) + QLatin1Char('/');
    m_store = std::make_unique<KeychainSecretStore>();
    QVERIFY(m_store->serviceName() != QLatin1String("tokenwright"));
    m_store->setStartupRetryDelay(100);

    const Status probe = writeNow(*m_store, key(QStringLiteral("probe")), "probe");
    m_written << key(QStringLiteral("probe"));
    if (!m_store->persistent()) {
        // The marker (ctest's SKIP_REGULAR_EXPRESSION) only on a skip: a failure must show as one.
        const QString why = QStringLiteral("no Secret Service reachable (%1). Run the keychain "
                                           "tests through scripts/test.sh, which starts "
                                           "gnome-keyring in a private D-Bus session.")
                                .arg(m_store->unavailableReason());
        if (tw::testing::requireAll())
            QFAIL(qPrintable(QStringLiteral("TOKENWRIGHT_TESTS_REQUIRE_ALL: ") + why));
        QSKIP(qPrintable(QLatin1String(kNoSecretService) + QStringLiteral(": ") + why));
    }
    QVERIFY2(!probe, probe ? qPrintable(probe->toString()) : "");
}

void TestKeychainSecretStore::cleanupTestCase()
{
    if (!m_store)
        return;
    for (const QString &k : std::as_const(m_written))
        removeNow(*m_store, k);
}

void TestKeychainSecretStore::writeReadOverwriteRemove()
{
    const QString k = key(SecretEntry::ClientSecret);
    m_written << k;
    QVERIFY(!writeNow(*m_store, k, "first"));
    QCOMPARE(readNow(*m_store, k).value(), QByteArray("first"));
    QVERIFY(!writeNow(*m_store, k, "second"));
    QCOMPARE(readNow(*m_store, k).value(), QByteArray("second"));

    // A second store instance (another process, in effect) sees the same value.
    KeychainSecretStore fresh;
    QCOMPARE(readNow(fresh, k).value(), QByteArray("second"));

    QVERIFY(!removeNow(*m_store, k));
    const Result<QByteArray> gone = readNow(fresh, k);
    QVERIFY(!gone.ok());
    QCOMPARE(gone.error().code, Error::Code::NotFound);
    QVERIFY(!removeNow(*m_store, k)); // already gone is fine
    QVERIFY(m_store->persistent());
}

// The start-up probe finds the running Secret Service and changes nothing.
void TestKeychainSecretStore::probeFindsTheSecretService()
{
    KeychainSecretStore store;
    QSignalSpy lost(&store, &KeychainSecretStore::persistenceLost);
    std::optional<bool> reachable;
    store.probe(this, [&reachable](bool found) { reachable = found; });
    QTRY_VERIFY(reachable.has_value());
    QVERIFY(*reachable);
    QVERIFY(store.persistent());
    QCOMPARE(lost.count(), 0);
}

void TestKeychainSecretStore::missingKeyIsNotFound()
{
    const Result<QByteArray> r = readNow(*m_store, key(QStringLiteral("never-written")));
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, Error::Code::NotFound);
    QVERIFY(m_store->persistent()); // "nothing stored" is not a missing keychain
}

void TestKeychainSecretStore::valuesRoundTripByteForByte_data()
{
    QTest::addColumn<QByteArray>("value");
    QByteArray binary;
    for (int i = 0; i < 256; ++i)
        binary.append(char(i));
    QTest::newRow("all byte values") << binary;
    QTest::newRow("utf-8") << QStringLiteral("pässwörd € 🔑 密码").toUtf8();
    QTest::newRow("opaque druva token") << QByteArray("a:b+c/d=e%f ==");
    QTest::newRow("leading and trailing space") << QByteArray("  spaced  ");
    // A JWT of about 4 KB: larger than Windows' 2,560-byte cap, fine for Secret Service.
    const QByteArray header =
        QByteArray(R"({"alg":"RS256","typ":"JWT"})")
            .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    QByteArray claims = R"({"sub":"x","claims":")";
    claims += QByteArray(2900, 'c') + R"("})";
    const QByteArray jwt =
        header + '.' +
        claims.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals) + '.' +
        QByteArray(342, 's');
    QVERIFY(jwt.size() > 4000);
    QTest::newRow("4 KB JWT") << jwt;
}

void TestKeychainSecretStore::valuesRoundTripByteForByte()
{
    QFETCH(QByteArray, value);
    const QString k = key(QStringLiteral("value-") + QString::fromLatin1(QTest::currentDataTag()));
    m_written << k;
    QVERIFY(!writeNow(*m_store, k, value));
    KeychainSecretStore fresh;
    const Result<QByteArray> back = readNow(fresh, k);
    QVERIFY2(back.ok(), back.ok() ? "" : qPrintable(back.error().toString()));
    QCOMPARE(back.value(), value);
    QVERIFY(!removeNow(*m_store, k));
}

void TestKeychainSecretStore::callbacksNeverRunInsideTheCall()
{
    const QString k = key(QStringLiteral("async"));
    m_written << k;
    int calls = 0;
    m_store->write(k, "v", nullptr, [&](Status) { ++calls; });
    m_store->read(k, nullptr, [&](Result<QByteArray>) { ++calls; });
    m_store->remove(k, nullptr, [&](Status) { ++calls; });
    QCOMPARE(calls, 0);
    QTRY_COMPARE_WITH_TIMEOUT(calls, 3, 15000);
}

void TestKeychainSecretStore::callbackIsDroppedWhenContextDied()
{
    const QString k = key(QStringLiteral("dropped"));
    m_written << k;
    auto *window = new QObject;
    bool called = false;
    m_store->write(k, "v", window, [&](Status) { called = true; });
    delete window;
    // The write still happens; only the answer is dropped.
    QTRY_COMPARE_WITH_TIMEOUT(readNow(*m_store, k).ok(), true, 15000);
    QVERIFY(!called);
}

void TestKeychainSecretStore::servicesAreSeparate()
{
    const QString k = key(QStringLiteral("separate"));
    m_written << k;
    QVERIFY(!writeNow(*m_store, k, "mine"));
    KeychainSecretStore other(m_store->serviceName() + QStringLiteral("-other"), nullptr);
    QCOMPARE(readNow(other, k).error().code, Error::Code::NotFound);
}

void TestKeychainSecretStore::removingAProfileRemovesItsKeychainEntries()
{
    QTemporaryDir dir;
    ProfileStore profiles(dir.path());
    ProfileService service(profiles, *m_store);

    Profile p = Profile::preset(ProviderKind::DruvaMsp);
    p.name = QStringLiteral("Keychain MSP");
    p.clientId = QStringLiteral("id");
    Answer<Result<Profile>> added;
    service.addProfile(p, {{SecretEntry::ClientSecret, "client-secret-value"}}, this,
                       added.callback());
    QVERIFY(added.wait());
    QVERIFY2(added.value->ok(),
             added.value->ok() ? "" : qPrintable(added.value->error().toString()));
    p = added.value->value();
    const QString tokenEntry = SecretEntry::cachedToken(QStringLiteral("default"));
    Answer<Status> cached;
    service.writeSecret(p, tokenEntry, "cached-access-token", this, cached.callback());
    QVERIFY(cached.wait());
    QVERIFY(!*cached.value);

    const QStringList keys = {p.secretKey(SecretEntry::ClientSecret), p.secretKey(tokenEntry)};
    m_written << keys;
    for (const QString &k : keys)
        QVERIFY2(readNow(*m_store, k).ok(), qPrintable(k));
    const std::optional<QStringList> listed = secretToolKeys(m_store->serviceName());
    if (listed) {
        for (const QString &k : keys)
            QVERIFY2(listed->contains(k), qPrintable(listed->join(QLatin1Char(' '))));
    }

    Answer<Status> removed;
    service.removeProfile(p.id, this, removed.callback());
    QVERIFY(removed.wait());
    QVERIFY2(!*removed.value, *removed.value ? qPrintable((*removed.value)->toString()) : "");
    QVERIFY(!profiles.find(p.id));

    KeychainSecretStore fresh;
    for (const QString &k : keys)
        QCOMPARE(readNow(fresh, k).error().code, Error::Code::NotFound);
    if (const auto after = secretToolKeys(m_store->serviceName())) {
        for (const QString &k : keys)
            QVERIFY2(!after->contains(k), qPrintable(k));
    } else {
        qWarning("secret-tool not found: checked removal through QtKeychain only");
    }
}

void TestKeychainSecretStore::noSecretReachesTheConfigDir()
{
    QTemporaryDir dir;
    ProfileStore profiles(dir.path());
    ProfileService service(profiles, *m_store);
    const QByteArray secret = "S3cr3t-" + QUuid::createUuid().toByteArray(QUuid::Id128);
    const QByteArray token = "eyJ-token-" + QUuid::createUuid().toByteArray(QUuid::Id128);

    Profile p = Profile::preset(ProviderKind::Druva);
    p.name = QStringLiteral("No leak");
    p.clientId = QStringLiteral("visible-client-id");
    Answer<Result<Profile>> added;
    service.addProfile(p, {{SecretEntry::ClientSecret, secret}}, this, added.callback());
    QVERIFY(added.wait());
    QVERIFY(added.value->ok());
    p = added.value->value();
    Answer<Status> cached;
    service.writeSecret(p, SecretEntry::cachedToken(QStringLiteral("default")), token, this,
                        cached.callback());
    QVERIFY(cached.wait());
    QVERIFY(!*cached.value);
    m_written << p.secretKeys << p.secretKey(SecretEntry::cachedToken(QStringLiteral("default")));
    QVERIFY(m_store->persistent());
    QCOMPARE(readNow(*m_store, p.secretKey(SecretEntry::ClientSecret)).value(), secret);

    // Every file under the config dir (metadata, locks, anything else).
    int files = 0;
    bool sawClientId = false;
    QDirIterator it(dir.path(), QDir::Files | QDir::Hidden | QDir::System,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile f(it.next());
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray content = f.readAll();
        ++files;
        sawClientId |= content.contains("visible-client-id");
        QVERIFY2(!content.contains(secret), qPrintable(f.fileName()));
        QVERIFY2(!content.contains(token), qPrintable(f.fileName()));
        QVERIFY2(!content.contains(secret.toBase64()), qPrintable(f.fileName()));
    }
    QVERIFY(files >= 1);
    QVERIFY(sawClientId); // the grep did look at the metadata

    Answer<Status> removed;
    service.removeProfile(p.id, this, removed.callback());
    QVERIFY(removed.wait());
}

QTEST_GUILESS_MAIN(TestKeychainSecretStore)
#include "tst_keychainsecretstore.moc"
