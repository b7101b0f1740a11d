#pragma once

#include "common/error.h"
#include "common/httpclient.h"
#include "msp/customer.h"
#include "profiles/kinds.h"

#include <QList>
#include <QPair>
#include <QString>
#include <memory>
#include <optional>

namespace tw {

struct CustomerListOptions
{
    int pageSize = 0;             // 0 = the kind's default (Druva 100, portal 50)
    bool includeFeatures = false; // Druva only: on the first request only (docs/providers.md §1)
    // A list that has not ended after this many pages is stopped with an error: a server
    // must not be able to keep us paging (and growing the list) forever.
    int maxPages = kDefaultMaxPages;
    // Keep only what Customer's accessors read (the GUI's table); `customers --json` needs
    // every field and leaves this off.
    bool shownFieldsOnly = false;

    static constexpr int kDefaultMaxPages = 10000;
};

// The paging rules of one customer list, without any network: which query to send next and
// what an answer means. The cursor only advances when an answer is accepted, so after a
// failure the same page is asked for again (resume).
class CustomerPaging
{
public:
    struct Page
    {
        QList<Customer> customers;
        int skipped = 0; // entries that were not objects with an id
        bool last = false;
        std::optional<qint64> totalRecords; // when the server says (portal headers)
        std::optional<qint64> totalPages;
    };
    using Query = QList<QPair<QString, QString>>;

    // nullptr for kinds that cannot list customers.
    static std::unique_ptr<CustomerPaging> forKind(ProviderKind kind,
                                                   const CustomerListOptions &options = {});
    virtual ~CustomerPaging() = default;

    virtual QString path() const = 0; // relative to the profile's API base
    virtual Query nextQuery() const = 0;
    // Parses a 2xx answer; on success the cursor moves to the next page.
    virtual Result<Page> accept(const HttpReply &reply) = 0;
    virtual void restart() = 0;
    int pageSize() const { return m_pageSize; }
    int pagesAccepted() const { return m_pages; }

protected:
    explicit CustomerPaging(int pageSize) : m_pageSize(pageSize) {}
    int m_pageSize;
    int m_pages = 0;
};

} // namespace tw
