#pragma once

#include "console/consolerequest.h"

#include <QStringList>

namespace tw {

// Makes a console request safe to write to a file (history, saved requests): credential
// headers (Authorization, Authtoken, Cookie, Set-Cookie, and any header named like a
// secret), JSON fields and form fields named like *token*, *secret*, password, and query
// parameters named so are replaced by «redacted»; any `scrub` string (the live token) is
// replaced wherever it still appears.
namespace RequestRedactor {
ConsoleRequest redact(const ConsoleRequest &request, const QStringList &scrub = {});
QString redactBody(BodyKind kind, const QString &body);
// Page cursors (pageToken, nextPageToken, page_token …) are named like tokens but are not
// credentials, and a history entry of page 3 is useless without one.
bool isPageCursorName(const QString &name);
} // namespace RequestRedactor

} // namespace tw
