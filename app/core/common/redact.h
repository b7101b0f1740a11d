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

} // namespace tw
