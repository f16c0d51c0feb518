#pragma once

#include "protocol/json.h"

#include <QAbstractItemModel>

#include <memory>

namespace fhw::gui {

// A read-only tree over a JSON document: key, value and type per row. Children are made lazily, in
// chunks of fetchChunk as a view expands and scrolls (canFetchMore/fetchMore), so a document with
// 100,000 array elements costs nothing until someone looks at them. The document is shared, never
// copied, and never changes while the model holds it.
class JsonTreeModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Column { KeyColumn, ValueColumn, TypeColumn, ColumnCount };
    enum Role { PointerRole = Qt::UserRole + 1 }; // the row's JSON Pointer ("/events/0/type")
    static constexpr int fetchChunk = 500;
    static constexpr int maxValueChars = 300; // longer strings are cut in the Value column

    explicit JsonTreeModel(QObject *parent = nullptr);
    ~JsonTreeModel() override;

    // Null clears the model. A scalar document shows as a single row.
    void setDocument(std::shared_ptr<const protocol::Json> document);
    std::shared_ptr<const protocol::Json> document() const { return m_document; }

    // The row a JSON Pointer names (its nearest existing ancestor when it names nothing), making the
    // rows on the way; invalid for "" or an unknown first token.
    QModelIndex indexForPointer(const QString &pointer);
    QString pointerFor(const QModelIndex &index) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Node;
    Node *nodeFor(const QModelIndex &index) const;
    QModelIndex indexFor(Node *node, int column = 0) const;
    void fetchUpTo(Node *node, std::size_t count); // makes children [0, count)

    std::shared_ptr<const protocol::Json> m_document;
    protocol::Json m_scalarHolder; // [scalar] when the document is not an object or array
    std::unique_ptr<Node> m_root;
};

} // namespace fhw::gui
