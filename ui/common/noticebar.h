#pragma once

#include <QFrame>

class QLabel;

namespace tw {

// A one-line (wrapping) notice with an icon: the demo banner, "no keychain", token errors
// and warnings. Colours come from the palette only.
class NoticeBar : public QFrame
{
    Q_OBJECT
public:
    enum class Kind { Info, Warning, Error };

    explicit NoticeBar(QWidget *parent = nullptr);

    void showNotice(Kind kind, const QString &text);
    void clearNotice();
    QString text() const;

private:
    QLabel *m_icon;
    QLabel *m_text;
};

} // namespace tw
