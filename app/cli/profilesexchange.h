#pragma once

#include <QStringList>

class QCoreApplication;

namespace tw::cli {

class CliContext;

// `profiles export [NAME…] [-o FILE]`: the profiles as a versioned JSON document without
// any secret (ProfileExchange); it never touches the keychain.
int exportProfiles(CliContext &ctx, const QStringList &args);

// `profiles import FILE [--on-conflict skip|rename|replace] [--with-secrets-stdin]`: checks
// the whole file and plans every step first (so bad input changes nothing), then adds the
// profiles and reports each step on stdout. Secrets only with --with-secrets-stdin, one per
// line in file order (a prompt per secret on a terminal); otherwise the profiles come
// without secrets and the keychain is not touched.
int importProfiles(CliContext &ctx, const QStringList &args, QCoreApplication &app);

} // namespace tw::cli
