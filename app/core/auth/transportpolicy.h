#pragma once

#include "common/error.h"
#include "common/httpclient.h"
#include "profiles/profile.h"

#include <QUrl>

namespace tw {

// Where a profile's credentials may go (DESIGN.md "Token engine"): only its own origins
// (API base, token URL, issuer) and endpoints its issuer's discovery named, and over plain
// HTTP only to loopback unless allowed. HttpClient re-checks the transport rules on every
// redirect hop.
namespace TransportPolicy {
bool isOwnOrigin(const Profile &profile, const QUrl &url);
// `alsoTrusted`: endpoints the profile's issuer advertised in its discovery document.
Status checkCredentialTarget(const Profile &profile, const QUrl &url,
                             const QList<QUrl> &alsoTrusted = {});
// TLS and transport settings of the profile; `timeoutOverrideSec` > 0 replaces its timeout.
TransportOptions optionsFor(const Profile &profile, int timeoutOverrideSec = 0);
} // namespace TransportPolicy

} // namespace tw
