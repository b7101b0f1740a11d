#include "jsonhighlighter.h"

namespace tw {

JsonHighlighter::JsonHighlighter(QTextDocument *document) : QSyntaxHighlighter(document)
{
    m_key.setForeground(QColor(0x8b, 0x1a, 0x1a));
    m_string.setForeground(QColor(0x0a, 0x7a, 0x28));
    m_number.setForeground(QColor(0x1f, 0x4f, 0xc0));
    m_literal.setForeground(QColor(0xa0, 0x30, 0x90));
    m_literal.setFontWeight(QFont::Bold);
}

void JsonHighlighter::highlightBlock(const QString &text)
{
    const qsizetype n = text.size();
    const QChar *s = text.constData();
    qsizetype i = 0;
    while (i < n) {
        const QChar c = s[i];
        if (c == QLatin1Char('"')) {
            qsizetype j = i + 1;
            while (j < n && s[j] != QLatin1Char('"'))
                j += s[j] == QLatin1Char('\\') ? 2 : 1;
            j = std::min(j + 1, n);
            // A string followed by ':' is a key.
            qsizetype k = j;
            while (k < n && s[k].isSpace())
                ++k;
            const bool key = k < n && s[k] == QLatin1Char(':');
            setFormat(int(i), int(j - i), key ? m_key : m_string);
            i = j;
        } else if (c.isDigit() || c == QLatin1Char('-')) {
            qsizetype j = i + 1;
            while (j < n && (s[j].isDigit() || s[j] == QLatin1Char('.') ||
                             s[j] == QLatin1Char('e') || s[j] == QLatin1Char('E') ||
                             s[j] == QLatin1Char('+') || s[j] == QLatin1Char('-')))
                ++j;
            setFormat(int(i), int(j - i), m_number);
            i = j;
        } else if (c == QLatin1Char('t') || c == QLatin1Char('f') || c == QLatin1Char('n')) {
            qsizetype j = i;
            while (j < n && s[j].isLetter())
                ++j;
            const QStringView word(s + i, j - i);
            if (word == QLatin1String("true") || word == QLatin1String("false") ||
                word == QLatin1String("null"))
                setFormat(int(i), int(j - i), m_literal);
            i = std::max(j, i + 1);
        } else {
            ++i;
        }
    }
}

} // namespace tw
