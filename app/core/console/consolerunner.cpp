#include "console/consolerunner.h"

#include "audit/auditrecorder.h"
#include "auth/apiclient.h"
#include "auth/authmanager.h"
#include "profiles/profilestore.h"

namespace tw {

ConsoleRunner::ConsoleRunner(ApiClient *client, QObject *parent) : QObject(parent), m_client(client)
{
}

void ConsoleRunner::send(const QUuid &profileId, const ConsoleRequest &input)
{
    cancel();
    const ConsoleRequest request = input.normalized();
    ApiRequest api = request.toApiRequest();
    api.maxBodyBytes = maxBodyBytes;
    api.timeoutMs = timeoutMs;
    const quint64 generation = ++m_generation;
    m_elapsed.start();
    Q_EMIT started(request);
    // On every use, not once: the setting is easy to forget (DESIGN.md "Token engine").
    const auto profile = m_client->manager()->profileStore()->find(profileId);
    if (profile && !profile->options.verifyTls)
        Q_EMIT warned(tr("Warning: TLS certificate verification is OFF for \"%1\"; anyone on "
                         "the network path can read and change this exchange.")
                          .arg(profile->name));
    m_call = m_client->send(
        profileId, api, this, [this, profileId, request, generation](Result<ApiOutcome> r) {
            recordActivity(profileId, request, r);
            if (generation != m_generation)
                return;
            m_call.clear();
            if (!r) {
                Q_EMIT failed(request, r.error());
                return;
            }
            const ApiOutcome &outcome = r.value();
            const QByteArray credential = outcome.sent.header("Authorization");
            m_lastCredential = QString::fromUtf8(
                credential.isEmpty() ? outcome.sent.header("Authtoken") : credential);
            Q_EMIT finished(request, ConsoleResponse::fromOutcome(outcome, m_elapsed.elapsed()));
        });
    if (m_call)
        connect(m_call, &ApiCall::waiting, this, &ConsoleRunner::waiting);
}

void ConsoleRunner::recordActivity(const QUuid &profileId, const ConsoleRequest &request,
                                   const Result<ApiOutcome> &result)
{
    AuditEntry entry;
    entry.action = AuditEntry::Action::Request;
    entry.customer = request.customerId;
    entry.method = request.method;
    entry.path = request.pathWithQuery();
    AuditRecorder *audit = m_client->manager()->audit();
    if (!result) {
        audit->record(profileId, entry, m_client->manager()->redact(result.error()));
        return;
    }
    entry.httpStatus = result.value().reply.status;
    entry.ok = entry.httpStatus > 0 && entry.httpStatus < 400;
    audit->record(profileId, entry);
}

QStringList ConsoleRunner::secretsToScrub() const
{
    QStringList values = m_client->manager()->knownSecrets().values();
    if (!m_lastCredential.isEmpty())
        values.prepend(m_lastCredential);
    return values;
}

void ConsoleRunner::cancel()
{
    if (m_call) {
        // ApiCall::cancel() reports Cancelled through our callback: failed() follows.
        QPointer<ApiCall> call = m_call;
        call->cancel();
    }
}

} // namespace tw
