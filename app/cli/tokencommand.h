#pragma once

#include <QStringList>

namespace tw::cli {

// `tokenwright-cli token NAME [--customer ID] [--force] [--json]`: the bare access token on
// stdout, so `$(tokenwright-cli token NAME)` works. `customer-token NAME ID` is the same as
// `token NAME --customer ID`.
int runTokenCommand(const QStringList &arguments);

} // namespace tw::cli
