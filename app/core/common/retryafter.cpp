#include "common/retryafter.h"

#include <QLocale>
#include <QRegularExpression>
#include <QTimeZone>

namespace tw {

namespace {
std::optional<qint64> deltaSeconds(const QByteArray &value)
{
    // 1*DIGIT only: no sign, no fraction, no spaces inside.
    qint64 seconds = 0;
    for (const char c : value) {
        if (c < '0' || c > '9')
            return std::nullopt;
        seconds = std::min(kMaxRetryAfterSec, seconds * 10 + (c - '0'));
    }
    return seconds;
}

std::optional<QDateTime> httpDate(const QByteArray &value)
{
    QString text = QString::fromLatin1(value.left(64)).simplified();
    // RFC 850 ("Sunday, 06-Nov-94 08:49:37 GMT"), obsolete but to be accepted (RFC 9110
    // §5.6.7): rewritten as IMF-fixdate, a two-digit year below 70 meaning 20xx.
    static const QRegularExpression rfc850(
        QStringLiteral("^[A-Za-z]+, (\\d{2})-([A-Za-z]{3})-(\\d{2}) (\\d{2}:\\d{2}:\\d{2}) GMT$"));
    if (const auto m = rfc850.match(text); m.hasMatch()) {
        const int yy = m.captured(3).toInt();
        text = QStringLiteral("Mon, %1 %2 %3 %4 GMT")
                   .arg(m.captured(1), m.captured(2))
                   .arg(yy < 70 ? 2000 + yy : 1900 + yy)
                   .arg(m.captured(4));
    }
    // IMF-fixdate, then asctime. The weekday is not checked (Qt would refuse a wrong one).
    static const char *const formats[] = {"ddd, dd MMM yyyy HH:mm:ss 'GMT'",
                                          "ddd MMM d HH:mm:ss yyyy"};
    const QString withoutDay = text.mid(text.indexOf(QLatin1Char(' ')) + 1);
    for (const char *format : formats) {
        QDateTime at = QLocale::c().toDateTime(text, QString::fromLatin1(format));
        if (!at.isValid()) // a wrong weekday is not worth refusing the date for
            at = QLocale::c().toDateTime(
                withoutDay, QString::fromLatin1(format).mid(
                                QString::fromLatin1(format).indexOf(QLatin1Char(' ')) + 1));
        if (at.isValid()) {
            at.setTimeZone(QTimeZone::utc());
            return at;
        }
    }
    return std::nullopt;
}
} // namespace

std::optional<qint64> parseRetryAfter(const QByteArray &header, const QDateTime &now)
{
    const QByteArray value = header.trimmed();
    if (value.isEmpty())
        return std::nullopt;
    if (value.front() >= '0' && value.front() <= '9')
        return deltaSeconds(value);
    const auto at = httpDate(value);
    if (!at)
        return std::nullopt;
    return std::clamp<qint64>(now.secsTo(*at), 0, kMaxRetryAfterSec);
}

} // namespace tw
