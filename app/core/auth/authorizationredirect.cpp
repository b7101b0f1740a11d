#include "auth/authorizationredirect.h"

#include "auth/token.h"
#include "common/origin.h"
#include "common/redact.h"

#include <QCoreApplication>
#include <QHash>

namespace tw::AuthorizationRedirect {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("AuthorizationRedirect", text);
}

QByteArray encode(const QString &value)
{
    // Everything but RFC 3986's unreserved characters is escaped, so a space is %20 and a
    // "+" is %2B: both mean what they say to any server.
    return QUrl::toPercentEncoding(value);
}

// Server text shown to the user: control and bidi characters replaced, at most 200 characters.
QString shown(const QString &text)
{
    QString safe = sanitizeServerText(redactTokenLikeRuns(text)).simplified();
    if (safe.size() > 200)
        safe = safe.left(200) + QStringLiteral("…");
    return safe;
}

Error failure(Error::Code code, const QString &message)
{
    return Error::make(code, message);
}
} // namespace

Status endpointProblem(const QUrl &endpoint, const QStringList &codeChallengeMethods,
                       const Profile &profile)
{
    if (!endpoint.isValid() || endpoint.isEmpty())
        return failure(Error::Code::InvalidInput,
                       tr("The provider of profile \"%1\" advertises no authorization_endpoint, "
                          "so there is no page to sign in on.")
                           .arg(profile.name));
    // RFC 8414 §2: a server that lists its PKCE methods without S256 would ignore or refuse
    // our challenge; an absent list says nothing, so we send S256 anyway (RFC 7636 §4.3).
    if (!codeChallengeMethods.isEmpty() && !codeChallengeMethods.contains(QLatin1String("S256")))
        return failure(Error::Code::InvalidInput,
                       tr("The provider of profile \"%1\" does not support PKCE with S256 "
                          "(code_challenge_methods_supported); Tokenwright does not sign in "
                          "without it.")
                           .arg(profile.name));
    const bool https = endpoint.scheme() == QLatin1String("https");
    const bool http = endpoint.scheme() == QLatin1String("http");
    if (!https && !(http && (isLoopbackHost(endpoint.host()) || profile.options.allowInsecureHttp)))
        return failure(Error::Code::Refused,
                       tr("The authorization_endpoint %1 is not an https URL; not opening it.")
                           .arg(originOf(endpoint)));
    return std::nullopt;
}

QUrl loopbackRedirectUri(quint16 port)
{
    QUrl uri;
    uri.setScheme(QStringLiteral("http"));
    uri.setHost(QStringLiteral("127.0.0.1"));
    uri.setPort(port);
    uri.setPath(QStringLiteral("/callback"));
    return uri;
}

QUrl authorizationUrl(const QUrl &authorizationEndpoint, const Profile &profile,
                      const QUrl &redirectUri, const QString &state, const QString &codeChallenge)
{
    QList<QPair<QString, QString>> fields{
        {QStringLiteral("response_type"), QStringLiteral("code")},
        {QStringLiteral("client_id"), profile.clientId},
        {QStringLiteral("redirect_uri"), redirectUri.toString(QUrl::FullyEncoded)},
    };
    if (!profile.scope.isEmpty())
        fields.append({QStringLiteral("scope"), profile.scope});
    fields.append({QStringLiteral("state"), state});
    fields.append({QStringLiteral("code_challenge"), codeChallenge});
    fields.append({QStringLiteral("code_challenge_method"), QStringLiteral("S256")});
    if (!profile.prompt.isEmpty())
        fields.append({QStringLiteral("prompt"), profile.prompt});
    if (!profile.loginHint.isEmpty())
        fields.append({QStringLiteral("login_hint"), profile.loginHint});
    QByteArray query = authorizationEndpoint.query(QUrl::FullyEncoded).toLatin1();
    for (const auto &[name, value] : fields) {
        if (!query.isEmpty())
            query += '&';
        query += encode(name) + '=' + encode(value);
    }
    QUrl url = authorizationEndpoint;
    url.setFragment(QString()); // RFC 6749 §3.1: the endpoint has no fragment
    url.setQuery(QString::fromLatin1(query), QUrl::StrictMode);
    return url;
}

Params parseQuery(QByteArrayView rawQuery)
{
    Params params;
    const QList<QByteArray> parts = rawQuery.toByteArray().split('&');
    for (const QByteArray &part : parts) {
        if (part.isEmpty())
            continue;
        const qsizetype eq = part.indexOf('=');
        auto decode = [](const QByteArray &encoded) {
            QByteArray bytes = encoded;
            bytes.replace('+', ' ');
            return QString::fromUtf8(QByteArray::fromPercentEncoding(bytes));
        };
        params.append(
            {decode(eq < 0 ? part : part.left(eq)), eq < 0 ? QString() : decode(part.mid(eq + 1))});
    }
    return params;
}

Result<QString> codeFrom(const Params &params, const Expectation &expected)
{
    QHash<QString, QString> values;
    for (const auto &[name, value] : params) {
        if (values.contains(name))
            return failure(Error::Code::Refused,
                           tr("The sign-in redirect repeats the parameter \"%1\"; not using it.")
                               .arg(shown(name.left(40))));
        values.insert(name, value);
    }
    // RFC 6749 §10.12: a redirect without our state may come from anyone who can make the
    // browser load a URL; its code (an attacker's account) must not be exchanged.
    if (!values.contains(QStringLiteral("state")) ||
        values.value(QStringLiteral("state")) != expected.state)
        return failure(Error::Code::Refused,
                       tr("The sign-in redirect's state did not match — possible forged "
                          "redirect; nothing was exchanged or stored."));
    // RFC 9207 §2.4: compare iss with the issuer by simple string comparison, before the
    // rest of the answer (an error included) is believed.
    const bool hasIss = values.contains(QStringLiteral("iss"));
    if (hasIss && values.value(QStringLiteral("iss")) != expected.issuer)
        return failure(Error::Code::Refused,
                       tr("The sign-in redirect names issuer \"%1\", not \"%2\" — possible "
                          "mix-up attack; nothing was exchanged.")
                           .arg(sanitizeServerText(values.value(QStringLiteral("iss")).left(200)),
                                expected.issuer));
    if (!hasIss && expected.issRequired)
        return failure(Error::Code::Refused,
                       tr("The sign-in redirect lacks the iss parameter its issuer promises "
                          "(RFC 9207); nothing was exchanged."));
    if (values.contains(QStringLiteral("error"))) {
        const QString error = shown(values.value(QStringLiteral("error")).left(100));
        Error e = failure(Error::Code::OAuth, error == QLatin1String("access_denied")
                                                  ? tr("The sign-in was denied.")
                                                  : tr("The authorization server refused the "
                                                       "sign-in."));
        e.oauthError = error;
        e.oauthDescription = shown(values.value(QStringLiteral("error_description")));
        return e;
    }
    const QString code = values.value(QStringLiteral("code"));
    if (code.isEmpty())
        return failure(Error::Code::BadResponse,
                       tr("The sign-in redirect carries neither a code nor an error."));
    if (code.size() > 4096 || !tokenValueProblem(code, QStringLiteral("code")).isEmpty())
        return failure(Error::Code::BadResponse,
                       tr("The sign-in redirect carries an unusable authorization code."));
    return code;
}

} // namespace tw::AuthorizationRedirect
