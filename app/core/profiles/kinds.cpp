#include "profiles/kinds.h"

#include <QCoreApplication>
#include <array>
#include <utility>

namespace tw {

namespace {
template <typename E, size_t N>
std::optional<E> lookup(const std::array<std::pair<E, const char *>, N> &table, const QString &text)
{
    const QString wanted = text.trimmed().toLower();
    for (const auto &[value, name] : table) {
        if (wanted == QLatin1String(name))
            return value;
    }
    return std::nullopt;
}

template <typename E, size_t N>
QString name(const std::array<std::pair<E, const char *>, N> &table, E value)
{
    for (const auto &[v, n] : table) {
        if (v == value)
            return QString::fromLatin1(n);
    }
    return {};
}

template <typename E, size_t N>
QStringList names(const std::array<std::pair<E, const char *>, N> &table)
{
    QStringList out;
    for (const auto &entry : table)
        out << QString::fromLatin1(entry.second);
    return out;
}

constexpr std::array kKinds{
    std::pair{ProviderKind::DruvaMsp, "druva-msp"}, std::pair{ProviderKind::Druva, "druva"},
    std::pair{ProviderKind::Oidc, "oidc"},          std::pair{ProviderKind::Commvault, "commvault"},
    std::pair{ProviderKind::OAuth2, "oauth2"},
};
constexpr std::array kAuths{
    std::pair{ClientAuth::BasicRaw, "basic-raw"},
    std::pair{ClientAuth::ClientSecretBasic, "client_secret_basic"},
    std::pair{ClientAuth::ClientSecretPost, "client_secret_post"},
    std::pair{ClientAuth::None, "none"},
    std::pair{ClientAuth::ClientSecretJwt, "client_secret_jwt"},
    std::pair{ClientAuth::PrivateKeyJwt, "private_key_jwt"},
};
constexpr std::array kSigningAlgs{
    std::pair{SigningAlg::RS256, "rs256"},
    std::pair{SigningAlg::PS256, "ps256"},
    std::pair{SigningAlg::ES256, "es256"},
};
constexpr std::array kGrants{
    std::pair{Grant::ClientCredentials, "client_credentials"},
    std::pair{Grant::DeviceCode, "device_code"},
    std::pair{Grant::AuthorizationCode, "authorization_code"},
};
constexpr std::array kCvScopes{
    std::pair{CommvaultScope::All, "all"},
    std::pair{CommvaultScope::Custom, "custom"},
    std::pair{CommvaultScope::Scim, "scim"},
    std::pair{CommvaultScope::OneTouch, "1-touch"},
};
constexpr std::array kCvModes{
    std::pair{CommvaultMode::AccessToken, "access-token"},
    std::pair{CommvaultMode::LoginSession, "login"},
};
} // namespace

QString kindToString(ProviderKind kind)
{
    return name(kKinds, kind);
}
std::optional<ProviderKind> kindFromString(const QString &text)
{
    return lookup(kKinds, text);
}
QStringList allKindNames()
{
    return names(kKinds);
}

QString kindDisplayName(ProviderKind kind)
{
    switch (kind) {
    case ProviderKind::DruvaMsp:
        return QCoreApplication::translate("tw", "Druva MSP");
    case ProviderKind::Druva:
        return QCoreApplication::translate("tw", "Druva Cloud");
    case ProviderKind::Oidc:
        return QCoreApplication::translate("tw", "OIDC MSP portal");
    case ProviderKind::Commvault:
        return QCoreApplication::translate("tw", "Commvault");
    case ProviderKind::OAuth2:
        return QCoreApplication::translate("tw", "OAuth 2.0");
    }
    return {};
}

QString clientAuthToString(ClientAuth auth)
{
    return name(kAuths, auth);
}
std::optional<ClientAuth> clientAuthFromString(const QString &text)
{
    if (text.trimmed().toLower() == QLatin1String("basic"))
        return ClientAuth::ClientSecretBasic;
    return lookup(kAuths, text);
}
QStringList allClientAuthNames()
{
    return names(kAuths);
}

bool usesClientAssertion(ClientAuth auth)
{
    return auth == ClientAuth::ClientSecretJwt || auth == ClientAuth::PrivateKeyJwt;
}

QString signingAlgToString(SigningAlg alg)
{
    return name(kSigningAlgs, alg).toUpper();
}
std::optional<SigningAlg> signingAlgFromString(const QString &text)
{
    if (text.trimmed().isEmpty() || text.trimmed().toLower() == QLatin1String("auto"))
        return SigningAlg::Auto;
    return lookup(kSigningAlgs, text);
}

QString grantToString(Grant grant)
{
    return name(kGrants, grant);
}
std::optional<Grant> grantFromString(const QString &text)
{
    return lookup(kGrants, text);
}
QStringList allGrantNames()
{
    return names(kGrants);
}
bool isInteractive(Grant grant)
{
    return grant == Grant::DeviceCode || grant == Grant::AuthorizationCode;
}

QString commvaultScopeToString(CommvaultScope scope)
{
    return name(kCvScopes, scope);
}
std::optional<CommvaultScope> commvaultScopeFromString(const QString &text)
{
    const QString t = text.trimmed().toLower();
    if (t == QLatin1String("1touch") || t == QLatin1String("onetouch"))
        return CommvaultScope::OneTouch;
    return lookup(kCvScopes, text);
}

QString commvaultModeToString(CommvaultMode mode)
{
    return name(kCvModes, mode);
}
std::optional<CommvaultMode> commvaultModeFromString(const QString &text)
{
    return lookup(kCvModes, text);
}

bool treats403AsExpired(ProviderKind kind)
{
    return kind == ProviderKind::Druva || kind == ProviderKind::DruvaMsp;
}

bool listsCustomers(ProviderKind kind)
{
    return kind == ProviderKind::DruvaMsp || kind == ProviderKind::Oidc;
}

bool mintsCustomerTokens(ProviderKind kind)
{
    return kind == ProviderKind::DruvaMsp;
}

} // namespace tw
