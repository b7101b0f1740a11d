// A fresh token fetch through the whole engine (AuthSession, fetcher, HttpClient, parsing,
// validation, cache bookkeeping) against the smallest thing that does the same job: a bare
// QNetworkAccessManager POST with the same Basic header, parsed with QJsonDocument. Both
// talk to one in-process sandbox over loopback and alternate A B A B, so a busy machine
// slows both alike. Prints medians and min–max in ms as JSON for tests/bench/run.
#include "auth/authmanager.h"
#include "profiles/memorysecretstore.h"
#include "profiles/profileservice.h"
#include "profiles/profilestore.h"
#include "sandbox.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTemporaryDir>
#include <algorithm>
#include <cstdio>

using namespace tw;

namespace {
// Measurement code, not production code: it may spin an event loop.
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

QJsonObject stats(QList<double> ms)
{
    std::sort(ms.begin(), ms.end());
    return {{QStringLiteral("median"), ms.at(ms.size() / 2)},
            {QStringLiteral("min"), ms.first()},
            {QStringLiteral("max"), ms.last()},
            {QStringLiteral("n"), ms.size()}};
}
} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int rounds = argc > 1 ? QByteArray(argv[1]).toInt() : 300;
    sandbox::Sandbox sandbox;
    sandbox.listen(0);
    const QJsonObject druva =
        sandbox.describe()[QLatin1String("providers")][QLatin1String("druva")].toObject();
    const QString tokenUrl = druva[QLatin1String("token_url")].toString();
    const QString clientId = druva[QLatin1String("client_id")].toString();
    const QString secret = druva[QLatin1String("client_secret")].toString();

    QTemporaryDir dir;
    ProfileStore store(dir.path());
    MemorySecretStore secrets;
    ProfileService service(store, secrets);
    AuthManager auth(&store, &service);
    Profile p = Profile::preset(ProviderKind::Druva);
    p.id = QUuid::createUuid();
    p.name = QStringLiteral("bench");
    p.tokenUrl = QUrl(tokenUrl);
    p.apiBase = QUrl(druva[QLatin1String("api_base")].toString());
    p.clientId = clientId;
    p = wait<Result<Profile>>([&](auto done) {
            service.addProfile(p, {{SecretEntry::ClientSecret, secret.toUtf8()}}, nullptr, done);
        }).value();
    AuthSession *session = auth.session(p.id);

    QNetworkAccessManager bare;
    QNetworkRequest request{QUrl(tokenUrl)};
    request.setHeader(QNetworkRequest::ContentTypeHeader,
                      QByteArrayLiteral("application/x-www-form-urlencoded"));
    request.setRawHeader("Authorization",
                         "Basic " + (clientId + QLatin1Char(':') + secret).toUtf8().toBase64());
    const QByteArray body = "grant_type=client_credentials&scope=read";

    // Warm both paths (connections, first allocations) before measuring.
    for (int i = 0; i < 10; ++i) {
        wait<Result<Token>>([&](auto done) { session->refresh(nullptr, done); });
        QNetworkReply *reply = bare.post(request, body);
        wait<bool>([&](auto done) {
            QObject::connect(reply, &QNetworkReply::finished, [done] { done(true); });
        });
        reply->deleteLater();
    }

    QList<double> engine, reference;
    QElapsedTimer timer;
    int failures = 0;
    for (int i = 0; i < rounds; ++i) {
        timer.start();
        auto token = wait<Result<Token>>([&](auto done) { session->refresh(nullptr, done); });
        engine << timer.nsecsElapsed() / 1e6;
        failures += token ? 0 : 1;

        timer.start();
        QNetworkReply *reply = bare.post(request, body);
        const QString access = wait<QString>([&](auto done) {
            QObject::connect(reply, &QNetworkReply::finished, [reply, done] {
                done(QJsonDocument::fromJson(reply->readAll())
                         .object()
                         .value(QLatin1String("access_token"))
                         .toString());
            });
        });
        reference << timer.nsecsElapsed() / 1e6;
        failures += access.isEmpty() ? 1 : 0;
        reply->deleteLater();
    }
    const QJsonObject out{{QStringLiteral("engine"), stats(engine)},
                          {QStringLiteral("reference"), stats(reference)},
                          {QStringLiteral("failures"), failures}};
    std::printf("%s\n", QJsonDocument(out).toJson(QJsonDocument::Compact).constData());
    return failures ? 1 : 0;
}
