#include "rawbasicoauth.h"

#include "democredentials.h"
#include "tokenendpoint.h"

#include <QDateTime>
#include <QJsonArray>

namespace tw::sandbox {

static constexpr int RawBasicLifetime = 3600;
static const QString Realm = QStringLiteral("rawbasic");

QString RawBasicOAuth::endpointFor(const HttpRequest &request) const
{
    const QString &path = request.path;
    if (path == QLatin1String("/.well-known/oauth-authorization-server/rawbasic") ||
        path == QLatin1String("/rawbasic/.well-known/openid-configuration"))
        return QStringLiteral("rawbasic.discovery");
    if (path == QLatin1String("/rawbasic/token"))
        return QStringLiteral("rawbasic.token");
    return {};
}

HttpReply RawBasicOAuth::handle(const QString &endpoint, const HttpRequest &request)
{
    if (endpoint == QLatin1String("rawbasic.token"))
        return token(request);
    const QString issuer = m_context->baseUrl() + QStringLiteral("/rawbasic");
    return HttpReply::json(
        {{QStringLiteral("issuer"), issuer},
         {QStringLiteral("token_endpoint"), issuer + QStringLiteral("/token")},
         {QStringLiteral("token_endpoint_auth_methods_supported"),
          QJsonArray{QStringLiteral("client_secret_basic")}},
         {QStringLiteral("grant_types_supported"),
          QJsonArray{QStringLiteral("client_credentials")}},
         {QStringLiteral("response_types_supported"), QJsonArray{QStringLiteral("token")}}});
}

QJsonObject RawBasicOAuth::describe() const
{
    const QString base = m_context->baseUrl();
    return {
        {QStringLiteral("rawbasic"),
         QJsonObject{{QStringLiteral("issuer"), base + QStringLiteral("/rawbasic")},
                     {QStringLiteral("token_url"), base + QStringLiteral("/rawbasic/token")},
                     {QStringLiteral("client_id"), QString::fromLatin1(demo::OAuth2ClientId)},
                     {QStringLiteral("client_secret"), QString::fromUtf8(demo::OAuth2Secret)}}}};
}

HttpReply RawBasicOAuth::token(const HttpRequest &request)
{
    if (auto error = checkTokenRequest(request, {QStringLiteral("client_credentials")}))
        return *error;
    QByteArray id, secret;
    const bool basic = request.basicCredentials(&id, &secret);
    // The deviation: the raw bytes are compared, so only an undecoded Basic matches.
    if (!basic || id != demo::OAuth2ClientId || secret != demo::OAuth2Secret)
        return invalidClient(QStringLiteral("Client authentication failed"), basic);
    const QString accessToken =
        QStringLiteral("raw-") +
        QString::fromLatin1(randomBytes(24).toBase64(QByteArray::Base64UrlEncoding |
                                                     QByteArray::OmitTrailingEquals));
    IssuedToken issued;
    issued.realm = Realm;
    issued.subject = QString::fromUtf8(id);
    const int lifetime = m_context->lifetime(RawBasicLifetime);
    issued.expiresAtMs = QDateTime::currentMSecsSinceEpoch() + qint64(lifetime) * 1000;
    m_context->tokens().add(accessToken, issued);
    return tokenReply({{QStringLiteral("access_token"), accessToken},
                       {QStringLiteral("token_type"), QStringLiteral("Bearer")},
                       {QStringLiteral("expires_in"), lifetime}});
}

} // namespace tw::sandbox
