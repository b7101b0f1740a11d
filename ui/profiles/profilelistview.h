#pragma once

#include <QList>
#include <QTreeView>
#include <QUuid>

class QLineEdit;

namespace tw {

// The profile list under its filter box. Group headers (the kinds) are always expanded and
// are never where the cursor stops; the filter box hands the keyboard over to the list
// (Down, Enter) and Esc clears it.
class ProfileListView : public QTreeView
{
    Q_OBJECT
public:
    explicit ProfileListView(QWidget *parent = nullptr);

    void setModel(QAbstractItemModel *model) override;
    // Esc clears `filter`; Down and Enter move into the list (onto the first profile).
    void attachFilter(QLineEdit *filter);

    // Profiles the list shows now, top to bottom (Ctrl+1…9 count these).
    QList<QUuid> visibleProfiles() const;
    // The profile shown after `id`, else the one before it; null when `id` is the only one.
    QUuid neighbourOf(const QUuid &id) const;
    bool isGroup(const QModelIndex &index) const;

protected:
    QModelIndex moveCursor(CursorAction action, Qt::KeyboardModifiers modifiers) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QModelIndex firstProfileIndex() const;
    QList<QModelIndex> profileIndexes() const;

    QLineEdit *m_filter = nullptr;
};

} // namespace tw
