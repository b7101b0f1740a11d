#include "sandboxcommand.h"

namespace tw::cli {
int runSandboxCommand(const QStringList &) { return 1; } // implemented by the sandbox work
} // namespace tw::cli
