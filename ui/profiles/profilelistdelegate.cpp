#include "ui/profiles/profilelistdelegate.h"

#include "auth/authsession.h"
#include "ui/common/palettecolors.h"
#include "ui/profiles/profilelistmodel.h"
#include "ui/token/tokenstatus.h"

#include <QApplication>
#include <QPainter>

namespace tw {

void ProfileListDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                                const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QString name = opt.text;
    opt.text.clear();
    QStyle *style = opt.widget ? opt.widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);

    const bool selected = opt.state & QStyle::State_Selected;
    const QPalette::ColorRole textRole = selected ? QPalette::HighlightedText : QPalette::Text;
    const QRect rect = style->subElementRect(QStyle::SE_ItemViewItemText, &opt, opt.widget);
    const int margin = opt.fontMetrics.height() / 3;

    painter->save();
    if (index.data(ProfileListModel::IsGroupRole).toBool()) {
        QFont font = opt.font;
        font.setBold(true);
        painter->setFont(font);
        painter->setPen(groupHeaderColor(opt.palette));
        painter->drawText(rect.adjusted(margin, 0, -margin, 0), Qt::AlignVCenter | Qt::AlignLeft,
                          QFontMetrics(font).elidedText(name, Qt::ElideRight, rect.width()));
        painter->restore();
        return;
    }

    const int dot = std::max(8, opt.fontMetrics.height() / 2);
    const QRect dotRect(rect.left() + margin, rect.center().y() - dot / 2, dot, dot);
    const auto state = AuthSession::State(index.data(ProfileListModel::StateRole).toInt());
    const QColor color = tokenstatus::dotColor(state);
    painter->setRenderHint(QPainter::Antialiasing);
    if (color.isValid()) {
        painter->setPen(Qt::NoPen);
        painter->setBrush(color);
    } else {
        painter->setPen(QPen(opt.palette.color(QPalette::Disabled, QPalette::Text), 1.2));
        painter->setBrush(Qt::NoBrush);
    }
    painter->drawEllipse(dotRect);

    const QString countdown = index.data(ProfileListModel::CountdownRole).toString();
    // Sized for the widest countdown so the names line up and the digits do not jitter.
    const int countdownWidth =
        std::max(opt.fontMetrics.horizontalAdvance(countdown),
                 opt.fontMetrics.horizontalAdvance(QStringLiteral("00:00:00")));
    const QRect countdownRect(rect.right() - margin - countdownWidth, rect.top(), countdownWidth,
                              rect.height());
    painter->setPen(opt.palette.color(QPalette::Normal, textRole));
    painter->drawText(countdownRect, Qt::AlignVCenter | Qt::AlignRight, countdown);

    const int nameLeft = dotRect.right() + margin + 2;
    const QRect nameRect(nameLeft, rect.top(), countdownRect.left() - margin - nameLeft,
                         rect.height());
    painter->setFont(opt.font);
    painter->drawText(nameRect, Qt::AlignVCenter | Qt::AlignLeft,
                      opt.fontMetrics.elidedText(name, Qt::ElideRight, nameRect.width()));
    painter->restore();
}

QColor ProfileListDelegate::groupHeaderColor(const QPalette &palette)
{
    // Quieter than a profile name yet AA-readable (the disabled text colour was 1.9:1).
    return colors::forRole(colors::Role::Muted, palette);
}

QSize ProfileListDelegate::sizeHint(const QStyleOptionViewItem &option,
                                    const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    size.setHeight(std::max(size.height(), option.fontMetrics.height() * 2));
    return size;
}

} // namespace tw
