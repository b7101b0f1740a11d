#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

namespace tw::sandbox {

using FormFields = QList<QPair<QString, QString>>;

// A copy of what arrived on the wire. The server's own request object lives on the server
// thread and dies with the connection, while answers are computed on pool threads.
struct HttpRequest
{
    QByteArray method;                            // upper case: "GET", "POST", …
    QString path;                                 // decoded path, e.g. "/druva/token"
    QByteArray rawQuery;                          // exactly as sent, still encoded
    QList<QPair<QByteArray, QByteArray>> headers; // names lower-cased
    QByteArray body;

    // Header names are case-insensitive (RFC 9110 §5.1); the first match wins.
    QByteArray header(QByteArrayView name) const;
    bool hasHeader(QByteArrayView name) const;
    FormFields query() const;
    FormFields form() const; // body as application/x-www-form-urlencoded
    bool isForm() const;     // Content-Type is application/x-www-form-urlencoded
    bool isJson() const;
    QString bearerToken() const; // empty unless "Authorization: Bearer …"
    // "Authorization: Basic …" split at the first colon, without any decoding of the parts.
    bool basicCredentials(QByteArray *user, QByteArray *password) const;
    QJsonObject toJson() const; // {"method","path","query","headers","body"} for lastRequests()
};

struct HttpReply
{
    int status = 200;
    QByteArray contentType = "application/json";
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;

    static HttpReply json(const QJsonObject &object, int status = 200);
    static HttpReply jsonArray(const QJsonArray &array, int status = 200);
    static HttpReply raw(const QByteArray &contentType, const QByteArray &body, int status);
    // RFC 6749 §5.2 error body.
    static HttpReply oauthError(int status, const QString &error, const QString &description);
    HttpReply &withHeader(const QByteArray &name, const QByteArray &value);
};

// application/x-www-form-urlencoded, as browsers and RFC 6749 Appendix B define it.
FormFields parseForm(QByteArrayView encoded);
QString formDecode(QByteArrayView value);    // "+" is a space, then percent-decoding as UTF-8
QByteArray formEncode(const QString &value); // the inverse; space becomes "+"
QString formValue(const FormFields &fields, const QString &name, bool *present = nullptr);
int formCount(const FormFields &fields, const QString &name);

QByteArray base64Url(const QByteArray &data);
QByteArray randomHex(int bytes);
QByteArray randomBytes(int count);
// A JWT-shaped token (header.claims.signature); the signature is random, the sandbox looks tokens
// up by value, so only the shape matters to clients that decode claims for display.
QByteArray makeJwt(const QJsonObject &claims);

} // namespace tw::sandbox
