#pragma once

#include "profiles/importplan.h"
#include "profiles/profile.h"

#include <QDialog>
#include <QList>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLayout;
class QPushButton;
class QTableWidget;

namespace tw {

class AuthManager;

// Profile → Import…: a preview of a checked export file (ProfileExchange::parseDocument) —
// each profile with its kind, what will happen to it (add, or for a name that is taken:
// rename, skip or replace, chosen per profile or for all; rename by default, never a silent
// overwrite) and whether it needs a secret — then imports it (metadata only: an export has no
// secret) and reports what it did.
class ImportDialog : public QDialog
{
    Q_OBJECT
public:
    ImportDialog(AuthManager *auth, const QList<Profile> &incoming, const QString &fileName,
                 QWidget *parent = nullptr);

    // The conflict choice of row `row` (Skip, Rename or Replace); Add for a free name.
    ImportStep::Action actionAt(int row) const;
    void setActionAt(int row, ImportStep::Action action);
    // The same choice for every profile whose name is taken.
    void setActionForAll(ImportStep::Action action);
    // The steps the table describes now.
    QList<ImportStep> steps() const;
    // What the import did, one line each, once it ran.
    QStringList report() const { return m_report; }

public Q_SLOTS:
    void import();

Q_SIGNALS:
    // After the import: the profiles added or replaced, and those of them that need a secret
    // before they can get a token.
    void imported(const QList<tw::Profile> &profiles, const QList<tw::Profile> &needSecrets);
    void openEditorRequested(const QUuid &profileId);

private:
    void buildPlans();
    void buildSummary(int clashes);
    void buildTable();
    // The row of the table that shows incoming profile `row`.
    void fillRow(int row);
    QComboBox *actionChoice(int row);
    QLayout *buildForAllRow(int clashes);
    void buildButtons();
    void refreshRow(int row);
    static bool needsSecret(const Profile &profile);

    AuthManager *m_auth;
    QList<Profile> m_incoming;
    QList<Profile> m_existing;
    QList<ImportStep> m_rename;                 // the whole file under "rename"
    QList<std::optional<ImportStep>> m_replace; // per profile; nullopt when it cannot replace
    QList<QString> m_replaceProblem;
    QList<bool> m_clash;
    QStringList m_report;
    QList<Profile> m_needSecrets;

    QLabel *m_summary;
    QTableWidget *m_table;
    QComboBox *m_forAll;
    QLabel *m_result;
    QPushButton *m_import;
    QPushButton *m_close;
    QPushButton *m_setSecrets;
    QDialogButtonBox *m_buttons;
};

} // namespace tw
