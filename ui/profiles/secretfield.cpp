#include "ui/profiles/secretfield.h"

#include "ui/common/icons.h"

#include <QAction>

namespace tw {

SecretField::SecretField(QWidget *parent) : QLineEdit(parent)
{
    setEchoMode(QLineEdit::Password);
    m_reveal = addAction(icons::reveal(), QLineEdit::TrailingPosition);
    m_reveal->setCheckable(true);
    m_reveal->setText(tr("Reveal"));
    m_reveal->setToolTip(tr("Show or hide the secret"));
    m_reveal->setObjectName(QStringLiteral("revealAction"));
    connect(m_reveal, &QAction::toggled, this, &SecretField::setRevealed);
    // Keep secrets out of undo stacks and drag-and-drop.
    setDragEnabled(false);
    setAttribute(Qt::WA_InputMethodEnabled, false);
}

void SecretField::setRevealed(bool revealed)
{
    setEchoMode(revealed ? QLineEdit::Normal : QLineEdit::Password);
    if (m_reveal->isChecked() != revealed)
        m_reveal->setChecked(revealed);
}

} // namespace tw
