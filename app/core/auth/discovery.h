#pragma once

#include "common/error.h"
#include "common/httpclient.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QStringList>
#include <QUrl>

namespace tw {

struct DiscoveryDocument
{
    QUrl issuer;
    QUrl tokenEndpoint;
    QStringList authMethods;          // token_endpoint_auth_methods_supported (defaulted per spec)
    QStringList grantTypes;           // may be empty: proves nothing either way
    QUrl revocationEndpoint;          // RFC 7009 via RFC 8414 §2; invalid when not advertised
    QUrl introspectionEndpoint;       // RFC 7662 via RFC 8414 §2; invalid when not advertised
    QUrl deviceAuthorizationEndpoint; // RFC 8628 §4; invalid when not advertised
    QUrl authorizationEndpoint;       // RFC 8414 §2; invalid when not advertised
    QStringList codeChallengeMethods; // RFC 8414 §2; empty: not said (PKCE may still work)
    bool issParameterSupported = false; // RFC 9207 §3: the redirect always carries `iss`
    QUrl sourceUrl;                     // where it was read
    QJsonObject raw;
    QDateTime fetchedAt;
};

// Reads OpenID Connect Discovery ({issuer}/.well-known/openid-configuration) or RFC 8414
// (/.well-known/oauth-authorization-server inserted before the issuer's path) and caches
// the document per issuer for an hour.
class DiscoveryClient : public QObject
{
    Q_OBJECT
public:
    enum class Flavour { OpenIdFirst, OAuthFirst };
    using Callback = std::function<void(Result<DiscoveryDocument>)>;

    DiscoveryClient(HttpClient *http, QObject *parent = nullptr);

    void discover(const QUrl &issuer, Flavour flavour, const TransportOptions &transport,
                  QObject *context, Callback done, bool bypassCache = false);
    void clearCache() { m_cache.clear(); }

    static QUrl openIdUrl(const QUrl &issuer);
    static QUrl oauthServerUrl(const QUrl &issuer);
    static Result<DiscoveryDocument> parse(const HttpReply &reply, const QUrl &issuer);

private:
    void tryUrls(QList<QUrl> urls, const QUrl &issuer, const TransportOptions &transport,
                 QObject *context, Callback done, std::optional<Error> firstError);

    HttpClient *m_http;
    QHash<QString, DiscoveryDocument> m_cache;
};

} // namespace tw
