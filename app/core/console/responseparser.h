#pragma once

#include "console/pagination.h"

#include <QByteArray>
#include <QJsonDocument>
#include <QString>
#include <optional>

namespace tw {

// What the console shows of a body, computed off the UI thread (QtConcurrent::run): a 50 MB
// answer takes a noticeable time to parse and indent, and the window must stay responsive.
struct ParsedBody
{
    bool isJson = false;
    QJsonDocument document; // null unless the body is valid JSON (object or array)
    QString parseError;     // JSON expected but invalid: where and why
    QString display;        // pretty JSON, or the body as text; at most displayLimit chars
    bool displayTruncated = false;
    qint64 bodyBytes = 0;
    std::optional<NextPage> nextPage; // from the JSON (headers are checked by the caller)
    qint64 parseMs = 0;
    qint64 prettyMs = 0;
};

namespace ResponseParser {

// Characters shown in the raw view: more makes QPlainTextEdit and the highlighter slow.
inline constexpr qsizetype DefaultDisplayLimit = 512 * 1024;

// Thread-safe (pure function over its arguments).
ParsedBody parse(const QByteArray &body, bool expectJson,
                 qsizetype displayLimit = DefaultDisplayLimit);

// Re-indents JSON text by scanning it once (no parse), stopping after `maxChars` output
// characters; cheap enough for any size. Invalid JSON comes out re-indented as far as it goes.
QString prettyJson(const QByteArray &json, qsizetype maxChars, bool *truncated = nullptr);

} // namespace ResponseParser

} // namespace tw
