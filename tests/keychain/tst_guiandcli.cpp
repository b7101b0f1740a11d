// The window and tokenwright-cli at once, as two real processes on one configuration folder
// and one real keychain: this process plays the window (a store that watches the folder, a
// long-lived engine, the console history), the CLI runs beside it. Nothing either one writes
// may be lost: profiles added by both, history entries appended by both, and the rotating
// Commvault pair renewed by both (an older pair used once revokes the whole chain).
#include "auth/apiclient.h"
#include "auth/authmanager.h"
#include "auth/commvaultpair.h"
#include "console/consolehistory.h"
#include "keychaintestsupport.h"
#include "profiles/keychainsecretstore.h"
#include "profiles/profileservice.h"
#include "profiles/profilestore.h"
#include "requireall.h"
#include "sandbox.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>

using namespace tw;
using namespace tw::test;

namespace {
constexpr int kEach = 5;
}

class TestGuiAndCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void profilesAddedByBothAreKept();
    void historyAppendedByBothIsKept();
    void commvaultRenewedByBothKeepsTheChain();

private:
    QProcess *startCli(const QStringList &args, const QByteArray &stdinText = {});
    bool finishAll(QList<QProcess *> processes);
    Profile addInWindow(const Profile &profile, const ProfileService::Secrets &secrets);
    Profile druvaProfile(const QString &name) const;

    std::unique_ptr<sandbox::Sandbox> m_sandbox;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<KeychainSecretStore> m_secrets;
    std::unique_ptr<ProfileStore> m_store;
    std::unique_ptr<ProfileService> m_service;
    std::unique_ptr<AuthManager> m_auth;
    QList<QUuid> m_added;
};

void TestGuiAndCli::initTestCase()
{
    useThrowawayService();
    m_sandbox = std::make_unique<sandbox::Sandbox>();
    QVERIFY(m_sandbox->listen(0));
}

void TestGuiAndCli::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_secrets = std::make_unique<KeychainSecretStore>();
    m_secrets->setSessionFallback(false);
    const QString probe = QUuid::createUuid().toString(QUuid::WithoutBraces) + "/probe";
    const Status wrote = writeNow(*m_secrets, probe, "probe");
    removeNow(*m_secrets, probe);
    if (wrote || !m_secrets->persistent())
        TW_SKIP_OR_FAIL(QStringLiteral("no Secret Service reachable: run through scripts/test.sh"));
    m_store = std::make_unique<ProfileStore>(m_dir->path());
    m_store->watchForChanges(); // as the window does
    m_service = std::make_unique<ProfileService>(*m_store, *m_secrets);
    m_auth = std::make_unique<AuthManager>(m_store.get(), m_service.get());
    m_added.clear();
}

void TestGuiAndCli::cleanup()
{
    if (!m_service)
        return;
    m_store->reload();
    for (const Profile &p : m_store->profiles()) {
        std::optional<Status> removed;
        m_service->removeProfile(p.id, nullptr, [&](Status s) { removed.emplace(s); });
        QTRY_VERIFY_WITH_TIMEOUT(removed.has_value(), 20000);
    }
    m_auth.reset();
    m_service.reset();
    m_store.reset();
    m_secrets.reset();
}

QProcess *TestGuiAndCli::startCli(const QStringList &args, const QByteArray &stdinText)
{
    auto *process = new QProcess(this);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("TOKENWRIGHT_CONFIG_DIR"), m_dir->path());
    env.insert(QStringLiteral("TOKENWRIGHT_DATA_DIR"), m_dir->path());
    process->setProcessEnvironment(env);
    process->start(QStringLiteral(TW_CLI_PATH), args);
    process->write(stdinText);
    process->closeWriteChannel();
    return process;
}

bool TestGuiAndCli::finishAll(QList<QProcess *> processes)
{
    // The window's event loop keeps running (the sandbox answers from it) while they work.
    const bool done = QTest::qWaitFor(
        [&] {
            return std::all_of(processes.cbegin(), processes.cend(),
                               [](QProcess *p) { return p->state() == QProcess::NotRunning; });
        },
        120000);
    bool ok = done;
    for (QProcess *p : processes) {
        if (p->exitStatus() != QProcess::NormalExit || p->exitCode() != 0) {
            qWarning("cli %s: exit %d: %s", qPrintable(p->arguments().join(' ')), p->exitCode(),
                     p->readAllStandardError().constData());
            ok = false;
        }
        p->deleteLater();
    }
    return ok;
}

Profile TestGuiAndCli::druvaProfile(const QString &name) const
{
    const QJsonObject msp =
        m_sandbox->describe().value("providers").toObject().value("druva-msp").toObject();
    Profile p = Profile::preset(ProviderKind::DruvaMsp);
    p.id = QUuid::createUuid();
    p.name = name;
    p.tokenUrl = QUrl(msp.value("token_url").toString());
    p.apiBase = QUrl(msp.value("api_base").toString());
    p.clientId = msp.value("client_id").toString();
    return p;
}

Profile TestGuiAndCli::addInWindow(const Profile &profile, const ProfileService::Secrets &secrets)
{
    std::optional<Result<Profile>> added;
    m_service->addProfile(profile, secrets, nullptr,
                          [&](Result<Profile> r) { added.emplace(std::move(r)); });
    if (!QTest::qWaitFor([&] { return added.has_value(); }, 30000))
        qFatal("addProfile did not finish");
    if (!*added)
        qFatal("addProfile failed: %s", qPrintable(added->error().toString()));
    return added->value();
}

void TestGuiAndCli::profilesAddedByBothAreKept()
{
    const QJsonObject msp =
        m_sandbox->describe().value("providers").toObject().value("druva-msp").toObject();
    const QByteArray secret = msp.value("client_secret").toString().toUtf8();
    QList<QProcess *> cli;
    for (int i = 0; i < kEach; ++i)
        cli << startCli({"profiles", "add", QStringLiteral("cli%1").arg(i), "--kind", "druva-msp",
                         "--token-url", msp.value("token_url").toString(), "--api-base",
                         msp.value("api_base").toString(), "--client-id",
                         msp.value("client_id").toString()},
                        secret + '\n');
    for (int i = 0; i < kEach; ++i)
        addInWindow(druvaProfile(QStringLiteral("gui%1").arg(i)),
                    {{SecretEntry::ClientSecret, secret}});
    QVERIFY(finishAll(cli));
    // The window sees the CLI's profiles (its watcher), and the file holds all of them.
    QTRY_COMPARE_WITH_TIMEOUT(m_store->profiles().size(), 2 * kEach, 10000);
    ProfileStore fresh(m_dir->path());
    QVERIFY(fresh.load());
    QCOMPARE(fresh.profiles().size(), 2 * kEach);
    // And every one has its secret: each gets a token.
    for (const Profile &p : fresh.profiles()) {
        std::optional<Result<Token>> token;
        m_auth->session(p.id)->requestToken(nullptr, [&](Result<Token> t) { token.emplace(t); });
        QTRY_VERIFY_WITH_TIMEOUT(token.has_value(), 20000);
        QVERIFY2(*token,
                 qPrintable(p.name + ": " + (*token ? QString() : token->error().toString())));
    }
}

void TestGuiAndCli::historyAppendedByBothIsKept()
{
    const QJsonObject msp =
        m_sandbox->describe().value("providers").toObject().value("druva-msp").toObject();
    const Profile p =
        addInWindow(druvaProfile(QStringLiteral("shared")),
                    {{SecretEntry::ClientSecret, msp.value("client_secret").toString().toUtf8()}});
    QList<QProcess *> cli;
    for (int i = 0; i < kEach; ++i)
        cli << startCli({"request", "shared", "GET", "/msp/v3/customers?pageSize=1"});
    ConsoleHistory history(m_dir->path());
    for (int i = 0; i < kEach; ++i) {
        HistoryEntry entry;
        entry.at = QDateTime::currentDateTimeUtc();
        entry.request.path = QStringLiteral("/gui/%1").arg(i);
        entry.status = 200;
        QVERIFY(history.append(p.id, entry));
        QCoreApplication::processEvents();
    }
    QVERIFY(finishAll(cli));
    auto entries = history.load(p.id);
    QVERIFY(entries);
    QCOMPARE(entries.value().size(), 2 * kEach);
}

void TestGuiAndCli::commvaultRenewedByBothKeepsTheChain()
{
    const QJsonObject cv =
        m_sandbox->describe().value("providers").toObject().value("commvault").toObject();
    Profile p = Profile::preset(ProviderKind::Commvault);
    p.id = QUuid::createUuid();
    p.name = QStringLiteral("cv");
    p.apiBase = QUrl(cv.value("api_base").toString());
    p.commvault.created = QDateTime::fromString(cv.value("created").toString(), Qt::ISODate);
    const auto pair = CommvaultPair::initial(p, cv.value("access_token").toString(),
                                             cv.value("refresh_token").toString(),
                                             QDateTime::currentDateTimeUtc());
    p = addInWindow(p, {{SecretEntry::CommvaultPair, QJsonDocument(pair.toJson()).toJson()}});
    AuthSession *session = m_auth->session(p.id);
    QList<QProcess *> cli;
    for (int i = 0; i < kEach; ++i)
        cli << startCli({"token", "cv", "--force"});
    int renewedHere = 0;
    for (int i = 0; i < kEach; ++i) {
        std::optional<Result<Token>> token;
        session->refresh(nullptr, [&](Result<Token> t) { token.emplace(t); });
        QTRY_VERIFY_WITH_TIMEOUT(token.has_value(), 60000);
        QVERIFY2(*token, qPrintable(*token ? QString() : token->error().toString()));
        ++renewedHere;
    }
    QVERIFY(finishAll(cli));
    QVERIFY(!m_sandbox->commvaultChainRevoked());
    // The pair in the keychain is the one the CommServe issued last, and it works.
    auto bytes = readNow(*m_secrets, p.secretKey(SecretEntry::CommvaultPair));
    QVERIFY(bytes);
    const auto stored = CommvaultPair::fromJson(QJsonDocument::fromJson(bytes.value()).object());
    QVERIFY(stored);
    QCOMPARE(stored->accessToken, m_sandbox->commvaultAccessToken());
    QCOMPARE(stored->refreshToken, m_sandbox->commvaultRefreshToken());
    QProcess *after = startCli({"request", "cv", "GET", "/Client"});
    QVERIFY(finishAll({after}));
    QCOMPARE(renewedHere, kEach);
}

QTEST_GUILESS_MAIN(TestGuiAndCli)
#include "tst_guiandcli.moc"
