#include "httpexchange.h"

#include <QJsonDocument>
#include <QRandomGenerator>
#include <QUrl>

namespace tw::sandbox {

QByteArray HttpRequest::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

bool HttpRequest::hasHeader(QByteArrayView name) const
{
    for (const auto &header : headers) {
        if (header.first.compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

FormFields HttpRequest::query() const
{
    return parseForm(rawQuery);
}

FormFields HttpRequest::form() const
{
    return parseForm(body);
}

static QByteArray mediaType(const QByteArray &contentType)
{
    return contentType.split(';').value(0).trimmed().toLower();
}

bool HttpRequest::isForm() const
{
    return mediaType(header("content-type")) == "application/x-www-form-urlencoded";
}

bool HttpRequest::isJson() const
{
    return mediaType(header("content-type")) == "application/json";
}

QString HttpRequest::bearerToken() const
{
    const QByteArray value = header("authorization").trimmed();
    if (value.size() < 7 || !value.first(7).toLower().startsWith("bearer "))
        return {};
    return QString::fromUtf8(value.mid(7).trimmed());
}

bool HttpRequest::basicCredentials(QByteArray *user, QByteArray *password) const
{
    const QByteArray value = header("authorization").trimmed();
    if (value.size() < 6 || value.first(6).toLower() != "basic ")
        return false;
    const auto decoded = QByteArray::fromBase64Encoding(value.mid(6).trimmed(),
                                                        QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return false;
    const qsizetype colon = decoded.decoded.indexOf(':');
    if (colon < 0)
        return false;
    *user = decoded.decoded.left(colon);
    *password = decoded.decoded.mid(colon + 1);
    return true;
}

QJsonObject HttpRequest::toJson() const
{
    QJsonObject headerObject;
    for (const auto &[key, value] : headers)
        headerObject.insert(QString::fromLatin1(key.toLower()), QString::fromUtf8(value));
    return {{QStringLiteral("method"), QString::fromLatin1(method)},
            {QStringLiteral("path"), path},
            {QStringLiteral("query"), QString::fromUtf8(rawQuery)},
            {QStringLiteral("headers"), headerObject},
            {QStringLiteral("body"), QString::fromUtf8(body)}};
}

HttpReply HttpReply::json(const QJsonObject &object, int status)
{
    return raw("application/json", QJsonDocument(object).toJson(QJsonDocument::Compact), status);
}

HttpReply HttpReply::jsonArray(const QJsonArray &array, int status)
{
    return raw("application/json", QJsonDocument(array).toJson(QJsonDocument::Compact), status);
}

HttpReply HttpReply::raw(const QByteArray &contentType, const QByteArray &body, int status)
{
    HttpReply reply;
    reply.status = status;
    reply.contentType = contentType;
    reply.body = body;
    return reply;
}

HttpReply HttpReply::oauthError(int status, const QString &error, const QString &description)
{
    HttpReply reply =
        json({{QStringLiteral("error"), error}, {QStringLiteral("error_description"), description}},
             status);
    // RFC 6749 §5.1: token answers, errors included, must not be cached.
    reply.withHeader("Cache-Control", "no-store").withHeader("Pragma", "no-cache");
    return reply;
}

HttpReply &HttpReply::withHeader(const QByteArray &name, const QByteArray &value)
{
    headers.append({name, value});
    return *this;
}

FormFields parseForm(QByteArrayView encoded)
{
    FormFields fields;
    if (encoded.isEmpty())
        return fields;
    for (const QByteArray &pair : encoded.toByteArray().split('&')) {
        if (pair.isEmpty())
            continue;
        const qsizetype equals = pair.indexOf('=');
        const QByteArray name = equals < 0 ? pair : pair.left(equals);
        const QByteArray value = equals < 0 ? QByteArray() : pair.mid(equals + 1);
        fields.append({formDecode(name), formDecode(value)});
    }
    return fields;
}

QString formDecode(QByteArrayView value)
{
    QByteArray bytes = value.toByteArray();
    bytes.replace('+', ' ');
    return QString::fromUtf8(QByteArray::fromPercentEncoding(bytes));
}

QByteArray formEncode(const QString &value)
{
    // Unreserved characters stay, space becomes "+", everything else is %XX of its UTF-8 bytes.
    QByteArray encoded = QUrl::toPercentEncoding(value, " ");
    encoded.replace(' ', '+');
    return encoded;
}

QString formValue(const FormFields &fields, const QString &name, bool *present)
{
    for (const auto &[key, value] : fields) {
        if (key == name) {
            if (present)
                *present = true;
            return value;
        }
    }
    if (present)
        *present = false;
    return {};
}

int formCount(const FormFields &fields, const QString &name)
{
    int count = 0;
    for (const auto &field : fields)
        count += field.first == name ? 1 : 0;
    return count;
}

QByteArray base64Url(const QByteArray &data)
{
    return data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QByteArray randomBytes(int count)
{
    QByteArray bytes(count, Qt::Uninitialized);
    for (char &byte : bytes)
        byte = char(QRandomGenerator::system()->bounded(256));
    return bytes;
}

QByteArray randomHex(int bytes)
{
    return randomBytes(bytes).toHex();
}

QByteArray makeJwt(const QJsonObject &claims)
{
    const QJsonObject header{{QStringLiteral("alg"), QStringLiteral("HS256")},
                             {QStringLiteral("typ"), QStringLiteral("JWT")},
                             {QStringLiteral("kid"), QStringLiteral("tokenwright-sandbox")}};
    return base64Url(QJsonDocument(header).toJson(QJsonDocument::Compact)) + '.' +
           base64Url(QJsonDocument(claims).toJson(QJsonDocument::Compact)) + '.' +
           base64Url(randomBytes(32));
}

} // namespace tw::sandbox
