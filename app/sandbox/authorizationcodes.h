#pragma once

#include <QHash>
#include <QMutex>
#include <QString>
#include <optional>

namespace tw::sandbox {

// The authorization code grant's server state (RFC 6749 §4.1 with PKCE, RFC 7636): sign-in
// requests waiting on the page for Approve or Deny, and the codes handed out. A code lives
// a minute, works once, and is bound to its client, its exact redirect_uri and its S256
// code_challenge. Times are passed in (milliseconds) so tests need not wait. Thread-safe:
// providers run on pool threads.
class AuthorizationCodes
{
public:
    static constexpr int CodeLifetimeSec = 60;
    static constexpr int RequestLifetimeSec = 600;

    struct Request
    {
        QString clientId;
        QString redirectUri;
        QString scope;
        QString state;
        QString codeChallenge; // S256 only
        QString loginHint;
    };
    // A sign-in request shown on the page; the id goes into the page's form.
    QString begin(const Request &request, qint64 nowMs);
    // The request behind a form's id, once; nullopt when unknown, used or stale.
    std::optional<Request> take(const QString &id, qint64 nowMs);

    // A code for an approved request.
    QString issue(const Request &request, qint64 nowMs);

    enum class Redeem { Ok, Unknown, Replayed, Expired, WrongClient, WrongRedirect, WrongVerifier };
    struct Redeemed
    {
        Redeem outcome = Redeem::Unknown;
        QString scope;
    };
    // A token request for `code`. The first attempt uses the code up; any later one is
    // Replayed (RFC 6749 §4.1.2: the tokens issued from it should then be revoked).
    Redeemed redeem(const QString &code, const QString &clientId, const QString &redirectUri,
                    const QString &codeVerifier, qint64 nowMs);

    // RFC 7636 §4.2 and §4.1 (43–128 unreserved characters).
    static QString s256(const QString &codeVerifier);
    static bool isValidChallenge(const QString &challenge);
    static bool isValidVerifier(const QString &verifier);

private:
    struct Code
    {
        Request request;
        qint64 expiresAtMs = 0;
        bool used = false;
    };
    struct Pending
    {
        Request request;
        qint64 expiresAtMs = 0;
    };

    QMutex m_mutex;
    QHash<QString, Pending> m_pending;
    QHash<QString, Code> m_codes;
};

} // namespace tw::sandbox
