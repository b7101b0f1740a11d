#include "msp/customerpaging.h"

#include "common/replyerror.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <algorithm>

namespace tw {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("CustomerPaging", text);
}

Error badAnswer(const QString &message, const HttpReply &reply)
{
    return Error::make(Error::Code::BadResponse, message, {}, reply.status);
}

void collect(const QJsonArray &list, CustomerPaging::Page &page)
{
    page.customers.reserve(list.size());
    for (const QJsonValue &entry : list) {
        auto customer = Customer::fromJson(entry);
        if (customer)
            page.customers.append(customer.take());
        else
            ++page.skipped; // one odd entry must not cost the user the whole list
    }
}

// docs/providers.md §1: pageSize (and includeFeatures) on the first request only; afterwards
// pageToken alone, because the token already encodes them and the server answers 400 to
// pageSize next to pageToken. An empty nextPageToken ends the list.
class DruvaPaging : public CustomerPaging
{
public:
    DruvaPaging(int pageSize, bool features) : CustomerPaging(pageSize), m_features(features) {}

    QString path() const override { return QStringLiteral("/msp/v3/customers"); }

    Query nextQuery() const override
    {
        if (!m_nextToken.isEmpty())
            return {{QStringLiteral("pageToken"), m_nextToken}};
        Query query{{QStringLiteral("pageSize"), QString::number(m_pageSize)}};
        if (m_features)
            query.append({QStringLiteral("includeFeatures"), QStringLiteral("true")});
        return query;
    }

    Result<Page> accept(const HttpReply &reply) override
    {
        auto object = jsonObject(reply, tr("customer list"));
        if (!object)
            return object.error();
        const QJsonObject json = object.value();
        const QJsonValue list = json.value(QLatin1String("customers"));
        if (!list.isArray() && !list.isNull() && !list.isUndefined())
            return badAnswer(tr("The customer list answer has no \"customers\" array."), reply);
        const QJsonValue next = json.value(QLatin1String("nextPageToken"));
        if (!next.isString() && !next.isNull() && !next.isUndefined())
            return badAnswer(tr("The customer list answer has a nextPageToken that is not text."),
                             reply);
        const QString token = next.toString();
        if (token.size() > kMaxTokenChars)
            return badAnswer(tr("The customer list answer has a nextPageToken of %1 characters "
                                "(more than %2); paging stopped.")
                                 .arg(token.size())
                                 .arg(kMaxTokenChars),
                             reply);
        // A server that hands back a token it gave before would keep us paging forever,
        // whether it repeats the last one or cycles through several.
        const QByteArray digest =
            QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256);
        if (!token.isEmpty() && m_seenTokens.contains(digest))
            return badAnswer(tr("The server sent a nextPageToken it had sent before (after page "
                                "%1); paging stopped so it cannot loop.")
                                 .arg(m_pages + 1),
                             reply);
        Page page;
        collect(list.toArray(), page);
        page.last = token.isEmpty();
        m_nextToken = token;
        m_seenTokens.insert(digest);
        ++m_pages;
        return page;
    }

    void restart() override
    {
        m_nextToken.clear();
        m_seenTokens.clear();
        m_pages = 0;
    }

private:
    static constexpr qsizetype kMaxTokenChars = 8192;
    bool m_features;
    QString m_nextToken;
    QSet<QByteArray> m_seenTokens; // SHA-256 of every token accepted, not the tokens
};

std::optional<qint64> headerNumber(const HttpReply &reply, const char *name)
{
    bool ok = false;
    const qint64 value = reply.header(name).trimmed().toLongLong(&ok);
    return ok && value >= 0 ? std::optional<qint64>(value) : std::nullopt;
}

// docs/providers.md §3: page_number from 1 and page_size; the answer is a bare array and the
// totals come in Paging-* headers. Without headers a short or empty page ends the list.
class PortalPaging : public CustomerPaging
{
public:
    explicit PortalPaging(int pageSize) : CustomerPaging(pageSize) {}

    QString path() const override { return QStringLiteral("/v1/customers"); }

    Query nextQuery() const override
    {
        return {{QStringLiteral("page_number"), QString::number(m_pages + 1)},
                {QStringLiteral("page_size"), QString::number(m_pageSize)}};
    }

    Result<Page> accept(const HttpReply &reply) override
    {
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(reply.body, &parseError);
        if (parseError.error != QJsonParseError::NoError || !doc.isArray()) {
            // Reuse the engine's wording for non-JSON, HTML and truncated bodies.
            auto object = jsonObject(reply, tr("customer list"));
            return object ? badAnswer(tr("The customer list answer is not a JSON array."), reply)
                          : object.error();
        }
        Page page;
        const QJsonArray list = doc.array();
        collect(list, page);
        page.totalRecords = headerNumber(reply, "Paging-Total-Records");
        page.totalPages = headerNumber(reply, "Paging-Total-Pages");
        // The server may cap page_size; its own figure tells a short page from a capped one.
        const auto served = headerNumber(reply, "Paging-Page-Size");
        const qint64 size = served && *served > 0 ? *served : m_pageSize;
        const int number = ++m_pages;
        m_seen += list.size();
        // Totals from the headers win; a short page after them costs one empty request at
        // most, while stopping on it would lose customers behind a capped page size.
        if (list.isEmpty())
            page.last = true;
        else if (page.totalPages)
            page.last = number >= *page.totalPages;
        else if (page.totalRecords)
            page.last = m_seen >= *page.totalRecords;
        else
            page.last = list.size() < size;
        return page;
    }

    void restart() override
    {
        m_pages = 0;
        m_seen = 0;
    }

private:
    qint64 m_seen = 0;
};
} // namespace

std::unique_ptr<CustomerPaging> CustomerPaging::forKind(ProviderKind kind,
                                                        const CustomerListOptions &options)
{
    switch (kind) {
    case ProviderKind::DruvaMsp:
        return std::make_unique<DruvaPaging>(
            options.pageSize > 0 ? std::clamp(options.pageSize, 1, 100) : 100,
            options.includeFeatures);
    case ProviderKind::Oidc:
        return std::make_unique<PortalPaging>(options.pageSize > 0 ? options.pageSize : 50);
    case ProviderKind::Druva:
    case ProviderKind::Commvault:
    case ProviderKind::OAuth2:
        break;
    }
    return nullptr;
}

} // namespace tw
