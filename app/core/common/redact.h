#pragma once

#include <QByteArray>
#include <QJsonValue>
#include <QString>

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
class KnownSecrets
{
public:
    void remember(const QString &value);
    // HTTP Basic credentials as sent: both the value and the base64 of "id:secret".
    void rememberBasic(const QByteArray &authorizationHeader);
    QString redact(QString text) const;
    QStringList values() const { return m_values; }

private:
    void add(const QString &form);
    QStringList m_values; // longest first, so a longer form is replaced before its parts
};

} // namespace tw
