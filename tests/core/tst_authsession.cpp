// The session state machine on a manual clock: states, countdown, single-flight,
// invalidation, and expiry that a wall-clock change cannot move.
#include "auth/authmanager.h"
#include "auth/tokenfetcher.h"
#include "profiles/memorysecretstore.h"
#include "profiles/profileservice.h"
#include "profiles/profilestore.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace tw;

namespace {
// Answers when the test says so; counts how often it was asked.
class FakeFetcher : public TokenFetcher
{
public:
    using TokenFetcher::TokenFetcher;
    void fetch(const Request &request, Callback done) override
    {
        ++calls;
        lastRequest = request;
        pending = std::move(done);
    }
    bool cacheable() const override { return false; }
    void answer(qint64 expiresIn, const QDateTime &sentAt)
    {
        Token t;
        t.accessToken = QStringLiteral("token-%1").arg(calls);
        t.expiresInSec = expiresIn;
        t.obtainedAt = sentAt;
        t.expiresAt = sentAt.addSecs(expiresIn);
        auto done = std::move(pending);
        done(t);
    }
    void fail()
    {
        Error e;
        e.code = Error::Code::OAuth;
        e.message = QStringLiteral("refused");
        e.httpStatus = 401;
        auto done = std::move(pending);
        done(e);
    }
    int calls = 0;
    Request lastRequest;
    Callback pending;
};
} // namespace

class TestAuthSession : public QObject
{
    Q_OBJECT

    struct Rig
    {
        Rig() : store(dir.path()), service(store, secrets), auth(&store, &service, &clock)
        {
            Profile p = Profile::preset(ProviderKind::OAuth2);
            p.name = QStringLiteral("p");
            p.tokenUrl = QUrl(QStringLiteral("https://idp.example/token"));
            p.clientId = QStringLiteral("c");
            profile = store.add(p).value();
            fetcher = new FakeFetcher(&auth, profile.id);
            session = new AuthSession(&auth, profile.id, QString(), fetcher, &auth);
            session->setAutoRefresh(false);
        }
        QTemporaryDir dir;
        ManualClock clock;
        ProfileStore store;
        MemorySecretStore secrets;
        ProfileService service;
        AuthManager auth;
        Profile profile;
        FakeFetcher *fetcher;
        AuthSession *session;
    };

private Q_SLOTS:
    void statesFollowTheMonotonicClock()
    {
        Rig r;
        QCOMPARE(r.session->state(), AuthSession::State::None);
        QCOMPARE(r.session->remainingMs(), -1);
        r.session->requestToken(nullptr, [](Result<Token>) {});
        QTRY_COMPARE(r.fetcher->calls, 1);
        QCOMPARE(r.session->state(), AuthSession::State::Fetching);
        r.fetcher->answer(900, r.clock.utcNow());
        QCOMPARE(r.session->state(), AuthSession::State::Valid);
        const qint64 lifetime = (900 - 10) * 1000; // minus the skew
        QCOMPARE(r.session->remainingMs(), lifetime);
        QCOMPARE(r.session->lifetimeMs(), lifetime);
        r.clock.advance(lifetime - 90000); // the last 10 % (89 s) is "expiring"
        QCOMPARE(r.session->state(), AuthSession::State::Valid);
        r.clock.advance(1000);
        QCOMPARE(r.session->state(), AuthSession::State::Expiring);
        r.clock.advance(89000);
        QCOMPARE(r.session->remainingMs(), 0);
        QCOMPARE(r.session->state(), AuthSession::State::Expired);
    }

    void aWallClockJumpDoesNotMoveTheExpiry()
    {
        Rig r;
        r.session->requestToken(nullptr, [](Result<Token>) {});
        QTRY_COMPARE(r.fetcher->calls, 1);
        r.fetcher->answer(600, r.clock.utcNow());
        const qint64 before = r.session->remainingMs();
        r.clock.setWallStart(r.clock.utcNow().addDays(-3)); // user sets the clock back
        QCOMPARE(r.session->remainingMs(), before);
        r.clock.setWallStart(r.clock.utcNow().addYears(1));
        QCOMPARE(r.session->remainingMs(), before);
        QCOMPARE(r.session->state(), AuthSession::State::Valid);
    }

    void concurrentCallersShareOneFetch()
    {
        Rig r;
        int delivered = 0;
        QStringList tokens;
        for (int i = 0; i < 20; ++i)
            r.session->requestToken(nullptr, [&](Result<Token> t) {
                ++delivered;
                tokens << t.value().accessToken;
            });
        QTRY_COMPARE(r.fetcher->calls, 1);
        r.session->refresh(); // joins the flight already out
        QCOMPARE(r.fetcher->calls, 1);
        r.fetcher->answer(60, r.clock.utcNow());
        QCOMPARE(delivered, 20);
        QCOMPARE(tokens.removeDuplicates(), 19);
        // A valid token is handed out without asking again.
        r.session->requestToken(nullptr, [&](Result<Token>) { ++delivered; });
        QTRY_COMPARE(delivered, 21);
        QCOMPARE(r.fetcher->calls, 1);
    }

    void aValidTokenIsServedWhileARefreshRuns()
    {
        Rig r;
        r.session->requestToken(nullptr, [](Result<Token>) {});
        QTRY_COMPARE(r.fetcher->calls, 1);
        r.fetcher->answer(600, r.clock.utcNow());
        r.session->refresh(); // e.g. a renewal waiting for another process's lock
        QTRY_COMPARE(r.fetcher->calls, 2);
        QString served;
        r.session->requestToken(nullptr, [&](Result<Token> t) { served = t.value().accessToken; });
        QTRY_COMPARE(served, QStringLiteral("token-1"));
        r.fetcher->answer(600, r.clock.utcNow());
        QCOMPARE(r.session->token()->accessToken, QStringLiteral("token-2"));
    }

    void invalidateDropsOnlyTheRejectedToken()
    {
        Rig r;
        r.session->requestToken(nullptr, [](Result<Token>) {});
        QTRY_COMPARE(r.fetcher->calls, 1);
        r.fetcher->answer(600, r.clock.utcNow());
        r.session->invalidate(QStringLiteral("some older token"));
        QVERIFY(r.session->token());
        r.session->invalidate(QStringLiteral("token-1"));
        QVERIFY(!r.session->token());
        r.session->requestToken(nullptr, [](Result<Token>) {});
        QTRY_COMPARE(r.fetcher->calls, 2);
        QCOMPARE(r.fetcher->lastRequest.rejectedToken, QStringLiteral("token-1"));
    }

    void failureKeepsAValidTokenAndReportsTheError()
    {
        Rig r;
        QSignalSpy failed(r.session, &AuthSession::failed);
        r.session->requestToken(nullptr, [](Result<Token>) {});
        QTRY_COMPARE(r.fetcher->calls, 1);
        r.fetcher->fail();
        QCOMPARE(r.session->state(), AuthSession::State::Error);
        QCOMPARE(failed.size(), 1);
        r.session->refresh();
        QTRY_COMPARE(r.fetcher->calls, 2);
        r.fetcher->answer(600, r.clock.utcNow());
        QCOMPARE(r.session->state(), AuthSession::State::Valid);
        QVERIFY(!r.session->lastError());
        r.session->refresh();
        QTRY_COMPARE(r.fetcher->calls, 3);
        r.fetcher->fail();
        QCOMPARE(r.session->state(), AuthSession::State::Valid); // the old token still works
        QVERIFY(r.session->lastError());
    }

    void callbacksOfDeadContextsAreDropped()
    {
        Rig r;
        bool called = false;
        auto *context = new QObject;
        r.session->requestToken(context, [&](Result<Token>) { called = true; });
        QTRY_COMPARE(r.fetcher->calls, 1);
        delete context;
        r.fetcher->answer(60, r.clock.utcNow());
        QVERIFY(!called);
    }
};

QTEST_GUILESS_MAIN(TestAuthSession)
#include "tst_authsession.moc"
