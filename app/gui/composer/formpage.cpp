#include "formpage.h"

#include <QComboBox>
#include <QDateTime>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QUuid>

#include <climits>

namespace fhw::gui {

using form::Pointer;

void FormPage::setMessage(protocol::Json *message)
{
    m_message = message;
    reload();
}

QLineEdit *FormPage::addTextField(QFormLayout *form, const QString &name, const QString &label, const QString &pointer)
{
    auto *edit = new QLineEdit(this);
    edit->setObjectName(name);
    form->addRow(label, edit);
    const Pointer where(pointer.toStdString());
    connect(edit, &QLineEdit::editingFinished, this, [this, edit, where] {
        if (!m_message || form::textAt(*m_message, where) == edit->text())
            return;
        form::setText(*m_message, where, edit->text());
        Q_EMIT edited();
    });
    m_fields.append({edit, where});
    return edit;
}

QSpinBox *FormPage::addNumberField(QFormLayout *form, const QString &name, const QString &label, const QString &pointer)
{
    auto *spin = new QSpinBox(this);
    spin->setObjectName(name);
    spin->setRange(0, INT_MAX);
    spin->setKeyboardTracking(false);
    form->addRow(label, spin);
    const Pointer where(pointer.toStdString());
    connect(spin, &QSpinBox::valueChanged, this, [this, spin, where] {
        if (!m_message)
            return;
        const protocol::Json *current = form::find(*m_message, where);
        if (current && current->is_number_integer() && current->get<qint64>() == spin->value())
            return;
        if (!form::assign(*m_message, where, spin->value()))
            return;
        Q_EMIT edited();
    });
    m_fields.append({spin, where});
    return spin;
}

QComboBox *FormPage::addChoiceField(QFormLayout *form, const QString &name, const QString &label,
                                    const QString &pointer, const QStringList &choices)
{
    auto *combo = new QComboBox(this);
    combo->setObjectName(name);
    combo->addItems(choices);
    form->addRow(label, combo);
    const Pointer where(pointer.toStdString());
    connect(combo, &QComboBox::activated, this, [this, combo, where] {
        if (!m_message || form::textAt(*m_message, where) == combo->currentText())
            return;
        form::setText(*m_message, where, combo->currentText());
        Q_EMIT edited();
    });
    m_fields.append({combo, where});
    return combo;
}

void FormPage::reloadFields()
{
    for (const Field &field : std::as_const(m_fields)) {
        const QSignalBlocker blocker(field.widget);
        if (auto *edit = qobject_cast<QLineEdit *>(field.widget)) {
            edit->setText(m_message ? form::textAt(*m_message, field.pointer) : QString());
        } else if (auto *combo = qobject_cast<QComboBox *>(field.widget)) {
            combo->setCurrentIndex(m_message ? combo->findText(form::textAt(*m_message, field.pointer)) : -1);
        } else if (auto *spin = qobject_cast<QSpinBox *>(field.widget)) {
            const protocol::Json *value = m_message ? form::find(*m_message, field.pointer) : nullptr;
            spin->setValue(value && value->is_number() ? int(std::clamp<double>(value->get<double>(), 0, INT_MAX)) : 0);
        }
    }
}

void FormPage::adopt(form::TableEditor *editor)
{
    connect(editor, &form::TableEditor::edited, this, &FormPage::edited);
    connect(editor, &form::TableEditor::note, this, &FormPage::note);
}

EnvelopeBox::EnvelopeBox(QWidget *parent)
    : QGroupBox(tr("Envelope"), parent)
    , m_id(new QLineEdit(this))
    , m_timestamp(new QLineEdit(this))
    , m_version(new QLineEdit(this))
{
    setObjectName(QStringLiteral("envelope"));
    m_id->setObjectName(QStringLiteral("messageId"));
    m_timestamp->setObjectName(QStringLiteral("timestampMs"));
    m_version->setObjectName(QStringLiteral("firehoseVersion"));
    auto *newId = new QPushButton(tr("New ID"), this);
    newId->setObjectName(QStringLiteral("newMessageId"));
    auto *now = new QPushButton(tr("Now"), this);
    now->setObjectName(QStringLiteral("timestampNow"));

    auto *idRow = new QHBoxLayout;
    idRow->addWidget(m_id, 1);
    idRow->addWidget(newId);
    auto *timeRow = new QHBoxLayout;
    timeRow->addWidget(m_timestamp, 1);
    timeRow->addWidget(now);
    auto *form = new QFormLayout(this);
    auto *idLabel = new QLabel(tr("&ID:"), this);
    idLabel->setBuddy(m_id);
    auto *timeLabel = new QLabel(tr("&Timestamp (ms):"), this);
    timeLabel->setBuddy(m_timestamp);
    form->addRow(idLabel, idRow);
    form->addRow(timeLabel, timeRow);
    form->addRow(tr("Firehose &version:"), m_version);

    auto apply = [this](const char *key, const protocol::Json &value) {
        const Pointer where(std::string("/") + key);
        const protocol::Json *current = m_message ? form::find(*m_message, where) : nullptr;
        if (!m_message || (current && *current == value) || !form::assign(*m_message, where, value))
            return;
        Q_EMIT edited();
    };
    connect(m_id, &QLineEdit::editingFinished, this, [this, apply] { apply("id", m_id->text().toStdString()); });
    connect(m_version, &QLineEdit::editingFinished, this,
            [this, apply] { apply("firehose_version", m_version->text().toStdString()); });
    connect(m_timestamp, &QLineEdit::editingFinished, this, [this, apply] {
        bool ok = false;
        const qint64 ms = m_timestamp->text().toLongLong(&ok);
        if (ok)
            apply("timestamp_ms", ms);
    });
    connect(newId, &QPushButton::clicked, this, [this, apply] {
        m_id->setText(QUuid::createUuid().toString(QUuid::WithoutBraces));
        apply("id", m_id->text().toStdString());
    });
    connect(now, &QPushButton::clicked, this, [this, apply] {
        const qint64 ms = QDateTime::currentMSecsSinceEpoch();
        m_timestamp->setText(QString::number(ms));
        apply("timestamp_ms", ms);
    });
}

void EnvelopeBox::setMessage(protocol::Json *message)
{
    m_message = message;
    reload();
}

void EnvelopeBox::reload()
{
    m_id->setText(m_message ? form::textAt(*m_message, Pointer("/id")) : QString());
    m_timestamp->setText(m_message ? form::textAt(*m_message, Pointer("/timestamp_ms")) : QString());
    m_version->setText(m_message ? form::textAt(*m_message, Pointer("/firehose_version")) : QString());
}

} // namespace fhw::gui
