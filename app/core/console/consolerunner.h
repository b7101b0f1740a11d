#pragma once

#include "common/error.h"
#include "console/consolerequest.h"
#include "console/consoleresponse.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QUuid>

namespace tw {

class ApiCall;
class ApiClient;

// Runs one console request at a time over ApiClient (token, refetch-once, Retry-After,
// origin refusal all come from there) and reports the answer with its timing. Sending
// while a request runs cancels that one first.
class ConsoleRunner : public QObject
{
    Q_OBJECT
public:
    explicit ConsoleRunner(ApiClient *client, QObject *parent = nullptr);

    bool isRunning() const { return !m_call.isNull(); }
    // The credential header value of the last request sent ("Bearer …"): only for scrubbing it
    // out of whatever gets written (ConsoleHistory::append does that). Never display it.
    QString lastCredential() const { return m_lastCredential; }

    // Large answers are fine (the console parses off the UI thread); this is only a guard.
    qint64 maxBodyBytes = 512LL * 1024 * 1024;
    int timeoutMs = 120000;

public Q_SLOTS:
    void send(const QUuid &profileId, const tw::ConsoleRequest &request);
    void cancel();

Q_SIGNALS:
    void started(const tw::ConsoleRequest &request);
    // 429/503: waiting before the next attempt.
    void waiting(int seconds);
    // Any HTTP answer, 4xx/5xx included.
    void finished(const tw::ConsoleRequest &request, const tw::ConsoleResponse &response);
    // No HTTP answer: refused before sending, no token, network error, cancelled.
    void failed(const tw::ConsoleRequest &request, const tw::Error &error);

private:
    ApiClient *m_client;
    QPointer<ApiCall> m_call;
    QElapsedTimer m_elapsed;
    QString m_lastCredential;
    quint64 m_generation = 0;
};

} // namespace tw
