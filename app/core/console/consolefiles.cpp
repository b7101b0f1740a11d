#include "console/consolefiles.h"

#include "common/abandonedlock.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLockFile>
#include <QSaveFile>

namespace tw {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("ConsoleFile", text);
}

constexpr int kStaleLockMs = 10000;
constexpr int kLockWaitMs = 5000;
} // namespace

ConsoleFile::ConsoleFile(const QString &configDir, const QString &folder)
    : m_dir(QDir(configDir).filePath(folder))
{
}

QString ConsoleFile::path(const QUuid &profileId) const
{
    return QDir(m_dir).filePath(profileId.toString(QUuid::WithoutBraces) + QStringLiteral(".json"));
}

QString ConsoleFile::lockPath(const QUuid &profileId) const
{
    // QLockFile cannot create its file in a folder that does not exist yet.
    QDir().mkpath(m_dir);
    return path(profileId) + QStringLiteral(".lock");
}

Result<QJsonArray> ConsoleFile::read(const QUuid &profileId) const
{
    QFile file(path(profileId));
    if (!file.exists())
        return QJsonArray();
    if (!file.open(QIODevice::ReadOnly))
        return Error::make(Error::Code::Io,
                           tr("Cannot read %1: %2").arg(file.fileName(), file.errorString()));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return Error::make(
            Error::Code::Io,
            tr("%1 is not a console file (%2).").arg(file.fileName(), error.errorString()));
    const int version = doc.object().value(QStringLiteral("format_version")).toInt();
    if (version > FormatVersion)
        return Error::make(Error::Code::Io, tr("%1 was written by a newer Tokenwright (format %2).")
                                                .arg(file.fileName())
                                                .arg(version));
    return doc.object().value(QStringLiteral("entries")).toArray();
}

Status ConsoleFile::write(const QUuid &profileId, const QJsonArray &entries) const
{
    if (!QDir().mkpath(m_dir))
        return Error::make(Error::Code::Io, tr("Cannot create %1.").arg(m_dir));
    QFile::setPermissions(m_dir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    const QByteArray bytes =
        QJsonDocument(QJsonObject{{QStringLiteral("format_version"), FormatVersion},
                                  {QStringLiteral("entries"), entries}})
            .toJson(QJsonDocument::Indented);
    // Callers hold the file's lock: a temporary file left here is a killed writer's.
    removeAbandonedSaveFiles(path(profileId));
    QSaveFile file(path(profileId));
    if (!file.open(QIODevice::WriteOnly))
        return Error::make(Error::Code::Io,
                           tr("Cannot write %1: %2").arg(file.fileName(), file.errorString()));
    file.setPermissions(QFile::ReadOwner | QFile::WriteOwner);
    if (file.write(bytes) != bytes.size() || !file.commit())
        return Error::make(Error::Code::Io,
                           tr("Cannot write %1: %2").arg(file.fileName(), file.errorString()));
    return std::nullopt;
}

Result<std::shared_ptr<QLockFile>> ConsoleFile::acquire(const QUuid &profileId) const
{
    auto lock = std::make_shared<QLockFile>(lockPath(profileId));
    lock->setStaleLockTime(kStaleLockMs);
    if (!tryLockRecovering(*lock, kLockWaitMs))
        return Error::make(
            Error::Code::Io,
            tr("Another Tokenwright process is changing %1; try again.").arg(path(profileId)),
            lock->fileName());
    return lock;
}

Status ConsoleFile::withLock(const QUuid &profileId, const std::function<Status()> &work) const
{
    auto lock = acquire(profileId);
    if (!lock)
        return lock.error();
    return work();
}

Status ConsoleFile::remove(const QUuid &profileId) const
{
    QFile file(path(profileId));
    if (file.exists() && !file.remove())
        return Error::make(Error::Code::Io,
                           tr("Cannot remove %1: %2").arg(file.fileName(), file.errorString()));
    return std::nullopt;
}

} // namespace tw
