#include "ui/console/jsontreemodel.h"

#include "ui/common/palettecolors.h"

#include <QGuiApplication>
#include <QRegularExpression>

#include <QBrush>
#include <QFont>
#include <QJsonArray>
#include <QJsonObject>
#include <QPalette>

namespace tw {

namespace {
qsizetype childCountOf(const QJsonValue &value)
{
    if (value.isObject())
        return value.toObject().size();
    if (value.isArray())
        return value.toArray().size();
    return 0;
}

QString typeName(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("boolean");
    case QJsonValue::Double:
        return QStringLiteral("number");
    case QJsonValue::String:
        return QStringLiteral("string");
    case QJsonValue::Array:
        return QStringLiteral("array");
    case QJsonValue::Object:
        return QStringLiteral("object");
    case QJsonValue::Undefined:
        break;
    }
    return {};
}

QString shortText(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double: {
        const double d = value.toDouble();
        // Integers up to 2^53 print without an exponent.
        if (d == double(qint64(d)) && qAbs(d) < 9007199254740992.0)
            return QString::number(qint64(d));
        return QString::number(d, 'g', 17);
    }
    case QJsonValue::String: {
        QString s = value.toString();
        if (s.size() > 500)
            s = s.left(500) + QStringLiteral("…");
        return QLatin1Char('"') + s + QLatin1Char('"');
    }
    case QJsonValue::Array:
        return QStringLiteral("[%1]").arg(value.toArray().size());
    case QJsonValue::Object: {
        // A glimpse of the first few plain members, so rows of an array can be told apart.
        const QJsonObject object = value.toObject();
        QStringList glimpse;
        for (auto it = object.constBegin(); it != object.constEnd() && glimpse.size() < 3; ++it) {
            if (!it.value().isObject() && !it.value().isArray())
                glimpse << it.key() + QStringLiteral(": ") + shortText(it.value()).left(40);
        }
        const QString count = QStringLiteral("{%1}").arg(object.size());
        return glimpse.isEmpty()
                   ? count
                   : count + QStringLiteral("  ") + glimpse.join(QStringLiteral(", "));
    }
    case QJsonValue::Undefined:
        break;
    }
    return {};
}
} // namespace

JsonTreeModel::JsonTreeModel(QObject *parent) : QAbstractItemModel(parent) {}

JsonTreeModel::~JsonTreeModel() = default;

std::unique_ptr<JsonTreeModel::Node> JsonTreeModel::makeNode(Node *parent, int row, QString key,
                                                             QJsonValue value)
{
    auto node = std::make_unique<Node>();
    node->parent = parent;
    node->row = row;
    node->key = std::move(key);
    node->total = childCountOf(value);
    node->value = std::move(value);
    return node;
}

QJsonDocument JsonTreeModel::setDocument(const QJsonDocument &document)
{
    beginResetModel();
    m_root.reset();
    QJsonDocument previous = std::exchange(m_document, document);
    if (document.isObject())
        m_root = makeNode(nullptr, 0, QString(), document.object());
    else if (document.isArray())
        m_root = makeNode(nullptr, 0, QString(), document.array());
    if (m_root)
        populate(m_root.get(), BatchSize);
    endResetModel();
    return previous;
}

void JsonTreeModel::populate(Node *node, qsizetype upTo)
{
    const qsizetype from = qsizetype(node->children.size());
    const qsizetype to = std::min(upTo, node->total);
    if (to <= from)
        return;
    node->children.reserve(size_t(to));
    if (node->value.isObject()) {
        const QJsonObject object = node->value.toObject();
        auto it = object.constBegin() + from;
        for (qsizetype i = from; i < to; ++i, ++it)
            node->children.push_back(makeNode(node, int(i), it.key(), it.value()));
    } else {
        const QJsonArray array = node->value.toArray();
        for (qsizetype i = from; i < to; ++i)
            node->children.push_back(
                makeNode(node, int(i), QStringLiteral("[%1]").arg(i), array.at(i)));
    }
}

JsonTreeModel::Node *JsonTreeModel::nodeFor(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Node *>(index.internalPointer()) : m_root.get();
}

QModelIndex JsonTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    const Node *node = nodeFor(parent);
    if (!node || row < 0 || column < 0 || column >= ColumnCount ||
        size_t(row) >= node->children.size())
        return {};
    return createIndex(row, column, node->children[size_t(row)].get());
}

QModelIndex JsonTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    const Node *node = static_cast<Node *>(child.internalPointer());
    Node *parent = node->parent;
    if (!parent || parent == m_root.get())
        return {};
    return createIndex(parent->row, 0, parent);
}

int JsonTreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.column() > 0)
        return 0;
    const Node *node = nodeFor(parent);
    return node ? int(node->children.size()) : 0;
}

int JsonTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

bool JsonTreeModel::hasChildren(const QModelIndex &parent) const
{
    if (parent.column() > 0)
        return false;
    const Node *node = nodeFor(parent);
    return node && node->total > 0;
}

bool JsonTreeModel::canFetchMore(const QModelIndex &parent) const
{
    const Node *node = nodeFor(parent);
    return node && qsizetype(node->children.size()) < node->total;
}

void JsonTreeModel::fetchMore(const QModelIndex &parent)
{
    Node *node = nodeFor(parent);
    if (!node)
        return;
    const qsizetype from = qsizetype(node->children.size());
    const qsizetype to = std::min(from + BatchSize, node->total);
    if (to <= from)
        return;
    beginInsertRows(parent.siblingAtColumn(0), int(from), int(to - 1));
    populate(node, to);
    endInsertRows();
}

QVariant JsonTreeModel::data(const QModelIndex &index, int role) const
{
    const Node *node = nodeFor(index);
    if (!index.isValid() || !node)
        return {};
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
        switch (index.column()) {
        case KeyColumn:
            return node->key;
        case ValueColumn: {
            if (role == Qt::ToolTipRole && node->value.isString())
                return node->value.toString().left(4000);
            return shortText(node->value);
        }
        case TypeColumn:
            return typeName(node->value);
        }
    }
    if (role == Qt::ForegroundRole && index.column() == ValueColumn) {
        // The application palette: asked at paint time, so a theme change shows at once.
        const QPalette palette = QGuiApplication::palette();
        if (node->value.isString())
            return QBrush(colors::forRole(colors::Role::JsonString, palette));
        if (node->value.isDouble())
            return QBrush(colors::forRole(colors::Role::JsonNumber, palette));
        if (node->value.isBool() || node->value.isNull())
            return QBrush(colors::forRole(colors::Role::JsonLiteral, palette));
        return QBrush(colors::forRole(colors::Role::Muted, palette));
    }
    return {};
}

QVariant JsonTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case KeyColumn:
        return tr("Key");
    case ValueColumn:
        return tr("Value");
    case TypeColumn:
        return tr("Type");
    }
    return {};
}

QJsonValue JsonTreeModel::valueAt(const QModelIndex &index) const
{
    const Node *node = nodeFor(index);
    return node ? node->value : QJsonValue();
}

QString JsonTreeModel::pathAt(const QModelIndex &index) const
{
    QStringList parts;
    for (const Node *node = index.isValid() ? nodeFor(index) : nullptr; node && node->parent;
         node = node->parent) {
        if (node->parent->value.isArray()) {
            parts.prepend(node->key);
            continue;
        }
        // JSONPath: ".name" for plain names, ['odd key'] for the rest.
        static const QRegularExpression plain(QStringLiteral("^[A-Za-z_$][A-Za-z0-9_$]*$"));
        if (plain.match(node->key).hasMatch()) {
            parts.prepend(QLatin1Char('.') + node->key);
        } else {
            QString quoted = node->key;
            quoted.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
            quoted.replace(QLatin1Char('\''), QStringLiteral("\\'"));
            parts.prepend(QStringLiteral("['") + quoted + QStringLiteral("']"));
        }
    }
    return QLatin1Char('$') + parts.join(QString());
}

} // namespace tw
