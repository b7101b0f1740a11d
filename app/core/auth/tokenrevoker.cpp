#include "auth/tokenrevoker.h"

#include "audit/auditrecorder.h"
#include "auth/authmanager.h"
#include "auth/clientassertion.h"
#include "auth/token.h"
#include "auth/tokencache.h"
#include "auth/tokenrequest.h"
#include "auth/tokenresponse.h"
#include "auth/transportpolicy.h"
#include "common/redact.h"
#include "profiles/profileservice.h"
#include "profiles/profilestore.h"

#include <QCoreApplication>
#include <QJsonDocument>

namespace tw {

namespace {
Error problem(Error::Code code, const QString &message)
{
    Error e;
    e.code = code;
    e.message = message;
    return e;
}
} // namespace

TokenRevoker::TokenRevoker(AuthManager *manager, const QUuid &profileId, QObject *parent)
    : QObject(parent), m_manager(manager), m_profileId(profileId)
{
}

void TokenRevoker::withTarget(Kind kind, std::function<void(Result<Target>)> next)
{
    const auto found = m_manager->profileStore()->find(m_profileId);
    if (!found) {
        next(problem(Error::Code::NotFound, tr("The profile no longer exists.")));
        return;
    }
    const Profile profile = *found;
    if (profile.kind != ProviderKind::OAuth2 && profile.kind != ProviderKind::Oidc) {
        next(problem(Error::Code::InvalidInput,
                     tr("Profile \"%1\" is not an OAuth 2.0 or OIDC profile: its provider has no "
                        "standard revocation or introspection.")
                         .arg(profile.name)));
        return;
    }
    auto withSecret = [this, profile, next](Target target) {
        const QString entry = profile.clientAuth == ClientAuth::PrivateKeyJwt
                                  ? SecretEntry::PrivateKey
                                  : SecretEntry::ClientSecret;
        m_manager->profileService()->readSecret(
            profile, entry, this, [this, target, entry, next](Result<QByteArray> secret) mutable {
                if (!secret && secret.error().code != Error::Code::NotFound) {
                    next(secret.error());
                    return;
                }
                target.secret = secret ? QString::fromUtf8(secret.value()) : QString();
                m_manager->knownSecrets().remember(target.profile.secretKey(entry), target.secret);
                next(target);
            });
    };
    const QUrl configured =
        kind == Kind::Revocation ? profile.revocationUrl : profile.introspectionUrl;
    if (!configured.isEmpty() || !profile.usesDiscovery()) {
        if (configured.isEmpty()) {
            next(problem(Error::Code::InvalidInput,
                         kind == Kind::Revocation
                             ? tr("Profile \"%1\" has no revocation endpoint: give one with "
                                  "--revocation-url, or an issuer whose discovery names it.")
                                   .arg(profile.name)
                             : tr("Profile \"%1\" has no introspection endpoint: give one with "
                                  "--introspection-url, or an issuer whose discovery names it.")
                                   .arg(profile.name)));
            return;
        }
        withSecret({profile, configured, {}, {}});
        return;
    }
    const auto flavour = profile.kind == ProviderKind::Oidc ? DiscoveryClient::Flavour::OpenIdFirst
                                                            : DiscoveryClient::Flavour::OAuthFirst;
    m_manager->discovery()->discover(
        profile.issuer, flavour, m_manager->transport(profile), this,
        [profile, kind, withSecret, next](Result<DiscoveryDocument> doc) {
            if (!doc) {
                next(doc.error());
                return;
            }
            const QUrl endpoint = kind == Kind::Revocation ? doc.value().revocationEndpoint
                                                           : doc.value().introspectionEndpoint;
            if (!endpoint.isValid() || endpoint.isEmpty()) {
                next(problem(Error::Code::InvalidInput,
                             kind == Kind::Revocation
                                 ? tr("The provider of profile \"%1\" advertises no "
                                      "revocation_endpoint; give one with --revocation-url.")
                                       .arg(profile.name)
                                 : tr("The provider of profile \"%1\" advertises no "
                                      "introspection_endpoint; give one with "
                                      "--introspection-url.")
                                       .arg(profile.name)));
                return;
            }
            withSecret({profile, endpoint, {endpoint}, {}});
        });
}

void TokenRevoker::send(const Target &target, const QString &token, const QString &hint,
                        std::function<void(Result<QJsonObject>)> done)
{
    const auto credential = ClientAssertion::credentialFor(
        target.profile, target.endpoint, target.secret, m_manager->clock()->utcNow());
    if (!credential) {
        done(credential.error());
        return;
    }
    HttpRequest request = TokenRequest::tokenManagement(target.profile, target.endpoint,
                                                        credential.value(), token, hint);
    request.purpose = tr("the %1 endpoint").arg(target.endpoint.path().section('/', -1));
    if (auto refused =
            TransportPolicy::checkCredentialTarget(target.profile, request.url, target.trusted)) {
        done(*refused);
        return;
    }
    request.carriesCredential = true;
    for (const auto &[name, value] : std::as_const(request.headers)) {
        if (name.compare("Authorization", Qt::CaseInsensitive) == 0)
            m_manager->knownSecrets().rememberBasic(
                target.profile.secretKey(QStringLiteral("basic")), value);
    }
    m_manager->http()->send(
        request, m_manager->transport(target.profile), this, [this, done](const HttpReply &reply) {
            if (reply.status < 200 || reply.status > 299) {
                done(m_manager->redact(TokenResponse::errorFromReply(reply, tr("request"))));
                return;
            }
            // RFC 7009 §2.2: the body of a revocation answer is ignored.
            if (reply.body.trimmed().isEmpty()) {
                done(QJsonObject{});
                return;
            }
            done(TokenResponse::jsonObject(reply, tr("answer")));
        });
}

void TokenRevoker::revoke(RevokeCallback done)
{
    auto finish = [this, done](Result<Revoked> result) {
        recordRevoked(result);
        done(std::move(result));
    };
    m_manager->tokenCache()->load(
        m_profileId, QString(), this, [this, finish](std::optional<QJsonObject> json) {
            const std::optional<Token> cached =
                json ? Token::fromCacheJson(*json) : std::optional<Token>();
            if (!cached || (cached->accessToken.isEmpty() && cached->refreshToken.isEmpty())) {
                finish(Revoked{});
                return;
            }
            const Token token = *cached;
            withTarget(Kind::Revocation, [this, token, finish](Result<Target> target) {
                if (!target) {
                    finish(target.error());
                    return;
                }
                Revoked revoked;
                revoked.hadRefreshToken = !token.refreshToken.isEmpty();
                revoked.hadAccessToken = !token.accessToken.isEmpty();
                auto accessStep = [this, target = target.value(), token, revoked, finish] {
                    if (token.accessToken.isEmpty()) {
                        finishRevoke(target, revoked, finish);
                        return;
                    }
                    send(target, token.accessToken, QStringLiteral("access_token"),
                         [this, target, revoked, finish](Result<QJsonObject> answer) {
                             if (!answer)
                                 finish(answer.error());
                             else
                                 finishRevoke(target, revoked, finish);
                         });
                };
                // The refresh token first (RFC 7009 §2.1): revoking it may end the access
                // token too, while the reverse order could leave a refresh token alive.
                if (token.refreshToken.isEmpty()) {
                    accessStep();
                    return;
                }
                send(target.value(), token.refreshToken, QStringLiteral("refresh_token"),
                     [accessStep, finish](Result<QJsonObject> answer) {
                         if (!answer)
                             finish(answer.error());
                         else
                             accessStep();
                     });
            });
        });
}

void TokenRevoker::finishRevoke(const Target &, Revoked revoked, RevokeCallback done)
{
    m_manager->tokenCache()->remove(m_profileId, QString());
    m_manager->forgetProfile(m_profileId, true);
    done(revoked);
}

void TokenRevoker::recordRevoked(const Result<Revoked> &result)
{
    if (result && !result.value().hadAccessToken && !result.value().hadRefreshToken)
        return; // nothing was held, nothing was sent
    AuditEntry entry;
    entry.action = AuditEntry::Action::Revoked;
    if (result) {
        entry.detail = result.value().hadRefreshToken ? QStringLiteral("refresh and access token")
                                                      : QStringLiteral("access token");
        m_manager->audit()->record(m_profileId, entry);
    } else {
        m_manager->audit()->record(m_profileId, entry, m_manager->redact(result.error()));
    }
}

void TokenRevoker::introspect(const QString &token, const QString &typeHint,
                              IntrospectCallback done)
{
    withTarget(Kind::Introspection, [this, token, typeHint, done](Result<Target> target) {
        if (!target) {
            done(target.error());
            return;
        }
        const QString secret = target.value().secret;
        send(target.value(), token, typeHint, [secret, done](Result<QJsonObject> answer) {
            if (!answer || secret.isEmpty()) {
                done(std::move(answer));
                return;
            }
            // The answer is shown as the server sent it, except our own secret or key,
            // should a server echo it (DESIGN.md: redaction by value).
            KnownSecrets own;
            own.remember(QStringLiteral("own"), secret);
            const QString text =
                QString::fromUtf8(QJsonDocument(answer.value()).toJson(QJsonDocument::Compact));
            const QString scrubbed = own.redact(text);
            done(scrubbed == text ? answer.value()
                                  : QJsonDocument::fromJson(scrubbed.toUtf8()).object());
        });
    });
}

} // namespace tw
