// Customer pages of Druva MSP (cursor in the body) and the OIDC portal (paging headers):
// several answers in a row (pages split at "=====" lines) go through both pagers, and each
// next query is computed, so loops, odd cursors and odd counts are explored too.
#include "fuzzsupport.h"
#include "msp/customerpaging.h"

using namespace tw;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz::ensureApp();
    const QList<QByteArray> pages = fuzz::pages(fuzz::bytes(data, size), 6);
    for (const ProviderKind kind : {ProviderKind::DruvaMsp, ProviderKind::Oidc}) {
        CustomerListOptions options;
        options.maxPages = 4;
        const auto paging = CustomerPaging::forKind(kind, options);
        (void)paging->nextQuery();
        for (const QByteArray &page : pages) {
            const Result<CustomerPaging::Page> accepted = paging->accept(fuzz::reply(page));
            (void)paging->nextQuery();
            if (!accepted)
                continue;
            for (const Customer &customer : accepted.value().customers) {
                if (customer.id().isEmpty())
                    fuzz::fail("a customer without an id was accepted");
                (void)Customer::idProblem(customer.id());
                (void)customer.name();
                (void)customer.statusText();
                (void)customer.cloudText();
                (void)customer.createdOn();
                (void)customer.activeSince();
                (void)customer.features();
            }
            if (accepted.value().last)
                break;
        }
        paging->restart();
    }
    return 0;
}
