#pragma once

#include "console/consolehistory.h"

#include <QAbstractListModel>

namespace tw {

// The console history of one profile for a list view: "GET /path?query" with status, time
// and size; newest first.
class HistoryModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role { StatusRole = Qt::UserRole + 1 };

    explicit HistoryModel(QObject *parent = nullptr);

    void setEntries(const QList<HistoryEntry> &entries);
    const QList<HistoryEntry> &entries() const { return m_entries; }
    HistoryEntry entry(int row) const { return m_entries.value(row); }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

private:
    QList<HistoryEntry> m_entries;
};

} // namespace tw
