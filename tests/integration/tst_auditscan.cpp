// The audit log against real traffic: every provider kind fetches, refreshes (Commvault
// renews), sends console requests and mints customer tokens through the sandbox, and then
// the log must name each of those actions and hold none of the secrets or tokens involved,
// in any of the forms they travel in.
#include "audit/auditrecorder.h"
#include "console/consolerunner.h"
#include "enginefixture.h"
#include "msp/bulkminter.h"

#include <QFile>
#include <QSignalSpy>

using namespace tw;
using namespace tw::testing;

namespace {
QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Every credential the sandbox hands out for its demo providers.
QStringList sandboxSecrets(const QJsonObject &providers)
{
    QStringList values;
    for (const QString &name : providers.keys()) {
        const QJsonObject p = providers.value(name).toObject();
        for (const char *key : {"client_secret", "password", "access_token", "refresh_token"}) {
            const QString v = p.value(QLatin1String(key)).toString();
            if (!v.isEmpty())
                values << v;
        }
    }
    return values;
}
} // namespace

class TestAuditScan : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void realTrafficLeavesNoSecretInTheLog();
};

void TestAuditScan::realTrafficLeavesNoSecretInTheLog()
{
    EngineFixture f;
    AuthManager &auth = f.process->auth;
    auth.audit()->open(std::make_unique<AuditLog>(f.dir.path()), f.dir.path(),
                       QStringLiteral("cli"));
    QStringList seen = sandboxSecrets(f.providers);

    ConsoleRunner runner(&f.process->api);
    const auto send = [&](const Profile &p, ConsoleRequest request) {
        QSignalSpy done(&runner, &ConsoleRunner::finished);
        QSignalSpy failed(&runner, &ConsoleRunner::failed);
        runner.send(p.id, request);
        QVERIFY(done.wait(20000) || !failed.isEmpty());
    };

    struct Case
    {
        QString provider;
        QString path;
    };
    const QList<Case> cases{
        {QStringLiteral("druva-msp"), QStringLiteral("/msp/v3/customers?pageSize=2")},
        {QStringLiteral("druva"), QStringLiteral("/demo/v1/whoami")},
        {QStringLiteral("druva-gov"), QStringLiteral("/demo/v1/whoami")},
        {QStringLiteral("oidc"), QStringLiteral("/v1/customers")},
        {QStringLiteral("oauth2"), QStringLiteral("/whoami")},
        {QStringLiteral("commvault"), QStringLiteral("/Client")},
    };
    Profile msp;
    for (const Case &c : cases) {
        const Profile p = f.add(c.provider, c.provider + QStringLiteral("-audit"));
        if (c.provider == QLatin1String("druva-msp"))
            msp = p;
        AuthSession *session = auth.session(p.id);
        auto first = EngineFixture::token(session);
        QVERIFY2(first, qPrintable(first ? QString() : first.error().toString()));
        auto second = EngineFixture::token(session, true); // refresh; Commvault: renewal
        QVERIFY2(second, qPrintable(second ? QString() : second.error().toString()));
        for (const Token &t : {first.value(), second.value()})
            seen << t.accessToken << t.refreshToken;
        ConsoleRequest request;
        request.path = c.path;
        send(p, request);
        // A user who pastes the live token into a query parameter and a path: the log
        // must still not hold it.
        ConsoleRequest careless;
        careless.path = QStringLiteral("/echo/") + second.value().accessToken +
                        QStringLiteral("?access_token=") + second.value().accessToken +
                        QStringLiteral("&note=") + second.value().accessToken;
        send(p, careless);
    }
    seen << f.sandbox->commvaultAccessToken() << f.sandbox->commvaultRefreshToken();

    // A Commvault login session: a password, and a QSDK session token.
    Profile login = f.profileFor(QStringLiteral("commvault"), QStringLiteral("cv-login"));
    login.commvault.mode = CommvaultMode::LoginSession;
    login.commvault.username = f.value(QStringLiteral("commvault"), "username");
    login = f.add(login, f.secretsFor(login, QStringLiteral("commvault")));
    auto session = EngineFixture::token(auth.session(login.id));
    QVERIFY2(session, qPrintable(session ? QString() : session.error().toString()));
    seen << session.value().accessToken;

    // Bulk customer tokens.
    ApiRequest list;
    list.path = QStringLiteral("/msp/v3/customers?pageSize=3");
    auto page = f.call(msp, list);
    QVERIFY(page);
    QStringList ids;
    for (const QJsonValue &c : QJsonDocument::fromJson(page.value().reply.body)
                                   .object()
                                   .value(QLatin1String("customers"))
                                   .toArray())
        ids << c.toObject().value(QLatin1String("id")).toString();
    QCOMPARE(ids.size(), 3);
    BulkMinter minter(&auth, msp.id);
    QSignalSpy finished(&minter, &BulkMinter::finished);
    minter.start(ids);
    QVERIFY(finished.wait(20000));
    for (const auto &outcome : minter.outcomes()) {
        QVERIFY(outcome.ok());
        seen << outcome.token->accessToken;
    }

    // A refused secret: the server's error text goes into the log, scrubbed.
    Profile wrong = f.profileFor(QStringLiteral("druva"), QStringLiteral("wrong-secret"));
    const QString wrongSecret = QStringLiteral("Wr0ng+Secret/Value=1:x");
    wrong = f.add(wrong, {{SecretEntry::ClientSecret, wrongSecret.toUtf8()}});
    QVERIFY(!EngineFixture::token(auth.session(wrong.id)));
    seen << wrongSecret;

    auth.audit()->flush();
    const AuditLog::Contents contents = auth.audit()->log()->read();
    QCOMPARE(contents.skippedLines, 0);
    QSet<QString> actions;
    int customerFetches = 0;
    for (const AuditEntry &e : contents.entries) {
        actions.insert(AuditEntry::actionName(e.action));
        if (e.action == AuditEntry::Action::Fetched && ids.contains(e.customer))
            ++customerFetches;
        QVERIFY(!e.profile.isEmpty());
    }
    for (const char *a : {"fetched", "refreshed", "renewed", "request", "minted"})
        QVERIFY2(actions.contains(QLatin1String(a)), a);
    QCOMPARE(customerFetches, 3);

    // The scan: every value, in every form the engine knows it in.
    KnownSecrets forms;
    int slot = 0;
    for (const QString &value : std::as_const(seen))
        forms.remember(QString::number(slot++), value);
    QStringList everything = forms.values() + auth.knownSecrets().values();
    const QByteArray file = readAll(auth.audit()->log()->filePath());
    QVERIFY(file.size() > 1000);
    int checked = 0;
    for (const QString &value : std::as_const(everything)) {
        if (value.size() < 6)
            continue; // "Bearer", short encodings of nothing
        ++checked;
        QVERIFY2(!file.contains(value.toUtf8()),
                 qPrintable(
                     QStringLiteral("a secret form of %1 chars is in the log").arg(value.size())));
    }
    QVERIFY(checked > 50);
}

QTEST_GUILESS_MAIN(TestAuditScan)
#include "tst_auditscan.moc"
