#pragma once

#include "auth/token.h"
#include "common/error.h"
#include "common/httpclient.h"
#include "common/replyerror.h"

#include <QJsonObject>

namespace tw {

// Turns server answers into a Token or a specific Error (docs/providers.md "Answers from
// every kind"). Never quotes a secret or a token; quotes at most 200 redacted characters.
namespace TokenResponse {

// `sentAt` is when the request left (expires_in counts from there).
Result<Token> parseOAuth(const HttpReply &reply, const QDateTime &sentAt);

// Moved to common/replyerror.h (every answer is read that way, not only token answers);
// these names stay so code written against them keeps building. Prefer tw::errorFromReply.
using tw::errorFromReply;
using tw::jsonObject;

// expires_in: number or numeric string; nullopt with a warning when missing or not trusted.
std::optional<qint64> parseExpiresIn(const QJsonValue &value, QString *warning);

// Seconds subtracted from the lifetime so a token is never used at its last instant.
qint64 expirySkewSec(qint64 lifetimeSec);

// Whether an HTTP error answer says the client credentials were refused.
bool isInvalidClient(const Error &error);

} // namespace TokenResponse
} // namespace tw
