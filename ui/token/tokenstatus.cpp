#include "ui/token/tokenstatus.h"

#include <QCoreApplication>

namespace tw::tokenstatus {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("TokenStatus", text);
}
} // namespace

QString countdown(qint64 remainingMs)
{
    if (remainingMs < 0)
        return QStringLiteral("--:--");
    // Round up: "00:00" means the token is gone, not "less than a second left".
    const qint64 total = (remainingMs + 999) / 1000;
    const qint64 days = total / 86400;
    const qint64 hours = (total / 3600) % 24;
    const qint64 minutes = (total / 60) % 60;
    const qint64 seconds = total % 60;
    if (days > 0)
        return tr("%1d %2h").arg(days).arg(hours, 2, 10, QLatin1Char('0'));
    if (total >= 3600)
        return QStringLiteral("%1:%2:%3")
            .arg(hours)
            .arg(minutes, 2, 10, QLatin1Char('0'))
            .arg(seconds, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2")
        .arg(minutes, 2, 10, QLatin1Char('0'))
        .arg(seconds, 2, 10, QLatin1Char('0'));
}

QString listText(const AuthSession *session)
{
    if (!session)
        return {};
    switch (session->state()) {
    case AuthSession::State::None:
        return tr("no token");
    case AuthSession::State::Fetching:
        return tr("fetching…");
    case AuthSession::State::Expired:
        return tr("expired");
    case AuthSession::State::Error:
        return session->token() ? countdown(session->remainingMs()) : tr("error");
    case AuthSession::State::Valid:
    case AuthSession::State::Expiring:
        return session->remainingMs() < 0 ? tr("valid") : countdown(session->remainingMs());
    }
    return {};
}

QColor dotColor(AuthSession::State state)
{
    switch (state) {
    case AuthSession::State::Valid:
        return QColor(0x2e, 0xa0, 0x43);
    case AuthSession::State::Expiring:
        return QColor(0xe0, 0x9b, 0x1b);
    case AuthSession::State::Expired:
        return QColor(0x8a, 0x8a, 0x8a);
    case AuthSession::State::Error:
        return QColor(0xd0, 0x31, 0x2d);
    case AuthSession::State::Fetching:
        return QColor(0x2f, 0x7d, 0xd1);
    case AuthSession::State::None:
        break;
    }
    return {}; // hollow
}

QString stateText(AuthSession::State state)
{
    switch (state) {
    case AuthSession::State::None:
        return tr("No token");
    case AuthSession::State::Fetching:
        return tr("Fetching");
    case AuthSession::State::Valid:
        return tr("Valid");
    case AuthSession::State::Expiring:
        return tr("Expiring");
    case AuthSession::State::Expired:
        return tr("Expired");
    case AuthSession::State::Error:
        return tr("Error");
    }
    return {};
}

QString localTime(const QDateTime &when)
{
    if (!when.isValid())
        return tr("unknown");
    return when.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

} // namespace tw::tokenstatus
