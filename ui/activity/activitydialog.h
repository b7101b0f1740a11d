#pragma once

#include <QDialog>
#include <QUuid>

class QCheckBox;
class QComboBox;
class QLabel;
class QSortFilterProxyModel;
class QTableView;

namespace tw {

class ActivityModel;
class AuditRecorder;

// The "Activity" window: the audit log of the GUI and the CLI, newest first, filtered to one
// profile or all; entries this window's engine records appear as they happen, the CLI's on
// Reload. Shows names, ids, methods and paths only: the log never holds a token.
class ActivityDialog : public QDialog
{
    Q_OBJECT
public:
    ActivityDialog(AuditRecorder *audit, QWidget *parent = nullptr);

    // Shows only this profile's entries (a null id: every profile).
    void showProfile(const QUuid &profileId);

public Q_SLOTS:
    void reload();

private:
    void rebuildProfileChoices();
    void applyFilter();

    AuditRecorder *m_audit;
    ActivityModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QComboBox *m_profile;
    QTableView *m_table;
    QCheckBox *m_record;
    QLabel *m_status;
    QString m_wantedProfile;
};

} // namespace tw
