#pragma once

#include "common/error.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <optional>

namespace tw {

// A JSON Web Token taken apart for display. Nothing here verifies a signature or makes a
// trust decision: it only shows what the token says about itself.
struct Jwt
{
    QJsonObject header;
    QJsonObject claims;     // empty for an encrypted token (JWE)
    QByteArray signature;   // raw bytes; empty for "alg": "none"
    bool encrypted = false; // five parts: the payload cannot be read without the key

    // Tolerant: surrounding whitespace, a leading "Bearer ", base64 padding and the standard
    // alphabet are accepted. Fails (InvalidInput) for anything that is not a JWT, which
    // callers show as "opaque token".
    static Result<Jwt> decode(const QString &token);

    // Base64url (RFC 4648 §5), with or without padding; the standard alphabet too.
    static std::optional<QByteArray> decodeSegment(const QByteArray &segment);

    // exp/iat/nbf/auth_time style claims: seconds since the epoch (number or numeric string).
    static bool isTimeClaim(const QString &name);
    static QDateTime timeValue(const QJsonValue &value);
};

} // namespace tw
