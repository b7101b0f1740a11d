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

QStringList KnownSecrets::formsOf(const Entry &entry)
{
    QStringList forms = entry.asSent;
    for (const QString &value : entry.raw)
        forms << formsOf(value);
    return forms;
}

void KnownSecrets::remember(const QString &slot, const QString &value)
{
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

void KnownSecrets::set(const QString &slot, const Entry &entry)
{
    const auto it = m_slots.constFind(slot);
    const bool empty = entry.raw.isEmpty() && entry.asSent.isEmpty();
    if (it == m_slots.cend()) {
        if (empty)
            return;
        m_slots.insert(slot, entry);
        // A new slot (each customer of a bulk mint) only adds to the index.
        if (!m_dirty)
            index(formsOf(entry));
        return;
    }
    if (it->raw == entry.raw && it->asSent == entry.asSent)
        return;
    if (empty)
        m_slots.remove(slot);
    else
        m_slots.insert(slot, entry);
    m_dirty = true; // the old value's forms must go: rebuild at the next use
}

quint64 KnownSecrets::windowHash(QStringView text)
{
    quint64 hash = 1469598103934665603ULL; // FNV-1a over the first kWindow UTF-16 units
    for (qsizetype i = 0; i < kWindow; ++i) {
        hash ^= text.at(i).unicode();
        hash *= 1099511628211ULL;
    }
    return hash;
}

void KnownSecrets::index(const QStringList &forms) const
{
    for (const QString &form : forms) {
        if (form.size() < kWindow) {
            // Kept longest first, the order redact() replaces them in.
            if (!m_short.contains(form)) {
                const auto at = std::lower_bound(
                    m_short.begin(), m_short.end(), form,
                    [](const QString &a, const QString &b) { return a.size() > b.size(); });
                m_short.insert(at, form);
            }
            continue;
        }
        m_byStart[windowHash(form)].append(m_long.size());
        m_long << form;
    }
}

void KnownSecrets::rebuildIfDirty() const
{
    if (!m_dirty)
        return;
    m_long.clear();
    m_byStart.clear();
    m_short.clear();
    for (const Entry &entry : m_slots)
        index(formsOf(entry));
    m_dirty = false;
}

QStringList KnownSecrets::values() const
{
    rebuildIfDirty();
    QStringList all = m_long + m_short;
    all.removeDuplicates();
    // Longest first, so a longer form is replaced before a value inside it.
    std::stable_sort(all.begin(), all.end(),
                     [](const QString &a, const QString &b) { return a.size() > b.size(); });
    return all;
}

QString KnownSecrets::redact(const QString &text) const
{
    rebuildIfDirty();
    QString out;
    if (!m_long.isEmpty()) {
        // One pass: at each position, the longest indexed form that starts there.
        out.reserve(text.size());
        const QStringView view(text);
        qsizetype i = 0;
        while (i < view.size()) {
            qsizetype matched = 0;
            if (view.size() - i >= kWindow) {
                const auto candidates = m_byStart.constFind(windowHash(view.mid(i)));
                if (candidates != m_byStart.cend()) {
                    for (qsizetype index : *candidates) {
                        const QString &form = m_long.at(index);
                        if (form.size() > matched && view.mid(i).startsWith(form))
                            matched = form.size();
                    }
                }
            }
            if (matched > 0) {
                out += kRedacted;
                i += matched;
            } else {
                out += view.at(i);
                ++i;
            }
        }
    } else {
        out = text;
    }
    // Short forms (a secret under 8 characters): few, replaced the plain way, longest first.
    for (const QString &form : std::as_const(m_short))
        out.replace(form, kRedacted);
    return out;
}

} // namespace tw
