#include "jsontreemodel.h"

#include <QFont>
#include <QFontDatabase>

#include <string>
#include <vector>

namespace fhw::gui {

using protocol::Json;

struct JsonTreeModel::Node
{
    const Json *value = nullptr;
    Node *parent = nullptr;
    int row = 0;
    bool isMember = false; // an object member (key) rather than an array element (row is the index)
    std::string key;
    std::vector<std::unique_ptr<Node>> children; // made so far; the rest on fetchMore

    std::size_t childCount() const
    {
        return value && value->is_structured() ? value->size() : 0;
    }
};

namespace {

// ~ and / in a pointer token are written ~0 and ~1 (RFC 6901).
std::string escapePointerToken(const std::string &token)
{
    std::string escaped;
    for (const char c : token) {
        if (c == '~')
            escaped += "~0";
        else if (c == '/')
            escaped += "~1";
        else
            escaped += c;
    }
    return escaped;
}

QString typeName(const Json &value)
{
    switch (value.type()) {
    case Json::value_t::object: return QStringLiteral("object");
    case Json::value_t::array: return QStringLiteral("array");
    case Json::value_t::string: return QStringLiteral("string");
    case Json::value_t::boolean: return QStringLiteral("boolean");
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float: return QStringLiteral("number");
    case Json::value_t::null: return QStringLiteral("null");
    default: return QStringLiteral("other");
    }
}

} // namespace

JsonTreeModel::JsonTreeModel(QObject *parent)
    : QAbstractItemModel(parent)
    , m_root(std::make_unique<Node>())
{
}

JsonTreeModel::~JsonTreeModel() = default;

void JsonTreeModel::setDocument(std::shared_ptr<const Json> document)
{
    beginResetModel();
    m_root = std::make_unique<Node>();
    m_document = std::move(document);
    m_scalarHolder = Json();
    if (m_document && m_document->is_structured()) {
        m_root->value = m_document.get();
    } else if (m_document) {
        m_scalarHolder = Json::array({*m_document});
        m_root->value = &m_scalarHolder;
    }
    fetchUpTo(m_root.get(), std::min<std::size_t>(m_root->childCount(), fetchChunk));
    endResetModel();
}

JsonTreeModel::Node *JsonTreeModel::nodeFor(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Node *>(index.internalPointer()) : m_root.get();
}

QModelIndex JsonTreeModel::indexFor(Node *node, int column) const
{
    return node == m_root.get() || !node ? QModelIndex() : createIndex(node->row, column, node);
}

void JsonTreeModel::fetchUpTo(Node *node, std::size_t count)
{
    count = std::min(count, node->childCount());
    if (count <= node->children.size())
        return;
    node->children.reserve(count);
    if (node->value->is_object()) {
        const auto &members = node->value->get_ref<const Json::object_t &>();
        for (std::size_t i = node->children.size(); i < count; ++i) {
            const auto &member = members.begin()[std::ptrdiff_t(i)];
            auto child = std::make_unique<Node>();
            child->value = &member.second;
            child->key = member.first;
            child->isMember = true;
            child->parent = node;
            child->row = int(i);
            node->children.push_back(std::move(child));
        }
    } else {
        const auto &elements = node->value->get_ref<const Json::array_t &>();
        for (std::size_t i = node->children.size(); i < count; ++i) {
            auto child = std::make_unique<Node>();
            child->value = &elements[i];
            child->parent = node;
            child->row = int(i);
            node->children.push_back(std::move(child));
        }
    }
}

QModelIndex JsonTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    const Node *node = nodeFor(parent);
    if (row < 0 || column < 0 || column >= ColumnCount || std::size_t(row) >= node->children.size())
        return {};
    return createIndex(row, column, node->children[std::size_t(row)].get());
}

QModelIndex JsonTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    return indexFor(static_cast<Node *>(child.internalPointer())->parent);
}

int JsonTreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.column() > 0)
        return 0;
    return int(nodeFor(parent)->children.size());
}

int JsonTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

bool JsonTreeModel::hasChildren(const QModelIndex &parent) const
{
    return parent.column() <= 0 && nodeFor(parent)->childCount() > 0;
}

bool JsonTreeModel::canFetchMore(const QModelIndex &parent) const
{
    const Node *node = nodeFor(parent);
    return parent.column() <= 0 && node->children.size() < node->childCount();
}

void JsonTreeModel::fetchMore(const QModelIndex &parent)
{
    Node *node = nodeFor(parent);
    const std::size_t first = node->children.size();
    const std::size_t last = std::min(node->childCount(), first + fetchChunk);
    if (last <= first)
        return;
    beginInsertRows(parent, int(first), int(last - 1));
    fetchUpTo(node, last);
    endInsertRows();
}

QVariant JsonTreeModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const Node *node = nodeFor(index);
    const Json &value = *node->value;
    if (role == PointerRole)
        return pointerFor(index);
    if (role == Qt::FontRole && index.column() == ValueColumn)
        return QFontDatabase::systemFont(QFontDatabase::FixedFont);
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole && role != Qt::AccessibleTextRole)
        return {};
    switch (index.column()) {
    case KeyColumn:
        if (node->parent == m_root.get() && m_root->value == &m_scalarHolder)
            return tr("(value)");
        return node->isMember ? QString::fromStdString(node->key) : QStringLiteral("[%1]").arg(node->row);
    case ValueColumn: {
        if (value.is_object())
            return value.size() == 1 ? tr("{1 member}") : tr("{%1 members}").arg(value.size());
        if (value.is_array())
            return value.size() == 1 ? tr("[1 element]") : tr("[%1 elements]").arg(value.size());
        QString text = value.is_string() ? QString::fromStdString(value.get_ref<const std::string &>())
                                         : QString::fromStdString(value.dump(-1, ' ', false, Json::error_handler_t::replace));
        const int limit = role == Qt::ToolTipRole ? 20 * maxValueChars : maxValueChars;
        if (text.size() > limit)
            text = text.left(limit) + QChar(0x2026);
        return text;
    }
    case TypeColumn: return typeName(value);
    default: return {};
    }
}

QVariant JsonTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case KeyColumn: return tr("Key");
    case ValueColumn: return tr("Value");
    case TypeColumn: return tr("Type");
    default: return {};
    }
}

QString JsonTreeModel::pointerFor(const QModelIndex &index) const
{
    std::string pointer;
    for (const Node *node = nodeFor(index); node && node != m_root.get(); node = node->parent) {
        if (m_root->value == &m_scalarHolder)
            break; // a scalar document is the root itself
        pointer.insert(0, "/" + (node->isMember ? escapePointerToken(node->key) : std::to_string(node->row)));
    }
    return QString::fromStdString(pointer);
}

QModelIndex JsonTreeModel::indexForPointer(const QString &pointer)
{
    if (!m_root->value || m_root->value == &m_scalarHolder)
        return m_root->value ? index(0, 0) : QModelIndex();
    Node *node = m_root.get();
    const QStringList tokens = pointer.split(u'/');
    for (qsizetype t = 1; t < tokens.size(); ++t) { // tokens[0] is before the leading '/'
        std::string token = tokens.at(t).toStdString();
        for (std::size_t at = 0; (at = token.find('~', at)) != std::string::npos; ++at)
            token.replace(at, 2, token.compare(at, 2, "~1") == 0 ? "/" : "~");
        std::size_t position = node->childCount();
        if (node->value->is_object()) {
            const auto &members = node->value->get_ref<const Json::object_t &>();
            for (std::size_t i = 0; i < members.size(); ++i) {
                if (members.begin()[std::ptrdiff_t(i)].first == token) {
                    position = i;
                    break;
                }
            }
        } else if (node->value->is_array() && !token.empty()
                   && token.find_first_not_of("0123456789") == std::string::npos && token.size() < 10) {
            position = std::stoul(token);
        }
        if (position >= node->childCount())
            break;
        if (position >= node->children.size()) {
            // Make the rows up to this one, in whole chunks, telling views about them.
            const std::size_t first = node->children.size();
            const std::size_t last = std::min(node->childCount(), (position / fetchChunk + 1) * fetchChunk);
            beginInsertRows(indexFor(node), int(first), int(last - 1));
            fetchUpTo(node, last);
            endInsertRows();
        }
        node = node->children[position].get();
    }
    return indexFor(node);
}

} // namespace fhw::gui
