#pragma once

#include "console/consolehistory.h"
#include "console/savedrequests.h"
#include "profiles/kinds.h"

#include <QUuid>
#include <QWidget>

class QLabel;
class QListView;
class QListWidget;
class QTabWidget;

namespace tw {

class HistoryModel;

// The side panel of the console: the profile's history (double-click sends again) and its
// saved requests with the presets of its kind (click loads, double-click sends).
class RequestLibrary : public QWidget
{
    Q_OBJECT
public:
    RequestLibrary(ConsoleHistory *history, SavedRequests *saved, QWidget *parent = nullptr);

    void setProfile(const QUuid &profileId, ProviderKind kind);
    void reloadHistory();
    void setHistory(const QList<HistoryEntry> &entries);
    // Asks for a name (a non-modal dialog), then saves `request` under it.
    void saveRequest(const ConsoleRequest &request);

    HistoryModel *historyModel() const { return m_historyModel; }
    QListView *historyView() const { return m_historyView; }
    QListWidget *savedList() const { return m_saved; }

Q_SIGNALS:
    void requestChosen(const tw::ConsoleRequest &request, bool send);
    void statusMessage(const QString &text);

private:
    void reloadSaved();
    void removeSelectedSaved();
    void clearHistory();

    ConsoleHistory *m_history;
    SavedRequests *m_savedStore;
    QUuid m_profileId;
    ProviderKind m_kind = ProviderKind::OAuth2;
    QTabWidget *m_tabs;
    HistoryModel *m_historyModel;
    QListView *m_historyView;
    QListWidget *m_saved;
    QList<ConsoleRequest> m_savedRequests; // presets first, then the user's
    int m_presetCount = 0;
};

} // namespace tw
