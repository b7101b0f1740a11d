#include "common/redact.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace tw {

bool isSensitiveName(const QString &name)
{
    const QString n = name.toLower();
    return n.contains(QLatin1String("token")) || n.contains(QLatin1String("secret")) ||
           n.contains(QLatin1String("password")) || n == QLatin1String("authorization") ||
           n == QLatin1String("authtoken") || n.contains(QLatin1String("cookie")) ||
           n == QLatin1String("assertion") || n == QLatin1String("sessionid");
}

QJsonValue redactJson(const QJsonValue &value)
{
    if (value.isObject()) {
        QJsonObject out;
        const QJsonObject in = value.toObject();
        for (auto it = in.begin(); it != in.end(); ++it) {
            if (isSensitiveName(it.key()) && !it.value().isObject() && !it.value().isArray() &&
                !it.value().isNull())
                out.insert(it.key(), kRedacted);
            else
                out.insert(it.key(), redactJson(it.value()));
        }
        return out;
    }
    if (value.isArray()) {
        QJsonArray out;
        for (const QJsonValue &v : value.toArray())
            out.append(redactJson(v));
        return out;
    }
    return value;
}

QString redactTokenLikeRuns(const QString &text)
{
    // JWTs, long base64/hex runs and "QSDK <hex>" session tokens.
    static const QRegularExpression tokenRun(
        QStringLiteral(R"((QSDK\s+[0-9A-Fa-f]{8,})|([A-Za-z0-9_\-+/=:.%]{24,}))"));
    QString out = text;
    out.replace(tokenRun, kRedacted);
    return out;
}

bool looksLikeHtml(const QByteArray &body)
{
    const QByteArray head = body.left(512).trimmed().toLower();
    return head.startsWith("<!doctype html") || head.startsWith("<html") ||
           head.contains("<body") || head.contains("<head") || head.contains("<title");
}

QString safeSnippet(const QByteArray &body, int maxChars)
{
    if (body.isEmpty())
        return QCoreApplication::translate("tw", "(empty body)");
    if (looksLikeHtml(body)) {
        static const QRegularExpression titleRe(QStringLiteral("<title[^>]*>([^<]*)</title>"),
                                                QRegularExpression::CaseInsensitiveOption);
        const auto match = titleRe.match(QString::fromUtf8(body.left(4096)));
        const QString title =
            match.hasMatch() ? match.captured(1).simplified().left(80) : QString();
        return title.isEmpty() ? QCoreApplication::translate("tw", "an HTML page")
                               : QCoreApplication::translate("tw", "an HTML page titled \"%1\"")
                                     .arg(redactTokenLikeRuns(title));
    }
    QString text;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error == QJsonParseError::NoError && !doc.isNull()) {
        const QJsonValue redacted =
            redactJson(doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(doc.array()));
        text = QString::fromUtf8(
            redacted.isObject() ? QJsonDocument(redacted.toObject()).toJson(QJsonDocument::Compact)
                                : QJsonDocument(redacted.toArray()).toJson(QJsonDocument::Compact));
    } else {
        text = QString::fromUtf8(body.left(maxChars * 4));
    }
    // Sensitive "key": "value" pairs in text that is not valid JSON (truncated bodies).
    static const QRegularExpression sensitivePair(
        QStringLiteral(R"re("([^"]*(?:token|secret|password)[^"]*)"\s*:\s*"[^"]*"?)re"),
        QRegularExpression::CaseInsensitiveOption);
    text.replace(sensitivePair, QStringLiteral("\"\\1\": \"") + kRedacted + QStringLiteral("\""));
    text = redactTokenLikeRuns(text).simplified();
    // Don't cut in the middle of the redaction marker.
    if (text.size() > maxChars)
        text = text.left(maxChars) + QStringLiteral("…");
    return text;
}

} // namespace tw
