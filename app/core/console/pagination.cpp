#include "console/pagination.h"

#include "auth/transportpolicy.h"
#include "common/jsonnumber.h"
#include "console/consoleresponse.h"

#include <QJsonObject>
#include <QLocale>

namespace tw::Pagination {

namespace {
// Cursor field → the query parameter that carries it back.
struct CursorField
{
    const char *field;
    const char *parameter;
};
constexpr CursorField kCursorFields[] = {
    {"nextPageToken", "pageToken"}, {"next_page_token", "page_token"}, {"next_page", "page"},
    {"nextPage", "page"},           {"next_cursor", "cursor"},         {"nextCursor", "cursor"},
};
constexpr const char *kLinkFields[] = {"@odata.nextLink", "nextLink", "next_url", "next"};

QString scalarText(const QJsonValue &value)
{
    if (value.isString())
        return value.toString();
    if (const auto whole = jsonInt64(value))
        return QString::number(*whole);
    if (value.isDouble()) // beyond qint64: as written, not as a cast (undefined behaviour)
        return QString::number(value.toDouble(), 'g', QLocale::FloatingPointShortest);
    return {};
}

void setParameter(StringPairs &query, const QString &name, const QString &value)
{
    query.removeIf([&](const auto &p) { return p.first == name; });
    query.append({name, value});
}

QString cursorParameter(const QString &field)
{
    for (const auto &c : kCursorFields) {
        if (field == QLatin1String(c.field))
            return QLatin1String(c.parameter);
    }
    return field;
}
} // namespace

std::optional<NextPage> fromHeaders(const ConsoleResponse &response)
{
    bool okNumber = false, okTotal = false;
    const int number = response.header("Paging-Page-Number").trimmed().toInt(&okNumber);
    const int total = response.header("Paging-Total-Pages").trimmed().toInt(&okTotal);
    if (!okNumber || !okTotal || number >= total)
        return std::nullopt;
    return NextPage{NextPage::Kind::PageNumber, QStringLiteral("Paging-Page-Number"),
                    QString::number(number + 1)};
}

std::optional<NextPage> fromJson(const QJsonDocument &doc)
{
    if (!doc.isObject())
        return std::nullopt;
    const QJsonObject object = doc.object();
    for (const auto &c : kCursorFields) {
        const QString value = scalarText(object.value(QLatin1String(c.field)));
        if (value.isEmpty())
            continue;
        // Some APIs put a full link in a "next page" field.
        const bool link = value.startsWith(QLatin1String("http://")) ||
                          value.startsWith(QLatin1String("https://")) ||
                          value.startsWith(QLatin1Char('/'));
        return NextPage{link ? NextPage::Kind::Link : NextPage::Kind::Cursor,
                        QLatin1String(c.field), value};
    }
    for (const char *field : kLinkFields) {
        const QString value = scalarText(object.value(QLatin1String(field)));
        if (!value.isEmpty())
            return NextPage{NextPage::Kind::Link, QLatin1String(field), value};
    }
    // JSON:API / HAL style: {"links": {"next": "…"}} or {"_links": {"next": {"href": "…"}}}.
    for (const char *container : {"links", "_links"}) {
        const QJsonValue next =
            object.value(QLatin1String(container)).toObject().value(QStringLiteral("next"));
        const QString value = next.isObject()
                                  ? next.toObject().value(QStringLiteral("href")).toString()
                                  : next.toString();
        if (!value.isEmpty())
            return NextPage{NextPage::Kind::Link,
                            QLatin1String(container) + QStringLiteral(".next"), value};
    }
    return std::nullopt;
}

std::optional<NextPage> find(const ConsoleResponse &response, const QJsonDocument &doc)
{
    if (auto next = fromHeaders(response))
        return next;
    return fromJson(doc);
}

std::optional<ConsoleRequest> nextRequest(const Profile &profile, const ConsoleRequest &sentInput,
                                          const QUrl &sentUrl, const NextPage &next)
{
    ConsoleRequest request = sentInput.normalized();
    switch (next.kind) {
    case NextPage::Kind::PageNumber:
        setParameter(request.query, QStringLiteral("page_number"), next.value);
        return request;
    case NextPage::Kind::Cursor: {
        const QString parameter = cursorParameter(next.field);
        if (profile.kind == ProviderKind::DruvaMsp || profile.kind == ProviderKind::Druva) {
            // The token encodes page size and filters; anything next to it is a 400.
            request.query = {{parameter, next.value}};
        } else {
            setParameter(request.query, parameter, next.value);
        }
        return request;
    }
    case NextPage::Kind::Link: {
        const QUrl base = sentUrl.isValid() ? sentUrl : profile.apiBase;
        const QUrl link = base.resolved(QUrl(next.value, QUrl::TolerantMode));
        // The token goes with the request: only to the profile's own origins.
        if (!link.isValid() || !TransportPolicy::isOwnOrigin(profile, link) ||
            TransportPolicy::checkCredentialTarget(profile, link))
            return std::nullopt;
        request.path = link.toString(QUrl::FullyEncoded);
        request.query.clear();
        // Under the API base: show it as the short path the user typed.
        QString basePath = profile.apiBase.toString(QUrl::FullyEncoded);
        while (basePath.endsWith(QLatin1Char('/')))
            basePath.chop(1);
        if (!basePath.isEmpty() && request.path.startsWith(basePath + QLatin1Char('/')))
            request.path = request.path.mid(basePath.size());
        return request.normalized();
    }
    }
    return std::nullopt;
}

} // namespace tw::Pagination
