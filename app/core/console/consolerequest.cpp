#include "console/consolerequest.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUrl>
#include <QUrlQuery>

namespace tw {

namespace {
QJsonArray pairsToJson(const StringPairs &pairs)
{
    QJsonArray out;
    for (const auto &[key, value] : pairs)
        out.append(QJsonArray{key, value});
    return out;
}

StringPairs pairsFromJson(const QJsonValue &value)
{
    StringPairs out;
    for (const QJsonValue &item : value.toArray()) {
        const QJsonArray pair = item.toArray();
        if (pair.size() == 2)
            out.append({pair.at(0).toString(), pair.at(1).toString()});
    }
    return out;
}
} // namespace

QString bodyKindToString(BodyKind kind)
{
    switch (kind) {
    case BodyKind::None:
        return QStringLiteral("none");
    case BodyKind::Json:
        return QStringLiteral("json");
    case BodyKind::Form:
        return QStringLiteral("form");
    case BodyKind::Raw:
        return QStringLiteral("raw");
    }
    return QStringLiteral("none");
}

BodyKind bodyKindFromString(const QString &text)
{
    const QString t = text.toLower();
    if (t == QLatin1String("json"))
        return BodyKind::Json;
    if (t == QLatin1String("form"))
        return BodyKind::Form;
    if (t == QLatin1String("raw"))
        return BodyKind::Raw;
    return BodyKind::None;
}

ConsoleRequest ConsoleRequest::normalized() const
{
    ConsoleRequest out = *this;
    out.path = path.trimmed();
    const auto q = out.path.indexOf(QLatin1Char('?'));
    if (q < 0)
        return out;
    const QString inlineQuery = out.path.mid(q + 1);
    out.path.truncate(q);
    StringPairs items;
    // QUrlQuery decodes %XX but leaves "+" alone: a page token full of "+" survives.
    const QUrlQuery parsed(inlineQuery);
    for (const auto &[key, value] : parsed.queryItems(QUrl::FullyDecoded))
        items.append({key, value});
    out.query = items + query;
    return out;
}

QString ConsoleRequest::pathWithQuery() const
{
    if (query.isEmpty())
        return path;
    QStringList parts;
    for (const auto &[key, value] : query)
        parts << QString::fromLatin1(QUrl::toPercentEncoding(key)) + QLatin1Char('=') +
                     QString::fromLatin1(QUrl::toPercentEncoding(value));
    return path + (path.contains(QLatin1Char('?')) ? QLatin1Char('&') : QLatin1Char('?')) +
           parts.join(QLatin1Char('&'));
}

QString ConsoleRequest::header(const QString &name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

StringPairs ConsoleRequest::parseFormText(const QString &text)
{
    StringPairs out;
    const QString trimmed = text.trimmed();
    // Several lines: one field per line, so values may hold "&". One line: "&" separates.
    const QStringList parts = trimmed.contains(QLatin1Char('\n'))
                                  ? trimmed.split(QLatin1Char('\n'), Qt::SkipEmptyParts)
                                  : trimmed.split(QLatin1Char('&'), Qt::SkipEmptyParts);
    for (QString part : parts) {
        if (part.endsWith(QLatin1Char('\r')))
            part.chop(1);
        if (part.trimmed().isEmpty())
            continue;
        const auto eq = part.indexOf(QLatin1Char('='));
        if (eq < 0)
            out.append({part.trimmed(), QString()});
        else
            out.append({part.left(eq).trimmed(), part.mid(eq + 1)});
    }
    return out;
}

StringPairs ConsoleRequest::formFields() const
{
    return parseFormText(body);
}

QByteArray ConsoleRequest::encodedBody() const
{
    switch (bodyKind) {
    case BodyKind::None:
        return {};
    case BodyKind::Form: {
        // DESIGN.md pitfall: QUrlQuery leaves "+" alone and servers read it as a space.
        QByteArrayList fields;
        for (const auto &[key, value] : formFields())
            fields << QUrl::toPercentEncoding(key) + '=' + QUrl::toPercentEncoding(value);
        return fields.join('&');
    }
    case BodyKind::Json:
    case BodyKind::Raw:
        return body.toUtf8();
    }
    return {};
}

QByteArray ConsoleRequest::defaultContentType() const
{
    switch (bodyKind) {
    case BodyKind::None:
        return {};
    case BodyKind::Json:
        return "application/json";
    case BodyKind::Form:
        return "application/x-www-form-urlencoded";
    case BodyKind::Raw: {
        QJsonParseError error;
        QJsonDocument::fromJson(body.toUtf8(), &error);
        return error.error == QJsonParseError::NoError ? "application/json"
                                                       : "text/plain; charset=utf-8";
    }
    }
    return {};
}

ApiRequest ConsoleRequest::toApiRequest() const
{
    const ConsoleRequest n = normalized();
    ApiRequest request;
    request.method = n.method.trimmed().toUpper().toLatin1();
    if (request.method.isEmpty())
        request.method = "GET";
    request.path = n.path;
    request.query = n.query;
    for (const auto &[key, value] : n.headers) {
        if (!key.trimmed().isEmpty())
            request.headers.append({key.trimmed().toLatin1(), value.trimmed().toUtf8()});
    }
    if (n.hasBody()) {
        request.body = n.encodedBody();
        if (n.header(QStringLiteral("Content-Type")).isEmpty())
            request.headers.append({"Content-Type", n.defaultContentType()});
    }
    request.customerId = n.customerId.trimmed();
    return request;
}

QJsonObject ConsoleRequest::toJson() const
{
    QJsonObject json{{QStringLiteral("method"), method}, {QStringLiteral("path"), path}};
    if (!name.isEmpty())
        json.insert(QStringLiteral("name"), name);
    if (!query.isEmpty())
        json.insert(QStringLiteral("query"), pairsToJson(query));
    if (!headers.isEmpty())
        json.insert(QStringLiteral("headers"), pairsToJson(headers));
    if (bodyKind != BodyKind::None) {
        json.insert(QStringLiteral("body_kind"), bodyKindToString(bodyKind));
        json.insert(QStringLiteral("body"), body);
    }
    if (!customerId.isEmpty())
        json.insert(QStringLiteral("customer_id"), customerId);
    return json;
}

std::optional<ConsoleRequest> ConsoleRequest::fromJson(const QJsonObject &json)
{
    if (!json.value(QStringLiteral("path")).isString())
        return std::nullopt;
    ConsoleRequest r;
    r.name = json.value(QStringLiteral("name")).toString();
    r.method = json.value(QStringLiteral("method")).toString(QStringLiteral("GET"));
    r.path = json.value(QStringLiteral("path")).toString();
    r.query = pairsFromJson(json.value(QStringLiteral("query")));
    r.headers = pairsFromJson(json.value(QStringLiteral("headers")));
    r.bodyKind = bodyKindFromString(json.value(QStringLiteral("body_kind")).toString());
    r.body = json.value(QStringLiteral("body")).toString();
    r.customerId = json.value(QStringLiteral("customer_id")).toString();
    return r;
}

bool operator==(const ConsoleRequest &a, const ConsoleRequest &b)
{
    return a.method == b.method && a.path == b.path && a.query == b.query &&
           a.headers == b.headers && a.bodyKind == b.bodyKind && a.body == b.body &&
           a.customerId == b.customerId;
}

} // namespace tw
