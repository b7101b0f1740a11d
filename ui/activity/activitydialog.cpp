#include "ui/activity/activitydialog.h"

#include "audit/auditrecorder.h"
#include "ui/activity/activitymodel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMap>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace tw {

ActivityDialog::ActivityDialog(AuditRecorder *audit, QWidget *parent)
    : QDialog(parent), m_audit(audit), m_model(new ActivityModel(this)),
      m_proxy(new QSortFilterProxyModel(this))
{
    setObjectName(QStringLiteral("activityDialog"));
    setWindowTitle(tr("Activity"));
    resize(960, 480);

    m_profile = new QComboBox(this);
    m_profile->setObjectName(QStringLiteral("activityProfile"));
    m_profile->setAccessibleName(tr("Show the activity of"));
    auto *profileLabel = new QLabel(tr("&Profile:"), this);
    profileLabel->setBuddy(m_profile);

    m_record = new QCheckBox(tr("&Record activity"), this);
    m_record->setObjectName(QStringLiteral("activityRecord"));
    m_record->setToolTip(tr("Applies to the window and to tokenwright-cli."));

    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterRole(ActivityModel::ProfileIdRole);
    m_proxy->setFilterKeyColumn(ActivityModel::ProfileColumn);

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("activityTable"));
    m_table->setAccessibleName(tr("Activity"));
    m_table->setModel(m_proxy);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setWordWrap(false);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("activityStatus"));
    m_status->setWordWrap(true);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton *reloadButton = buttons->addButton(tr("Re&load"), QDialogButtonBox::ActionRole);
    reloadButton->setObjectName(QStringLiteral("activityReload"));
    reloadButton->setShortcut(QKeySequence::Refresh);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(reloadButton, &QPushButton::clicked, this, &ActivityDialog::reload);

    auto *top = new QHBoxLayout;
    top->addWidget(profileLabel);
    top->addWidget(m_profile, 1);
    top->addStretch();
    top->addWidget(m_record);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_status);
    layout->addWidget(buttons);

    connect(m_profile, &QComboBox::currentIndexChanged, this, [this] {
        m_wantedProfile = m_profile->currentData().toString();
        applyFilter();
    });
    connect(m_record, &QCheckBox::toggled, this, [this](bool on) {
        m_audit->setEnabled(on);
        reload();
    });
    connect(m_audit, &AuditRecorder::recorded, this, [this](const QList<AuditEntry> &entries) {
        m_model->append(entries);
        rebuildProfileChoices();
    });
    reload();
}

void ActivityDialog::showProfile(const QUuid &profileId)
{
    m_wantedProfile = profileId.isNull() ? QString() : profileId.toString(QUuid::WithoutBraces);
    rebuildProfileChoices();
    applyFilter();
}

void ActivityDialog::reload()
{
    if (!m_audit->log()) {
        m_model->setEntries({});
        m_status->setText(tr("The activity log is not available in this session."));
        m_record->setEnabled(false);
        return;
    }
    const AuditLog::Contents contents = m_audit->log()->read();
    m_model->setEntries(contents.entries);
    {
        const QSignalBlocker block(m_record);
        m_record->setChecked(m_audit->enabled());
    }
    QString status =
        m_audit->enabled()
            ? tr("Recorded in %1. Never a token or a secret.").arg(m_audit->log()->filePath())
            : tr("Recording is off.");
    if (contents.skippedLines > 0)
        status +=
            QLatin1Char(' ') + tr("%n damaged line(s) skipped.", nullptr, contents.skippedLines);
    m_status->setText(status);
    rebuildProfileChoices();
    applyFilter();
}

void ActivityDialog::rebuildProfileChoices()
{
    // Every profile the log names, by its latest name.
    QMap<QString, QString> names; // id -> name
    for (int row = m_model->rowCount() - 1; row >= 0; --row) {
        const AuditEntry &e = m_model->entry(row);
        names.insert(e.profileId, e.profile);
    }
    if (!m_wantedProfile.isEmpty() && !names.contains(m_wantedProfile))
        names.insert(m_wantedProfile, tr("(no activity yet)"));
    const QSignalBlocker block(m_profile);
    m_profile->clear();
    m_profile->addItem(tr("All profiles"), QString());
    QList<QPair<QString, QString>> sorted;
    for (auto it = names.cbegin(); it != names.cend(); ++it)
        sorted.append({it.value(), it.key()});
    std::sort(sorted.begin(), sorted.end(), [](const auto &a, const auto &b) {
        return a.first.compare(b.first, Qt::CaseInsensitive) < 0;
    });
    for (const auto &[name, id] : sorted)
        m_profile->addItem(name, id);
    m_profile->setCurrentIndex(std::max(0, m_profile->findData(m_wantedProfile)));
}

void ActivityDialog::applyFilter()
{
    if (m_wantedProfile.isEmpty())
        m_proxy->setFilterRegularExpression(QRegularExpression());
    else
        m_proxy->setFilterRegularExpression(QRegularExpression(
            QStringLiteral("^%1$").arg(QRegularExpression::escape(m_wantedProfile))));
    m_table->resizeColumnsToContents();
}

} // namespace tw
