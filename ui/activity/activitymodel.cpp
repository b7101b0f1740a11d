#include "ui/activity/activitymodel.h"

#include <QLocale>

namespace tw {

ActivityModel::ActivityModel(QObject *parent) : QAbstractTableModel(parent) {}

void ActivityModel::setEntries(const QList<AuditEntry> &entries)
{
    beginResetModel();
    m_entries = entries;
    endResetModel();
}

void ActivityModel::append(const QList<AuditEntry> &entries)
{
    if (entries.isEmpty())
        return;
    // Newest first: new entries go in at the top.
    beginInsertRows({}, 0, int(entries.size()) - 1);
    m_entries.append(entries);
    endInsertRows();
}

int ActivityModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int ActivityModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ActivityModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const AuditEntry &e = entry(index.row());
    if (role == ProfileIdRole)
        return e.profileId;
    if (role == Qt::ToolTipRole && index.column() == ResultColumn)
        return e.resultText();
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case TimeColumn:
        return QLocale().toString(e.time.toLocalTime(), QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    case AppColumn:
        return e.app == QLatin1String("cli") ? tr("CLI") : tr("Window");
    case ProfileColumn:
        return e.profile;
    case CustomerColumn:
        return e.customer;
    case ActionColumn:
        switch (e.action) {
        case AuditEntry::Action::Fetched:
            return tr("Token fetched");
        case AuditEntry::Action::Refreshed:
            return tr("Token refreshed");
        case AuditEntry::Action::Renewed:
            return tr("Tokens renewed");
        case AuditEntry::Action::Copied:
            return tr("Token copied");
        case AuditEntry::Action::Minted:
            return tr("Customer tokens minted");
        case AuditEntry::Action::Revoked:
            return tr("Revoked");
        case AuditEntry::Action::Request:
            return tr("Request sent");
        }
        return {};
    case RequestColumn:
        return e.method.isEmpty() ? e.path : e.method + QLatin1Char(' ') + e.path;
    case ResultColumn:
        return e.resultText();
    }
    return {};
}

QVariant ActivityModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case AppColumn:
        return tr("From");
    case ProfileColumn:
        return tr("Profile");
    case CustomerColumn:
        return tr("Customer");
    case ActionColumn:
        return tr("Action");
    case RequestColumn:
        return tr("Request");
    case ResultColumn:
        return tr("Result");
    }
    return {};
}

} // namespace tw
