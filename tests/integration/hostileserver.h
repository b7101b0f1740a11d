#pragma once

// A deliberately hostile HTTP/1.1 server on 127.0.0.1 (ephemeral port) for attack tests.
// Every request is recorded exactly as it arrived, so a test can assert what a second,
// foreign server received; a script decides each answer and may redirect, lie, drip one
// byte at a time or send headers without end. Plain QTcpServer (or QSslServer for TLS):
// nothing of the sandbox, so nothing of our own HTTP code is on the server side.

#include <QByteArray>
#include <QFile>
#include <QList>
#include <QObject>
#include <QPair>
#include <QPointer>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>
#include <functional>
#include <memory>

namespace tw::testing {

struct SeenRequest
{
    QByteArray method;
    QByteArray target; // as sent: path and query, still percent-encoded
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    QByteArray raw; // request line, headers and body exactly as received

    QByteArray header(const QByteArray &name) const
    {
        for (const auto &[key, value] : headers) {
            if (key.compare(name, Qt::CaseInsensitive) == 0)
                return value;
        }
        return {};
    }
    bool hasHeader(const QByteArray &name) const
    {
        for (const auto &h : headers) {
            if (h.first.compare(name, Qt::CaseInsensitive) == 0)
                return true;
        }
        return false;
    }
    QByteArray path() const
    {
        return target.left(target.indexOf('?') < 0 ? target.size() : target.indexOf('?'));
    }
};

class HostileServer : public QObject
{
public:
    using Script = std::function<void(HostileServer &, const SeenRequest &, QTcpSocket *)>;

    // `tls`: serve HTTPS with the self-signed loopback certificate in tests/data.
    explicit HostileServer(Script script = {}, bool tls = false) : m_script(std::move(script))
    {
        if (tls) {
            auto *server = new QSslServer(this);
            QSslConfiguration config = QSslConfiguration::defaultConfiguration();
            config.setLocalCertificate(certificate());
            config.setPrivateKey(privateKey());
            config.setPeerVerifyMode(QSslSocket::VerifyNone);
            server->setSslConfiguration(config);
            m_server = server;
        } else {
            m_server = new QTcpServer(this);
        }
        connect(m_server, &QTcpServer::pendingConnectionAvailable, this, &HostileServer::accept);
        if (!m_server->listen(QHostAddress::LocalHost, 0))
            qFatal("hostile server did not start");
        m_tls = tls;
    }
    ~HostileServer() override
    {
        // Nothing may outlive the test: no timer keeps writing into a closed socket.
        for (const QPointer<QTimer> &timer : std::as_const(m_timers)) {
            if (timer)
                timer->stop();
        }
    }

    void setScript(Script script) { m_script = std::move(script); }
    QUrl url(const QString &path = QStringLiteral("/")) const
    {
        return QUrl(QStringLiteral("%1://127.0.0.1:%2%3")
                        .arg(m_tls ? QStringLiteral("https") : QStringLiteral("http"))
                        .arg(m_server->serverPort())
                        .arg(path));
    }
    QString origin() const { return url(QString()).toString(); }
    const QList<SeenRequest> &seen() const { return m_seen; }
    // Everything every request carried, for "no secret ever arrived here" checks.
    QByteArray everything() const
    {
        QByteArray all;
        for (const SeenRequest &r : m_seen)
            all += r.raw + '\n';
        return all;
    }

    static QString certificatePath()
    {
        return qEnvironmentVariable("TOKENWRIGHT_TEST_SOURCE_DIR") +
               QStringLiteral("/tests/data/loopback-cert.pem");
    }

    // --- answers a script can give ---

    static QByteArray head(int status, const QList<QPair<QByteArray, QByteArray>> &headers,
                           qint64 contentLength)
    {
        QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + " X\r\n";
        for (const auto &[name, value] : headers)
            out += name + ": " + value + "\r\n";
        if (contentLength >= 0)
            out += "Content-Length: " + QByteArray::number(contentLength) + "\r\n";
        out += "Connection: close\r\n\r\n";
        return out;
    }

    static void respond(QTcpSocket *socket, int status, const QByteArray &body,
                        QList<QPair<QByteArray, QByteArray>> headers = {})
    {
        bool typed = false;
        for (const auto &h : headers)
            typed = typed || h.first.compare("Content-Type", Qt::CaseInsensitive) == 0;
        if (!typed)
            headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
        socket->write(head(status, headers, body.size()) + body);
        socket->disconnectFromHost();
    }

    static void json(QTcpSocket *socket, int status, const QByteArray &body,
                     const QList<QPair<QByteArray, QByteArray>> &headers = {})
    {
        respond(socket, status, body, headers);
    }

    static void redirect(QTcpSocket *socket, int status, const QUrl &to)
    {
        respond(socket, status, QByteArray(), {{"Location", to.toEncoded()}});
    }

    // A valid token answer.
    static void token(QTcpSocket *socket, const QByteArray &accessToken,
                      const QByteArray &extra = QByteArray())
    {
        respond(socket, 200,
                "{\"access_token\":\"" + accessToken +
                    "\",\"token_type\":\"bearer\",\"expires_in\":900" + extra + "}");
    }

    // Headers, then `body` one byte every `intervalMs`: alive, but never done in time.
    void drip(QTcpSocket *socket, const QByteArray &body, int intervalMs)
    {
        socket->write(head(200, {{"Content-Type", "application/json"}}, body.size()));
        auto *timer = new QTimer(socket);
        m_timers.append(timer);
        auto left = std::make_shared<QByteArray>(body);
        QPointer<QTcpSocket> guard(socket);
        connect(timer, &QTimer::timeout, this, [guard, left, timer] {
            if (!guard || left->isEmpty() || guard->state() != QAbstractSocket::ConnectedState) {
                timer->stop();
                return;
            }
            guard->write(left->left(1));
            left->remove(0, 1);
        });
        timer->start(intervalMs);
    }

    // A status line, then header lines for ever (until the client hangs up).
    void endlessHeaders(QTcpSocket *socket)
    {
        socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n");
        auto *timer = new QTimer(socket);
        m_timers.append(timer);
        QPointer<QTcpSocket> guard(socket);
        auto n = std::make_shared<int>(0);
        connect(timer, &QTimer::timeout, this, [guard, timer, n] {
            if (!guard || guard->state() != QAbstractSocket::ConnectedState) {
                timer->stop();
                return;
            }
            // Small writes, so the client sees a steady trickle rather than one burst.
            if (guard->bytesToWrite() < 256 * 1024) {
                QByteArray chunk;
                for (int i = 0; i < 64; ++i)
                    chunk += "X-Filler-" + QByteArray::number(++*n) + ": " + QByteArray(100, 'a') +
                             "\r\n";
                guard->write(chunk);
            }
        });
        timer->start(1);
    }

private:
    static QSslCertificate certificate()
    {
        const auto certs = QSslCertificate::fromPath(certificatePath(), QSsl::Pem);
        if (certs.isEmpty())
            qFatal("no test certificate at %s", qPrintable(certificatePath()));
        return certs.first();
    }
    static QSslKey privateKey()
    {
        QFile file(qEnvironmentVariable("TOKENWRIGHT_TEST_SOURCE_DIR") +
                   QStringLiteral("/tests/data/loopback-key.pem"));
        if (!file.open(QIODevice::ReadOnly))
            qFatal("no test key");
        return QSslKey(&file, QSsl::Rsa);
    }

    void accept()
    {
        while (QTcpSocket *socket = m_server->nextPendingConnection()) {
            auto buffer = std::make_shared<QByteArray>();
            connect(socket, &QTcpSocket::readyRead, this,
                    [this, socket, buffer] { onData(socket, buffer); });
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        }
    }

    void onData(QTcpSocket *socket, const std::shared_ptr<QByteArray> &buffer)
    {
        *buffer += socket->readAll();
        for (;;) {
            const qsizetype end = buffer->indexOf("\r\n\r\n");
            if (end < 0)
                return;
            SeenRequest request;
            const QList<QByteArray> lines = buffer->left(end).split('\n');
            const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
            request.method = first.value(0);
            request.target = first.value(1);
            qint64 length = 0;
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const QByteArray line = lines.at(i).trimmed();
                const auto colon = line.indexOf(':');
                if (colon <= 0)
                    continue;
                request.headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
                if (line.left(colon).trimmed().compare("Content-Length", Qt::CaseInsensitive) == 0)
                    length = line.mid(colon + 1).trimmed().toLongLong();
            }
            if (buffer->size() < end + 4 + length)
                return; // the body is still on its way
            request.body = buffer->mid(end + 4, length);
            request.raw = buffer->left(end + 4 + length);
            buffer->remove(0, end + 4 + length);
            m_seen.append(request);
            if (m_script)
                m_script(*this, request, socket);
            else
                respond(socket, 404, "{\"error\":\"not_found\"}");
            if (socket->state() != QAbstractSocket::ConnectedState)
                return;
        }
    }

    QTcpServer *m_server = nullptr;
    bool m_tls = false;
    Script m_script;
    QList<SeenRequest> m_seen;
    QList<QPointer<QTimer>> m_timers;
};

} // namespace tw::testing
