#include "console/responseparser.h"

#include <QCoreApplication>
#include <QElapsedTimer>

namespace tw::ResponseParser {

QString prettyJson(const QByteArray &json, qsizetype maxChars, bool *truncated)
{
    QByteArray out;
    out.reserve(std::min<qsizetype>(json.size() * 2, maxChars * 2) + 64);
    int depth = 0;
    bool inString = false;
    bool escaped = false;
    auto newline = [&out, &depth] {
        out += '\n';
        out.append(QByteArray(qsizetype(std::max(depth, 0)) * 2, ' '));
    };
    const qsizetype n = json.size();
    const char *data = json.constData();
    qsizetype i = 0;
    // Work in UTF-8 bytes; the character limit is checked on bytes, which only errs short.
    for (; i < n && out.size() < maxChars; ++i) {
        const char c = data[i];
        if (inString) {
            out += c;
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
            continue;
        }
        switch (c) {
        case ' ':
        case '\t':
        case '\n':
        case '\r':
            break;
        case '"':
            inString = true;
            out += c;
            break;
        case '{':
        case '[': {
            // Empty containers stay on one line.
            qsizetype j = i + 1;
            while (j < n &&
                   (data[j] == ' ' || data[j] == '\t' || data[j] == '\n' || data[j] == '\r'))
                ++j;
            if (j < n && (data[j] == (c == '{' ? '}' : ']'))) {
                out += c;
                out += data[j];
                i = j;
                break;
            }
            out += c;
            ++depth;
            newline();
            break;
        }
        case '}':
        case ']':
            --depth;
            newline();
            out += c;
            break;
        case ',':
            out += c;
            newline();
            break;
        case ':':
            out += ": ";
            break;
        default:
            out += c;
        }
    }
    const bool cut = i < n;
    if (truncated)
        *truncated = cut;
    QString text = QString::fromUtf8(out);
    if (text.size() > maxChars)
        text.truncate(maxChars);
    return text;
}

ParsedBody parse(const QByteArray &body, bool expectJson, qsizetype displayLimit)
{
    ParsedBody result;
    result.bodyBytes = body.size();
    QElapsedTimer timer;
    timer.start();
    if (expectJson && !body.trimmed().isEmpty()) {
        QJsonParseError error;
        result.document = QJsonDocument::fromJson(body, &error);
        result.parseMs = timer.elapsed();
        if (error.error == QJsonParseError::NoError) {
            result.isJson = true;
            result.nextPage = Pagination::fromJson(result.document);
        } else {
            result.document = QJsonDocument();
            result.parseError =
                QCoreApplication::translate("ResponseParser", "Not valid JSON at byte %1: %2")
                    .arg(error.offset)
                    .arg(error.errorString());
        }
    }
    timer.restart();
    if (result.isJson) {
        result.display = prettyJson(body, displayLimit, &result.displayTruncated);
    } else {
        result.displayTruncated = body.size() > displayLimit;
        result.display = QString::fromUtf8(body.left(displayLimit));
    }
    result.prettyMs = timer.elapsed();
    return result;
}

} // namespace tw::ResponseParser
