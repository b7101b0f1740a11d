#pragma once

#include <QString>
#include <QUrl>

namespace tw {

// Same scheme, host and port (RFC 6454), default ports filled in.
bool sameOrigin(const QUrl &a, const QUrl &b);
// "https://host:port" for messages: no user info, path or query.
QString originOf(const QUrl &url);
// localhost, 127.0.0.0/8 and ::1: the only hosts plain HTTP may carry a credential to
// unless a profile allows it.
bool isLoopbackHost(const QString &host);

} // namespace tw
