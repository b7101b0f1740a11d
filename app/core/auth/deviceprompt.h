#pragma once

#include <QString>
#include <QUrl>

namespace tw {

// What the user must do to finish a device authorization (RFC 8628 §3.3): open
// `verificationUri` (or the complete one, which carries the code) and enter `userCode`.
struct DevicePrompt
{
    QString profileName;
    QString userCode;
    QUrl verificationUri;
    QUrl verificationUriComplete; // may be empty
    int expiresInSec = 0;
};

} // namespace tw
