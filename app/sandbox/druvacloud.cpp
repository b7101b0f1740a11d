#include "druvacloud.h"

#include "democredentials.h"
#include "democustomers.h"
#include "tokenendpoint.h"

#include <QDateTime>
#include <QJsonArray>

namespace tw::sandbox {

static constexpr int CloudLifetime = 1800;
static constexpr int GovLifetime = 900;

static HttpReply druvaError(int status, const QString &code, const QString &message)
{
    return HttpReply::json({{QStringLiteral("code"), code}, {QStringLiteral("message"), message}},
                           status);
}

static bool isGovPath(const QString &path)
{
    return path.startsWith(QLatin1String("/druva-gov/"));
}

QString DruvaCloud::endpointFor(const HttpRequest &request) const
{
    const QString &path = request.path;
    if (path == QLatin1String("/druva/token"))
        return QStringLiteral("druva.token");
    if (path == QLatin1String("/druva-gov/token"))
        return QStringLiteral("druva-gov.token");
    if (path == QLatin1String("/druva/demo/v1/big"))
        return QStringLiteral("druva.big");
    if (path.startsWith(QLatin1String("/druva/")) || isGovPath(path))
        return QStringLiteral("druva.api");
    return {};
}

HttpReply DruvaCloud::handle(const QString &endpoint, const HttpRequest &request)
{
    if (endpoint == QLatin1String("druva.token"))
        return token(request, false);
    if (endpoint == QLatin1String("druva-gov.token"))
        return token(request, true);
    if (endpoint == QLatin1String("druva.big"))
        return big(request);
    return api(request, isGovPath(request.path));
}

QJsonObject DruvaCloud::describe() const
{
    const QString base = m_context->baseUrl();
    auto entry = [&](const QString &prefix, const char *id, const char *secret) {
        return QJsonObject{{QStringLiteral("token_url"), base + prefix + QStringLiteral("/token")},
                           {QStringLiteral("api_base"), base + prefix},
                           {QStringLiteral("client_id"), QString::fromUtf8(id)},
                           {QStringLiteral("client_secret"), QString::fromUtf8(secret)}};
    };
    return {{QStringLiteral("druva"),
             entry(QStringLiteral("/druva"), demo::DruvaClientId, demo::DruvaSecret)},
            {QStringLiteral("druva-gov"),
             entry(QStringLiteral("/druva-gov"), demo::DruvaGovClientId, demo::DruvaGovSecret)}};
}

// Opaque, and deliberately full of ":", "+", "/" and "=" so that clients which put it into a URL
// or a form without encoding, or which try to decode it as a JWT, break visibly.
static QString opaqueToken()
{
    return QStringLiteral("SBX:%1+/%2")
        .arg(QString::fromLatin1(randomBytes(24).toBase64()),
             QString::fromLatin1(randomBytes(1).toBase64()));
}

HttpReply DruvaCloud::token(const HttpRequest &request, bool gov)
{
    if (auto error = checkTokenRequest(request, {QStringLiteral("client_credentials")}))
        return *error;
    const QByteArray expectedId = gov ? demo::DruvaGovClientId : demo::DruvaClientId;
    const QByteArray expectedSecret = gov ? demo::DruvaGovSecret : demo::DruvaSecret;
    QByteArray id, secret;
    const bool basic = request.basicCredentials(&id, &secret);
    // Raw "id:secret" only, as for Druva MSP: an RFC 6749 form-encoded Basic must fail.
    if (!basic || id != expectedId || secret != expectedSecret)
        return invalidClient(QStringLiteral("Client authentication failed"), basic);
    // The documents send scope=read. The vendor's own Python sample sends no scope at all and
    // works against the real service, so a missing scope means "read"; any other value fails.
    bool hasScope = false;
    const QString scope = formValue(request.form(), QStringLiteral("scope"), &hasScope);
    if (hasScope && scope != QLatin1String("read")) {
        return HttpReply::oauthError(400, QStringLiteral("invalid_scope"),
                                     QStringLiteral("The only supported scope is 'read'"));
    }

    const int lifetime = m_context->lifetime(gov ? GovLifetime : CloudLifetime);
    const QString accessToken = opaqueToken();
    IssuedToken issued;
    issued.realm = gov ? QStringLiteral("druva-gov") : QStringLiteral("druva");
    issued.subject = QString::fromUtf8(id);
    issued.expiresAtMs = QDateTime::currentMSecsSinceEpoch() + qint64(lifetime) * 1000;
    m_context->tokens().add(accessToken, issued);
    return tokenReply({{QStringLiteral("access_token"), accessToken},
                       {QStringLiteral("token_type"), QStringLiteral("bearer")},
                       {QStringLiteral("expires_in"), lifetime}});
}

HttpReply DruvaCloud::api(const HttpRequest &request, bool gov)
{
    const QString realm = gov ? QStringLiteral("druva-gov") : QStringLiteral("druva");
    IssuedToken caller;
    const QString bearer = request.bearerToken();
    switch (m_context->tokens().check(bearer, realm, &caller)) {
    case TokenState::Valid:
        break;
    case TokenState::Expired:
    case TokenState::Revoked:
        // The vendor's quirk: an expired token is "forbidden", not "unauthorized".
        return druvaError(403, QStringLiteral("FORBIDDEN"), QStringLiteral("Access token expired"));
    case TokenState::Unknown:
        return druvaError(401, QStringLiteral("UNAUTHORIZED"),
                          bearer.isEmpty() ? QStringLiteral("Missing bearer token")
                                           : QStringLiteral("Invalid access token"));
    }
    if (request.method != "GET")
        return druvaError(405, QStringLiteral("METHOD_NOT_ALLOWED"), QStringLiteral("Use GET"));

    const QString prefix = gov ? QStringLiteral("/druva-gov") : QStringLiteral("/druva");
    const QString path = request.path.mid(prefix.size());
    if (path == QLatin1String("/demo/v1/whoami")) {
        return HttpReply::json({{QStringLiteral("clientId"), caller.subject},
                                {QStringLiteral("region"),
                                 gov ? QStringLiteral("govcloud") : QStringLiteral("cloud")}});
    }
    if (path == QLatin1String("/insync/endpoints/v1/users")) {
        QJsonArray users;
        for (int i = 0; i < 5; ++i) {
            users.append(QJsonObject{
                {QStringLiteral("userID"), 1000 + i},
                {QStringLiteral("userName"), QStringLiteral("user%1").arg(i + 1)},
                {QStringLiteral("emailID"), QStringLiteral("user%1@example.com").arg(i + 1)},
                {QStringLiteral("status"), QStringLiteral("Active")}});
        }
        return HttpReply::json(
            {{QStringLiteral("users"), users}, {QStringLiteral("nextPageToken"), QString()}});
    }
    return druvaError(404, QStringLiteral("NOT_FOUND"), QStringLiteral("No such API"));
}

// GET /druva/demo/v1/big?mb=N (default 1, at most 200): about N MB of JSON, for console and
// benchmark tests of large answers. Same authorisation as the other Druva Cloud APIs.
HttpReply DruvaCloud::big(const HttpRequest &request)
{
    IssuedToken caller;
    const TokenState state =
        m_context->tokens().check(request.bearerToken(), QStringLiteral("druva"), &caller);
    if (state == TokenState::Expired || state == TokenState::Revoked)
        return druvaError(403, QStringLiteral("FORBIDDEN"), QStringLiteral("Access token expired"));
    if (state != TokenState::Valid)
        return druvaError(401, QStringLiteral("UNAUTHORIZED"),
                          QStringLiteral("Invalid access token"));
    const int mb = qBound(1, formValue(request.query(), QStringLiteral("mb")).toInt(), 200);
    return HttpReply::raw("application/json", demoBigJson(qsizetype(mb) * 1024 * 1024), 200);
}

QByteArray demoBigJson(qsizetype targetBytes)
{
    QByteArray body;
    body.reserve(targetBytes + 4096);
    body += "{\"items\":[";
    for (int i = 0; body.size() < targetBytes; ++i) {
        if (i > 0)
            body += ',';
        const QByteArray n = QByteArray::number(i);
        body += "{\"id\":" + n + ",\"name\":\"item-" + n + "\",\"email\":\"user" + n +
                "@example.com\",\"active\":" + (i % 3 ? "true" : "false") +
                ",\"tags\":[\"backup\",\"demo\"],\"usage\":{\"bytes\":" +
                QByteArray::number(qint64(i) * 4096) + ",\"ratio\":0.5,\"note\":null}}";
    }
    body += "],\"nextPageToken\":\"\"}";
    return body;
}

} // namespace tw::sandbox
