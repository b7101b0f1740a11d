// Customer lists and per-customer tokens against the sandbox over real sockets: the exact
// paging of docs/providers.md §1 (Druva MSP) and §3 (OIDC portal) at page boundaries, failures
// that keep what was fetched and resume, cancel, and bulk minting under a concurrency limit.
#include "enginefixture.h"

#include "democustomers.h"
#include "msp/bulkminter.h"
#include "msp/customerlister.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QUrlQuery>

using namespace tw;
using namespace tw::testing;
using tw::sandbox::DemoCustomers;
using tw::sandbox::Fault;

namespace {

using Items = QList<QPair<QString, QString>>;

Items queryItems(const QJsonObject &wire)
{
    return QUrlQuery(wire.value(QLatin1String("query")).toString()).queryItems(QUrl::FullyDecoded);
}

// Runs the lister until it settles (complete, failed or cancelled).
void settle(CustomerLister &lister, int timeoutMs = 60000)
{
    QTRY_VERIFY_WITH_TIMEOUT(!lister.isRunning(), timeoutMs);
}

void settle(BulkMinter &minter, int timeoutMs = 60000)
{
    QTRY_VERIFY_WITH_TIMEOUT(!minter.isRunning(), timeoutMs);
}

QStringList druvaIds(int from, int count)
{
    QStringList ids;
    for (int i = from; i < from + count; ++i)
        ids << DemoCustomers::druvaCustomerId(i);
    return ids;
}

} // namespace

class TestCustomers : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void druvaPagingFollowsTheContract_data();
    void druvaPagingFollowsTheContract();
    void includeFeaturesGoesOnTheFirstRequestOnly();
    void portalPagingFollowsTheContract_data();
    void portalPagingFollowsTheContract();
    void failedPageKeepsCustomersAndResumes();
    void failedPortalPageResumesAtThatPage();
    void rateLimitedPageIsRetriedByTheEngine();
    void cancelKeepsCustomersAndResumes();
    void listingNeedsACustomerKind();
    void shownFieldsOnlyKeepsWhatTheTableShows();
    void bulkMintStaysWithinTheLimit_data();
    void bulkMintStaysWithinTheLimit();
    void bulkMintReportsEachFailure();
    void bulkMintReusesValidTokensAndMintsEachCustomerOnce();
    void bulkMintCancelStopsStartingMints();
    void bulkMintNeedsDruvaMsp();
    void customerTokenIsRefusedOnAnotherCustomersPath();
};

void TestCustomers::druvaPagingFollowsTheContract_data()
{
    QTest::addColumn<int>("customers");
    QTest::addColumn<int>("pages");
    QTest::newRow("1") << 1 << 1;
    QTest::newRow("100 (exactly one page)") << 100 << 1;
    QTest::newRow("101") << 101 << 2;
    QTest::newRow("1050") << 1050 << 11;
}

void TestCustomers::druvaPagingFollowsTheContract()
{
    QFETCH(int, customers);
    QFETCH(int, pages);
    EngineFixture f(sandbox::SandboxConfig{0, 0, customers});
    const Profile p = f.add(QStringLiteral("druva-msp"));
    CustomerLister lister(&f.process->auth, &f.process->api, p.id);
    QSignalSpy progress(&lister, &CustomerLister::progress);
    QSignalSpy added(&lister, &CustomerLister::customersAdded);
    QElapsedTimer timer;
    timer.start();
    lister.start();
    settle(lister);
    const qint64 elapsed = timer.elapsed();
    QCOMPARE(lister.state(), CustomerLister::State::Complete);
    QCOMPARE(lister.customers().size(), customers);
    QCOMPARE(lister.pagesFetched(), pages);
    QCOMPARE(f.sandbox->requestCount(QStringLiteral("druva-msp.customers")), pages);
    QCOMPARE(progress.size(), pages + 1); // the 0/0 at start, then one per page
    QCOMPARE(progress.last().at(1).toInt(), customers);
    QCOMPARE(added.size(), pages);

    // Every request on the wire: pageSize=100 alone first, then pageToken alone, each being
    // the nextPageToken of the answer before (the sandbox's token encodes the offset).
    const QList<QJsonObject> wire = f.sandbox->lastRequests(QStringLiteral("druva-msp.customers"));
    QCOMPARE(wire.size(), pages);
    QCOMPARE(queryItems(wire.first()), (Items{{"pageSize", "100"}}));
    for (int i = 1; i < wire.size(); ++i) {
        const Items items = queryItems(wire.at(i));
        QCOMPARE(items.size(), 1);
        QCOMPARE(items.first().first, QStringLiteral("pageToken"));
        const QByteArray plain =
            QByteArray::fromBase64(items.first().second.toLatin1(), QByteArray::Base64UrlEncoding);
        QCOMPARE(plain, QStringLiteral("v1|%1|100|0").arg(i * 100).toLatin1());
    }

    // In server order, each object exactly as sent: unknown fields (every 7th) included.
    for (int i = 0; i < customers; ++i) {
        const Customer &c = lister.customers().at(i);
        QCOMPARE(c.id(), DemoCustomers::druvaCustomerId(i));
        QCOMPARE(c.toJson(), DemoCustomers::druvaCustomer(i, false));
    }
    if (customers > 2)
        QCOMPARE(lister.customers().at(2).raw.value("partnerNotes").toString(),
                 QStringLiteral("field not in any document"));
    qInfo("listed %d Druva MSP customers in %d pages in %lld ms", customers, pages, elapsed);
}

void TestCustomers::includeFeaturesGoesOnTheFirstRequestOnly()
{
    EngineFixture f(sandbox::SandboxConfig{0, 0, 250});
    const Profile p = f.add(QStringLiteral("druva-msp"));
    CustomerLister lister(&f.process->auth, &f.process->api, p.id);
    lister.setOptions({100, true});
    lister.start();
    settle(lister);
    QCOMPARE(lister.state(), CustomerLister::State::Complete);
    QCOMPARE(lister.customers().size(), 250);
    const QList<QJsonObject> wire = f.sandbox->lastRequests(QStringLiteral("druva-msp.customers"));
    QCOMPARE(wire.size(), 3);
    QCOMPARE(queryItems(wire.at(0)), (Items{{"pageSize", "100"}, {"includeFeatures", "true"}}));
    QCOMPARE(queryItems(wire.at(1)).size(), 1);
    QCOMPARE(queryItems(wire.at(2)).size(), 1);
    // The token carried the flag: the last page has features too.
    QCOMPARE(lister.customers().at(240).features().first(), QStringLiteral("Hybrid Workloads"));
    QCOMPARE(lister.customers().at(240).toJson(), DemoCustomers::druvaCustomer(240, true));
}

void TestCustomers::portalPagingFollowsTheContract_data()
{
    QTest::addColumn<int>("customers");
    QTest::addColumn<int>("pageSize");
    QTest::addColumn<int>("pages");
    QTest::newRow("1") << 1 << 0 << 1;
    QTest::newRow("50 (exactly one default page)") << 50 << 0 << 1;
    QTest::newRow("51") << 51 << 0 << 2;
    QTest::newRow("100 at 100") << 100 << 100 << 1;
    QTest::newRow("101 at 100") << 101 << 100 << 2;
    QTest::newRow("1050") << 1050 << 0 << 21;
    QTest::newRow("0") << 0 << 0 << 1;
}

void TestCustomers::portalPagingFollowsTheContract()
{
    QFETCH(int, customers);
    QFETCH(int, pageSize);
    QFETCH(int, pages);
    EngineFixture f(sandbox::SandboxConfig{0, 0, customers});
    const Profile p = f.add(QStringLiteral("oidc"));
    CustomerLister lister(&f.process->auth, &f.process->api, p.id);
    lister.setOptions({pageSize, false});
    QElapsedTimer timer;
    timer.start();
    lister.start();
    settle(lister);
    QCOMPARE(lister.state(), CustomerLister::State::Complete);
    QCOMPARE(lister.customers().size(), customers);
    QCOMPARE(lister.totalCustomers(), qint64(customers));
    QCOMPARE(f.sandbox->requestCount(QStringLiteral("oidc.customers")), pages);
    const QList<QJsonObject> wire = f.sandbox->lastRequests(QStringLiteral("oidc.customers"));
    QCOMPARE(wire.size(), pages);
    const QString size = QString::number(pageSize ? pageSize : 50);
    for (int i = 0; i < pages; ++i)
        QCOMPARE(queryItems(wire.at(i)),
                 (Items{{"page_number", QString::number(i + 1)}, {"page_size", size}}));
    for (int i = 0; i < customers; ++i)
        QCOMPARE(lister.customers().at(i).toJson(), DemoCustomers::portalCustomer(i));
    if (customers > 7) {
        // A null name stays null in the object; the accessor gives an empty name.
        QVERIFY(lister.customers().at(7).raw.value("name").isNull());
        QVERIFY(!lister.customers().at(7).hasName());
    }
    qInfo("listed %d portal customers in %d pages in %lld ms", customers, pages, timer.elapsed());
}

void TestCustomers::failedPageKeepsCustomersAndResumes()
{
    EngineFixture f(sandbox::SandboxConfig{0, 0, 1050});
    const Profile p = f.add(QStringLiteral("druva-msp"));
    // Pages 1–4 arrive; page 5 fails with a 500 (not retried by the engine).
    f.sandbox->setFaultAfter(QStringLiteral("druva-msp.customers"), 4, Fault::Http500, 1);
    CustomerLister lister(&f.process->auth, &f.process->api, p.id);
    QSignalSpy failed(&lister, &CustomerLister::failed);
    lister.start();
    settle(lister);
    QCOMPARE(lister.state(), CustomerLister::State::Failed);
    QCOMPARE(failed.size(), 1);
    const Error error = failed.first().first().value<Error>();
    QCOMPARE(error.httpStatus, 500);
    QVERIFY2(error.message.contains("page 5"), qPrintable(error.message));
    QCOMPARE(lister.customers().size(), 400);
    QCOMPARE(lister.customers().last().id(), DemoCustomers::druvaCustomerId(399));

    lister.resume();
    settle(lister);
    QCOMPARE(lister.state(), CustomerLister::State::Complete);
    QCOMPARE(lister.customers().size(), 1050);
    QCOMPARE(lister.duplicatesDropped(), 0);
    for (int i = 0; i < 1050; ++i)
        QCOMPARE(lister.customers().at(i).id(), DemoCustomers::druvaCustomerId(i));
    // 11 pages + the one that failed; the retry asked for the same page, token alone.
    QCOMPARE(f.sandbox->requestCount(QStringLiteral("druva-msp.customers")), 12);
    const QList<QJsonObject> wire = f.sandbox->lastRequests(QStringLiteral("druva-msp.customers"));
    QCOMPARE(queryItems(wire.at(4)), queryItems(wire.at(5)));
    QCOMPARE(queryItems(wire.at(5)).first().first, QStringLiteral("pageToken"));
}

void TestCustomers::failedPortalPageResumesAtThatPage()
{
    EngineFixture f(sandbox::SandboxConfig{0, 0, 260});
    const Profile p = f.add(QStringLiteral("oidc"));
    f.sandbox->setFaultAfter(QStringLiteral("oidc.customers"), 3, Fault::Html502, 1);
    CustomerLister lister(&f.process->auth, &f.process->api, p.id);
    lister.start();
    settle(lister);
    QCOMPARE(lister.state(), CustomerLister::State::Failed);
    QVERIFY(lister.lastError());
    QVERIFY(!lister.lastError()->toString().contains("<html", Qt::CaseInsensitive));
    QCOMPARE(lister.customers().size(), 150);
    lister.resume();
    settle(lister);
    QCOMPARE(lister.state(), CustomerLister::State::Complete);
    QCOMPARE(lister.customers().size(), 260);
    const QList<QJsonObject> wire = f.sandbox->lastRequests(QStringLiteral("oidc.customers"));
    QCOMPARE(wire.size(), 7);
    QCOMPARE(queryItems(wire.at(3)).first().second, QStringLiteral("4"));
    QCOMPARE(queryItems(wire.at(4)).first().second, QStringLiteral("4"));
}

void TestCustomers::rateLimitedPageIsRetriedByTheEngine()
{
    EngineFixture f(sandbox::SandboxConfig{0, 0, 350});
    const Profile p = f.add(QStringLiteral("druva-msp"));
    f.sandbox->setFaultAfter(QStringLiteral("druva-msp.customers"), 2, Fault::ServiceUnavailable, 1,
                             0);
    CustomerLister lister(&f.process->auth, &f.process->api, p.id);
    QSignalSpy waiting(&lister, &CustomerLister::waiting);
    lister.start();
    settle(lister);
    QCOMPARE(lister.state(), CustomerLister::State::Complete);
    QCOMPARE(lister.customers().size(), 350);
    QCOMPARE(waiting.size(), 1);
    QCOMPARE(f.sandbox->requestCount(QStringLiteral("druva-msp.customers")), 5);
}

void TestCustomers::cancelKeepsCustomersAndResumes()
{
    EngineFixture f(sandbox::SandboxConfig{0, 0, 1050});
    const Profile p = f.add(QStringLiteral("druva-msp"));
    // Page 3 takes long enough to be cancelled while on the wire.
    f.sandbox->setFaultAfter(QStringLiteral("druva-msp.customers"), 2, Fault::Slow, 1, 1500);
    CustomerLister lister(&f.process->auth, &f.process->api, p.id);
    QSignalSpy cancelled(&lister, &CustomerLister::cancelled);
    QSignalSpy finished(&lister, &CustomerLister::finished);
    QSignalSpy served(f.sandbox.get(), &sandbox::Sandbox::requestServed);
    lister.start();
    QTRY_COMPARE_WITH_TIMEOUT(f.sandbox->requestCount(QStringLiteral("druva-msp.customers")), 3,
                              20000);
    lister.cancel();
    QCOMPARE(lister.state(), CustomerLister::State::Cancelled);
    QCOMPARE(cancelled.size(), 1);
    QCOMPARE(lister.customers().size(), 200);
    // The slow answer arrives (the sandbox says it sent it) and must be ignored.
    QTRY_COMPARE_WITH_TIMEOUT(std::count_if(served.cbegin(), served.cend(),
                                            [](const QList<QVariant> &a) {
                                                return a.at(0).toString() ==
                                                       QLatin1String("druva-msp.customers");
                                            }),
                              3, 20000);
    QCoreApplication::processEvents();
    QCOMPARE(lister.customers().size(), 200);
    QCOMPARE(finished.size(), 0);
    lister.resume();
    settle(lister);
    QCOMPARE(lister.state(), CustomerLister::State::Complete);
    QCOMPARE(lister.customers().size(), 1050);
    QCOMPARE(f.sandbox->requestCount(QStringLiteral("druva-msp.customers")), 12);
}

void TestCustomers::listingNeedsACustomerKind()
{
    EngineFixture f;
    const Profile p = f.add(QStringLiteral("druva"));
    CustomerLister lister(&f.process->auth, &f.process->api, p.id);
    QSignalSpy failed(&lister, &CustomerLister::failed);
    lister.start();
    settle(lister);
    QCOMPARE(lister.state(), CustomerLister::State::Failed);
    QCOMPARE(failed.first().first().value<Error>().code, Error::Code::InvalidInput);
    QCOMPARE(f.sandbox->requestCount(QString()), 0);
    QVERIFY(listsCustomers(ProviderKind::DruvaMsp));
    QVERIFY(listsCustomers(ProviderKind::Oidc));
    QVERIFY(!listsCustomers(ProviderKind::Commvault));
    // The capability and the pagers agree for every kind, and only a listing kind mints.
    for (const QString &name : allKindNames()) {
        const ProviderKind kind = *kindFromString(name);
        QCOMPARE(listsCustomers(kind), CustomerPaging::forKind(kind) != nullptr);
        QVERIFY(!mintsCustomerTokens(kind) || listsCustomers(kind));
    }
    QVERIFY(mintsCustomerTokens(ProviderKind::DruvaMsp));
    QVERIFY(!mintsCustomerTokens(ProviderKind::Oidc));
}

void TestCustomers::bulkMintStaysWithinTheLimit_data()
{
    QTest::addColumn<int>("limit");
    // Qt 6.4 opens at most 6 connections per host and manager; HttpClient adds pools
    // ("lanes") beyond that, so the limit asked for is the concurrency the server sees.
    QTest::addColumn<int>("expectedPeak");
    QTest::newRow("1") << 1 << 1;
    QTest::newRow("2") << 2 << 2;
    QTest::newRow("4 (default)") << 0 << 4;
    QTest::newRow("6") << 6 << 6;
    QTest::newRow("8") << 8 << 8;
    QTest::newRow("16") << 16 << 16;
}

void TestCustomers::bulkMintStaysWithinTheLimit()
{
    QFETCH(int, limit);
    QFETCH(int, expectedPeak);
    EngineFixture f(sandbox::SandboxConfig{0, 0, 40});
    const Profile p = f.add(QStringLiteral("druva-msp"));
    QVERIFY(EngineFixture::token(f.process->auth.session(p.id)));
    f.sandbox->setLatency(150);
    f.sandbox->resetCounters();
    BulkMinter minter(&f.process->auth, p.id);
    if (limit)
        minter.setConcurrency(limit);
    QCOMPARE(minter.concurrency(), limit ? limit : 4);
    int peak = 0;
    connect(&minter, &BulkMinter::customerStarted, this,
            [&] { peak = std::max(peak, minter.inFlight()); });
    QSignalSpy finished(&minter, &BulkMinter::finished);
    const QStringList ids = druvaIds(0, 24);
    QElapsedTimer timer;
    timer.start();
    minter.start(ids);
    settle(minter);
    QCOMPARE(finished.size(), 1);
    QCOMPARE(finished.first().first().toBool(), false);
    QCOMPARE(minter.succeededCount(), 24);
    QCOMPARE(minter.failedCount(), 0);
    QCOMPARE(f.sandbox->requestCount(QStringLiteral("druva-msp.customer-token")), 24);
    QVERIFY(peak <= minter.concurrency());
    const int served = f.sandbox->maxConcurrent(QStringLiteral("druva-msp.customer-token"));
    QVERIFY2(served <= minter.concurrency(), qPrintable(QString::number(served)));
    QCOMPARE(served, expectedPeak);
    for (const auto &outcome : minter.outcomes()) {
        QVERIFY(outcome.ok());
        QVERIFY(outcome.remainingMs > 0);
        QCOMPARE(f.process->auth.session(p.id, outcome.customerId)->token()->accessToken,
                 outcome.token->accessToken);
    }
    qInfo("minted 24 customer tokens at concurrency %d in %lld ms (server peak %d)",
          minter.concurrency(), timer.elapsed(), served);
}

void TestCustomers::bulkMintReportsEachFailure()
{
    EngineFixture f(sandbox::SandboxConfig{0, 0, 10});
    const Profile p = f.add(QStringLiteral("druva-msp"));
    QVERIFY(EngineFixture::token(f.process->auth.session(p.id)));
    // One at a time so the fault hits a known customer: the third mint gets a 500.
    f.sandbox->setFaultAfter(QStringLiteral("druva-msp.customer-token"), 2, Fault::Http500, 1);
    BulkMinter minter(&f.process->auth, p.id);
    minter.setConcurrency(1);
    QSignalSpy each(&minter, &BulkMinter::customerFinished);
    const QStringList ids{druvaIds(0, 1).first(), QStringLiteral("nosuchgcid000"),
                          druvaIds(1, 1).first(), druvaIds(2, 1).first()};
    minter.start(ids);
    settle(minter);
    QCOMPARE(each.size(), 4);
    QCOMPARE(minter.succeededCount(), 2);
    QCOMPARE(minter.failedCount(), 2);
    const auto outcomes = minter.outcomes();
    QVERIFY(outcomes.at(0).ok());
    QCOMPARE(outcomes.at(1).error->code, Error::Code::NotFound);
    QCOMPARE(outcomes.at(2).error->httpStatus, 500);
    QVERIFY(outcomes.at(3).ok());
    // The failure is the customer's own: it can be retried alone.
    minter.start({ids.at(2)});
    settle(minter);
    QCOMPARE(minter.succeededCount(), 1);
}

void TestCustomers::bulkMintReusesValidTokensAndMintsEachCustomerOnce()
{
    EngineFixture f(sandbox::SandboxConfig{0, 0, 10});
    const Profile p = f.add(QStringLiteral("druva-msp"));
    f.sandbox->setLatency(100);
    const QStringList ids = druvaIds(0, 5);
    BulkMinter first(&f.process->auth, p.id);
    BulkMinter second(&f.process->auth, p.id);
    first.setConcurrency(5);
    second.setConcurrency(5);
    // The same customers twice in one selection and in two minters at once.
    first.start(ids + ids);
    second.start(ids);
    settle(first);
    settle(second);
    QCOMPARE(first.total(), 5);
    QCOMPARE(first.succeededCount(), 5);
    QCOMPARE(second.succeededCount(), 5);
    QCOMPARE(f.sandbox->requestCount(QStringLiteral("druva-msp.customer-token")), 5);
    QCOMPARE(f.sandbox->requestCount(QStringLiteral("druva-msp.token")), 1);
    // Valid tokens are reused; --force style mints anew.
    first.start(ids);
    settle(first);
    QCOMPARE(f.sandbox->requestCount(QStringLiteral("druva-msp.customer-token")), 5);
    first.setForce(true);
    first.start(ids);
    settle(first);
    QCOMPARE(first.succeededCount(), 5);
    QCOMPARE(f.sandbox->requestCount(QStringLiteral("druva-msp.customer-token")), 10);
}

void TestCustomers::bulkMintCancelStopsStartingMints()
{
    EngineFixture f(sandbox::SandboxConfig{0, 0, 40});
    const Profile p = f.add(QStringLiteral("druva-msp"));
    QVERIFY(EngineFixture::token(f.process->auth.session(p.id)));
    f.sandbox->setLatency(200);
    BulkMinter minter(&f.process->auth, p.id);
    minter.setConcurrency(2);
    QSignalSpy finished(&minter, &BulkMinter::finished);
    minter.start(druvaIds(0, 30));
    QTRY_VERIFY_WITH_TIMEOUT(minter.succeededCount() >= 2, 20000);
    minter.cancel();
    QCOMPARE(finished.size(), 1);
    QCOMPARE(finished.first().first().toBool(), true);
    QCOMPARE(minter.doneCount(), 30);
    const int minted = minter.succeededCount();
    QVERIFY(minted < 30);
    int cancelled = 0;
    for (const auto &outcome : minter.outcomes())
        cancelled += outcome.error && outcome.error->code == Error::Code::Cancelled;
    QCOMPARE(cancelled, 30 - minted);
    QTest::qWait(600);
    // Nothing new was started after the cancel; at most the two on the wire finished.
    QVERIFY(f.sandbox->requestCount(QStringLiteral("druva-msp.customer-token")) <= minted + 2);
    QCOMPARE(minter.inFlight(), 0);
}

void TestCustomers::bulkMintNeedsDruvaMsp()
{
    EngineFixture f(sandbox::SandboxConfig{0, 0, 5});
    const Profile p = f.add(QStringLiteral("oidc"));
    BulkMinter minter(&f.process->auth, p.id);
    minter.start({QStringLiteral("a"), QStringLiteral("b")});
    settle(minter);
    QCOMPARE(minter.failedCount(), 2);
    QCOMPARE(minter.outcomes().first().error->code, Error::Code::InvalidInput);
    QCOMPARE(f.sandbox->requestCount(QString()), 0);
}

void TestCustomers::customerTokenIsRefusedOnAnotherCustomersPath()
{
    EngineFixture f(sandbox::SandboxConfig{0, 0, 5});
    const Profile p = f.add(QStringLiteral("druva-msp"));
    const QStringList ids = druvaIds(0, 2);
    BulkMinter minter(&f.process->auth, p.id);
    minter.start(ids);
    settle(minter);
    QCOMPARE(minter.succeededCount(), 2);
    ApiRequest own;
    own.customerId = ids.at(0);
    own.path = QStringLiteral("/demo/v1/customers/%1/info").arg(ids.at(0));
    auto ok = f.call(p, own);
    QVERIFY(ok);
    QCOMPARE(ok.value().reply.status, 200);
    ApiRequest other = own;
    other.path = QStringLiteral("/demo/v1/customers/%1/info").arg(ids.at(1));
    auto refused = f.call(p, other);
    QVERIFY(refused);
    QCOMPARE(refused.value().reply.status, 403);
    // Druva treats 403 as "maybe expired": one new customer token, then the same 403.
    QCOMPARE(refused.value().tokenRefetches, 1);
}

// The GUI's lister keeps a trimmed copy of each customer: every accessor answers the same,
// and the JSON object (address, admins, attributes …) is gone.
void TestCustomers::shownFieldsOnlyKeepsWhatTheTableShows()
{
    EngineFixture f(sandbox::SandboxConfig{0, 0, 250});
    const Profile p = f.add(QStringLiteral("druva-msp"));
    CustomerLister lister(&f.process->auth, &f.process->api, p.id);
    CustomerListOptions options;
    options.includeFeatures = true;
    options.shownFieldsOnly = true;
    lister.setOptions(options);
    lister.start();
    settle(lister);
    QCOMPARE(lister.state(), CustomerLister::State::Complete);
    QCOMPARE(lister.customers().size(), 250);
    int withFeatures = 0;
    for (int i = 0; i < 250; ++i) {
        const Customer &kept = lister.customers().at(i);
        const Customer full = Customer::fromJson(DemoCustomers::druvaCustomer(i, true)).value();
        QCOMPARE(kept.id(), full.id());
        QCOMPARE(kept.name(), full.name());
        QCOMPARE(kept.accountName(), full.accountName());
        QCOMPARE(kept.statusText(), full.statusText());
        QCOMPARE(kept.cloudText(), full.cloudText());
        QCOMPARE(kept.createdOn(), full.createdOn());
        QCOMPARE(kept.activeSince(), full.activeSince());
        QCOMPARE(kept.features(), full.features());
        withFeatures += kept.features().isEmpty() ? 0 : 1;
        QCOMPARE(kept.createdOnText(), full.createdOnText());
        QCOMPARE(kept.activeSinceText(), full.activeSinceText());
        QVERIFY(kept.raw.isEmpty()); // addresses, admins, attributes … are gone
    }
    QVERIFY(withFeatures > 0);
}

QTEST_GUILESS_MAIN(TestCustomers)
#include "tst_customers.moc"
