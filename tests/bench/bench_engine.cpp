// Prints figures for the token engine against the in-process sandbox over loopback:
// a fresh token fetch, a cached token, 50 concurrent callers, an authorised API call.
// Not a test: figures only (see README "Benchmarks").
#include "auth/apiclient.h"
#include "auth/authmanager.h"
#include "profiles/memorysecretstore.h"
#include "profiles/profileservice.h"
#include "profiles/profilestore.h"
#include "sandbox.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTemporaryDir>
#include <QTextStream>
#include <algorithm>

using namespace tw;

namespace {
// Benchmarks may spin an event loop: this is measurement code, not production code.
template <typename T> T wait(std::function<void(std::function<void(T)>)> start)
{
    std::optional<T> result;
    QEventLoop loop;
    start([&](T value) {
        result.emplace(std::move(value));
        loop.quit();
    });
    if (!result)
        loop.exec();
    return std::move(*result);
}

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    return values.at(values.size() / 2);
}
} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    sandbox::Sandbox sandbox;
    sandbox.listen(0);
    const QJsonObject druva =
        sandbox.describe()[QLatin1String("providers")][QLatin1String("druva")].toObject();
    QTemporaryDir dir;
    ProfileStore store(dir.path());
    MemorySecretStore secrets;
    ProfileService service(store, secrets);
    AuthManager auth(&store, &service);
    ApiClient api(&auth);

    Profile p = Profile::preset(ProviderKind::Druva);
    p.id = QUuid::createUuid();
    p.name = QStringLiteral("bench");
    p.tokenUrl = QUrl(druva[QLatin1String("token_url")].toString());
    p.apiBase = QUrl(druva[QLatin1String("api_base")].toString());
    p.clientId = druva[QLatin1String("client_id")].toString();
    p = wait<Result<Profile>>([&](auto done) {
            service.addProfile(p,
                               {{SecretEntry::ClientSecret,
                                 druva[QLatin1String("client_secret")].toString().toUtf8()}},
                               nullptr, done);
        }).value();
    AuthSession *session = auth.session(p.id);

    const int rounds = 200;
    QList<double> fresh, cached, calls;
    QElapsedTimer timer;
    for (int i = 0; i < rounds; ++i) {
        timer.start();
        wait<Result<Token>>([&](auto done) { session->refresh(nullptr, done); });
        fresh << timer.nsecsElapsed() / 1e6;
        timer.start();
        wait<Result<Token>>([&](auto done) { session->requestToken(nullptr, done); });
        cached << timer.nsecsElapsed() / 1e6;
        ApiRequest request;
        request.path = QStringLiteral("/demo/v1/whoami");
        timer.start();
        wait<Result<ApiOutcome>>([&](auto done) { api.send(p.id, request, nullptr, done); });
        calls << timer.nsecsElapsed() / 1e6;
    }
    session->reset();
    sandbox.resetCounters();
    timer.start();
    int delivered = 0;
    QEventLoop loop;
    for (int i = 0; i < 50; ++i)
        session->requestToken(nullptr, [&](Result<Token>) {
            if (++delivered == 50)
                loop.quit();
        });
    loop.exec();
    const double concurrent = timer.nsecsElapsed() / 1e6;

    out << "token engine over loopback, " << rounds << " rounds (median ms)\n";
    out << QStringLiteral("  fresh client-credentials fetch   %1 ms\n")
               .arg(median(fresh), 0, 'f', 2);
    out << QStringLiteral("  cached token (valid, in memory)  %1 ms\n")
               .arg(median(cached), 0, 'f', 3);
    out << QStringLiteral("  authorised API call              %1 ms\n")
               .arg(median(calls), 0, 'f', 2);
    out << QStringLiteral("  50 concurrent callers            %1 ms, %2 token request(s)\n")
               .arg(concurrent, 0, 'f', 2)
               .arg(sandbox.requestCount(QStringLiteral("druva.token")));
    return 0;
}
