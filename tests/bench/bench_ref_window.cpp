// The reference for the GUI figures: the plainest Qt Widgets window there is (a
// QMainWindow with a menu bar, a central label and a status bar), built with the same
// compiler and Qt. `--measure-startup` ends right after the first paint, as `tokenwright
// --measure-startup` does; `--measure-rss` prints the resident set size after it.
#include <QApplication>
#include <QFile>
#include <QLabel>
#include <QMainWindow>
#include <QMenuBar>
#include <QStatusBar>
#include <QTimer>
#include <cstdio>
#include <cstdlib>
#include <ctime>

namespace {
long residentKb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLong();
    }
    return -1;
}

// As tokenwright's FirstPaintProbe: milliseconds since TOKENWRIGHT_LAUNCHED_NS.
void printSinceLaunch()
{
    bool ok = false;
    const qint64 launched = qEnvironmentVariable("TOKENWRIGHT_LAUNCHED_NS").toLongLong(&ok);
    if (!ok)
        return;
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC, &now);
    const qint64 nowNs = qint64(now.tv_sec) * 1000000000 + now.tv_nsec;
    std::printf("{\"first_paint_ms\": %.2f}\n", double(nowNs - launched) / 1e6);
}

class FirstPaint : public QObject
{
public:
    explicit FirstPaint(bool printRss) : m_printRss(printRss) {}
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint && !m_seen) {
            m_seen = true;
            QTimer::singleShot(0, qApp, [this] {
                if (m_printRss)
                    std::printf("{\"rss_kb\": %ld}\n", residentKb());
                else
                    printSinceLaunch();
                // As tokenwright --measure-startup: the figure ends at the first paint.
                std::fflush(nullptr);
                std::_Exit(0);
            });
        }
        return QObject::eventFilter(watched, event);
    }

private:
    bool m_printRss;
    bool m_seen = false;
};
} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    QMainWindow window;
    window.setWindowTitle(QStringLiteral("Reference"));
    window.menuBar()
        ->addMenu(QStringLiteral("&File"))
        ->addAction(QStringLiteral("&Quit"), &app, &QCoreApplication::quit);
    window.setCentralWidget(new QLabel(QStringLiteral("A bare QMainWindow")));
    window.statusBar()->showMessage(QStringLiteral("Ready"));
    window.resize(1100, 700);
    FirstPaint firstPaint(args.contains(QStringLiteral("--measure-rss")));
    if (args.contains(QStringLiteral("--measure-startup")) ||
        args.contains(QStringLiteral("--measure-rss")))
        window.installEventFilter(&firstPaint);
    window.show();
    return app.exec();
}
