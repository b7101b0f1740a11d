#include "profiles/profileservice.h"

#include "common/callbackguard.h"
#include "profiles/profilestore.h"
#include "profiles/secretcommand.h"

#include <QCoreApplication>
#include <QSet>
#include <memory>

namespace tw {

namespace {
// Guarded by `context` and always delivered from the event loop, so a caller sees the
// same ordering whether the answer needed the keychain or failed validation at once.
template <typename Arg>
std::function<void(Arg)> later(QObject *self, QObject *context, std::function<void(Arg)> done)
{
    auto callback = guarded(context, std::move(done));
    return [self, callback](Arg value) { post(self, callback, std::move(value)); };
}
} // namespace

ProfileService::ProfileService(ProfileStore &store, SecretStore &secrets, QObject *parent)
    : QObject(parent), m_store(store), m_secrets(secrets)
{
}

ProfileService::Pairs ProfileService::keyed(const Profile &profile, const Secrets &secrets)
{
    Pairs pairs;
    for (auto it = secrets.constBegin(); it != secrets.constEnd(); ++it)
        pairs.append({profile.secretKey(it.key()), it.value()});
    // QHash order is random; a fixed order makes failures reproducible.
    std::sort(pairs.begin(), pairs.end(),
              [](const auto &a, const auto &b) { return a.first < b.first; });
    return pairs;
}

void ProfileService::writeAll(Pairs pairs, std::shared_ptr<QStringList> written,
                              std::function<void(Status)> done)
{
    if (pairs.isEmpty()) {
        done(std::nullopt);
        return;
    }
    // Not a structured binding: clang 14 (the fuzz and sanitizer builds) cannot capture one.
    const auto entry = pairs.takeFirst();
    const auto key = entry.first;
    m_secrets.write(key, entry.second, this, [this, key, pairs, written, done](Status status) {
        if (status) {
            done(status);
            return;
        }
        written->append(key);
        writeAll(pairs, written, done);
    });
}

void ProfileService::removeAll(const QStringList &keys, std::function<void(Status)> done)
{
    removeEach(
        keys, std::make_shared<QStringList>(), std::make_shared<std::optional<Error>>(),
        [done](const QStringList &, const std::optional<Error> &firstError) { done(firstError); });
}

void ProfileService::addProfile(Profile profile, const Secrets &secrets, QObject *context,
                                ProfileCallback done)
{
    ProfileCallback callback = later(this, context, std::move(done));
    // The id is chosen before the secrets are written because their keys contain it.
    if (profile.id.isNull())
        profile.id = QUuid::createUuid();
    if (auto e = m_store.checkAddable(profile)) {
        callback(*e);
        return;
    }
    auto written = std::make_shared<QStringList>();
    writeAll(keyed(profile, secrets), written,
             [this, profile, written, callback](Status status) mutable {
                 if (status) {
                     // Undo what was written so no secret outlives the failed add.
                     removeAll(*written, [callback, status](Status) { callback(*status); });
                     return;
                 }
                 profile.secretKeys = *written;
                 Result<Profile> added = m_store.add(profile);
                 if (!added) {
                     removeAll(*written,
                               [callback, error = added.error()](Status) { callback(error); });
                     return;
                 }
                 callback(added);
             });
}

void ProfileService::updateProfile(Profile profile, const Secrets &secrets, QObject *context,
                                   ProfileCallback done)
{
    ProfileCallback callback = later(this, context, std::move(done));
    if (auto e = m_store.reload()) {
        callback(*e);
        return;
    }
    const std::optional<Profile> existing = m_store.find(profile.id);
    if (!existing) {
        callback(ProfileStore::notFound(profile.id));
        return;
    }
    if (auto e = m_store.checkUpdatable(profile)) {
        callback(*e);
        return;
    }
    const QStringList before = existing->secretKeys;
    const Pairs pairs = keyed(profile, secrets);
    QStringList replaced;
    for (const auto &[key, value] : pairs) {
        if (before.contains(key))
            replaced << key;
    }
    // The values about to be replaced are read first, so a failure later can put them back:
    // an edit either happens completely or changes nothing.
    auto previous = std::make_shared<Pairs>();
    readEach(replaced, previous,
             [this, profile, before, pairs, previous, callback](Status read) mutable {
                 if (read) {
                     callback(*read);
                     return;
                 }
                 auto written = std::make_shared<QStringList>();
                 writeAll(
                     pairs, written,
                     [this, profile, before, written, previous, callback](Status status) mutable {
                         if (status) {
                             rollback(*written, before, *previous,
                                      [callback, status](Status) { callback(*status); });
                             return;
                         }
                         // The caller's copy of secretKeys may be stale (the engine caches tokens
                         // meanwhile): merge into what the file holds now.
                         m_store.reload();
                         const std::optional<Profile> current = m_store.find(profile.id);
                         profile.secretKeys = current ? current->secretKeys : before;
                         for (const QString &key : std::as_const(*written)) {
                             if (!profile.secretKeys.contains(key))
                                 profile.secretKeys << key;
                         }
                         if (auto e = m_store.update(profile)) {
                             rollback(*written, before, *previous,
                                      [callback, error = *e](Status) { callback(error); });
                             return;
                         }
                         callback(*m_store.find(profile.id));
                     });
             });
}

void ProfileService::readEach(QStringList keys, std::shared_ptr<Pairs> values,
                              std::function<void(Status)> done)
{
    if (keys.isEmpty()) {
        done(std::nullopt);
        return;
    }
    const QString key = keys.takeFirst();
    m_secrets.read(key, this, [this, key, keys, values, done](Result<QByteArray> value) {
        if (value)
            values->append({key, value.value()});
        else if (value.error().code != Error::Code::NotFound) {
            done(value.error()); // cannot keep the old value safe: change nothing
            return;
        }
        readEach(keys, values, done);
    });
}

void ProfileService::rollback(const QStringList &written, const QStringList &before,
                              const Pairs &previous, std::function<void(Status)> done)
{
    QStringList created;
    Pairs restore;
    for (const QString &key : written) {
        const auto old = std::find_if(previous.cbegin(), previous.cend(),
                                      [&key](const auto &pair) { return pair.first == key; });
        if (old != previous.cend())
            restore.append(*old);
        else if (!before.contains(key))
            created << key;
    }
    writeAll(restore, std::make_shared<QStringList>(), [this, created, done](Status restored) {
        removeAll(created,
                  [done, restored](Status removed) { done(restored ? restored : removed); });
    });
}

void ProfileService::removeProfile(const QUuid &id, QObject *context, StatusCallback done)
{
    StatusCallback callback = later(this, context, std::move(done));
    if (auto e = m_store.reload()) {
        callback(*e);
        return;
    }
    if (!m_store.find(id)) {
        callback(ProfileStore::notFound(id));
        return;
    }
    removeProfileStep(id, std::make_shared<QSet<QString>>(), callback);
}

void ProfileService::removeProfileStep(const QUuid &id, std::shared_ptr<QSet<QString>> removed,
                                       StatusCallback done)
{
    // Another process (the engine caching a token) may record a new key while we delete:
    // re-read after each round until every recorded key is gone, then drop the metadata.
    if (auto e = m_store.reload()) {
        done(*e);
        return;
    }
    const std::optional<Profile> profile = m_store.find(id);
    if (!profile) {
        done(std::nullopt); // removed meanwhile by someone else: the outcome wanted
        return;
    }
    QStringList pending;
    for (const QString &key : profile->secretKeys) {
        if (!removed->contains(key))
            pending << key;
    }
    if (pending.isEmpty()) {
        if (auto e = m_store.remove(id)) {
            done(e);
            return;
        }
        // History and saved requests may quote the profile's URLs and paths: they go too.
        const QStringList left = m_store.removeProfileFiles(id);
        if (!left.isEmpty()) {
            done(Error::make(
                Error::Code::Io,
                tr("The profile was removed, but these files of it could not be deleted: "
                   "%1")
                    .arg(left.join(QLatin1String(", ")))));
            return;
        }
        done(std::nullopt);
        return;
    }
    removeEach(pending, std::make_shared<QStringList>(), std::make_shared<std::optional<Error>>(),
               [this, id, name = profile->name, removed, pending,
                done](const QStringList &failed, const std::optional<Error> &firstError) {
                   for (const QString &key : pending) {
                       if (!failed.contains(key)) {
                           removed->insert(key);
                           // So a later attempt only tries what is left.
                           m_store.forgetSecretKey(id, key);
                       }
                   }
                   if (failed.isEmpty()) {
                       removeProfileStep(id, removed, done);
                       return;
                   }
                   // Never claim a removal that did not happen: the profile stays, with the
                   // entries still to remove, so running the removal again finishes it.
                   QStringList entries;
                   const QString prefix = id.toString(QUuid::WithoutBraces) + QLatin1Char('/');
                   for (const QString &key : failed)
                       entries << (key.startsWith(prefix) ? key.mid(prefix.size()) : key);
                   Error e = firstError.value_or(Error{});
                   e.code = Error::Code::Keychain;
                   e.message = tr("Could not remove %n keychain entr(y/ies) of \"%1\" (%2): %3 "
                                  "The profile was kept so they can be removed later; remove it "
                                  "again when the keychain is available.",
                                  nullptr, int(failed.size()))
                                   .arg(name, entries.join(QLatin1String(", ")),
                                        firstError ? firstError->message : QString());
                   done(e);
               });
}

void ProfileService::removeEach(
    QStringList keys, std::shared_ptr<QStringList> failed,
    std::shared_ptr<std::optional<Error>> firstError,
    std::function<void(const QStringList &, const std::optional<Error> &)> done)
{
    if (keys.isEmpty()) {
        done(*failed, *firstError);
        return;
    }
    const QString key = keys.takeFirst();
    m_secrets.remove(key, this, [this, key, keys, failed, firstError, done](Status status) {
        if (status && status->code != Error::Code::NotFound) {
            failed->append(key);
            if (!*firstError)
                *firstError = status;
        }
        removeEach(keys, failed, firstError, done);
    });
}

void ProfileService::readSecret(const Profile &profile, const QString &entry, QObject *context,
                                SecretStore::ReadCallback done)
{
    // A profile with a secret command gets its secret from it, every time: the keychain is
    // not asked, and what the command prints is never written there.
    if (!profile.secretCommand.isEmpty() && entry == profile.primarySecretEntry()) {
        SecretCommand::run(profile, this, context, std::move(done));
        return;
    }
    m_secrets.read(profile.secretKey(entry), context, std::move(done));
}

void ProfileService::writeSecret(const Profile &profile, const QString &entry,
                                 const QByteArray &value, QObject *context,
                                 SecretStore::WriteCallback done)
{
    SecretStore::WriteCallback callback = later(this, context, std::move(done));
    const QString key = profile.secretKey(entry);
    if (auto e = m_store.recordSecretKey(profile.id, key)) {
        callback(e);
        return;
    }
    m_secrets.write(key, value, this, [this, id = profile.id, key, callback](Status status) {
        // The profile may have been removed while the keychain took its time (a prompt, a
        // slow D-Bus): its removal deleted the recorded key before this write landed. The
        // keychain cannot be listed, so an entry left now would stay forever.
        m_store.reload();
        if (!status && !m_store.find(id)) {
            m_secrets.remove(key, this,
                             [callback, id](Status) { callback(ProfileStore::notFound(id)); });
            return;
        }
        callback(status);
    });
}

void ProfileService::removeSecret(const Profile &profile, const QString &entry, QObject *context,
                                  SecretStore::WriteCallback done)
{
    SecretStore::WriteCallback callback = later(this, context, std::move(done));
    const QString key = profile.secretKey(entry);
    m_secrets.remove(key, this, [this, id = profile.id, key, callback](Status status) {
        if (status && status->code != Error::Code::NotFound) {
            callback(status); // keep the key recorded so a later removal tries again
            return;
        }
        callback(m_store.forgetSecretKey(id, key));
    });
}

} // namespace tw
