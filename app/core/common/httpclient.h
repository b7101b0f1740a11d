#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QList>
#include <QNetworkReply>
#include <QObject>
#include <QPair>
#include <QPointer>
#include <QUrl>
#include <functional>

class QNetworkAccessManager;

namespace tw {

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

struct HttpRequest
{
    QByteArray method = "GET";
    QUrl url;
    HeaderList headers;
    QByteArray body;
    int timeoutMs = 30000;
    qint64 maxBodyBytes = 4 * 1024 * 1024; // token answers are small; the console raises it
    int maxRedirects = 5;

    QByteArray header(const QByteArray &name) const;
    void setHeader(const QByteArray &name, const QByteArray &value);
    void removeHeader(const QByteArray &name);
};

struct HttpReply
{
    int status = 0; // 0 = no HTTP answer (see networkError)
    HeaderList headers;
    QByteArray body;
    bool bodyTooLarge = false;
    QNetworkReply::NetworkError networkError = QNetworkReply::NoError;
    QString networkErrorText;
    qint64 totalMs = 0;
    qint64 firstByteMs = -1;
    QUrl finalUrl;

    bool hasHttpAnswer() const { return status > 0; }
    bool isSuccess() const { return status >= 200 && status < 300; }
    QByteArray header(const QByteArray &name) const; // case-insensitive, first match
};

struct TlsOptions
{
    bool verify = true;
    QString caFile; // extra CA bundle (PEM)
};

class HttpCall;

// One QNetworkAccessManager per thread (DESIGN.md); everything asynchronous.
// Redirects are followed by hand so credentials never leave their origin: a hop to
// another origin drops Authorization/Authtoken/Cookie, and https → http is refused.
class HttpClient : public QObject
{
    Q_OBJECT
public:
    using Callback = std::function<void(const HttpReply &)>;

    explicit HttpClient(QObject *parent = nullptr);

    // The callback runs once, from the event loop, unless `context` is gone or the call
    // was cancelled (then it runs with networkError = OperationCanceledError).
    QPointer<HttpCall> send(const HttpRequest &request, const TlsOptions &tls, QObject *context,
                            Callback done);

    QNetworkAccessManager *manager() const { return m_manager; }

private:
    QNetworkAccessManager *m_manager;
};

// An in-flight request (with its redirect hops). Deletes itself when done.
class HttpCall : public QObject
{
    Q_OBJECT
public:
    HttpCall(QNetworkAccessManager *manager, HttpRequest request, TlsOptions tls, QObject *context,
             HttpClient::Callback done);
    void start();
    void cancel();

private:
    void issue();
    void onFinished();
    void finish(HttpReply reply);

    QNetworkAccessManager *m_manager;
    HttpRequest m_request;
    TlsOptions m_tls;
    QPointer<QObject> m_context;
    bool m_hasContext;
    HttpClient::Callback m_done;
    QPointer<QNetworkReply> m_reply;
    QElapsedTimer m_timer;
    QByteArray m_body;
    qint64 m_firstByteMs = -1;
    bool m_tooLarge = false;
    bool m_finished = false;
    int m_hops = 0;
};

bool sameOrigin(const QUrl &a, const QUrl &b);

} // namespace tw
