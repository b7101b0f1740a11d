#include "msp/customer.h"

#include "common/redact.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace tw {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("Customer", text);
}

std::optional<int> intField(const QJsonObject &raw, QLatin1String key)
{
    const QJsonValue value = raw.value(key);
    if (value.isDouble())
        return value.toInt();
    // Some gateways turn numbers into strings; read them rather than show nothing.
    bool ok = false;
    const int number = value.toString().toInt(&ok);
    return ok ? std::optional<int>(number) : std::nullopt;
}

QDateTime dateFromText(const QString &text)
{
    if (text.isEmpty())
        return {};
    QDateTime at = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!at.isValid())
        at = QDateTime::fromString(text, Qt::ISODate);
    return at.isValid() ? at.toUTC() : QDateTime();
}
} // namespace

QString Customer::name() const
{
    return m_shown.name;
}

bool Customer::hasName() const
{
    return !m_shown.name.isEmpty();
}

QString Customer::statusText() const
{
    return m_shown.status ? statusName(*m_shown.status) : QString();
}

QString Customer::cloudText() const
{
    return m_shown.cloud ? cloudName(*m_shown.cloud) : QString();
}

QDateTime Customer::createdOn() const
{
    return dateFromText(m_shown.createdOnText);
}

QDateTime Customer::activeSince() const
{
    return dateFromText(m_shown.activeSinceText);
}

Customer Customer::withShownFieldsOnly() const
{
    Customer shown;
    shown.m_shown = m_shown;
    return shown;
}

Customer::Shown Customer::Shown::from(const QJsonObject &raw)
{
    Shown shown;
    const QJsonValue id = raw.value(QLatin1String("id"));
    shown.id = id.isDouble() ? QString::number(id.toInteger()) : id.toString();
    // Druva `customerName`, portal `name` (which may be null).
    const QJsonValue druva = raw.value(QLatin1String("customerName"));
    shown.name = sanitizeServerText(druva.isString() ? druva.toString()
                                                     : raw.value(QLatin1String("name")).toString());
    shown.accountName = sanitizeServerText(raw.value(QLatin1String("accountName")).toString());
    shown.status = intField(raw, QLatin1String("status"));
    shown.cloud = intField(raw, QLatin1String("cloud"));
    shown.createdOnText = sanitizeServerText(raw.value(QLatin1String("createdOn")).toString());
    shown.activeSinceText = sanitizeServerText(raw.value(QLatin1String("activeSince")).toString());
    for (const QJsonValue &feature : raw.value(QLatin1String("features")).toArray()) {
        const QString name = feature.isObject()
                                 ? feature.toObject().value(QLatin1String("name")).toString()
                                 : feature.toString();
        if (!name.isEmpty())
            shown.features << sanitizeServerText(name);
    }
    return shown;
}

Result<Customer> Customer::fromJson(const QJsonValue &json)
{
    if (!json.isObject())
        return Error::make(Error::Code::BadResponse, tr("A customer entry is not a JSON object."));
    Customer customer;
    customer.raw = json.toObject();
    customer.m_shown = Shown::from(customer.raw);
    const QJsonValue id = customer.raw.value(QLatin1String("id"));
    if (!(id.isString() || id.isDouble()) || customer.id().isEmpty())
        return Error::make(Error::Code::BadResponse, tr("A customer entry has no id."));
    if (const QString problem = idProblem(customer.id()); !problem.isEmpty())
        return Error::make(Error::Code::BadResponse, problem);
    return customer;
}

QString Customer::idProblem(const QString &id)
{
    if (id.isEmpty())
        return tr("A customer id cannot be empty.");
    // "." and ".." would walk the URL path to another endpoint (…/customers/../token).
    if (id == QLatin1String(".") || id == QLatin1String(".."))
        return tr("\"%1\" is not a customer id.").arg(id);
    if (id.size() > 256)
        return tr("A customer id is at most 256 characters long.");
    for (const QChar c : id) {
        if (c.category() == QChar::Other_Control)
            return tr("A customer id cannot contain control characters.");
    }
    return {};
}

QString Customer::statusName(int code)
{
    switch (code) {
    case int(Status::CreationPending):
        return tr("creation pending");
    case int(Status::Ready):
        return tr("ready");
    case int(Status::TenantProcessing):
        return tr("tenant processing");
    }
    return tr("status %1").arg(code);
}

QString Customer::cloudName(int code)
{
    switch (code) {
    case int(Cloud::Public):
        return tr("public");
    case int(Cloud::Fips):
        return tr("FIPS");
    case int(Cloud::FedRamp):
        return tr("FedRAMP");
    }
    return tr("cloud %1").arg(code);
}

} // namespace tw
