#pragma once

#include "ui/common/profiletab.h"

#include <QHash>
#include <QPointer>
#include <QUuid>
#include <QWidget>

class QAction;
class QLabel;
class QLayout;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QStackedWidget;
class QTableView;

namespace tw {

class ApiClient;
class AuthManager;
class BulkMinter;
class Clipboard;
class CustomerFilterModel;
class CustomerLister;
class CustomerTableModel;
struct Error;

// The Customers tab: the selected MSP profile's customers (Druva MSP or OIDC portal), fetched
// page by page with progress, filtered on any column as you type, each Druva customer with
// its token state and countdown; get/copy a customer's token, open the console as that
// customer, mint tokens for a selection, export the list as CSV. Other kinds get a hint.
// Lists stay loaded per profile while the window lives; listing and minting are the core's
// CustomerLister and BulkMinter.
class CustomersTab : public ProfileTab
{
    Q_OBJECT
public:
    CustomersTab(AuthManager *auth, Clipboard *clipboard, QWidget *parent = nullptr);
    ~CustomersTab() override;

    void setProfile(const QUuid &profileId) override;
    void tick() override;
    QUuid profileId() const { return m_profileId; }

    CustomerTableModel *model() const { return m_model; }
    CustomerFilterModel *filterModel() const { return m_filter; }
    // Customer ids of the selected rows, in view order.
    QStringList selectedIds() const;
    QString currentId() const;

public Q_SLOTS:
    void refreshList();
    void resumeList();
    void cancelList();
    void getToken();
    void copyToken();
    void copyCustomerId();
    void openConsole();
    void mintSelected();
    void cancelMint();
    void exportList(); // asks for a file
    // Writes the rows shown (filtered, in view order) as CSV; tokens are never included.
    bool exportCsv(const QString &path);

Q_SIGNALS:
    // "Open console as this customer": the console tab sends with the customer's token.
    void openConsoleRequested(const QUuid &profileId, const QString &customerId,
                              const QString &customerName = QString());

protected:
    void showEvent(QShowEvent *event) override;

private:
    QWidget *buildPage();
    QLayout *buildFilterRow(QWidget *page);
    QLayout *buildListStatusRow(QWidget *page);
    void buildView(QWidget *page);
    void showContextMenu(const QPoint &at);
    void keepTokenColumnsFirst();
    void buildMintControls(QWidget *page);
    void buildActions();
    CustomerLister *listerFor(const QUuid &profileId);
    bool isCurrent(const CustomerLister *lister) const;
    void showListState();
    void hideEmptyColumns();
    void updateActions();
    void updateCount();
    void say(const QString &text);
    void onListProgress(int pages, int customers, qint64 total);
    void onMintProgress(int done, int total);
    void onMintFinished(bool cancelled);

    AuthManager *m_auth;
    Clipboard *m_clipboard;
    ApiClient *m_api;
    QUuid m_profileId;
    bool m_tokens = false; // Druva MSP: per-customer tokens
    QHash<QUuid, CustomerLister *> m_listers;
    QPointer<BulkMinter> m_minter;

    CustomerTableModel *m_model;
    CustomerFilterModel *m_filter;
    QStackedWidget *m_stack = nullptr;
    QLabel *m_hint = nullptr;
    QLineEdit *m_filterEdit = nullptr;
    QLabel *m_count = nullptr;
    QProgressBar *m_listProgress = nullptr;
    QPushButton *m_cancelList = nullptr;
    QLabel *m_listNotice = nullptr;
    QPushButton *m_retryList = nullptr;
    QTableView *m_view = nullptr;
    QSpinBox *m_concurrency = nullptr;
    QProgressBar *m_mintProgress = nullptr;
    QPushButton *m_cancelMint = nullptr;
    QLabel *m_summary = nullptr;

    QAction *m_refreshAction = nullptr;
    QAction *m_exportAction = nullptr;
    QAction *m_getTokenAction = nullptr;
    QAction *m_copyTokenAction = nullptr;
    QAction *m_consoleAction = nullptr;
    QAction *m_copyIdAction = nullptr;
    QAction *m_mintAction = nullptr;
};

} // namespace tw
