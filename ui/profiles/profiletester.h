#pragma once

#include "profiles/profile.h"
#include "profiles/profileservice.h"

#include <QObject>
#include <QTemporaryDir>
#include <memory>
#include <optional>

namespace tw {

class AuthManager;
class MemorySecretStore;
class ProfileStore;

// The editor's "Test" button: fetches one token for a profile that is not saved yet. The
// draft goes into a throwaway profile store with in-memory secrets and its own AuthManager,
// so nothing reaches the real profiles, the keychain or the live sessions.
class ProfileTester : public QObject
{
    Q_OBJECT
public:
    // `live` supplies the stored secrets an edit leaves unchanged.
    explicit ProfileTester(ProfileService *live, QObject *parent = nullptr);
    ~ProfileTester() override;

    // `stored`: the saved version of the profile when editing.
    void run(Profile draft, ProfileService::Secrets secrets, const std::optional<Profile> &stored);
    bool isRunning() const { return m_running; }

Q_SIGNALS:
    void finished(bool ok, const QString &report);

private:
    void fillStoredSecrets(Profile draft, ProfileService::Secrets secrets, QStringList entries,
                           const Profile &stored);
    void fetch(const Profile &draft, const ProfileService::Secrets &secrets);
    void finish(bool ok, const QString &report);

    ProfileService *m_live;
    bool m_running = false;
    // The scratch engine of the current run.
    std::unique_ptr<QTemporaryDir> m_dir;
    ProfileStore *m_store = nullptr;
    MemorySecretStore *m_secrets = nullptr;
    ProfileService *m_service = nullptr;
    AuthManager *m_auth = nullptr;
};

} // namespace tw
