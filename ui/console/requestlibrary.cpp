#include "ui/console/requestlibrary.h"

#include "ui/console/historymodel.h"

#include <QHBoxLayout>
#include <QInputDialog>
#include <QListView>
#include <QListWidget>
#include <QPushButton>
#include <QTabWidget>
#include <QVBoxLayout>

namespace tw {

RequestLibrary::RequestLibrary(ConsoleHistory *history, SavedRequests *saved, QWidget *parent)
    : QWidget(parent), m_history(history), m_savedStore(saved), m_tabs(new QTabWidget(this)),
      m_historyModel(new HistoryModel(this)), m_historyView(new QListView(this)),
      m_saved(new QListWidget(this))
{
    setObjectName(QStringLiteral("requestLibrary"));
    m_historyView->setObjectName(QStringLiteral("historyView"));
    m_historyView->setModel(m_historyModel);
    m_historyView->setAlternatingRowColors(true);
    m_historyView->setWordWrap(false);
    m_historyView->setTextElideMode(Qt::ElideMiddle);
    connect(m_historyView, &QListView::doubleClicked, this, [this](const QModelIndex &index) {
        Q_EMIT requestChosen(m_historyModel->entry(index.row()).request, true);
    });
    connect(m_historyView, &QListView::clicked, this, [this](const QModelIndex &index) {
        Q_EMIT requestChosen(m_historyModel->entry(index.row()).request, false);
    });
    auto *clear = new QPushButton(tr("Clear history"), this);
    clear->setObjectName(QStringLiteral("clearHistoryButton"));
    connect(clear, &QPushButton::clicked, this, &RequestLibrary::clearHistory);
    auto *historyPage = new QWidget(this);
    auto *historyLayout = new QVBoxLayout(historyPage);
    historyLayout->setContentsMargins(0, 0, 0, 0);
    historyLayout->addWidget(m_historyView, 1);
    historyLayout->addWidget(clear);

    m_saved->setObjectName(QStringLiteral("savedList"));
    connect(m_saved, &QListWidget::itemClicked, this, [this](QListWidgetItem *item) {
        Q_EMIT requestChosen(m_savedRequests.value(m_saved->row(item)), false);
    });
    connect(m_saved, &QListWidget::itemDoubleClicked, this, [this](QListWidgetItem *item) {
        Q_EMIT requestChosen(m_savedRequests.value(m_saved->row(item)), true);
    });
    auto *remove = new QPushButton(tr("Delete"), this);
    remove->setObjectName(QStringLiteral("deleteSavedButton"));
    connect(remove, &QPushButton::clicked, this, &RequestLibrary::removeSelectedSaved);
    auto *savedPage = new QWidget(this);
    auto *savedLayout = new QVBoxLayout(savedPage);
    savedLayout->setContentsMargins(0, 0, 0, 0);
    savedLayout->addWidget(m_saved, 1);
    savedLayout->addWidget(remove);

    m_tabs->addTab(historyPage, tr("History"));
    m_tabs->addTab(savedPage, tr("Saved"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs);
}

void RequestLibrary::setProfile(const QUuid &profileId, ProviderKind kind)
{
    m_profileId = profileId;
    m_kind = kind;
    reloadHistory();
    reloadSaved();
}

void RequestLibrary::reloadHistory()
{
    if (m_profileId.isNull()) {
        m_historyModel->setEntries({});
        return;
    }
    auto entries = m_history->load(m_profileId);
    if (!entries)
        Q_EMIT statusMessage(entries.error().message);
    m_historyModel->setEntries(entries ? entries.value() : QList<HistoryEntry>());
}

void RequestLibrary::setHistory(const QList<HistoryEntry> &entries)
{
    m_historyModel->setEntries(entries);
}

void RequestLibrary::reloadSaved()
{
    m_saved->clear();
    m_savedRequests.clear();
    if (m_profileId.isNull())
        return;
    const QList<ConsoleRequest> presets = SavedRequests::presets(m_kind);
    m_presetCount = int(presets.size());
    auto own = m_savedStore->load(m_profileId);
    if (!own)
        Q_EMIT statusMessage(own.error().message);
    m_savedRequests = presets + (own ? own.value() : QList<ConsoleRequest>());
    for (int i = 0; i < m_savedRequests.size(); ++i) {
        const ConsoleRequest &r = m_savedRequests.at(i);
        auto *item = new QListWidgetItem(
            QStringLiteral("%1\n%2 %3").arg(r.name, r.method, r.pathWithQuery()), m_saved);
        if (i < m_presetCount) {
            QFont font = item->font();
            font.setItalic(true);
            item->setFont(font);
            item->setToolTip(tr("Preset for this kind of profile."));
        }
    }
}

void RequestLibrary::saveRequest(const ConsoleRequest &request)
{
    if (m_profileId.isNull())
        return;
    // Not QInputDialog::getText: that runs a nested event loop.
    auto *dialog = new QInputDialog(this);
    dialog->setObjectName(QStringLiteral("saveRequestDialog"));
    dialog->setWindowTitle(tr("Save request"));
    dialog->setLabelText(tr("Name for \"%1 %2\":").arg(request.method, request.pathWithQuery()));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const QUuid profile = m_profileId;
    connect(dialog, &QInputDialog::textValueSelected, this,
            [this, request, profile](const QString &name) {
                if (name.trimmed().isEmpty() || profile != m_profileId)
                    return;
                ConsoleRequest named = request;
                named.name = name.trimmed();
                auto saved = m_savedStore->save(profile, named);
                Q_EMIT statusMessage(saved ? tr("Saved \"%1\".").arg(named.name)
                                           : saved.error().message);
                reloadSaved();
                m_tabs->setCurrentIndex(1);
            });
    dialog->open();
}

void RequestLibrary::removeSelectedSaved()
{
    const int row = m_saved->currentRow();
    if (row < m_presetCount || row >= m_savedRequests.size()) {
        Q_EMIT statusMessage(tr("Presets cannot be deleted."));
        return;
    }
    auto removed = m_savedStore->remove(m_profileId, m_savedRequests.at(row).name);
    if (!removed)
        Q_EMIT statusMessage(removed.error().message);
    reloadSaved();
}

void RequestLibrary::clearHistory()
{
    if (m_profileId.isNull())
        return;
    if (auto error = m_history->clear(m_profileId))
        Q_EMIT statusMessage(error->message);
    reloadHistory();
}

} // namespace tw
