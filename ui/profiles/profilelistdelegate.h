#pragma once

#include <QStyledItemDelegate>

namespace tw {

// Paints a profile row as: status dot, name (elided), countdown right-aligned; a kind row as
// a small bold caption.
class ProfileListDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    // The kind captions' text colour on `palette`'s Base.
    static QColor groupHeaderColor(const QPalette &palette);
};

} // namespace tw
