#include "auth/devicecodefetcher.h"

#include "auth/authmanager.h"
#include "auth/clientassertion.h"
#include "auth/deviceprompt.h"
#include "auth/tokenrequest.h"
#include "auth/tokenresponse.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QTimer>

namespace tw {

namespace {
// Bounds on what a server may ask for: a minute between polls at most, and a code that
// lives at most an hour (RFC 8628 suggests 5 s and 15 min).
constexpr int kMaxIntervalSec = 60;
constexpr int kMaxLifetimeSec = 3600;
} // namespace

void DeviceCodeFetcher::fetch(const Request &request, Callback done)
{
    m_quiet = request.quiet;
    prepareSignIn(request,
                  tr("Profile \"%1\" uses the device grant, which needs an issuer whose "
                     "discovery names a device_authorization_endpoint."),
                  [this, done](Result<SignInBasis> basis) {
                      if (!basis) {
                          done(basis.error());
                          return;
                      }
                      withBasis(basis.value(), done);
                  });
}

void DeviceCodeFetcher::withBasis(const SignInBasis &basis, Callback done)
{
    const DiscoveryDocument &doc = basis.doc;
    if (!doc.deviceAuthorizationEndpoint.isValid() || doc.deviceAuthorizationEndpoint.isEmpty()) {
        done(Error::make(Error::Code::InvalidInput,
                         tr("The provider of profile \"%1\" advertises no "
                            "device_authorization_endpoint.")
                             .arg(basis.profile.name)));
        return;
    }
    Flow flow;
    flow.profile = basis.profile;
    flow.tokenEndpoint = doc.tokenEndpoint;
    flow.deviceEndpoint = doc.deviceAuthorizationEndpoint;
    flow.secret = basis.secret;
    flow.done = done;
    const QString refreshToken = basis.refreshToken;
    if (refreshToken.isEmpty()) {
        startDeviceFlow(flow);
        return;
    }
    // A refresh token renews without the user; a refused one falls back to a new device
    // authorization.
    const QDateTime sentAt = m_manager->clock()->utcNow();
    auto refused = send(flow, flow.tokenEndpoint,
                        {{QStringLiteral("grant_type"), QStringLiteral("refresh_token")},
                         {QStringLiteral("refresh_token"), refreshToken}},
                        [this, flow, refreshToken, sentAt](const HttpReply &reply) {
                            auto token = TokenResponse::parseOAuth(reply, sentAt);
                            if (token || !reply.hasHttpAnswer())
                                flow.done(keepingRefreshToken(token, refreshToken));
                            else
                                startDeviceFlow(flow);
                        });
    if (refused)
        done(*refused);
}

Status DeviceCodeFetcher::send(const Flow &flow, const QUrl &endpoint,
                               QList<QPair<QString, QString>> fields, HttpClient::Callback onReply)
{
    const auto credential = ClientAssertion::credentialFor(flow.profile, endpoint, flow.secret,
                                                           m_manager->clock()->utcNow());
    if (!credential)
        return credential.error();
    HttpRequest request =
        TokenRequest::authenticatedForm(flow.profile, endpoint, credential.value(), fields);
    // The issuer's own discovery document vouches for its endpoints.
    return sendCredential(flow.profile, request, std::move(onReply),
                          {flow.tokenEndpoint, flow.deviceEndpoint});
}

bool DeviceCodeFetcher::cancelSignIn()
{
    if (m_activeFlow == 0)
        return false;
    m_activeFlow = 0; // every reply and poll of the flow is stale from now on
    // Delivered from the event loop, never inside the caller's own call.
    QTimer::singleShot(0, this,
                       [done = std::exchange(m_activeDone, {})] { done(signInCancelled()); });
    return true;
}

void DeviceCodeFetcher::startDeviceFlow(Flow flow)
{
    if (m_quiet) {
        flow.done(signInRequired(flow.profile.name)); // no code is shown unasked
        return;
    }
    // From here on the person is involved: the flow can be cancelled (cancelSignIn), and
    // whatever ends it goes through the one callback below, once.
    flow.id = ++m_nextFlow;
    m_activeFlow = flow.id;
    m_activeDone = std::move(flow.done);
    flow.done = [this, id = flow.id](Result<Token> result) {
        if (id != m_activeFlow)
            return;
        m_activeFlow = 0;
        std::exchange(m_activeDone, {})(std::move(result));
    };
    QList<QPair<QString, QString>> fields;
    if (!flow.profile.scope.isEmpty())
        fields.append({QStringLiteral("scope"), flow.profile.scope});
    auto refused =
        send(flow, flow.deviceEndpoint, fields, [this, flow](const HttpReply &reply) mutable {
            if (flow.id != m_activeFlow)
                return;
            auto json = TokenResponse::jsonObject(reply, tr("device authorization"));
            if (!json) {
                flow.done(m_manager->redact(
                    reply.status >= 400
                        ? TokenResponse::errorFromReply(reply, tr("device authorization"))
                        : json.error()));
                return;
            }
            const QJsonObject answer = json.value();
            DevicePrompt prompt;
            prompt.profileName = flow.profile.name;
            prompt.userCode = answer.value(QLatin1String("user_code")).toString();
            prompt.verificationUri =
                QUrl(answer.value(QLatin1String("verification_uri")).toString());
            prompt.verificationUriComplete =
                QUrl(answer.value(QLatin1String("verification_uri_complete")).toString());
            prompt.expiresInSec =
                qBound(1, answer.value(QLatin1String("expires_in")).toInt(600), kMaxLifetimeSec);
            flow.deviceCode = answer.value(QLatin1String("device_code")).toString();
            flow.intervalSec =
                qBound(1, answer.value(QLatin1String("interval")).toInt(5), kMaxIntervalSec);
            const auto scheme = prompt.verificationUri.scheme();
            if (flow.deviceCode.isEmpty() || prompt.userCode.isEmpty() ||
                (scheme != QLatin1String("https") && scheme != QLatin1String("http"))) {
                flow.done(
                    Error::make(Error::Code::BadResponse,
                                tr("The device authorization answer lacks a device code, a user "
                                   "code or a web verification_uri.")));
                return;
            }
            if (!tokenValueProblem(flow.deviceCode, QStringLiteral("device_code")).isEmpty() ||
                !tokenValueProblem(prompt.userCode.remove(QLatin1Char(' ')),
                                   QStringLiteral("user_code"))
                     .isEmpty()) {
                flow.done(
                    Error::make(Error::Code::BadResponse,
                                tr("The device authorization answer holds an unusable code.")));
                return;
            }
            m_manager->knownSecrets().remember(
                flow.profile.secretKey(QStringLiteral("device_code")), flow.deviceCode);
            flow.deadlineMs =
                m_manager->clock()->monotonicMs() + qint64(prompt.expiresInSec) * 1000;
            Q_EMIT m_manager->deviceCodeIssued(flow.profile.id, prompt);
            QTimer::singleShot(flow.intervalSec * 1000, this, [this, flow] { poll(flow); });
        });
    if (refused)
        flow.done(*refused);
}

void DeviceCodeFetcher::poll(Flow flow)
{
    if (flow.id != m_activeFlow)
        return; // cancelled
    if (m_manager->clock()->monotonicMs() >= flow.deadlineMs) {
        flow.done(Error::make(Error::Code::Expired,
                              tr("The device code expired before the sign-in was approved; run "
                                 "again for a new code.")));
        return;
    }
    const QDateTime sentAt = m_manager->clock()->utcNow();
    auto refused = send(
        flow, flow.tokenEndpoint,
        {{QStringLiteral("grant_type"), QString::fromLatin1(GrantType)},
         {QStringLiteral("device_code"), flow.deviceCode}},
        [this, flow, sentAt](const HttpReply &reply) mutable {
            if (flow.id != m_activeFlow)
                return;
            auto token = TokenResponse::parseOAuth(reply, sentAt);
            if (token || !reply.hasHttpAnswer()) {
                flow.done(token);
                return;
            }
            const QString error = token.error().oauthError;
            if (error == QLatin1String("authorization_pending") ||
                error == QLatin1String("slow_down")) {
                // RFC 8628 §3.5: slow_down adds 5 s to the interval for good.
                if (error == QLatin1String("slow_down"))
                    flow.intervalSec = qMin(flow.intervalSec + 5, kMaxIntervalSec);
                QTimer::singleShot(flow.intervalSec * 1000, this, [this, flow] { poll(flow); });
                return;
            }
            Error e = token.error();
            if (error == QLatin1String("access_denied"))
                e.message = tr("The sign-in was denied.");
            else if (error == QLatin1String("expired_token"))
                e.message = tr("The device code expired before the sign-in was approved; run "
                               "again for a new code.");
            flow.done(e);
        });
    if (refused)
        flow.done(*refused);
}

} // namespace tw
