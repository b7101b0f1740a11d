#pragma once

#include "common/error.h"
#include "profiles/profile.h"
#include "profiles/profileservice.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QTemporaryDir>
#include <QUrl>
#include <memory>

namespace tw::sandbox {
class Sandbox;
}

namespace tw {

// `tokenwright --demo`: the provider emulator in this process on an ephemeral port, a
// throwaway config directory and keychain service name, and one profile per provider kind
// with the emulator's demo credentials.
class DemoSetup : public QObject
{
    Q_OBJECT
public:
    struct DemoProfile
    {
        Profile profile;
        ProfileService::Secrets secrets;
    };

    explicit DemoSetup(QObject *parent = nullptr);
    ~DemoSetup() override;

    // Starts the sandbox and points TOKENWRIGHT_CONFIG_DIR / TOKENWRIGHT_KEYCHAIN_SERVICE at
    // throwaway values: call before any store is made.
    Status start(int tokenLifetimeSec = 0);
    QString configDir() const;
    QString keychainService() const { return m_service; }
    sandbox::Sandbox *sandbox() const { return m_sandbox.get(); }
    QUrl baseUrl() const;

    // One profile per kind from Sandbox::describe().
    static QList<DemoProfile> demoProfiles(const QJsonObject &describe, const QDateTime &now);
    // Adds them through the service, one after the other.
    void createProfiles(ProfileService *service, std::function<void(Status)> done);

private:
    void addNext(ProfileService *service, QList<DemoProfile> rest,
                 std::function<void(Status)> done);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<sandbox::Sandbox> m_sandbox;
    QString m_service;
};

} // namespace tw
