#include "console/requestredactor.h"

#include "common/httpclient.h"
#include "common/redact.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace tw {

namespace {
// Header and query names that carry credentials: *key*, *token*, *secret*, *auth*,
// password, cookies (the same rule HttpClient drops on a cross-origin redirect).
bool isCredentialName(const QString &name)
{
    const QString n = name.trimmed().toLower();
    return isCredentialHeaderName(n.toUtf8()) || n.contains(QLatin1String("cookie")) ||
           isSensitiveName(n);
}

QString redactForm(const QString &body)
{
    const StringPairs fields = ConsoleRequest::parseFormText(body);
    QStringList lines;
    for (const auto &[key, value] : fields) {
        const QString shown = isSensitiveName(key) ? kRedacted : value;
        lines << key + QLatin1Char('=') + shown;
    }
    // Keep the user's layout where we can: one line stays one line.
    return lines.join(body.trimmed().contains(QLatin1Char('\n')) ? QLatin1Char('\n')
                                                                 : QLatin1Char('&'));
}

// Not JSON (half-typed, or a JSON body with a syntax error): redact "name": "value" pairs and
// anything that looks like a token.
QString redactLooseText(const QString &body)
{
    static const QRegularExpression sensitivePair(
        QStringLiteral("\"([^\"]*(?:token|secret|password|passwd|authorization)[^\"]*)\"\\s*:\\s*"
                       "\"(?:[^\"\\\\]|\\\\.)*\"?"),
        QRegularExpression::CaseInsensitiveOption);
    QString text = body;
    text.replace(sensitivePair, QStringLiteral("\"\\1\": \"") + kRedacted + QStringLiteral("\""));
    return redactTokenLikeRuns(text);
}
} // namespace

namespace RequestRedactor {

bool isPageCursorName(const QString &name)
{
    const QString n = name.toLower();
    return n == QLatin1String("pagetoken") || n == QLatin1String("page_token") ||
           n == QLatin1String("nextpagetoken") || n == QLatin1String("next_page_token") ||
           n == QLatin1String("continuationtoken") || n == QLatin1String("cursor");
}

QString redactBody(BodyKind kind, const QString &body)
{
    if (body.isEmpty())
        return body;
    if (kind == BodyKind::Form)
        return redactForm(body);
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body.toUtf8(), &error);
    if (error.error == QJsonParseError::NoError && (doc.isObject() || doc.isArray())) {
        const QJsonValue redacted =
            redactJson(doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(doc.array()));
        const QJsonDocument out = redacted.isObject() ? QJsonDocument(redacted.toObject())
                                                      : QJsonDocument(redacted.toArray());
        if (redacted == (doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(doc.array())))
            return body; // nothing secret: keep the user's formatting
        return QString::fromUtf8(out.toJson(QJsonDocument::Indented)).trimmed();
    }
    if (kind == BodyKind::Raw && body.contains(QLatin1Char('=')) &&
        !body.contains(QLatin1Char('{'))) {
        // A raw form body (the CLI's `-d a=b&c=d`).
        return redactForm(body);
    }
    return redactLooseText(body);
}

ConsoleRequest redact(const ConsoleRequest &request, const QStringList &scrub)
{
    ConsoleRequest out = request.normalized();
    for (auto &[key, value] : out.headers) {
        if (isCredentialName(key))
            value = kRedacted;
    }
    for (auto &[key, value] : out.query) {
        if (isCredentialName(key) && !isPageCursorName(key))
            value = kRedacted;
    }
    out.body = redactBody(out.bodyKind, out.body);
    // By value as well: the live credential and every secret of the profile must not survive
    // anywhere, whatever its field, however short, in any of its encodings.
    const KnownSecrets known = knownFrom(scrub);
    auto clean = [&known](QString &text) { text = known.redact(text); };
    clean(out.path);
    clean(out.body);
    clean(out.name);
    clean(out.customerId);
    for (auto &[key, value] : out.headers)
        clean(value);
    for (auto &[key, value] : out.query)
        clean(value);
    return out;
}

KnownSecrets knownFrom(const QStringList &scrub)
{
    KnownSecrets known;
    for (int i = 0; i < scrub.size(); ++i) {
        QString secret = scrub.at(i);
        const QString slot = QString::number(i);
        if (secret.startsWith(QLatin1String("Basic "), Qt::CaseInsensitive)) {
            known.rememberBasic(slot, secret.toUtf8());
            continue;
        }
        for (const QLatin1String prefix : {QLatin1String("Bearer "), QLatin1String("bearer ")}) {
            if (secret.startsWith(prefix))
                secret = secret.mid(prefix.size());
        }
        known.remember(slot, secret);
    }
    return known;
}

} // namespace RequestRedactor

} // namespace tw
