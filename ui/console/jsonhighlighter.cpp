#include "ui/console/jsonhighlighter.h"

#include "ui/common/palettecolors.h"

#include <QGuiApplication>
#include <QPalette>

namespace tw {

JsonHighlighter::JsonHighlighter(QTextDocument *document) : QSyntaxHighlighter(document)
{
    m_literal.setFontWeight(QFont::Bold);
    setPalette(QGuiApplication::palette());
}

void JsonHighlighter::setPalette(const QPalette &palette)
{
    using colors::Role;
    m_key.setForeground(colors::forRole(Role::JsonKey, palette));
    m_string.setForeground(colors::forRole(Role::JsonString, palette));
    m_number.setForeground(colors::forRole(Role::JsonNumber, palette));
    m_literal.setForeground(colors::forRole(Role::JsonLiteral, palette));
    if (document())
        rehighlight();
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
