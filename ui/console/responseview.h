#pragma once

#include "common/error.h"
#include "console/consoleresponse.h"
#include "console/responseparser.h"

#include <QFutureWatcher>
#include <QTimer>
#include <QWidget>

class QAction;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;
class QTreeView;

namespace tw {

class JsonHighlighter;
class JsonTreeModel;

// Shows one answer: a status line (status, total time, time to first byte, size), a lazily
// filled JSON tree, the raw text (pretty-printed JSON, highlighted; cut for very large
// bodies, which "Save to file…" writes whole), and the headers. Parsing and pretty-printing
// run on a worker thread: the window stays responsive whatever the size.
class ResponseView : public QWidget
{
    Q_OBJECT
public:
    explicit ResponseView(QWidget *parent = nullptr);
    ~ResponseView() override;

    void showPending(const QString &what);
    void showResponse(const ConsoleResponse &response);
    void showError(const Error &error);
    void clear();

    bool isParsing() const { return m_watcher.isRunning(); }
    // Still adding the raw text to the view (it goes in piece by piece).
    bool isShowingText() const;
    // Characters added to the raw view per event-loop turn.
    static constexpr qsizetype FeedChunkChars = 32 * 1024;
    const ConsoleResponse &response() const { return m_response; }
    const ParsedBody &parsed() const { return m_parsed; }
    JsonTreeModel *treeModel() const { return m_model; }
    QPlainTextEdit *rawView() const { return m_raw; }

public Q_SLOTS:
    void showFind();
    void findNext();
    void findPrevious();
    void saveToFile();
    // The JSON tree's current node: its value (strings without quotes), its JSON, its path
    // ("$.customers[3].id").
    void copyValue();
    void copyNodeJson();
    void copyPath();

Q_SIGNALS:
    // The body is parsed and shown (tree and raw); `parsed` tells about the next page.
    void bodyShown(const tw::ParsedBody &parsed);
    void statusMessage(const QString &text);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void onParsed();
    void feedRawText();
    void setStatus(const QString &text, const QString &tone);
    void releaseDocument(QJsonDocument document);
    void find(bool backwards);
    void setUpViews();
    void setUpFindBar();
    void buildTreeActions();
    void copyText(const QString &text, const QString &what);

    QLabel *m_status;
    QLabel *m_notice;
    QPushButton *m_save;
    QTabWidget *m_tabs;
    QTreeView *m_tree;
    JsonTreeModel *m_model;
    QPlainTextEdit *m_raw;
    JsonHighlighter *m_highlighter;
    QPlainTextEdit *m_headers;
    QWidget *m_findBar;
    QLineEdit *m_findText;
    QLabel *m_findResult;
    QFutureWatcher<ParsedBody> m_watcher;
    ConsoleResponse m_response;
    ParsedBody m_parsed;
    QString m_tone; // of the status line: "ok", "error", "pending" or empty
    QTimer m_feed;
    qsizetype m_feedPos = 0;
};

// "12.3 KB", "48.0 MB".
QString humanSize(qint64 bytes);

} // namespace tw
