#pragma once

#include <QString>

namespace tw::sandbox {

struct SandboxConfig
{
    // 0 = each vendor's default (Druva MSP 900, Druva Cloud 1800, GovCloud 900, customer token
    // 1800, OIDC 3600, Commvault 1800, oauth2 3600); > 0 overrides all of them.
    int tokenLifetimeSec = 0;
    int latencyMs = 0;   // added to every answer
    int customers = 250; // MSP demo customers (both Druva MSP and OIDC portal)
    // The oauth2 sign-in page approves every valid authorization request at once (a 302 to
    // the redirect URI with a code) instead of showing its Approve / Deny form.
    bool autoApprove = false;
};

enum class Fault {
    None,
    Http500,
    Html502,            // an HTML page from a "proxy", status 502
    TooManyRequests,    // 429 + Retry-After: param seconds (param < 0: no header)
    ServiceUnavailable, // 503 + Retry-After as above
    Unauthorized,       // 401
    Forbidden,          // 403
    MalformedJson,      // 200 with a body that is not JSON
    MissingAccessToken, // 200 with valid JSON but no access_token
    TruncatedBody,      // 200 with the normal answer cut in half
    Slow,               // delay param ms, then the normal answer
    NonNumericExpiresIn // the normal answer with expires_in: "abc"
};

// Spelling used by the CLI and in logs: "none", "http500", "html502", "429", …
QString faultName(Fault fault);
Fault faultFromName(const QString &name, bool *ok = nullptr);

} // namespace tw::sandbox
