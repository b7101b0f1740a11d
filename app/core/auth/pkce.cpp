#include "auth/pkce.h"

#include <QByteArray>
#include <QCryptographicHash>
#include <QRandomGenerator>

namespace tw::Pkce {

namespace {
QString randomBase64Url(int octets)
{
    QByteArray bytes(octets, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(bytes.data()),
                                          octets / int(sizeof(quint32)));
    return QString::fromLatin1(
        bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}
} // namespace

QString newCodeVerifier()
{
    return randomBase64Url(32);
}

QString s256Challenge(const QString &codeVerifier)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(codeVerifier.toLatin1(), QCryptographicHash::Sha256)
            .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

bool isValidCodeVerifier(const QString &codeVerifier)
{
    if (codeVerifier.size() < 43 || codeVerifier.size() > 128)
        return false;
    for (const QChar c : codeVerifier) {
        const char16_t u = c.unicode();
        const bool unreserved = (u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') ||
                                (u >= '0' && u <= '9') || u == '-' || u == '.' || u == '_' ||
                                u == '~';
        if (!unreserved)
            return false;
    }
    return true;
}

QString newState()
{
    return randomBase64Url(32);
}

} // namespace tw::Pkce
