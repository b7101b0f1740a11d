#include "ui/token/introspectiondialog.h"

#include "ui/token/tokenstatus.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QTableWidget>
#include <QTimeZone>
#include <QVBoxLayout>

namespace tw {

namespace {
// The members RFC 7662 §2.2 defines, in the order a reader wants them.
const QStringList kKnown = {
    QStringLiteral("active"),   QStringLiteral("scope"),      QStringLiteral("client_id"),
    QStringLiteral("username"), QStringLiteral("sub"),        QStringLiteral("aud"),
    QStringLiteral("iss"),      QStringLiteral("token_type"), QStringLiteral("exp"),
    QStringLiteral("iat"),      QStringLiteral("nbf"),        QStringLiteral("jti")};

bool isTime(const QString &member)
{
    return member == QLatin1String("exp") || member == QLatin1String("iat") ||
           member == QLatin1String("nbf");
}

// Control characters would reorder or hide text; a server's text is shown without them.
QString printable(QString text)
{
    for (QChar &c : text) {
        if (c.category() == QChar::Other_Control || c.category() == QChar::Other_Format)
            c = QChar(0xFFFD);
    }
    return text;
}

QString display(const QString &member, const QJsonValue &value, const QDateTime &now)
{
    if (isTime(member) && value.isDouble()) {
        const auto when = QDateTime::fromSecsSinceEpoch(qint64(value.toDouble()), Qt::UTC);
        const qint64 delta = now.secsTo(when);
        const QString relative =
            delta >= 0
                ? IntrospectionDialog::tr("in %1").arg(tokenstatus::countdown(delta * 1000))
                : IntrospectionDialog::tr("%1 ago").arg(tokenstatus::countdown(-delta * 1000));
        return QStringLiteral("%1 (%2)").arg(tokenstatus::localTime(when), relative);
    }
    switch (value.type()) {
    case QJsonValue::Bool:
        return value.toBool() ? IntrospectionDialog::tr("yes") : IntrospectionDialog::tr("no");
    case QJsonValue::Double:
        return QString::number(value.toDouble(), 'g', 16);
    case QJsonValue::String:
        return printable(value.toString());
    case QJsonValue::Array:
        if (member == QLatin1String("aud")) {
            QStringList parts;
            for (const QJsonValue &part : value.toArray())
                parts << printable(part.toString());
            return parts.join(QStringLiteral(", "));
        }
        return printable(
            QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact)));
    case QJsonValue::Object:
        return printable(
            QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact)));
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Undefined:
        break;
    }
    return {};
}
} // namespace

IntrospectionDialog::IntrospectionDialog(const QString &profileName, const QJsonObject &answer,
                                         const QDateTime &now, QWidget *parent)
    : QDialog(parent), m_table(new QTableWidget(this)), m_verdict(new QLabel(this))
{
    setObjectName(QStringLiteral("introspectionDialog"));
    setWindowTitle(tr("Token Introspection — %1").arg(profileName));
    const bool active = answer.value(QLatin1String("active")).toBool(false);
    m_verdict->setObjectName(QStringLiteral("introspectionVerdict"));
    m_verdict->setWordWrap(true);
    m_verdict->setTextFormat(Qt::PlainText);
    m_verdict->setText(active ? tr("The provider says the token is active.")
                              : tr("The provider says the token is not active: it expired, was "
                                   "revoked, or is not one it knows."));
    QFont bold = m_verdict->font();
    bold.setBold(true);
    m_verdict->setFont(bold);

    QStringList members;
    for (const QString &known : kKnown)
        if (answer.contains(known))
            members << known;
    QStringList others = answer.keys();
    others.sort();
    for (const QString &other : std::as_const(others))
        if (!kKnown.contains(other))
            members << other;

    m_table->setObjectName(QStringLiteral("introspectionTable"));
    m_table->setColumnCount(2);
    m_table->setHorizontalHeaderLabels({tr("Member"), tr("Value")});
    m_table->setRowCount(int(members.size()));
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setWordWrap(false);
    for (int row = 0; row < members.size(); ++row) {
        const QString &member = members.at(row);
        auto *name = new QTableWidgetItem(printable(member));
        auto *value = new QTableWidgetItem(display(member, answer.value(member), now));
        value->setToolTip(value->text());
        m_table->setItem(row, 0, name);
        m_table->setItem(row, 1, value);
    }
    m_table->resizeColumnToContents(0);
    // Compact rows, and room for all of them when there are not many.
    const int rowHeight = fontMetrics().height() + 8;
    m_table->verticalHeader()->setDefaultSectionSize(rowHeight);
    const int tableHeight = rowHeight * (int(std::min<qsizetype>(members.size(), 16)) + 1) + 8;
    m_table->setMinimumHeight(std::min(tableHeight, 480));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_verdict);
    layout->addWidget(m_table, 1);
    layout->addWidget(buttons);
    resize(600, sizeHint().height());
}

QString IntrospectionDialog::shownValue(const QString &member) const
{
    for (int row = 0; row < m_table->rowCount(); ++row)
        if (m_table->item(row, 0)->text() == member)
            return m_table->item(row, 1)->text();
    return {};
}

} // namespace tw
