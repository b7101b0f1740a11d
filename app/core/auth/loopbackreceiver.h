#pragma once

#include "common/error.h"

#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QUrl>

class QTcpServer;
class QTcpSocket;
class QTimer;

namespace tw {

// The loopback end of a browser sign-in (RFC 8252 §7.3): a tiny HTTP/1.x listener on
// 127.0.0.1 that waits for the browser's GET /callback?… and holds that one connection
// until answer() sends the page. QTcpServer rather than QtHttpServer: the CLI's start-up
// time matters and this needs one route.
//
// Every byte from the browser side is hostile (any local process can connect): a request
// head is capped at 8 KB, each connection has a deadline, at most 16 are open at once, only
// GET /callback with our own Host counts; anything else gets a short error page and the
// receiver keeps waiting.
class LoopbackReceiver : public QObject
{
    Q_OBJECT
public:
    static constexpr int kMaxRequestBytes = 8 * 1024;
    static constexpr int kConnectionTimeoutMs = 10000;
    static constexpr int kMaxConnections = 16;

    explicit LoopbackReceiver(QObject *parent = nullptr);
    ~LoopbackReceiver() override;

    // 0 = any free port.
    Status listen(quint16 port);
    quint16 port() const;
    QUrl redirectUri() const;

    // Sends `html` with `status` on the held callback connection (if the browser is still
    // there) and stops listening for good.
    void answer(int status, const QByteArray &html);
    // Stops listening and drops every connection.
    void close();

    // A page that says `headline` and `text` (both HTML-escaped here).
    static QByteArray page(const QString &headline, const QString &text);

Q_SIGNALS:
    // The browser came back: the raw (still encoded) query of GET /callback. Emitted once.
    void callbackReceived(const QByteArray &rawQuery);

private:
    void onNewConnection();
    void onReadyRead(QTcpSocket *socket);
    void handleRequest(QTcpSocket *socket, const QByteArray &head);
    void reply(QTcpSocket *socket, int status, const QByteArray &html);
    void drop(QTcpSocket *socket);

    QTcpServer *m_server;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    QPointer<QTcpSocket> m_callback; // the browser's connection, waiting for answer()
    bool m_received = false;
};

} // namespace tw
