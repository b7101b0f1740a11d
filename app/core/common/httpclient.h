#pragma once

#include "common/origin.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QNetworkReply>
#include <QObject>
#include <QPair>
#include <QPointer>
#include <QTimer>
#include <QUrl>
#include <functional>
#include <optional>

class QNetworkAccessManager;

namespace tw {

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

// How to reach a profile's servers: TLS settings and the transport rules every hop obeys.
struct TransportOptions
{
    bool verifyTls = true;
    QString caFile;                 // extra CA bundle (PEM)
    bool allowInsecureHttp = false; // plain http:// to a host other than loopback
    int timeoutMs = 30000;          // overall deadline of one exchange, redirects included
};

struct HttpRequest
{
    QByteArray method = "GET";
    QUrl url;
    HeaderList headers;
    QByteArray body;
    // What is being asked, for messages: "the token endpoint", "the API" …
    QString purpose;
    // The request carries a credential (client secret, password, token pair, a bearer token
    // for minting): it never follows a redirect to another origin. Other requests follow
    // one without their credential headers (see isCredentialHeaderName).
    bool carriesCredential = false;
    QList<QByteArray> secretHeaders;       // more header names that are credentials
    qint64 maxBodyBytes = 4 * 1024 * 1024; // token answers are small; the console raises it
    qint64 maxHeaderBytes = 256 * 1024;    // all response headers of one answer
    int maxRedirects = 5;
    // 429/503: asked again after Retry-After (capped) or 1, 2, 4 … s, this many times.
    int maxRateLimitRetries = 0;
    int maxRetryAfterSec = 60;

    QByteArray header(const QByteArray &name) const;
    void setHeader(const QByteArray &name, const QByteArray &value);
    void removeHeader(const QByteArray &name);
};

struct HttpReply
{
    enum class Failure {
        None,
        Network,           // see networkError / networkErrorText
        Timeout,           // the overall deadline passed
        Cancelled,         // HttpCall::cancel()
        RedirectRefused,   // a redirect we will not follow (other origin with credentials …)
        TransportRefused,  // a hop to plain HTTP or from https to http
        HeadersTooLarge,   // more than maxHeaderBytes of response headers
        InvalidRequest,    // bad URL, CR/LF in a header
        RetryAfterTooLong, // 429/503 asking for a wait longer than the cap (status is kept)
    };

    int status = 0; // 0 = no HTTP answer (see failure)
    HeaderList headers;
    QByteArray body;
    bool bodyTooLarge = false;
    Failure failure = Failure::None;
    QNetworkReply::NetworkError networkError = QNetworkReply::NoError;
    QString networkErrorText;            // a sentence for any failure other than None
    std::optional<qint64> retryAfterSec; // what a 429/503 asked for, when it said
    qint64 totalMs = 0;
    qint64 firstByteMs = -1;
    QUrl finalUrl;
    int rateLimitWaits = 0;

    bool hasHttpAnswer() const { return status > 0; }
    bool isSuccess() const { return status >= 200 && status < 300; }
    QByteArray header(const QByteArray &name) const; // case-insensitive, first match
};

class HttpCall;

// The one place every request goes through, so the trust rules hold for all of them:
// redirects followed by hand (credentials never leave their origin, every hop re-checked
// against the transport rules), an overall deadline, header and body caps, CR/LF in a
// header refused, 429/503 with a bounded Retry-After. Everything asynchronous, on the
// thread that owns the client.
//
// Qt 6.4 opens at most 6 connections per origin and manager (QHttp1Configuration, which
// lifts it, came in 6.5). A client is one connection pool until more than 6 requests to
// one origin are in flight; then it opens a second pool ("lane"), up to kMaxLanes, so a
// bulk mint at concurrency 8 or 16 really has 8 or 16 connections.
class HttpClient : public QObject
{
    Q_OBJECT
public:
    using Callback = std::function<void(const HttpReply &)>;
    static constexpr int kConnectionsPerLane = 6;
    static constexpr int kMaxLanes = 3;

    explicit HttpClient(QObject *parent = nullptr);

    // The callback runs once, from the event loop, unless `context` is gone or the call
    // was cancelled (then it runs with failure = Cancelled).
    QPointer<HttpCall> send(const HttpRequest &request, const TransportOptions &transport,
                            QObject *context, Callback done);

    int laneCount() const { return int(m_lanes.size()); }

private:
    struct Lane
    {
        QNetworkAccessManager *manager = nullptr;
        QHash<QString, int> inFlight; // per origin
    };
    int laneFor(const QString &origin);

    QList<Lane> m_lanes;
};

// An in-flight request (with its redirect hops and rate-limit retries). Deletes itself
// when done.
class HttpCall : public QObject
{
    Q_OBJECT
public:
    HttpCall(QNetworkAccessManager *manager, HttpRequest request, TransportOptions transport,
             QObject *context, HttpClient::Callback done, std::function<void()> released = {});
    void start();
    void cancel();

Q_SIGNALS:
    // 429/503: asking again in `seconds`.
    void waiting(qint64 seconds);

private:
    void attempt();
    void issue();
    void onReadyRead();
    void onMetaDataChanged();
    bool headersTooLarge(const QNetworkReply *reply) const;
    QString headersTooLargeText() const;
    void onFinished();
    bool followRedirect(const HttpReply &answer);
    bool retryLater(HttpReply &answer);
    void abortWith(HttpReply::Failure failure, const QString &text);
    void fail(HttpReply::Failure failure, const QString &text, int status = 0);
    void finish(HttpReply reply);

    QNetworkAccessManager *m_manager;
    const HttpRequest m_original;
    HttpRequest m_request; // the current hop
    TransportOptions m_transport;
    QPointer<QObject> m_context;
    bool m_hasContext;
    HttpClient::Callback m_done;
    std::function<void()> m_released; // tells the client the connection slot is free
    QPointer<QNetworkReply> m_reply;
    QElapsedTimer m_timer;
    QTimer m_deadline;
    QTimer m_retryTimer;
    QByteArray m_body;
    qint64 m_firstByteMs = -1;
    bool m_tooLarge = false;
    bool m_finished = false;
    HttpReply::Failure m_abortFailure = HttpReply::Failure::None;
    QString m_abortText;
    int m_hops = 0;
    int m_rateLimitWaits = 0;
};

// Headers that carry a credential: Authorization, Authtoken, Cookie, Proxy-Authorization and
// any name containing "key", "token", "auth" or "secret".
bool isCredentialHeaderName(const QByteArray &name);
// Why a header cannot be sent (CR, LF or NUL in it, a name that is not an HTTP token), or
// empty when it is fine.
QString headerProblem(const QByteArray &name, const QByteArray &value);

} // namespace tw
