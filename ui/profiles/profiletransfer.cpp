#include "ui/profiles/profiletransfer.h"

#include "auth/authmanager.h"
#include "profiles/profileexchange.h"
#include "ui/profiles/importdialog.h"

#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QJsonDocument>
#include <QMessageBox>
#include <QSaveFile>
#include <QWidget>

namespace tw {

ProfileTransfer::ProfileTransfer(AuthManager *auth, QWidget *window)
    : QObject(window), m_auth(auth), m_window(window)
{
}

void ProfileTransfer::exportProfiles(const QList<Profile> &profiles)
{
    if (profiles.isEmpty()) {
        Q_EMIT statusMessage(tr("No profile to export."));
        return;
    }
    const QString suggested = profiles.size() == 1 ? profiles.first().name + QStringLiteral(".json")
                                                   : QStringLiteral("tokenwright-profiles.json");
    // Not getSaveFileName: that runs a nested event loop.
    auto *dialog = new QFileDialog(m_window, tr("Export Profiles (no secrets)"),
                                   QDir::home().filePath(suggested),
                                   tr("Tokenwright profiles (*.json);;All files (*)"));
    dialog->setObjectName(QStringLiteral("exportFileDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setDefaultSuffix(QStringLiteral("json"));
    connect(dialog, &QFileDialog::fileSelected, this, [this, profiles](const QString &path) {
        const auto written = writeExport(profiles, path);
        if (written)
            Q_EMIT statusMessage(written.value());
        else
            showError(tr("Export Failed"), written.error().message);
    });
    dialog->open();
}

Result<QString> ProfileTransfer::writeExport(const QList<Profile> &profiles, const QString &path)
{
    const ProfileExchange::Exported exported = ProfileExchange::exportProfiles(profiles);
    const QByteArray bytes = QJsonDocument(exported.document).toJson(QJsonDocument::Indented);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return Error::make(Error::Code::Io,
                           tr("Cannot write %1: %2").arg(path, file.errorString()));
    // Settings are not secrets, but they name a company's clients and endpoints.
    QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
    QString message =
        tr("Exported %n profile(s) to %1 (no secrets).", nullptr, int(profiles.size()))
            .arg(QDir::toNativeSeparators(path));
    if (!exported.dropped.isEmpty())
        message += QLatin1Char(' ') + tr("Left out extra parameters named like a secret: %1.")
                                          .arg(exported.dropped.join(QStringLiteral(", ")));
    return message;
}

void ProfileTransfer::chooseImportFile()
{
    auto *dialog = new QFileDialog(m_window, tr("Import Profiles"), QDir::homePath(),
                                   tr("Tokenwright profiles (*.json);;All files (*)"));
    dialog->setObjectName(QStringLiteral("importFileDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::ExistingFile);
    connect(dialog, &QFileDialog::fileSelected, this,
            [this](const QString &path) { openImport(path); });
    dialog->open();
}

Status ProfileTransfer::openImport(const QString &path)
{
    const QString name = QFileInfo(path).fileName();
    QFile file(path);
    Status refusal;
    if (!file.open(QIODevice::ReadOnly)) {
        refusal = Error::make(Error::Code::NotFound,
                              tr("Cannot read %1: %2").arg(name, file.errorString()));
    } else {
        const QByteArray bytes = file.read(ProfileExchange::kMaxDocumentBytes + 1);
        if (bytes.size() > ProfileExchange::kMaxDocumentBytes) {
            refusal = Error::make(Error::Code::InvalidInput,
                                  tr("%1 is larger than %2 MB; it is not a profile export.")
                                      .arg(name)
                                      .arg(ProfileExchange::kMaxDocumentBytes / 1024 / 1024));
        } else if (auto incoming = ProfileExchange::parseDocument(bytes); !incoming) {
            // The core names the profile and the field (a newer format, an unknown kind, a
            // secret in the file …).
            refusal =
                Error::make(Error::Code::InvalidInput,
                            tr("%1: %2 Nothing was imported.").arg(name, incoming.error().message));
        } else {
            if (m_import)
                m_import->close();
            m_import = new ImportDialog(m_auth, incoming.value(), name, m_window);
            m_import->setAttribute(Qt::WA_DeleteOnClose);
            connect(m_import, &ImportDialog::imported, this,
                    [this](const QList<Profile> &done, const QList<Profile> &) {
                        Q_EMIT imported(done);
                        Q_EMIT statusMessage(
                            tr("Imported %n profile(s).", nullptr, int(done.size())));
                    });
            connect(m_import, &ImportDialog::openEditorRequested, this,
                    &ProfileTransfer::editRequested);
            m_import->open();
            return std::nullopt;
        }
    }
    showError(tr("Import Refused"), refusal->message);
    return refusal;
}

ImportDialog *ProfileTransfer::importDialog() const
{
    return m_import;
}

void ProfileTransfer::showError(const QString &title, const QString &text)
{
    auto *box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::Ok, m_window);
    box->setObjectName(QStringLiteral("transferError"));
    box->setTextFormat(Qt::PlainText);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open(); // not exec(): no nested event loop
    Q_EMIT statusMessage(text);
}

} // namespace tw
