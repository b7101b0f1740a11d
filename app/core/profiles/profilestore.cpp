#include "profiles/profilestore.h"

#include "common/abandonedlock.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLockFile>
#include <QSaveFile>
#include <QStandardPaths>
#include <QTimer>

namespace tw {

namespace {
QString tr(const char *text)
{
    return ProfileStore::tr(text);
}

const QString kFileName = QStringLiteral("profiles.json");
// Several change notifications arrive for one atomic rename; read once after they settle.
constexpr int kDebounceMs = 100;

// ISO dates in the file carry seconds only; trimming here keeps the cached copy equal
// to what the next read returns.
QDateTime nowUtc()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    return QDateTime::fromSecsSinceEpoch(now.toSecsSinceEpoch(), Qt::UTC);
}

bool sameName(const QString &a, const QString &b)
{
    return a.trimmed().compare(b.trimmed(), Qt::CaseInsensitive) == 0;
}

Status checkName(const QList<Profile> &profiles, const Profile &candidate)
{
    const QUuid nameAsId = QUuid::fromString(candidate.name.trimmed());
    for (const Profile &p : profiles) {
        if (p.id != candidate.id && sameName(p.name, candidate.name))
            return Error::make(Error::Code::InvalidInput,
                               tr("A profile named \"%1\" already exists (names are compared "
                                  "without regard to case).")
                                   .arg(p.name));
        // Commands take a name or an id: a name that is another profile's id would make
        // "remove <that id>" hit the wrong profile.
        if (p.id != candidate.id && !nameAsId.isNull() && nameAsId == p.id)
            return Error::make(
                Error::Code::InvalidInput,
                tr("The name \"%1\" is the id of profile \"%2\"; choose another name.")
                    .arg(candidate.name.trimmed(), p.name));
    }
    return std::nullopt;
}

qsizetype indexOf(const QList<Profile> &profiles, const QUuid &id)
{
    for (qsizetype i = 0; i < profiles.size(); ++i) {
        if (profiles.at(i).id == id)
            return i;
    }
    return -1;
}

Status checkAdd(const QList<Profile> &profiles, const Profile &profile)
{
    if (auto e = profile.validate())
        return e;
    if (!profile.id.isNull() && indexOf(profiles, profile.id) >= 0)
        return Error::make(Error::Code::InvalidInput,
                           tr("A profile with id %1 already exists.")
                               .arg(profile.id.toString(QUuid::WithoutBraces)));
    return checkName(profiles, profile);
}

Status checkUpdate(const QList<Profile> &profiles, const Profile &profile)
{
    if (indexOf(profiles, profile.id) < 0)
        return ProfileStore::notFound(profile.id);
    if (auto e = profile.validate())
        return e;
    return checkName(profiles, profile);
}
} // namespace

Error ProfileStore::notFound(const QUuid &id)
{
    return Error::make(Error::Code::NotFound,
                       tr("No profile with id %1.").arg(id.toString(QUuid::WithoutBraces)));
}

QString ProfileStore::defaultConfigDir()
{
    const QString fromEnv = qEnvironmentVariable("TOKENWRIGHT_CONFIG_DIR");
    if (!fromEnv.isEmpty())
        return fromEnv;
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation);
    adoptLegacyCliFolder(dir);
    return dir;
}

// tokenwright-cli used to set an organisation name, so Qt gave it <config>/tokenwright/
// tokenwright while the window used <config>/tokenwright: the two never shared profiles.
// Both now use the latter; the first start after that moves what the CLI kept up one level
// (the keychain entries are keyed by profile id and need no change). When both folders
// hold profiles nothing is moved: merging two lists silently could lose one.
void ProfileStore::adoptLegacyCliFolder(const QString &dir)
{
    const QDir shared(dir);
    const QDir legacy(shared.filePath(QStringLiteral("tokenwright")));
    if (!QFileInfo::exists(legacy.filePath(kFileName)))
        return;
    if (QFileInfo::exists(shared.filePath(kFileName))) {
        qWarning().noquote() << QCoreApplication::translate(
                                    "ProfileStore",
                                    "Profiles of an older tokenwright-cli are still in %1; "
                                    "the profiles in use are in %2.")
                                    .arg(legacy.path(), shared.path());
        return;
    }
    for (const QString &entry :
         legacy.entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot)) {
        if (!QFileInfo::exists(shared.filePath(entry)))
            QDir().rename(legacy.filePath(entry), shared.filePath(entry));
    }
    QDir().rmdir(legacy.path()); // only when everything moved
}

ProfileStore::ProfileStore(const QString &dir, QObject *parent)
    : QObject(parent), m_dir(QDir::cleanPath(dir))
{
    // Nothing is created here: reading (`profiles list --names` from a shell completion)
    // must leave a machine without a profile store as it was.
}

void ProfileStore::watchForChanges()
{
    if (m_watcher)
        return;
    // The directory is created now so that changes made by another process are seen
    // even before this process writes anything.
    ensureDir();
    m_watcher = new QFileSystemWatcher(this);
    m_debounce = new QTimer(this);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(kDebounceMs);
    connect(m_debounce, &QTimer::timeout, this, &ProfileStore::onFileSystemChanged);
    connect(m_watcher, &QFileSystemWatcher::fileChanged, m_debounce, qOverload<>(&QTimer::start));
    connect(m_watcher, &QFileSystemWatcher::directoryChanged, m_debounce,
            qOverload<>(&QTimer::start));
    watch();
}

ProfileStore::~ProfileStore() = default;

QString ProfileStore::filePath() const
{
    return m_dir + QLatin1Char('/') + kFileName;
}

Status ProfileStore::ensureDir() const
{
    QDir dir(m_dir);
    if (!dir.exists()) {
        if (!dir.mkpath(QStringLiteral(".")))
            return Error::make(Error::Code::Io,
                               tr("Cannot create the configuration folder %1.").arg(m_dir));
        // Only the owner may list or read the metadata (names, URLs, client ids).
        QFile::setPermissions(m_dir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    }
    return std::nullopt;
}

Result<ProfileStore::Snapshot> ProfileStore::readFile() const
{
    Snapshot snapshot;
    QFile file(filePath());
    if (!file.exists())
        return snapshot;
    if (!file.open(QIODevice::ReadOnly))
        return Error::make(Error::Code::Io,
                           tr("Cannot read %1: %2").arg(filePath(), file.errorString()));
    snapshot.bytes = file.readAll();
    Result<QList<Profile>> parsed = parse(snapshot.bytes);
    if (!parsed) {
        // Kept aside as read, so a later hand edit or a newer version's write cannot lose the
        // only copy of what the user had.
        Error error = parsed.error();
        const QString backup = backUpUnreadable(snapshot.bytes);
        if (!backup.isEmpty())
            error.message += QLatin1Char(' ') + tr("A copy is in %1.").arg(backup);
        return error;
    }
    snapshot.profiles = parsed.take();
    return snapshot;
}

QString ProfileStore::backUpUnreadable(const QByteArray &bytes) const
{
    // One copy per distinct content: the file is read on every change and every command.
    const QDir dir(m_dir);
    const QStringList existing = dir.entryList({kFileName + QStringLiteral(".corrupt-*")},
                                               QDir::Files | QDir::Hidden, QDir::Name);
    for (const QString &name : existing) {
        QFile old(dir.filePath(name));
        if (old.size() == bytes.size() && old.open(QIODevice::ReadOnly) && old.readAll() == bytes)
            return old.fileName();
    }
    const QString stamp =
        QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'"));
    QString path = dir.filePath(kFileName + QStringLiteral(".corrupt-") + stamp);
    for (int n = 2; QFileInfo::exists(path); ++n)
        path = dir.filePath(kFileName + QStringLiteral(".corrupt-%1-%2").arg(stamp).arg(n));
    QSaveFile copy(path);
    if (!copy.open(QIODevice::WriteOnly))
        return {};
    copy.setPermissions(QFile::ReadOwner | QFile::WriteOwner);
    if (copy.write(bytes) != bytes.size() || !copy.commit())
        return {};
    return path;
}

Result<QList<Profile>> ProfileStore::parse(const QByteArray &bytes) const
{
    QList<Profile> profiles;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return Error::make(Error::Code::Io,
                           tr("%1 is damaged (not valid JSON at byte %2: %3). It was left "
                              "unchanged; fix or move it away.")
                               .arg(filePath())
                               .arg(parseError.offset)
                               .arg(parseError.errorString()));
    if (!doc.isObject())
        return Error::make(
            Error::Code::Io,
            tr("%1 is damaged (expected a JSON object). It was left unchanged.").arg(filePath()));
    const QJsonObject root = doc.object();
    const QJsonValue version = root.value(QLatin1String("format_version"));
    if (!version.isDouble())
        return Error::make(Error::Code::Io,
                           tr("%1 has no format_version. It was left unchanged.").arg(filePath()));
    if (version.toInt() != FormatVersion)
        return Error::make(Error::Code::Io,
                           tr("%1 has format version %2, which this version of Tokenwright does "
                              "not understand (it reads version %3). It was left unchanged.")
                               .arg(filePath())
                               .arg(version.toVariant().toString())
                               .arg(FormatVersion));
    const QJsonValue list = root.value(QLatin1String("profiles"));
    if (!list.isArray())
        return Error::make(Error::Code::Io,
                           tr("%1 is damaged (\"profiles\" is not a list). It was left unchanged.")
                               .arg(filePath()));
    int index = 0;
    QHash<QUuid, int> seenIds;
    for (const QJsonValue &entry : list.toArray()) {
        ++index;
        // An entry we cannot read (say, a kind added by a newer version) fails the whole
        // file: rewriting without it would silently drop the user's profile.
        if (!entry.isObject())
            return Error::make(Error::Code::Io,
                               tr("%1 is damaged (profile #%2 is not an object). It was left "
                                  "unchanged.")
                                   .arg(filePath())
                                   .arg(index));
        Result<Profile> profile = Profile::fromJson(entry.toObject());
        if (!profile)
            return Error::make(Error::Code::Io,
                               tr("%1: profile #%2 cannot be read: %3 The file was left unchanged.")
                                   .arg(filePath())
                                   .arg(index)
                                   .arg(profile.error().message));
        // A hand-edited file with one id twice: loading either copy would hide the other,
        // and the next write would drop it.
        if (const int first = seenIds.value(profile.value().id); first > 0)
            return Error::make(Error::Code::Io,
                               tr("%1 is damaged: profiles #%2 and #%3 have the same id %4. It was "
                                  "left unchanged; give one of them a new id or remove it.")
                                   .arg(filePath())
                                   .arg(first)
                                   .arg(index)
                                   .arg(profile.value().id.toString(QUuid::WithoutBraces)));
        seenIds.insert(profile.value().id, index);
        profiles.append(profile.take());
    }
    return profiles;
}

Status ProfileStore::writeFile(const QList<Profile> &profiles, QByteArray *written)
{
    if (auto e = ensureDir())
        return e;
    QJsonArray list;
    for (const Profile &p : profiles)
        list.append(p.toJson());
    QJsonObject root;
    root[QLatin1String("format_version")] = FormatVersion;
    root[QLatin1String("profiles")] = list;
    const QByteArray bytes = QJsonDocument(root).toJson(QJsonDocument::Indented);

    // QSaveFile writes a temporary file and renames it over the old one, so a crash or a
    // full disk leaves either the old or the new file, never half of one. Under the lock
    // (modify() holds it) a temporary file still there is a killed writer's: it goes.
    removeAbandonedSaveFiles(filePath());
    QSaveFile file(filePath());
    if (!file.open(QIODevice::WriteOnly))
        return Error::make(Error::Code::Io,
                           tr("Cannot write %1: %2").arg(filePath(), file.errorString()));
    file.setPermissions(QFile::ReadOwner | QFile::WriteOwner);
    if (file.write(bytes) != bytes.size() || !file.commit())
        return Error::make(Error::Code::Io,
                           tr("Cannot write %1: %2").arg(filePath(), file.errorString()));
    // The rename replaced the inode: make sure the mode is right even if the temporary
    // file was created with a looser umask.
    QFile::setPermissions(filePath(), QFile::ReadOwner | QFile::WriteOwner);
    *written = bytes;
    return std::nullopt;
}

Status ProfileStore::modify(const Mutation &mutation)
{
    if (auto e = ensureDir())
        return e;
    QLockFile lock(filePath() + QStringLiteral(".lock"));
    if (!tryLockRecovering(lock, m_lockTimeoutMs))
        return Error::make(Error::Code::Io,
                           tr("Another Tokenwright process is changing the profiles; try again."),
                           tr("lock %1 held").arg(lock.fileName()));

    Result<Snapshot> current = readFile();
    if (!current)
        return current.error();
    const Snapshot onDisk = current.value();
    // Whatever another process wrote is now what we know, even if the mutation fails.
    const bool changedOnDisk = !m_loaded || onDisk.bytes != m_knownBytes;
    Snapshot next = onDisk;
    bool write = true;
    if (auto e = mutation(next.profiles, write)) {
        applySnapshot(onDisk, changedOnDisk);
        return e;
    }
    if (!write) {
        applySnapshot(onDisk, changedOnDisk);
        return std::nullopt;
    }
    if (auto e = writeFile(next.profiles, &next.bytes)) {
        applySnapshot(onDisk, changedOnDisk);
        return e;
    }
    applySnapshot(next, true);
    watch();
    return std::nullopt;
}

void ProfileStore::applySnapshot(const Snapshot &snapshot, bool notify)
{
    m_profiles = snapshot.profiles;
    m_knownBytes = snapshot.bytes;
    m_loaded = true;
    if (notify)
        Q_EMIT profilesChanged();
}

Result<QList<Profile>> ProfileStore::load()
{
    Result<Snapshot> snapshot = readFile();
    if (!snapshot)
        return snapshot.error();
    const bool changed = m_loaded && snapshot.value().bytes != m_knownBytes;
    applySnapshot(snapshot.value(), changed);
    watch();
    return m_profiles;
}

Status ProfileStore::reload()
{
    Result<QList<Profile>> result = load();
    if (!result)
        return result.error();
    return std::nullopt;
}

void ProfileStore::ensureLoaded() const
{
    if (m_loaded)
        return;
    // A damaged file shows as no profiles here; load() reports why.
    Result<Snapshot> snapshot = readFile();
    if (snapshot) {
        m_profiles = snapshot.value().profiles;
        m_knownBytes = snapshot.value().bytes;
        m_loaded = true;
    }
}

QList<Profile> ProfileStore::profiles() const
{
    ensureLoaded();
    return m_profiles;
}

std::optional<Profile> ProfileStore::find(const QUuid &id) const
{
    ensureLoaded();
    const qsizetype i = indexOf(m_profiles, id);
    if (i < 0 || id.isNull())
        return std::nullopt;
    return m_profiles.at(i);
}

std::optional<Profile> ProfileStore::find(const QString &nameOrId) const
{
    ensureLoaded();
    const QUuid id = QUuid::fromString(nameOrId.trimmed());
    if (!id.isNull()) {
        if (auto byId = find(id))
            return byId;
    }
    for (const Profile &p : std::as_const(m_profiles)) {
        if (sameName(p.name, nameOrId))
            return p;
    }
    return std::nullopt;
}

Result<Profile> ProfileStore::add(Profile profile)
{
    if (profile.id.isNull())
        profile.id = QUuid::createUuid();
    profile.createdAt = profile.updatedAt = nowUtc();
    Status status = modify([&profile](QList<Profile> &profiles, bool &) -> Status {
        if (auto e = checkAdd(profiles, profile))
            return e;
        profiles.append(profile);
        return std::nullopt;
    });
    if (status)
        return *status;
    return profile;
}

Status ProfileStore::update(const Profile &profile)
{
    return modify([&profile](QList<Profile> &profiles, bool &) -> Status {
        if (auto e = checkUpdate(profiles, profile))
            return e;
        Profile &stored = profiles[indexOf(profiles, profile.id)];
        const QDateTime created = stored.createdAt;
        stored = profile;
        stored.createdAt = created;
        stored.updatedAt = nowUtc();
        return std::nullopt;
    });
}

Status ProfileStore::remove(const QUuid &id)
{
    return modify([&id](QList<Profile> &profiles, bool &) -> Status {
        const qsizetype i = indexOf(profiles, id);
        if (i < 0)
            return notFound(id);
        profiles.removeAt(i);
        return std::nullopt;
    });
}

Status ProfileStore::checkAddable(const Profile &profile)
{
    Result<Snapshot> snapshot = readFile();
    if (!snapshot)
        return snapshot.error();
    return checkAdd(snapshot.value().profiles, profile);
}

Status ProfileStore::checkUpdatable(const Profile &profile)
{
    Result<Snapshot> snapshot = readFile();
    if (!snapshot)
        return snapshot.error();
    return checkUpdate(snapshot.value().profiles, profile);
}

bool ProfileStore::fileIsAsKnown() const
{
    QFile file(filePath());
    if (!file.open(QIODevice::ReadOnly))
        return m_knownBytes.isEmpty() && !file.exists();
    return file.size() == m_knownBytes.size() && file.readAll() == m_knownBytes;
}

Status ProfileStore::recordSecretKey(const QUuid &id, const QString &key)
{
    // Every cached token passes here. When the key is recorded already and the file is
    // byte for byte what we last read, there is nothing to do: no lock (QLockFile
    // fdatasyncs), no parse, no write. Otherwise it is decided on the file, not the cache:
    // another process may have just forgotten the key.
    if (m_loaded) {
        const qsizetype i = indexOf(m_profiles, id);
        if (i >= 0 && m_profiles.at(i).secretKeys.contains(key) && fileIsAsKnown())
            return std::nullopt;
    }
    return modify([&](QList<Profile> &profiles, bool &write) -> Status {
        const qsizetype i = indexOf(profiles, id);
        if (i < 0)
            return notFound(id);
        if (profiles[i].secretKeys.contains(key))
            write = false;
        else
            profiles[i].secretKeys.append(key);
        return std::nullopt;
    });
}

Status ProfileStore::forgetSecretKey(const QUuid &id, const QString &key)
{
    return modify([&](QList<Profile> &profiles, bool &write) -> Status {
        const qsizetype i = indexOf(profiles, id);
        // A removed profile took its keys with it.
        write = i >= 0 && profiles[i].secretKeys.removeAll(key) > 0;
        return std::nullopt;
    });
}

Status ProfileStore::recordLearnedBasic(const QUuid &id, ClientAuth encoding)
{
    return modify([&](QList<Profile> &profiles, bool &write) -> Status {
        const qsizetype i = indexOf(profiles, id);
        write = i >= 0 && profiles[i].clientAuthAuto && profiles[i].learnedBasic != encoding;
        if (write)
            profiles[i].learnedBasic = encoding;
        return std::nullopt;
    });
}

QStringList ProfileStore::profileFolders()
{
    return {historyFolder(), savedFolder()};
}

QStringList ProfileStore::removeProfileFiles(const QUuid &id) const
{
    QStringList failed;
    for (const QString &folder : profileFolders()) {
        const QString path = m_dir + QLatin1Char('/') + folder + QLatin1Char('/') +
                             id.toString(QUuid::WithoutBraces) + QStringLiteral(".json");
        if (QFileInfo::exists(path) && !QFile::remove(path))
            failed << path;
    }
    return failed;
}

QString ProfileStore::lockPath(const QUuid &profile, const QString &purpose) const
{
    const QString locks = m_dir + QStringLiteral("/locks");
    if (!QFileInfo::exists(locks)) {
        ensureDir(); // private (0700) before mkpath() makes it with the default mode
        QDir().mkpath(locks);
        QFile::setPermissions(locks, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    }
    return locks + QLatin1Char('/') + profile.toString(QUuid::WithoutBraces) + QLatin1Char('-') +
           purpose + QStringLiteral(".lock");
}

void ProfileStore::watch()
{
    if (!m_watcher)
        return;
    // Watching the directory catches the file being created or replaced by rename;
    // watching the file catches in-place writes by other tools. A rename drops the file
    // watch, so it is re-added after every change.
    if (QFileInfo::exists(m_dir) && !m_watcher->directories().contains(m_dir))
        m_watcher->addPath(m_dir);
    if (QFileInfo::exists(filePath()) && !m_watcher->files().contains(filePath()))
        m_watcher->addPath(filePath());
}

void ProfileStore::onFileSystemChanged()
{
    watch();
    Result<Snapshot> snapshot = readFile();
    if (!snapshot) {
        Q_EMIT loadFailed(snapshot.error().message);
        return;
    }
    if (m_loaded && snapshot.value().bytes == m_knownBytes)
        return; // our own write, or a lock file coming and going
    applySnapshot(snapshot.value(), true);
}

} // namespace tw
