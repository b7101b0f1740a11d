#include "auth/authorizationcodefetcher.h"

#include "auth/authmanager.h"
#include "auth/authorizationredirect.h"
#include "auth/clientassertion.h"
#include "auth/loopbackreceiver.h"
#include "auth/pkce.h"
#include "auth/tokenrequest.h"
#include "auth/tokenresponse.h"

#include <QCoreApplication>
#include <QJsonObject>

namespace tw {

namespace {
Error failure(Error::Code code, const QString &message)
{
    return Error::make(code, message);
}
} // namespace

AuthorizationCodeFetcher::AuthorizationCodeFetcher(AuthManager *manager, const QUuid &profileId,
                                                   QObject *parent)
    : TokenFetcher(manager, profileId, parent)
{
    m_signInTimer.setSingleShot(true);
}

AuthorizationCodeFetcher::~AuthorizationCodeFetcher()
{
    if (m_receiver)
        m_receiver->close();
}

void AuthorizationCodeFetcher::fetch(const Request &request, Callback done)
{
    m_quiet = request.quiet;
    prepareSignIn(request,
                  tr("Profile \"%1\" signs in with a browser, which needs an issuer whose "
                     "discovery names an authorization_endpoint (and no token URL)."),
                  [this, done](Result<SignInBasis> basis) {
                      if (!basis) {
                          done(basis.error());
                          return;
                      }
                      withBasis(basis.value(), done);
                  });
}

void AuthorizationCodeFetcher::withBasis(const SignInBasis &basis, Callback done)
{
    const Profile &p = basis.profile;
    if (basis.secret.isEmpty() && p.clientAuth != ClientAuth::None) {
        done(failure(Error::Code::NotFound,
                     p.clientAuth == ClientAuth::PrivateKeyJwt
                         ? tr("No private key is stored for profile \"%1\". Edit the profile "
                              "and give the key again.")
                               .arg(p.name)
                         : tr("No client secret is stored for profile \"%1\". Edit the profile "
                              "and enter it again, or use --client-auth none for a public "
                              "client.")
                               .arg(p.name)));
        return;
    }
    Flow flow;
    flow.profile = p;
    flow.doc = basis.doc;
    flow.secret = basis.secret;
    const QString refreshToken = basis.refreshToken;
    if (refreshToken.isEmpty()) {
        startBrowserFlow(flow, done);
        return;
    }
    // A refresh token renews without the user; a refused one falls back to a new browser
    // sign-in. A network failure does not: no browser for that.
    const QDateTime sentAt = m_manager->clock()->utcNow();
    auto refused = send(flow,
                        {{QStringLiteral("grant_type"), QStringLiteral("refresh_token")},
                         {QStringLiteral("refresh_token"), refreshToken}},
                        [this, flow, refreshToken, sentAt, done](const HttpReply &reply) {
                            auto token = TokenResponse::parseOAuth(reply, sentAt);
                            if (token || !reply.hasHttpAnswer())
                                done(keepingRefreshToken(token, refreshToken));
                            else
                                startBrowserFlow(flow, done);
                        });
    if (refused)
        done(*refused);
}

Status AuthorizationCodeFetcher::send(const Flow &flow, QList<QPair<QString, QString>> fields,
                                      HttpClient::Callback onReply)
{
    const QUrl &endpoint = flow.doc.tokenEndpoint;
    const auto credential = ClientAssertion::credentialFor(flow.profile, endpoint, flow.secret,
                                                           m_manager->clock()->utcNow());
    if (!credential)
        return credential.error();
    HttpRequest request =
        TokenRequest::authenticatedForm(flow.profile, endpoint, credential.value(), fields);
    // The issuer's own discovery document vouches for its token endpoint.
    return sendCredential(flow.profile, request, std::move(onReply), {endpoint});
}

void AuthorizationCodeFetcher::startBrowserFlow(Flow flow, Callback done)
{
    if (m_quiet) {
        done(signInRequired(flow.profile.name)); // no browser pops up unasked
        return;
    }
    if (auto problem = AuthorizationRedirect::endpointProblem(
            flow.doc.authorizationEndpoint, flow.doc.codeChallengeMethods, flow.profile)) {
        done(*problem);
        return;
    }
    const QUrl endpoint = flow.doc.authorizationEndpoint;
    auto *receiver = new LoopbackReceiver(this);
    if (auto error = receiver->listen(quint16(flow.profile.redirectPort))) {
        delete receiver;
        done(*error);
        return;
    }
    m_receiver = receiver;
    flow.id = ++m_nextId;
    flow.state = Pkce::newState();
    flow.codeVerifier = Pkce::newCodeVerifier();
    flow.redirectUri = receiver->redirectUri();
    m_manager->knownSecrets().remember(flow.profile.secretKey(QStringLiteral("code_verifier")),
                                       flow.codeVerifier);
    const QUrl url =
        AuthorizationRedirect::authorizationUrl(endpoint, flow.profile, flow.redirectUri,
                                                flow.state, Pkce::s256Challenge(flow.codeVerifier));
    m_flow = flow;
    m_done = std::move(done);
    connect(receiver, &LoopbackReceiver::callbackReceived, this,
            [this, id = flow.id](const QByteArray &rawQuery) { onCallback(id, rawQuery); });
    // The person's part has its own deadline; the profile's request timeout is for servers.
    m_signInTimer.disconnect(this);
    connect(&m_signInTimer, &QTimer::timeout, this, [this, id = flow.id] {
        finish(id, failure(Error::Code::Expired,
                           tr("The browser sign-in did not finish within %1 seconds; run again "
                              "to retry.")
                               .arg(m_manager->signInTimeoutSec())));
    });
    m_signInTimer.start(m_manager->signInTimeoutSec() * 1000);
    Q_EMIT m_manager->authorizationUrlReady(flow.profile.id, url);
}

void AuthorizationCodeFetcher::onCallback(quint64 id, const QByteArray &rawQuery)
{
    if (!m_flow || m_flow->id != id)
        return;
    AuthorizationRedirect::Expectation expected;
    expected.state = m_flow->state;
    // RFC 9207 §2.4: the issuer exactly as the metadata spells it.
    expected.issuer = m_flow->doc.raw.value(QLatin1String("issuer")).toString();
    expected.issRequired = m_flow->doc.issParameterSupported;
    const auto code =
        AuthorizationRedirect::codeFrom(AuthorizationRedirect::parseQuery(rawQuery), expected);
    if (!code) {
        finish(id, code.error());
        return;
    }
    m_signInTimer.stop(); // the person is done; the exchange has the profile's timeout
    m_manager->knownSecrets().remember(
        m_flow->profile.secretKey(QStringLiteral("authorization_code")), code.value());
    exchange(*m_flow, code.value());
}

void AuthorizationCodeFetcher::exchange(const Flow &flow, const QString &code)
{
    const QDateTime sentAt = m_manager->clock()->utcNow();
    // RFC 6749 §4.1.3 with RFC 7636 §4.5: the same redirect_uri, and the verifier.
    auto refused =
        send(flow,
             {{QStringLiteral("grant_type"), QStringLiteral("authorization_code")},
              {QStringLiteral("code"), code},
              {QStringLiteral("redirect_uri"), flow.redirectUri.toString(QUrl::FullyEncoded)},
              {QStringLiteral("code_verifier"), flow.codeVerifier}},
             [this, id = flow.id, sentAt](const HttpReply &reply) {
                 auto token = TokenResponse::parseOAuth(reply, sentAt);
                 finish(id, token ? token : Result<Token>(m_manager->redact(token.error())));
             });
    if (refused)
        finish(flow.id, *refused);
}

void AuthorizationCodeFetcher::finish(quint64 id, const Result<Token> &result)
{
    if (!m_flow || m_flow->id != id)
        return; // cancelled, timed out or replaced: this answer is stale
    const QString name = m_flow->profile.name;
    m_flow.reset();
    m_signInTimer.stop();
    if (LoopbackReceiver *receiver = m_receiver) {
        m_receiver = nullptr;
        if (result)
            receiver->answer(200, LoopbackReceiver::page(
                                      tr("Signed in"),
                                      tr("Signed in to %1 — you can close this tab.").arg(name)));
        else
            receiver->answer(400, LoopbackReceiver::page(tr("Sign-in failed"),
                                                         tr("%1 — you can close this tab.")
                                                             .arg(m_manager->knownSecrets().redact(
                                                                 result.error().toString()))));
        receiver->deleteLater();
    }
    Callback done = std::exchange(m_done, {});
    if (done)
        done(result);
}

bool AuthorizationCodeFetcher::cancelSignIn()
{
    if (!m_flow)
        return false;
    // Delivered from the event loop, never inside the caller's own call.
    QTimer::singleShot(0, this, [this, id = m_flow->id] { finish(id, signInCancelled()); });
    return true;
}

} // namespace tw
