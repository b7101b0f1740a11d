#include "faultinjector.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace tw::sandbox {

static const QList<QPair<Fault, QString>> &faultNames()
{
    static const QList<QPair<Fault, QString>> names{
        {Fault::None, QStringLiteral("none")},
        {Fault::Http500, QStringLiteral("http500")},
        {Fault::Html502, QStringLiteral("html502")},
        {Fault::TooManyRequests, QStringLiteral("429")},
        {Fault::ServiceUnavailable, QStringLiteral("503")},
        {Fault::Unauthorized, QStringLiteral("401")},
        {Fault::Forbidden, QStringLiteral("403")},
        {Fault::MalformedJson, QStringLiteral("malformed-json")},
        {Fault::MissingAccessToken, QStringLiteral("missing-access-token")},
        {Fault::TruncatedBody, QStringLiteral("truncated")},
        {Fault::Slow, QStringLiteral("slow")},
        {Fault::NonNumericExpiresIn, QStringLiteral("non-numeric-expires-in")}};
    return names;
}

QString faultName(Fault fault)
{
    for (const auto &[value, name] : faultNames()) {
        if (value == fault)
            return name;
    }
    return QStringLiteral("none");
}

Fault faultFromName(const QString &name, bool *ok)
{
    for (const auto &[value, spelling] : faultNames()) {
        if (spelling.compare(name, Qt::CaseInsensitive) == 0) {
            if (ok)
                *ok = true;
            return value;
        }
    }
    if (ok)
        *ok = false;
    return Fault::None;
}

void FaultInjector::set(const QString &endpoint, Fault fault, int times, int param)
{
    setAfter(endpoint, 0, fault, times, param);
}

void FaultInjector::setAfter(const QString &endpoint, int okRequestsFirst, Fault fault, int times,
                             int param)
{
    QMutexLocker lock(&m_mutex);
    if (fault == Fault::None || times == 0) {
        m_rules.remove(endpoint);
        return;
    }
    m_rules.insert(endpoint, {fault, times < 0 ? -1 : times, qMax(0, okRequestsFirst), param});
}

void FaultInjector::clear()
{
    QMutexLocker lock(&m_mutex);
    m_rules.clear();
}

FaultInjector::Decision FaultInjector::next(const QString &endpoint)
{
    QMutexLocker lock(&m_mutex);
    auto it = m_rules.find(endpoint);
    if (it == m_rules.end())
        return {};
    if (it->skip > 0) {
        --it->skip;
        return {};
    }
    const Decision decision{it->fault, it->param};
    if (it->remaining > 0 && --it->remaining == 0)
        m_rules.erase(it);
    return decision;
}

bool FaultInjector::needsNormalAnswer(Fault fault)
{
    return fault == Fault::None || fault == Fault::Slow || fault == Fault::TruncatedBody ||
           fault == Fault::NonNumericExpiresIn;
}

static bool isTokenEndpoint(const QString &endpoint)
{
    return endpoint.endsWith(QLatin1String(".token")) ||
           endpoint == QLatin1String("druva-msp.customer-token");
}

// 401/403 shaped as the vendor behind `endpoint` would send them.
static HttpReply denied(const QString &endpoint, int status)
{
    const QString text = status == 401 ? QStringLiteral("Injected fault: unauthorized")
                                       : QStringLiteral("Injected fault: forbidden");
    if (endpoint.startsWith(QLatin1String("commvault."))) {
        return HttpReply::json({{QStringLiteral("errorMessage"), QStringLiteral("Access denied")},
                                {QStringLiteral("errorCode"), 5}},
                               status);
    }
    if (isTokenEndpoint(endpoint) && !endpoint.startsWith(QLatin1String("druva-msp.customer"))) {
        HttpReply reply = HttpReply::oauthError(status,
                                                status == 401 ? QStringLiteral("invalid_client")
                                                              : QStringLiteral("access_denied"),
                                                text);
        if (status == 401)
            reply.withHeader("WWW-Authenticate", "Basic realm=\"tokenwright-sandbox\"");
        return reply;
    }
    if (endpoint.startsWith(QLatin1String("druva")) || endpoint.startsWith(QLatin1String("msp."))) {
        return HttpReply::json(
            {{QStringLiteral("code"),
              status == 401 ? QStringLiteral("UNAUTHORIZED") : QStringLiteral("FORBIDDEN")},
             {QStringLiteral("message"), text}},
            status);
    }
    HttpReply reply = HttpReply::json(
        {{QStringLiteral("error"),
          status == 401 ? QStringLiteral("invalid_token") : QStringLiteral("insufficient_scope")},
         {QStringLiteral("error_description"), text}},
        status);
    reply.withHeader("WWW-Authenticate", status == 401 ? "Bearer error=\"invalid_token\""
                                                       : "Bearer error=\"insufficient_scope\"");
    return reply;
}

static HttpReply withRetryAfter(HttpReply reply, int seconds)
{
    if (seconds >= 0)
        reply.withHeader("Retry-After", QByteArray::number(seconds));
    return reply;
}

HttpReply FaultInjector::apply(const Decision &decision, const QString &endpoint, HttpReply normal)
{
    switch (decision.fault) {
    case Fault::None:
    case Fault::Slow:
        return normal;
    case Fault::Http500:
        return HttpReply::json({{QStringLiteral("error"), QStringLiteral("server_error")},
                                {QStringLiteral("error_description"),
                                 QStringLiteral("Injected fault: internal server error")}},
                               500);
    case Fault::Html502:
        // What a reverse proxy in front of a dead upstream sends: HTML, not JSON.
        return HttpReply::raw(
            "text/html",
            "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
            "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n"
            "</body>\r\n</html>\r\n",
            502);
    case Fault::TooManyRequests:
        return withRetryAfter(
            HttpReply::json(
                {{QStringLiteral("error"), QStringLiteral("rate_limited")},
                 {QStringLiteral("error_description"), QStringLiteral("Too many requests")}},
                429),
            decision.param);
    case Fault::ServiceUnavailable:
        return withRetryAfter(
            HttpReply::json(
                {{QStringLiteral("error"), QStringLiteral("temporarily_unavailable")},
                 {QStringLiteral("error_description"), QStringLiteral("Service unavailable")}},
                503),
            decision.param);
    case Fault::Unauthorized:
        return denied(endpoint, 401);
    case Fault::Forbidden:
        return denied(endpoint, 403);
    case Fault::MalformedJson:
        return HttpReply::raw("application/json", "{\"access_token\": ", 200);
    case Fault::MissingAccessToken:
        return HttpReply::raw("application/json", "{\"token_type\":\"bearer\",\"expires_in\":900}",
                              200);
    case Fault::TruncatedBody: {
        HttpReply reply = normal;
        reply.status = 200;
        reply.body = normal.body.left(normal.body.size() / 2);
        return reply;
    }
    case Fault::NonNumericExpiresIn: {
        QJsonObject object = QJsonDocument::fromJson(normal.body).object();
        object.insert(QStringLiteral("expires_in"), QStringLiteral("abc"));
        normal.body = QJsonDocument(object).toJson(QJsonDocument::Compact);
        return normal;
    }
    }
    return normal;
}

} // namespace tw::sandbox
