#pragma once

// A throwaway world for GUI tests: the sandbox on an ephemeral port, a profile store in a
// temporary directory, in-memory secrets, one AuthManager and the GUI settings next to the
// profiles (so no test touches the user's files or keychain).

#include "auth/authmanager.h"
#include "democredentials.h"
#include "profiles/memorysecretstore.h"
#include "profiles/profileservice.h"
#include "profiles/profilestore.h"
#include "sandbox.h"
#include "ui/common/guisettings.h"

#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

struct GuiFixture
{
    explicit GuiFixture(int tokenLifetimeSec = 0)
        : sandbox(config(tokenLifetimeSec)), store(dir.path()), service(store, secrets),
          auth(&store, &service), settings(dir.path())
    {
        if (!sandbox.listen(0))
            qFatal("sandbox did not start");
    }

    static tw::sandbox::SandboxConfig config(int lifetime)
    {
        tw::sandbox::SandboxConfig c;
        c.tokenLifetimeSec = lifetime;
        return c;
    }

    QJsonObject provider(const char *key) const
    {
        return sandbox.describe()
            .value("providers")
            .toObject()
            .value(QLatin1String(key))
            .toObject();
    }

    // Adds a client-credentials profile of `kind` for sandbox entry `key`; returns it.
    tw::Profile addProfile(tw::ProviderKind kind, const char *key, const QString &name)
    {
        const QJsonObject entry = provider(key);
        tw::Profile p = tw::Profile::preset(kind);
        p.name = name;
        if (kind == tw::ProviderKind::Oidc)
            p.issuer = QUrl(entry.value("issuer").toString());
        else
            p.tokenUrl = QUrl(entry.value("token_url").toString());
        p.apiBase = QUrl(entry.value("api_base").toString());
        p.clientId = entry.value("client_id").toString();
        return add(
            p, {{tw::SecretEntry::ClientSecret, entry.value("client_secret").toString().toUtf8()}});
    }

    tw::Profile add(const tw::Profile &profile, const tw::ProfileService::Secrets &secrets)
    {
        std::optional<tw::Profile> added;
        QString error;
        service.addProfile(profile, secrets, nullptr, [&](tw::Result<tw::Profile> result) {
            if (result)
                added = result.value();
            else
                error = result.error().toString();
        });
        if (!QTest::qWaitFor([&] { return added.has_value() || !error.isEmpty(); }, 5000))
            qFatal("addProfile did not finish");
        if (!added)
            qFatal("addProfile failed: %s", qPrintable(error));
        return *added;
    }

    QTemporaryDir dir;
    tw::sandbox::Sandbox sandbox;
    tw::ProfileStore store;
    tw::MemorySecretStore secrets;
    tw::ProfileService service;
    tw::AuthManager auth;
    tw::GuiSettings settings;
};
