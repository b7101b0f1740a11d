#pragma once

#include "common/redact.h"
#include "console/consolerequest.h"

#include <QStringList>

namespace tw {

// Makes a console request safe to write to a file (history, saved requests): headers and
// query parameters named like *key*, *token*, *secret*, *auth*, password or cookie, and JSON
// and form fields named like *token*, *secret*, password are replaced by «redacted»; every
// `scrub` value (the live token, the profile's secrets) is replaced wherever it still
// appears, raw or encoded.
namespace RequestRedactor {
ConsoleRequest redact(const ConsoleRequest &request, const QStringList &scrub = {});
// The values to scrub ("Bearer …", "Basic …" or bare) in every form they travel in.
KnownSecrets knownFrom(const QStringList &scrub);
QString redactBody(BodyKind kind, const QString &body);
// Page cursors (pageToken, nextPageToken, page_token …) are named like tokens but are not
// credentials, and a history entry of page 3 is useless without one.
bool isPageCursorName(const QString &name);
} // namespace RequestRedactor

} // namespace tw
