#pragma once

// An engine whose profiles point at hostile test servers (hostileserver.h) instead of the
// sandbox: temporary config dir, in-memory secrets, real sockets.

#include "enginefixture.h"
#include "hostileserver.h"

namespace tw::testing {

// Distinctive and full of characters that encodings change: a leak in any form shows.
inline const QString kHostileSecret = QStringLiteral("Zq+7/u=:%&pK secret");
inline const QString kHostileClientId = QStringLiteral("hostile-client");

class HostileFixture
{
public:
    HostileFixture() : process(std::make_unique<EngineProcess>(dir.path(), secrets)) {}

    // An oauth2 profile whose token URL and API base are on `server`.
    Profile oauth2(const HostileServer &server, ClientAuth auth = ClientAuth::ClientSecretPost,
                   const QString &name = QStringLiteral("hostile"))
    {
        Profile p = Profile::preset(ProviderKind::OAuth2);
        p.id = QUuid::createUuid();
        p.name = name;
        p.tokenUrl = server.url(QStringLiteral("/token"));
        p.apiBase = server.url(QStringLiteral("/api"));
        p.clientId = kHostileClientId;
        p.clientAuth = auth;
        return add(p, {{SecretEntry::ClientSecret, kHostileSecret.toUtf8()}});
    }

    Profile add(Profile p, const ProfileService::Secrets &secrets)
    {
        auto saved = waitFor<Result<Profile>>(
            [&](auto done) { process->service.addProfile(p, secrets, nullptr, done); });
        if (!saved)
            qFatal("could not add profile: %s", qPrintable(saved.error().toString()));
        return saved.value();
    }

    Result<Token> token(const Profile &p, bool force = false, const QString &customer = {})
    {
        AuthSession *session = process->auth.session(p.id, customer);
        if (!session)
            qFatal("no session");
        return EngineFixture::token(session, force);
    }

    Result<ApiOutcome> call(const Profile &p, const ApiRequest &request)
    {
        return waitFor<Result<ApiOutcome>>(
            [&](auto done) { process->api.send(p.id, request, nullptr, done); }, 30000);
    }

    // Every form the secret could travel in: raw, percent- and form-encoded, JSON-escaped,
    // and inside HTTP Basic (raw and RFC 6749 encodings).
    static QList<QByteArray> secretForms(const QString &secret = kHostileSecret)
    {
        KnownSecrets known;
        known.remember(QStringLiteral("secret"), secret);
        QList<QByteArray> forms;
        for (const QString &v : known.values())
            forms << v.toUtf8();
        forms << (kHostileClientId + QLatin1Char(':') + secret).toUtf8().toBase64();
        forms << (TokenRequest::formUrlEncode(kHostileClientId) + ':' +
                  TokenRequest::formUrlEncode(secret))
                     .toBase64();
        return forms;
    }
    static bool containsSecret(const QByteArray &bytes, const QString &secret = kHostileSecret)
    {
        for (const QByteArray &form : secretForms(secret)) {
            if (bytes.contains(form))
                return true;
        }
        return false;
    }

    QTemporaryDir dir;
    MemorySecretStore secrets;
    std::unique_ptr<EngineProcess> process;
};

} // namespace tw::testing
