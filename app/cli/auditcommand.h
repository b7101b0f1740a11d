#pragma once

#include <QStringList>

namespace tw::cli {

// `tokenwright-cli audit [NAME] [--since DATE] [--json]`: the activity log (tokens fetched,
// refreshed, renewed, copied, minted; requests sent), oldest first; `--off`/`--on` turn the
// log off and on for the GUI and the CLI alike.
int runAuditCommand(const QStringList &arguments);

} // namespace tw::cli
