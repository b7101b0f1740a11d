// Concurrency of the token engine: a thousand callers share one token request, and a token
// fetch or a Commvault renewal racing with the profile's removal neither crashes nor leaves a
// keychain entry behind (the keychain cannot be listed: an orphan would stay forever).
#include "deferredsecretstore.h"
#include "enginefixture.h"

using namespace tw;
using namespace tw::testing;

namespace {
QStringList keysOf(const QStringList &keys, const Profile &p)
{
    QStringList out;
    for (const QString &key : keys) {
        if (key.startsWith(p.id.toString(QUuid::WithoutBraces)))
            out << key;
    }
    return out;
}
} // namespace

class TestConcurrency : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void thousandCallersShareOneTokenRequest();
    void fetchRacingWithRemovalLeavesNoOrphan_data();
    void fetchRacingWithRemovalLeavesNoOrphan();
    void slowKeychainWriteRacingWithRemovalLeavesNoOrphan();
};

void TestConcurrency::thousandCallersShareOneTokenRequest()
{
    sandbox::SandboxConfig config;
    config.latencyMs = 300; // every caller asks while the one request is out
    EngineFixture f(config);
    const Profile p = f.add(QStringLiteral("druva-msp"));
    AuthSession *session = f.process->auth.session(p.id);
    QList<Result<Token>> results;
    for (int i = 0; i < 1000; ++i)
        session->requestToken(nullptr, [&results](Result<Token> t) { results.append(t); });
    QTRY_COMPARE_WITH_TIMEOUT(results.size(), 1000, 30000);
    for (const auto &r : results) {
        QVERIFY(r);
        QCOMPARE(r.value().accessToken, results.first().value().accessToken);
    }
    QCOMPARE(f.sandbox->requestCount(QStringLiteral("druva-msp.token")), 1);
    QCOMPARE(f.sandbox->maxConcurrent(QStringLiteral("druva-msp.token")), 1);
}

void TestConcurrency::fetchRacingWithRemovalLeavesNoOrphan_data()
{
    QTest::addColumn<QString>("provider");
    QTest::addColumn<QString>("endpoint");
    QTest::addColumn<bool>("force");
    QTest::newRow("client credentials") << "druva-msp"
                                        << "druva-msp.token" << false;
    QTest::newRow("commvault renewal") << "commvault"
                                       << "commvault.renew" << true;
    QTest::newRow("oauth2 refresh") << "oauth2"
                                    << "oauth2.token" << true;
}

void TestConcurrency::fetchRacingWithRemovalLeavesNoOrphan()
{
    QFETCH(QString, provider);
    QFETCH(QString, endpoint);
    QFETCH(bool, force);
    sandbox::SandboxConfig config;
    config.latencyMs = 200;
    EngineFixture f(config);
    const Profile p = f.add(provider);
    AuthManager &auth = f.process->auth;
    if (force) // something to refresh or renew
        QVERIFY(EngineFixture::token(auth.session(p.id)));
    QPointer<AuthSession> session = auth.session(p.id);
    std::optional<Result<Token>> fetched;
    if (force)
        session->refresh(nullptr, [&](Result<Token> t) { fetched.emplace(t); });
    else
        session->requestToken(nullptr, [&](Result<Token> t) { fetched.emplace(t); });
    // The removal starts while the request is on the wire (the sandbox answers in 200 ms).
    QTRY_VERIFY_WITH_TIMEOUT(f.sandbox->maxConcurrent(endpoint) > 0, 20000);
    std::optional<Status> removed;
    f.process->service.removeProfile(p.id, nullptr, [&](Status s) { removed.emplace(s); });
    QTRY_VERIFY_WITH_TIMEOUT(removed.has_value(), 20000);
    QVERIFY2(!*removed, qPrintable(*removed ? (*removed)->toString() : QString()));
    auth.forgetProfile(p.id, true); // what the GUI does after a removal
    // Whatever the fetch's fate, it ends; its late answer must not write anything back.
    QTRY_VERIFY_WITH_TIMEOUT(fetched.has_value() || session.isNull(), 20000);
    QTRY_COMPARE_WITH_TIMEOUT(auth.pendingCacheWrites(), 0, 20000);
    // Let every queued callback run.
    for (int i = 0; i < 200; ++i)
        QCoreApplication::processEvents();
    QCOMPARE(keysOf(f.secrets.keys(), p), QStringList());
    QVERIFY(!f.process->store.find(p.id));
    QVERIFY(!auth.session(p.id));
}

void TestConcurrency::slowKeychainWriteRacingWithRemovalLeavesNoOrphan()
{
    // The token arrives, its cache write is slow (a keychain prompt), and the profile is
    // removed meanwhile: when the write lands, nothing of the profile may stay.
    EngineFixture f;
    const Profile p = f.add(QStringLiteral("druva-msp"));
    DeferredSecretStore keychain;
    for (const QString &key : f.secrets.keys())
        keychain.landed().writeNow(key, f.secrets.readNow(key).value());
    EngineProcess process(f.dir.path(), keychain);
    keychain.deferWrites(true);
    std::optional<Result<Token>> fetched;
    process.auth.session(p.id)->requestToken(nullptr, [&](Result<Token> t) { fetched.emplace(t); });
    QTRY_VERIFY(fetched.has_value());
    QVERIFY(*fetched);
    QTRY_VERIFY(!keychain.pendingWrites().isEmpty()); // the cached token, on its way
    std::optional<Status> removed;
    process.service.removeProfile(p.id, nullptr, [&](Status s) { removed.emplace(s); });
    for (int i = 0; i < 50 && !removed; ++i)
        QCoreApplication::processEvents();
    keychain.deferWrites(false);
    keychain.completeWrites();
    QTRY_VERIFY_WITH_TIMEOUT(removed.has_value(), 20000);
    for (int i = 0; i < 200; ++i)
        QCoreApplication::processEvents();
    QVERIFY(!process.store.find(p.id));
    QCOMPARE(keysOf(keychain.landed().keys(), p), QStringList());
}

QTEST_GUILESS_MAIN(TestConcurrency)
#include "tst_concurrency.moc"
