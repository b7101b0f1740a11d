#include "auth/discovery.h"

#include "auth/tokenrequest.h"
#include "common/callbackguard.h"
#include "common/replyerror.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QPointer>

namespace tw {

namespace {
QString normalised(const QUrl &issuer)
{
    QString text = issuer.toString(QUrl::NormalizePathSegments);
    while (text.endsWith(QLatin1Char('/')))
        text.chop(1);
    return text;
}

QStringList stringList(const QJsonValue &value)
{
    QStringList out;
    for (const QJsonValue &v : value.toArray())
        out << v.toString();
    return out;
}
} // namespace

DiscoveryClient::DiscoveryClient(HttpClient *http, QObject *parent) : QObject(parent), m_http(http)
{
}

QUrl DiscoveryClient::openIdUrl(const QUrl &issuer)
{
    return TokenRequest::appendPath(issuer, QStringLiteral("/.well-known/openid-configuration"));
}

QUrl DiscoveryClient::oauthServerUrl(const QUrl &issuer)
{
    // RFC 8414 §3.1: the well-known segment goes between the host and the issuer's path.
    QUrl url = issuer;
    QString path = url.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    url.setPath(QStringLiteral("/.well-known/oauth-authorization-server") + path);
    return url;
}

Result<DiscoveryDocument> DiscoveryClient::parse(const HttpReply &reply, const QUrl &issuer)
{
    const QString what = tr("discovery request");
    auto object = successObject(reply, what);
    if (!object)
        return object.error();
    const QJsonObject json = object.value();
    DiscoveryDocument doc;
    doc.raw = json;
    doc.sourceUrl = reply.finalUrl;
    doc.issuer = QUrl(json.value(QLatin1String("issuer")).toString());
    if (normalised(doc.issuer) != normalised(issuer)) {
        return Error::make(
            Error::Code::BadResponse,
            tr("The discovery document's issuer \"%1\" is not the configured issuer \"%2\"; "
               "refusing it (OpenID Connect Discovery §4.3, RFC 8414 §3.3).")
                .arg(json.value(QLatin1String("issuer")).toString().left(200), issuer.toString()));
    }
    doc.tokenEndpoint = QUrl(json.value(QLatin1String("token_endpoint")).toString());
    if (!doc.tokenEndpoint.isValid() || doc.tokenEndpoint.host().isEmpty()) {
        return Error::make(Error::Code::BadResponse,
                           tr("The discovery document at %1 has no usable token_endpoint.")
                               .arg(reply.finalUrl.toString()));
    }
    doc.authMethods =
        stringList(json.value(QLatin1String("token_endpoint_auth_methods_supported")));
    if (doc.authMethods.isEmpty())
        doc.authMethods << QStringLiteral("client_secret_basic"); // the specs' default
    doc.grantTypes = stringList(json.value(QLatin1String("grant_types_supported")));
    doc.codeChallengeMethods =
        stringList(json.value(QLatin1String("code_challenge_methods_supported")));
    doc.issParameterSupported =
        json.value(QLatin1String("authorization_response_iss_parameter_supported")).toBool(false);
    // Optional endpoints: one that is not an absolute URL is as good as none.
    for (auto [field, target] :
         {std::pair{"revocation_endpoint", &doc.revocationEndpoint},
          std::pair{"introspection_endpoint", &doc.introspectionEndpoint},
          std::pair{"device_authorization_endpoint", &doc.deviceAuthorizationEndpoint},
          std::pair{"authorization_endpoint", &doc.authorizationEndpoint}}) {
        const QUrl url(json.value(QLatin1String(field)).toString(), QUrl::StrictMode);
        if (url.isValid() && !url.host().isEmpty())
            *target = url;
    }
    return doc;
}

void DiscoveryClient::discover(const QUrl &issuer, Flavour flavour,
                               const TransportOptions &transport, QObject *context, Callback done,
                               bool bypassCache)
{
    const QString key = normalised(issuer);
    const auto cached = m_cache.constFind(key);
    if (!bypassCache && cached != m_cache.cend() &&
        cached->fetchedAt.secsTo(QDateTime::currentDateTimeUtc()) < 3600) {
        post(this, guarded(context, std::move(done)), Result<DiscoveryDocument>(*cached));
        return;
    }
    QList<QUrl> urls = flavour == Flavour::OpenIdFirst
                           ? QList<QUrl>{openIdUrl(issuer), oauthServerUrl(issuer)}
                           : QList<QUrl>{oauthServerUrl(issuer), openIdUrl(issuer)};
    tryUrls(urls, issuer, transport, context, std::move(done), std::nullopt);
}

void DiscoveryClient::tryUrls(QList<QUrl> urls, const QUrl &issuer,
                              const TransportOptions &transport, QObject *context, Callback done,
                              std::optional<Error> firstError)
{
    HttpRequest request;
    request.url = urls.takeFirst();
    request.purpose = tr("the discovery endpoint");
    // Its answer decides where the client secret goes: a document from another origin, even
    // one that names our issuer, could send it anywhere. Same-origin redirects only.
    request.carriesCredential = true;
    request.setHeader("Accept", "application/json");
    request.maxBodyBytes = 1024 * 1024;
    m_http->send(
        request, transport, context,
        [this, urls, issuer, transport, context, done, firstError](const HttpReply &reply) {
            auto result = parse(reply, issuer);
            if (result) {
                DiscoveryDocument doc = result.take();
                doc.fetchedAt = QDateTime::currentDateTimeUtc();
                m_cache.insert(normalised(issuer), doc);
                done(doc);
                return;
            }
            // Only "not there" moves on to the other well-known location.
            if (!urls.isEmpty() && (reply.status == 404 || reply.status == 405)) {
                tryUrls(urls, issuer, transport, context, done,
                        firstError ? firstError : result.error());
                return;
            }
            done(firstError && reply.status == 404 ? *firstError : result.error());
        });
}

} // namespace tw
