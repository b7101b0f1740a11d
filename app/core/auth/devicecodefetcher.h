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
    bool cancelSignIn() override;

    static constexpr char GrantType[] = "urn:ietf:params:oauth:grant-type:device_code";

private:
    struct Flow
    {
        quint64 id = 0; // the live flow is m_activeFlow; any other is stale (cancelled)
        Profile profile;
        QUrl tokenEndpoint;
        QUrl deviceEndpoint;
        QString secret;
        QString deviceCode;
        int intervalSec = 5;
        qint64 deadlineMs = 0; // monotonic
        Callback done;
    };
    void withBasis(const SignInBasis &basis, Callback done);
    void startDeviceFlow(Flow flow);
    void poll(Flow flow);
    Status send(const Flow &flow, const QUrl &endpoint, QList<QPair<QString, QString>> fields,
                HttpClient::Callback onReply);

    quint64 m_activeFlow = 0;
    quint64 m_nextFlow = 0;
    Callback m_activeDone;
    bool m_quiet = false; // this fetch may not show a code (Request::quiet)
};

} // namespace tw
