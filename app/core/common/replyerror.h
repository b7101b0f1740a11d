#pragma once

#include "common/error.h"
#include "common/httpclient.h"

#include <QJsonObject>

namespace tw {

// How any answer from a provider becomes an Error: the token request, discovery, Commvault
// renewal, the API console and customer paging all read failed answers the same way.
// Never quotes a secret or a token; quotes at most 200 redacted characters.

// A JSON object from a 2xx answer, or the specific problem (not JSON, truncated, HTML …).
Result<QJsonObject> jsonObject(const HttpReply &reply, const QString &what);

// Error for a failed exchange: no connection, HTTP error status with the server's reason
// (OAuth `error`/`error_description`, Druva `code`/`message`, Commvault `errorMessage`/
// `errList`), or an unusable body. `what` names the request ("token request" …).
Error errorFromReply(const HttpReply &reply, const QString &what);

// What an exchange that must answer 2xx with a JSON object gave: the object, or
// errorFromReply() for a failed exchange, or jsonObject()'s problem with the body.
Result<QJsonObject> successObject(const HttpReply &reply, const QString &what);

} // namespace tw
