#include "ui/console/responseview.h"

#include "ui/common/palettecolors.h"
#include "ui/console/jsonhighlighter.h"
#include "ui/console/jsontreemodel.h"

#include <QAction>
#include <QClipboard>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QScrollBar>

#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QShortcut>
#include <QTabWidget>
#include <QTextBlock>
#include <QTreeView>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace tw {

namespace {
// Any JSON value as text: QJsonDocument holds only objects and arrays, so scalars go inside
// an array and come out again.
QString jsonText(const QJsonValue &value, QJsonDocument::JsonFormat format)
{
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(format)).trimmed();
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(format)).trimmed();
    const QString wrapped =
        QString::fromUtf8(QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact));
    return wrapped.mid(1, wrapped.size() - 2);
}
} // namespace

QString humanSize(qint64 bytes)
{
    if (bytes < 1024)
        return QObject::tr("%n byte(s)", nullptr, int(bytes));
    if (bytes < 1024 * 1024)
        return QStringLiteral("%1 KB").arg(bytes / 1024.0, 0, 'f', 1);
    return QStringLiteral("%1 MB").arg(bytes / (1024.0 * 1024.0), 0, 'f', 1);
}

ResponseView::ResponseView(QWidget *parent)
    : QWidget(parent), m_status(new QLabel(this)), m_notice(new QLabel(this)),
      m_save(new QPushButton(tr("Save to file…"), this)), m_tabs(new QTabWidget(this)),
      m_tree(new QTreeView(this)), m_model(new JsonTreeModel(this)),
      m_raw(new QPlainTextEdit(this)), m_highlighter(new JsonHighlighter(nullptr)),
      m_headers(new QPlainTextEdit(this)), m_findBar(new QWidget(this)),
      m_findText(new QLineEdit(m_findBar)), m_findResult(new QLabel(m_findBar))
{
    setObjectName(QStringLiteral("responseView"));
    m_highlighter->setParent(this);
    m_status->setObjectName(QStringLiteral("responseStatus"));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_notice->setObjectName(QStringLiteral("responseNotice"));
    m_notice->setWordWrap(true);
    m_notice->hide();
    m_save->setObjectName(QStringLiteral("saveResponseButton"));
    m_save->setEnabled(false);
    connect(m_save, &QPushButton::clicked, this, &ResponseView::saveToFile);

    setUpViews();
    setUpFindBar();

    auto *top = new QHBoxLayout;
    top->addWidget(m_status, 1);
    top->addWidget(m_save);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_notice);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(m_findBar);

    // Ctrl+F is also the window's "Find profile": a second shortcut on the same keys would be
    // ambiguous and neither would fire. The views claim the keys while they have the focus.
    for (QWidget *view : {static_cast<QWidget *>(m_tree), static_cast<QWidget *>(m_raw),
                          static_cast<QWidget *>(m_headers)})
        view->installEventFilter(this);
    buildTreeActions();
    auto *nextShortcut = new QShortcut(QKeySequence::FindNext, this, this, &ResponseView::findNext);
    nextShortcut->setContext(Qt::WidgetWithChildrenShortcut);
    connect(&m_watcher, &QFutureWatcher<ParsedBody>::finished, this, &ResponseView::onParsed);
    m_feed.setInterval(0);
    connect(&m_feed, &QTimer::timeout, this, &ResponseView::feedRawText);
    clear();
}

// The three views of an answer: the JSON tree, the raw text and the headers.
void ResponseView::setUpViews()
{
    m_tree->setObjectName(QStringLiteral("responseTree"));
    m_tree->setModel(m_model);
    m_tree->setUniformRowHeights(true); // lets the view skip measuring every row
    m_tree->setAlternatingRowColors(true);
    m_tree->header()->setSectionResizeMode(QHeaderView::Interactive);
    m_tree->header()->resizeSection(JsonTreeModel::KeyColumn, 220);
    m_tree->header()->resizeSection(JsonTreeModel::ValueColumn, 360);
    m_raw->setObjectName(QStringLiteral("responseRaw"));
    m_headers->setObjectName(QStringLiteral("responseHeaders"));
    for (QPlainTextEdit *edit : {m_raw, m_headers}) {
        edit->setReadOnly(true);
        edit->setLineWrapMode(QPlainTextEdit::NoWrap);
        edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        edit->setUndoRedoEnabled(false);
    }
    m_tabs->setObjectName(QStringLiteral("responseTabs"));
    m_tabs->addTab(m_tree, tr("Tree"));
    m_tabs->addTab(m_raw, tr("Raw"));
    m_tabs->addTab(m_headers, tr("Headers"));
}

// Find in the raw text: Enter and Next go forward, and a changed text searches from the top.
void ResponseView::setUpFindBar()
{
    m_findText->setObjectName(QStringLiteral("findText"));
    m_findText->setPlaceholderText(tr("Find in response"));
    m_findText->setClearButtonEnabled(true);
    m_findText->installEventFilter(this);
    auto *next = new QPushButton(tr("Next"), m_findBar);
    auto *previous = new QPushButton(tr("Previous"), m_findBar);
    connect(m_findText, &QLineEdit::returnPressed, this, &ResponseView::findNext);
    connect(m_findText, &QLineEdit::textChanged, this, [this] {
        // Search again from the top as the text changes.
        m_raw->moveCursor(QTextCursor::Start);
        findNext();
    });
    connect(next, &QPushButton::clicked, this, &ResponseView::findNext);
    connect(previous, &QPushButton::clicked, this, &ResponseView::findPrevious);
    auto *findLayout = new QHBoxLayout(m_findBar);
    findLayout->setContentsMargins(0, 0, 0, 0);
    findLayout->addWidget(m_findText, 1);
    findLayout->addWidget(previous);
    findLayout->addWidget(next);
    findLayout->addWidget(m_findResult);
    m_findBar->setObjectName(QStringLiteral("findBar"));
    m_findBar->hide();
}

ResponseView::~ResponseView()
{
    // A parse still running finishes on its own; its result is dropped with the future.
    m_watcher.disconnect(this);
}

void ResponseView::setStatus(const QString &text, const QString &tone)
{
    m_status->setText(text);
    m_status->setProperty("tone", tone);
    m_tone = tone;
    const bool coloured = tone == QLatin1String("ok") || tone == QLatin1String("error");
    QPalette palette = this->palette();
    if (coloured) {
        // On the window background, where the label sits; AA contrast in any theme.
        palette.setColor(QPalette::WindowText,
                         colors::forRole(tone == QLatin1String("ok") ? colors::Role::Success
                                                                     : colors::Role::Failure,
                                         palette, palette.color(QPalette::Window)));
    }
    m_status->setPalette(palette);
    QFont font = m_status->font();
    font.setBold(coloured);
    m_status->setFont(font);
}

void ResponseView::releaseDocument(QJsonDocument document)
{
    // Freeing a document of a few million values takes long enough to be seen: do it elsewhere.
    if (!document.isNull())
        (void)QtConcurrent::run([doc = std::move(document)]() mutable { doc = QJsonDocument(); });
}

void ResponseView::clear()
{
    m_watcher.setFuture(QFuture<ParsedBody>());
    m_feed.stop();
    releaseDocument(m_model->setDocument(QJsonDocument()));
    releaseDocument(std::exchange(m_parsed, ParsedBody()).document);
    m_response = ConsoleResponse();
    m_raw->clear();
    m_headers->clear();
    m_notice->hide();
    m_save->setEnabled(false);
    setStatus(tr("No request sent yet."), QString());
}

void ResponseView::showPending(const QString &what)
{
    clear();
    setStatus(what, QStringLiteral("pending"));
}

void ResponseView::showError(const Error &error)
{
    clear();
    setStatus(error.code == Error::Code::Cancelled ? tr("Cancelled.") : error.toString(),
              QStringLiteral("error"));
}

void ResponseView::showResponse(const ConsoleResponse &response)
{
    clear();
    m_response = response;
    QString timing = tr("%1 ms").arg(response.totalMs);
    if (response.firstByteMs >= 0)
        timing += tr(" (first byte %1 ms)").arg(response.firstByteMs);
    QStringList notes;
    if (response.tokenRefetches > 0)
        notes << tr("token renewed after a refusal");
    if (response.rateLimitWaits > 0)
        notes << tr("waited %n time(s) for a rate limit", nullptr, response.rateLimitWaits);
    QString text =
        tr("%1 · %2 · %3").arg(response.statusLine(), timing, humanSize(response.size()));
    if (!notes.isEmpty())
        text += QStringLiteral(" · ") + notes.join(QStringLiteral(", "));
    setStatus(text, response.status >= 400 ? QStringLiteral("error") : QStringLiteral("ok"));
    QStringList headerLines;
    for (const auto &[name, value] : response.headers)
        headerLines << QString::fromLatin1(name) + QStringLiteral(": ") + QString::fromUtf8(value);
    m_headers->setPlainText(headerLines.join(QLatin1Char('\n')));
    m_save->setEnabled(!response.body.isEmpty());
    if (response.body.isEmpty()) {
        Q_EMIT bodyShown(m_parsed);
        return;
    }
    m_raw->setPlainText(tr("Formatting %1…").arg(humanSize(response.size())));
    const QByteArray body = response.body;
    const bool json = response.isJson();
    m_watcher.setFuture(
        QtConcurrent::run([body, json] { return ResponseParser::parse(body, json); }));
}

void ResponseView::onParsed()
{
    QFuture<ParsedBody> future = m_watcher.future();
    if (future.isCanceled() || future.resultCount() == 0)
        return;
    // Take the result out so this view alone holds the document (freed off-thread later).
    m_parsed = future.takeResult();
    m_watcher.setFuture(QFuture<ParsedBody>());
    QStringList notices;
    if (m_response.bodyTruncated)
        notices << tr("The body was larger than the limit and was cut at %1.")
                       .arg(humanSize(m_response.size()));
    if (m_parsed.displayTruncated)
        notices << tr("Showing the first %1 of the text; the tree has everything. "
                      "Use \"Save to file…\" for the whole body.")
                       .arg(humanSize(m_parsed.display.size()));
    if (!m_parsed.parseError.isEmpty())
        notices << m_parsed.parseError;
    m_notice->setText(notices.join(QLatin1Char(' ')));
    m_notice->setVisible(!notices.isEmpty());
    // The raw text goes in piece by piece (feedRawText): half a megabyte of highlighted text
    // at once would stall the window for a few hundred milliseconds.
    m_raw->clear();
    m_highlighter->setDocument(m_parsed.isJson ? m_raw->document() : nullptr);
    m_feedPos = 0;
    m_feed.start();
    releaseDocument(m_model->setDocument(m_parsed.document));
    // A new answer starts at its top left, not where the previous one was scrolled to.
    m_tree->scrollToTop();
    m_tree->horizontalScrollBar()->setValue(0);
    m_raw->horizontalScrollBar()->setValue(0);
    m_tree->expand(m_model->index(0, 0));
    m_tabs->setTabEnabled(0, m_parsed.isJson);
    m_tabs->setCurrentIndex(m_parsed.isJson ? 0 : 1);
    Q_EMIT bodyShown(m_parsed);
}

void ResponseView::feedRawText()
{
    const QString &text = m_parsed.display;
    if (m_feedPos >= text.size()) {
        m_feed.stop();
        return;
    }
    qsizetype end = std::min(text.size(), m_feedPos + FeedChunkChars);
    // Whole lines: the highlighter colours a line once, when it is complete.
    const qsizetype newline = text.indexOf(QLatin1Char('\n'), end);
    end = newline < 0 ? text.size() : newline + 1;
    const bool atStart = m_feedPos == 0;
    QTextCursor cursor(m_raw->document());
    cursor.movePosition(QTextCursor::End);
    cursor.insertText(QStringView(text).mid(m_feedPos, end - m_feedPos).toString());
    m_feedPos = end;
    if (atStart)
        m_raw->moveCursor(QTextCursor::Start);
    if (m_feedPos >= text.size())
        m_feed.stop();
}

bool ResponseView::isShowingText() const
{
    return m_feed.isActive();
}

void ResponseView::showFind()
{
    m_findBar->show();
    if (m_tabs->currentWidget() == m_tree)
        m_tabs->setCurrentWidget(m_raw); // the tree fills in lazily: search the text
    m_findText->setFocus();
    m_findText->selectAll();
}

void ResponseView::findNext()
{
    find(false);
}

void ResponseView::findPrevious()
{
    find(true);
}

void ResponseView::find(bool backwards)
{
    const QString text = m_findText->text();
    if (text.isEmpty()) {
        m_findResult->clear();
        return;
    }
    m_tabs->setCurrentWidget(m_raw);
    const QTextDocument::FindFlags flags =
        backwards ? QTextDocument::FindBackward : QTextDocument::FindFlags();
    bool found = m_raw->find(text, flags);
    if (!found) {
        // Wrap around once.
        m_raw->moveCursor(backwards ? QTextCursor::End : QTextCursor::Start);
        found = m_raw->find(text, flags);
    }
    m_findResult->setText(found ? tr("line %1").arg(m_raw->textCursor().blockNumber() + 1)
                                : tr("not found"));
}

void ResponseView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange) {
        m_highlighter->setPalette(palette());
        setStatus(m_status->text(), m_tone);
    }
    QWidget::changeEvent(event);
}

void ResponseView::buildTreeActions()
{
    m_tree->setContextMenuPolicy(Qt::ActionsContextMenu);
    const auto make = [this](const QString &text, const char *name, const QKeySequence &keys,
                             void (ResponseView::*slot)()) {
        auto *action = new QAction(text, m_tree);
        action->setObjectName(QLatin1String(name));
        action->setShortcut(keys);
        // Only while the tree has the focus: Ctrl+C elsewhere copies the selected text.
        action->setShortcutContext(Qt::WidgetShortcut);
        connect(action, &QAction::triggered, this, slot);
        m_tree->addAction(action);
        return action;
    };
    make(tr("Copy &Value"), "copyValueAction", QKeySequence::Copy, &ResponseView::copyValue);
    make(tr("Copy Node as &JSON"), "copyJsonAction", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_J),
         &ResponseView::copyNodeJson);
    make(tr("Copy &Path"), "copyPathAction", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P),
         &ResponseView::copyPath);
}

void ResponseView::copyText(const QString &text, const QString &what)
{
    QGuiApplication::clipboard()->setText(text);
    Q_EMIT statusMessage(what);
}

void ResponseView::copyValue()
{
    const QModelIndex index = m_tree->currentIndex();
    if (!index.isValid())
        return;
    const QJsonValue value = m_model->valueAt(index);
    QString text;
    if (value.isString())
        text = value.toString(); // the value itself, not the shortened preview in the cell
    else if (value.isObject() || value.isArray())
        text = jsonText(value, QJsonDocument::Indented);
    else
        text = jsonText(value, QJsonDocument::Compact);
    copyText(text, tr("Copied the value of %1.").arg(m_model->pathAt(index)));
}

void ResponseView::copyNodeJson()
{
    const QModelIndex index = m_tree->currentIndex();
    if (!index.isValid())
        return;
    copyText(jsonText(m_model->valueAt(index), QJsonDocument::Indented),
             tr("Copied %1 as JSON.").arg(m_model->pathAt(index)));
}

void ResponseView::copyPath()
{
    const QModelIndex index = m_tree->currentIndex();
    if (!index.isValid())
        return;
    const QString path = m_model->pathAt(index);
    copyText(path, tr("Copied the path %1.").arg(path));
}

bool ResponseView::eventFilter(QObject *watched, QEvent *event)
{
    if ((event->type() == QEvent::ShortcutOverride || event->type() == QEvent::KeyPress) &&
        static_cast<QKeyEvent *>(event)->matches(QKeySequence::Find)) {
        event->accept();
        if (event->type() == QEvent::KeyPress)
            showFind();
        return true;
    }
    if (watched == m_findText &&
        (event->type() == QEvent::ShortcutOverride || event->type() == QEvent::KeyPress)) {
        if (static_cast<QKeyEvent *>(event)->key() == Qt::Key_Escape) {
            // Ours, not the console's "Cancel request".
            event->accept();
            if (event->type() == QEvent::KeyPress) {
                m_findBar->hide();
                m_raw->setFocus();
            }
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void ResponseView::saveToFile()
{
    if (m_response.body.isEmpty())
        return;
    // Not QFileDialog::getSaveFileName: that runs a nested event loop.
    auto *dialog = new QFileDialog(this, tr("Save response body"));
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->selectFile(m_response.isJson() ? QStringLiteral("response.json")
                                           : QStringLiteral("response.txt"));
    connect(dialog, &QFileDialog::fileSelected, this, [this](const QString &path) {
        const QByteArray body = m_response.body;
        auto *watcher = new QFutureWatcher<QString>(this);
        connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, path] {
            const QString problem = watcher->result();
            watcher->deleteLater();
            Q_EMIT statusMessage(problem.isEmpty() ? tr("Saved %1.").arg(path) : problem);
        });
        watcher->setFuture(QtConcurrent::run([path, body]() -> QString {
            QSaveFile file(path);
            if (!file.open(QIODevice::WriteOnly) || file.write(body) != body.size() ||
                !file.commit())
                return tr("Could not save %1: %2").arg(path, file.errorString());
            return QString();
        }));
    });
    dialog->open();
}

} // namespace tw
