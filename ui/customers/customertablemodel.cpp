#include "ui/customers/customertablemodel.h"

#include "auth/authmanager.h"
#include "auth/authsession.h"

#include <QBrush>
#include <QLocale>
#include <QPalette>

namespace tw {

QString formatCountdown(qint64 ms)
{
    if (ms < 0)
        return {};
    const qint64 total = ms / 1000;
    const qint64 h = total / 3600, m = (total / 60) % 60, s = total % 60;
    return h > 0 ? QStringLiteral("%1:%2:%3")
                       .arg(h)
                       .arg(m, 2, 10, QLatin1Char('0'))
                       .arg(s, 2, 10, QLatin1Char('0'))
                 : QStringLiteral("%1:%2").arg(m).arg(s, 2, 10, QLatin1Char('0'));
}

CustomerTableModel::CustomerTableModel(AuthManager *auth, QObject *parent)
    : QAbstractTableModel(parent), m_auth(auth)
{
    connect(m_auth, &AuthManager::sessionCreated, this, &CustomerTableModel::attachSession);
}

void CustomerTableModel::setCustomers(const QUuid &profileId, const QList<Customer> &customers,
                                      bool tokensPossible)
{
    beginResetModel();
    m_profileId = profileId;
    m_tokensPossible = tokensPossible;
    m_rows.clear();
    m_index.clear();
    m_rows.reserve(customers.size());
    for (const Customer &customer : customers) {
        if (m_index.contains(customer.id()))
            continue;
        m_index.insert(customer.id(), m_rows.size());
        m_rows.append(Row{customer, searchText(customer), {}, false, {}});
    }
    attachExistingSessions();
    endResetModel();
}

void CustomerTableModel::appendCustomers(const QList<Customer> &customers)
{
    QList<Customer> fresh;
    for (const Customer &customer : customers)
        if (!m_index.contains(customer.id()))
            fresh.append(customer);
    if (fresh.isEmpty())
        return;
    beginInsertRows({}, m_rows.size(), m_rows.size() + fresh.size() - 1);
    for (const Customer &customer : fresh) {
        m_index.insert(customer.id(), m_rows.size());
        m_rows.append(Row{customer, searchText(customer), {}, false, {}});
    }
    attachExistingSessions();
    endInsertRows();
}

void CustomerTableModel::clear()
{
    setCustomers({}, {}, false);
}

QList<Customer> CustomerTableModel::customers() const
{
    QList<Customer> list;
    list.reserve(m_rows.size());
    for (const Row &row : m_rows)
        list.append(row.customer);
    return list;
}

void CustomerTableModel::attachExistingSessions()
{
    if (!m_tokensPossible)
        return;
    // Only sessions that exist already: making 10,000 of them just to look would be waste.
    for (AuthSession *session : m_auth->sessions())
        if (session->profileId() == m_profileId && !session->customerId().isEmpty())
            if (const int row = m_index.value(session->customerId(), -1); row >= 0)
                bind(row, session);
}

void CustomerTableModel::bind(int row, AuthSession *session)
{
    m_rows[row].session = session;
    connect(session, &AuthSession::stateChanged, this, &CustomerTableModel::onSessionChanged,
            Qt::UniqueConnection);
    connect(session, &AuthSession::tokenChanged, this, &CustomerTableModel::onSessionChanged,
            Qt::UniqueConnection);
}

void CustomerTableModel::attachSession(AuthSession *session)
{
    if (!m_tokensPossible || session->profileId() != m_profileId)
        return;
    const int row = m_index.value(session->customerId(), -1);
    if (row < 0 || m_rows.at(row).session == session)
        return;
    bind(row, session);
    rowChanged(row);
}

void CustomerTableModel::onSessionChanged()
{
    auto *session = qobject_cast<AuthSession *>(sender());
    if (session && session->profileId() == m_profileId)
        rowChanged(rowOf(session->customerId()));
}

AuthSession *CustomerTableModel::sessionOf(const QString &customerId) const
{
    const int row = rowOf(customerId);
    return row < 0 ? nullptr : m_rows.at(row).session.data();
}

void CustomerTableModel::setMinting(const QString &customerId, bool minting)
{
    const int row = rowOf(customerId);
    if (row < 0)
        return;
    m_rows[row].minting = minting;
    if (minting)
        m_rows[row].error.clear();
    rowChanged(row);
}

void CustomerTableModel::setError(const QString &customerId, const QString &message)
{
    const int row = rowOf(customerId);
    if (row < 0)
        return;
    m_rows[row].minting = false;
    m_rows[row].error = message;
    rowChanged(row);
}

void CustomerTableModel::rowChanged(int row)
{
    if (row >= 0 && row < m_rows.size())
        Q_EMIT dataChanged(index(row, Token), index(row, ExpiresIn));
}

int CustomerTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rows.size();
}

int CustomerTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : (m_tokensPossible ? ColumnCount : Token);
}

QString CustomerTableModel::searchText(const Customer &c)
{
    return QStringList{c.name(),
                       c.id(),
                       c.statusText(),
                       c.cloudText(),
                       c.accountName(),
                       c.createdOnText(),
                       c.activeSinceText(),
                       c.features().join(QLatin1Char(' '))}
        .join(QLatin1Char('\n'))
        .toLower();
}

QVariant CustomerTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Row &row = m_rows.at(index.row());
    if (role == SearchRole)
        return row.search;
    if (role == CustomerIdRole)
        return row.customer.id();
    if (index.column() >= Token)
        return tokenData(row, index.column(), role);
    return staticData(row, index.column(), role);
}

QVariant CustomerTableModel::staticData(const Row &row, int column, int role) const
{
    const Customer &c = row.customer;
    const QLocale locale;
    auto date = [&](const QDateTime &at) {
        return at.isValid() ? locale.toString(at.toLocalTime(), QLocale::ShortFormat) : QString();
    };
    if (role == Qt::DisplayRole) {
        switch (column) {
        case Name:
            return c.hasName() ? c.name() : tr("(no name)");
        case Id:
            return c.id();
        case Status:
            return c.statusText();
        case Cloud:
            return c.cloudText();
        case Account:
            return c.accountName();
        case Created:
            return date(c.createdOn());
        case ActiveSince:
            return date(c.activeSince());
        case Features:
            return c.features().join(QStringLiteral(", "));
        }
    } else if (role == SortRole) {
        switch (column) {
        case Name:
            return c.name().toLower();
        case Status:
            return c.statusCode().value_or(-1);
        case Cloud:
            return c.cloudCode().value_or(-1);
        case Created:
            return c.createdOn();
        case ActiveSince:
            return c.activeSince();
        default:
            return staticData(row, column, Qt::DisplayRole);
        }
    } else if (role == Qt::ForegroundRole && column == Name && !c.hasName()) {
        return QPalette().brush(QPalette::Disabled, QPalette::Text);
    } else if (role == Qt::ToolTipRole && column == Status && c.statusCode()) {
        return tr("status %1").arg(*c.statusCode());
    }
    return {};
}

QVariant CustomerTableModel::tokenData(const Row &row, int column, int role) const
{
    const AuthSession *s = row.session;
    const bool hasToken = s && s->token() && s->remainingMs() != 0;
    const qint64 remaining = s ? s->remainingMs() : -1;
    if (role == Qt::DisplayRole) {
        if (column == ExpiresIn)
            return row.minting || !hasToken ? QString() : formatCountdown(remaining);
        if (row.minting)
            return tr("minting…");
        if (!row.error.isEmpty())
            return tr("error");
        if (!s)
            return QString();
        switch (s->state()) {
        case AuthSession::State::Valid:
            return tr("valid");
        case AuthSession::State::Expiring:
            return tr("expiring");
        case AuthSession::State::Expired:
            return tr("expired");
        case AuthSession::State::Fetching:
            return tr("minting…");
        case AuthSession::State::Error:
            return tr("error");
        case AuthSession::State::None:
            return QString();
        }
    } else if (role == SortRole) {
        return column == ExpiresIn ? QVariant(hasToken ? remaining : qint64(-1))
                                   : data(index(m_index.value(row.customer.id()), column));
    } else if (role == Qt::ToolTipRole && column == Token) {
        if (!row.error.isEmpty())
            return row.error;
        if (s && s->lastError() && s->state() == AuthSession::State::Error)
            return s->lastError()->toString();
        if (hasToken && s->expiresAt().isValid())
            return tr("Expires at %1").arg(QLocale().toString(s->expiresAt().toLocalTime()));
    } else if (role == Qt::ForegroundRole && column == Token &&
               (!row.error.isEmpty() || (s && s->state() == AuthSession::State::Error))) {
        return QBrush(Qt::red);
    }
    return {};
}

QVariant CustomerTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name:
        return tr("Name");
    case Id:
        return tr("Customer id");
    case Status:
        return tr("Status");
    case Cloud:
        return tr("Cloud");
    case Account:
        return tr("Account");
    case Created:
        return tr("Created");
    case ActiveSince:
        return tr("Active since");
    case Features:
        return tr("Features");
    case Token:
        return tr("Token");
    case ExpiresIn:
        return tr("Expires in");
    }
    return {};
}

CustomerFilterModel::CustomerFilterModel(QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(CustomerTableModel::SortRole);
    setSortCaseSensitivity(Qt::CaseInsensitive);
}

void CustomerFilterModel::setFilterWords(const QString &text)
{
    if (text == m_text)
        return;
    m_text = text;
    m_words = text.toLower().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    // invalidate(), not invalidateFilter(): the latter removes the rows that no longer match
    // range by range, and a scattered match over 10,000 rows means thousands of removals, each
    // walked by the view's header. One layout change is linear.
    invalidate();
}

bool CustomerFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_words.isEmpty())
        return true;
    const QString text = sourceModel()
                             ->index(sourceRow, 0, sourceParent)
                             .data(CustomerTableModel::SearchRole)
                             .toString();
    for (const QString &word : m_words)
        if (!text.contains(word))
            return false;
    return true;
}

} // namespace tw
