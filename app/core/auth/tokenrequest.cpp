#include "auth/tokenrequest.h"

#include "auth/clientassertion.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

namespace tw::TokenRequest {

namespace {
const QByteArray kFormType = "application/x-www-form-urlencoded";
const QByteArray kJsonType = "application/json";
// Token and login answers are small; anything larger is not one.
constexpr qint64 kMaxTokenAnswer = 1024 * 1024;

HttpRequest formPost(const QUrl &url)
{
    HttpRequest request;
    request.method = "POST";
    request.url = url;
    request.setHeader("Content-Type", kFormType);
    request.setHeader("Accept", kJsonType);
    request.maxBodyBytes = kMaxTokenAnswer;
    return request;
}

HttpRequest jsonPost(const QUrl &url, const QJsonObject &body)
{
    HttpRequest request;
    request.method = "POST";
    request.url = url;
    request.setHeader("Content-Type", kJsonType);
    request.setHeader("Accept", kJsonType);
    request.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    request.maxBodyBytes = kMaxTokenAnswer;
    return request;
}

// Adds client authentication to a form request per the chosen method.
void authenticate(HttpRequest &request, QList<QPair<QString, QString>> &fields,
                  const QString &clientId, const QString &secret, ClientAuth auth)
{
    switch (auth) {
    case ClientAuth::BasicRaw:
        request.setHeader("Authorization", basicAuthorization(clientId, secret, false));
        break;
    case ClientAuth::ClientSecretBasic:
        request.setHeader("Authorization", basicAuthorization(clientId, secret, true));
        break;
    case ClientAuth::ClientSecretPost:
        fields.prepend({QStringLiteral("client_secret"), secret});
        fields.prepend({QStringLiteral("client_id"), clientId});
        break;
    case ClientAuth::None:
        // Public client (RFC 6749 §2.3): identifies itself, proves nothing.
        if (!clientId.isEmpty())
            fields.prepend({QStringLiteral("client_id"), clientId});
        break;
    case ClientAuth::ClientSecretJwt:
    case ClientAuth::PrivateKeyJwt:
        // RFC 7523 §2.2; `secret` is the signed assertion here, never the key or the secret.
        fields.append({QStringLiteral("client_assertion_type"),
                       QString::fromLatin1(ClientAssertion::AssertionType)});
        fields.append({QStringLiteral("client_assertion"), secret});
        break;
    }
}

void addOptional(QList<QPair<QString, QString>> &fields, const char *name, const QString &value)
{
    if (!value.isEmpty())
        fields.append({QString::fromLatin1(name), value});
}
} // namespace

QByteArray formUrlEncode(const QString &value)
{
    // RFC 6749 Appendix B: application/x-www-form-urlencoded, space as '+'.
    QByteArray encoded = QUrl::toPercentEncoding(value, QByteArray(" "));
    encoded.replace(' ', '+');
    return encoded;
}

QByteArray formEncode(const QList<QPair<QString, QString>> &fields)
{
    QByteArray body;
    for (const auto &[name, value] : fields) {
        if (!body.isEmpty())
            body += '&';
        body += formUrlEncode(name) + '=' + formUrlEncode(value);
    }
    return body;
}

QByteArray basicAuthorization(const QString &clientId, const QString &secret, bool rfc6749)
{
    const QByteArray pair = rfc6749 ? formUrlEncode(clientId) + ':' + formUrlEncode(secret)
                                    : clientId.toUtf8() + ':' + secret.toUtf8();
    return "Basic " + pair.toBase64();
}

HttpRequest clientCredentials(const Profile &profile, const QUrl &tokenEndpoint,
                              const QString &secret, ClientAuth auth)
{
    HttpRequest request = formPost(tokenEndpoint);
    QList<QPair<QString, QString>> fields{
        {QStringLiteral("grant_type"), QStringLiteral("client_credentials")}};
    switch (profile.kind) {
    case ProviderKind::DruvaMsp:
        // Scopes are not supported by Druva MSP: the credential holds all of them.
        break;
    case ProviderKind::Druva:
        fields.append({QStringLiteral("scope"),
                       profile.scope.isEmpty() ? QStringLiteral("read") : profile.scope});
        break;
    default:
        addOptional(fields, "scope", profile.scope);
        addOptional(fields, "audience", profile.audience);
        addOptional(fields, "resource", profile.resource);
        for (const auto &param : profile.extraParams)
            fields.append(param);
        break;
    }
    authenticate(request, fields, profile.clientId, secret, auth);
    request.body = formEncode(fields);
    return request;
}

HttpRequest refreshGrant(const Profile &profile, const QUrl &tokenEndpoint, const QString &secret,
                         ClientAuth auth, const QString &refreshToken)
{
    HttpRequest request = formPost(tokenEndpoint);
    QList<QPair<QString, QString>> fields{
        {QStringLiteral("grant_type"), QStringLiteral("refresh_token")},
        {QStringLiteral("refresh_token"), refreshToken}};
    addOptional(fields, "scope", profile.scope);
    authenticate(request, fields, profile.clientId, secret, auth);
    request.body = formEncode(fields);
    return request;
}

HttpRequest authenticatedForm(const Profile &profile, const QUrl &endpoint,
                              const QString &credential, QList<QPair<QString, QString>> fields)
{
    HttpRequest request = formPost(endpoint);
    authenticate(request, fields, profile.clientId, credential, profile.clientAuth);
    request.body = formEncode(fields);
    return request;
}

HttpRequest tokenManagement(const Profile &profile, const QUrl &endpoint, const QString &credential,
                            const QString &token, const QString &typeHint)
{
    HttpRequest request = formPost(endpoint);
    QList<QPair<QString, QString>> fields{{QStringLiteral("token"), token}};
    addOptional(fields, "token_type_hint", typeHint);
    authenticate(request, fields, profile.clientId, credential, profile.clientAuth);
    request.body = formEncode(fields);
    return request;
}

QUrl appendPath(const QUrl &base, const QString &path)
{
    QUrl url = base;
    QString basePath = url.path();
    while (basePath.endsWith(QLatin1Char('/')))
        basePath.chop(1);
    QString rest = path;
    if (!rest.startsWith(QLatin1Char('/')))
        rest.prepend(QLatin1Char('/'));
    url.setPath(basePath + rest, QUrl::TolerantMode);
    return url;
}

HttpRequest druvaCustomerToken(const QUrl &apiBase, const QString &customerId,
                               const QString &mspAccessToken)
{
    const QString encodedId = QString::fromLatin1(QUrl::toPercentEncoding(customerId));
    HttpRequest request = formPost(appendPath(apiBase, QStringLiteral("/msp/v2/customers/") +
                                                           encodedId + QStringLiteral("/token")));
    request.setHeader("Authorization", "Bearer " + mspAccessToken.toUtf8());
    request.body =
        formEncode({{QStringLiteral("grant_type"), QStringLiteral("client_credentials")}});
    request.purpose = QCoreApplication::translate("TokenRequest", "the customer-token endpoint");
    return request;
}

HttpRequest commvaultRenew(const QUrl &base, const QString &accessToken,
                           const QString &refreshToken)
{
    HttpRequest request = jsonPost(appendPath(base, QStringLiteral("/V4/AccessToken/Renew")),
                                   QJsonObject{{QStringLiteral("accessToken"), accessToken},
                                               {QStringLiteral("refreshToken"), refreshToken}});
    // docs/providers.md §4: the old token as Bearer is harmless, and some releases expect it.
    request.setHeader("Authorization", "Bearer " + accessToken.toUtf8());
    request.purpose = QCoreApplication::translate("TokenRequest", "the Commvault renewal endpoint");
    return request;
}

HttpRequest commvaultLogin(const QUrl &base, const QString &username, const QString &password,
                           const QString &domain)
{
    QJsonObject body{
        {QStringLiteral("username"), username},
        {QStringLiteral("password"), QString::fromLatin1(password.toUtf8().toBase64())}};
    if (!domain.isEmpty())
        body[QStringLiteral("domain")] = domain;
    HttpRequest request = jsonPost(appendPath(base, QStringLiteral("/Login")), body);
    request.purpose = QCoreApplication::translate("TokenRequest", "the Commvault login endpoint");
    return request;
}

HttpRequest commvaultRenewLogin(const QUrl &base, const QString &sessionToken,
                                const QString &deviceId)
{
    HttpRequest request = jsonPost(appendPath(base, QStringLiteral("/RenewLoginToken")),
                                   QJsonObject{{QStringLiteral("sessionId"), sessionToken},
                                               {QStringLiteral("deviceId"), deviceId}});
    request.setHeader("Authtoken", sessionToken.toUtf8());
    request.purpose = QCoreApplication::translate("TokenRequest", "the Commvault login endpoint");
    return request;
}

} // namespace tw::TokenRequest
