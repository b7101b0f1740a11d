#pragma once

#include "common/error.h"
#include "profiles/profile.h"

#include <QList>
#include <QObject>
#include <QPointer>

class QWidget;

namespace tw {

class AuthManager;
class ImportDialog;

// Profile → Export… / Import…: picks the file (a non-modal QFileDialog), writes or checks
// the document with the core's profile exchange (the same one `tokenwright-cli profiles
// export/import` uses, so files move between the two), and opens the import preview.
class ProfileTransfer : public QObject
{
    Q_OBJECT
public:
    ProfileTransfer(AuthManager *auth, QWidget *window);

    // Asks where to write `profiles`, then writes them (never a secret).
    void exportProfiles(const QList<Profile> &profiles);
    // Asks for an export file, then previews it.
    void chooseImportFile();

    // Writes `profiles` to `path` (owner-only permissions); the message for the status bar,
    // or the error. Public for tests and for a caller that already has a path.
    Result<QString> writeExport(const QList<Profile> &profiles, const QString &path);
    // Reads and checks `path`; on success opens the preview (importDialog()), else shows the
    // refusal and returns it.
    Status openImport(const QString &path);
    ImportDialog *importDialog() const;

Q_SIGNALS:
    void statusMessage(const QString &text);
    // Profiles were added or replaced (the list should reload and select the first).
    void imported(const QList<tw::Profile> &profiles);
    void editRequested(const QUuid &profileId);

private:
    void showError(const QString &title, const QString &text);

    AuthManager *m_auth;
    QWidget *m_window;
    QPointer<ImportDialog> m_import;
};

} // namespace tw
