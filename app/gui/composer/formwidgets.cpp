#include "formwidgets.h"

#include "protocol/identityhash.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <set>

namespace fhw::gui::form {

QStringList choices(std::span<const std::string_view> values)
{
    QStringList out;
    for (std::string_view value : values)
        out << QString::fromLatin1(value.data(), qsizetype(value.size()));
    return out;
}

const Json *find(const Json &root, const Pointer &where)
{
    // json_pointer's contains() throws on a malformed array index; our pointers are made by us.
    if (!root.contains(where))
        return nullptr;
    return &root.at(where);
}

QString textAt(const Json &root, const Pointer &where)
{
    const Json *value = find(root, where);
    if (!value || value->is_null())
        return {};
    if (value->is_string())
        return QString::fromStdString(value->get_ref<const std::string &>());
    return QString::fromStdString(value->dump());
}

bool assign(Json &root, const Pointer &where, Json value)
{
    try {
        root[where] = std::move(value);
        return true;
    } catch (const Json::exception &) {
        return false;
    }
}

void setText(Json &root, const Pointer &where, const QString &value)
{
    if (value.isEmpty())
        erase(root, where);
    else
        assign(root, where, value.toStdString());
}

void erase(Json &root, const Pointer &where)
{
    if (where.empty() || !root.contains(where))
        return;
    Json &parent = root.at(where.parent_pointer());
    if (parent.is_object())
        parent.erase(where.back());
    else if (parent.is_array())
        parent.erase(std::stoul(where.back()));
}

// --- ChoiceDelegate -----------------------------------------------------------------------------

ChoiceDelegate::ChoiceDelegate(QStringList choices, bool editable, QObject *parent)
    : QStyledItemDelegate(parent)
    , m_choices(std::move(choices))
    , m_editable(editable)
{
}

QWidget *ChoiceDelegate::createEditor(QWidget *parent, const QStyleOptionViewItem &, const QModelIndex &) const
{
    auto *combo = new QComboBox(parent);
    combo->setObjectName(QStringLiteral("choiceEditor"));
    combo->addItems(m_choices);
    combo->setEditable(m_editable);
    // A pick applies at once, without leaving the cell first.
    auto *self = const_cast<ChoiceDelegate *>(this);
    connect(combo, &QComboBox::activated, self, [self, combo] { Q_EMIT self->commitData(combo); });
    return combo;
}

void ChoiceDelegate::setEditorData(QWidget *editor, const QModelIndex &index) const
{
    auto *combo = static_cast<QComboBox *>(editor);
    const QString value = index.data(Qt::EditRole).toString();
    const int found = combo->findText(value);
    if (found >= 0)
        combo->setCurrentIndex(found);
    else if (m_editable)
        combo->setEditText(value);
}

void ChoiceDelegate::setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const
{
    const QString value = static_cast<QComboBox *>(editor)->currentText();
    if (model->data(index, Qt::EditRole).toString() != value)
        model->setData(index, value, Qt::EditRole);
}

// --- TableEditor --------------------------------------------------------------------------------

TableEditor::TableEditor(const QString &name, const QStringList &headers, QWidget *parent)
    : QWidget(parent)
    , m_table(new QTableWidget(0, int(headers.size()), this))
    , m_add(new QPushButton(tr("Add"), this))
    , m_remove(new QPushButton(tr("Remove"), this))
    , m_buttons(new QHBoxLayout)
{
    setObjectName(name);
    m_table->setObjectName(name + QStringLiteral("Table"));
    m_table->setHorizontalHeaderLabels(headers);
    m_table->horizontalHeader()->setStretchLastSection(true);
    for (int column = 0; column + 1 < int(headers.size()); ++column)
        m_table->horizontalHeader()->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    m_table->verticalHeader()->setVisible(false);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
                             | QAbstractItemView::AnyKeyPressed);
    m_table->setMinimumHeight(110);
    m_add->setObjectName(name + QStringLiteral("Add"));
    m_remove->setObjectName(name + QStringLiteral("Remove"));
    m_remove->setEnabled(false);

    connect(m_add, &QPushButton::clicked, this, [this] {
        if (!m_root)
            return;
        addRow();
        write();
        Q_EMIT edited();
    });
    connect(m_remove, &QPushButton::clicked, this, [this] {
        if (!m_root)
            return;
        removeSelectedRows();
        write();
        Q_EMIT edited();
    });
    connect(m_table, &QTableWidget::itemSelectionChanged, this,
            [this] { m_remove->setEnabled(!m_table->selectedItems().isEmpty()); });

    m_buttons->addWidget(m_add);
    m_buttons->addWidget(m_remove);
    m_buttons->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table, 1);
    layout->addLayout(m_buttons);
}

void TableEditor::setTarget(Json *root, Pointer where)
{
    m_root = root;
    m_where = std::move(where);
    reload();
}

void TableEditor::removeSelectedRows()
{
    std::set<int, std::greater<>> rows;
    for (const QTableWidgetItem *item : m_table->selectedItems())
        rows.insert(item->row());
    const bool wasLoading = std::exchange(m_loading, true);
    for (int row : rows)
        m_table->removeRow(row);
    m_loading = wasLoading;
}

QTableWidgetItem *TableEditor::cell(const QString &text, bool editable) const
{
    auto *item = new QTableWidgetItem(text);
    if (!editable)
        item->setFlags(item->flags() & ~Qt::ItemIsEditable);
    return item;
}

// --- KeyValueEditor -----------------------------------------------------------------------------

namespace {
constexpr int OriginalRole = Qt::UserRole + 1; // the value's JSON as loaded
}

KeyValueEditor::KeyValueEditor(const QString &name, QWidget *parent)
    : TableEditor(name, {tr("Key"), tr("Value")}, parent)
{
    connect(m_table, &QTableWidget::itemChanged, this, [this] {
        if (m_loading || !m_root)
            return;
        write();
        Q_EMIT edited();
    });
}

void KeyValueEditor::reload()
{
    const bool wasLoading = std::exchange(m_loading, true);
    m_table->setRowCount(0);
    const Json *object = m_root ? form::find(*m_root, m_where) : nullptr;
    if (object && object->is_object()) {
        m_table->setRowCount(int(object->size()));
        int row = 0;
        for (const auto &[key, value] : object->items()) {
            m_table->setItem(row, 0, cell(QString::fromStdString(key)));
            const QString text = value.is_string() ? QString::fromStdString(value.get_ref<const std::string &>())
                                                   : QString::fromStdString(value.dump());
            QTableWidgetItem *item = cell(text);
            item->setData(OriginalRole, QString::fromStdString(value.dump()));
            m_table->setItem(row, 1, item);
            ++row;
        }
    }
    setEnabled(m_root != nullptr);
    m_loading = wasLoading;
}

void KeyValueEditor::addRow()
{
    const bool wasLoading = std::exchange(m_loading, true);
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    QString key = tr("key");
    for (int n = 2; !m_table->findItems(key, Qt::MatchExactly).isEmpty(); ++n)
        key = tr("key%1").arg(n);
    m_table->setItem(row, 0, cell(key));
    m_table->setItem(row, 1, cell(QString()));
    m_table->setCurrentCell(row, 0);
    m_loading = wasLoading;
}

void KeyValueEditor::write()
{
    Json object = Json::object();
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const QTableWidgetItem *keyItem = m_table->item(row, 0);
        const QTableWidgetItem *valueItem = m_table->item(row, 1);
        if (!keyItem || !valueItem || keyItem->text().isEmpty())
            continue;
        const std::string key = keyItem->text().toStdString();
        if (object.contains(key))
            continue; // the first of duplicate keys counts, as in the parser
        const QString original = valueItem->data(OriginalRole).toString();
        if (!original.isEmpty()) {
            const Json loaded = Json::parse(original.toStdString(), nullptr, false);
            const QString shown = loaded.is_string() ? QString::fromStdString(loaded.get_ref<const std::string &>())
                                                     : original;
            if (shown == valueItem->text()) {
                object[key] = loaded;
                continue;
            }
        }
        object[key] = valueItem->text().toStdString();
    }
    if (object.empty())
        erase(*m_root, m_where);
    else
        assign(*m_root, m_where, std::move(object));
}

// --- IdentityEditor -----------------------------------------------------------------------------

namespace {

constexpr int RawRole = Qt::UserRole + 2;      // on the value: the raw value typed, when known
constexpr int PreviousRole = Qt::UserRole + 3; // on the encoding: the encoding before the edit

bool isHashed(const QString &encoding)
{
    return encoding == u"md5" || encoding == u"sha1" || encoding == u"sha256";
}

// Already a digest of this encoding: lower-case hex of the right length.
bool looksHashed(const QString &value, const QString &encoding)
{
    const int length = encoding == u"md5" ? 32 : encoding == u"sha1" ? 40 : 64;
    return value.size() == length
           && std::ranges::all_of(value, [](QChar c) { return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f'); });
}

QString encoded(const QString &raw, const QString &encoding)
{
    const auto result = protocol::encodeIdentity(raw.toStdString(), encoding.toStdString());
    return result ? QString::fromStdString(*result) : raw;
}

} // namespace

IdentityEditor::IdentityEditor(const QString &name, QStringList types, bool freeTypes, QWidget *parent)
    : TableEditor(name, {tr("Type"), tr("Encoding"), tr("Value")}, parent)
    , m_types(std::move(types))
{
    m_table->setItemDelegateForColumn(0, new ChoiceDelegate(m_types, freeTypes, this));
    m_table->setItemDelegateForColumn(1, new ChoiceDelegate({QStringLiteral("raw"), QStringLiteral("md5"),
                                                             QStringLiteral("sha1"), QStringLiteral("sha256")},
                                                            false, this));
    m_table->setToolTip(tr("With md5, sha1 or sha256, type the raw value: it is trimmed, lower-cased and hashed "
                           "for you."));
    connect(m_table, &QTableWidget::itemChanged, this, &IdentityEditor::onItemChanged);
}

void IdentityEditor::reload()
{
    const bool wasLoading = std::exchange(m_loading, true);
    m_table->setRowCount(0);
    const Json *array = m_root ? form::find(*m_root, m_where) : nullptr;
    if (array && array->is_array()) {
        m_table->setRowCount(int(array->size()));
        for (int row = 0; row < int(array->size()); ++row) {
            const Json &identity = (*array)[std::size_t(row)];
            const Json empty = Json::object();
            const Json &object = identity.is_object() ? identity : empty;
            m_table->setItem(row, 0, cell(textAt(object, Pointer("/type"))));
            QTableWidgetItem *encoding = cell(textAt(object, Pointer("/encoding")));
            encoding->setData(PreviousRole, encoding->text());
            m_table->setItem(row, 1, encoding);
            m_table->setItem(row, 2, cell(textAt(object, Pointer("/value"))));
        }
    }
    setEnabled(m_root != nullptr);
    m_loading = wasLoading;
}

void IdentityEditor::addRow()
{
    const bool wasLoading = std::exchange(m_loading, true);
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    m_table->setItem(row, 0, cell(m_types.value(0)));
    QTableWidgetItem *encoding = cell(QStringLiteral("raw"));
    encoding->setData(PreviousRole, encoding->text());
    m_table->setItem(row, 1, encoding);
    m_table->setItem(row, 2, cell(QString()));
    m_table->setCurrentCell(row, 2);
    m_loading = wasLoading;
    Q_EMIT note(tr("Type the identity's value (an empty value is rejected)."));
}

void IdentityEditor::onItemChanged(QTableWidgetItem *item)
{
    if (m_loading || !m_root)
        return;
    const int row = item->row();
    QTableWidgetItem *encodingItem = m_table->item(row, 1);
    QTableWidgetItem *valueItem = m_table->item(row, 2);
    if (!encodingItem || !valueItem)
        return;
    const QString encoding = encodingItem->text();
    const bool wasLoading = std::exchange(m_loading, true);
    if (item == valueItem && isHashed(encoding) && !valueItem->text().isEmpty()
        && !looksHashed(valueItem->text(), encoding)) {
        const QString raw = valueItem->text();
        valueItem->setData(RawRole, raw);
        valueItem->setText(encoded(raw, encoding));
        valueItem->setToolTip(tr("%1 of \"%2\"").arg(encoding, raw.trimmed().toLower()));
        Q_EMIT note(tr("Hashed with %1.").arg(encoding));
    } else if (item == valueItem) {
        valueItem->setData(RawRole, encoding == u"raw" ? valueItem->text() : QString());
        valueItem->setToolTip({});
    } else if (item == encodingItem && encodingItem->data(PreviousRole).toString() != encoding) {
        const QString previous = encodingItem->data(PreviousRole).toString();
        encodingItem->setData(PreviousRole, encoding);
        QString raw = valueItem->data(RawRole).toString();
        if (raw.isEmpty() && !isHashed(previous))
            raw = valueItem->text();
        if (!raw.isEmpty()) {
            valueItem->setData(RawRole, raw);
            valueItem->setText(isHashed(encoding) ? encoded(raw, encoding) : raw);
            valueItem->setToolTip(isHashed(encoding) ? tr("%1 of \"%2\"").arg(encoding, raw.trimmed().toLower())
                                                     : QString());
        } else if (!valueItem->text().isEmpty()) {
            Q_EMIT note(tr("The %1 value cannot be turned back into its raw form: type the raw value again.")
                            .arg(previous));
        }
    }
    m_loading = wasLoading;
    write();
    Q_EMIT edited();
}

void IdentityEditor::write()
{
    Json array = Json::array();
    for (int row = 0; row < m_table->rowCount(); ++row) {
        auto text = [this, row](int column) {
            const QTableWidgetItem *item = m_table->item(row, column);
            return item ? item->text().toStdString() : std::string();
        };
        array.push_back(Json{{"type", text(0)}, {"encoding", text(1)}, {"value", text(2)}});
    }
    if (array.empty())
        erase(*m_root, m_where);
    else
        assign(*m_root, m_where, std::move(array));
}

} // namespace fhw::gui::form
