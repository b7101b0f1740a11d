// ProfileService over MemorySecretStore: metadata and secrets stay in step.
#include "profiles/memorysecretstore.h"
#include "profiles/profileservice.h"
#include "profiles/profilestore.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace tw;

namespace {
// Collects one asynchronous answer.
template <typename T> struct Answer
{
    std::optional<T> value;
    std::function<void(T)> callback()
    {
        return [this](T v) { value = std::move(v); };
    }
    bool wait()
    {
        return QTest::qWaitFor([this] { return value.has_value(); }, 5000);
    }
};

Profile druva(const QString &name)
{
    Profile p = Profile::preset(ProviderKind::DruvaMsp);
    p.name = name;
    p.clientId = QStringLiteral("id-") + name;
    return p;
}

Error refused()
{
    return Error{Error::Code::Keychain, QStringLiteral("refused"), {}, 0, {}, {}};
}
} // namespace

class TestProfileService : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void addProfileStoresSecretsAndRecordsKeys();
    void failedSecretWriteLeavesNoProfile();
    void invalidProfileWritesNoSecret();
    void duplicateNameWritesNoSecret();
    void updateReplacesGivenSecretsAndKeepsTheRest();
    void updateMergesKeysRecordedMeanwhile();
    void updateThatFailsHalfwayPutsTheOldSecretsBack();
    void removeProfileRemovesEveryEntry();
    void removeProfileToleratesMissingEntries();
    void removeProfileKeepsMetadataWhenKeychainRefuses();
    void removeProfileTakesItsConsoleFiles();
    void writeSecretRecordsKeyOnce();
    void removeSecretForgetsKey();
    void callbacksAreAsynchronousAndGuarded();

private:
    Profile addWithSecret(const QString &name, const QByteArray &secret);

    std::unique_ptr<QTemporaryDir> m_tmp;
    std::unique_ptr<ProfileStore> m_store;
    std::unique_ptr<MemorySecretStore> m_secrets;
    std::unique_ptr<ProfileService> m_service;
};

void TestProfileService::init()
{
    m_tmp = std::make_unique<QTemporaryDir>();
    m_store = std::make_unique<ProfileStore>(m_tmp->path());
    m_secrets = std::make_unique<MemorySecretStore>();
    m_service = std::make_unique<ProfileService>(*m_store, *m_secrets);
}

void TestProfileService::cleanup()
{
    m_service.reset();
    m_secrets.reset();
    m_store.reset();
    m_tmp.reset();
}

Profile TestProfileService::addWithSecret(const QString &name, const QByteArray &secret)
{
    Answer<Result<Profile>> added;
    m_service->addProfile(druva(name), {{SecretEntry::ClientSecret, secret}}, this,
                          added.callback());
    if (!added.wait() || !added.value->ok())
        return {};
    return added.value->value();
}

void TestProfileService::addProfileStoresSecretsAndRecordsKeys()
{
    Answer<Result<Profile>> added;
    m_service->addProfile(druva(QStringLiteral("Prod")),
                          {{SecretEntry::ClientSecret, "s3cret"}, {SecretEntry::Password, "pw"}},
                          this, added.callback());
    QVERIFY(added.wait());
    QVERIFY2(added.value->ok(),
             qPrintable(added.value->ok() ? QString() : added.value->error().toString()));
    const Profile p = added.value->value();
    QVERIFY(!p.id.isNull());
    QStringList keys = p.secretKeys;
    keys.sort();
    QCOMPARE(keys, (QStringList{p.secretKey(SecretEntry::ClientSecret),
                                p.secretKey(SecretEntry::Password)}));
    QCOMPARE(m_store->find(p.id)->secretKeys, p.secretKeys);
    QCOMPARE(m_secrets->readNow(p.secretKey(SecretEntry::ClientSecret)).value(),
             QByteArray("s3cret"));

    Answer<Result<QByteArray>> read;
    m_service->readSecret(p, SecretEntry::ClientSecret, this, read.callback());
    QVERIFY(read.wait());
    QCOMPARE(read.value->value(), QByteArray("s3cret"));
}

void TestProfileService::failedSecretWriteLeavesNoProfile()
{
    // The second secret (keys are written in sorted order) fails.
    m_secrets->setWriteFault([](const QString &key) -> Status {
        if (key.endsWith(QLatin1String("/password")))
            return refused();
        return std::nullopt;
    });
    Answer<Result<Profile>> added;
    m_service->addProfile(druva(QStringLiteral("Half")),
                          {{SecretEntry::ClientSecret, "s"}, {SecretEntry::Password, "p"}}, this,
                          added.callback());
    QVERIFY(added.wait());
    QVERIFY(!added.value->ok());
    QCOMPARE(added.value->error().code, Error::Code::Keychain);
    QVERIFY(m_store->profiles().isEmpty());
    QCOMPARE(m_secrets->size(), 0); // the first secret was rolled back
}

void TestProfileService::invalidProfileWritesNoSecret()
{
    Profile p = druva(QStringLiteral("NoUrl"));
    p.tokenUrl = QUrl();
    Answer<Result<Profile>> added;
    m_service->addProfile(p, {{SecretEntry::ClientSecret, "s"}}, this, added.callback());
    QVERIFY(added.wait());
    QVERIFY(!added.value->ok());
    QCOMPARE(added.value->error().code, Error::Code::InvalidInput);
    QCOMPARE(m_secrets->size(), 0);
}

void TestProfileService::duplicateNameWritesNoSecret()
{
    addWithSecret(QStringLiteral("Prod"), "one");
    QCOMPARE(m_secrets->size(), 1);
    Answer<Result<Profile>> added;
    m_service->addProfile(druva(QStringLiteral("prod")), {{SecretEntry::ClientSecret, "two"}}, this,
                          added.callback());
    QVERIFY(added.wait());
    QVERIFY(!added.value->ok());
    QCOMPARE(m_secrets->size(), 1);
    QCOMPARE(m_store->profiles().size(), 1);
}

void TestProfileService::updateReplacesGivenSecretsAndKeepsTheRest()
{
    Profile p = addWithSecret(QStringLiteral("Prod"), "old");
    QVERIFY(!p.id.isNull());

    p.scope = QStringLiteral("changed");
    Answer<Result<Profile>> kept;
    m_service->updateProfile(p, {}, this, kept.callback());
    QVERIFY(kept.wait());
    QVERIFY(kept.value->ok());
    QCOMPARE(kept.value->value().scope, QStringLiteral("changed"));
    QCOMPARE(m_secrets->readNow(p.secretKey(SecretEntry::ClientSecret)).value(), QByteArray("old"));

    Answer<Result<Profile>> replaced;
    m_service->updateProfile(
        p, {{SecretEntry::ClientSecret, "new"}, {SecretEntry::RefreshToken, "rt"}}, this,
        replaced.callback());
    QVERIFY(replaced.wait());
    QVERIFY(replaced.value->ok());
    QCOMPARE(m_secrets->readNow(p.secretKey(SecretEntry::ClientSecret)).value(), QByteArray("new"));
    QCOMPARE(replaced.value->value().secretKeys.size(), 2);
    QVERIFY(replaced.value->value().secretKeys.contains(p.secretKey(SecretEntry::RefreshToken)));

    // An invalid edit changes nothing, secrets included.
    Profile bad = p;
    bad.apiBase = QUrl();
    Answer<Result<Profile>> refusedEdit;
    m_service->updateProfile(bad, {{SecretEntry::ClientSecret, "newer"}}, this,
                             refusedEdit.callback());
    QVERIFY(refusedEdit.wait());
    QVERIFY(!refusedEdit.value->ok());
    QCOMPARE(m_secrets->readNow(p.secretKey(SecretEntry::ClientSecret)).value(), QByteArray("new"));
}

void TestProfileService::updateMergesKeysRecordedMeanwhile()
{
    const Profile stale = addWithSecret(QStringLiteral("Prod"), "s");
    // The engine caches a token after the editor loaded its copy of the profile.
    Answer<Status> cached;
    m_service->writeSecret(stale, SecretEntry::cachedToken(QStringLiteral("default")), "tok", this,
                           cached.callback());
    QVERIFY(cached.wait());
    QVERIFY(!*cached.value);

    Profile edited = stale;
    edited.scope = QStringLiteral("x");
    Answer<Result<Profile>> updated;
    m_service->updateProfile(edited, {}, this, updated.callback());
    QVERIFY(updated.wait());
    QVERIFY(updated.value->ok());
    QVERIFY(updated.value->value().secretKeys.contains(
        stale.secretKey(SecretEntry::cachedToken(QStringLiteral("default")))));
}

void TestProfileService::updateThatFailsHalfwayPutsTheOldSecretsBack()
{
    Answer<Result<Profile>> added;
    m_service->addProfile(druva(QStringLiteral("Prod")),
                          {{SecretEntry::ClientSecret, "old"}, {SecretEntry::Password, "old-pw"}},
                          this, added.callback());
    QVERIFY(added.wait() && added.value->ok());
    Profile p = added.value->value();
    const QByteArray fileBefore = [&] {
        QFile f(m_store->filePath());
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }();
    // client_secret is written first (sorted keys) and succeeds; the password then fails.
    m_secrets->setWriteFault([](const QString &key) -> Status {
        if (key.endsWith(QLatin1String("/password")))
            return refused();
        return std::nullopt;
    });
    p.scope = QStringLiteral("changed");
    Answer<Result<Profile>> updated;
    m_service->updateProfile(
        p, {{SecretEntry::ClientSecret, "new"}, {SecretEntry::Password, "new-pw"}}, this,
        updated.callback());
    QVERIFY(updated.wait());
    QVERIFY(!updated.value->ok());
    QCOMPARE(updated.value->error().code, Error::Code::Keychain);
    // All or nothing: the secret already replaced is back, the metadata untouched.
    QCOMPARE(m_secrets->readNow(p.secretKey(SecretEntry::ClientSecret)).value(), QByteArray("old"));
    QCOMPARE(m_secrets->readNow(p.secretKey(SecretEntry::Password)).value(), QByteArray("old-pw"));
    QFile after(m_store->filePath());
    QVERIFY(after.open(QIODevice::ReadOnly));
    QCOMPARE(after.readAll(), fileBefore);
}

void TestProfileService::removeProfileRemovesEveryEntry()
{
    const Profile p = addWithSecret(QStringLiteral("Prod"), "s");
    const Profile other = addWithSecret(QStringLiteral("Other"), "o");
    Answer<Status> token;
    m_service->writeSecret(p, SecretEntry::cachedToken(QStringLiteral("cust-1")), "jwt", this,
                           token.callback());
    QVERIFY(token.wait());
    QCOMPARE(m_secrets->size(), 3);

    Answer<Status> removed;
    m_service->removeProfile(p.id, this, removed.callback());
    QVERIFY(removed.wait());
    QVERIFY(!*removed.value);
    QVERIFY(!m_store->find(p.id));
    QCOMPARE(m_secrets->keys(), QStringList{other.secretKey(SecretEntry::ClientSecret)});

    Answer<Status> again;
    m_service->removeProfile(p.id, this, again.callback());
    QVERIFY(again.wait());
    QCOMPARE((*again.value)->code, Error::Code::NotFound);
}

void TestProfileService::removeProfileToleratesMissingEntries()
{
    const Profile p = addWithSecret(QStringLiteral("Prod"), "s");
    QVERIFY(!m_store->recordSecretKey(p.id, p.secretKey(QStringLiteral("never-written"))));
    m_secrets->removeNow(p.secretKey(SecretEntry::ClientSecret)); // deleted by hand
    Answer<Status> removed;
    m_service->removeProfile(p.id, this, removed.callback());
    QVERIFY(removed.wait());
    QVERIFY(!*removed.value);
    QVERIFY(m_store->profiles().isEmpty());
}

void TestProfileService::removeProfileKeepsMetadataWhenKeychainRefuses()
{
    // A store whose removals fail, as a locked keychain does.
    class LockedStore : public MemorySecretStore
    {
    public:
        void remove(const QString &, QObject *, WriteCallback done) override
        {
            QMetaObject::invokeMethod(
                this, [done] { done(refused()); }, Qt::QueuedConnection);
        }
    } locked;
    ProfileService service(*m_store, locked);
    Answer<Result<Profile>> added;
    service.addProfile(druva(QStringLiteral("Locked")), {{SecretEntry::ClientSecret, "s"}}, this,
                       added.callback());
    QVERIFY(added.wait());
    Answer<Status> removed;
    service.removeProfile(added.value->value().id, this, removed.callback());
    QVERIFY(removed.wait());
    QVERIFY(*removed.value);
    // It says which entry stayed, and never claims the removal happened.
    QVERIFY2((*removed.value)->message.contains(SecretEntry::ClientSecret),
             qPrintable((*removed.value)->message));
    // Still listed, so the user can retry and the secret does not become an orphan.
    QVERIFY(m_store->find(added.value->value().id));
}

void TestProfileService::removeProfileTakesItsConsoleFiles()
{
    const Profile p = addWithSecret(QStringLiteral("Prod"), "s");
    const Profile other = addWithSecret(QStringLiteral("Other"), "o");
    auto write = [this](const QString &folder, const QUuid &id) {
        QDir(m_store->dir()).mkpath(folder);
        QFile f(m_store->dir() + QLatin1Char('/') + folder + QLatin1Char('/') +
                id.toString(QUuid::WithoutBraces) + QStringLiteral(".json"));
        return f.open(QIODevice::WriteOnly) && f.write("{}") == 2;
    };
    for (const QString &folder : ProfileStore::profileFolders()) {
        QVERIFY(write(folder, p.id));
        QVERIFY(write(folder, other.id));
    }
    Answer<Status> removed;
    m_service->removeProfile(p.id, this, removed.callback());
    QVERIFY(removed.wait());
    QVERIFY(!*removed.value);
    for (const QString &folder : ProfileStore::profileFolders()) {
        const QString dir = m_store->dir() + QLatin1Char('/') + folder + QLatin1Char('/');
        QVERIFY(
            !QFile::exists(dir + p.id.toString(QUuid::WithoutBraces) + QStringLiteral(".json")));
        QVERIFY(
            QFile::exists(dir + other.id.toString(QUuid::WithoutBraces) + QStringLiteral(".json")));
    }
}

void TestProfileService::writeSecretRecordsKeyOnce()
{
    const Profile p = addWithSecret(QStringLiteral("Prod"), "s");
    for (int i = 0; i < 2; ++i) {
        Answer<Status> written;
        m_service->writeSecret(p, SecretEntry::cachedToken(QStringLiteral("default")),
                               QByteArray::number(i), this, written.callback());
        QVERIFY(written.wait());
        QVERIFY(!*written.value);
    }
    const QStringList keys = m_store->find(p.id)->secretKeys;
    QCOMPARE(keys.count(p.secretKey(SecretEntry::cachedToken(QStringLiteral("default")))), 1);
    QCOMPARE(keys.size(), 2);

    Profile ghost = druva(QStringLiteral("ghost"));
    ghost.id = QUuid::createUuid();
    Answer<Status> orphan;
    m_service->writeSecret(ghost, SecretEntry::ClientSecret, "x", this, orphan.callback());
    QVERIFY(orphan.wait());
    QVERIFY(*orphan.value); // no metadata to record the key in: nothing written
    QVERIFY(!m_secrets->contains(ghost.secretKey(SecretEntry::ClientSecret)));
}

void TestProfileService::removeSecretForgetsKey()
{
    const Profile p = addWithSecret(QStringLiteral("Prod"), "s");
    Answer<Status> removed;
    m_service->removeSecret(p, SecretEntry::ClientSecret, this, removed.callback());
    QVERIFY(removed.wait());
    QVERIFY(!*removed.value);
    QVERIFY(m_store->find(p.id)->secretKeys.isEmpty());
    QCOMPARE(m_secrets->size(), 0);
}

void TestProfileService::callbacksAreAsynchronousAndGuarded()
{
    int calls = 0;
    Profile invalid;
    m_service->addProfile(invalid, {}, this, [&](Result<Profile>) { ++calls; });
    m_service->removeProfile(QUuid::createUuid(), this, [&](Status) { ++calls; });
    QCOMPARE(calls, 0);
    QTRY_COMPARE(calls, 2);

    auto *window = new QObject;
    bool called = false;
    m_service->addProfile(druva(QStringLiteral("Closed")), {{SecretEntry::ClientSecret, "s"}},
                          window, [&](Result<Profile>) { called = true; });
    delete window;
    QTest::qWait(100);
    QVERIFY(!called);
}

QTEST_GUILESS_MAIN(TestProfileService)
#include "tst_profileservice.moc"
