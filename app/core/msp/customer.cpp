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

QDateTime dateField(const QJsonObject &raw, QLatin1String key)
{
    const QString text = raw.value(key).toString();
    if (text.isEmpty())
        return {};
    QDateTime at = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!at.isValid())
        at = QDateTime::fromString(text, Qt::ISODate);
    return at.isValid() ? at.toUTC() : QDateTime();
}
} // namespace

QString Customer::id() const
{
    const QJsonValue value = raw.value(QLatin1String("id"));
    if (value.isDouble())
        return QString::number(value.toInteger());
    return value.toString();
}

QString Customer::name() const
{
    const QJsonValue druva = raw.value(QLatin1String("customerName"));
    if (druva.isString())
        return sanitizeServerText(druva.toString());
    return sanitizeServerText(raw.value(QLatin1String("name")).toString());
}

bool Customer::hasName() const
{
    return !name().isEmpty();
}

QString Customer::accountName() const
{
    return sanitizeServerText(raw.value(QLatin1String("accountName")).toString());
}

std::optional<int> Customer::statusCode() const
{
    return intField(raw, QLatin1String("status"));
}

std::optional<int> Customer::cloudCode() const
{
    return intField(raw, QLatin1String("cloud"));
}

QString Customer::statusText() const
{
    const auto code = statusCode();
    return code ? statusName(*code) : QString();
}

QString Customer::cloudText() const
{
    const auto code = cloudCode();
    return code ? cloudName(*code) : QString();
}

QDateTime Customer::createdOn() const
{
    return dateField(raw, QLatin1String("createdOn"));
}

QDateTime Customer::activeSince() const
{
    return dateField(raw, QLatin1String("activeSince"));
}

QStringList Customer::features() const
{
    QStringList names;
    const QJsonArray list = raw.value(QLatin1String("features")).toArray();
    for (const QJsonValue &feature : list) {
        const QString name = feature.isObject()
                                 ? feature.toObject().value(QLatin1String("name")).toString()
                                 : feature.toString();
        if (!name.isEmpty())
            names << sanitizeServerText(name);
    }
    return names;
}

Result<Customer> Customer::fromJson(const QJsonValue &json)
{
    Error error;
    error.code = Error::Code::BadResponse;
    if (!json.isObject()) {
        error.message = tr("A customer entry is not a JSON object.");
        return error;
    }
    Customer customer;
    customer.raw = json.toObject();
    const QJsonValue id = customer.raw.value(QLatin1String("id"));
    if (!(id.isString() || id.isDouble()) || customer.id().isEmpty()) {
        error.message = tr("A customer entry has no id.");
        return error;
    }
    if (const QString problem = idProblem(customer.id()); !problem.isEmpty()) {
        error.message = problem;
        return error;
    }
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
