#include "console/consolerunner.h"

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
    m_call =
        m_client->send(profileId, api, this, [this, request, generation](Result<ApiOutcome> r) {
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
