#pragma once

#include "common/error.h"
#include "profiles/profile.h"

#include <QUrl>

namespace tw {

// Where a profile's credentials may go (DESIGN.md "Token engine"): only its own origins
// (API base, token URL, issuer), and over plain HTTP only to loopback unless allowed.
namespace TransportPolicy {
bool isOwnOrigin(const Profile &profile, const QUrl &url);
Status checkCredentialTarget(const Profile &profile, const QUrl &url);
} // namespace TransportPolicy

} // namespace tw
