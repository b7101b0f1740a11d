#pragma once

#include <QString>

namespace tw {

// Proof Key for Code Exchange (RFC 7636) and the `state` of an authorization request
// (RFC 6749 §10.12). Random values come from the operating system's CSPRNG
// (QRandomGenerator::system()).
namespace Pkce {

// 32 random octets in base64url without padding: 43 characters of the unreserved set, as
// RFC 7636 §4.1 recommends (256 bits of entropy).
QString newCodeVerifier();
// RFC 7636 §4.2 S256: BASE64URL(SHA256(ASCII(code_verifier))), no padding.
QString s256Challenge(const QString &codeVerifier);
// 43–128 characters of [A-Z] / [a-z] / [0-9] / "-" / "." / "_" / "~" (RFC 7636 §4.1).
bool isValidCodeVerifier(const QString &codeVerifier);
// An unguessable, single-use `state`: 32 random octets in base64url (256 bits).
QString newState();

} // namespace Pkce
} // namespace tw
