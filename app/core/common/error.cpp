#include "common/error.h"

#include "common/redact.h"

namespace tw {

Error Error::make(Code code, QString message, QString detail, int httpStatus)
{
    Error error;
    error.code = code;
    error.message = std::move(message);
    error.detail = std::move(detail);
    error.httpStatus = httpStatus;
    return error;
}

QString Error::toString() const
{
    QString text = message;
    if (httpStatus > 0)
        text += QStringLiteral(" (HTTP %1)").arg(httpStatus);
    if (!oauthError.isEmpty()) {
        text += QStringLiteral(": %1").arg(oauthError);
        if (!oauthDescription.isEmpty())
            text += QStringLiteral(" — %1").arg(oauthDescription);
    } else if (!oauthDescription.isEmpty()) {
        text += QStringLiteral(": %1").arg(oauthDescription);
    }
    if (!detail.isEmpty())
        text += QStringLiteral(" [%1]").arg(detail);
    // Parts of it came from a server: no escape sequence reaches a terminal or a widget.
    return sanitizeServerText(text);
}

QString Error::codeName(Code code)
{
    switch (code) {
    case Code::Network:
        return QStringLiteral("network");
    case Code::Http:
        return QStringLiteral("http");
    case Code::OAuth:
        return QStringLiteral("oauth");
    case Code::BadResponse:
        return QStringLiteral("bad_response");
    case Code::InvalidInput:
        return QStringLiteral("invalid_input");
    case Code::Keychain:
        return QStringLiteral("keychain");
    case Code::NotFound:
        return QStringLiteral("not_found");
    case Code::Refused:
        return QStringLiteral("refused");
    case Code::Cancelled:
        return QStringLiteral("cancelled");
    case Code::Expired:
        return QStringLiteral("expired");
    case Code::Io:
        return QStringLiteral("io");
    case Code::SecretCommand:
        return QStringLiteral("secret_command");
    case Code::SignInRequired:
        return QStringLiteral("sign_in_required");
    }
    return QStringLiteral("error");
}

} // namespace tw
