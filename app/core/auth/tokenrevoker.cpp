#include "auth/tokenrevoker.h"

#include "audit/auditrecorder.h"
#include "auth/authmanager.h"
#include "auth/clientassertion.h"
#include "auth/clientauthauto.h"
#include "auth/token.h"
#include "auth/tokencache.h"
#include "auth/tokenrequest.h"
#include "auth/tokenresponse.h"
#include "common/redact.h"
#include "profiles/profilestore.h"

#include <QCoreApplication>
#include <QJsonDocument>

namespace tw {

TokenRevoker::TokenRevoker(AuthManager *manager, const QUuid &profileId, QObject *parent)
    : QObject(parent), m_manager(manager), m_profileId(profileId), m_client(manager, this)
{
}

void TokenRevoker::withTarget(Kind kind, std::function<void(Result<Target>)> next)
{
    const auto found = m_manager->profileStore()->find(m_profileId);
    if (!found) {
        next(Error::make(Error::Code::NotFound, tr("The profile no longer exists.")));
        return;
    }
    const Profile profile = *found;
    if (profile.kind != ProviderKind::OAuth2 && profile.kind != ProviderKind::Oidc) {
        next(Error::make(
            Error::Code::InvalidInput,
            tr("Profile \"%1\" is not an OAuth 2.0 or OIDC profile: its provider has no "
               "standard revocation or introspection.")
                .arg(profile.name)));
        return;
    }
    const auto endpointKind = kind == Kind::Revocation ? ClientAuthAuto::Endpoint::Revocation
                                                       : ClientAuthAuto::Endpoint::Introspection;
    auto withSecret = [this, endpointKind, next](Target target,
                                                 const std::optional<DiscoveryDocument> &doc) {
        target.profile =
            ClientAuthAuto::resolve(target.profile, ClientAuthAuto::advertised(doc, endpointKind));
        const QString entry = target.profile.clientAuth == ClientAuth::PrivateKeyJwt
                                  ? SecretEntry::PrivateKey
                                  : SecretEntry::ClientSecret;
        m_client.readSecret(target.profile, entry,
                            [target, next](Result<QByteArray> secret) mutable {
                                if (!secret) {
                                    next(secret.error());
                                    return;
                                }
                                target.secret = QString::fromUtf8(secret.value());
                                next(target);
                            });
    };
    const QUrl configured =
        kind == Kind::Revocation ? profile.revocationUrl : profile.introspectionUrl;
    if (!configured.isEmpty() || !profile.usesDiscovery()) {
        if (configured.isEmpty()) {
            next(Error::make(Error::Code::InvalidInput,
                             kind == Kind::Revocation
                                 ? tr("Profile \"%1\" has no revocation endpoint: give one with "
                                      "--revocation-url, or an issuer whose discovery names it.")
                                       .arg(profile.name)
                                 : tr("Profile \"%1\" has no introspection endpoint: give one with "
                                      "--introspection-url, or an issuer whose discovery names it.")
                                       .arg(profile.name)));
            return;
        }
        withSecret({profile, configured, {}, {}}, std::nullopt);
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
                next(Error::make(Error::Code::InvalidInput,
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
            withSecret({profile, endpoint, {endpoint}, {}}, doc.value());
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
    const Status refused = m_client.sendCredential(
        target.profile, request,
        [this, done](const HttpReply &reply) {
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
        },
        target.trusted);
    if (refused)
        done(*refused);
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
                        finishRevoke(revoked, finish);
                        return;
                    }
                    send(target, token.accessToken, QStringLiteral("access_token"),
                         [this, revoked, finish](Result<QJsonObject> answer) {
                             if (!answer)
                                 finish(answer.error());
                             else
                                 finishRevoke(revoked, finish);
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

void TokenRevoker::finishRevoke(Revoked revoked, RevokeCallback done)
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
