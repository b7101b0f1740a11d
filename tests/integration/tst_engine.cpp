// The token engine against the sandbox over real sockets: every kind, single-flight,
// countdown and auto-refresh, refetch-once, Retry-After, origin policy.
#include "enginefixture.h"

#include <QElapsedTimer>
#include <QSignalSpy>

using namespace tw;
using namespace tw::testing;
using tw::sandbox::Fault;

class TestEngine : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyKindGetsAToken_data()
    {
        QTest::addColumn<QString>("provider");
        QTest::addColumn<QString>("endpoint");
        QTest::addColumn<int>("tokenRequests");
        QTest::newRow("druva-msp") << "druva-msp"
                                   << "druva-msp.token" << 1;
        QTest::newRow("druva") << "druva"
                               << "druva.token" << 1;
        QTest::newRow("druva-gov") << "druva-gov"
                                   << "druva-gov.token" << 1;
        QTest::newRow("oidc (discovery)") << "oidc"
                                          << "oidc.token" << 1;
        QTest::newRow("oauth2") << "oauth2"
                                << "oauth2.token" << 1;
        // A pasted Commvault pair is used as it is: no request until it needs renewal.
        QTest::newRow("commvault") << "commvault"
                                   << "commvault.renew" << 0;
    }
    void everyKindGetsAToken()
    {
        QFETCH(QString, provider);
        QFETCH(QString, endpoint);
        QFETCH(int, tokenRequests);
        EngineFixture f;
        const Profile p = f.add(provider);
        AuthSession *session = f.process->auth.session(p.id);
        QVERIFY(session);
        QCOMPARE(session->state(), AuthSession::State::None);
        auto token = EngineFixture::token(session);
        QVERIFY2(token, qPrintable(token ? QString() : token.error().toString()));
        QVERIFY(!token.value().accessToken.isEmpty());
        QCOMPARE(session->state(), AuthSession::State::Valid);
        QVERIFY(session->remainingMs() > 0);
        QCOMPARE(f.sandbox->requestCount(endpoint), tokenRequests);
        // And the token works on the provider's API.
        const QString path = provider == QLatin1String("commvault") ? QStringLiteral("/Client")
                             : provider == QLatin1String("oidc") ? QStringLiteral("/v1/customers")
                             : provider == QLatin1String("druva-msp")
                                 ? QStringLiteral("/msp/v3/customers?pageSize=1")
                             : provider == QLatin1String("oauth2")
                                 ? QStringLiteral("/whoami")
                                 : QStringLiteral("/demo/v1/whoami");
        ApiRequest request;
        request.path = path;
        auto outcome = f.call(p, request);
        QVERIFY2(outcome, qPrintable(outcome ? QString() : outcome.error().toString()));
        QCOMPARE(outcome.value().reply.status, 200);
        QCOMPARE(outcome.value().tokenRefetches, 0);
    }

    void druvaGetsRawBasicAndOauth2GetsRfcBasic()
    {
        EngineFixture f;
        const Profile druva = f.add(QStringLiteral("druva"));
        QVERIFY(EngineFixture::token(f.process->auth.session(druva.id)));
        const QJsonObject sent = f.sandbox->lastRequests(QStringLiteral("druva.token")).last();
        const QByteArray raw = (f.value(QStringLiteral("druva"), "client_id") + QLatin1Char(':') +
                                f.value(QStringLiteral("druva"), "client_secret"))
                                   .toUtf8();
        QCOMPARE(sent.value(QLatin1String("headers"))
                     .toObject()
                     .value(QLatin1String("authorization"))
                     .toString(),
                 QString::fromLatin1("Basic " + raw.toBase64()));
        QCOMPARE(sent.value(QLatin1String("body")).toString(),
                 QStringLiteral("grant_type=client_credentials&scope=read"));

        const Profile oauth = f.add(QStringLiteral("oauth2"));
        QVERIFY(EngineFixture::token(f.process->auth.session(oauth.id)));
        const QString auth = f.sandbox->lastRequests(QStringLiteral("oauth2.token"))
                                 .last()
                                 .value(QLatin1String("headers"))
                                 .toObject()
                                 .value(QLatin1String("authorization"))
                                 .toString();
        const QByteArray decoded = QByteArray::fromBase64(auth.mid(6).toLatin1());
        QVERIFY2(decoded.contains("%2B") || decoded.contains("%2F") || decoded.contains("%3D"),
                 decoded.constData());
    }

    void wrongEncodingIsRefusedWithTheServersReason()
    {
        EngineFixture f;
        Profile p = f.profileFor(QStringLiteral("druva"));
        p.clientAuth = ClientAuth::ClientSecretBasic; // RFC encoding: Druva refuses it
        p = f.add(p, f.secretsFor(p, QStringLiteral("druva")));
        auto token = EngineFixture::token(f.process->auth.session(p.id));
        QVERIFY(!token);
        QCOMPARE(token.error().httpStatus, 401);
        QCOMPARE(token.error().oauthError, QStringLiteral("invalid_client"));
        QVERIFY(
            !token.error().toString().contains(f.value(QStringLiteral("druva"), "client_secret")));
        QCOMPARE(f.process->auth.session(p.id)->state(), AuthSession::State::Error);
    }

    void fiftyConcurrentCallersShareOneRequest()
    {
        sandbox::SandboxConfig config;
        config.latencyMs = 300;
        EngineFixture f(config);
        const Profile p = f.add(QStringLiteral("druva-msp"));
        AuthSession *session = f.process->auth.session(p.id);
        QList<Result<Token>> results;
        for (int i = 0; i < 50; ++i)
            session->requestToken(nullptr, [&results](Result<Token> t) { results.append(t); });
        QTRY_COMPARE_WITH_TIMEOUT(results.size(), 50, 15000);
        for (const auto &r : results) {
            QVERIFY(r);
            QCOMPARE(r.value().accessToken, results.first().value().accessToken);
        }
        QCOMPARE(f.sandbox->requestCount(QStringLiteral("druva-msp.token")), 1);
    }

    void faultsGiveSpecificErrors_data()
    {
        QTest::addColumn<int>("fault");
        QTest::addColumn<QString>("messagePart");
        QTest::newRow("500") << int(Fault::Http500) << "internal error";
        QTest::newRow("html 502") << int(Fault::Html502) << "bad gateway";
        QTest::newRow("malformed json") << int(Fault::MalformedJson) << "JSON";
        QTest::newRow("missing access_token")
            << int(Fault::MissingAccessToken) << "without an access_token";
        QTest::newRow("truncated") << int(Fault::TruncatedBody) << "cut off";
    }
    void faultsGiveSpecificErrors()
    {
        QFETCH(int, fault);
        QFETCH(QString, messagePart);
        EngineFixture f;
        const Profile p = f.add(QStringLiteral("druva"));
        f.sandbox->setFault(QStringLiteral("druva.token"), Fault(fault));
        auto token = EngineFixture::token(f.process->auth.session(p.id));
        QVERIFY(!token);
        const QString text = token.error().toString();
        QVERIFY2(text.contains(messagePart, Qt::CaseInsensitive), qPrintable(text));
        QVERIFY2(!text.contains(QLatin1String("<html"), Qt::CaseInsensitive), qPrintable(text));
        QVERIFY(text.size() < 700);
    }

    void nonNumericExpiresInIsAWarning()
    {
        EngineFixture f;
        const Profile p = f.add(QStringLiteral("druva"));
        f.sandbox->setFault(QStringLiteral("druva.token"), Fault::NonNumericExpiresIn);
        AuthSession *session = f.process->auth.session(p.id);
        auto token = EngineFixture::token(session);
        QVERIFY(token);
        QVERIFY(!token.value().warning.isEmpty());
        QCOMPARE(session->remainingMs(), -1); // unknown: no countdown
        QCOMPARE(session->state(), AuthSession::State::Valid);
    }

    void noServerIsANetworkError()
    {
        EngineFixture f;
        Profile p = f.profileFor(QStringLiteral("druva"));
        p.tokenUrl = QUrl(QStringLiteral("http://127.0.0.1:1/token"));
        p = f.add(p, f.secretsFor(p, QStringLiteral("druva")));
        auto token = EngineFixture::token(f.process->auth.session(p.id));
        QVERIFY(!token);
        QCOMPARE(token.error().code, Error::Code::Network);
        QVERIFY(token.error().message.contains(QLatin1String("127.0.0.1")));
    }

    void countdownRunsAndAutoRefreshHappensBeforeExpiry()
    {
        sandbox::SandboxConfig config;
        config.tokenLifetimeSec = 3;
        EngineFixture f(config);
        const Profile p = f.add(QStringLiteral("druva"));
        AuthSession *session = f.process->auth.session(p.id);
        auto first = EngineFixture::token(session);
        QVERIFY(first);
        const qint64 r1 = session->remainingMs();
        QVERIFY2(r1 > 2000 && r1 <= 3000, qPrintable(QString::number(r1)));
        QTest::qWait(600);
        QVERIFY(session->remainingMs() < r1 - 400);
        // What the session held the moment the auto-refresh went out: the first token,
        // expiring but not expired (an event, not a stopwatch).
        std::optional<AuthSession::State> stateAtRefresh;
        qint64 leftAtRefresh = -1;
        connect(session, &AuthSession::fetchingChanged, this, [&](bool fetching) {
            if (fetching && !stateAtRefresh) {
                stateAtRefresh = session->state();
                leftAtRefresh = session->remainingMs();
            }
        });
        QTRY_COMPARE_WITH_TIMEOUT(f.sandbox->requestCount(QStringLiteral("druva.token")), 2, 4000);
        QVERIFY(stateAtRefresh.has_value());
        QCOMPARE(*stateAtRefresh, AuthSession::State::Expiring);
        QVERIFY2(leftAtRefresh > 0, qPrintable(QString::number(leftAtRefresh)));
        QTRY_VERIFY(session->token() && session->token()->accessToken != first.value().accessToken);
        QCOMPARE(session->state(), AuthSession::State::Valid);
    }

    void withoutAutoRefreshTheTokenExpires()
    {
        sandbox::SandboxConfig config;
        config.tokenLifetimeSec = 2;
        EngineFixture f(config);
        const Profile p = f.add(QStringLiteral("druva"));
        AuthSession *session = f.process->auth.session(p.id);
        session->setAutoRefresh(false);
        QSignalSpy states(session, &AuthSession::stateChanged);
        QVERIFY(EngineFixture::token(session));
        QTRY_COMPARE_WITH_TIMEOUT(session->state(), AuthSession::State::Expired, 4000);
        // The signal follows from the session's own timer, a moment after the clock says so.
        auto seen = [&states] {
            QList<AuthSession::State> list;
            for (const auto &args : states)
                list << args.first().value<AuthSession::State>();
            return list;
        };
        QTRY_VERIFY_WITH_TIMEOUT(seen().endsWith(AuthSession::State::Expired), 2000);
        QVERIFY(seen().contains(AuthSession::State::Expiring));
        QCOMPARE(f.sandbox->requestCount(QStringLiteral("druva.token")), 1);
        QVERIFY(EngineFixture::token(session)); // asking again fetches a new one
        QCOMPARE(f.sandbox->requestCount(QStringLiteral("druva.token")), 2);
    }

    void revokedTokenIsRefetchedOnce_data()
    {
        QTest::addColumn<QString>("provider");
        QTest::addColumn<QString>("path");
        QTest::newRow("druva-msp 401") << "druva-msp"
                                       << "/msp/v3/customers?pageSize=1";
        QTest::newRow("druva cloud 403") << "druva"
                                         << "/demo/v1/whoami";
        QTest::newRow("oidc 401") << "oidc"
                                  << "/v1/customers";
        QTest::newRow("commvault 401 → renew") << "commvault"
                                               << "/Client";
    }
    void revokedTokenIsRefetchedOnce()
    {
        QFETCH(QString, provider);
        QFETCH(QString, path);
        EngineFixture f;
        const Profile p = f.add(provider);
        ApiRequest request;
        request.path = path;
        QVERIFY(f.call(p, request));
        f.sandbox->revokeAllTokens();
        auto outcome = f.call(p, request);
        QVERIFY2(outcome, qPrintable(outcome ? QString() : outcome.error().toString()));
        QCOMPARE(outcome.value().reply.status, 200);
        QCOMPARE(outcome.value().tokenRefetches, 1);
        QCOMPARE(outcome.value().attempts, 2);
    }

    void persistentRefusalIsReturnedAfterOneRetry()
    {
        EngineFixture f;
        const Profile p = f.add(QStringLiteral("druva-msp"));
        f.sandbox->setFault(QStringLiteral("druva-msp.customers"), Fault::Unauthorized);
        ApiRequest request;
        request.path = QStringLiteral("/msp/v3/customers");
        auto outcome = f.call(p, request);
        QVERIFY(outcome);
        QCOMPARE(outcome.value().reply.status, 401);
        QCOMPARE(outcome.value().attempts, 2);
        QCOMPARE(f.sandbox->requestCount(QStringLiteral("druva-msp.token")), 2);
    }

    void retryAfterIsHonoured()
    {
        EngineFixture f;
        const Profile p = f.add(QStringLiteral("druva"));
        f.sandbox->setFault(QStringLiteral("druva.api"), Fault::TooManyRequests, 1, 1);
        ApiRequest request;
        request.path = QStringLiteral("/demo/v1/whoami");
        QElapsedTimer timer;
        timer.start();
        auto outcome = f.call(p, request);
        QVERIFY(outcome);
        QCOMPARE(outcome.value().reply.status, 200);
        QCOMPARE(outcome.value().rateLimitWaits, 1);
        QVERIFY2(timer.elapsed() >= 950, qPrintable(QString::number(timer.elapsed())));
    }

    void rateLimitRetriesAreBounded()
    {
        EngineFixture f;
        const Profile p = f.add(QStringLiteral("druva"));
        f.sandbox->setFault(QStringLiteral("druva.api"), Fault::ServiceUnavailable, -1, 0);
        ApiRequest request;
        request.path = QStringLiteral("/demo/v1/whoami");
        auto outcome = f.call(p, request);
        QVERIFY(outcome);
        QCOMPARE(outcome.value().reply.status, 503);
        QCOMPARE(outcome.value().attempts, 4); // first try + 3 bounded retries
    }

    void foreignOriginsAndPlainHttpAreRefusedBeforeSending()
    {
        EngineFixture f;
        Profile p = f.add(QStringLiteral("druva"));
        ApiRequest request;
        request.path = QStringLiteral("http://127.0.0.2:9/steal");
        auto outcome = f.call(p, request);
        QVERIFY(!outcome);
        QCOMPARE(outcome.error().code, Error::Code::Refused);
        QCOMPARE(f.sandbox->requestCount(QString()), 0); // not even a token was fetched

        Profile remote = p;
        remote.apiBase = QUrl(QStringLiteral("http://api.example.com"));
        QVERIFY(!ApiClient::resolve(remote, QStringLiteral("/x"), {}));
        remote.options.allowInsecureHttp = true;
        QVERIFY(ApiClient::resolve(remote, QStringLiteral("/x"), {}));
    }

    void customerTokensAreMintedAndScoped()
    {
        EngineFixture f;
        const Profile p = f.add(QStringLiteral("druva-msp"));
        ApiRequest list;
        list.path = QStringLiteral("/msp/v3/customers?pageSize=2");
        auto page = f.call(p, list);
        QVERIFY(page);
        const QJsonArray customers = QJsonDocument::fromJson(page.value().reply.body)
                                         .object()
                                         .value(QLatin1String("customers"))
                                         .toArray();
        QCOMPARE(customers.size(), 2);
        const QString a = customers.at(0).toObject().value(QLatin1String("id")).toString();
        const QString b = customers.at(1).toObject().value(QLatin1String("id")).toString();

        AuthSession *customer = f.process->auth.session(p.id, a);
        QVERIFY(customer);
        auto token = EngineFixture::token(customer);
        QVERIFY2(token, qPrintable(token ? QString() : token.error().toString()));
        ApiRequest own;
        own.customerId = a;
        own.path = QStringLiteral("/demo/v1/customers/%1/info").arg(a);
        auto ok = f.call(p, own);
        QVERIFY(ok);
        QCOMPARE(ok.value().reply.status, 200);
        ApiRequest other = own;
        other.path = QStringLiteral("/demo/v1/customers/%1/info").arg(b);
        auto refused = f.call(p, other);
        QVERIFY(refused);
        QCOMPARE(refused.value().reply.status, 403);

        auto unknown =
            EngineFixture::token(f.process->auth.session(p.id, QStringLiteral("no-such-gcid")));
        QVERIFY(!unknown);
        QCOMPARE(unknown.error().code, Error::Code::NotFound);
        QVERIFY(f.process->auth.session(f.add(QStringLiteral("druva")).id, a) == nullptr);
    }

    void cachedTokenIsReusedByTheNextProcess()
    {
        EngineFixture f;
        const Profile p = f.add(QStringLiteral("druva"));
        auto first = EngineFixture::token(f.process->auth.session(p.id));
        QVERIFY(first);
        QTRY_COMPARE(f.process->auth.pendingCacheWrites(), 0);
        EngineProcess next(f.dir.path(), f.secrets);
        AuthSession *session = next.auth.session(p.id);
        auto second = EngineFixture::token(session);
        QVERIFY(second);
        QCOMPARE(second.value().accessToken, first.value().accessToken);
        QVERIFY(session->tokenFromCache());
        QCOMPARE(f.sandbox->requestCount(QStringLiteral("druva.token")), 1);
        QVERIFY(session->remainingMs() > 0);
    }

    void customerTokensShareOneCacheEntryAndSurviveTheProcess()
    {
        EngineFixture f;
        const Profile p = f.add(QStringLiteral("druva-msp"));
        ApiRequest list;
        list.path = QStringLiteral("/msp/v3/customers?pageSize=30");
        auto page = f.call(p, list);
        QVERIFY(page);
        QStringList ids;
        for (const QJsonValue &c : QJsonDocument::fromJson(page.value().reply.body)
                                       .object()
                                       .value(QLatin1String("customers"))
                                       .toArray())
            ids << c.toObject().value(QLatin1String("id")).toString();
        QCOMPARE(ids.size(), 30);
        QHash<QString, QString> minted;
        for (const QString &id : ids)
            f.process->auth.session(p.id, id)->requestToken(
                nullptr, [&minted, id](Result<Token> t) {
                    minted.insert(id, t ? t.value().accessToken : QString());
                });
        QTRY_COMPARE_WITH_TIMEOUT(minted.size(), 30, 15000);
        QTRY_COMPARE_WITH_TIMEOUT(f.process->auth.pendingCacheWrites(), 0, 5000);
        // One keychain entry (and one recorded key) for all customers of the profile.
        const Profile stored = *f.process->store.find(p.id);
        QCOMPARE(stored.secretKeys.filter(QStringLiteral("token:customer")).size(), 1);
        QVERIFY(f.secrets.contains(p.secretKey(QStringLiteral("token:customers"))));

        EngineProcess next(f.dir.path(), f.secrets);
        const int mints = f.sandbox->requestCount(QStringLiteral("druva-msp.customer-token"));
        for (const QString &id : ids.mid(0, 5)) {
            AuthSession *session = next.auth.session(p.id, id);
            auto token = EngineFixture::token(session);
            QVERIFY(token);
            QCOMPARE(token.value().accessToken, minted.value(id));
            QVERIFY(session->tokenFromCache());
        }
        QCOMPARE(f.sandbox->requestCount(QStringLiteral("druva-msp.customer-token")), mints);
    }

    void anEditedProfileDoesNotReuseTheCachedToken()
    {
        EngineFixture f;
        Profile p = f.add(QStringLiteral("oauth2"));
        QVERIFY(EngineFixture::token(f.process->auth.session(p.id)));
        QTRY_COMPARE(f.process->auth.pendingCacheWrites(), 0);
        p.scope = QStringLiteral("other");
        QVERIFY(!f.process->store.update(p));
        EngineProcess next(f.dir.path(), f.secrets);
        AuthSession *session = next.auth.session(p.id);
        QVERIFY(EngineFixture::token(session));
        QVERIFY(!session->tokenFromCache());
        QCOMPARE(f.sandbox->requestCount(QStringLiteral("oauth2.token")), 2);
    }

    void oauth2RefreshTokenIsUsedForRenewal()
    {
        EngineFixture f;
        const Profile p = f.add(QStringLiteral("oauth2"));
        AuthSession *session = f.process->auth.session(p.id);
        auto first = EngineFixture::token(session);
        QVERIFY(first);
        if (first.value().refreshToken.isEmpty())
            QFAIL("the sandbox's generic OAuth server hands out refresh tokens");
        auto second = EngineFixture::token(session, true);
        QVERIFY(second);
        QVERIFY(second.value().accessToken != first.value().accessToken);
        const QString body = f.sandbox->lastRequests(QStringLiteral("oauth2.token"))
                                 .last()
                                 .value(QLatin1String("body"))
                                 .toString();
        QVERIFY2(body.contains(QLatin1String("grant_type=refresh_token")), qPrintable(body));
    }

    void issuerDiscoveryFindsTheTokenEndpoint()
    {
        EngineFixture f;
        Profile p = f.profileFor(QStringLiteral("oauth2"));
        p.tokenUrl = QUrl();
        p.issuer = QUrl(f.value(QStringLiteral("oauth2"), "issuer"));
        p = f.add(p, f.secretsFor(p, QStringLiteral("oauth2")));
        QVERIFY(EngineFixture::token(f.process->auth.session(p.id)));
        QCOMPARE(f.sandbox->requestCount(QStringLiteral("oauth2.discovery")), 1);

        Profile wrong = f.profileFor(QStringLiteral("oidc"), QStringLiteral("wrong issuer"));
        wrong.issuer = QUrl(f.value(QStringLiteral("oidc"), "issuer") + QStringLiteral("/"));
        wrong.issuer.setPath(QStringLiteral("/nowhere"));
        wrong = f.add(wrong, f.secretsFor(wrong, QStringLiteral("oidc")));
        auto token = EngineFixture::token(f.process->auth.session(wrong.id));
        QVERIFY(!token);
        QCOMPARE(token.error().httpStatus, 404);
    }
};

QTEST_GUILESS_MAIN(TestEngine)
#include "tst_engine.moc"
