// The Console tab under the offscreen platform against the in-process sandbox: a 50 MB answer
// keeps the event loop responsive, keyboard send/cancel, history re-run, customer tokens,
// next page, copy as curl, find.
#include "guifixture.h"

#include "clipboard.h"
#include "consoletab.h"
#include "customerstab.h"
#include "historymodel.h"
#include "jsontreemodel.h"
#include "mainwindow.h"
#include "requesteditor.h"
#include "requestlibrary.h"
#include "responseview.h"

#include <QApplication>
#include <QClipboard>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTreeView>

using namespace tw;

namespace {
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
        QTest::mouseClick(c.button("sendButton"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(shown.size(), 3, 20000);
        QVERIFY(c.tab.responseView()->response().body.contains("\"tokenKind\":\"msp\""));
    }

    void customersTabOpensTheConsoleAsACustomer()
    {
        GuiFixture f;
        f.addProfile(ProviderKind::Druva, "druva", QStringLiteral("Cloud"));
        const Profile msp =
            f.addProfile(ProviderKind::DruvaMsp, "druva-msp", QStringLiteral("MSP"));
        MainWindow window(&f.auth, &f.settings);
        window.show();
        auto *customers = window.findChild<CustomersTab *>();
        auto *console = window.findChild<ConsoleTab *>();
        QVERIFY(customers && console);
        Q_EMIT customers->openConsoleRequested(msp.id, QStringLiteral("gcid-42"));
        QCOMPARE(window.currentProfileId(), msp.id);
        QCOMPARE(console->profileId(), msp.id);
        QCOMPARE(console->customerId(), QStringLiteral("gcid-42"));
        auto *tabs = window.findChild<QTabWidget *>(QStringLiteral("profileTabs"));
        QCOMPARE(tabs->currentWidget(), console);
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
