#pragma once

#include <QLineEdit>

namespace tw {

// A masked line edit with an eye action that reveals the text while checked.
class SecretField : public QLineEdit
{
    Q_OBJECT
public:
    explicit SecretField(QWidget *parent = nullptr);
    void setRevealed(bool revealed);
    bool isRevealed() const { return echoMode() == QLineEdit::Normal; }

private:
    QAction *m_reveal;
};

} // namespace tw
