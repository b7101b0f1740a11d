// The GUI's resident memory with 50 profiles and a 10,000-customer list in the Customers
// tab, for tests/bench/run (beside bench_ref_window --measure-rss).
// Usage: bench_gui_memory '<druva-msp entry of `tokenwright-cli sandbox` as JSON>'
// Prints {"rss_kb": N, "customers": N} once the whole list is in the table.
#include "benchgui.h"
#include "ui/customers/customerstab.h"
#include "ui/window/mainwindow.h"

#include <QAbstractItemModel>
#include <QApplication>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    if (argc < 2)
        benchgui::fail(QStringLiteral("usage: bench_gui_memory MSP-JSON [customers]"));
    const QJsonObject msp = benchgui::providerFromArgument(argv[1]);
    const int expected = argc > 2 ? std::atoi(argv[2]) : 10000;

    benchgui::World world;
    world.addPlainProfiles(49, msp);
    tw::MainWindow window(&world.auth, &world.settings);
    window.show();

    QTimer poll;
    world.addProfile(tw::ProviderKind::DruvaMsp, msp, QStringLiteral("MSP"), [&](tw::Profile p) {
        window.selectProfile(p.id);
        auto *tabs = window.findChild<QTabWidget *>(QStringLiteral("profileTabs"));
        for (int i = 0; tabs && i < tabs->count(); ++i) {
            if (tabs->tabText(i) == QLatin1String("Customers"))
                tabs->setCurrentIndex(i); // builds the tab
        }
        auto *customers = window.findChild<tw::CustomersTab *>(QStringLiteral("customersTab"));
        if (!customers)
            benchgui::fail(QStringLiteral("no Customers tab"));
        customers->refreshList();
        auto *view = customers->findChild<QTableView *>(QStringLiteral("customersView"));
        QObject::connect(&poll, &QTimer::timeout, [&, view] {
            const int rows = view->model()->rowCount();
            if (rows < expected)
                return;
            poll.stop();
            // Let the table paint the rows it holds before reading the figure.
            QTimer::singleShot(200, [rows] {
                std::printf("{\"rss_kb\": %ld, \"customers\": %d}\n", benchgui::residentKb(), rows);
                QCoreApplication::quit();
            });
        });
        poll.start(50);
    });
    QTimer::singleShot(120000, [] { benchgui::fail(QStringLiteral("the list did not finish")); });
    return app.exec();
}
