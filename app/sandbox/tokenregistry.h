#pragma once

#include <QHash>
#include <QJsonObject>
#include <QMutex>
#include <QString>

namespace tw::sandbox {

// One access token the sandbox handed out.
struct IssuedToken
{
    QString realm;   // who issued it and where it is valid: "druva-msp", "druva", "druva-gov", …
    QString subject; // client id or user name
    QString customerId;     // Druva MSP customer tokens only
    QJsonObject extra;      // vendor specific: scope, audience, Commvault chain id, …
    qint64 expiresAtMs = 0; // wall clock, because JWT "exp" claims are wall-clock too
    quint64 generation = 0;
};

enum class TokenState { Unknown, Valid, Expired, Revoked };

// Every access token issued by any provider, looked up by its exact value. Thread-safe: providers
// run on pool threads.
class TokenRegistry
{
public:
    void add(const QString &token, IssuedToken info);
    TokenState check(const QString &token, const QString &realm, IssuedToken *info = nullptr) const;
    void revoke(const QString &token);
    void revokeAll(); // everything issued so far becomes Revoked
    quint64 generation() const;

private:
    void pruneLocked(qint64 nowMs);

    mutable QMutex m_mutex;
    QHash<QString, IssuedToken> m_tokens;
    quint64 m_generation = 1;
};

} // namespace tw::sandbox
