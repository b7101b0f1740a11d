#pragma once

#include <QStringList>

namespace tw::cli {

// `tokenwright-cli sandbox [--port N] [--token-lifetime S] [--latency MS] [--customers N]`
// `arguments` starts with the program name followed by "sandbox". Runs the event loop
// until SIGINT/SIGTERM; returns the process exit code.
int runSandboxCommand(const QStringList &arguments);

} // namespace tw::cli
