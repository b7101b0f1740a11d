// The Console tab under the offscreen platform against the in-process sandbox: a 50 MB answer
// keeps the event loop responsive, keyboard send/cancel, history re-run, customer tokens,
// next page, copy as curl, find.
#include "guifixture.h"

#include "ui/common/clipboard.h"
#include "ui/console/consoletab.h"
#include "ui/console/historymodel.h"
#include "ui/console/jsontreemodel.h"
#include "ui/console/requesteditor.h"
#include "ui/console/requestlibrary.h"
#include "ui/console/responseview.h"
#include "ui/customers/customerstab.h"
#include "ui/window/mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableWidget>
#include <QTextBlock>
#include <QTextLayout>
#include <QTreeView>
#include <cmath>

using namespace tw;

namespace {
// The main window builds its Console when the tab is first shown.
ConsoleTab *showConsole(MainWindow &window)
{
    auto *tabs = window.findChild<QTabWidget *>(QStringLiteral("profileTabs"));
    for (int i = 0; i < tabs->count(); ++i) {
        if (tabs->tabText(i) == QLatin1String("Console"))
            tabs->setCurrentIndex(i);
    }
    return window.findChild<ConsoleTab *>();
}

struct Console
{
    explicit Console(GuiFixture &f) : tab(&f.auth, &clipboard)
    {
        tab.resize(1200, 800);
        tab.show();
    }
    QPushButton *button(const char *name)
    {
        return tab.findChild<QPushButton *>(QLatin1String(name));
    }
    void setPath(const QString &path)
    {
        ConsoleRequest r = tab.editor()->request();
        r.path = path;
        r.query.clear();
        tab.editor()->setRequest(r);
    }
    QString status() const
    {
        return tab.findChild<QLabel *>(QStringLiteral("responseStatus"))->text();
    }
    Clipboard clipboard;
    ConsoleTab tab;
};

// WCAG 2.x contrast ratio, computed here rather than trusted from the code under test.
double contrast(const QColor &a, const QColor &b)
{
    const auto lum = [](const QColor &c) {
        const auto ch = [](double v) {
            return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
        };
        const QColor rgb = c.toRgb();
        return 0.2126 * ch(rgb.redF()) + 0.7152 * ch(rgb.greenF()) + 0.0722 * ch(rgb.blueF());
    };
    const double x = lum(a), y = lum(b);
    return (std::max(x, y) + 0.05) / (std::min(x, y) + 0.05);
}

QPalette darkPalette()
{
    QPalette p;
    p.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
    p.setColor(QPalette::WindowText, QColor(0xe6, 0xe6, 0xe6));
    p.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    p.setColor(QPalette::AlternateBase, QColor(0x26, 0x26, 0x26));
    p.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
    p.setColor(QPalette::Button, QColor(0x35, 0x35, 0x35));
    p.setColor(QPalette::ButtonText, QColor(0xe6, 0xe6, 0xe6));
    return p;
}

// Every highlighted run in the raw view against its background: AA (4.5:1) at least.
void checkRawContrast(QPlainTextEdit *raw, const char *theme)
{
    const QColor base = raw->palette().color(QPalette::Base);
    int runs = 0;
    for (QTextBlock block = raw->document()->begin(); block.isValid() && block.blockNumber() < 40;
         block = block.next()) {
        for (const QTextLayout::FormatRange &range : block.layout()->formats()) {
            if (!range.format.hasProperty(QTextFormat::ForegroundBrush))
                continue;
            const QColor color = range.format.foreground().color();
            ++runs;
            QVERIFY2(contrast(color, base) >= 4.5,
                     qPrintable(QStringLiteral("%1: %2 on %3 is %4:1")
                                    .arg(QLatin1String(theme), color.name(), base.name())
                                    .arg(contrast(color, base), 0, 'f', 2)));
        }
    }
    QVERIFY2(runs > 10, theme);
}
} // namespace

class TestConsoleTab : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void fiftyMegabytesKeepTheWindowResponsive()
    {
        GuiFixture f;
        const Profile p = f.addProfile(ProviderKind::Druva, "druva", QStringLiteral("Cloud"));
        Console c(f);
        c.tab.setProfile(p.id);
        c.setPath(QStringLiteral("/demo/v1/big?mb=50"));
        QSignalSpy shown(c.tab.responseView(), &ResponseView::bodyShown);

        // A 10 ms timer; the longest gap between its ticks is how long the UI froze.
        QElapsedTimer clock;
        qint64 last = 0, longest = 0;
        int ticksWhileParsing = 0;
        QTimer ticker;
        ticker.setInterval(10);
        connect(&ticker, &QTimer::timeout, this, [&] {
            const qint64 now = clock.elapsed();
            longest = std::max(longest, now - last);
            last = now;
            if (c.tab.responseView()->isParsing())
                ++ticksWhileParsing;
        });
        clock.start();
        ticker.start();
        QTest::mouseClick(c.button("sendButton"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(shown.size(), 1, 180000);
        const qint64 shownAfter = clock.elapsed();
        // The raw text goes in piece by piece: that counts too, and the painting after it.
        QTRY_VERIFY_WITH_TIMEOUT(!c.tab.responseView()->isShowingText(), 60000);
        const qint64 textAfter = clock.elapsed();
        QTest::qWait(500);
        ticker.stop();
        const ParsedBody &parsed = c.tab.responseView()->parsed();
        qInfo("50 MB answer: longest event-loop gap %lld ms; tree shown after %lld ms, raw text "
              "complete after %lld ms (parse %lld ms, pretty-print %lld ms off the UI thread); "
              "body %lld bytes",
              longest, shownAfter, textAfter, parsed.parseMs, parsed.prettyMs,
              c.tab.responseView()->response().size());
        // The event loop ran while the body was being parsed: the parse is off the UI thread.
        // (The longest gap is a figure for tests/bench, not a bound: it depends on the machine.)
        QVERIFY2(ticksWhileParsing >= 3, qPrintable(QString::number(ticksWhileParsing)));

        QVERIFY(c.tab.responseView()->response().size() >= 50LL * 1024 * 1024);
        QVERIFY(parsed.isJson);
        QVERIFY(parsed.displayTruncated);
        QVERIFY(c.tab.findChild<QLabel *>(QStringLiteral("responseNotice"))->isVisible());
        QVERIFY(c.button("saveResponseButton")->isEnabled());
        QVERIFY(c.tab.responseView()->rawView()->toPlainText().size() <=
                ResponseParser::DefaultDisplayLimit);
        // The tree is filled lazily: "items" shows one batch until the view asks for more.
        JsonTreeModel *model = c.tab.responseView()->treeModel();
        QCOMPARE(model->rowCount(), 2); // items, nextPageToken
        const QModelIndex items = model->index(0, 0);
        QCOMPARE(model->data(items).toString(), QStringLiteral("items"));
        QVERIFY(model->hasChildren(items));
        QVERIFY(model->rowCount(items) <= JsonTreeModel::BatchSize);
        QVERIFY(model->canFetchMore(items));
        model->fetchMore(items);
        QCOMPARE(model->rowCount(items), 2 * JsonTreeModel::BatchSize);
        QCOMPARE(model->pathAt(model->index(3, 0, items)), QStringLiteral("$.items[3]"));
        QVERIFY(!c.tab.nextPageRequest()); // empty nextPageToken
    }

    void ctrlReturnSendsAndHistoryDoubleClickSendsAgain()
    {
        GuiFixture f;
        const Profile p = f.addProfile(ProviderKind::Druva, "druva", QStringLiteral("Cloud"));
        Console c(f);
        c.tab.setProfile(p.id);
        c.setPath(QStringLiteral("/demo/v1/whoami"));
        QSignalSpy shown(c.tab.responseView(), &ResponseView::bodyShown);
        c.tab.editor()->pathEdit()->setFocus();
        QTest::keyClick(c.tab.editor()->pathEdit(), Qt::Key_Return, Qt::ControlModifier);
        QTRY_COMPARE_WITH_TIMEOUT(shown.size(), 1, 20000);
        QVERIFY2(c.status().startsWith(QLatin1String("200 OK")), qPrintable(c.status()));
        QVERIFY(c.status().contains(QLatin1String("first byte")));
        QTRY_VERIFY(c.tab.responseView()->rawView()->toPlainText().contains(
            QLatin1String("\"clientId\": \"tw-demo-druva\"")));

        HistoryModel *history = c.tab.library()->historyModel();
        QCOMPARE(history->rowCount(), 1);
        QVERIFY(history->data(history->index(0))
                    .toString()
                    .startsWith(QLatin1String("GET /demo/v1/whoami")));
        c.setPath(QStringLiteral("/something/else"));
        QListView *view = c.tab.library()->historyView();
        const QRect rect = view->visualRect(history->index(0));
        // A click first: QAbstractItemView wants the press it double-clicks on.
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, rect.center());
        QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, rect.center());
        QTRY_COMPARE_WITH_TIMEOUT(history->rowCount(), 2, 20000);
        QCOMPARE(f.sandbox.requestCount(QStringLiteral("druva.api")), 2);
        QCOMPARE(c.tab.editor()->request().path, QStringLiteral("/demo/v1/whoami"));
    }

    void escapeCancelsTheRunningRequest()
    {
        GuiFixture f;
        const Profile p = f.addProfile(ProviderKind::Druva, "druva", QStringLiteral("Cloud"));
        f.sandbox.setFault(QStringLiteral("druva.api"), sandbox::Fault::Slow, 1, 5000);
        Console c(f);
        c.tab.setProfile(p.id);
        c.setPath(QStringLiteral("/demo/v1/whoami"));
        QTest::mouseClick(c.button("sendButton"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(f.sandbox.requestCount(QStringLiteral("druva.api")), 1, 20000);
        QVERIFY(c.button("cancelButton")->isEnabled());
        c.tab.editor()->pathEdit()->setFocus();
        QTest::keyClick(c.tab.editor()->pathEdit(), Qt::Key_Escape);
        QTRY_COMPARE(c.status(), QStringLiteral("Cancelled."));
        QVERIFY(!c.button("cancelButton")->isEnabled());
    }

    void customerTokenIsShownAndCanBeLeft()
    {
        GuiFixture f;
        const Profile p = f.addProfile(ProviderKind::DruvaMsp, "druva-msp", QStringLiteral("MSP"));
        Console c(f);
        c.tab.setProfile(p.id);
        // The preset: the first page of customers.
        QCOMPARE(c.tab.editor()->request().pathWithQuery(),
                 QStringLiteral("/msp/v3/customers?pageSize=50"));
        QSignalSpy shown(c.tab.responseView(), &ResponseView::bodyShown);
        QTest::mouseClick(c.button("sendButton"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(shown.size(), 1, 20000);
        const QString gcid = QJsonDocument::fromJson(c.tab.responseView()->response().body)
                                 .object()
                                 .value(QLatin1String("customers"))
                                 .toArray()
                                 .first()
                                 .toObject()
                                 .value(QLatin1String("id"))
                                 .toString();

        c.tab.openAsCustomer(p.id, gcid);
        QWidget *bar = c.tab.findChild<QWidget *>(QStringLiteral("customerBar"));
        QVERIFY(bar->isVisible());
        QVERIFY(c.tab.findChild<QLabel *>(QStringLiteral("customerLabel"))->text().contains(gcid));
        c.setPath(QStringLiteral("/demo/v1/whoami"));
        QTest::mouseClick(c.button("sendButton"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(shown.size(), 2, 20000);
        QVERIFY(c.tab.responseView()->response().body.contains("\"tokenKind\":\"customer\""));
        // History remembers it was sent as the customer.
        QVERIFY(c.tab.library()->historyModel()->entry(0).request.customerId == gcid);

        QTest::mouseClick(c.button("useMspTokenButton"), Qt::LeftButton);
        QVERIFY(!bar->isVisible());
        c.setPath(QStringLiteral("/demo/v1/whoami")); // the MSP context has its own draft
        QTest::mouseClick(c.button("sendButton"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(shown.size(), 3, 20000);
        QVERIFY(c.tab.responseView()->response().body.contains("\"tokenKind\":\"msp\""));
    }

    void eachProfileAndCustomerKeepsItsDraft()
    {
        GuiFixture f;
        const Profile cloud = f.addProfile(ProviderKind::Druva, "druva", QStringLiteral("Cloud"));
        const Profile msp =
            f.addProfile(ProviderKind::DruvaMsp, "druva-msp", QStringLiteral("MSP"));
        Console c(f);
        c.tab.setProfile(cloud.id);
        c.setPath(QStringLiteral("/demo/v1/whoami"));
        QSignalSpy shown(c.tab.responseView(), &ResponseView::bodyShown);
        QTest::mouseClick(c.button("sendButton"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(shown.size(), 1, 20000);
        const QString answer = c.status();
        // Unsent work: another path, a header and a body.
        ConsoleRequest draft = c.tab.editor()->request();
        draft.path = QStringLiteral("/demo/v1/unsent");
        draft.headers = {{QStringLiteral("X-Trace"), QStringLiteral("42")}};
        draft.bodyKind = BodyKind::Json;
        draft.body = QStringLiteral("{\"a\": 1}");
        c.tab.editor()->setRequest(draft);

        c.tab.setProfile(msp.id);
        QCOMPARE(c.tab.editor()->request().pathWithQuery(),
                 QStringLiteral("/msp/v3/customers?pageSize=50")); // its own preset
        c.tab.openAsCustomer(msp.id, QStringLiteral("gcid-7"));
        c.setPath(QStringLiteral("/demo/v1/as-customer"));

        c.tab.setProfile(cloud.id);
        const ConsoleRequest back = c.tab.editor()->request();
        QCOMPARE(back.path, QStringLiteral("/demo/v1/unsent"));
        QCOMPARE(back.headers.size(), 1);
        QCOMPARE(back.headers.first().second, QStringLiteral("42"));
        QCOMPARE(back.body, QStringLiteral("{\"a\": 1}"));
        QTRY_COMPARE(c.status(), answer); // the last answer is shown again
        QVERIFY(c.tab.responseView()->response().body.contains("tw-demo-druva"));

        // The MSP profile comes back in its customer context with that context's draft …
        c.tab.setProfile(msp.id);
        QCOMPARE(c.tab.customerId(), QStringLiteral("gcid-7"));
        QCOMPARE(c.tab.editor()->request().path, QStringLiteral("/demo/v1/as-customer"));
        // … and the MSP's own draft is one "Use the MSP token" away.
        QTest::mouseClick(c.button("useMspTokenButton"), Qt::LeftButton);
        QCOMPARE(c.tab.customerId(), QString());
        QCOMPARE(c.tab.editor()->request().pathWithQuery(),
                 QStringLiteral("/msp/v3/customers?pageSize=50"));
    }

    void longMessagesNeitherWidenTheWindowNorMoveTheButtons()
    {
        GuiFixture f;
        const Profile p = f.addProfile(ProviderKind::Druva, "druva", QStringLiteral("Cloud"));
        MainWindow window(&f.auth, &f.settings);
        window.resize(1100, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.selectProfile(p.id);
        auto *console = showConsole(window);
        QTest::qWait(0);
        QWidget *send = console->findChild<QWidget *>(QStringLiteral("sendButton"));
        QWidget *save = console->findChild<QWidget *>(QStringLiteral("saveRequestButton"));
        const QPoint sendAt = send->mapTo(&window, QPoint());
        const QPoint saveAt = save->mapTo(&window, QPoint());
        const int minimumWidth = window.minimumSizeHint().width();
        const QString longText =
            QStringLiteral("Could not save /home/someone/a/rather/deep/folder/structure/with/a/"
                           "very/long/file/name/response-of-the-customers-endpoint.json: "
                           "No space left on device");
        Q_EMIT console->responseView()->statusMessage(longText);
        QApplication::processEvents();
        QCOMPARE(window.width(), 1100);
        QCOMPARE(window.minimumSizeHint().width(), minimumWidth);
        QCOMPARE(send->mapTo(&window, QPoint()), sendAt);
        QCOMPARE(save->mapTo(&window, QPoint()), saveAt);
        // Said in full where there is room: the status bar.
        QCOMPARE(window.statusBar()->currentMessage(), longText);
    }

    void headersTableShowsSeveralRows()
    {
        GuiFixture f;
        const Profile p = f.addProfile(ProviderKind::Druva, "druva", QStringLiteral("Cloud"));
        MainWindow window(&f.auth, &f.settings);
        window.resize(1100, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.selectProfile(p.id);
        auto *console = showConsole(window);
        auto *headers = console->findChild<QTableWidget *>(QStringLiteral("headersTable"));
        QTRY_VERIFY(headers->isVisible());
        const int row = headers->verticalHeader()->defaultSectionSize();
        // The tab is built when shown: its layout settles on the next turns of the loop.
        QTRY_VERIFY2(headers->viewport()->height() >= 3 * row,
                     qPrintable(QStringLiteral("%1 px for rows of %2 px")
                                    .arg(headers->viewport()->height())
                                    .arg(row)));
    }

    void jsonTreeCopiesValueNodeAndPath()
    {
        GuiFixture f;
        const Profile p = f.addProfile(ProviderKind::DruvaMsp, "druva-msp", QStringLiteral("MSP"));
        Console c(f);
        c.tab.setProfile(p.id);
        c.tab.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&c.tab));
        QSignalSpy shown(c.tab.responseView(), &ResponseView::bodyShown);
        QTest::mouseClick(c.button("sendButton"), Qt::LeftButton); // the customers list
        QTRY_COMPARE_WITH_TIMEOUT(shown.size(), 1, 20000);
        const QJsonObject fourth = QJsonDocument::fromJson(c.tab.responseView()->response().body)
                                       .object()
                                       .value(QLatin1String("customers"))
                                       .toArray()
                                       .at(3)
                                       .toObject();
        auto *tree = c.tab.findChild<QTreeView *>(QStringLiteral("responseTree"));
        JsonTreeModel *model = c.tab.responseView()->treeModel();
        const auto open = [model, tree](const QModelIndex &index) {
            while (model->canFetchMore(index))
                model->fetchMore(index);
            tree->expand(index);
        };
        QModelIndex customers;
        for (int i = 0; i < model->rowCount(); ++i) {
            if (model->index(i, 0).data().toString() == QLatin1String("customers"))
                customers = model->index(i, 0);
        }
        QVERIFY(customers.isValid());
        open(customers);
        const QModelIndex customer = model->index(3, 0, customers);
        open(customer);
        QModelIndex id;
        for (int i = 0; i < model->rowCount(customer); ++i) {
            if (model->index(i, 0, customer).data().toString() == QLatin1String("id"))
                id = model->index(i, 0, customer);
        }
        QVERIFY(id.isValid());
        tree->setFocus();
        tree->setCurrentIndex(id);
        QClipboard *clipboard = QGuiApplication::clipboard();

        QTest::keyClick(tree, Qt::Key_C, Qt::ControlModifier); // the value, not the preview
        QCOMPARE(clipboard->text(), fourth.value(QLatin1String("id")).toString());
        QTest::keyClick(tree, Qt::Key_P, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(clipboard->text(), QStringLiteral("$.customers[3].id"));
        tree->setCurrentIndex(customer);
        QTest::keyClick(tree, Qt::Key_J, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(QJsonDocument::fromJson(clipboard->text().toUtf8()).object(), fourth);
        // The same three in the context menu.
        QStringList menu;
        for (QAction *action : tree->actions())
            menu << action->objectName();
        QCOMPARE(menu,
                 QStringList({QStringLiteral("copyValueAction"), QStringLiteral("copyJsonAction"),
                              QStringLiteral("copyPathAction")}));
        QCOMPARE(tree->contextMenuPolicy(), Qt::ActionsContextMenu);
    }

    void newAnswerStartsAtTheLeftOfTheTree()
    {
        GuiFixture f;
        const Profile p = f.addProfile(ProviderKind::DruvaMsp, "druva-msp", QStringLiteral("MSP"));
        Console c(f);
        c.tab.resize(700, 700);
        c.tab.setProfile(p.id);
        QSignalSpy shown(c.tab.responseView(), &ResponseView::bodyShown);
        QTest::mouseClick(c.button("sendButton"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(shown.size(), 1, 20000);
        auto *tree = c.tab.findChild<QTreeView *>(QStringLiteral("responseTree"));
        tree->header()->resizeSection(JsonTreeModel::ValueColumn, 3000);
        QTRY_VERIFY(tree->horizontalScrollBar()->maximum() > 0);
        tree->horizontalScrollBar()->setValue(tree->horizontalScrollBar()->maximum());
        QVERIFY(tree->horizontalScrollBar()->value() > 0);
        QTest::mouseClick(c.button("sendButton"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(shown.size(), 2, 20000);
        QCOMPARE(tree->horizontalScrollBar()->value(), 0);
    }

    void jsonColoursFollowThePaletteWithAaContrast()
    {
        GuiFixture f;
        const Profile p = f.addProfile(ProviderKind::DruvaMsp, "druva-msp", QStringLiteral("MSP"));
        Console c(f);
        c.tab.setProfile(p.id);
        QSignalSpy shown(c.tab.responseView(), &ResponseView::bodyShown);
        QTest::mouseClick(c.button("sendButton"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(shown.size(), 1, 20000);
        QPlainTextEdit *raw = c.tab.responseView()->rawView();
        QTRY_VERIFY(!c.tab.responseView()->isShowingText());
        checkRawContrast(raw, "light");
        auto *status = c.tab.findChild<QLabel *>(QStringLiteral("responseStatus"));
        const auto statusContrast = [status] {
            return contrast(status->palette().color(QPalette::WindowText),
                            status->palette().color(QPalette::Window));
        };
        QVERIFY(statusContrast() >= 4.5);

        // A theme change at run time re-colours what is shown.
        const QPalette before = QApplication::palette();
        QApplication::setPalette(darkPalette());
        QApplication::processEvents();
        checkRawContrast(raw, "dark");
        QVERIFY2(statusContrast() >= 4.5, qPrintable(QString::number(statusContrast())));
        JsonTreeModel *model = c.tab.responseView()->treeModel();
        const QColor value = model->index(0, JsonTreeModel::ValueColumn)
                                 .data(Qt::ForegroundRole)
                                 .value<QBrush>()
                                 .color();
        QVERIFY(contrast(value, darkPalette().color(QPalette::Base)) >= 4.5);
        QApplication::setPalette(before);
    }

    void ctrlFInTheAnswerOpensFind()
    {
        GuiFixture f;
        const Profile p = f.addProfile(ProviderKind::Druva, "druva", QStringLiteral("Cloud"));
        MainWindow window(&f.auth, &f.settings);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        window.selectProfile(p.id);
        auto *console = showConsole(window);
        QPlainTextEdit *raw = console->responseView()->rawView();
        window.findChild<QTabWidget *>(QStringLiteral("responseTabs"))->setCurrentWidget(raw);
        raw->setFocus();
        QTRY_VERIFY(raw->hasFocus());
        QSignalSpy ambiguous(window.findChild<QAction *>(QStringLiteral("actionFind")),
                             &QAction::triggered);
        QTest::keyClick(raw, Qt::Key_F, Qt::ControlModifier);
        QTRY_VERIFY(console->findChild<QWidget *>(QStringLiteral("findBar"))->isVisible());
        QVERIFY(console->findChild<QLineEdit *>(QStringLiteral("findText"))->hasFocus());
        QCOMPARE(ambiguous.size(), 0);
        // Outside the answer Ctrl+F still finds profiles.
        console->editor()->pathEdit()->setFocus();
        QTest::keyClick(console->editor()->pathEdit(), Qt::Key_F, Qt::ControlModifier);
        QTRY_VERIFY(window.findChild<QLineEdit *>(QStringLiteral("filterEdit"))->hasFocus());
    }

    void customersTabOpensTheConsoleAsACustomer()
    {
        GuiFixture f;
        f.addProfile(ProviderKind::Druva, "druva", QStringLiteral("Cloud"));
        const Profile msp =
            f.addProfile(ProviderKind::DruvaMsp, "druva-msp", QStringLiteral("MSP"));
        MainWindow window(&f.auth, &f.settings);
        window.show();
        // Both tabs are built when first shown: nothing of them exists before.
        QVERIFY(!window.findChild<CustomersTab *>());
        QVERIFY(!window.findChild<ConsoleTab *>());
        auto *tabs = window.findChild<QTabWidget *>(QStringLiteral("profileTabs"));
        tabs->setCurrentIndex(2);
        auto *customers = window.findChild<CustomersTab *>();
        QVERIFY(customers);
        QVERIFY(customers->isVisible());
        QVERIFY(!window.findChild<ConsoleTab *>());
        Q_EMIT customers->openConsoleRequested(msp.id, QStringLiteral("gcid-42"),
                                               QStringLiteral("Acme Dental"));
        auto *console = window.findChild<ConsoleTab *>();
        QVERIFY(console);
        QCOMPARE(window.currentProfileId(), msp.id);
        QCOMPARE(console->profileId(), msp.id);
        QCOMPARE(console->customerId(), QStringLiteral("gcid-42"));
        QVERIFY(tabs->currentWidget()->isAncestorOf(console));
        QVERIFY(console->isVisible());
        QVERIFY(console->findChild<QWidget *>(QStringLiteral("customerBar"))->isVisible());
    }

    void nextPageFollowsDruvaPaging()
    {
        GuiFixture f;
        const Profile p = f.addProfile(ProviderKind::DruvaMsp, "druva-msp", QStringLiteral("MSP"));
        Console c(f);
        c.tab.setProfile(p.id);
        QSignalSpy shown(c.tab.responseView(), &ResponseView::bodyShown);
        QPushButton *next = c.button("nextPageButton");
        QVERIFY(!next->isEnabled());
        QTest::mouseClick(c.button("sendButton"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(shown.size(), 1, 20000);
        QVERIFY(next->isEnabled());
        QTest::mouseClick(next, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(shown.size(), 2, 20000);
        QVERIFY2(c.status().startsWith(QLatin1String("200")), qPrintable(c.status()));
        const QString query = f.sandbox.lastRequests(QStringLiteral("druva-msp.customers"))
                                  .last()
                                  .value(QLatin1String("query"))
                                  .toString();
        QVERIFY2(query.startsWith(QLatin1String("pageToken=")) && !query.contains(QLatin1Char('&')),
                 qPrintable(query));
        QCOMPARE(c.tab.editor()->request().query.size(), 1);
    }

    void copyAsCurlKeepsTheTokenOut()
    {
        GuiFixture f;
        const Profile p = f.addProfile(ProviderKind::Druva, "druva", QStringLiteral("Cloud prod"));
        Console c(f);
        c.tab.setProfile(p.id);
        c.setPath(QStringLiteral("/demo/v1/whoami"));
        QTest::mouseClick(c.tab.findChild<QWidget *>(QStringLiteral("curlButton")), Qt::LeftButton);
        const QString text = QGuiApplication::clipboard()->text();
        QVERIFY2(
            text.startsWith(QLatin1String("TOKEN=$(tokenwright-cli token 'Cloud prod')\ncurl ")),
            qPrintable(text));
        QVERIFY(text.contains(QLatin1String("-H \"Authorization: Bearer $TOKEN\"")));

        c.tab.copyAsCurlWithToken();
        AuthSession *session = f.auth.session(p.id);
        QTRY_VERIFY_WITH_TIMEOUT(session->token().has_value(), 20000);
        QTRY_VERIFY(QGuiApplication::clipboard()->text().contains(session->token()->accessToken));
        QVERIFY(c.clipboard.remainingSeconds() > 0); // copied as a secret: it will be cleared
    }

    void findLocatesTextInTheResponse()
    {
        GuiFixture f;
        const Profile p = f.addProfile(ProviderKind::Druva, "druva", QStringLiteral("Cloud"));
        Console c(f);
        c.tab.setProfile(p.id);
        c.tab.activateWindow();
        QSignalSpy shown(c.tab.responseView(), &ResponseView::bodyShown);
        QTest::mouseClick(c.button("sendButton"), Qt::LeftButton); // the preset: inSync users
        QTRY_COMPARE_WITH_TIMEOUT(shown.size(), 1, 20000);
        QTRY_VERIFY(!c.tab.responseView()->isShowingText());
        c.tab.responseView()->showFind();
        auto *find = c.tab.findChild<QLineEdit *>(QStringLiteral("findText"));
        QVERIFY(find->isVisible());
        QTest::keyClicks(find, QStringLiteral("user4@"));
        QPlainTextEdit *raw = c.tab.responseView()->rawView();
        QCOMPARE(raw->textCursor().selectedText(), QStringLiteral("user4@"));
        QTest::keyClick(find, Qt::Key_Escape);
        QVERIFY(!find->isVisible());
    }
};

QTEST_MAIN(TestConsoleTab)
#include "tst_consoletab.moc"
