#pragma once

#include "auth/discovery.h"
#include "profiles/profile.h"

#include <QStringList>
#include <optional>

namespace tw {

// `--client-auth auto` (issue 12, docs/providers.md "Client authentication auto"): the method
// is chosen per server from its metadata, given what the profile holds in the keychain,
// instead of being fixed in the profile. Pure functions: the fetchers call resolve() on the
// profile before they build a request, so everything downstream sees a concrete method.
namespace ClientAuthAuto {

enum class Endpoint { Token, Revocation, Introspection };

// The methods the server accepts at an endpoint (RFC 8414 §2): revocation_ and
// introspection_endpoint_auth_methods_supported when advertised, else the token endpoint's
// list (DiscoveryDocument::authMethods, itself client_secret_basic when absent). Without
// discovery: client_secret_basic, the default of RFC 8414 §2.
QStringList advertised(const std::optional<DiscoveryDocument> &doc, Endpoint endpoint);

// The method for an auto profile: private_key_jwt when a key is stored and the server takes
// it; else, with a stored secret, client_secret_basic (in the encoding the server accepted
// last, Profile::learnedBasic), client_secret_post or client_secret_jwt, in that order;
// none for a public client (nothing stored). When the server lists nothing we can do, the
// strongest thing we hold (key, then Basic) is tried and the server's answer decides.
ClientAuth choose(const Profile &profile, const QStringList &advertised);

// The profile as the request builders must see it: clientAuth resolved when it is auto, an
// unchanged copy otherwise.
Profile resolve(const Profile &profile, const QStringList &advertised);

// After `invalid_client` for an auto profile's HTTP Basic: the other encoding (RFC 6749
// §2.3.1 form-encoded ↔ raw, docs/providers.md), or nullopt when there is nothing to retry:
// not Basic, not auto, or both encodings give the same bytes for this id and secret.
std::optional<ClientAuth> otherBasicEncoding(const Profile &resolved, const QString &secret);

} // namespace ClientAuthAuto
} // namespace tw
