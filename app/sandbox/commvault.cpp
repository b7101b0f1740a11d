#include "commvault.h"

#include "democredentials.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTimeZone>

namespace tw::sandbox {

static const QString CommandCenter = QStringLiteral("/commvault/commandcenter/api");
static const QString WebConsole = QStringLiteral("/commvault/webconsole/api");

// The path after the web service base, or a null string when the path is not Commvault's.
static QString servicePath(const QString &path)
{
    for (const QString &prefix : {CommandCenter, WebConsole}) {
        if (path.startsWith(prefix + QLatin1Char('/')))
            return path.mid(prefix.size());
    }
    return {};
}

static HttpReply accessDenied()
{
    return HttpReply::json({{QStringLiteral("errorMessage"), QStringLiteral("Access denied")},
                            {QStringLiteral("errorCode"), 5}},
                           401);
}

static HttpReply cvError(int status, int code, const QString &message)
{
    return HttpReply::json(
        {{QStringLiteral("errorMessage"), message}, {QStringLiteral("errorCode"), code}}, status);
}

static bool readJson(const HttpRequest &request, QJsonObject *object)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(request.body, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return false;
    *object = document.object();
    return true;
}

Commvault::Commvault(ProviderContext *context) : Provider(context), m_chains(context)
{
    // The pair a user would have pasted from Command Center: scope All, valid from the start.
    m_demoChainId = m_chains
                        .create(QStringLiteral("tokenwright-demo"),
                                QString::fromUtf8(demo::CommvaultUser), 0, {}, 0, 0)
                        .id;
}

QString Commvault::endpointFor(const HttpRequest &request) const
{
    const QString path = servicePath(request.path);
    if (path.isNull())
        return {};
    if (path.compare(QLatin1String("/Login"), Qt::CaseInsensitive) == 0)
        return QStringLiteral("commvault.login");
    if (path.compare(QLatin1String("/RenewLoginToken"), Qt::CaseInsensitive) == 0)
        return QStringLiteral("commvault.renew-login");
    if (path.compare(QLatin1String("/V4/AccessToken"), Qt::CaseInsensitive) == 0)
        return QStringLiteral("commvault.accesstoken");
    if (path.compare(QLatin1String("/V4/AccessToken/Renew"), Qt::CaseInsensitive) == 0)
        return QStringLiteral("commvault.renew");
    return QStringLiteral("commvault.api");
}

HttpReply Commvault::handle(const QString &endpoint, const HttpRequest &request)
{
    if (endpoint == QLatin1String("commvault.api"))
        return api(request);
    if (request.method != "POST")
        return cvError(405, 405, QStringLiteral("Method not allowed"));
    if (endpoint == QLatin1String("commvault.login"))
        return login(request);
    if (endpoint == QLatin1String("commvault.renew-login"))
        return renewLogin(request);
    if (endpoint == QLatin1String("commvault.accesstoken"))
        return createAccessToken(request);
    return renewAccessToken(request);
}

CommvaultChain Commvault::demoChain() const
{
    return m_chains.chain(m_demoChainId);
}

QJsonObject Commvault::describe() const
{
    const CommvaultChain chain = demoChain();
    return {{QStringLiteral("commvault"),
             QJsonObject{
                 {QStringLiteral("api_base"), m_context->baseUrl() + CommandCenter},
                 {QStringLiteral("access_token"), chain.accessToken},
                 {QStringLiteral("refresh_token"), chain.refreshToken},
                 {QStringLiteral("username"), QString::fromUtf8(demo::CommvaultUser)},
                 {QStringLiteral("password"), QString::fromUtf8(demo::CommvaultPassword)},
                 {QStringLiteral("scope"), QStringLiteral("all")},
                 {QStringLiteral("created"),
                  QDateTime::fromSecsSinceEpoch(chain.createdAt, Qt::UTC).toString(Qt::ISODate)}}}};
}

HttpReply Commvault::login(const HttpRequest &request)
{
    QJsonObject body;
    if (!readJson(request, &body))
        return cvError(400, 400, QStringLiteral("The request body must be a JSON object"));
    const QString user = body.value(QStringLiteral("username")).toString();
    const auto password =
        QByteArray::fromBase64Encoding(body.value(QStringLiteral("password")).toString().toLatin1(),
                                       QByteArray::AbortOnBase64DecodingErrors);
    const QString domain = body.value(QStringLiteral("domain")).toString();
    const bool domainOk =
        domain.isEmpty() || domain.compare(QLatin1String("sandbox"), Qt::CaseInsensitive) == 0;
    if (user != QLatin1String(demo::CommvaultUser) || !password ||
        *password != demo::CommvaultPassword || !domainOk) {
        return HttpReply::json(
            {{QStringLiteral("errList"),
              QJsonArray{QJsonObject{
                  {QStringLiteral("errLogMessage"), QStringLiteral("Invalid Username or Password")},
                  {QStringLiteral("errorCode"), 1116}}}},
             {QStringLiteral("isAccountLocked"), false},
             {QStringLiteral("remainingLockTime"), 0}},
            401);
    }
    const QString token = m_chains.login(user, body.value(QStringLiteral("deviceId")).toString());
    return HttpReply::json(
        {{QStringLiteral("token"), token},
         {QStringLiteral("userName"), user},
         {QStringLiteral("aliasName"), QStringLiteral("1")},
         {QStringLiteral("userGUID"), QStringLiteral("5c1e9a2e-0d7b-4a59-9c3f-sandbox00001")},
         {QStringLiteral("smtpAddress"), QStringLiteral("admin@sandbox.invalid")},
         {QStringLiteral("loginAttempts"), 0},
         {QStringLiteral("remainingLockTime"), 0},
         {QStringLiteral("isAccountLocked"), false},
         {QStringLiteral("forcePasswordChange"), false},
         {QStringLiteral("errList"), QJsonArray()}});
}

HttpReply Commvault::renewLogin(const HttpRequest &request)
{
    QJsonObject body;
    if (!readJson(request, &body))
        return cvError(400, 400, QStringLiteral("The request body must be a JSON object"));
    const QString renewed =
        m_chains.renewSession(body.value(QStringLiteral("sessionId")).toString(),
                              body.value(QStringLiteral("deviceId")).toString());
    if (renewed.isEmpty())
        return accessDenied();
    return HttpReply::json({{QStringLiteral("token"), renewed},
                            {QStringLiteral("userName"), QString::fromUtf8(demo::CommvaultUser)}});
}

HttpReply Commvault::createAccessToken(const HttpRequest &request)
{
    CommvaultSession session;
    const QString authtoken = QString::fromUtf8(request.header("authtoken").trimmed());
    if (!m_chains.touchSession(authtoken, &session)) {
        CommvaultChain chain;
        const QString bearer = request.bearerToken();
        if (m_chains.chainForAccessToken(bearer.isEmpty() ? authtoken : bearer, &chain)) {
            return cvError(
                403, 403,
                QStringLiteral("An access token cannot create, edit or delete access tokens"));
        }
        return accessDenied();
    }
    QJsonObject body;
    if (!readJson(request, &body))
        return cvError(400, 400, QStringLiteral("The request body must be a JSON object"));
    const QString name = body.value(QStringLiteral("tokenName")).toString();
    const int type = body.value(QStringLiteral("tokenType")).toInt(0);
    QStringList endpoints;
    for (const QJsonValue &value : body.value(QStringLiteral("apiEndpoints")).toArray())
        endpoints.append(value.toString());
    if (name.isEmpty())
        return cvError(400, 400, QStringLiteral("tokenName is required"));
    if (type < 0 || type > 4)
        return cvError(400, 400, QStringLiteral("Unknown tokenType"));
    if (type == 3 && endpoints.isEmpty())
        return cvError(400, 400, QStringLiteral("A Custom token needs apiEndpoints"));

    const CommvaultChain chain =
        m_chains.create(name, session.user, type, endpoints,
                        qint64(body.value(QStringLiteral("tokenExpiryTimestamp")).toDouble()),
                        qint64(body.value(QStringLiteral("renewableUntilTimestamp")).toDouble()));
    QJsonObject info{{QStringLiteral("accessTokenId"), chain.id},
                     {QStringLiteral("tokenName"), chain.name},
                     {QStringLiteral("accessToken"), chain.accessToken},
                     {QStringLiteral("userId"), 1},
                     {QStringLiteral("tokenExpiryTimestamp"), chain.accessExpiresAt}};
    if (!chain.refreshToken.isEmpty()) {
        info.insert(QStringLiteral("renewableUntilTimestamp"), chain.renewableUntil);
        info.insert(QStringLiteral("refreshToken"), chain.refreshToken);
        info.insert(QStringLiteral("refreshTokenExpiryTimestamp"), chain.refreshExpiresAt);
    }
    return HttpReply::json(
        {{QStringLiteral("error"), QJsonObject{{QStringLiteral("errorCode"), 0},
                                               {QStringLiteral("errorMessage"), QString()}}},
         {QStringLiteral("tokenInfo"), info}});
}

HttpReply Commvault::renewAccessToken(const HttpRequest &request)
{
    QJsonObject body;
    if (!readJson(request, &body))
        return cvError(400, 400, QStringLiteral("The request body must be a JSON object"));
    const QString access = body.value(QStringLiteral("accessToken")).toString();
    const QString refresh = body.value(QStringLiteral("refreshToken")).toString();
    if (access.isEmpty() || refresh.isEmpty())
        return cvError(400, 400, QStringLiteral("accessToken and refreshToken are required"));
    CommvaultChain chain;
    switch (m_chains.renew(access, refresh, &chain)) {
    case RenewOutcome::Renewed:
        break;
    case RenewOutcome::UnknownToken:
        return cvError(401, 5, QStringLiteral("Invalid refresh token"));
    case RenewOutcome::ChainRevoked:
        return cvError(401, 5,
                       QStringLiteral("The token was revoked; create a new one in Command Center"));
    case RenewOutcome::ReuseRevokedChain:
        return cvError(
            401, 5,
            QStringLiteral("An old token pair was used: every token of this chain is revoked"));
    case RenewOutcome::Expired:
        return cvError(401, 5, QStringLiteral("The token can no longer be renewed"));
    }
    return HttpReply::json(
        {{QStringLiteral("accessToken"), chain.accessToken},
         {QStringLiteral("refreshToken"), chain.refreshToken},
         {QStringLiteral("tokenExpiryTimestamp"), chain.accessExpiresAt},
         {QStringLiteral("refreshTokenExpiryTimestamp"), chain.refreshExpiresAt},
         {QStringLiteral("renewableUntilTimestamp"), chain.renewableUntil},
         {QStringLiteral("error"), QJsonObject{{QStringLiteral("errorCode"), 0}}}});
}

HttpReply Commvault::api(const HttpRequest &request)
{
    CommvaultChain chain;
    CommvaultSession session;
    const QString bearer = request.bearerToken();
    const QString authtoken = QString::fromUtf8(request.header("authtoken").trimmed());
    const bool viaToken = !bearer.isEmpty() && m_chains.chainForAccessToken(bearer, &chain);
    const bool viaSession =
        !viaToken && !authtoken.isEmpty() && m_chains.touchSession(authtoken, &session);
    if (!viaToken && !viaSession)
        return accessDenied();

    const QString path = servicePath(request.path);
    if (viaToken && !chain.apiEndpoints.isEmpty()) {
        // Custom and 1-Touch tokens reach only the listed APIs, by prefix.
        bool allowed = false;
        for (const QString &prefix : chain.apiEndpoints)
            allowed = allowed || path.toLower().startsWith(prefix);
        if (!allowed)
            return cvError(403, 403,
                           QStringLiteral("This token is not allowed to call %1").arg(path));
    }
    if (request.method != "GET")
        return cvError(405, 405, QStringLiteral("Method not allowed"));
    if (path.compare(QLatin1String("/Client"), Qt::CaseInsensitive) == 0) {
        QJsonArray clients;
        for (int i = 0; i < 3; ++i) {
            clients.append(QJsonObject{
                {QStringLiteral("client"),
                 QJsonObject{
                     {QStringLiteral("clientEntity"),
                      QJsonObject{{QStringLiteral("clientId"), 2 + i},
                                  {QStringLiteral("clientName"),
                                   QStringLiteral("demo-client-%1").arg(i + 1)},
                                  {QStringLiteral("hostName"),
                                   QStringLiteral("client%1.sandbox.invalid").arg(i + 1)}}}}}});
        }
        return HttpReply::json(QJsonObject{{QStringLiteral("clientProperties"), clients}});
    }
    if (path.compare(QLatin1String("/V4/ServerGroup"), Qt::CaseInsensitive) == 0) {
        return HttpReply::json(QJsonObject{
            {QStringLiteral("serverGroups"),
             QJsonArray{QJsonObject{{QStringLiteral("id"), 1},
                                    {QStringLiteral("name"), QStringLiteral("Demo servers")}},
                        QJsonObject{{QStringLiteral("id"), 2},
                                    {QStringLiteral("name"), QStringLiteral("Infrastructure")}}}}});
    }
    return cvError(404, 404, QStringLiteral("No such API"));
}

} // namespace tw::sandbox
