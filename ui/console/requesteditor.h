#pragma once

#include "console/consolerequest.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QTableWidget;

namespace tw {

// The request being written: method, path (relative to the API base, shown as a prefix),
// headers, body with its kind. Knows nothing about sending.
class RequestEditor : public QWidget
{
    Q_OBJECT
public:
    explicit RequestEditor(QWidget *parent = nullptr);

    // What the user wrote (customer id not included: the console tab owns that).
    ConsoleRequest request() const;
    void setRequest(const ConsoleRequest &request);
    void setBasePrefix(const QString &apiBase);
    QLineEdit *pathEdit() const { return m_path; }

Q_SIGNALS:
    void sendRequested();

private:
    void ensureEmptyHeaderRow();
    void onBodyKindChanged();

    QComboBox *m_method;
    QLabel *m_prefix;
    QLineEdit *m_path;
    QTableWidget *m_headers;
    QComboBox *m_bodyKind;
    QPlainTextEdit *m_body;
    QLabel *m_bodyHint;
};

} // namespace tw
