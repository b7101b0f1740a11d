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
    // The last credential header sent and every secret the engine knows: only for scrubbing
    // them out of whatever gets written (ConsoleHistory::append). Never display them.
    QStringList secretsToScrub() const;

    // Large answers are fine (the console parses off the UI thread); this is only a guard.
    qint64 maxBodyBytes = 512LL * 1024 * 1024;
    int timeoutMs = 0; // 0 = the profile's timeout (or the CLI's --timeout)

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
    // Something the user must know about this send, e.g. TLS verification is off.
    void warned(const QString &message);

private:
    void recordActivity(const QUuid &profileId, const ConsoleRequest &request,
                        const Result<ApiOutcome> &result);

    ApiClient *m_client;
    QPointer<ApiCall> m_call;
    QElapsedTimer m_elapsed;
    QString m_lastCredential;
    quint64 m_generation = 0;
};

} // namespace tw
