#pragma once

#include "common/error.h"
#include "profiles/profile.h"

#include <QByteArrayView>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

namespace tw {

// The two ends of a browser sign-in (RFC 6749 §4.1, RFC 7636, RFC 8252, RFC 9207): the
// authorization URL the browser opens, and the check of the redirect that comes back to
// the loopback receiver. Pure functions, so tests can feed them any hostile redirect.
namespace AuthorizationRedirect {

using Params = QList<QPair<QString, QString>>;

// Why the browser must not be sent to `endpoint` (discovery's authorization_endpoint): none
// advertised, a server that lists its PKCE methods without S256, or a page that would collect
// a password over plain HTTP to a host other than loopback (unless the profile allows it).
Status endpointProblem(const QUrl &endpoint, const QStringList &codeChallengeMethods,
                       const Profile &profile);

// http://127.0.0.1:PORT/callback (RFC 8252 §7.3: an IP literal, not "localhost").
QUrl loopbackRedirectUri(quint16 port);

// The authorization endpoint with response_type=code, client_id, redirect_uri, scope,
// state, code_challenge (S256), prompt and login_hint (OIDC Core §3.1.2.1) added to any
// query it already has (RFC 6749 §3.1: that query is kept). Values are percent-encoded.
QUrl authorizationUrl(const QUrl &authorizationEndpoint, const Profile &profile,
                      const QUrl &redirectUri, const QString &state, const QString &codeChallenge);

// The query of a redirect as application/x-www-form-urlencoded (RFC 6749 §4.1.2: "+" is a
// space, then percent-decoding as UTF-8), in order, repeated names kept.
Params parseQuery(QByteArrayView rawQuery);

struct Expectation
{
    QString state;            // what we sent
    QString issuer;           // the issuer as discovery named it
    bool issRequired = false; // discovery said authorization_response_iss_parameter_supported
};

// The authorization code of a redirect, or why it cannot be used: a repeated parameter
// (RFC 6749 §3.1), a state that is not ours (a forged redirect, §10.12), an `iss` that is
// not our issuer or is missing where promised (a mix-up, RFC 9207 §2.4), an error answer
// (§4.1.2.1; its text sanitised and shortened), or no usable code. State is checked first
// and iss second, before an error answer is believed.
Result<QString> codeFrom(const Params &params, const Expectation &expected);

} // namespace AuthorizationRedirect
} // namespace tw
