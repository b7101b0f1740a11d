// Commvault: both tokens rotate on every renewal, an older pair revokes the chain, so
// renewal is single-flight across processes and persisted before use.
#include "deferredsecretstore.h"
#include "enginefixture.h"

#include <QSignalSpy>

using namespace tw;
using namespace tw::testing;

namespace {
CommvaultPair storedPair(EngineFixture &f, const Profile &p)
{
    auto bytes = f.secrets.readNow(p.secretKey(SecretEntry::CommvaultPair));
    return *CommvaultPair::fromJson(QJsonDocument::fromJson(bytes.value()).object());
}
} // namespace

class TestCommvault : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void renewalRotatesBothTokensAndPersistsThem()
    {
        EngineFixture f;
        const Profile p = f.add(QStringLiteral("commvault"));
        AuthSession *session = f.process->auth.session(p.id);
        const CommvaultPair before = storedPair(f, p);
        auto renewed = EngineFixture::token(session, true);
        QVERIFY2(renewed, qPrintable(renewed ? QString() : renewed.error().toString()));
        QCOMPARE(f.sandbox->requestCount(QStringLiteral("commvault.renew")), 1);
        const CommvaultPair after = storedPair(f, p);
        QVERIFY(after.accessToken != before.accessToken);
        QVERIFY(after.refreshToken != before.refreshToken);
        QCOMPARE(after.accessToken, f.sandbox->commvaultAccessToken());
        QCOMPARE(after.refreshToken, f.sandbox->commvaultRefreshToken());
        QCOMPARE(renewed.value().accessToken, after.accessToken);
        // Horizons are shown: renew-by and renewals-end.
        QVERIFY(renewed.value().refreshExpiresAt > QDateTime::currentDateTimeUtc().addDays(13));
        QVERIFY(renewed.value().renewableUntil > QDateTime::currentDateTimeUtc().addDays(80));
        // A second renewal uses the new pair: the chain survives.
        QVERIFY(EngineFixture::token(session, true));
        QCOMPARE(f.sandbox->requestCount(QStringLiteral("commvault.renew")), 2);
        QVERIFY(!f.sandbox->commvaultChainRevoked());
    }

    void twoProcessesRenewOnce()
    {
        // Two engines on one config dir and one keychain, as the GUI and the CLI would be.
        sandbox::SandboxConfig config;
        config.latencyMs = 300; // both ask while the first renewal is in flight
        EngineFixture f(config);
        const Profile p = f.add(QStringLiteral("commvault"));
        EngineProcess other(f.dir.path(), f.secrets);
        AuthSession *a = f.process->auth.session(p.id);
        AuthSession *b = other.auth.session(p.id);
        const QString old = storedPair(f, p).accessToken;
        // Both were told by an API that the old access token is dead.
        ApiRequest request;
        request.path = QStringLiteral("/Client");
        f.sandbox->revokeAllTokens();
        std::optional<Result<ApiOutcome>> oa, ob;
        f.process->api.send(p.id, request, nullptr, [&](Result<ApiOutcome> r) { oa.emplace(r); });
        other.api.send(p.id, request, nullptr, [&](Result<ApiOutcome> r) { ob.emplace(r); });
        QTRY_VERIFY_WITH_TIMEOUT(oa && ob, 20000);
        QVERIFY2(*oa, qPrintable(*oa ? QString() : oa->error().toString()));
        QVERIFY2(*ob, qPrintable(*ob ? QString() : ob->error().toString()));
        QCOMPARE(oa->value().reply.status, 200);
        QCOMPARE(ob->value().reply.status, 200);
        QCOMPARE(f.sandbox->requestCount(QStringLiteral("commvault.renew")), 1);
        QVERIFY(!f.sandbox->commvaultChainRevoked());
        QCOMPARE(a->token()->accessToken, b->token()->accessToken);
        QVERIFY(a->token()->accessToken != old);
    }

    void rotatedPairIsPersistedBeforeItIsUsed_data()
    {
        QTest::addColumn<bool>("writeFails");
        QTest::newRow("write lands") << false;
        QTest::newRow("write fails") << true;
    }
    void rotatedPairIsPersistedBeforeItIsUsed()
    {
        // The old pair is revoked the moment the CommServe answers a renewal: a token handed
        // out before the new pair is in the keychain would be lost with the process. So no
        // caller gets the new token until the keychain has answered the write.
        QFETCH(bool, writeFails);
        EngineFixture f;
        const Profile p = f.add(QStringLiteral("commvault"));
        DeferredSecretStore keychain;
        for (const QString &key : f.secrets.keys())
            keychain.landed().writeNow(key, f.secrets.readNow(key).value());
        EngineProcess process(f.dir.path(), keychain);
        AuthSession *session = process.auth.session(p.id);
        keychain.deferWrites(true);

        std::optional<Result<Token>> renewed;
        session->refresh(nullptr, [&](Result<Token> t) { renewed.emplace(t); });
        std::optional<Result<ApiOutcome>> call;
        ApiRequest request;
        request.path = QStringLiteral("/Client");
        QTRY_VERIFY(keychain.hasPendingWrite(QLatin1Char('/') + SecretEntry::CommvaultPair));
        QCOMPARE(f.sandbox->requestCount(QStringLiteral("commvault.renew")), 1);
        const QString rotated = f.sandbox->commvaultAccessToken();
        // An API call asked for now waits for the same renewal.
        process.api.send(p.id, request, nullptr, [&](Result<ApiOutcome> r) { call.emplace(r); });
        for (int i = 0; i < 100; ++i)
            QCoreApplication::processEvents();
        QVERIFY2(!renewed, "the renewed token was handed out before it was saved");
        QVERIFY(!call);
        QVERIFY(!session->token() || session->token()->accessToken != rotated);
        QCOMPARE(f.sandbox->requestCount(QStringLiteral("commvault.api")), 0);

        if (writeFails) {
            Error locked;
            locked.code = Error::Code::Keychain;
            locked.message = QStringLiteral("The keychain is locked.");
            keychain.failWrites(locked);
        } else {
            keychain.completeWrites();
        }
        QTRY_VERIFY(renewed.has_value());
        QVERIFY2(*renewed, qPrintable(*renewed ? QString() : renewed->error().toString()));
        QCOMPARE(renewed->value().accessToken, rotated);
        if (writeFails) {
            // Used only with a warning that it lives in memory: the user must act.
            QVERIFY2(renewed->value().warning.contains(QStringLiteral("could not be saved")),
                     qPrintable(renewed->value().warning));
        } else {
            auto bytes = keychain.landed().readNow(p.secretKey(SecretEntry::CommvaultPair));
            QVERIFY(bytes);
            QCOMPARE(CommvaultPair::fromJson(QJsonDocument::fromJson(bytes.value()).object())
                         ->accessToken,
                     rotated);
        }
        keychain.deferWrites(false);
        keychain.completeWrites(); // the token cache, if any
        QTRY_VERIFY(call.has_value());
        QVERIFY(*call);
        QCOMPARE(call->value().reply.status, 200);
        QVERIFY(!f.sandbox->commvaultChainRevoked());
    }

    void anOlderPairRevokesTheChainAndSaysWhatToDo()
    {
        EngineFixture f;
        const Profile p = f.add(QStringLiteral("commvault"));
        const CommvaultPair original = storedPair(f, p);
        QVERIFY(EngineFixture::token(f.process->auth.session(p.id), true));
        // Someone restores the old pair (a backup of the keychain, a stale copy…).
        f.secrets.writeNow(p.secretKey(SecretEntry::CommvaultPair),
                           QJsonDocument(original.toJson()).toJson());
        EngineProcess stale(f.dir.path(), f.secrets);
        auto token = EngineFixture::token(stale.auth.session(p.id), true);
        QVERIFY(!token);
        QCOMPARE(token.error().code, Error::Code::Expired);
        QVERIFY2(token.error().message.contains(QLatin1String("Command Center")),
                 qPrintable(token.error().message));
        QVERIFY(f.sandbox->commvaultChainRevoked());
        QVERIFY(!token.error().toString().contains(original.refreshToken));
    }

    void scopesWithoutRefreshAreNotRenewed()
    {
        EngineFixture f;
        Profile p = f.profileFor(QStringLiteral("commvault"));
        p.commvault.scope = CommvaultScope::Scim;
        p = f.add(p, f.secretsFor(p, QStringLiteral("commvault")));
        AuthSession *session = f.process->auth.session(p.id);
        auto token = EngineFixture::token(session, true);
        QVERIFY(token); // still valid: handed out as it is, with a hint
        QVERIFY(token.value().warning.contains(QLatin1String("Command Center")));
        QCOMPARE(f.sandbox->requestCount(QStringLiteral("commvault.renew")), 0);
        // SCIM tokens live 30 days.
        QVERIFY(session->remainingMs() > qint64(29) * 24 * 3600 * 1000);
    }

    void legacyExpiredTokenCannotBeRenewed()
    {
        EngineFixture f;
        Profile p = f.profileFor(QStringLiteral("commvault"));
        p.commvault.legacy = true;
        p.commvault.created =
            QDateTime::currentDateTimeUtc().addSecs(-3600); // 30-min token, long gone
        p = f.add(p, f.secretsFor(p, QStringLiteral("commvault")));
        auto token = EngineFixture::token(f.process->auth.session(p.id));
        QVERIFY(!token);
        QCOMPARE(token.error().code, Error::Code::Expired);
        QVERIFY(token.error().message.contains(QLatin1String("legacy")));
    }

    void loginSessionUsesAuthtoken()
    {
        EngineFixture f;
        Profile p = f.profileFor(QStringLiteral("commvault"), QStringLiteral("cv login"));
        p.commvault.mode = CommvaultMode::LoginSession;
        p.commvault.username = f.value(QStringLiteral("commvault"), "username");
        p = f.add(p, f.secretsFor(p, QStringLiteral("commvault")));
        auto token = EngineFixture::token(f.process->auth.session(p.id));
        QVERIFY2(token, qPrintable(token ? QString() : token.error().toString()));
        QVERIFY(token.value().accessToken.startsWith(QLatin1String("QSDK ")));
        ApiRequest request;
        request.path = QStringLiteral("/Client");
        auto outcome = f.call(p, request);
        QVERIFY(outcome);
        QCOMPARE(outcome.value().reply.status, 200);
        QCOMPARE(outcome.value().sent.header("Authtoken"), token.value().accessToken.toUtf8());
        QVERIFY(outcome.value().sent.header("Authorization").isEmpty());
        // A renewal of the session goes through RenewLoginToken.
        QVERIFY(EngineFixture::token(f.process->auth.session(p.id), true));
        QCOMPARE(f.sandbox->requestCount(QStringLiteral("commvault.renew-login")), 1);
    }

    void wrongPasswordIsReportedWithoutThePassword()
    {
        EngineFixture f;
        Profile p = f.profileFor(QStringLiteral("commvault"), QStringLiteral("cv bad"));
        p.commvault.mode = CommvaultMode::LoginSession;
        p.commvault.username = f.value(QStringLiteral("commvault"), "username");
        p = f.add(p, {{SecretEntry::Password, QByteArray("wrong+Password/1")}});
        auto token = EngineFixture::token(f.process->auth.session(p.id));
        QVERIFY(!token);
        QVERIFY(!token.error().toString().contains(QLatin1String("wrong+Password")));
        QVERIFY(!token.error().oauthDescription.isEmpty() || token.error().httpStatus == 401);
    }
};

QTEST_GUILESS_MAIN(TestCommvault)
#include "tst_commvault.moc"
