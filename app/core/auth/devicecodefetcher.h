#pragma once

#include "auth/tokenfetcher.h"

namespace tw {

struct DevicePrompt;

// The device authorization grant (RFC 8628) for oauth2 profiles: a refresh token renews
// silently; otherwise the device authorization endpoint (from discovery) hands out a user
// code, AuthManager::deviceCodeIssued() tells the GUI or CLI to show it, and the token
// endpoint is polled at `interval` (slower after slow_down) until the user approves, denies,
// or the code expires. Destroying the fetcher (the session reset, the program quits)
// cancels the polling.
class DeviceCodeFetcher : public TokenFetcher
{
    Q_OBJECT
public:
    using TokenFetcher::TokenFetcher;
    void fetch(const Request &request, Callback done) override;
    // Ends the device authorization waiting for the user (the user closed the dialog): its
    // fetch fails with Error::Code::Cancelled and no further poll is sent. False when no
    // code is waiting.
    bool cancel();

    static constexpr char GrantType[] = "urn:ietf:params:oauth:grant-type:device_code";

private:
    struct Flow
    {
        Profile profile;
        QUrl tokenEndpoint;
        QUrl deviceEndpoint;
        QString secret;
        QString deviceCode;
        int intervalSec = 5;
        qint64 deadlineMs = 0; // monotonic
        quint64 id = 0;        // a flow whose id is no longer m_flowId was cancelled
        Callback done;
    };
    void withRefreshToken(const Profile &profile, const QString &refreshToken, Callback done);
    void startDeviceFlow(Flow flow);
    void poll(Flow flow);
    // Delivers the flow's result unless it was cancelled meanwhile.
    void finish(const Flow &flow, const Result<Token> &result);
    Status send(const Flow &flow, const QUrl &endpoint, QList<QPair<QString, QString>> fields,
                HttpClient::Callback onReply);

    quint64 m_flowId = 0;
    Callback m_waiting; // the done of the flow polling now, for cancel()
};

} // namespace tw
