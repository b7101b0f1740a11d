#pragma once

#include "common/error.h"
#include "console/consolerequest.h"
#include "profiles/profile.h"

#include <QString>

namespace tw {

// "Copy as curl": a shell command line that repeats a console request. By default the token
// is `$TOKEN`, set by a preceding `TOKEN=$(tokenwright-cli token NAME)` line, so the text can
// be pasted into a ticket or a chat safely; `realToken` puts the live token in instead.
// Everything else is single-quoted for POSIX shells.
namespace CurlExport {

struct Options
{
    QString realToken;         // empty: use $TOKEN
    bool tokenLine = true;     // the `TOKEN=$(tokenwright-cli token …)` line (with $TOKEN only)
    bool loginSession = false; // Commvault login session: Authtoken header, not Bearer
};

Result<QString> build(const Profile &profile, const ConsoleRequest &request,
                      const Options &options);
QString shellQuote(const QString &text);
// Whether a profile's API calls use "Authtoken: QSDK …" (Commvault login session).
bool usesAuthtoken(const Profile &profile);

} // namespace CurlExport

} // namespace tw
