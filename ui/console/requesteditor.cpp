#include "ui/console/requesteditor.h"

#include <QComboBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QTableWidget>
#include <QVBoxLayout>

namespace tw {

RequestEditor::RequestEditor(QWidget *parent)
    : QWidget(parent), m_method(new QComboBox(this)), m_prefix(new QLabel(this)),
      m_path(new QLineEdit(this)), m_headers(new QTableWidget(0, 2, this)),
      m_bodyKind(new QComboBox(this)), m_body(new QPlainTextEdit(this)),
      m_bodyHint(new QLabel(this))
{
    setObjectName(QStringLiteral("requestEditor"));
    m_method->setObjectName(QStringLiteral("methodCombo"));
    m_method->setEditable(true); // any method an API may want
    m_method->addItems({QStringLiteral("GET"), QStringLiteral("POST"), QStringLiteral("PUT"),
                        QStringLiteral("PATCH"), QStringLiteral("DELETE"), QStringLiteral("HEAD"),
                        QStringLiteral("OPTIONS")});
    m_method->setAccessibleName(tr("Method"));
    m_prefix->setObjectName(QStringLiteral("basePrefix"));
    m_prefix->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_prefix->setStyleSheet(QStringLiteral("QLabel { color: palette(placeholder-text); }"));
    m_path->setObjectName(QStringLiteral("pathEdit"));
    m_path->setAccessibleName(tr("Path"));
    m_path->setPlaceholderText(tr("/path?query — or a full URL on the profile's own origin"));
    connect(m_path, &QLineEdit::returnPressed, this, &RequestEditor::sendRequested);

    m_headers->setObjectName(QStringLiteral("headersTable"));
    m_headers->setHorizontalHeaderLabels({tr("Header"), tr("Value")});
    m_headers->horizontalHeader()->setStretchLastSection(true);
    m_headers->verticalHeader()->hide();
    // Room for three headers (and the empty row to type into) before it scrolls; at most
    // five, the body below wants the rest.
    // Rows as tall as a line edit, not the style's roomier default.
    m_headers->verticalHeader()->setDefaultSectionSize(m_headers->fontMetrics().height() + 10);
    const int rowHeight = m_headers->verticalHeader()->defaultSectionSize();
    const int chrome =
        m_headers->horizontalHeader()->sizeHint().height() + 2 * m_headers->frameWidth();
    m_headers->setMinimumHeight(chrome + 3 * rowHeight);
    m_headers->setMaximumHeight(chrome + 5 * rowHeight);
    m_headers->setToolTip(tr("The token header is added for you."));
    connect(m_headers, &QTableWidget::cellChanged, this, &RequestEditor::ensureEmptyHeaderRow);
    ensureEmptyHeaderRow();

    m_bodyKind->setObjectName(QStringLiteral("bodyKindCombo"));
    m_bodyKind->addItem(tr("No body"), int(BodyKind::None));
    m_bodyKind->addItem(tr("JSON"), int(BodyKind::Json));
    m_bodyKind->addItem(tr("Form fields"), int(BodyKind::Form));
    m_bodyKind->addItem(tr("Raw"), int(BodyKind::Raw));
    m_body->setObjectName(QStringLiteral("bodyEdit"));
    m_body->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_body->setTabChangesFocus(true);
    // Three lines at least, not the scroll area's default of about six: on a 720-pixel screen
    // the answer below needs the room more.
    m_body->setMinimumHeight(m_body->fontMetrics().lineSpacing() * 3 + 2 * m_body->frameWidth() +
                             2 * int(m_body->document()->documentMargin()));
    m_bodyHint->setObjectName(QStringLiteral("bodyHint"));
    m_bodyHint->setWordWrap(true);
    connect(m_bodyKind, &QComboBox::currentIndexChanged, this, &RequestEditor::onBodyKindChanged);
    connect(m_body, &QPlainTextEdit::textChanged, this, &RequestEditor::onBodyKindChanged);
    onBodyKindChanged();

    auto *line = new QHBoxLayout;
    line->addWidget(m_method);
    line->addWidget(m_prefix);
    line->addWidget(m_path, 1);
    auto *bodyLine = new QHBoxLayout;
    bodyLine->addWidget(new QLabel(tr("Body:"), this));
    bodyLine->addWidget(m_bodyKind);
    bodyLine->addWidget(m_bodyHint, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(line);
    layout->addWidget(m_headers);
    layout->addLayout(bodyLine);
    layout->addWidget(m_body);
}

void RequestEditor::ensureEmptyHeaderRow()
{
    // Always one empty row at the end to type a new header into; empty rows elsewhere go.
    const QSignalBlocker block(m_headers);
    for (int row = m_headers->rowCount() - 2; row >= 0; --row) {
        const auto *key = m_headers->item(row, 0);
        const auto *value = m_headers->item(row, 1);
        if ((!key || key->text().isEmpty()) && (!value || value->text().isEmpty()))
            m_headers->removeRow(row);
    }
    const int last = m_headers->rowCount() - 1;
    const bool lastEmpty =
        last >= 0 && (!m_headers->item(last, 0) || m_headers->item(last, 0)->text().isEmpty()) &&
        (!m_headers->item(last, 1) || m_headers->item(last, 1)->text().isEmpty());
    if (!lastEmpty)
        m_headers->insertRow(m_headers->rowCount());
}

void RequestEditor::onBodyKindChanged()
{
    const auto kind = BodyKind(m_bodyKind->currentData().toInt());
    m_body->setEnabled(kind != BodyKind::None);
    QString hint;
    if (kind == BodyKind::Json && !m_body->toPlainText().trimmed().isEmpty()) {
        QJsonParseError error;
        QJsonDocument::fromJson(m_body->toPlainText().toUtf8(), &error);
        hint = error.error == QJsonParseError::NoError
                   ? tr("Valid JSON.")
                   : tr("Not valid JSON (offset %1: %2); it is sent as typed.")
                         .arg(error.offset)
                         .arg(error.errorString());
    } else if (kind == BodyKind::Form) {
        hint = tr("One name=value per line; values are encoded for you.");
    }
    m_bodyHint->setText(hint);
}

ConsoleRequest RequestEditor::request() const
{
    ConsoleRequest r;
    r.method = m_method->currentText().trimmed().toUpper();
    r.path = m_path->text().trimmed();
    for (int row = 0; row < m_headers->rowCount(); ++row) {
        const auto *key = m_headers->item(row, 0);
        const auto *value = m_headers->item(row, 1);
        if (key && !key->text().trimmed().isEmpty())
            r.headers.append({key->text().trimmed(), value ? value->text() : QString()});
    }
    r.bodyKind = BodyKind(m_bodyKind->currentData().toInt());
    r.body = r.bodyKind == BodyKind::None ? QString() : m_body->toPlainText();
    return r.normalized();
}

void RequestEditor::setRequest(const ConsoleRequest &input)
{
    const ConsoleRequest r = input.normalized();
    m_method->setCurrentText(r.method);
    m_path->setText(r.pathWithQuery());
    {
        const QSignalBlocker block(m_headers);
        m_headers->setRowCount(0);
        for (const auto &[key, value] : r.headers) {
            const int row = m_headers->rowCount();
            m_headers->insertRow(row);
            m_headers->setItem(row, 0, new QTableWidgetItem(key));
            m_headers->setItem(row, 1, new QTableWidgetItem(value));
        }
    }
    ensureEmptyHeaderRow();
    m_bodyKind->setCurrentIndex(std::max(0, m_bodyKind->findData(int(r.bodyKind))));
    m_body->setPlainText(r.body);
}

void RequestEditor::setBasePrefix(const QString &apiBase)
{
    QString shown = apiBase;
    while (shown.endsWith(QLatin1Char('/')))
        shown.chop(1);
    m_prefix->setText(shown);
    m_prefix->setVisible(!shown.isEmpty());
}

} // namespace tw
