#pragma once

#include "msp/customer.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QPointer>
#include <QSortFilterProxyModel>
#include <QUuid>

namespace tw {

class AuthManager;
class AuthSession;

// The customers of one MSP profile as rows, with each customer's token state and countdown
// read from its AuthSession (the model never fetches anything). Token columns are computed
// when painted, so a one-second repaint of the view keeps countdowns live without signals
// for 10,000 rows; a state change (minting, minted, failed) updates its own row only.
class CustomerTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        Name,
        Id,
        Status,
        Cloud,
        Account,
        Created,
        ActiveSince,
        Features,
        Token,
        ExpiresIn,
        ColumnCount
    };
    enum Role {
        SortRole = Qt::UserRole + 1, // typed values: status code, dates, remaining ms
        SearchRole,                  // the row's static text, lower case, for the filter
        CustomerIdRole,
    };

    explicit CustomerTableModel(AuthManager *auth, QObject *parent = nullptr);

    // Replaces every row; token state comes from the profile's existing customer sessions.
    void setCustomers(const QUuid &profileId, const QList<Customer> &customers,
                      bool tokensPossible);
    void appendCustomers(const QList<Customer> &customers);
    void clear();

    QUuid profileId() const { return m_profileId; }
    bool tokensPossible() const { return m_tokensPossible; }
    const Customer &customer(int row) const { return m_rows.at(row).customer; }
    int rowOf(const QString &customerId) const { return m_index.value(customerId, -1); }
    QList<Customer> customers() const;

    // Token state shown for a customer; the session is only read.
    void setMinting(const QString &customerId, bool minting);
    void setError(const QString &customerId, const QString &message);
    void attachSession(AuthSession *session);
    AuthSession *sessionOf(const QString &customerId) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    struct Row
    {
        Customer customer;
        QString search; // every static column, lower case, joined
        QPointer<AuthSession> session;
        bool minting = false;
        QString error;
    };

    static QString searchText(const Customer &customer);
    QVariant staticData(const Row &row, int column, int role) const;
    QVariant tokenData(const Row &row, int column, int role) const;
    void rowChanged(int row);
    void attachExistingSessions();
    void bind(int row, AuthSession *session);
    void onSessionChanged();

    AuthManager *m_auth;
    QUuid m_profileId;
    bool m_tokensPossible = false;
    QList<Row> m_rows;
    QHash<QString, int> m_index;
};

// Filters on every column at once: a row stays when its text contains each word typed,
// in any column and any order, case-insensitively. Matching reads one precomputed string
// per row, so typing stays instant at 10,000 customers.
class CustomerFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit CustomerFilterModel(QObject *parent = nullptr);
    void setFilterWords(const QString &text);
    QString filterText() const { return m_text; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_text;
    QStringList m_words;
};

QString formatCountdown(qint64 ms);

} // namespace tw
