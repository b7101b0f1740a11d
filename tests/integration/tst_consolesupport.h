#pragma once

// What the console tests share: a runner driven to its answer, small request builders.

#include "console/consolerunner.h"
#include "enginefixture.h"

#include <QSignalSpy>

namespace tw::testing {
struct Run
{
    std::optional<ConsoleResponse> response;
    std::optional<Error> error;
};

inline Run run(ConsoleRunner &runner, const Profile &p, const ConsoleRequest &request,
               int timeoutMs = 30000)
{
    Run result;
    QSignalSpy finished(&runner, &ConsoleRunner::finished);
    QSignalSpy failed(&runner, &ConsoleRunner::failed);
    runner.send(p.id, request);
    [&] { QTRY_VERIFY_WITH_TIMEOUT(finished.size() + failed.size() > 0, timeoutMs); }();
    if (!finished.isEmpty())
        result.response = finished.first().at(1).value<ConsoleResponse>();
    if (!failed.isEmpty())
        result.error = failed.first().at(1).value<Error>();
    return result;
}

inline ConsoleRequest get(const QString &path)
{
    ConsoleRequest r;
    r.path = path;
    return r;
}

inline QString headerOf(const QJsonObject &sent, const char *name)
{
    return sent.value(QLatin1String("headers")).toObject().value(QLatin1String(name)).toString();
}

} // namespace tw::testing
