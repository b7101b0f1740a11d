#pragma once

#include <QStringList>

namespace tw::cli {

// `revoke NAME`: revokes the profile's cached refresh and access tokens (RFC 7009).
int runRevokeCommand(const QStringList &arguments);
// `introspect NAME [--json]`: the server's RFC 7662 answer about the current access token.
int runIntrospectCommand(const QStringList &arguments);

} // namespace tw::cli
