#pragma once

#include "formwidgets.h"

#include <QGroupBox>
#include <QWidget>

class QComboBox;
class QFormLayout;
class QLineEdit;
class QSpinBox;

namespace fhw::gui {

// One form of the composer. It shows the composer's message and edits it in place, then emits
// edited(); the composer turns the message back into text.
class FormPage : public QWidget
{
    Q_OBJECT

public:
    using QWidget::QWidget;

    void setMessage(protocol::Json *message);
    virtual void reload() = 0;

Q_SIGNALS:
    void edited();
    void note(const QString &text);
    void showInJson(const QString &pointer);

protected:
    // A line edit bound to a string member (removed when emptied).
    QLineEdit *addTextField(QFormLayout *form, const QString &name, const QString &label, const QString &pointer);
    // A spin box bound to an integer member.
    QSpinBox *addNumberField(QFormLayout *form, const QString &name, const QString &label, const QString &pointer);
    // A combo box bound to a string member that takes one of `choices`.
    QComboBox *addChoiceField(QFormLayout *form, const QString &name, const QString &label, const QString &pointer,
                              const QStringList &choices);
    // Reloads the bound fields; pages call it from reload().
    void reloadFields();
    // Wires a table editor's signals to the page's.
    void adopt(form::TableEditor *editor);

    protocol::Json *m_message = nullptr;

private:
    struct Field
    {
        QWidget *widget;
        form::Pointer pointer;
    };
    QList<Field> m_fields;
};

// The four envelope members every message has, with "new id" and "now" at hand.
class EnvelopeBox : public QGroupBox
{
    Q_OBJECT

public:
    explicit EnvelopeBox(QWidget *parent = nullptr);
    void setMessage(protocol::Json *message);
    void reload();

Q_SIGNALS:
    void edited();

private:
    protocol::Json *m_message = nullptr;
    QLineEdit *m_id;
    QLineEdit *m_timestamp;
    QLineEdit *m_version;
};

} // namespace fhw::gui
