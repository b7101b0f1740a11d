#include "ui/profiles/profilelistview.h"

#include "ui/profiles/profilelistmodel.h"

#include <QKeyEvent>
#include <QLineEdit>

namespace tw {

ProfileListView::ProfileListView(QWidget *parent) : QTreeView(parent)
{
    setHeaderHidden(true);
    setRootIsDecorated(false);
    // Groups cannot be collapsed by hand, so the view must never leave one collapsed.
    setItemsExpandable(false);
    setIndentation(0);
    setUniformRowHeights(true);
    setSelectionMode(QAbstractItemView::SingleSelection);
}

void ProfileListView::setModel(QAbstractItemModel *model)
{
    QTreeView::setModel(model);
    if (!model)
        return;
    // A filter proxy inserts the groups it hid again as new, collapsed rows when the filter
    // is cleared; a reset collapses everything.
    connect(model, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex &parent, int first, int last) {
                if (parent.isValid())
                    return;
                for (int row = first; row <= last; ++row)
                    expand(this->model()->index(row, 0));
            });
    connect(model, &QAbstractItemModel::modelReset, this, &QTreeView::expandAll);
    connect(model, &QAbstractItemModel::layoutChanged, this, &QTreeView::expandAll);
    expandAll();
}

bool ProfileListView::isGroup(const QModelIndex &index) const
{
    return index.isValid() && index.data(ProfileListModel::IsGroupRole).toBool();
}

QList<QModelIndex> ProfileListView::profileIndexes() const
{
    QList<QModelIndex> out;
    if (!model())
        return out;
    for (int g = 0; g < model()->rowCount(); ++g) {
        const QModelIndex group = model()->index(g, 0);
        for (int row = 0; row < model()->rowCount(group); ++row)
            out << model()->index(row, 0, group);
    }
    return out;
}

QList<QUuid> ProfileListView::visibleProfiles() const
{
    QList<QUuid> out;
    for (const QModelIndex &index : profileIndexes())
        out << index.data(ProfileListModel::ProfileIdRole).toUuid();
    return out;
}

QUuid ProfileListView::neighbourOf(const QUuid &id) const
{
    const QList<QUuid> ids = visibleProfiles();
    const qsizetype at = ids.indexOf(id);
    if (at < 0)
        return ids.isEmpty() ? QUuid() : ids.first();
    if (at + 1 < ids.size())
        return ids.at(at + 1);
    return at > 0 ? ids.at(at - 1) : QUuid();
}

QModelIndex ProfileListView::firstProfileIndex() const
{
    const QList<QModelIndex> indexes = profileIndexes();
    return indexes.isEmpty() ? QModelIndex() : indexes.first();
}

QModelIndex ProfileListView::moveCursor(CursorAction action, Qt::KeyboardModifiers modifiers)
{
    const QModelIndex start = currentIndex();
    QModelIndex next = QTreeView::moveCursor(action, modifiers);
    // Step over group headers in the direction of travel; stay put at either end.
    const bool up = action == MoveUp || action == MovePageUp || action == MoveHome ||
                    action == MovePrevious || action == MoveLeft;
    QModelIndex previous;
    while (isGroup(next) && next != previous) {
        previous = next;
        next = up ? indexAbove(next) : indexBelow(next);
    }
    if (!next.isValid() || isGroup(next)) {
        if (action == MoveHome)
            return firstProfileIndex();
        return start.isValid() && !isGroup(start) ? start : firstProfileIndex();
    }
    return next;
}

void ProfileListView::attachFilter(QLineEdit *filter)
{
    m_filter = filter;
    filter->installEventFilter(this);
}

bool ProfileListView::eventFilter(QObject *watched, QEvent *event)
{
    if (watched != m_filter ||
        (event->type() != QEvent::KeyPress && event->type() != QEvent::ShortcutOverride))
        return QTreeView::eventFilter(watched, event);
    const int key = static_cast<QKeyEvent *>(event)->key();
    const bool ours = key == Qt::Key_Escape || key == Qt::Key_Down || key == Qt::Key_Return ||
                      key == Qt::Key_Enter;
    if (!ours)
        return QTreeView::eventFilter(watched, event);
    if (event->type() == QEvent::ShortcutOverride) {
        // Esc must reach the box even where a window-wide action (cancel request) binds it.
        if (key == Qt::Key_Escape && !m_filter->text().isEmpty())
            event->accept();
        return false;
    }
    if (key == Qt::Key_Escape) {
        if (m_filter->text().isEmpty())
            setFocus(Qt::ShortcutFocusReason);
        m_filter->clear();
        return true;
    }
    // Down / Enter: into the list, onto the selected profile if it is shown, else the first.
    if (!currentIndex().isValid() || isGroup(currentIndex())) {
        const QModelIndex first = firstProfileIndex();
        if (first.isValid())
            setCurrentIndex(first);
    }
    setFocus(Qt::ShortcutFocusReason);
    return true;
}

} // namespace tw
