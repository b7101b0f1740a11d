#pragma once

// Shared by the sandbox integration tests: one blocking-style HTTP exchange over a real socket,
// waited for with QSignalSpy (the test's own event loop, no production code involved).

#include "democredentials.h"
#include "sandbox.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QUrlQuery>

namespace tw::sandbox::testing {

struct Answer
{
    int status = 0;
    QByteArray body;
    QHash<QByteArray, QByteArray> headers; // lower-case names
    QNetworkReply::NetworkError error = QNetworkReply::NoError;

    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QJsonArray array() const { return QJsonDocument::fromJson(body).array(); }
    QByteArray header(const QByteArray &name) const { return headers.value(name.toLower()); }
};

using Headers = QList<QPair<QByteArray, QByteArray>>;

inline Answer exchange(QNetworkAccessManager &nam, const QByteArray &method, const QUrl &url,
                       const Headers &headers = {}, const QByteArray &body = {},
                       int timeoutMs = 15000)
{
    QNetworkRequest request(url);
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    QNetworkReply *reply = nam.sendCustomRequest(request, method, body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished())
        finished.wait(timeoutMs);
    Answer answer;
    answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    answer.body = reply->readAll();
    answer.error = reply->error();
    for (const auto &[name, value] : reply->rawHeaderPairs())
        answer.headers.insert(name.toLower(), value);
    reply->deleteLater();
    return answer;
}

inline QByteArray basicRaw(const QByteArray &id, const QByteArray &secret)
{
    return "Basic " + (id + ':' + secret).toBase64();
}

// RFC 6749 §2.3.1: form-encode both parts, then base64.
inline QByteArray formEncode(const QString &value)
{
    QByteArray encoded = QUrl::toPercentEncoding(value, " ");
    encoded.replace(' ', '+');
    return encoded;
}

inline QByteArray basicRfc(const QString &id, const QString &secret)
{
    return "Basic " + (formEncode(id) + ':' + formEncode(secret)).toBase64();
}

inline const Headers &formHeaders()
{
    static const Headers headers{{"Content-Type", "application/x-www-form-urlencoded"}};
    return headers;
}

inline Headers with(Headers headers, const QByteArray &name, const QByteArray &value)
{
    headers.append({name, value});
    return headers;
}

inline QUrl url(const Sandbox &sandbox, const QString &path)
{
    return QUrl(sandbox.baseUrl().toString() + path);
}

// One provider's entry of Sandbox::describe().
inline QJsonObject described(const Sandbox &sandbox, const QString &provider)
{
    return sandbox.describe()
        .value(QStringLiteral("providers"))
        .toObject()
        .value(provider)
        .toObject();
}

inline QJsonObject jwtClaims(const QString &token)
{
    const QStringList parts = token.split(QLatin1Char('.'));
    if (parts.size() != 3)
        return {};
    return QJsonDocument::fromJson(
               QByteArray::fromBase64(parts[1].toLatin1(), QByteArray::Base64UrlEncoding))
        .object();
}

} // namespace tw::sandbox::testing
