#pragma once

#include <QAbstractItemModel>
#include <QJsonDocument>
#include <QJsonValue>
#include <memory>
#include <vector>

namespace tw {

// A JSON document as a tree (Key, Value, Type), populated lazily: a node's children are made
// only when the view expands it, and then in batches (canFetchMore/fetchMore), so that an
// array of a million elements costs nothing until looked at and little after.
class JsonTreeModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column { KeyColumn, ValueColumn, TypeColumn, ColumnCount };
    static constexpr int BatchSize = 500;

    explicit JsonTreeModel(QObject *parent = nullptr);
    ~JsonTreeModel() override;

    // Shows `document`; returns the one shown before so the caller can free it elsewhere
    // (a big document takes a while to free and that should not be the UI thread).
    QJsonDocument setDocument(const QJsonDocument &document);
    QJsonDocument document() const { return m_document; }
    void clear() { setDocument(QJsonDocument()); }

    // The JSON value at an index, for "copy value".
    QJsonValue valueAt(const QModelIndex &index) const;
    // "$.items[3].name"-style path to the index.
    QString pathAt(const QModelIndex &index) const;

    QModelIndex index(int row, int column,
                      const QModelIndex &parent = QModelIndex()) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    bool hasChildren(const QModelIndex &parent = QModelIndex()) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    struct Node
    {
        Node *parent = nullptr;
        int row = 0;
        QString key; // object member name, or "[i]" for array elements
        QJsonValue value;
        qsizetype total = 0;                         // children it has in the JSON
        std::vector<std::unique_ptr<Node>> children; // made so far
    };

    Node *nodeFor(const QModelIndex &index) const;
    static std::unique_ptr<Node> makeNode(Node *parent, int row, QString key, QJsonValue value);
    void populate(Node *node, qsizetype upTo);

    QJsonDocument m_document;
    std::unique_ptr<Node> m_root;
};

} // namespace tw
