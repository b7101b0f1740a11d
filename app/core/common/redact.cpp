#include "common/redact.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QUrl>

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
                                     .arg(sanitizeServerText(redactTokenLikeRuns(title)));
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
    text = sanitizeServerText(redactTokenLikeRuns(text)).simplified();
    // Don't cut in the middle of the redaction marker.
    if (text.size() > maxChars)
        text = text.left(maxChars) + QStringLiteral("…");
    return text;
}

QString sanitizeServerText(const QString &text)
{
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        const bool bidi = (u >= 0x202A && u <= 0x202E) || (u >= 0x2066 && u <= 0x2069) ||
                          u == 0x200E || u == 0x200F || u == 0x061C;
        if (u == '\n' || u == '\r' || u == '\t')
            out += QLatin1Char(' ');
        else if (c.category() == QChar::Other_Control || bidi)
            out += QChar(0xFFFD);
        else
            out += c;
    }
    return out;
}

QStringList KnownSecrets::formsOf(const QString &value)
{
    if (value.isEmpty())
        return {};
    QStringList forms{value, QString::fromLatin1(QUrl::toPercentEncoding(value))};
    QByteArray form = QUrl::toPercentEncoding(value, QByteArray(" "));
    form.replace(' ', '+');
    forms << QString::fromLatin1(form);
    QString json = value;
    json.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    json.replace(QLatin1Char('"'), QLatin1String("\\\""));
    json.replace(QLatin1Char('/'), QLatin1String("\\/"));
    forms << json << QString::fromLatin1(value.toUtf8().toBase64());
    forms.removeDuplicates();
    return forms;
}

void KnownSecrets::remember(const QString &slot, const QString &value)
{
    // Every fresh token passes here: keep the raw value only; the encoded forms are made
    // when a text is redacted, which is rare.
    const Entry entry{value.isEmpty() ? QStringList() : QStringList{value}, {}};
    set(slot, entry);
}

void KnownSecrets::rememberBasic(const QString &slot, const QByteArray &authorizationHeader)
{
    const QByteArray value = authorizationHeader.trimmed();
    if (!value.startsWith("Basic "))
        return;
    const QByteArray encoded = value.mid(6).trimmed();
    const QByteArray pair = QByteArray::fromBase64(encoded);
    const auto colon = pair.indexOf(':');
    Entry entry;
    entry.asSent << QString::fromLatin1(encoded);
    if (colon >= 0)
        entry.raw << QString::fromUtf8(pair.mid(colon + 1));
    set(slot, entry);
}

void KnownSecrets::set(const QString &slot, const Entry &entry)
{
    const auto it = m_slots.constFind(slot);
    if (entry.raw.isEmpty() && entry.asSent.isEmpty()) {
        if (it != m_slots.cend()) {
            m_slots.remove(slot);
            m_dirty = true;
        }
        return;
    }
    if (it != m_slots.cend() && it->raw == entry.raw && it->asSent == entry.asSent)
        return;
    m_slots.insert(slot, entry);
    m_dirty = true;
}

void KnownSecrets::forget(const QString &slotPrefix)
{
    for (auto it = m_slots.begin(); it != m_slots.end();) {
        if (it.key().startsWith(slotPrefix)) {
            it = m_slots.erase(it);
            m_dirty = true;
        } else {
            ++it;
        }
    }
}

QStringList KnownSecrets::values() const
{
    if (m_dirty) {
        m_sorted.clear();
        for (const Entry &entry : m_slots) {
            m_sorted << entry.asSent;
            for (const QString &value : entry.raw)
                m_sorted << formsOf(value);
        }
        m_sorted.removeDuplicates();
        // Longest first, so a longer form is replaced before a value inside it.
        std::stable_sort(m_sorted.begin(), m_sorted.end(),
                         [](const QString &a, const QString &b) { return a.size() > b.size(); });
        m_dirty = false;
    }
    return m_sorted;
}

QString KnownSecrets::redact(QString text) const
{
    for (const QString &value : values())
        text.replace(value, kRedacted);
    return text;
}

} // namespace tw
