// MemorySecretStore: the SecretStore contract (asynchronous, guarded callbacks).
#include "profiles/memorysecretstore.h"

#include <QtTest>

using namespace tw;

class TestMemorySecretStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void writeReadOverwriteRemove();
    void missingKeyIsNotFound();
    void callbacksNeverRunInsideTheCall();
    void callbackIsDroppedWhenContextDied();
    void writeFaultLeavesNothingStored();
};

namespace {
Result<QByteArray> readBlocking(SecretStore &store, const QString &key)
{
    std::optional<Result<QByteArray>> out;
    store.read(key, &store, [&](Result<QByteArray> r) { out = std::move(r); });
    (void)QTest::qWaitFor([&] { return out.has_value(); }, 5000);
    return out.value_or(Error{Error::Code::Cancelled, QStringLiteral("timed out"), {}, 0, {}, {}});
}

Status writeBlocking(SecretStore &store, const QString &key, const QByteArray &value)
{
    std::optional<Status> out;
    store.write(key, value, &store, [&](Status s) { out = s; });
    (void)QTest::qWaitFor([&] { return out.has_value(); }, 5000);
    return out.value_or(Error{Error::Code::Cancelled, QStringLiteral("timed out"), {}, 0, {}, {}});
}
} // namespace

void TestMemorySecretStore::writeReadOverwriteRemove()
{
    MemorySecretStore store;
    QVERIFY(!store.persistent());
    QVERIFY(!store.unavailableReason().isEmpty());
    QVERIFY(!writeBlocking(store, QStringLiteral("p/client_secret"), "one"));
    QCOMPARE(readBlocking(store, QStringLiteral("p/client_secret")).value(), QByteArray("one"));
    QVERIFY(!writeBlocking(store, QStringLiteral("p/client_secret"), QByteArray("\0two", 4)));
    QCOMPARE(readBlocking(store, QStringLiteral("p/client_secret")).value(),
             QByteArray("\0two", 4));

    bool removed = false;
    store.remove(QStringLiteral("p/client_secret"), nullptr, [&](Status s) { removed = !s; });
    QTRY_VERIFY(removed);
    QCOMPARE(readBlocking(store, QStringLiteral("p/client_secret")).error().code,
             Error::Code::NotFound);
    // Removing again is not an error: the entry is gone either way.
    bool again = false;
    store.remove(QStringLiteral("p/client_secret"), nullptr, [&](Status s) { again = !s; });
    QTRY_VERIFY(again);
}

void TestMemorySecretStore::missingKeyIsNotFound()
{
    MemorySecretStore store;
    const Result<QByteArray> r = readBlocking(store, QStringLiteral("nobody/here"));
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, Error::Code::NotFound);
}

void TestMemorySecretStore::callbacksNeverRunInsideTheCall()
{
    MemorySecretStore store;
    int calls = 0;
    store.write(QStringLiteral("k"), "v", nullptr, [&](Status) { ++calls; });
    store.read(QStringLiteral("k"), nullptr, [&](Result<QByteArray>) { ++calls; });
    store.remove(QStringLiteral("k"), nullptr, [&](Status) { ++calls; });
    QCOMPARE(calls, 0);
    QTRY_COMPARE(calls, 3);
}

void TestMemorySecretStore::callbackIsDroppedWhenContextDied()
{
    MemorySecretStore store;
    bool called = false;
    auto *context = new QObject;
    store.write(QStringLiteral("k"), "v", context, [&](Status) { called = true; });
    delete context;
    QTest::qWait(50);
    QVERIFY(!called);
    QVERIFY(store.contains(QStringLiteral("k"))); // the write itself happened
}

void TestMemorySecretStore::writeFaultLeavesNothingStored()
{
    MemorySecretStore store;
    store.setWriteFault([](const QString &key) -> Status {
        if (key.endsWith(QLatin1String("/bad")))
            return Error{Error::Code::Keychain, QStringLiteral("refused"), {}, 0, {}, {}};
        return std::nullopt;
    });
    const Status status = writeBlocking(store, QStringLiteral("p/bad"), "x");
    QVERIFY(status);
    QCOMPARE(status->code, Error::Code::Keychain);
    QVERIFY(!store.contains(QStringLiteral("p/bad")));
    QVERIFY(!writeBlocking(store, QStringLiteral("p/good"), "x"));
}

QTEST_GUILESS_MAIN(TestMemorySecretStore)
#include "tst_profilememorysecretstore.moc"
