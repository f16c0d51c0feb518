#pragma once

#include "protocol/json.h"

#include <QStringList>
#include <QStyledItemDelegate>
#include <QWidget>

#include <span>
#include <string_view>

class QHBoxLayout;
class QPushButton;
class QTableWidget;
class QTableWidgetItem;

// Pieces the composer's forms are built from. Every editor works on the composer's message through a
// JSON Pointer, resolved at each access: an edit elsewhere may move the JSON it points into.
namespace fhw::gui::form {

using protocol::Json;
using Pointer = Json::json_pointer;

QStringList choices(std::span<const std::string_view> values);
// The value at `where` as text: strings as they are, other scalars as JSON, missing as "".
QString textAt(const Json &root, const Pointer &where);
const Json *find(const Json &root, const Pointer &where);
// Sets the value at `where`, making the objects on the way. False (and nothing changed) when
// something on the way is not an object or array: the text may hold anything.
bool assign(Json &root, const Pointer &where, Json value);
// Sets a string member, or removes it when `value` is empty.
void setText(Json &root, const Pointer &where, const QString &value);
void erase(Json &root, const Pointer &where);

// A combo box editor for table cells that take one of a list of values.
class ChoiceDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    ChoiceDelegate(QStringList choices, bool editable, QObject *parent);
    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    void setEditorData(QWidget *editor, const QModelIndex &index) const override;
    void setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const override;

private:
    QStringList m_choices;
    bool m_editable;
};

// A table with Add and Remove buttons under it; the base of the editors below.
class TableEditor : public QWidget
{
    Q_OBJECT

public:
    TableEditor(const QString &name, const QStringList &headers, QWidget *parent);
    QTableWidget *table() const { return m_table; }
    void setTarget(Json *root, Pointer where); // reloads
    virtual void reload() = 0;

Q_SIGNALS:
    void edited();
    void note(const QString &text); // something the user should know about an edit

protected:
    virtual void addRow() = 0;
    virtual void write() = 0;
    void removeSelectedRows();
    QTableWidgetItem *cell(const QString &text, bool editable = true) const;
    bool m_loading = false;
    Json *m_root = nullptr;
    Pointer m_where;
    QTableWidget *m_table;
    QPushButton *m_add;
    QPushButton *m_remove;
    QHBoxLayout *m_buttons;
};

// A JSON object of string values (user attributes, settings) as Key | Value rows. Values that are
// not strings are shown as JSON and written back unchanged unless edited.
class KeyValueEditor : public TableEditor
{
    Q_OBJECT

public:
    KeyValueEditor(const QString &name, QWidget *parent);
    void reload() override;

protected:
    void addRow() override;
    void write() override;
};

// An array of identities {type, encoding, value}. With a hashed encoding the value typed is taken
// as raw and hashed (trimmed, lower-cased: identityhash); switching raw → hashed hashes the value.
class IdentityEditor : public TableEditor
{
    Q_OBJECT

public:
    IdentityEditor(const QString &name, QStringList types, bool freeTypes, QWidget *parent);
    void reload() override;

protected:
    void addRow() override;
    void write() override;

private:
    void onItemChanged(QTableWidgetItem *item);
    QStringList m_types;
};

} // namespace fhw::gui::form
