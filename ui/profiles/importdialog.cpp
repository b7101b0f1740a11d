#include "ui/profiles/importdialog.h"

#include "auth/authmanager.h"
#include "profiles/profilestore.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace tw {

namespace {
enum Column { FileName, Kind, Action, NewName, Secret, ColumnCount };

QString actionText(ImportStep::Action action)
{
    switch (action) {
    case ImportStep::Action::Add:
        return ImportDialog::tr("Add");
    case ImportStep::Action::Rename:
        return ImportDialog::tr("Rename");
    case ImportStep::Action::Skip:
        return ImportDialog::tr("Skip");
    case ImportStep::Action::Replace:
        return ImportDialog::tr("Replace settings");
    }
    return {};
}
} // namespace

ImportDialog::ImportDialog(AuthManager *auth, const QList<Profile> &incoming,
                           const QString &fileName, QWidget *parent)
    : QDialog(parent), m_auth(auth), m_incoming(incoming),
      m_existing(auth->profileStore()->profiles())
{
    setObjectName(QStringLiteral("importDialog"));
    setWindowTitle(tr("Import Profiles — %1").arg(fileName));
    buildPlans();
    const int clashes = int(std::count(m_clash.begin(), m_clash.end(), true));
    buildSummary(clashes);
    buildTable();
    QLayout *forAllRow = buildForAllRow(clashes);

    m_result = new QLabel(this);
    m_result->setObjectName(QStringLiteral("importResult"));
    m_result->setWordWrap(true);
    m_result->setTextFormat(Qt::PlainText);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_result->hide();
    buildButtons();

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_table, 1);
    layout->addLayout(forAllRow);
    layout->addWidget(m_result);
    layout->addWidget(m_buttons);
    m_table->horizontalHeader()->setSectionResizeMode(NewName, QHeaderView::Stretch);
    m_table->horizontalHeader()->setStretchLastSection(false);
    resize(780, 380);
}

void ImportDialog::buildSummary(int clashes)
{
    m_summary = new QLabel(this);
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setText(
        tr("Profiles in the file: %1. No secret, token or key comes with them.")
            .arg(m_incoming.size()) +
        (clashes ? QLatin1Char(' ') +
                       tr("Names already taken here: %1. Choose what happens to each (Rename "
                          "adds it under a free name; Replace settings keeps the existing "
                          "profile's secrets).")
                           .arg(clashes)
                 : QString()));
}

void ImportDialog::buildTable()
{
    m_table = new QTableWidget(int(m_incoming.size()), ColumnCount, this);
    m_table->setObjectName(QStringLiteral("importTable"));
    m_table->setHorizontalHeaderLabels(
        {tr("Name in the file"), tr("Kind"), tr("What happens"), tr("Name here"), tr("Secret")});
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    for (int row = 0; row < m_incoming.size(); ++row)
        fillRow(row);
}

void ImportDialog::fillRow(int row)
{
    const Profile &p = m_incoming.at(row);
    m_table->setItem(row, FileName, new QTableWidgetItem(p.name));
    m_table->setItem(row, Kind, new QTableWidgetItem(kindDisplayName(p.kind)));
    m_table->setItem(row, NewName, new QTableWidgetItem);
    m_table->setItem(row, Secret,
                     new QTableWidgetItem(needsSecret(p) ? tr("to be set") : tr("not needed")));
    if (!m_clash.at(row))
        m_table->setItem(row, Action, new QTableWidgetItem(actionText(ImportStep::Action::Add)));
    else
        m_table->setCellWidget(row, Action, actionChoice(row));
    refreshRow(row);
}

// A taken name: Rename (the default), Skip, or Replace where the existing profile allows it
// (otherwise the tooltip says why not).
QComboBox *ImportDialog::actionChoice(int row)
{
    const Profile &p = m_incoming.at(row);
    auto *choice = new QComboBox(m_table);
    choice->setObjectName(QStringLiteral("importAction%1").arg(row));
    choice->setAccessibleName(tr("What happens to %1").arg(p.name));
    choice->addItem(actionText(ImportStep::Action::Rename), int(ImportStep::Action::Rename));
    choice->addItem(actionText(ImportStep::Action::Skip), int(ImportStep::Action::Skip));
    if (m_replace.at(row))
        choice->addItem(actionText(ImportStep::Action::Replace), int(ImportStep::Action::Replace));
    else
        choice->setToolTip(m_replaceProblem.at(row));
    connect(choice, &QComboBox::currentIndexChanged, this, [this, row] { refreshRow(row); });
    return choice;
}

QLayout *ImportDialog::buildForAllRow(int clashes)
{
    m_forAll = new QComboBox(this);
    m_forAll->setObjectName(QStringLiteral("importForAll"));
    m_forAll->addItem(tr("Choose per profile"), -1);
    for (auto action :
         {ImportStep::Action::Rename, ImportStep::Action::Skip, ImportStep::Action::Replace})
        m_forAll->addItem(actionText(action), int(action));
    m_forAll->setEnabled(clashes > 0);
    connect(m_forAll, &QComboBox::activated, this, [this] {
        const int data = m_forAll->currentData().toInt();
        if (data >= 0)
            setActionForAll(ImportStep::Action(data));
    });
    auto *row = new QHBoxLayout;
    auto *label = new QLabel(tr("For every taken &name:"), this);
    label->setBuddy(m_forAll);
    row->addWidget(label);
    row->addWidget(m_forAll);
    row->addStretch(1);
    return row;
}

void ImportDialog::buildButtons()
{
    m_buttons = new QDialogButtonBox(this);
    m_import = m_buttons->addButton(tr("&Import"), QDialogButtonBox::AcceptRole);
    m_import->setObjectName(QStringLiteral("importButton"));
    m_import->setEnabled(!m_incoming.isEmpty());
    // Joins the buttons after the import, when some profile needs a secret (a button box
    // shows every button it holds).
    m_setSecrets = new QPushButton(tr("&Set Secret…"), this);
    m_setSecrets->setObjectName(QStringLiteral("setSecretButton"));
    m_setSecrets->hide();
    m_close = m_buttons->addButton(QDialogButtonBox::Cancel);
    m_close->setObjectName(QStringLiteral("importCloseButton"));
    connect(m_import, &QPushButton::clicked, this, &ImportDialog::import);
    connect(m_close, &QPushButton::clicked, this, &QDialog::reject);
    connect(m_setSecrets, &QPushButton::clicked, this, [this] {
        if (!m_needSecrets.isEmpty())
            Q_EMIT openEditorRequested(m_needSecrets.first().id);
        accept();
    });
}

bool ImportDialog::needsSecret(const Profile &profile)
{
    return profile.kind == ProviderKind::Commvault || profile.clientAuth != ClientAuth::None;
}

void ImportDialog::buildPlans()
{
    // The file under "rename" gives every clash a name free of both the store and the file;
    // Skip and Replace keep the file's name, so each row may take any of them independently.
    auto renamed = planImport(m_incoming, m_existing, ConflictPolicy::Rename);
    m_rename = renamed ? renamed.value() : QList<ImportStep>();
    for (int i = 0; i < m_incoming.size(); ++i) {
        const Profile &p = m_incoming.at(i);
        const bool clash = std::any_of(m_existing.begin(), m_existing.end(), [&](const Profile &e) {
            return e.name.compare(p.name, Qt::CaseInsensitive) == 0;
        });
        m_clash << clash;
        auto replaced = planImport({p}, m_existing, ConflictPolicy::Replace);
        if (replaced && !replaced.value().isEmpty()) {
            m_replace << replaced.value().first();
            m_replaceProblem << QString();
        } else {
            m_replace << std::nullopt;
            m_replaceProblem << (replaced ? QString() : replaced.error().message);
        }
    }
}

ImportStep::Action ImportDialog::actionAt(int row) const
{
    auto *choice = qobject_cast<QComboBox *>(m_table->cellWidget(row, Action));
    return choice ? ImportStep::Action(choice->currentData().toInt()) : ImportStep::Action::Add;
}

void ImportDialog::setActionAt(int row, ImportStep::Action action)
{
    if (auto *choice = qobject_cast<QComboBox *>(m_table->cellWidget(row, Action))) {
        const int index = choice->findData(int(action));
        if (index >= 0)
            choice->setCurrentIndex(index);
    }
}

void ImportDialog::setActionForAll(ImportStep::Action action)
{
    for (int row = 0; row < m_table->rowCount(); ++row)
        setActionAt(row,
                    action); // a row that cannot take it (Replace of another kind) keeps its own
}

QList<ImportStep> ImportDialog::steps() const
{
    QList<ImportStep> out;
    for (int row = 0; row < m_incoming.size(); ++row) {
        switch (actionAt(row)) {
        case ImportStep::Action::Add:
        case ImportStep::Action::Rename:
            out << m_rename.value(row);
            break;
        case ImportStep::Action::Skip: {
            ImportStep skip;
            skip.action = ImportStep::Action::Skip;
            skip.profile = m_incoming.at(row);
            skip.fileName = m_incoming.at(row).name;
            out << skip;
            break;
        }
        case ImportStep::Action::Replace:
            out << *m_replace.at(row);
            break;
        }
    }
    return out;
}

void ImportDialog::refreshRow(int row)
{
    const QList<ImportStep> all = steps();
    const ImportStep &step = all.at(row);
    QTableWidgetItem *item = m_table->item(row, NewName);
    item->setText(step.action == ImportStep::Action::Skip ? tr("(not imported)")
                                                          : step.profile.name);
}

void ImportDialog::import()
{
    const QList<ImportStep> planned = steps();
    ProfileStore *store = m_auth->profileStore();
    QList<Profile> done;
    QString failure;
    for (const ImportStep &step : planned) {
        const Profile &p = step.profile;
        if (step.action == ImportStep::Action::Skip) {
            m_report << tr("Skipped “%1”: the name is taken.").arg(step.fileName);
            continue;
        }
        if (step.action == ImportStep::Action::Replace) {
            // Its keychain entries stay: the settings change, the secrets do not.
            if (auto e = store->update(p)) {
                failure = tr("Stopped at “%1”: %2").arg(step.fileName, e->message);
                break;
            }
            m_auth->forgetProfile(p.id, true); // URLs may have changed: no old token is reused
            m_report << tr("Replaced the settings of “%1”; its secrets stay.").arg(p.name);
            done << p;
            continue;
        }
        const auto added = store->add(p); // metadata only: an export carries no secret
        if (!added) {
            failure = tr("Stopped at “%1”: %2").arg(step.fileName, added.error().message);
            break;
        }
        m_report << (step.action == ImportStep::Action::Rename
                         ? tr("Added “%1” as “%2”: the name was taken.").arg(step.fileName, p.name)
                         : tr("Added “%1”.").arg(p.name));
        done << added.value();
        if (needsSecret(added.value()))
            m_needSecrets << added.value();
    }
    QStringList lines = m_report;
    if (!failure.isEmpty())
        lines << failure << tr("The profiles listed before it were imported, the others were not.");
    if (!m_needSecrets.isEmpty()) {
        QStringList names;
        for (const Profile &p : std::as_const(m_needSecrets))
            names << p.name;
        lines << tr("No secret yet for: %1. Edit each one (Ctrl+E) and type its secret; Set "
                    "Secret… opens the first.")
                     .arg(names.join(QStringLiteral(", ")));
    }
    m_result->setText(lines.join(QLatin1Char('\n')));
    m_result->show();
    m_table->setEnabled(false);
    m_forAll->setEnabled(false);
    m_buttons->removeButton(m_import); // a button box shows every button it holds
    m_import->setParent(this);         // removeButton() left it without an owner
    m_import->hide();
    m_close->setText(tr("&Close"));
    if (!m_needSecrets.isEmpty()) {
        m_buttons->addButton(m_setSecrets, QDialogButtonBox::ActionRole);
        m_setSecrets->show();
        m_setSecrets->setDefault(true);
    }
    Q_EMIT imported(done, m_needSecrets);
}

} // namespace tw
