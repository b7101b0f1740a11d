#include "auth/transportpolicy.h"

#include "common/httpclient.h"

#include <QCoreApplication>

namespace tw::TransportPolicy {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("TransportPolicy", text);
}
} // namespace

bool isOwnOrigin(const Profile &profile, const QUrl &url)
{
    for (const QUrl &own : {profile.apiBase, profile.tokenUrl, profile.issuer}) {
        if (!own.isEmpty() && sameOrigin(own, url))
            return true;
    }
    return false;
}

Status checkCredentialTarget(const Profile &profile, const QUrl &url)
{
    Error e;
    e.code = Error::Code::Refused;
    if (!url.isValid() || url.host().isEmpty()) {
        e.code = Error::Code::InvalidInput;
        e.message = tr("\"%1\" is not a valid URL.").arg(url.toString(QUrl::RemoveUserInfo));
        return e;
    }
    if (!isOwnOrigin(profile, url)) {
        e.message = tr("Refusing to send the token of \"%1\" to %2: it is not one of the "
                       "profile's own origins.")
                        .arg(profile.name, url.scheme() + QStringLiteral("://") + url.authority());
        return e;
    }
    if (url.scheme() == QLatin1String("http") && !isLoopbackHost(url.host()) &&
        !profile.options.allowInsecureHttp) {
        e.message = tr("Refusing to send a token over plain HTTP to %1; use https:// or allow "
                       "insecure HTTP for this profile.")
                        .arg(url.host());
        return e;
    }
    return std::nullopt;
}

} // namespace tw::TransportPolicy
