#include "auth/loopbackreceiver.h"

#include "auth/authorizationredirect.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

namespace tw {

namespace {
QByteArray reason(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 400:
        return "Bad Request";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 409:
        return "Conflict";
    case 431:
        return "Request Header Fields Too Large";
    default:
        return "Error";
    }
}
} // namespace

LoopbackReceiver::LoopbackReceiver(QObject *parent)
    : QObject(parent), m_server(new QTcpServer(this))
{
    m_server->setMaxPendingConnections(kMaxConnections);
    connect(m_server, &QTcpServer::newConnection, this, &LoopbackReceiver::onNewConnection);
}

LoopbackReceiver::~LoopbackReceiver()
{
    close();
}

Status LoopbackReceiver::listen(quint16 port)
{
    // RFC 8252 §8.3: the loopback interface only, never every interface.
    if (m_server->listen(QHostAddress::LocalHost, port))
        return std::nullopt;
    return Error::make(Error::Code::Io,
                       tr("Could not listen on 127.0.0.1:%1 for the sign-in redirect: %2")
                           .arg(port)
                           .arg(m_server->errorString()));
}

quint16 LoopbackReceiver::port() const
{
    return m_server->serverPort();
}

QUrl LoopbackReceiver::redirectUri() const
{
    return AuthorizationRedirect::loopbackRedirectUri(port());
}

void LoopbackReceiver::onNewConnection()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        if (m_buffers.size() >= kMaxConnections) {
            socket->abort();
            socket->deleteLater();
            continue;
        }
        m_buffers.insert(socket, QByteArray());
        socket->setReadBufferSize(kMaxRequestBytes + 1);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] { drop(socket); });
        // A connection that never finishes its request (or just sits there) is closed; the
        // browser's own connection, held for the answer, is not.
        QTimer::singleShot(kConnectionTimeoutMs, socket, [self = QPointer(this), socket] {
            if (self && socket != self->m_callback)
                self->drop(socket); // a no-op for a socket already answered
        });
    }
}

void LoopbackReceiver::onReadyRead(QTcpSocket *socket)
{
    auto it = m_buffers.find(socket);
    if (it == m_buffers.end() || socket == m_callback)
        return;
    QByteArray &buffer = it.value();
    buffer += socket->read(kMaxRequestBytes + 1 - buffer.size());
    qsizetype end = buffer.indexOf("\r\n\r\n");
    if (end < 0)
        end = buffer.indexOf("\n\n");
    if (end >= 0 && end <= kMaxRequestBytes) {
        const QByteArray head = buffer.left(end);
        disconnect(socket, &QTcpSocket::readyRead, this, nullptr);
        handleRequest(socket, head);
        return;
    }
    if (buffer.size() > kMaxRequestBytes) {
        disconnect(socket, &QTcpSocket::readyRead, this, nullptr);
        reply(socket, 431,
              page(tr("Request too large"), tr("This address only takes a sign-in redirect.")));
    }
}

void LoopbackReceiver::handleRequest(QTcpSocket *socket, const QByteArray &head)
{
    QList<QByteArray> lines = head.split('\n');
    for (QByteArray &line : lines) {
        if (line.endsWith('\r'))
            line.chop(1);
    }
    const QList<QByteArray> requestLine = lines.value(0).split(' ');
    if (requestLine.size() != 3 || !requestLine.at(2).startsWith("HTTP/1.")) {
        reply(socket, 400, page(tr("Bad request"), tr("This is not an HTTP request.")));
        return;
    }
    if (requestLine.at(0) != "GET") {
        reply(socket, 405, page(tr("Not allowed"), tr("Only the sign-in redirect is taken here.")));
        return;
    }
    const QByteArray &target = requestLine.at(1);
    const qsizetype question = target.indexOf('?');
    const QByteArray path = question < 0 ? target : target.left(question);
    const QByteArray query = question < 0 ? QByteArray() : target.mid(question + 1);
    if (path != "/callback") {
        // favicon.ico and anything else: not ours, and the sign-in goes on.
        reply(socket, 404, page(tr("Not found"), tr("Nothing here.")));
        return;
    }
    // A page elsewhere that makes the browser call this port (DNS rebinding) sends its own
    // Host: only our address counts.
    QByteArray host;
    for (int i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines.at(i).indexOf(':');
        if (colon > 0 && lines.at(i).left(colon).trimmed().toLower() == "host") {
            host = lines.at(i).mid(colon + 1).trimmed().toLower();
            break;
        }
    }
    const QByteArray portText = QByteArray::number(port());
    if (host != "127.0.0.1:" + portText && host != "localhost:" + portText) {
        reply(socket, 400,
              page(tr("Bad request"), tr("This address only takes a sign-in redirect.")));
        return;
    }
    if (m_received) {
        reply(socket, 409, page(tr("Already done"), tr("This sign-in has already finished.")));
        return;
    }
    m_received = true;
    m_callback = socket;
    Q_EMIT callbackReceived(query);
}

void LoopbackReceiver::answer(int status, const QByteArray &html)
{
    if (QTcpSocket *socket = m_callback) {
        m_callback = nullptr;
        reply(socket, status, html);
    }
    close();
}

void LoopbackReceiver::close()
{
    m_server->close();
    m_received = true;
    const QList<QTcpSocket *> open = m_buffers.keys();
    for (QTcpSocket *socket : open) {
        if (socket == m_callback)
            continue; // answer() still has to speak to the browser
        drop(socket);
    }
}

void LoopbackReceiver::reply(QTcpSocket *socket, int status, const QByteArray &html)
{
    QByteArray response =
        "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason(status) +
        "\r\n"
        "Content-Type: text/html; charset=utf-8\r\n"
        "Content-Length: " +
        QByteArray::number(html.size()) +
        "\r\n"
        "Connection: close\r\n"
        "Cache-Control: no-store\r\n"
        // The page's own URL holds the code: it goes nowhere else.
        "Referrer-Policy: no-referrer\r\n"
        "X-Content-Type-Options: nosniff\r\n"
        "Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'\r\n"
        "\r\n" +
        html;
    m_buffers.remove(socket);
    // Out of the receiver's hands: the socket finishes writing on its own and then goes,
    // even when the receiver is deleted right after this call.
    disconnect(socket, nullptr, this, nullptr);
    socket->setParent(nullptr);
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    QTimer::singleShot(kConnectionTimeoutMs, socket, &QObject::deleteLater);
    socket->write(response);
    socket->flush();
    socket->disconnectFromHost();
}

void LoopbackReceiver::drop(QTcpSocket *socket)
{
    if (!m_buffers.remove(socket))
        return;
    if (socket == m_callback)
        m_callback = nullptr;
    disconnect(socket, nullptr, this, nullptr);
    socket->abort();
    socket->deleteLater();
}

QByteArray LoopbackReceiver::page(const QString &headline, const QString &text)
{
    return QStringLiteral("<!doctype html><html lang=en><meta charset=utf-8>"
                          "<meta name=viewport content=\"width=device-width\">"
                          "<title>%1</title>"
                          "<body style=\"font-family:sans-serif;max-width:40em;margin:3em auto\">"
                          "<h1>%1</h1><p>%2</p></body></html>")
        .arg(headline.toHtmlEscaped(), text.toHtmlEscaped())
        .toUtf8();
}

} // namespace tw
