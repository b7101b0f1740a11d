#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <optional>

namespace tw {

// One line of the audit log: who did what with which credential, and how it went. It holds
// names, ids, a method and a redacted path, never a token or a secret (AuditRecorder makes
// sure of that before an entry reaches the file).
struct AuditEntry
{
    enum class Action {
        Fetched,   // a new token from the token endpoint (first of a session)
        Refreshed, // a new token replacing one held (forced, expiring, or refused by an API)
        Renewed,   // Commvault: the access/refresh pair rotated
        Copied,    // the GUI put a token or an Authorization header on the clipboard
        Minted,    // a bulk run of customer tokens, as a whole
        Revoked,   // a token or credential was revoked
        Request,   // an API request from the console or `tokenwright-cli request`
    };

    QDateTime time; // UTC
    QString app;    // "gui" or "cli"
    QString profile;
    QString profileId;
    QString customer;
    Action action = Action::Fetched;
    QString method; // requests only
    QString path;   // requests only, redacted
    bool ok = true;
    int httpStatus = 0;
    QString detail; // counts, or the (redacted) reason of a failure

    // "ok", "HTTP 404", "failed: reason"
    QString resultText() const;

    QJsonObject toJson() const;
    // nullopt for a line that is not an entry (damaged, or from a future version we cannot
    // read): the reader skips it.
    static std::optional<AuditEntry> fromJson(const QJsonObject &json);

    static QString actionName(Action action);
    static std::optional<Action> actionFromName(const QString &name);
};

} // namespace tw
