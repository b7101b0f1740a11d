#include "auth/clientauthauto.h"

#include "auth/tokenrequest.h"

#include <QJsonArray>

namespace tw::ClientAuthAuto {

QStringList advertised(const std::optional<DiscoveryDocument> &doc, Endpoint endpoint)
{
    if (!doc)
        return {QStringLiteral("client_secret_basic")};
    const char *field =
        endpoint == Endpoint::Revocation      ? "revocation_endpoint_auth_methods_supported"
        : endpoint == Endpoint::Introspection ? "introspection_endpoint_auth_methods_supported"
                                              : nullptr;
    if (field) {
        QStringList own;
        for (const QJsonValue &method : doc->raw.value(QLatin1String(field)).toArray()) {
            if (method.isString())
                own << method.toString();
        }
        // RFC 8414 §2 defaults an absent list to client_secret_basic; a server that takes a
        // signed assertion at its token endpoint but says nothing here takes the same
        // methods in practice (Keycloak, oidc-provider list both), so the token endpoint's
        // list is the better guess.
        if (!own.isEmpty())
            return own;
    }
    return doc->authMethods;
}

ClientAuth choose(const Profile &profile, const QStringList &advertised)
{
    const bool hasKey = profile.secretKeys.contains(profile.secretKey(SecretEntry::PrivateKey));
    const bool hasSecret =
        profile.secretKeys.contains(profile.secretKey(SecretEntry::ClientSecret));
    const ClientAuth basic = profile.learnedBasic.value_or(ClientAuth::ClientSecretBasic);
    auto offers = [&](const char *method) { return advertised.contains(QLatin1String(method)); };
    if (hasKey && offers("private_key_jwt"))
        return ClientAuth::PrivateKeyJwt;
    if (hasSecret) {
        if (offers("client_secret_basic"))
            return basic;
        if (offers("client_secret_post"))
            return ClientAuth::ClientSecretPost;
        if (offers("client_secret_jwt"))
            return ClientAuth::ClientSecretJwt;
    }
    if (hasKey)
        return ClientAuth::PrivateKeyJwt;
    if (hasSecret)
        return basic;
    return ClientAuth::None;
}

Profile resolve(const Profile &profile, const QStringList &advertised)
{
    Profile resolved = profile;
    if (profile.clientAuthAuto)
        resolved.clientAuth = choose(profile, advertised);
    return resolved;
}

std::optional<ClientAuth> otherBasicEncoding(const Profile &resolved, const QString &secret)
{
    if (!resolved.clientAuthAuto)
        return std::nullopt;
    ClientAuth other;
    if (resolved.clientAuth == ClientAuth::ClientSecretBasic)
        other = ClientAuth::BasicRaw;
    else if (resolved.clientAuth == ClientAuth::BasicRaw)
        other = ClientAuth::ClientSecretBasic;
    else
        return std::nullopt;
    const bool differs = TokenRequest::basicAuthorization(resolved.clientId, secret, true) !=
                         TokenRequest::basicAuthorization(resolved.clientId, secret, false);
    return differs ? std::optional<ClientAuth>(other) : std::nullopt;
}

} // namespace tw::ClientAuthAuto
