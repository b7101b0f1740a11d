#pragma once

#include "common/error.h"
#include "msp/customer.h"
#include "msp/customerpaging.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QUuid>
#include <memory>
#include <optional>

namespace tw {

class AuthManager;
class ApiClient;
class ApiCall;
struct ApiOutcome;

// Fetches every page of a profile's customer list (Druva MSP or OIDC portal), one page at a
// time, through ApiClient (which already refetches the token on 401 and waits out 429/503).
// A page that still fails is reported and the customers fetched so far are kept; resume()
// asks for that same page again. cancel() keeps what was fetched, too.
class CustomerLister : public QObject
{
    Q_OBJECT
public:
    enum class State { Idle, Running, Complete, Failed, Cancelled };
    Q_ENUM(State)

    CustomerLister(AuthManager *manager, ApiClient *api, const QUuid &profileId,
                   QObject *parent = nullptr);
    ~CustomerLister() override;

    void setOptions(const CustomerListOptions &options); // takes effect at the next start()
    CustomerListOptions options() const { return m_options; }

    // From the first page; forgets what was fetched before.
    void start();
    // Continues after a failure or cancel with the page that did not arrive; starts over
    // when nothing was fetched yet. No-op while running or complete.
    void resume();
    void cancel();

    State state() const { return m_state; }
    bool isRunning() const { return m_state == State::Running; }
    QUuid profileId() const { return m_profileId; }
    const QList<Customer> &customers() const { return m_customers; }
    int pagesFetched() const { return m_paging ? m_paging->pagesAccepted() : 0; }
    // -1 while unknown (Druva never says; the portal's Paging-Total-Records does).
    qint64 totalCustomers() const { return m_totalRecords; }
    int skippedEntries() const { return m_skipped; }       // malformed entries left out
    int duplicatesDropped() const { return m_duplicates; } // ids seen on an earlier page
    const std::optional<Error> &lastError() const { return m_error; }

Q_SIGNALS:
    void started();
    // Rows [first, first + count) of customers() are new.
    void customersAdded(int first, int count);
    void progress(int pages, int customers, qint64 totalCustomers);
    void finished();
    void failed(const tw::Error &error);
    void cancelled();
    // 429/503: ApiClient waits this long before asking again.
    void waiting(int seconds);

private:
    void fetchNext();
    void onAnswer(quint64 generation, Result<ApiOutcome> outcome);
    void fail(Error error);

    AuthManager *m_manager;
    ApiClient *m_api;
    QUuid m_profileId;
    CustomerListOptions m_options;
    std::unique_ptr<CustomerPaging> m_paging;
    QList<Customer> m_customers;
    QSet<QString> m_ids;
    State m_state = State::Idle;
    std::optional<Error> m_error;
    QPointer<ApiCall> m_call;
    quint64 m_generation = 0; // answers of a cancelled request are ignored
    qint64 m_totalRecords = -1;
    int m_skipped = 0;
    int m_duplicates = 0;
};

} // namespace tw
