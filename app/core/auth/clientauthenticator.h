#pragma once

#include "common/error.h"
#include "common/httpclient.h"
#include "profiles/profile.h"

#include <QByteArray>
#include <QList>
#include <QUrl>
#include <functional>

class QObject;

namespace tw {

class AuthManager;

// The one way the engine proves a client to its provider, shared by the token fetchers and
// the revocation/introspection client: the secret is read (keychain or secret command) and
// remembered for redaction, and a request carrying it goes only where the transport policy
// allows. Callbacks run from the event loop and are dropped when `owner` dies.
class ClientAuthenticator
{
public:
    ClientAuthenticator(AuthManager *manager, QObject *owner) : m_manager(manager), m_owner(owner)
    {
    }

    // Reads a secret entry; NotFound becomes an empty value. The value is remembered so no
    // message can show it (KnownSecrets).
    void readSecret(const Profile &profile, const QString &entry,
                    std::function<void(Result<QByteArray>)> done) const;
    // Sends a request that carries a credential once the transport policy allows its target
    // (the profile's own origins, or `alsoTrusted` endpoints its discovery named; plain HTTP
    // only to loopback or where allowed). HttpClient then refuses any redirect off that
    // origin and waits out 429/503 a few times. Returns the refusal, with nothing sent;
    // `onReply` runs only for a request that was sent.
    Status sendCredential(const Profile &profile, HttpRequest request, HttpClient::Callback onReply,
                          const QList<QUrl> &alsoTrusted = {}) const;

private:
    AuthManager *m_manager;
    QObject *m_owner;
};

} // namespace tw
