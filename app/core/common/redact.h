#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonValue>
#include <QString>
#include <QStringList>

namespace tw {

inline const QString kRedacted = QStringLiteral("«redacted»");

// A short, safe quote of a server body for an error message: at most `maxChars`
// characters, token-like runs and secret-looking JSON values replaced, HTML never quoted raw.
QString safeSnippet(const QByteArray &body, int maxChars = 200);

// True for field names like *token*, *secret*, password, authorization, cookie.
bool isSensitiveName(const QString &name);

// Deep copy of a JSON value with sensitive fields replaced by «redacted».
QJsonValue redactJson(const QJsonValue &value);

// Replaces long base64/hex/JWT-looking runs in free text.
QString redactTokenLikeRuns(const QString &text);

bool looksLikeHtml(const QByteArray &body);

// Server text made safe to show in a terminal or a widget: line breaks and tabs become
// spaces; other control characters (ESC sequences, C1, DEL) and bidi overrides become U+FFFD.
QString sanitizeServerText(const QString &text);

// The exact values of a process's secrets and tokens, so they can be taken out of any text
// by value as well as by pattern (DESIGN.md "Trust rules"): a secret too short or too
// plain for redactTokenLikeRuns() is still never shown. Each value is also known in the
// forms it travels in: percent- and form-encoded, JSON-escaped and base64 (Basic).
//
// Values live in named slots ("<profile id>/client_secret", "<cache key>/access" …): a
// new token replaces the one before it in its slot, so a long-running process keeps one
// set per credential instead of every token it ever saw.
class KnownSecrets
{
public:
    void remember(const QString &slot, const QString &value);
    // HTTP Basic credentials as sent: the base64 of "id:secret", and the secret itself.
    void rememberBasic(const QString &slot, const QByteArray &authorizationHeader);
    void forget(const QString &slotPrefix);
    QString redact(const QString &text) const;
    QStringList values() const; // every form, longest first

private:
    struct Entry
    {
        QStringList raw;    // values
        QStringList asSent; // already in the form they travel in (a Basic header's base64)
    };
    static QStringList formsOf(const QString &value);
    static QStringList formsOf(const Entry &entry);
    void set(const QString &slot, const Entry &entry);
    // Redaction runs for every audit entry and every error while thousands of customer
    // tokens may be known (a bulk mint): forms are indexed by the hash of their first
    // kWindow characters, so redact() reads the text once instead of once per form.
    static constexpr qsizetype kWindow = 8;
    static quint64 windowHash(QStringView text);
    void index(const QStringList &forms) const;
    void rebuildIfDirty() const;

    QHash<QString, Entry> m_slots;
    mutable QStringList m_long;                         // forms of kWindow characters or more
    mutable QHash<quint64, QList<qsizetype>> m_byStart; // window hash -> indexes into m_long
    mutable QStringList m_short;  // shorter forms, longest first, replaced one by one
    mutable bool m_dirty = false; // a slot changed or went: rebuild the index before use
};

} // namespace tw
