#include "tokenendpoint.h"

#include <QSet>

namespace tw::sandbox {

std::optional<HttpReply> checkTokenRequest(const HttpRequest &request,
                                           const QStringList &supportedGrants,
                                           const QStringList &repeatable)
{
    if (request.method != "POST") {
        return HttpReply::oauthError(405, QStringLiteral("invalid_request"),
                                     QStringLiteral("The token endpoint accepts POST only"))
            .withHeader("Allow", "POST");
    }
    if (!request.isForm()) {
        return HttpReply::oauthError(
            400, QStringLiteral("invalid_request"),
            QStringLiteral("Content-Type must be application/x-www-form-urlencoded"));
    }
    const FormFields form = request.form();
    QSet<QString> seen;
    for (const auto &field : form) {
        if (seen.contains(field.first) && !repeatable.contains(field.first)) {
            return HttpReply::oauthError(
                400, QStringLiteral("invalid_request"),
                QStringLiteral("Parameter '%1' is repeated").arg(field.first));
        }
        seen.insert(field.first);
    }
    bool present = false;
    const QString grant = formValue(form, QStringLiteral("grant_type"), &present);
    if (!present || grant.isEmpty()) {
        return HttpReply::oauthError(400, QStringLiteral("invalid_request"),
                                     QStringLiteral("grant_type is missing"));
    }
    if (!supportedGrants.contains(grant)) {
        return HttpReply::oauthError(
            400, QStringLiteral("unsupported_grant_type"),
            QStringLiteral("grant_type '%1' is not supported here").arg(grant));
    }
    return std::nullopt;
}

HttpReply tokenReply(const QJsonObject &answer)
{
    HttpReply reply = HttpReply::json(answer);
    reply.withHeader("Cache-Control", "no-store").withHeader("Pragma", "no-cache");
    return reply;
}

HttpReply invalidClient(const QString &description, bool basicAttempted)
{
    HttpReply reply = HttpReply::oauthError(401, QStringLiteral("invalid_client"), description);
    if (basicAttempted)
        reply.withHeader("WWW-Authenticate", "Basic realm=\"tokenwright-sandbox\"");
    return reply;
}

} // namespace tw::sandbox
