#pragma once

#include <QDateTime>
#include <QDialog>
#include <QJsonObject>

class QLabel;
class QTableWidget;

namespace tw {

// The provider's answer about a token (RFC 7662 §2.2), read-only: whether it is active, then
// its scope, client, subject, audience and times (exp, iat, nbf as local dates), then every
// other member as the server sent it. Server text is shown as plain text, never markup.
class IntrospectionDialog : public QDialog
{
    Q_OBJECT
public:
    IntrospectionDialog(const QString &profileName, const QJsonObject &answer, const QDateTime &now,
                        QWidget *parent = nullptr);

    // The value shown for `member`, or an empty string when the answer lacks it.
    QString shownValue(const QString &member) const;

private:
    QTableWidget *m_table;
    QLabel *m_verdict;
};

} // namespace tw
