#pragma once

#include <QJsonObject>
#include <QString>

namespace tw::sandbox {

// Deterministic demo customers: the same index always gives the same customer, so tests and
// screenshots are stable across runs.
class DemoCustomers
{
public:
    // Druva MSP customer object with every field of docs/providers.md §1; every 7th one carries a
    // field no document lists, to prove clients keep unknown fields.
    static QJsonObject druvaCustomer(int index, bool includeFeatures);
    static QString druvaCustomerId(int index);                   // a GCID
    static int druvaCustomerIndex(const QString &id, int count); // -1 if unknown

    // OIDC portal customer {"id": uuid, "name": string or null}; every 23rd name is null.
    static QJsonObject portalCustomer(int index);

    static QString customerName(int index);
};

} // namespace tw::sandbox
