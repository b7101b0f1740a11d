#pragma once

#include <QStringList>

namespace tw::cli {

// `tokenwright-cli customers NAME [--json|--csv]`: every page of the profile's customer list
// (Druva MSP or OIDC portal). Default: an aligned table id/name/status/cloud; --json: the
// array of customer objects exactly as the server sent them; --csv: RFC 4180 with a header.
int runCustomersCommand(const QStringList &arguments);

// `tokenwright-cli customer-tokens NAME (--all|--ids ID,…) [--concurrency N] [--json]`:
// a token per Druva MSP customer, minted with at most N requests in flight. Lines
// "ID<TAB>token" or "ID<TAB>error: …"; exit status non-zero when any customer failed.
int runCustomerTokensCommand(const QStringList &arguments);

} // namespace tw::cli
