#include "ui/token/jwtview.h"

#include "common/redact.h"
#include "jwt/jwt.h"
#include "ui/token/tokenstatus.h"

#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace tw {

JwtView::JwtView(QWidget *parent) : QTreeWidget(parent)
{
    setObjectName(QStringLiteral("jwtView"));
    setAccessibleName(tr("Decoded token"));
    setColumnCount(2);
    setHeaderLabels({tr("Field"), tr("Value")});
    setUniformRowHeights(true);
    setAlternatingRowColors(true);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    header()->setStretchLastSection(true);
}

void JwtView::setToken(const QString &token)
{
    clear();
    m_isJwt = false;
    if (token.isEmpty())
        return;
    const auto jwt = Jwt::decode(token);
    if (!jwt) {
        auto *item = new QTreeWidgetItem(
            this, {tr("Opaque token"),
                   tr("not a JWT: nothing to decode (%1 characters)").arg(token.size())});
        item->setToolTip(1, jwt.error().message);
        return;
    }
    m_isJwt = true;
    auto *header = new QTreeWidgetItem(this, {tr("Header")});
    for (auto it = jwt.value().header.begin(); it != jwt.value().header.end(); ++it)
        addValue(header, it.key(), it.value(), false);
    auto *claims = new QTreeWidgetItem(this, {tr("Claims")});
    if (jwt.value().encrypted) {
        new QTreeWidgetItem(claims, {tr("(encrypted)"), tr("a JWE: the claims need the key")});
    } else {
        for (auto it = jwt.value().claims.begin(); it != jwt.value().claims.end(); ++it)
            addValue(claims, it.key(), it.value(), true);
    }
    new QTreeWidgetItem(
        this,
        {tr("Signature"), jwt.value().signature.isEmpty()
                              ? tr("none")
                              : tr("%1 bytes (not verified)").arg(jwt.value().signature.size())});
    expandAll();
}

void JwtView::addValue(QTreeWidgetItem *parent, const QString &key, const QJsonValue &value,
                       bool timeAware)
{
    // Claims are server text: no control or bidi-override character reaches the screen.
    auto *item = new QTreeWidgetItem(parent, {sanitizeServerText(key)});
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            addValue(item, it.key(), it.value(), false);
        return;
    }
    if (value.isArray()) {
        const QJsonArray array = value.toArray();
        for (int i = 0; i < array.size(); ++i)
            addValue(item, QStringLiteral("[%1]").arg(i), array.at(i), false);
        return;
    }
    QString text;
    if (value.isString())
        text = sanitizeServerText(value.toString());
    else if (value.isDouble())
        text = QString::number(value.toDouble(), 'g', 17);
    else if (value.isBool())
        text = value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    else if (value.isNull())
        text = QStringLiteral("null");
    if (timeAware && Jwt::isTimeClaim(key)) {
        const QDateTime when = Jwt::timeValue(value);
        if (when.isValid()) {
            text = tr("%1  (%2)").arg(text, tokenstatus::localTime(when));
        }
    }
    item->setText(1, text);
    item->setToolTip(1, text);
}

} // namespace tw
