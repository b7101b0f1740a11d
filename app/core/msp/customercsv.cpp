#include "msp/customercsv.h"

namespace tw::CustomerCsv {

QStringList header()
{
    return {QStringLiteral("id"),           QStringLiteral("name"),
            QStringLiteral("account_name"), QStringLiteral("status"),
            QStringLiteral("cloud"),        QStringLiteral("created_on"),
            QStringLiteral("active_since"), QStringLiteral("features")};
}

QStringList fields(const Customer &customer)
{
    // Dates as the server wrote them: a spreadsheet reads RFC 3339 as it is.
    return {customer.id(),
            customer.name(),
            customer.accountName(),
            customer.statusText(),
            customer.cloudText(),
            customer.createdOnText(),
            customer.activeSinceText(),
            customer.features().join(QLatin1Char(';'))};
}

QString neutralise(const QString &field)
{
    // OWASP "CSV Injection": a spreadsheet runs a cell that starts like a formula
    // (=, +, -, @) or hides one behind TAB or CR; a leading ' makes it text.
    static const QString formulaStarts = QStringLiteral("=+-@\t\r");
    if (!field.isEmpty() && formulaStarts.contains(field.front()))
        return QLatin1Char('\'') + field;
    return field;
}

QString quote(const QString &raw)
{
    static const QString special = QStringLiteral(",\"\r\n");
    const QString field = neutralise(raw);
    bool needs = false;
    for (const QChar c : field)
        needs = needs || special.contains(c);
    if (!needs)
        return field;
    QString quoted = field;
    quoted.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QByteArray line(const QStringList &fields)
{
    QStringList quoted;
    quoted.reserve(fields.size());
    for (const QString &field : fields)
        quoted << quote(field);
    return quoted.join(QLatin1Char(',')).toUtf8() + "\r\n";
}

QByteArray document(const QList<Customer> &customers)
{
    QByteArray csv = line(header());
    for (const Customer &customer : customers)
        csv += line(fields(customer));
    return csv;
}

} // namespace tw::CustomerCsv
