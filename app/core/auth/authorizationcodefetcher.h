#pragma once

#include "auth/discovery.h"
#include "auth/tokenfetcher.h"

#include <QPointer>
#include <QTimer>

namespace tw {

class LoopbackReceiver;

// The authorization code grant with PKCE for oauth2 profiles (RFC 6749 §4.1, RFC 7636 S256,
// RFC 8252 native apps, RFC 9207 iss): a refresh token renews silently; otherwise a
// loopback receiver opens on 127.0.0.1, AuthManager::authorizationUrlReady() asks the GUI
// or CLI to open the authorization URL in the system browser, and the code that comes back
// (state and iss checked) is exchanged with the code_verifier. The human part has its own
// deadline (AuthManager::signInTimeoutSec()); AuthManager::cancelSignIn() ends it. The
// listener closes in every outcome, and nothing is stored unless the exchange succeeded
// (AuthSession stores the token it is handed). Destroying the fetcher ends the flow.
class AuthorizationCodeFetcher : public TokenFetcher
{
    Q_OBJECT
public:
    explicit AuthorizationCodeFetcher(AuthManager *manager, const QUuid &profileId,
                                      QObject *parent = nullptr);
    ~AuthorizationCodeFetcher() override;

    void fetch(const Request &request, Callback done) override;
    bool cancelSignIn() override;

private:
    struct Flow
    {
        quint64 id = 0;
        Profile profile;
        DiscoveryDocument doc;
        QString secret;
        QString codeVerifier;
        QString state;
        QUrl redirectUri;
    };
    void withBasis(const SignInBasis &basis, Callback done);
    void startBrowserFlow(Flow flow, Callback done);
    void onCallback(quint64 id, const QByteArray &rawQuery);
    void exchange(const Flow &flow, const QString &code);
    // Ends the flow `id` (if it is still the live one): answers the browser, closes the
    // listener, hands `result` on.
    void finish(quint64 id, const Result<Token> &result);
    Status send(const Flow &flow, QList<QPair<QString, QString>> fields,
                HttpClient::Callback onReply);

    std::optional<Flow> m_flow; // the browser sign-in under way
    bool m_quiet = false;       // this fetch may not open a browser (Request::quiet)
    Callback m_done;
    quint64 m_nextId = 0;
    QPointer<LoopbackReceiver> m_receiver;
    QTimer m_signInTimer;
};

} // namespace tw
