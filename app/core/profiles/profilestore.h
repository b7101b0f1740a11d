#pragma once

#include "common/error.h"
#include "profiles/profile.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QString>
#include <QUuid>
#include <functional>
#include <optional>

class QFileSystemWatcher;
class QTimer;

namespace tw {

// Profile metadata (never secrets) in <dir>/profiles.json:
//   {"format_version": 1, "profiles": [Profile::toJson(), …]}
// Every modification re-reads the file under a QLockFile first, so a CLI and a GUI
// working on the same directory never overwrite each other's changes. A file that
// cannot be understood (damaged, truncated, or from a newer version) is reported, copied to
// profiles.json.corrupt-<time>, and never overwritten.
class ProfileStore : public QObject
{
    Q_OBJECT
public:
    static constexpr int FormatVersion = 1;

    // TOKENWRIGHT_CONFIG_DIR if set, else QStandardPaths::AppConfigLocation (after
    // adoptLegacyCliFolder() on it).
    static QString defaultConfigDir();
    // The error every lookup by id reports when the profile is gone.
    static Error notFound(const QUuid &id);
    // Moves the profiles an older tokenwright-cli kept in `dir`/tokenwright into `dir` when
    // `dir` has none of its own; leaves both alone (with a warning) when both have some.
    static void adoptLegacyCliFolder(const QString &dir);

    explicit ProfileStore(const QString &dir, QObject *parent = nullptr);
    ~ProfileStore() override;

    // Notices changes other processes make (profilesChanged() without a load()). For
    // long-running processes: closing an inotify watch costs a one-shot CLI command up to
    // 20 ms of its run, and it never needs one.
    void watchForChanges();

    QString dir() const { return m_dir; }

    // How long a modification waits for another process's lock before giving up.
    void setLockTimeout(int ms) { m_lockTimeoutMs = ms; }
    QString filePath() const;

    // Reads the file (a missing file is an empty list) and replaces the cache.
    Result<QList<Profile>> load();
    // Same as load(), for callers that only want the cache refreshed; emits
    // profilesChanged() when the content differs from what was cached.
    Status reload();

    // Cached copies; the first call loads the file if nobody did yet.
    QList<Profile> profiles() const;
    // A UUID (with or without braces), or a name compared case-insensitively.
    std::optional<Profile> find(const QString &nameOrId) const;
    std::optional<Profile> find(const QUuid &id) const;

    // Keeps a non-null id that is not taken yet (ProfileService picks the id first
    // because keychain keys contain it), else assigns one; sets both timestamps.
    Result<Profile> add(Profile profile);
    // Replaces the stored profile with the same id; keeps createdAt, bumps updatedAt.
    Status update(const Profile &profile);
    Status remove(const QUuid &id);

    // The checks add() would make, without writing: valid, id free, name free.
    Status checkAddable(const Profile &profile);
    // The checks update() would make, without writing.
    Status checkUpdatable(const Profile &profile);

    // Bookkeeping of keychain entries (the keychain cannot be listed). Does not touch
    // updatedAt: the user did not edit the profile.
    Status recordSecretKey(const QUuid &id, const QString &key);
    Status forgetSecretKey(const QUuid &id, const QString &key);
    // The HTTP Basic encoding an auto profile's server accepted (Profile::learnedBasic).
    // Also no updatedAt change; nothing is written for a profile that is no longer auto.
    Status recordLearnedBasic(const QUuid &id, ClientAuth encoding);

    // <dir>/locks/<id>-<purpose>.lock, for cross-process single-flight work such as the
    // Commvault renewal (both tokens rotate; two renewals at once revoke the chain).
    // Creates the locks directory so the caller's QLockFile can be created.
    QString lockPath(const QUuid &profile, const QString &purpose) const;

    // Sub-folders of the configuration folder whose "<profile id>.json" belongs to that
    // profile (the console's history and saved requests): they go when the profile goes.
    static QStringList profileFolders();
    static QString historyFolder() { return QStringLiteral("history"); }
    static QString savedFolder() { return QStringLiteral("saved"); }
    // Deletes the profile's files in profileFolders(); the paths that could not be deleted.
    QStringList removeProfileFiles(const QUuid &id) const;

Q_SIGNALS:
    // After this store changed the file, or another process did.
    void profilesChanged();
    // The file changed on disk but cannot be read; the cache keeps the last good state.
    void loadFailed(const QString &message);

private:
    struct Snapshot
    {
        QList<Profile> profiles;
        QByteArray bytes; // the file as read; empty when there is no file
    };
    // Changes the freshly read list; clears `write` when nothing needs saving.
    using Mutation = std::function<Status(QList<Profile> &profiles, bool &write)>;

    Result<Snapshot> readFile() const;
    Result<QList<Profile>> parse(const QByteArray &bytes) const;
    // Copies a file that cannot be read to profiles.json.corrupt-<UTC time> (once per content);
    // the copy's path, or empty if it could not be made.
    QString backUpUnreadable(const QByteArray &bytes) const;
    Status writeFile(const QList<Profile> &profiles, QByteArray *written);
    Status ensureDir() const;
    // Lock, re-read, apply, write, update cache, notify.
    Status modify(const Mutation &mutation);
    void applySnapshot(const Snapshot &snapshot, bool notify);
    void ensureLoaded() const;
    // The file holds exactly the bytes this instance last read or wrote.
    bool fileIsAsKnown() const;
    void watch();
    void onFileSystemChanged();

    QString m_dir;
    mutable QList<Profile> m_profiles;
    mutable QByteArray m_knownBytes; // content last read or written by us
    mutable bool m_loaded = false;
    int m_lockTimeoutMs = 10000; // long enough for a slow disk, short enough for a CLI
    QFileSystemWatcher *m_watcher = nullptr;
    QTimer *m_debounce = nullptr;
};

} // namespace tw
