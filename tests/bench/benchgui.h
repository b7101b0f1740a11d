#pragma once

// What bench_gui_memory and bench_console_stall share: a throwaway profile world (config in
// a temporary directory, secrets in memory) and the probes they print as one JSON line.
#include "auth/authmanager.h"
#include "profiles/memorysecretstore.h"
#include "profiles/profileservice.h"
#include "profiles/profilestore.h"
#include "ui/common/guisettings.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <cstdio>
#include <functional>

namespace benchgui {

inline long residentKb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLong();
    }
    return -1;
}

[[noreturn]] inline void fail(const QString &why)
{
    std::fprintf(stderr, "%s\n", qPrintable(why));
    std::exit(1);
}

// A sandbox provider entry as `tokenwright-cli sandbox` describes it.
inline QJsonObject providerFromArgument(const char *json)
{
    const QJsonObject entry = QJsonDocument::fromJson(QByteArray(json)).object();
    if (entry.isEmpty())
        fail(QStringLiteral("expected a sandbox provider entry as JSON"));
    return entry;
}

struct World
{
    World()
        : store(dir.path()), service(store, secrets), auth(&store, &service), settings(dir.path())
    {
    }

    // Profiles without secrets, written in one go (the list only needs their metadata).
    void addPlainProfiles(int count, const QJsonObject &like)
    {
        for (int i = 0; i < count; ++i) {
            tw::Profile p = tw::Profile::preset(tw::ProviderKind::OAuth2);
            p.name = QStringLiteral("bench-%1").arg(i, 2, 10, QLatin1Char('0'));
            p.tokenUrl = QUrl(like.value(QLatin1String("token_url")).toString());
            p.apiBase = QUrl(like.value(QLatin1String("api_base")).toString());
            p.clientId = QStringLiteral("client-%1").arg(i);
            if (!store.add(p))
                fail(QStringLiteral("could not add %1").arg(p.name));
        }
    }

    // A client-credentials profile for a sandbox provider entry, secret included.
    void addProfile(tw::ProviderKind kind, const QJsonObject &entry, const QString &name,
                    std::function<void(tw::Profile)> done)
    {
        tw::Profile p = tw::Profile::preset(kind);
        p.name = name;
        p.tokenUrl = QUrl(entry.value(QLatin1String("token_url")).toString());
        p.apiBase = QUrl(entry.value(QLatin1String("api_base")).toString());
        p.clientId = entry.value(QLatin1String("client_id")).toString();
        const QByteArray secret = entry.value(QLatin1String("client_secret")).toString().toUtf8();
        service.addProfile(p, {{tw::SecretEntry::ClientSecret, secret}}, nullptr,
                           [done = std::move(done)](tw::Result<tw::Profile> result) {
                               if (!result)
                                   fail(result.error().toString());
                               done(result.value());
                           });
    }

    QTemporaryDir dir;
    tw::ProfileStore store;
    tw::MemorySecretStore secrets;
    tw::ProfileService service;
    tw::AuthManager auth;
    tw::GuiSettings settings;
};

} // namespace benchgui
