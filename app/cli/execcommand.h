#pragma once

#include <QStringList>

namespace tw::cli {

// `tokenwright-cli exec NAME [--customer ID] [--env VAR] -- CMD [ARGS…]`: runs CMD (no shell)
// with the profile's token in $VAR (TOKEN) and its API base in $TOKENWRIGHT_API_BASE, and
// exits with CMD's exit status. The token never appears on a command line.
int runExecCommand(const QStringList &arguments);

// `tokenwright-cli env NAME [--customer ID] [--env VAR] [--shell sh|fish|powershell]`: the
// same two variables as lines to eval, each value quoted for that shell.
int runEnvCommand(const QStringList &arguments);

} // namespace tw::cli
