#include "auth/transportpolicy.h"

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

Status checkCredentialTarget(const Profile &profile, const QUrl &url,
                             const QList<QUrl> &alsoTrusted)
{
    if (!url.isValid() || url.host().isEmpty())
        return Error::make(
            Error::Code::InvalidInput,
            tr("\"%1\" is not a valid URL.").arg(url.toString(QUrl::RemoveUserInfo)));
    const bool trusted = std::any_of(alsoTrusted.cbegin(), alsoTrusted.cend(),
                                     [&url](const QUrl &t) { return sameOrigin(t, url); });
    if (!trusted && !isOwnOrigin(profile, url)) {
        return Error::make(
            Error::Code::Refused,
            tr("Refusing to send the credentials of \"%1\" to %2: it is not one of the "
               "profile's own origins.")
                .arg(profile.name, originOf(url)));
    }
    if (url.scheme() == QLatin1String("http") && !isLoopbackHost(url.host()) &&
        !profile.options.allowInsecureHttp) {
        return Error::make(Error::Code::Refused,
                           tr("Refusing to send credentials over plain HTTP to %1; use https:// or "
                              "allow insecure HTTP for this profile.")
                               .arg(url.host()));
    }
    return std::nullopt;
}

TransportOptions optionsFor(const Profile &profile, int timeoutOverrideSec)
{
    TransportOptions options;
    options.verifyTls = profile.options.verifyTls;
    options.caFile = profile.options.caFile;
    options.allowInsecureHttp = profile.options.allowInsecureHttp;
    const int seconds = timeoutOverrideSec > 0 ? timeoutOverrideSec : profile.options.timeoutSec;
    options.timeoutMs = std::clamp(seconds, 1, ProfileOptions::kMaxTimeoutSec) * 1000;
    return options;
}

} // namespace tw::TransportPolicy
