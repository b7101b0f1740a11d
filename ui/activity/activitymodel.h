#pragma once

#include "audit/auditentry.h"

#include <QAbstractTableModel>
#include <QList>

namespace tw {

// The audit log's entries as a table, newest first: time, program, profile, customer,
// action, request, result. Profile cells carry the profile id in ProfileIdRole so a view can
// filter by profile even across renames.
class ActivityModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        TimeColumn,
        AppColumn,
        ProfileColumn,
        CustomerColumn,
        ActionColumn,
        RequestColumn,
        ResultColumn,
        ColumnCount
    };
    static constexpr int ProfileIdRole = Qt::UserRole + 1;

    explicit ActivityModel(QObject *parent = nullptr);

    // Entries oldest first, as AuditLog::read() gives them.
    void setEntries(const QList<AuditEntry> &entries);
    void append(const QList<AuditEntry> &entries);
    const AuditEntry &entry(int row) const { return m_entries.at(m_entries.size() - 1 - row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QList<AuditEntry> m_entries; // oldest first; rows show them reversed
};

} // namespace tw
