#include "ui/common/clipboard.h"

#include <QApplication>
#include <QClipboard>
#include <QMimeData>
#include <QSignalSpy>
#include <QTest>

using tw::Clipboard;

class TestClipboard : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init() { QGuiApplication::clipboard()->clear(); }

    void copiedTextCarriesThePasswordManagerHint()
    {
        Clipboard clipboard;
        clipboard.setText(QStringLiteral("eyJ.secret.token"));
        const QMimeData *mime = QGuiApplication::clipboard()->mimeData();
        QVERIFY(mime);
        QCOMPARE(mime->text(), QStringLiteral("eyJ.secret.token"));
        QCOMPARE(mime->data(QStringLiteral("x-kde-passwordManagerHint")), QByteArray("secret"));
        QVERIFY(clipboard.holdsCopiedText());
        QCOMPARE(clipboard.remainingSeconds(), Clipboard::DefaultClearSeconds);
    }

    void clearsAfterTheTimeout()
    {
        Clipboard clipboard;
        clipboard.setClearSeconds(1);
        QSignalSpy cleared(&clipboard, &Clipboard::cleared);
        clipboard.setText(QStringLiteral("token-1"));
        QCOMPARE(clipboard.remainingSeconds(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(cleared.size(), 1, 3000);
        QCOMPARE(cleared.first().first().toBool(), true);
        QVERIFY(QGuiApplication::clipboard()->text().isEmpty());
        QCOMPARE(clipboard.remainingSeconds(), -1);
    }

    void keepsWhatTheUserCopiedMeanwhile()
    {
        Clipboard clipboard;
        clipboard.setClearSeconds(1);
        QSignalSpy cleared(&clipboard, &Clipboard::cleared);
        clipboard.setText(QStringLiteral("token-2"));
        QGuiApplication::clipboard()->setText(QStringLiteral("the user's own text"));
        QTRY_COMPARE_WITH_TIMEOUT(cleared.size(), 1, 3000);
        QCOMPARE(cleared.first().first().toBool(), false);
        QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("the user's own text"));
    }

    void countdownStopsWhenSomethingElseIsCopied()
    {
        Clipboard clipboard;
        clipboard.setClearSeconds(30);
        QSignalSpy cleared(&clipboard, &Clipboard::cleared);
        clipboard.setText(QStringLiteral("token-4"));
        QVERIFY(clipboard.remainingSeconds() > 0);
        QCOMPARE(cleared.size(), 0); // our own copy is not a replacement
        QGuiApplication::clipboard()->setText(QStringLiteral("copied elsewhere"));
        // No "clears in 29 s" for a clipboard that holds nothing of ours any more.
        QTRY_COMPARE(clipboard.remainingSeconds(), -1);
        QCOMPARE(cleared.size(), 1);
        QCOMPARE(cleared.first().first().toBool(), false);
        QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("copied elsewhere"));
    }

    void neverClearsWhenTheTimeoutIsZero()
    {
        Clipboard clipboard;
        clipboard.setClearSeconds(0);
        clipboard.setText(QStringLiteral("token-3"));
        QCOMPARE(clipboard.remainingSeconds(), -1);
        QTest::qWait(300);
        QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("token-3"));
        clipboard.clearCopiedText(); // what aboutToQuit does
        QVERIFY(QGuiApplication::clipboard()->text().isEmpty());
    }
};

QTEST_MAIN(TestClipboard)
#include "tst_clipboard.moc"
