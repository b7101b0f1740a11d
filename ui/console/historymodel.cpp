#include "ui/console/historymodel.h"

#include "ui/common/palettecolors.h"

#include <QGuiApplication>

#include "ui/console/responseview.h"

#include <QBrush>
#include <QColor>

namespace tw {

HistoryModel::HistoryModel(QObject *parent) : QAbstractListModel(parent) {}

void HistoryModel::setEntries(const QList<HistoryEntry> &entries)
{
    beginResetModel();
    m_entries = entries;
    endResetModel();
}

int HistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

QVariant HistoryModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_entries.size())
        return {};
    const HistoryEntry &e = m_entries.at(index.row());
    const QString target = e.request.pathWithQuery();
    const QString customer =
        e.request.customerId.isEmpty() ? QString() : tr(" [customer %1]").arg(e.request.customerId);
    switch (role) {
    case Qt::DisplayRole: {
        const QString outcome =
            e.status > 0
                ? tr("%1 · %2 ms · %3").arg(e.status).arg(e.totalMs).arg(humanSize(e.sizeBytes))
                : tr("no answer");
        return QStringLiteral("%1 %2%3\n%4 · %5")
            .arg(e.request.method, target, customer, outcome,
                 QLocale().toString(e.at.toLocalTime(), QLocale::ShortFormat));
    }
    case Qt::ToolTipRole: {
        QString tip = e.request.method + QLatin1Char(' ') + target + customer;
        if (!e.error.isEmpty())
            tip += QLatin1Char('\n') + e.error;
        tip += QLatin1Char('\n') + tr("Double-click to send it again.");
        return tip;
    }
    case Qt::ForegroundRole:
        if (e.status == 0 || e.status >= 400)
            return QBrush(colors::forRole(colors::Role::Failure, QGuiApplication::palette()));
        return {};
    case StatusRole:
        return e.status;
    }
    return {};
}

} // namespace tw
