// The Console's longest event-loop stall while a large JSON answer arrives, is parsed and is
// shown, for tests/bench/run. A 5 ms timer ticks throughout; the longest gap between two
// ticks is how long the window could not react.
// Usage: bench_console_stall '<druva entry of `tokenwright-cli sandbox` as JSON>' [MB]
// Prints {"longest_stall_ms": N, "shown_ms": N, "text_ms": N}.
#include "benchgui.h"
#include "ui/common/clipboard.h"
#include "ui/console/consoletab.h"
#include "ui/console/requesteditor.h"
#include "ui/console/responseview.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QPushButton>
#include <QTimer>

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    if (argc < 2)
        benchgui::fail(QStringLiteral("usage: bench_console_stall DRUVA-JSON [MB]"));
    const QJsonObject druva = benchgui::providerFromArgument(argv[1]);
    const int mb = argc > 2 ? std::max(1, std::atoi(argv[2])) : 50;

    benchgui::World world;
    tw::Clipboard clipboard;
    tw::ConsoleTab tab(&world.auth, &clipboard);
    tab.resize(1200, 800);
    tab.show();

    QElapsedTimer clock;
    qint64 last = 0, longest = 0, shownAt = -1;
    QTimer ticker;
    ticker.setInterval(5);
    QObject::connect(&ticker, &QTimer::timeout, [&] {
        const qint64 now = clock.elapsed();
        longest = std::max(longest, now - last);
        last = now;
    });
    QTimer done;
    QObject::connect(tab.responseView(), &tw::ResponseView::bodyShown,
                     [&] { shownAt = clock.elapsed(); });
    QObject::connect(&done, &QTimer::timeout, [&] {
        if (shownAt < 0 || tab.responseView()->isShowingText())
            return;
        done.stop();
        const qint64 textAt = clock.elapsed();
        // The paint after the last piece of text counts too.
        QTimer::singleShot(300, [&, textAt] {
            ticker.stop();
            std::printf("{\"longest_stall_ms\": %lld, \"shown_ms\": %lld, \"text_ms\": %lld}\n",
                        longest, shownAt, textAt);
            QCoreApplication::quit();
        });
    });

    world.addProfile(tw::ProviderKind::Druva, druva, QStringLiteral("Cloud"), [&](tw::Profile p) {
        tab.setProfile(p.id);
        tw::ConsoleRequest request = tab.editor()->request();
        request.path = QStringLiteral("/demo/v1/big?mb=%1").arg(mb);
        request.query.clear();
        tab.editor()->setRequest(request);
        clock.start();
        ticker.start();
        done.start(20);
        tab.send();
    });
    QTimer::singleShot(300000, [] { benchgui::fail(QStringLiteral("no answer within 300 s")); });
    return app.exec();
}
