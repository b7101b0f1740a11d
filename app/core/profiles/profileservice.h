#pragma once

#include "common/error.h"
#include "profiles/profile.h"
#include "profiles/secretstore.h"

#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QString>
#include <QUuid>
#include <functional>
#include <memory>

namespace tw {

class ProfileStore;

// Keeps a profile's metadata (ProfileStore) and its secrets (SecretStore) in step:
// every keychain entry a profile gets is recorded in its secretKeys, so removing the
// profile removes all of them, and a profile never exists with half its secrets.
// Callbacks run from the event loop and are dropped if `context` died.
class ProfileService : public QObject
{
    Q_OBJECT
public:
    using Secrets = QHash<QString /*entry, see SecretEntry*/, QByteArray>;
    using ProfileCallback = std::function<void(Result<Profile>)>;
    using StatusCallback = std::function<void(Status)>;

    ProfileService(ProfileStore &store, SecretStore &secrets, QObject *parent = nullptr);

    ProfileStore &store() const { return m_store; }
    SecretStore &secretStore() const { return m_secrets; }

    // Validates, writes the secrets, then the metadata. If a secret cannot be written the
    // ones already written are removed again and no profile is created.
    void addProfile(Profile profile, const Secrets &secrets, QObject *context,
                    ProfileCallback done);
    // Secrets given replace the stored ones; an empty hash keeps them all. The new secrets are
    // written first, then the metadata; if anything fails, the old values are written back
    // and nothing changes.
    void updateProfile(Profile profile, const Secrets &secrets, QObject *context,
                       ProfileCallback done);
    // Removes every recorded keychain entry (a missing one is fine), then the metadata and
    // the profile's console files. Entries the keychain refuses to remove are named in the
    // error and stay recorded with the profile, so the removal can be retried.
    void removeProfile(const QUuid &id, QObject *context, StatusCallback done);

    // The keychain entry's value; for the primary secret of a profile with a secret command
    // (Profile::primarySecretEntry), what that command prints (profiles/secretcommand.h).
    void readSecret(const Profile &profile, const QString &entry, QObject *context,
                    SecretStore::ReadCallback done);
    // Records the key in the profile's metadata first, then writes: a crash in between
    // leaves a recorded key without a value (harmless), never an orphaned secret.
    void writeSecret(const Profile &profile, const QString &entry, const QByteArray &value,
                     QObject *context, SecretStore::WriteCallback done);
    void removeSecret(const Profile &profile, const QString &entry, QObject *context,
                      SecretStore::WriteCallback done);

private:
    using Pairs = QList<QPair<QString, QByteArray>>;
    // Writes pairs in order; stops at the first failure. `written` collects the keys done.
    void writeAll(Pairs pairs, std::shared_ptr<QStringList> written,
                  std::function<void(Status)> done);
    // Undoes writes: tries every key, reports the first failure.
    void removeAll(const QStringList &keys, std::function<void(Status)> done);
    // Reads each key's current value into `values` (missing ones are skipped).
    void readEach(QStringList keys, std::shared_ptr<Pairs> values,
                  std::function<void(Status)> done);
    // Puts back what a failed update overwrote and removes what it created.
    void rollback(const QStringList &written, const QStringList &before, const Pairs &previous,
                  std::function<void(Status)> done);
    void removeProfileStep(const QUuid &id, std::shared_ptr<QSet<QString>> removed,
                           StatusCallback done);
    // Tries every key; reports the ones that could not be removed and the first reason.
    void removeEach(QStringList keys, std::shared_ptr<QStringList> failed,
                    std::shared_ptr<std::optional<Error>> firstError,
                    std::function<void(const QStringList &, const std::optional<Error> &)> done);
    static Pairs keyed(const Profile &profile, const Secrets &secrets);

    ProfileStore &m_store;
    SecretStore &m_secrets;
};

} // namespace tw
