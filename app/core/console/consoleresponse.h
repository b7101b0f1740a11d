#pragma once

#include "common/httpclient.h"

#include <QByteArray>
#include <QString>
#include <QUrl>

namespace tw {

struct ApiOutcome;

// The final answer to a console request, without the credential that was sent.
struct ConsoleResponse
{
    int status = 0;
    HeaderList headers;
    QByteArray body;
    bool bodyTruncated = false; // larger than the request's maxBodyBytes: cut there
    QUrl url;                   // where it was sent (never carries a token: headers only)
    qint64 totalMs = 0;         // the last attempt, request sent → body complete
    qint64 firstByteMs = -1;    // the last attempt, request sent → first body byte
    qint64 overallMs = 0;       // Send → answer, token fetch and retries included
    int attempts = 0;
    int tokenRefetches = 0;
    int rateLimitWaits = 0;

    qint64 size() const { return body.size(); }
    QByteArray header(const QByteArray &name) const;
    QByteArray contentType() const { return header("Content-Type"); }
    bool isJson() const;        // by Content-Type, or a body that starts like JSON
    QString statusLine() const; // "200 OK"

    static ConsoleResponse fromOutcome(const ApiOutcome &outcome, qint64 overallMs);
};

// Reason phrase for common statuses (HTTP/2 sends none, so we supply our own).
QString httpReasonPhrase(int status);

} // namespace tw
