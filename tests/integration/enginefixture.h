#pragma once

// An engine wired to the in-process sandbox over real sockets: temporary config dir,
// in-memory secret store (the keychain has its own tests), one AuthManager per "process".

#include "auth/apiclient.h"
#include "auth/authmanager.h"
#include "auth/commvaultpair.h"
#include "profiles/memorysecretstore.h"
#include "profiles/profileservice.h"
#include "profiles/profilestore.h"
#include "sandbox.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

namespace tw::testing {

// One process's view: its own store instance and engine over a shared dir and keychain.
struct EngineProcess
{
    EngineProcess(const QString &dir, SecretStore &secrets)
        : store(dir), service(store, secrets), auth(&store, &service), api(&auth)
    {
        store.load();
    }
    ProfileStore store;
    ProfileService service;
    AuthManager auth;
    ApiClient api;
};

template <typename T>
T waitFor(std::function<void(std::function<void(T)>)> start, int timeoutMs = 20000)
{
    std::optional<T> result;
    start([&result](T value) { result.emplace(std::move(value)); });
    [&] { QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), timeoutMs); }();
    if (!result)
        qFatal("timed out waiting for a callback");
    return std::move(*result);
}

class EngineFixture
{
public:
    explicit EngineFixture(sandbox::SandboxConfig config = {})
        : sandbox(std::make_unique<sandbox::Sandbox>(config))
    {
        if (!sandbox->listen(0))
            qFatal("sandbox did not start");
        providers = sandbox->describe().value(QLatin1String("providers")).toObject();
        process = std::make_unique<EngineProcess>(dir.path(), secrets);
    }

    QJsonObject provider(const QString &name) const { return providers.value(name).toObject(); }
    QString value(const QString &prov, const char *key) const
    {
        return provider(prov).value(QLatin1String(key)).toString();
    }

    // A profile for a sandbox provider, the way the CLI would make it.
    Profile profileFor(const QString &prov, const QString &name = QString()) const
    {
        const QString kindName =
            prov == QLatin1String("druva-gov") ? QStringLiteral("druva") : prov;
        Profile p = Profile::preset(*kindFromString(kindName));
        p.id = QUuid::createUuid();
        p.name = name.isEmpty() ? prov : name;
        p.tokenUrl = QUrl(value(prov, "token_url"));
        p.issuer = prov == QLatin1String("oidc") ? QUrl(value(prov, "issuer")) : QUrl();
        p.apiBase = QUrl(value(prov, "api_base"));
        p.clientId = value(prov, "client_id");
        if (p.kind == ProviderKind::Commvault) {
            p.commvault.created = QDateTime::fromString(value(prov, "created"), Qt::ISODate);
            p.commvault.scope = CommvaultScope::All;
        }
        return p;
    }

    ProfileService::Secrets secretsFor(const Profile &p, const QString &prov) const
    {
        if (p.kind == ProviderKind::Commvault) {
            if (p.commvault.mode == CommvaultMode::LoginSession)
                return {{SecretEntry::Password, value(prov, "password").toUtf8()}};
            const auto pair =
                CommvaultPair::initial(p, value(prov, "access_token"), value(prov, "refresh_token"),
                                       QDateTime::currentDateTimeUtc());
            return {{SecretEntry::CommvaultPair, QJsonDocument(pair.toJson()).toJson()}};
        }
        return {{SecretEntry::ClientSecret, value(prov, "client_secret").toUtf8()}};
    }

    Profile add(const Profile &p, const ProfileService::Secrets &secrets)
    {
        auto saved = waitFor<Result<Profile>>(
            [&](auto done) { process->service.addProfile(p, secrets, nullptr, done); });
        if (!saved)
            qFatal("could not add profile: %s", qPrintable(saved.error().toString()));
        return saved.value();
    }

    Profile add(const QString &prov, const QString &name = QString())
    {
        const Profile p = profileFor(prov, name);
        return add(p, secretsFor(p, prov));
    }

    static Result<Token> token(AuthSession *session, bool force = false)
    {
        return waitFor<Result<Token>>([&](auto done) {
            if (force)
                session->refresh(nullptr, done);
            else
                session->requestToken(nullptr, done);
        });
    }

    Result<ApiOutcome> call(const Profile &p, const ApiRequest &request,
                            EngineProcess *in = nullptr)
    {
        EngineProcess *proc = in ? in : process.get();
        return waitFor<Result<ApiOutcome>>(
            [&](auto done) { proc->api.send(p.id, request, nullptr, done); }, 30000);
    }

    std::unique_ptr<sandbox::Sandbox> sandbox;
    QJsonObject providers;
    QTemporaryDir dir;
    MemorySecretStore secrets;
    std::unique_ptr<EngineProcess> process;
};

} // namespace tw::testing
