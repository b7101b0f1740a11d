#pragma once

#include "console/consolerequest.h"
#include "profiles/profile.h"

#include <QJsonDocument>
#include <QString>
#include <QUrl>
#include <optional>

namespace tw {

struct ConsoleResponse;

// Where the next page of an answer is, as found in it (docs/providers.md):
//  - a cursor field in a JSON object answer: nextPageToken, next_page_token, next_page,
//    next_cursor, or a link: next, @odata.nextLink, nextLink, next_url, links.next;
//  - backup.net-style headers Paging-Page-Number / Paging-Total-Pages.
struct NextPage
{
    enum class Kind { Cursor, Link, PageNumber };
    Kind kind = Kind::Cursor;
    QString field; // where it was found ("nextPageToken", "Paging-Page-Number" …)
    QString value; // the cursor, the link, or the next page number
};

namespace Pagination {

// From the response headers alone (no body parse needed).
std::optional<NextPage> fromHeaders(const ConsoleResponse &response);
// From a parsed JSON answer (top-level object only: that is where APIs put it).
std::optional<NextPage> fromJson(const QJsonDocument &doc);
// Both, headers first.
std::optional<NextPage> find(const ConsoleResponse &response, const QJsonDocument &doc);

// The request for the next page, or nullopt when it cannot be made safely (a link to
// another origin). Druva: `pageToken` alone — the server refuses pageSize (and
// includeFeatures) next to it (docs/providers.md §1).
std::optional<ConsoleRequest> nextRequest(const Profile &profile, const ConsoleRequest &sent,
                                          const QUrl &sentUrl, const NextPage &next);

} // namespace Pagination

} // namespace tw
