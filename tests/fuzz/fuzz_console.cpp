// The console's handling of an API answer: body parse and pretty-printing (ResponseParser),
// next-page detection in headers and JSON (Pagination) and the next request built from it,
// plus a history/saved entry read back from JSON (ConsoleRequest::fromJson).
#include "console/consolehistory.h"
#include "console/consolerequest.h"
#include "console/consoleresponse.h"
#include "console/pagination.h"
#include "console/responseparser.h"
#include "fuzzsupport.h"
#include "profiles/profile.h"

#include <QJsonDocument>

using namespace tw;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz::ensureApp();
    const HttpReply reply = fuzz::reply(fuzz::bytes(data, size));
    ConsoleResponse response;
    response.status = reply.status;
    response.headers = reply.headers;
    response.body = reply.body;
    response.url = QUrl(QStringLiteral("https://api.example/v1/items?pageSize=10"));
    (void)response.isJson();
    (void)response.statusLine();

    constexpr qsizetype limit = 4096;
    const ParsedBody parsed = ResponseParser::parse(response.body, response.isJson(), limit);
    if (parsed.display.size() > limit)
        fuzz::fail("the raw view got more than its display limit");
    bool truncated = false;
    if (ResponseParser::prettyJson(response.body, limit, &truncated).size() > limit)
        fuzz::fail("prettyJson wrote more than it was allowed to");

    static const Profile profiles[] = {[] {
                                           Profile p = Profile::preset(ProviderKind::DruvaMsp);
                                           p.apiBase = QUrl(QStringLiteral("https://api.example"));
                                           return p;
                                       }(),
                                       [] {
                                           Profile p = Profile::preset(ProviderKind::Oidc);
                                           p.apiBase =
                                               QUrl(QStringLiteral("https://api.example/v1"));
                                           return p;
                                       }()};
    ConsoleRequest sent;
    sent.path = QStringLiteral("/v1/items?pageSize=10&filter=a%20b");
    sent = sent.normalized();
    if (const auto next = Pagination::find(response, parsed.document)) {
        for (const Profile &profile : profiles) {
            const auto request = Pagination::nextRequest(profile, sent, response.url, *next);
            if (request) {
                (void)request->pathWithQuery();
                (void)request->toApiRequest();
            }
        }
    }

    if (parsed.document.isObject()) {
        if (const auto entry = HistoryEntry::fromJson(parsed.document.object()))
            (void)HistoryEntry::fromJson(entry->toJson());
        if (const auto entry = ConsoleRequest::fromJson(parsed.document.object())) {
            // What is written once reads back and writes the same again (history and saved
            // requests are rewritten on every change).
            const QJsonObject written = entry->toJson();
            const auto again = ConsoleRequest::fromJson(written);
            if (!again || again->toJson() != written)
                fuzz::fail("a console request changes when written and read back");
            (void)entry->normalized().pathWithQuery();
            (void)entry->encodedBody();
            (void)entry->defaultContentType();
            (void)entry->formFields();
        }
    }
    return 0;
}
