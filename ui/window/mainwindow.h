#pragma once

#include "auth/deviceprompt.h"
#include "profiles/profile.h"
#include "ui/common/noticebar.h"

#include <QHash>
#include <QList>
#include <QMainWindow>
#include <QPointer>
#include <QTimer>
#include <QUuid>
#include <functional>
#include <optional>

class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QSplitter;
class QTabWidget;
class QTreeView;

namespace tw {

class ActivityDialog;
class AuthManager;
class Clipboard;
class DeviceCodeDialog;
class GuiSettings;
class LazyTab;
class MainActions;
class PendingRemoval;
class ProfileEditor;
class ProfileListModel;
class ProfileListView;
class ProfileTab;
class ProfileTransfer;
class TokenPanel;
class TrayMenu;
class WelcomePage;

// The main window: profiles grouped by kind on the left (status dot and countdown each),
// one tab per view of the selected profile on the right (Token first; Console and Customers
// plug in through addProfileTab), banners on top, clipboard and undo in the status bar.
// A single one-second timer drives every countdown.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    MainWindow(AuthManager *auth, GuiSettings *settings, QWidget *parent = nullptr);
    ~MainWindow() override;

    // The first-run size on a screen with this much room (window decorations included).
    static QSize defaultSize(const QRect &available);

    // Adds a tab on the right: it gets setProfile() on every selection change (right away
    // for the current one) and tick() every second; its status messages go to the status
    // bar. Returns the tab index.
    int addProfileTab(ProfileTab *tab, const QString &title);

    QUuid currentProfileId() const { return m_current; }
    void selectProfile(const QUuid &profileId);
    // The profile selected last time, else the first one.
    void restoreSelection();

    // A banner above the tabs (demo mode, no keychain …); an empty text hides it.
    void showBanner(NoticeBar::Kind kind, const QString &text);

    // Work to finish before the process quits (pending removals, demo clean-up). Each task
    // calls `done`; quitting waits a few seconds at most.
    using QuitTask = std::function<void(std::function<void()> done)>;
    void addQuitTask(QuitTask task);

    Clipboard *clipboard() const { return m_clipboard; }
    TokenPanel *tokenPanel() const { return m_tokenPanel; }
    PendingRemoval *pendingRemoval() const { return m_removals; }
    MainActions *actions() const { return m_actions; }
    ActivityDialog *activityDialog() const { return m_activity; }
    // The editor opened last (tests drive it), or nullptr.
    ProfileEditor *openEditor() const;
    ProfileTransfer *transfer() const { return m_transfer; }
    // The sign-in dialog of a profile whose device code is shown, or nullptr.
    DeviceCodeDialog *deviceCodeDialog(const QUuid &profileId) const;

public Q_SLOTS:
    void newProfile();
    void newProfileOfKind(tw::ProviderKind kind);
    void editProfile();
    // A new profile with the current one's settings ("NAME (copy)"), in the editor.
    void duplicateProfile();
    void exportProfile();
    void exportAllProfiles();
    void importProfiles();
    // A device authorization waits for the user: the code in a non-modal dialog.
    void showDeviceCode(const QUuid &profileId, const tw::DevicePrompt &prompt);
    // A browser sign-in (authorization code + PKCE): opens the page, shows what it waits for.
    void openSignInPage(const QUuid &profileId, const QUrl &url);
    void removeProfile();
    void undoRemove();
    void fetchAllTokens();
    void focusFilter();
    // The audit log, filtered to the current profile.
    void showActivity();
    // Window geometry, splitter and last profile into the settings (also done on close).
    void saveLayout();
    void requestQuit();
    // Selects the profile and brings the Console to the front, sending as that customer.
    void openConsoleAsCustomer(const QUuid &profileId, const QString &customerId,
                               const QString &customerName);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildUi();
    QWidget *buildProfileList();
    QWidget *buildProfileArea();
    void buildProfileTabs();
    void buildStatusWidgets();
    void connectActions();
    void connectMenuActions();
    void connectTokenActions();
    void connectSettingsActions();
    void connectRequests();
    void connectModels();
    void openEditorFor(const std::optional<Profile> &profile);
    void updateWelcome();
    void showAbout();
    void onCurrentChanged();
    void setCurrent(const QUuid &id);
    void tick();
    void updateStatusWidgets();
    void updateActions();
    void runQuitTasks(int index);

    AuthManager *m_auth;
    GuiSettings *m_settings;
    Clipboard *m_clipboard;
    ProfileListModel *m_model;
    QSortFilterProxyModel *m_proxy;
    PendingRemoval *m_removals;
    MainActions *m_actions;
    TrayMenu *m_tray = nullptr;
    ActivityDialog *m_activity = nullptr;
    QTimer m_tick;
    QUuid m_current;
    bool m_quitting = false;

    QSplitter *m_splitter = nullptr;
    QLineEdit *m_filter = nullptr;
    ProfileListView *m_view = nullptr;
    QTabWidget *m_tabs = nullptr;
    WelcomePage *m_welcome = nullptr; // instead of the tabs while there is no profile
    NoticeBar *m_banner = nullptr;
    TokenPanel *m_tokenPanel = nullptr;
    LazyTab *m_consoleTab = nullptr;
    QList<ProfileTab *> m_profileTabs;
    QLabel *m_clipboardStatus = nullptr;
    QPushButton *m_undoButton = nullptr;
    QPointer<ProfileEditor> m_editor;
    ProfileTransfer *m_transfer = nullptr;
    QHash<QUuid, QPointer<DeviceCodeDialog>> m_deviceDialogs;
    QList<QuitTask> m_quitTasks;
};

} // namespace tw
