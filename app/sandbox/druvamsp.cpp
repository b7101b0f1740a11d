#include "druvamsp.h"

#include "democredentials.h"
#include "democustomers.h"
#include "tokenendpoint.h"

#include <QDateTime>
#include <QJsonArray>
#include <QRegularExpression>

namespace tw::sandbox {

static constexpr int MspTokenLifetime = 900;
static constexpr int CustomerTokenLifetime = 1800;
static constexpr int DefaultPageSize = 50;
static const QString Realm = QStringLiteral("druva-msp");

static HttpReply druvaError(int status, const QString &code, const QString &message)
{
    return HttpReply::json({{QStringLiteral("code"), code}, {QStringLiteral("message"), message}},
                           status);
}

static const QRegularExpression &customerTokenPath()
{
    static const QRegularExpression re(
        QStringLiteral("^/druva-msp/msp/v2/customers/([^/]+)/token$"));
    return re;
}

static const QRegularExpression &customerInfoPath()
{
    static const QRegularExpression re(
        QStringLiteral("^/druva-msp/demo/v1/customers/([^/]+)/info$"));
    return re;
}

QString DruvaMsp::endpointFor(const HttpRequest &request) const
{
    const QString &path = request.path;
    if (path == QLatin1String("/druva-msp/msp/auth/v1/token"))
        return QStringLiteral("druva-msp.token");
    if (path == QLatin1String("/druva-msp/msp/v3/customers"))
        return QStringLiteral("druva-msp.customers");
    if (customerTokenPath().match(path).hasMatch())
        return QStringLiteral("druva-msp.customer-token");
    if (path.startsWith(QLatin1String("/druva-msp/demo/")))
        return QStringLiteral("msp.customer-api");
    return {};
}

HttpReply DruvaMsp::handle(const QString &endpoint, const HttpRequest &request)
{
    if (endpoint == QLatin1String("druva-msp.token"))
        return token(request);
    if (endpoint == QLatin1String("druva-msp.customers"))
        return customers(request);
    if (endpoint == QLatin1String("druva-msp.customer-token"))
        return customerToken(request);
    return customerApi(request);
}

QJsonObject DruvaMsp::describe() const
{
    const QString base = m_context->baseUrl();
    const QJsonObject entry{
        {QStringLiteral("token_url"), base + QStringLiteral("/druva-msp/msp/auth/v1/token")},
        {QStringLiteral("api_base"), base + QStringLiteral("/druva-msp")},
        {QStringLiteral("client_id"), QString::fromUtf8(demo::DruvaMspClientId)},
        {QStringLiteral("client_secret"), QString::fromUtf8(demo::DruvaMspSecret)}};
    return {{QStringLiteral("druva-msp"), entry}};
}

HttpReply DruvaMsp::token(const HttpRequest &request)
{
    if (auto error = checkTokenRequest(request, {QStringLiteral("client_credentials")}))
        return *error;
    QByteArray id, secret;
    const bool basic = request.basicCredentials(&id, &secret);
    // Druva compares the raw "id:secret" (its documents: paste both into any Base64 tool); an
    // RFC 6749 form-encoded Basic differs as soon as the secret holds "+ / = :" and must fail.
    if (!basic || id != demo::DruvaMspClientId || secret != demo::DruvaMspSecret)
        return invalidClient(QStringLiteral("Client authentication failed"), basic);
    const FormFields form = request.form();
    if (formCount(form, QStringLiteral("scope")) > 0) {
        return HttpReply::oauthError(
            400, QStringLiteral("invalid_scope"),
            QStringLiteral("Scopes are not supported for MSP credentials"));
    }

    const int lifetime = m_context->lifetime(MspTokenLifetime);
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const QJsonObject claims{
        {QStringLiteral("iss"), m_context->baseUrl() + QStringLiteral("/druva-msp")},
        {QStringLiteral("sub"), QString::fromUtf8(id)},
        {QStringLiteral("iat"), now},
        {QStringLiteral("exp"), now + lifetime},
        {QStringLiteral("token_kind"), QStringLiteral("msp")},
        {QStringLiteral("jti"), QString::fromLatin1(randomHex(8))}};
    const QString accessToken = QString::fromLatin1(makeJwt(claims));
    IssuedToken issued;
    issued.realm = Realm;
    issued.subject = QString::fromUtf8(id);
    issued.expiresAtMs = QDateTime::currentMSecsSinceEpoch() + qint64(lifetime) * 1000;
    m_context->tokens().add(accessToken, issued);
    return tokenReply({{QStringLiteral("access_token"), accessToken},
                       {QStringLiteral("token_type"), QStringLiteral("bearer")},
                       {QStringLiteral("expires_in"), lifetime}});
}

bool DruvaMsp::authorize(const HttpRequest &request, IssuedToken *token, HttpReply *error) const
{
    const QString bearer = request.bearerToken();
    switch (m_context->tokens().check(bearer, Realm, token)) {
    case TokenState::Valid:
        return true;
    case TokenState::Expired:
        *error = druvaError(401, QStringLiteral("EXPIRED_TOKEN"), QStringLiteral("Token expired"));
        return false;
    case TokenState::Revoked:
        *error = druvaError(401, QStringLiteral("INVALID_TOKEN"), QStringLiteral("Token revoked"));
        return false;
    case TokenState::Unknown:
        break;
    }
    *error = druvaError(401, QStringLiteral("INVALID_TOKEN"),
                        bearer.isEmpty() ? QStringLiteral("Missing bearer token")
                                         : QStringLiteral("Invalid token"));
    return false;
}

// The page token carries offset, page size and includeFeatures, which is why the server refuses
// a pageSize next to it.
static QString makePageToken(int offset, int size, bool features)
{
    const QByteArray plain =
        QStringLiteral("v1|%1|%2|%3").arg(offset).arg(size).arg(features ? 1 : 0).toLatin1();
    return QString::fromLatin1(base64Url(plain));
}

static bool readPageToken(const QString &token, int *offset, int *size, bool *features)
{
    const auto decoded = QByteArray::fromBase64Encoding(
        token.toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return false;
    const QList<QByteArray> parts = decoded.decoded.split('|');
    if (parts.size() != 4 || parts[0] != "v1")
        return false;
    bool ok1 = false, ok2 = false;
    *offset = parts[1].toInt(&ok1);
    *size = parts[2].toInt(&ok2);
    *features = parts[3] == "1";
    return ok1 && ok2 && *offset >= 0 && *size >= 1 && *size <= 100;
}

HttpReply DruvaMsp::customers(const HttpRequest &request)
{
    if (request.method != "GET")
        return druvaError(405, QStringLiteral("METHOD_NOT_ALLOWED"), QStringLiteral("Use GET"));
    IssuedToken caller;
    HttpReply error;
    if (!authorize(request, &caller, &error))
        return error;
    if (!caller.customerId.isEmpty()) {
        return druvaError(403, QStringLiteral("FORBIDDEN"),
                          QStringLiteral("A customer token cannot list MSP customers"));
    }

    const FormFields query = request.query();
    bool hasSize = false, hasToken = false, hasFeatures = false;
    const QString sizeText = formValue(query, QStringLiteral("pageSize"), &hasSize);
    const QString pageToken = formValue(query, QStringLiteral("pageToken"), &hasToken);
    const QString featuresText = formValue(query, QStringLiteral("includeFeatures"), &hasFeatures);
    for (const auto &field : query) {
        static const QStringList known{QStringLiteral("pageSize"), QStringLiteral("pageToken"),
                                       QStringLiteral("includeFeatures")};
        if (!known.contains(field.first)) {
            return druvaError(400, QStringLiteral("INVALID_PARAMETER"),
                              QStringLiteral("Unknown query parameter '%1'").arg(field.first));
        }
    }

    int offset = 0, size = DefaultPageSize;
    bool features = false;
    if (hasToken) {
        if (hasSize) {
            return druvaError(400, QStringLiteral("INVALID_PARAMETER"),
                              QStringLiteral("pageSize must not be sent with pageToken"));
        }
        if (hasFeatures) {
            return druvaError(400, QStringLiteral("INVALID_PARAMETER"),
                              QStringLiteral("includeFeatures must not be sent with pageToken"));
        }
        if (!readPageToken(pageToken, &offset, &size, &features))
            return druvaError(400, QStringLiteral("INVALID_PAGE_TOKEN"),
                              QStringLiteral("Invalid pageToken"));
    } else {
        if (hasSize) {
            bool ok = false;
            size = sizeText.toInt(&ok);
            if (!ok || size < 1 || size > 100) {
                return druvaError(400, QStringLiteral("INVALID_PARAMETER"),
                                  QStringLiteral("pageSize must be between 1 and 100"));
            }
        }
        if (hasFeatures) {
            if (featuresText != QLatin1String("true") && featuresText != QLatin1String("false")) {
                return druvaError(400, QStringLiteral("INVALID_PARAMETER"),
                                  QStringLiteral("includeFeatures must be true or false"));
            }
            features = featuresText == QLatin1String("true");
        }
    }

    const int total = m_context->customers();
    QJsonArray list;
    for (int i = offset; i < qMin(total, offset + size); ++i)
        list.append(DemoCustomers::druvaCustomer(i, features));
    const int next = offset + size;
    return HttpReply::json({{QStringLiteral("customers"), list},
                            {QStringLiteral("nextPageToken"),
                             next < total ? makePageToken(next, size, features) : QString()}});
}

HttpReply DruvaMsp::customerToken(const HttpRequest &request)
{
    if (request.method != "POST")
        return druvaError(405, QStringLiteral("METHOD_NOT_ALLOWED"), QStringLiteral("Use POST"));
    IssuedToken caller;
    HttpReply error;
    if (!authorize(request, &caller, &error))
        return error;
    if (!caller.customerId.isEmpty()) {
        return druvaError(403, QStringLiteral("FORBIDDEN"),
                          QStringLiteral("A customer token cannot mint customer tokens"));
    }
    if (!request.isForm()) {
        return druvaError(400, QStringLiteral("INVALID_REQUEST"),
                          QStringLiteral("Content-Type must be application/x-www-form-urlencoded"));
    }
    if (formValue(request.form(), QStringLiteral("grant_type")) !=
        QLatin1String("client_credentials")) {
        return druvaError(400, QStringLiteral("INVALID_REQUEST"),
                          QStringLiteral("grant_type must be client_credentials"));
    }
    const QString customerId = customerTokenPath().match(request.path).captured(1);
    const int index = DemoCustomers::druvaCustomerIndex(customerId, m_context->customers());
    if (index < 0)
        return druvaError(404, QStringLiteral("CUSTOMER_NOT_FOUND"),
                          QStringLiteral("Customer not found"));

    const int lifetime = m_context->lifetime(CustomerTokenLifetime);
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const QJsonObject claims{
        {QStringLiteral("iss"), m_context->baseUrl() + QStringLiteral("/druva-msp")},
        {QStringLiteral("sub"), caller.subject},
        {QStringLiteral("iat"), now},
        {QStringLiteral("exp"), now + lifetime},
        {QStringLiteral("token_kind"), QStringLiteral("customer")},
        {QStringLiteral("customer_id"), customerId},
        {QStringLiteral("jti"), QString::fromLatin1(randomHex(8))}};
    const QString accessToken = QString::fromLatin1(makeJwt(claims));
    IssuedToken issued;
    issued.realm = Realm;
    issued.subject = caller.subject;
    issued.customerId = customerId;
    issued.expiresAtMs = QDateTime::currentMSecsSinceEpoch() + qint64(lifetime) * 1000;
    m_context->tokens().add(accessToken, issued);
    return tokenReply({{QStringLiteral("access_token"), accessToken},
                       {QStringLiteral("token_type"), QStringLiteral("bearer")},
                       {QStringLiteral("expires_in"), lifetime}});
}

HttpReply DruvaMsp::customerApi(const HttpRequest &request)
{
    if (request.method != "GET")
        return druvaError(405, QStringLiteral("METHOD_NOT_ALLOWED"), QStringLiteral("Use GET"));
    IssuedToken caller;
    HttpReply error;
    if (!authorize(request, &caller, &error))
        return error;
    if (request.path == QLatin1String("/druva-msp/demo/v1/whoami")) {
        return HttpReply::json(
            {{QStringLiteral("clientId"), caller.subject},
             {QStringLiteral("tokenKind"),
              caller.customerId.isEmpty() ? QStringLiteral("msp") : QStringLiteral("customer")},
             {QStringLiteral("customerId"), caller.customerId}});
    }
    const auto match = customerInfoPath().match(request.path);
    if (!match.hasMatch())
        return druvaError(404, QStringLiteral("NOT_FOUND"), QStringLiteral("No such API"));
    const QString customerId = match.captured(1);
    if (caller.customerId != customerId) {
        return druvaError(403, QStringLiteral("FORBIDDEN"),
                          caller.customerId.isEmpty()
                              ? QStringLiteral("This API needs a token for the customer")
                              : QStringLiteral("The token belongs to another customer"));
    }
    const int index = DemoCustomers::druvaCustomerIndex(customerId, m_context->customers());
    if (index < 0)
        return druvaError(404, QStringLiteral("CUSTOMER_NOT_FOUND"),
                          QStringLiteral("Customer not found"));
    return HttpReply::json(DemoCustomers::druvaCustomer(index, true));
}

} // namespace tw::sandbox
