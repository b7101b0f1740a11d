#pragma once

#include "httpexchange.h"

#include <QStringList>
#include <optional>

namespace tw::sandbox {

// Checks every token endpoint shares (RFC 6749 §3.2, §4.4.2): POST, a form body, no repeated
// parameter, and a grant type the endpoint supports. Returns the error answer, if any.
// Parameters in `repeatable` may appear more than once (RFC 8707 `resource`).
std::optional<HttpReply> checkTokenRequest(const HttpRequest &request,
                                           const QStringList &supportedGrants,
                                           const QStringList &repeatable = {});

// A successful token answer (RFC 6749 §5.1: not cacheable).
HttpReply tokenReply(const QJsonObject &answer);

// 401 invalid_client; with a WWW-Authenticate challenge when the client tried HTTP Basic.
HttpReply invalidClient(const QString &description, bool basicAttempted);

} // namespace tw::sandbox
