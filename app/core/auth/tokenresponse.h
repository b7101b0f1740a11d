#pragma once

#include "auth/token.h"
#include "common/error.h"
#include "common/httpclient.h"

#include <QJsonObject>

namespace tw {

// Turns server answers into a Token or a specific Error (PROVIDERS.md "Response parsing
// rules"). Never quotes a secret or a token; quotes at most 200 redacted characters.
namespace TokenResponse {

// `sentAt` is when the request left (expires_in counts from there).
Result<Token> parseOAuth(const HttpReply &reply, const QDateTime &sentAt);

// A JSON object from a 2xx answer, or the specific problem (not JSON, truncated, HTML …).
Result<QJsonObject> jsonObject(const HttpReply &reply, const QString &what);

// Error for a failed exchange: no connection, HTTP error status with the server's reason
// (OAuth `error`/`error_description`, Druva `code`/`message`, Commvault `errorMessage`/
// `errList`), or an unusable body. `what` names the request ("token request" …).
Error errorFromReply(const HttpReply &reply, const QString &what);

// expires_in: number or numeric string; nullopt with a warning when missing or not trusted.
std::optional<qint64> parseExpiresIn(const QJsonValue &value, QString *warning);

// Seconds subtracted from the lifetime so a token is never used at its last instant.
qint64 expirySkewSec(qint64 lifetimeSec);

// Whether an HTTP error answer says the client credentials were refused.
bool isInvalidClient(const Error &error);

} // namespace TokenResponse
} // namespace tw
