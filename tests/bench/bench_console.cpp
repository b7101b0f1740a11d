// Figures for the console's handling of a large answer (not a ctest): parse, scan-based
// pretty print (whole and cut to the raw view's limit), Qt's own indented serialisation.
// Usage: bench_console [MB]   (default 50)
#include "console/responseparser.h"
#include "druvacloud.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <cstdio>

namespace {
template <typename F> qint64 timed(F &&f)
{
    QElapsedTimer t;
    t.start();
    f();
    return t.elapsed();
}
} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int mb = argc > 1 ? std::max(1, atoi(argv[1])) : 50;
    const QByteArray body = tw::sandbox::demoBigJson(qsizetype(mb) * 1024 * 1024);
    std::printf("body: %lld bytes\n", qint64(body.size()));

    // Each figure is measured first and printed after: printf's arguments have no order.
    QJsonDocument doc;
    const qint64 parseMs = timed([&] { doc = QJsonDocument::fromJson(body); });
    qsizetype indentedSize = 0;
    const qint64 indentMs =
        timed([&] { indentedSize = doc.toJson(QJsonDocument::Indented).size(); });
    qsizetype prettySize = 0;
    const qint64 prettyMs =
        timed([&] { prettySize = tw::ResponseParser::prettyJson(body, body.size() * 4).size(); });
    const qint64 limitedMs = timed(
        [&] { tw::ResponseParser::prettyJson(body, tw::ResponseParser::DefaultDisplayLimit); });
    tw::ParsedBody parsed;
    const qint64 consoleMs = timed([&] { parsed = tw::ResponseParser::parse(body, true); });
    const qint64 freeMs = timed([&] {
        doc = QJsonDocument();
        parsed = tw::ParsedBody();
    });
    std::printf("QJsonDocument::fromJson:                 %6lld ms\n", parseMs);
    std::printf("QJsonDocument::toJson(Indented):         %6lld ms (%lld bytes)\n", indentMs,
                qint64(indentedSize));
    std::printf("ResponseParser::prettyJson (whole):      %6lld ms (%lld chars)\n", prettyMs,
                qint64(prettySize));
    std::printf("ResponseParser::prettyJson (view limit): %6lld ms\n", limitedMs);
    std::printf("ResponseParser::parse, as the console runs it off the UI thread: %lld ms\n",
                consoleMs);
    std::printf("freeing both documents:                  %6lld ms\n", freeMs);
    return 0;
}
