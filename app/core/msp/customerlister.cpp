#include "msp/customerlister.h"

#include "auth/apiclient.h"
#include "auth/authmanager.h"
#include "common/replyerror.h"
#include "profiles/profilestore.h"

#include <QCoreApplication>

namespace tw {

CustomerLister::CustomerLister(AuthManager *manager, ApiClient *api, const QUuid &profileId,
                               QObject *parent)
    : QObject(parent), m_manager(manager), m_api(api), m_profileId(profileId)
{
}

CustomerLister::~CustomerLister()
{
    ++m_generation;
    if (m_call)
        m_call->cancel();
}

void CustomerLister::setOptions(const CustomerListOptions &options)
{
    m_options = options;
}

void CustomerLister::start()
{
    if (m_state == State::Running)
        cancel();
    m_customers.clear();
    m_ids.clear();
    m_error.reset();
    m_totalRecords = -1;
    m_skipped = 0;
    m_duplicates = 0;
    m_paging.reset();
    const auto profile = m_manager->profileStore()->find(m_profileId);
    if (profile)
        m_paging = CustomerPaging::forKind(profile->kind, m_options);
    m_state = State::Running;
    Q_EMIT started();
    if (!profile || !m_paging) {
        const Error e =
            Error::make(profile ? Error::Code::InvalidInput : Error::Code::NotFound,
                        profile ? tr("Profile \"%1\" (%2) cannot list customers.")
                                      .arg(profile->name, kindDisplayName(profile->kind))
                                : tr("The profile no longer exists."));
        // Asynchronous like every other outcome, so callers connect after start().
        QMetaObject::invokeMethod(
            this, [this, e] { fail(e); }, Qt::QueuedConnection);
        return;
    }
    Q_EMIT progress(0, 0, -1);
    fetchNext();
}

void CustomerLister::resume()
{
    if (m_state == State::Running || m_state == State::Complete)
        return;
    if (!m_paging || m_paging->pagesAccepted() == 0) {
        start();
        return;
    }
    m_error.reset();
    m_state = State::Running;
    Q_EMIT started();
    fetchNext();
}

void CustomerLister::cancel()
{
    if (m_state != State::Running)
        return;
    ++m_generation;
    m_state = State::Cancelled;
    if (m_call)
        m_call->cancel();
    m_call.clear();
    Q_EMIT cancelled();
}

void CustomerLister::fetchNext()
{
    if (m_paging->pagesAccepted() >= m_options.maxPages) {
        const Error e =
            Error::make(Error::Code::BadResponse,
                        tr("The customer list did not end after %1 pages; stopped (raise the limit "
                           "if the list really is that long).")
                            .arg(m_options.maxPages));
        fail(e);
        return;
    }
    ApiRequest request;
    request.path = m_paging->path();
    request.query = m_paging->nextQuery();
    const quint64 generation = ++m_generation;
    m_call =
        m_api->send(m_profileId, request, this, [this, generation](Result<ApiOutcome> outcome) {
            onAnswer(generation, std::move(outcome));
        });
    if (m_call)
        connect(m_call, &ApiCall::waiting, this, &CustomerLister::waiting);
}

void CustomerLister::onAnswer(quint64 generation, Result<ApiOutcome> outcome)
{
    if (generation != m_generation || m_state != State::Running)
        return;
    m_call.clear();
    const int pageNumber = m_paging->pagesAccepted() + 1;
    if (!outcome) {
        Error e = outcome.error();
        e.message = tr("Customer list page %1: %2").arg(pageNumber).arg(e.message);
        fail(e);
        return;
    }
    const HttpReply &reply = outcome.value().reply;
    auto page =
        reply.isSuccess()
            ? m_paging->accept(reply)
            : Result<CustomerPaging::Page>(errorFromReply(reply, tr("customer list request")));
    if (!page) {
        Error e = page.error();
        e.message = tr("Customer list page %1: %2").arg(pageNumber).arg(e.message);
        fail(e);
        return;
    }
    const CustomerPaging::Page &got = page.value();
    const int first = m_customers.size();
    for (const Customer &customer : got.customers) {
        const QString id = customer.id();
        if (m_ids.contains(id)) {
            ++m_duplicates; // the list shifted between pages; keep the first copy
            continue;
        }
        m_ids.insert(id);
        m_customers.append(m_options.shownFieldsOnly ? customer.withShownFieldsOnly() : customer);
    }
    m_skipped += got.skipped;
    if (got.totalRecords)
        m_totalRecords = *got.totalRecords;
    if (m_customers.size() > first)
        Q_EMIT customersAdded(first, m_customers.size() - first);
    Q_EMIT progress(m_paging->pagesAccepted(), m_customers.size(), m_totalRecords);
    if (got.last) {
        m_state = State::Complete;
        Q_EMIT finished();
        return;
    }
    fetchNext();
}

void CustomerLister::fail(Error error)
{
    m_state = State::Failed;
    m_error = error;
    Q_EMIT failed(error);
}

} // namespace tw
