#pragma once

#include <QSyntaxHighlighter>
#include <QTextCharFormat>

namespace tw {

// Colours JSON text line by line: keys, strings, numbers, true/false/null. A hand-written
// scanner, no regular expressions: it runs over every line of the raw view.
class JsonHighlighter : public QSyntaxHighlighter
{
    Q_OBJECT
public:
    explicit JsonHighlighter(QTextDocument *document = nullptr);

    // Colours for text on this palette's Base (the view calls it again when the theme
    // changes); re-colours the document.
    void setPalette(const QPalette &palette);

protected:
    void highlightBlock(const QString &text) override;

private:
    QTextCharFormat m_key;
    QTextCharFormat m_string;
    QTextCharFormat m_number;
    QTextCharFormat m_literal;
};

} // namespace tw
