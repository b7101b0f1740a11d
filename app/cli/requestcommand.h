#pragma once

#include <QStringList>

namespace tw::cli {

// `tokenwright-cli request NAME METHOD PATH [-H 'K: V']… [-d BODY|@file|@-] [--customer ID]
// [--include]`: calls the profile's API with its token (or a customer's) and prints the
// response body on stdout; --include prints the status line and headers on stderr.
// Exit code 7 when the API answers with HTTP status >= 400 (the body is still printed).
int runRequestCommand(const QStringList &arguments);

} // namespace tw::cli
