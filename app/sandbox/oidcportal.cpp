#include "oidcportal.h"

#include "democredentials.h"
#include "democustomers.h"
#include "tokenendpoint.h"

#include <QDateTime>
#include <QJsonArray>
#include <algorithm>

namespace tw::sandbox {

static constexpr int PortalLifetime = 3600;
static constexpr int MaxPageSize = 1000;
static const QString Realm = QStringLiteral("oidc");
static const QString PortalScope = QStringLiteral("public_api");

QString OidcPortal::endpointFor(const HttpRequest &request) const
{
    const QString &path = request.path;
    if (path == QLatin1String("/oidc/.well-known/openid-configuration") ||
        path == QLatin1String("/oidc/.well-known/jwks"))
        return QStringLiteral("oidc.discovery");
    if (path == QLatin1String("/oidc/connect/token"))
        return QStringLiteral("oidc.token");
    if (path == QLatin1String("/oidc-api/v1/customers"))
        return QStringLiteral("oidc.customers");
    return {};
}

HttpReply OidcPortal::handle(const QString &endpoint, const HttpRequest &request)
{
    if (endpoint == QLatin1String("oidc.discovery"))
        return discovery(request);
    if (endpoint == QLatin1String("oidc.token"))
        return token(request);
    return customers(request);
}

QJsonObject OidcPortal::describe() const
{
    const QString base = m_context->baseUrl();
    return {{QStringLiteral("oidc"),
             QJsonObject{{QStringLiteral("issuer"), base + QStringLiteral("/oidc")},
                         {QStringLiteral("api_base"), base + QStringLiteral("/oidc-api")},
                         {QStringLiteral("client_id"), QString::fromUtf8(demo::OidcClientId)},
                         {QStringLiteral("client_secret"), QString::fromUtf8(demo::OidcSecret)}}}};
}

HttpReply OidcPortal::discovery(const HttpRequest &request) const
{
    if (request.method != "GET")
        return HttpReply::json(
            QJsonObject{{QStringLiteral("error"), QStringLiteral("method not allowed")}}, 405);
    const QString issuer = m_context->baseUrl() + QStringLiteral("/oidc");
    if (request.path.endsWith(QLatin1String("/jwks")))
        return HttpReply::json({{QStringLiteral("keys"), QJsonArray()}});
    return HttpReply::json(
        {{QStringLiteral("issuer"), issuer},
         {QStringLiteral("jwks_uri"), issuer + QStringLiteral("/.well-known/jwks")},
         {QStringLiteral("token_endpoint"), issuer + QStringLiteral("/connect/token")},
         {QStringLiteral("token_endpoint_auth_methods_supported"),
          QJsonArray{QStringLiteral("client_secret_post")}},
         {QStringLiteral("grant_types_supported"),
          QJsonArray{QStringLiteral("client_credentials")}},
         {QStringLiteral("scopes_supported"), QJsonArray{PortalScope}},
         {QStringLiteral("response_types_supported"), QJsonArray{QStringLiteral("token")}},
         {QStringLiteral("subject_types_supported"), QJsonArray{QStringLiteral("public")}},
         {QStringLiteral("id_token_signing_alg_values_supported"),
          QJsonArray{QStringLiteral("RS256")}}});
}

HttpReply OidcPortal::token(const HttpRequest &request)
{
    if (auto error = checkTokenRequest(request, {QStringLiteral("client_credentials")}))
        return *error;
    const FormFields form = request.form();
    bool hasId = false, hasSecret = false;
    const QString id = formValue(form, QStringLiteral("client_id"), &hasId);
    const QString secret = formValue(form, QStringLiteral("client_secret"), &hasSecret);
    if (request.hasHeader("authorization") && !(hasId && hasSecret)) {
        // Discovery says client_secret_post only; a Basic attempt is answered per RFC 6749 §5.2.
        return invalidClient(QStringLiteral("Only client_secret_post is supported"), true);
    }
    // IdentityServer-style portals answer a failed form authentication with 400 invalid_client.
    if (!hasId || !hasSecret || id != QLatin1String(demo::OidcClientId) ||
        secret != QString::fromUtf8(demo::OidcSecret)) {
        return HttpReply::oauthError(400, QStringLiteral("invalid_client"),
                                     QStringLiteral("Client authentication failed"));
    }
    bool hasScope = false;
    const QString scope = formValue(form, QStringLiteral("scope"), &hasScope);
    if (hasScope && !scope.isEmpty() && scope != PortalScope) {
        return HttpReply::oauthError(400, QStringLiteral("invalid_scope"),
                                     QStringLiteral("Unknown scope '%1'").arg(scope));
    }

    const int lifetime = m_context->lifetime(PortalLifetime);
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const QString issuer = m_context->baseUrl() + QStringLiteral("/oidc");
    const QString accessToken = QString::fromLatin1(
        makeJwt({{QStringLiteral("iss"), issuer},
                 {QStringLiteral("client_id"), id},
                 {QStringLiteral("sub"), id},
                 {QStringLiteral("aud"), QStringLiteral("public-api")},
                 {QStringLiteral("scope"), QJsonArray{PortalScope}},
                 {QStringLiteral("tenant_id"), QStringLiteral("tenant-demo-0001")},
                 {QStringLiteral("iat"), now},
                 {QStringLiteral("nbf"), now},
                 {QStringLiteral("exp"), now + lifetime},
                 {QStringLiteral("jti"), QString::fromLatin1(randomHex(8))}}));
    IssuedToken issued;
    issued.realm = Realm;
    issued.subject = id;
    issued.expiresAtMs = QDateTime::currentMSecsSinceEpoch() + qint64(lifetime) * 1000;
    m_context->tokens().add(accessToken, issued);
    return tokenReply({{QStringLiteral("access_token"), accessToken},
                       {QStringLiteral("token_type"), QStringLiteral("Bearer")},
                       {QStringLiteral("expires_in"), lifetime},
                       {QStringLiteral("scope"), PortalScope}});
}

static HttpReply badRequest(const QString &description)
{
    return HttpReply::json({{QStringLiteral("error"), QStringLiteral("invalid_request")},
                            {QStringLiteral("error_description"), description}},
                           400);
}

static bool readPositive(const FormFields &query, const QString &name, int fallback, int max,
                         int *value)
{
    bool present = false;
    const QString text = formValue(query, name, &present);
    if (!present) {
        *value = fallback;
        return true;
    }
    bool ok = false;
    *value = text.toInt(&ok);
    return ok && *value >= 1 && *value <= max;
}

HttpReply OidcPortal::customers(const HttpRequest &request) const
{
    const QString bearer = request.bearerToken();
    if (m_context->tokens().check(bearer, Realm) != TokenState::Valid) {
        return HttpReply::json(
                   {{QStringLiteral("error"), QStringLiteral("invalid_token")},
                    {QStringLiteral("error_description"),
                     bearer.isEmpty() ? QStringLiteral("Missing bearer token")
                                      : QStringLiteral("The access token is invalid or expired")}},
                   401)
            .withHeader("WWW-Authenticate", bearer.isEmpty()
                                                ? QByteArray("Bearer")
                                                : QByteArray("Bearer error=\"invalid_token\""));
    }
    if (request.method != "GET")
        return badRequest(QStringLiteral("Use GET"));

    const FormFields query = request.query();
    int pageNumber = 1, pageSize = 50;
    if (!readPositive(query, QStringLiteral("page_number"), 1, INT_MAX, &pageNumber))
        return badRequest(QStringLiteral("page_number must be a whole number from 1"));
    if (!readPositive(query, QStringLiteral("page_size"), 50, MaxPageSize, &pageSize))
        return badRequest(QStringLiteral("page_size must be between 1 and %1").arg(MaxPageSize));
    const QString orderBy = formValue(query, QStringLiteral("order_by"));
    const QString direction = formValue(query, QStringLiteral("order_direction"));
    if (!orderBy.isEmpty() && orderBy != QLatin1String("id") && orderBy != QLatin1String("name"))
        return badRequest(QStringLiteral("order_by must be 'id' or 'name'"));
    if (!direction.isEmpty() && direction != QLatin1String("asc") &&
        direction != QLatin1String("desc"))
        return badRequest(QStringLiteral("order_direction must be 'asc' or 'desc'"));
    const QString nameFilter = formValue(query, QStringLiteral("name"));
    const QString idFilter = formValue(query, QStringLiteral("id"));

    QList<QJsonObject> matches;
    const int total = m_context->customers();
    for (int i = 0; i < total; ++i) {
        const QJsonObject customer = DemoCustomers::portalCustomer(i);
        if (!idFilter.isEmpty() && customer.value(QStringLiteral("id"))
                                           .toString()
                                           .compare(idFilter, Qt::CaseInsensitive) != 0)
            continue;
        if (!nameFilter.isEmpty() && !customer.value(QStringLiteral("name"))
                                          .toString()
                                          .contains(nameFilter, Qt::CaseInsensitive))
            continue;
        matches.append(customer);
    }
    if (!orderBy.isEmpty()) {
        const bool descending = direction == QLatin1String("desc");
        std::stable_sort(matches.begin(), matches.end(),
                         [&](const QJsonObject &a, const QJsonObject &b) {
                             // Null names sort first ascending, as SQL's NULLS FIRST does.
                             const QString left = a.value(orderBy).toString();
                             const QString right = b.value(orderBy).toString();
                             const int order = left.compare(right, Qt::CaseInsensitive);
                             return descending ? order > 0 : order < 0;
                         });
    }

    const qint64 records = matches.size();
    const qint64 pages = (records + pageSize - 1) / pageSize;
    QJsonArray page;
    const qint64 first = qint64(pageNumber - 1) * pageSize;
    for (qint64 i = first; i < qMin(records, first + pageSize); ++i)
        page.append(matches.at(i));
    HttpReply reply = HttpReply::jsonArray(page);
    reply.withHeader("Paging-Page-Size", QByteArray::number(pageSize))
        .withHeader("Paging-Page-Number", QByteArray::number(pageNumber))
        .withHeader("Paging-Total-Records", QByteArray::number(records))
        .withHeader("Paging-Total-Pages", QByteArray::number(pages));
    return reply;
}

} // namespace tw::sandbox
