#include "democustomers.h"

#include <QDateTime>
#include <QJsonArray>
#include <QStringList>
#include <QTimeZone>
#include <QUuid>

namespace tw::sandbox {

static const QStringList &firstWords()
{
    static const QStringList words{
        QStringLiteral("Acme"),      QStringLiteral("Northwind"), QStringLiteral("Contoso"),
        QStringLiteral("Globex"),    QStringLiteral("Initech"),   QStringLiteral("Umbrella"),
        QStringLiteral("Stark"),     QStringLiteral("Wayne"),     QStringLiteral("Tyrell"),
        QStringLiteral("Soylent"),   QStringLiteral("Hooli"),     QStringLiteral("Vandelay"),
        QStringLiteral("Bluth"),     QStringLiteral("Wonka"),     QStringLiteral("Oceanic"),
        QStringLiteral("Cyberdyne"), QStringLiteral("Gringotts"), QStringLiteral("Monarch")};
    return words;
}

static const QStringList &secondWords()
{
    static const QStringList words{
        QStringLiteral("Dental"),  QStringLiteral("Logistics"),  QStringLiteral("Legal"),
        QStringLiteral("Bakery"),  QStringLiteral("Clinic"),     QStringLiteral("Foods"),
        QStringLiteral("Motors"),  QStringLiteral("Architects"), QStringLiteral("Trading"),
        QStringLiteral("Studios"), QStringLiteral("Farms"),      QStringLiteral("Robotics")};
    return words;
}

QString DemoCustomers::customerName(int index)
{
    const QString first = firstWords().at(index % firstWords().size());
    const QString second = secondWords().at((index / firstWords().size()) % secondWords().size());
    // Some names hold characters that need escaping in JSON, CSV and URLs.
    const QString suffix = index % 11 == 3  ? QStringLiteral(" & Söhne GmbH")
                           : index % 5 == 0 ? QStringLiteral(", Inc.")
                                            : QStringLiteral(" Ltd");
    return QStringLiteral("%1 %2%3 %4")
        .arg(first, second, suffix)
        .arg(index + 1, 3, 10, QLatin1Char('0'));
}

QString DemoCustomers::druvaCustomerId(int index)
{
    // GCIDs are short base-36 strings; derive one from the index so it is stable.
    quint64 value = 0x9E3779B97F4A7C15ull * quint64(index + 1) + 0x1234567ull;
    QString id;
    for (int i = 0; i < 13; ++i) {
        id.append(QLatin1Char("0123456789abcdefghijklmnopqrstuvwxyz"[value % 36]));
        value /= 36;
    }
    return id;
}

int DemoCustomers::druvaCustomerIndex(const QString &id, int count)
{
    // Ids are unique per index; a linear scan over a few hundred customers is fine for a demo.
    for (int i = 0; i < count; ++i) {
        if (druvaCustomerId(i) == id)
            return i;
    }
    return -1;
}

QJsonObject DemoCustomers::druvaCustomer(int index, bool includeFeatures)
{
    const QDateTime epoch(QDate(2019, 1, 7), QTime(9, 30), Qt::UTC);
    const QDateTime created = epoch.addSecs(qint64(index) * 86400 * 3 + (index % 13) * 3671);
    const QDateTime active = created.addSecs(3600 * (2 + index % 5));
    const int status = index % 17 == 4 ? 0 : index % 19 == 6 ? 2 : 1;
    const int cloud = index % 10 == 9 ? 1 : index % 25 == 12 ? 2 : 0;

    QJsonArray features;
    if (includeFeatures) {
        features.append(QJsonObject{{QStringLiteral("name"), QStringLiteral("Hybrid Workloads")}});
        if (index % 2 == 0)
            features.append(QJsonObject{{QStringLiteral("name"), QStringLiteral("M365")}});
        if (index % 3 == 0)
            features.append(QJsonObject{{QStringLiteral("name"), QStringLiteral("Endpoints")}});
    }
    QJsonArray admins{1000 + index};
    if (index % 4 == 1)
        admins.append(5000 + index);

    QJsonObject customer{
        {QStringLiteral("id"), druvaCustomerId(index)},
        {QStringLiteral("customerName"), customerName(index)},
        {QStringLiteral("accountName"),
         QStringLiteral("acct-%1").arg(index + 1, 4, 10, QLatin1Char('0'))},
        {QStringLiteral("address"), QStringLiteral("%1 Demo Street, Springfield").arg(10 + index)},
        {QStringLiteral("phone"),
         QStringLiteral("+1-555-%1").arg(1000 + index, 4, 10, QLatin1Char('0'))},
        {QStringLiteral("features"), features},
        {QStringLiteral("tenantAdmins"), admins},
        {QStringLiteral("status"), status},
        {QStringLiteral("createdOn"), created.toString(Qt::ISODate)},
        {QStringLiteral("activeSince"), active.toString(Qt::ISODate)},
        {QStringLiteral("attributes"),
         QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("region")},
                                {QStringLiteral("value"), index % 2 ? QStringLiteral("us-east")
                                                                    : QStringLiteral("eu-west")}}}},
        {QStringLiteral("cloud"), cloud}};
    if (index % 7 == 2)
        customer.insert(QStringLiteral("partnerNotes"),
                        QStringLiteral("field not in any document"));
    return customer;
}

QJsonObject DemoCustomers::portalCustomer(int index)
{
    static const QUuid ns =
        QUuid::fromString(QStringLiteral("6f2a8d8e-4f4b-4c1a-9d3e-2b7c1e0a5d11"));
    const QUuid id = QUuid::createUuidV5(ns, QString::number(index));
    const QJsonValue name =
        index % 23 == 7 ? QJsonValue(QJsonValue::Null) : QJsonValue(customerName(index));
    return {{QStringLiteral("id"), id.toString(QUuid::WithoutBraces)},
            {QStringLiteral("name"), name}};
}

} // namespace tw::sandbox
