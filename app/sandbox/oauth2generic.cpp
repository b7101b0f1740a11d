#include "oauth2generic.h"

#include "democredentials.h"
#include "demokeys.h"
#include "tokenendpoint.h"

#include <QDateTime>
#include <QJsonArray>
#include <QUrlQuery>

namespace tw::sandbox {

static constexpr int OAuth2Lifetime = 3600;
static constexpr char DeviceCodeGrant[] = "urn:ietf:params:oauth:grant-type:device_code";
static const QString Realm = QStringLiteral("oauth2");

static bool knownClient(const QString &id, const QString &secret)
{
    return (id == QLatin1String(demo::OAuth2ClientId) &&
            secret == QString::fromUtf8(demo::OAuth2Secret)) ||
           (id == QLatin1String(demo::OAuth2AppendixBClientId) &&
            secret == QString::fromUtf8(demo::OAuth2AppendixBSecret));
}

OAuth2Generic::OAuth2Generic(ProviderContext *context) : Provider(context)
{
    m_assertions.registerClient(
        QString::fromLatin1(demo::JwtRsaClientId),
        {{QStringLiteral("RS256"), QStringLiteral("PS256")}, QByteArray(demo::JwtRsaPrivateKey)});
    m_assertions.registerClient(QString::fromLatin1(demo::JwtEcClientId),
                                {{QStringLiteral("ES256")}, QByteArray(demo::JwtEcPrivateKey)});
    m_assertions.registerClient(QString::fromLatin1(demo::OAuth2ClientId),
                                {{QStringLiteral("HS256")}, QByteArray(demo::OAuth2Secret)});
}

QString OAuth2Generic::endpointFor(const HttpRequest &request) const
{
    const QString &path = request.path;
    if (path == QLatin1String("/.well-known/oauth-authorization-server/oauth2") ||
        path == QLatin1String("/oauth2/.well-known/openid-configuration"))
        return QStringLiteral("oauth2.discovery");
    if (path == QLatin1String("/oauth2/token"))
        return QStringLiteral("oauth2.token");
    if (path == QLatin1String("/oauth2/device_authorization"))
        return QStringLiteral("oauth2.device_authorization");
    if (path == QLatin1String("/oauth2/device"))
        return QStringLiteral("oauth2.device");
    if (path == QLatin1String("/oauth2/authorize"))
        return QStringLiteral("oauth2.authorize");
    if (path == QLatin1String("/oauth2/revoke"))
        return QStringLiteral("oauth2.revoke");
    if (path == QLatin1String("/oauth2/introspect"))
        return QStringLiteral("oauth2.introspect");
    if (path.startsWith(QLatin1String("/oauth2-api/")))
        return QStringLiteral("oauth2.api");
    return {};
}

HttpReply OAuth2Generic::handle(const QString &endpoint, const HttpRequest &request)
{
    if (endpoint == QLatin1String("oauth2.discovery"))
        return discovery(request);
    if (endpoint == QLatin1String("oauth2.token"))
        return token(request);
    if (endpoint == QLatin1String("oauth2.device_authorization"))
        return deviceAuthorization(request);
    if (endpoint == QLatin1String("oauth2.device"))
        return verificationPage(request);
    if (endpoint == QLatin1String("oauth2.authorize"))
        return request.method == "POST" ? decide(request) : authorize(request);
    if (endpoint == QLatin1String("oauth2.revoke"))
        return revoke(request);
    if (endpoint == QLatin1String("oauth2.introspect"))
        return introspect(request);
    return api(request);
}

QJsonObject OAuth2Generic::describe() const
{
    const QString base = m_context->baseUrl();
    return {
        {QStringLiteral("oauth2"),
         QJsonObject{
             {QStringLiteral("token_url"), base + QStringLiteral("/oauth2/token")},
             {QStringLiteral("issuer"), base + QStringLiteral("/oauth2")},
             {QStringLiteral("api_base"), base + QStringLiteral("/oauth2-api")},
             {QStringLiteral("client_id"), QString::fromUtf8(demo::OAuth2ClientId)},
             {QStringLiteral("client_secret"), QString::fromUtf8(demo::OAuth2Secret)},
             {QStringLiteral("authorization_endpoint"), base + QStringLiteral("/oauth2/authorize")},
             // Public clients (no secret): browser sign-in with PKCE, and device codes.
             {QStringLiteral("browser_client_id"),
              QString::fromLatin1(demo::OAuth2BrowserClientId)},
             {QStringLiteral("device_client_id"), QString::fromLatin1(demo::OAuth2PublicClientId)},
             // private_key_jwt clients; their keys are in demokeys.h and tests/data.
             {QStringLiteral("jwt_rsa_client_id"), QString::fromLatin1(demo::JwtRsaClientId)},
             {QStringLiteral("jwt_ec_client_id"), QString::fromLatin1(demo::JwtEcClientId)}}}};
}

HttpReply OAuth2Generic::discovery(const HttpRequest &request) const
{
    if (request.method != "GET")
        return HttpReply::oauthError(405, QStringLiteral("invalid_request"),
                                     QStringLiteral("Use GET"));
    const QString issuer = m_context->baseUrl() + QStringLiteral("/oauth2");
    return HttpReply::json(
        {{QStringLiteral("issuer"), issuer},
         {QStringLiteral("token_endpoint"), issuer + QStringLiteral("/token")},
         {QStringLiteral("authorization_endpoint"), issuer + QStringLiteral("/authorize")},
         // RFC 8414 §2 and RFC 9207 §3.
         {QStringLiteral("code_challenge_methods_supported"), QJsonArray{QStringLiteral("S256")}},
         {QStringLiteral("authorization_response_iss_parameter_supported"), true},
         {QStringLiteral("revocation_endpoint"), issuer + QStringLiteral("/revoke")},
         {QStringLiteral("device_authorization_endpoint"),
          issuer + QStringLiteral("/device_authorization")},
         {QStringLiteral("introspection_endpoint"), issuer + QStringLiteral("/introspect")},
         {QStringLiteral("token_endpoint_auth_methods_supported"),
          QJsonArray{QStringLiteral("client_secret_basic"), QStringLiteral("client_secret_post"),
                     QStringLiteral("client_secret_jwt"), QStringLiteral("private_key_jwt"),
                     QStringLiteral("none")}},
         {QStringLiteral("token_endpoint_auth_signing_alg_values_supported"),
          QJsonArray{QStringLiteral("RS256"), QStringLiteral("PS256"), QStringLiteral("ES256"),
                     QStringLiteral("HS256")}},
         {QStringLiteral("grant_types_supported"),
          QJsonArray{QStringLiteral("client_credentials"), QStringLiteral("refresh_token"),
                     QStringLiteral("authorization_code"),
                     QStringLiteral("urn:ietf:params:oauth:grant-type:device_code")}},
         {QStringLiteral("response_types_supported"), QJsonArray{QStringLiteral("code")}},
         {QStringLiteral("scopes_supported"),
          QJsonArray{QStringLiteral("read"), QStringLiteral("write")}}});
}

HttpReply OAuth2Generic::token(const HttpRequest &request)
{
    if (auto error = checkTokenRequest(
            request,
            {QStringLiteral("client_credentials"), QStringLiteral("refresh_token"),
             QStringLiteral("authorization_code"), QString::fromLatin1(DeviceCodeGrant)},
            {QStringLiteral("resource")}))
        return *error;
    const FormFields form = request.form();
    auto client = authenticateClient(request, QStringLiteral("/oauth2/token"));
    if (auto *refusal = std::get_if<HttpReply>(&client))
        return *refusal;
    const QString id = std::get<QString>(client);
    const QString grantType = formValue(form, QStringLiteral("grant_type"));
    // Each public demo client may use only its own grant (and the refresh tokens it gave).
    const bool deviceClient = id == QLatin1String(demo::OAuth2PublicClientId);
    const bool browserClient = id == QLatin1String(demo::OAuth2BrowserClientId);
    if ((deviceClient || browserClient) && grantType == QLatin1String("client_credentials"))
        return HttpReply::oauthError(400, QStringLiteral("unauthorized_client"),
                                     QStringLiteral("A public client has no client credentials"));
    if ((deviceClient && grantType == QLatin1String("authorization_code")) ||
        (browserClient && grantType == QLatin1String(DeviceCodeGrant)))
        return HttpReply::oauthError(400, QStringLiteral("unauthorized_client"),
                                     QStringLiteral("This client may not use this grant"));
    if (grantType == QLatin1String(DeviceCodeGrant))
        return devicePoll(id, formValue(form, QStringLiteral("device_code")));
    if (grantType == QLatin1String("authorization_code"))
        return redeemCode(id, form);

    Grant grant;
    grant.clientId = id;
    grant.scope = formValue(form, QStringLiteral("scope"));
    grant.audience = formValue(form, QStringLiteral("audience"));
    for (const auto &field : form) {
        if (field.first == QLatin1String("resource"))
            grant.resources.append(field.second);
    }
    if (formValue(form, QStringLiteral("grant_type")) == QLatin1String("refresh_token")) {
        bool present = false;
        const QString refresh = formValue(form, QStringLiteral("refresh_token"), &present);
        if (!present || refresh.isEmpty())
            return HttpReply::oauthError(400, QStringLiteral("invalid_request"),
                                         QStringLiteral("refresh_token is missing"));
        QMutexLocker lock(&m_mutex);
        auto it = m_refreshTokens.find(refresh);
        if (it == m_refreshTokens.end() || it->used || it->clientId != id) {
            return HttpReply::oauthError(
                400, QStringLiteral("invalid_grant"),
                QStringLiteral("The refresh token is invalid, used or not yours"));
        }
        it->used = true;
        // A refresh keeps the original grant; a narrower scope may be asked for (RFC 6749 §6).
        const QString narrower = grant.scope;
        grant = *it;
        grant.used = false;
        if (!narrower.isEmpty()) {
            const QStringList original = grant.scope.split(QLatin1Char(' '), Qt::SkipEmptyParts);
            for (const QString &part : narrower.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
                if (!original.contains(part))
                    return HttpReply::oauthError(
                        400, QStringLiteral("invalid_scope"),
                        QStringLiteral("Scope '%1' was not granted").arg(part));
            }
            grant.scope = narrower;
        }
    }
    return issue(grant);
}

std::variant<QString, HttpReply> OAuth2Generic::authenticateClient(const HttpRequest &request,
                                                                   const QString &endpointPath)
{
    const FormFields form = request.form();
    QByteArray basicUser, basicPassword;
    const bool basic = request.basicCredentials(&basicUser, &basicPassword);
    bool postId = false, postSecret = false, postAssertion = false;
    const QString formId = formValue(form, QStringLiteral("client_id"), &postId);
    const QString formSecret = formValue(form, QStringLiteral("client_secret"), &postSecret);
    const QString assertion = formValue(form, QStringLiteral("client_assertion"), &postAssertion);
    if (int(basic) + int(postSecret) + int(postAssertion) > 1) {
        return HttpReply::oauthError(
            400, QStringLiteral("invalid_request"),
            QStringLiteral("Use one client authentication method, not two"));
    }
    if (postAssertion) {
        if (formValue(form, QStringLiteral("client_assertion_type")) !=
            QLatin1String("urn:ietf:params:oauth:client-assertion-type:jwt-bearer"))
            return HttpReply::oauthError(400, QStringLiteral("invalid_request"),
                                         QStringLiteral("Unsupported client_assertion_type"));
        // RFC 7523 §3: aud names the authorization server; accept the endpoint called, the
        // token endpoint and the issuer, as Okta, Keycloak and Entra do.
        const QString base = m_context->baseUrl();
        const QStringList audiences{base + endpointPath, base + QStringLiteral("/oauth2/token"),
                                    base + QStringLiteral("/oauth2")};
        const auto outcome = m_assertions.verify(assertion.toLatin1(), audiences,
                                                 QDateTime::currentSecsSinceEpoch());
        if (!outcome.error.isEmpty())
            return invalidClient(outcome.error, false);
        if (postId && formId != outcome.clientId)
            return HttpReply::oauthError(400, QStringLiteral("invalid_request"),
                                         QStringLiteral("client_id mismatch"));
        return outcome.clientId;
    }
    // The public demo clients prove nothing (RFC 6749 §2.1); the token endpoint lets each use
    // only its own grant and the refresh tokens that grant gave it.
    if (!basic && !postSecret && postId &&
        (formId == QLatin1String(demo::OAuth2PublicClientId) ||
         formId == QLatin1String(demo::OAuth2BrowserClientId)))
        return formId;
    // RFC 6749 §2.3.1: both parts of Basic are form-encoded first, so decode them ("+" = space).
    const QString id = basic ? formDecode(basicUser) : formId;
    const QString secret = basic ? formDecode(basicPassword) : formSecret;
    if (!(basic || (postId && postSecret)) || !knownClient(id, secret))
        return invalidClient(QStringLiteral("Client authentication failed"), basic);
    if (basic && postId && formId != id)
        return HttpReply::oauthError(400, QStringLiteral("invalid_request"),
                                     QStringLiteral("client_id mismatch"));
    return id;
}

HttpReply OAuth2Generic::issue(const Grant &grant)
{
    const int lifetime = m_context->lifetime(OAuth2Lifetime);
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    QJsonObject claims{{QStringLiteral("iss"), m_context->baseUrl() + QStringLiteral("/oauth2")},
                       {QStringLiteral("sub"), grant.clientId},
                       {QStringLiteral("client_id"), grant.clientId},
                       {QStringLiteral("iat"), now},
                       {QStringLiteral("exp"), now + lifetime},
                       {QStringLiteral("jti"), QString::fromLatin1(randomHex(8))}};
    if (!grant.scope.isEmpty())
        claims.insert(QStringLiteral("scope"), grant.scope);
    QJsonArray audiences;
    if (!grant.audience.isEmpty())
        audiences.append(grant.audience);
    for (const QString &resource : grant.resources)
        audiences.append(resource);
    if (!audiences.isEmpty())
        claims.insert(QStringLiteral("aud"),
                      audiences.size() == 1 ? audiences.first() : QJsonValue(audiences));

    const QString accessToken = QString::fromLatin1(makeJwt(claims));
    IssuedToken issued;
    issued.realm = Realm;
    issued.subject = grant.clientId;
    issued.extra = claims;
    issued.expiresAtMs = QDateTime::currentMSecsSinceEpoch() + qint64(lifetime) * 1000;
    m_context->tokens().add(accessToken, issued);

    const QString refreshToken = QStringLiteral("rt.") + QString::fromLatin1(randomHex(24));
    {
        QMutexLocker lock(&m_mutex);
        Grant kept = grant;
        kept.accessTokens = {accessToken};
        m_refreshTokens.insert(refreshToken, kept);
    }
    QJsonObject answer{{QStringLiteral("access_token"), accessToken},
                       {QStringLiteral("token_type"), QStringLiteral("Bearer")},
                       {QStringLiteral("expires_in"), lifetime},
                       {QStringLiteral("refresh_token"), refreshToken}};
    if (!grant.scope.isEmpty())
        answer.insert(QStringLiteral("scope"), grant.scope);
    return tokenReply(answer);
}

static std::optional<HttpReply> checkPost(const HttpRequest &request)
{
    if (request.method != "POST")
        return HttpReply::oauthError(405, QStringLiteral("invalid_request"),
                                     QStringLiteral("Use POST"));
    if (!request.header("content-type").startsWith("application/x-www-form-urlencoded"))
        return HttpReply::oauthError(400, QStringLiteral("invalid_request"),
                                     QStringLiteral("The body must be form-encoded"));
    if (formValue(request.form(), QStringLiteral("token")).isEmpty())
        return HttpReply::oauthError(400, QStringLiteral("invalid_request"),
                                     QStringLiteral("token is missing"));
    return std::nullopt;
}

HttpReply OAuth2Generic::revoke(const HttpRequest &request)
{
    if (auto error = checkPost(request))
        return *error;
    auto client = authenticateClient(request, QStringLiteral("/oauth2/revoke"));
    if (auto *refusal = std::get_if<HttpReply>(&client))
        return *refusal;
    const QString id = std::get<QString>(client);
    const FormFields form = request.form();
    const QString token = formValue(form, QStringLiteral("token"));
    const QString hint = formValue(form, QStringLiteral("token_type_hint"));
    if (!hint.isEmpty() && hint != QLatin1String("access_token") &&
        hint != QLatin1String("refresh_token"))
        return HttpReply::oauthError(400, QStringLiteral("unsupported_token_type"),
                                     QStringLiteral("Unknown token_type_hint"));
    {
        QMutexLocker lock(&m_mutex);
        auto it = m_refreshTokens.find(token);
        if (it != m_refreshTokens.end()) {
            if (it->clientId != id)
                return HttpReply::oauthError(400, QStringLiteral("invalid_request"),
                                             QStringLiteral("The token was not issued to you"));
            for (const QString &access : std::as_const(it->accessTokens))
                m_context->tokens().revoke(access);
            m_refreshTokens.erase(it);
            return HttpReply::json(QJsonObject{});
        }
    }
    IssuedToken issued;
    if (m_context->tokens().check(token, Realm, &issued) != TokenState::Unknown) {
        if (issued.subject != id)
            return HttpReply::oauthError(400, QStringLiteral("invalid_request"),
                                         QStringLiteral("The token was not issued to you"));
        m_context->tokens().revoke(token);
    }
    // RFC 7009 §2.2: an unknown or already invalid token is answered with 200 as well.
    return HttpReply::json(QJsonObject{});
}

HttpReply OAuth2Generic::introspect(const HttpRequest &request)
{
    if (auto error = checkPost(request))
        return *error;
    auto client = authenticateClient(request, QStringLiteral("/oauth2/introspect"));
    if (auto *refusal = std::get_if<HttpReply>(&client))
        return *refusal;
    const QString id = std::get<QString>(client);
    const QString token = formValue(request.form(), QStringLiteral("token"));
    const QJsonObject inactive{{QStringLiteral("active"), false}};
    {
        QMutexLocker lock(&m_mutex);
        const auto it = m_refreshTokens.constFind(token);
        if (it != m_refreshTokens.constEnd()) {
            // RFC 7662 §2.2: another client's token is reported inactive, revealing nothing.
            if (it->clientId != id || it->used)
                return HttpReply::json(inactive);
            QJsonObject answer{
                {QStringLiteral("active"), true},
                {QStringLiteral("client_id"), it->clientId},
                {QStringLiteral("token_type"), QStringLiteral("refresh_token")},
                {QStringLiteral("iss"), m_context->baseUrl() + QStringLiteral("/oauth2")}};
            if (!it->scope.isEmpty())
                answer.insert(QStringLiteral("scope"), it->scope);
            return HttpReply::json(answer);
        }
    }
    IssuedToken issued;
    if (m_context->tokens().check(token, Realm, &issued) != TokenState::Valid ||
        issued.subject != id)
        return HttpReply::json(inactive);
    QJsonObject answer = issued.extra; // iss, sub, client_id, iat, exp, jti, scope, aud
    answer.insert(QStringLiteral("active"), true);
    answer.insert(QStringLiteral("token_type"), QStringLiteral("Bearer"));
    return HttpReply::json(answer);
}

HttpReply OAuth2Generic::deviceAuthorization(const HttpRequest &request)
{
    if (request.method != "POST")
        return HttpReply::oauthError(405, QStringLiteral("invalid_request"),
                                     QStringLiteral("Use POST"));
    auto client = authenticateClient(request, QStringLiteral("/oauth2/device_authorization"));
    if (auto *refusal = std::get_if<HttpReply>(&client))
        return *refusal;
    if (std::get<QString>(client) == QLatin1String(demo::OAuth2BrowserClientId))
        return HttpReply::oauthError(400, QStringLiteral("unauthorized_client"),
                                     QStringLiteral("This client may not use this grant"));
    const auto started = m_devices.start(std::get<QString>(client),
                                         formValue(request.form(), QStringLiteral("scope")),
                                         QDateTime::currentMSecsSinceEpoch());
    const QString page = m_context->baseUrl() + QStringLiteral("/oauth2/device");
    return HttpReply::json({{QStringLiteral("device_code"), started.deviceCode},
                            {QStringLiteral("user_code"), started.userCode},
                            {QStringLiteral("verification_uri"), page},
                            {QStringLiteral("verification_uri_complete"),
                             page + QStringLiteral("?user_code=") + started.userCode},
                            {QStringLiteral("expires_in"), started.expiresIn},
                            {QStringLiteral("interval"), started.interval}});
}

HttpReply OAuth2Generic::verificationPage(const HttpRequest &request)
{
    if (request.method == "GET") {
        // A minimal sign-in page: the user code pre-filled, approve or deny.
        // Letters only: nothing the caller sends reaches the page unfiltered.
        const QString code = DeviceAuthorizations::normalisedUserCode(
            QUrlQuery(QString::fromLatin1(request.rawQuery))
                .queryItemValue(QStringLiteral("user_code"), QUrl::FullyDecoded));
        const QByteArray page = "<!doctype html><title>Tokenwright sandbox: device sign-in</title>"
                                "<form method=post><label>Code <input name=user_code value='" +
                                code.toLatin1() +
                                "'></label> <button name=action value=approve>Approve</button> "
                                "<button name=action value=deny>Deny</button></form>";
        return HttpReply::raw("text/html; charset=utf-8", page, 200);
    }
    const FormFields form = request.form();
    const QString action = formValue(form, QStringLiteral("action"));
    if (action != QLatin1String("approve") && action != QLatin1String("deny"))
        return HttpReply::oauthError(400, QStringLiteral("invalid_request"),
                                     QStringLiteral("action must be approve or deny"));
    if (!m_devices.decide(formValue(form, QStringLiteral("user_code")),
                          action == QLatin1String("approve"), QDateTime::currentMSecsSinceEpoch()))
        return HttpReply::raw("text/html; charset=utf-8",
                              "<!doctype html><p>Unknown or expired code.</p>", 400);
    return HttpReply::raw(
        "text/html; charset=utf-8",
        action == QLatin1String("approve")
            ? QByteArray("<!doctype html><p>Signed in. You can close this tab.</p>")
            : QByteArray("<!doctype html><p>Access denied.</p>"),
        200);
}

HttpReply OAuth2Generic::devicePoll(const QString &clientId, const QString &deviceCode)
{
    const auto result = m_devices.poll(deviceCode, clientId, QDateTime::currentMSecsSinceEpoch());
    using Poll = DeviceAuthorizations::Poll;
    switch (result.outcome) {
    case Poll::Pending:
        return HttpReply::oauthError(400, QStringLiteral("authorization_pending"),
                                     QStringLiteral("The user has not decided yet"));
    case Poll::SlowDown:
        return HttpReply::oauthError(400, QStringLiteral("slow_down"),
                                     QStringLiteral("Polling too fast: add 5 seconds"));
    case Poll::Expired:
        return HttpReply::oauthError(400, QStringLiteral("expired_token"),
                                     QStringLiteral("The device code has expired"));
    case Poll::Denied:
        return HttpReply::oauthError(400, QStringLiteral("access_denied"),
                                     QStringLiteral("The user denied the request"));
    case Poll::Invalid:
        return HttpReply::oauthError(400, QStringLiteral("invalid_grant"),
                                     QStringLiteral("Unknown, used or foreign device code"));
    case Poll::Approved:
        break;
    }
    Grant grant;
    grant.clientId = clientId;
    grant.scope = result.scope;
    return issue(grant);
}

// Clients the authorization endpoint knows: the public browser client and the confidential
// ones (which authenticate when they redeem the code).
static bool mayUseAuthorizationCode(const QString &clientId)
{
    return clientId == QLatin1String(demo::OAuth2BrowserClientId) ||
           clientId == QLatin1String(demo::OAuth2ClientId) ||
           clientId == QLatin1String(demo::OAuth2AppendixBClientId) ||
           clientId == QLatin1String(demo::JwtRsaClientId) ||
           clientId == QLatin1String(demo::JwtEcClientId);
}

// RFC 8252 §7.3: a loopback IP literal, any port, our one path; nothing else is registered.
static bool isRegisteredRedirect(const QString &uri)
{
    const QUrl url(uri, QUrl::StrictMode);
    return url.isValid() && url.scheme() == QLatin1String("http") &&
           (url.host() == QLatin1String("127.0.0.1") || url.host() == QLatin1String("::1")) &&
           url.port() > 0 && url.path() == QLatin1String("/callback") && !url.hasQuery() &&
           !url.hasFragment() && url.userInfo().isEmpty();
}

static HttpReply signInPage(int status, const QString &body)
{
    return HttpReply::raw("text/html; charset=utf-8",
                          "<!doctype html><meta charset=utf-8>"
                          "<title>Tokenwright sandbox: sign in</title>" +
                              body.toUtf8(),
                          status)
        .withHeader("Cache-Control", "no-store")
        .withHeader("X-Frame-Options", "DENY");
}

HttpReply OAuth2Generic::redirectTo(const QString &redirectUri, const FormFields &params) const
{
    QByteArray location = redirectUri.toUtf8();
    char separator = '?';
    for (const auto &[name, value] : params) {
        location += separator + formEncode(name) + '=' + formEncode(value);
        separator = '&';
    }
    return HttpReply::raw("text/html; charset=utf-8",
                          "<!doctype html><p>Redirecting to the application.</p>", 302)
        .withHeader("Location", location)
        .withHeader("Cache-Control", "no-store");
}

HttpReply OAuth2Generic::authorize(const HttpRequest &request)
{
    if (request.method != "GET")
        return signInPage(405, QStringLiteral("<p>Use GET.</p>"));
    const FormFields query = request.query();
    const QString clientId = formValue(query, QStringLiteral("client_id"));
    const QString redirectUri = formValue(query, QStringLiteral("redirect_uri"));
    // RFC 6749 §4.1.2.1: with an unknown client or a redirect URI that is not registered,
    // tell the user and do not redirect anywhere.
    if (formCount(query, QStringLiteral("client_id")) != 1 || !mayUseAuthorizationCode(clientId))
        return signInPage(400, QStringLiteral("<p>Unknown client.</p>"));
    if (formCount(query, QStringLiteral("redirect_uri")) != 1 || !isRegisteredRedirect(redirectUri))
        return signInPage(400, QStringLiteral("<p>The redirect URI is not registered for this "
                                              "client.</p>"));
    const QString iss = m_context->baseUrl() + QStringLiteral("/oauth2");
    const QString state = formValue(query, QStringLiteral("state"));
    auto refuse = [&](const QString &error, const QString &description) {
        FormFields params{{QStringLiteral("error"), error},
                          {QStringLiteral("error_description"), description}};
        if (!state.isEmpty())
            params.append({QStringLiteral("state"), state});
        params.append({QStringLiteral("iss"), iss});
        return redirectTo(redirectUri, params);
    };
    for (const auto &field : query) {
        if (formCount(query, field.first) > 1)
            return refuse(QStringLiteral("invalid_request"),
                          QStringLiteral("Repeated parameter ") + field.first);
    }
    if (formValue(query, QStringLiteral("response_type")) != QLatin1String("code"))
        return refuse(QStringLiteral("unsupported_response_type"),
                      QStringLiteral("Only response_type=code"));
    // RFC 7636 §4.3 defaults a missing method to plain, which this server refuses (§7.2).
    if (formValue(query, QStringLiteral("code_challenge_method")) != QLatin1String("S256"))
        return refuse(QStringLiteral("invalid_request"),
                      QStringLiteral("code_challenge_method must be S256; plain is refused"));
    const QString challenge = formValue(query, QStringLiteral("code_challenge"));
    if (!AuthorizationCodes::isValidChallenge(challenge))
        return refuse(QStringLiteral("invalid_request"),
                      QStringLiteral("A code_challenge (S256) is required"));
    AuthorizationCodes::Request pending;
    pending.clientId = clientId;
    pending.redirectUri = redirectUri;
    pending.scope = formValue(query, QStringLiteral("scope"));
    pending.state = state;
    pending.codeChallenge = challenge;
    pending.loginHint = formValue(query, QStringLiteral("login_hint"));
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (m_context->config().autoApprove) {
        FormFields params{{QStringLiteral("code"), m_codes.issue(pending, now)}};
        if (!state.isEmpty())
            params.append({QStringLiteral("state"), state});
        params.append({QStringLiteral("iss"), iss});
        return redirectTo(redirectUri, params);
    }
    const QString id = m_codes.begin(pending, now);
    // Every value shown is escaped: the query is the caller's.
    QString body = QStringLiteral("<h1>Sign in</h1><p>The application <b>%1</b> asks for ")
                       .arg(clientId.toHtmlEscaped());
    body += pending.scope.isEmpty()
                ? QStringLiteral("access.")
                : QStringLiteral("the scope <b>%1</b>.").arg(pending.scope.toHtmlEscaped());
    if (!pending.loginHint.isEmpty())
        body += QStringLiteral(" Account: <b>%1</b>.").arg(pending.loginHint.toHtmlEscaped());
    body += QStringLiteral("</p><form method=post action=\"/oauth2/authorize\">"
                           "<input type=hidden name=request value=\"%1\">"
                           "<button name=action value=approve>Approve</button> "
                           "<button name=action value=deny>Deny</button></form>")
                .arg(id);
    return signInPage(200, body);
}

HttpReply OAuth2Generic::decide(const HttpRequest &request)
{
    const FormFields form = request.form();
    const QString action = formValue(form, QStringLiteral("action"));
    if (action != QLatin1String("approve") && action != QLatin1String("deny"))
        return signInPage(400, QStringLiteral("<p>Choose Approve or Deny.</p>"));
    const auto pending = m_codes.take(formValue(form, QStringLiteral("request")),
                                      QDateTime::currentMSecsSinceEpoch());
    if (!pending)
        return signInPage(400, QStringLiteral("<p>Unknown, used or expired sign-in "
                                              "request.</p>"));
    FormFields params;
    if (action == QLatin1String("approve")) {
        params.append(
            {QStringLiteral("code"), m_codes.issue(*pending, QDateTime::currentMSecsSinceEpoch())});
    } else {
        params.append({QStringLiteral("error"), QStringLiteral("access_denied")});
        params.append(
            {QStringLiteral("error_description"), QStringLiteral("The user denied the request")});
    }
    if (!pending->state.isEmpty())
        params.append({QStringLiteral("state"), pending->state});
    params.append({QStringLiteral("iss"), m_context->baseUrl() + QStringLiteral("/oauth2")});
    return redirectTo(pending->redirectUri, params);
}

HttpReply OAuth2Generic::redeemCode(const QString &clientId, const FormFields &form)
{
    const QString code = formValue(form, QStringLiteral("code"));
    const auto redeemed = m_codes.redeem(
        code, clientId, formValue(form, QStringLiteral("redirect_uri")),
        formValue(form, QStringLiteral("code_verifier")), QDateTime::currentMSecsSinceEpoch());
    using Redeem = AuthorizationCodes::Redeem;
    auto refused = [](const QString &description) {
        return HttpReply::oauthError(400, QStringLiteral("invalid_grant"), description);
    };
    switch (redeemed.outcome) {
    case Redeem::Ok:
        break;
    case Redeem::Unknown:
        return refused(QStringLiteral("Unknown authorization code"));
    case Redeem::Replayed: {
        // RFC 6749 §4.1.2: a code used twice revokes what was issued from it.
        QMutexLocker lock(&m_mutex);
        for (auto it = m_refreshTokens.begin(); it != m_refreshTokens.end();) {
            if (it->code == code) {
                for (const QString &access : std::as_const(it->accessTokens))
                    m_context->tokens().revoke(access);
                it = m_refreshTokens.erase(it);
            } else {
                ++it;
            }
        }
        return refused(QStringLiteral("The authorization code was already used; the tokens "
                                      "issued from it are revoked"));
    }
    case Redeem::Expired:
        return refused(QStringLiteral("The authorization code has expired"));
    case Redeem::WrongClient:
        return refused(QStringLiteral("The authorization code was issued to another client"));
    case Redeem::WrongRedirect:
        return refused(QStringLiteral("redirect_uri does not match the authorization request"));
    case Redeem::WrongVerifier:
        return refused(QStringLiteral("PKCE verification failed (code_verifier)"));
    }
    Grant grant;
    grant.clientId = clientId;
    grant.scope = redeemed.scope;
    grant.code = code;
    return issue(grant);
}

HttpReply OAuth2Generic::api(const HttpRequest &request) const
{
    IssuedToken caller;
    const QString bearer = request.bearerToken();
    if (m_context->tokens().check(bearer, Realm, &caller) != TokenState::Valid) {
        // RFC 6750 §3.1.
        return HttpReply::json({{QStringLiteral("error"), QStringLiteral("invalid_token")},
                                {QStringLiteral("error_description"),
                                 QStringLiteral("The access token is invalid or expired")}},
                               401)
            .withHeader("WWW-Authenticate", "Bearer realm=\"oauth2\", error=\"invalid_token\"");
    }
    if (request.path != QLatin1String("/oauth2-api/whoami"))
        return HttpReply::json(QJsonObject{{QStringLiteral("error"), QStringLiteral("not_found")}},
                               404);
    QJsonObject answer = caller.extra;
    answer.insert(QStringLiteral("client_id"), caller.subject);
    return HttpReply::json(answer);
}

} // namespace tw::sandbox
