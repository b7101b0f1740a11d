#include "authorizationcodes.h"

#include "httpexchange.h"

#include <QCryptographicHash>

namespace tw::sandbox {

namespace {
bool unreservedOnly(const QString &text)
{
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (!((u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') ||
              u == '-' || u == '.' || u == '_' || u == '~'))
            return false;
    }
    return true;
}
} // namespace

QString AuthorizationCodes::s256(const QString &codeVerifier)
{
    return QString::fromLatin1(
        base64Url(QCryptographicHash::hash(codeVerifier.toLatin1(), QCryptographicHash::Sha256)));
}

bool AuthorizationCodes::isValidChallenge(const QString &challenge)
{
    // S256 of anything is 32 octets: 43 base64url characters.
    return challenge.size() == 43 && unreservedOnly(challenge);
}

bool AuthorizationCodes::isValidVerifier(const QString &verifier)
{
    return verifier.size() >= 43 && verifier.size() <= 128 && unreservedOnly(verifier);
}

QString AuthorizationCodes::begin(const Request &request, qint64 nowMs)
{
    QMutexLocker lock(&m_mutex);
    const QString id = QString::fromLatin1(randomHex(16));
    m_pending.insert(id, {request, nowMs + qint64(RequestLifetimeSec) * 1000});
    return id;
}

std::optional<AuthorizationCodes::Request> AuthorizationCodes::take(const QString &id, qint64 nowMs)
{
    QMutexLocker lock(&m_mutex);
    const auto it = m_pending.find(id);
    if (id.isEmpty() || it == m_pending.end())
        return std::nullopt;
    const Pending pending = *it;
    m_pending.erase(it);
    if (nowMs >= pending.expiresAtMs)
        return std::nullopt;
    return pending.request;
}

QString AuthorizationCodes::issue(const Request &request, qint64 nowMs)
{
    QMutexLocker lock(&m_mutex);
    const QString code = QStringLiteral("ac.") + QString::fromLatin1(randomHex(24));
    m_codes.insert(code, {request, nowMs + qint64(CodeLifetimeSec) * 1000, false});
    return code;
}

AuthorizationCodes::Redeemed AuthorizationCodes::redeem(const QString &code,
                                                        const QString &clientId,
                                                        const QString &redirectUri,
                                                        const QString &codeVerifier, qint64 nowMs)
{
    QMutexLocker lock(&m_mutex);
    Redeemed result;
    auto it = m_codes.find(code);
    if (code.isEmpty() || it == m_codes.end())
        return result;
    if (it->used) {
        result.outcome = Redeem::Replayed;
        return result;
    }
    if (nowMs >= it->expiresAtMs) {
        result.outcome = Redeem::Expired;
    } else if (it->request.clientId != clientId) {
        result.outcome = Redeem::WrongClient;
    } else if (it->request.redirectUri != redirectUri) {
        // RFC 6749 §4.1.3: identical to the one of the authorization request.
        result.outcome = Redeem::WrongRedirect;
    } else if (!isValidVerifier(codeVerifier) || s256(codeVerifier) != it->request.codeChallenge) {
        result.outcome = Redeem::WrongVerifier;
    } else {
        result.outcome = Redeem::Ok;
        result.scope = it->request.scope;
    }
    // One attempt per code, whatever its outcome: a failed guess cannot be followed by another.
    it->used = true;
    return result;
}

} // namespace tw::sandbox
