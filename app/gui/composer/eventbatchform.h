#pragma once

#include "formpage.h"

#include <QAbstractTableModel>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QTableView;

namespace fhw::gui {

// The events of a batch as rows (type, time, what it is about), read from the message as painted,
// so 15,000 events cost nothing until they are scrolled to.
class EventListModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { IndexColumn, TypeColumn, TimeColumn, DetailColumn, ColumnCount };

    explicit EventListModel(QObject *parent = nullptr);
    void setMessage(const protocol::Json *message); // resets

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    const protocol::Json *events() const;
    const protocol::Json *m_message = nullptr;
};

// Consent state (GDPR purposes and CCPA) as rows: regulation, purpose, consented, document, time.
class ConsentEditor : public form::TableEditor
{
    Q_OBJECT

public:
    explicit ConsentEditor(QWidget *parent = nullptr);
    void reload() override;

protected:
    void addRow() override;
    void write() override;

private:
    QPushButton *m_addCcpa;
};

// event_processing_request: batch fields, the events (add a realistic event of any type, remove),
// user identities, user attributes, the runtime environment with its device identities, consent.
class EventBatchForm : public FormPage
{
    Q_OBJECT

public:
    explicit EventBatchForm(QWidget *parent = nullptr);
    void reload() override;

    // Adds a realistic event of this wire type (made by the Generator), fitted into the batch's
    // session: same session_id, timestamp after the last event, before a closing session_end.
    void addEvent(const QString &type);
    void removeSelectedEvents();

private:
    void reloadRuntime();
    void writeRuntimeField(int field, const QString &value);

    EnvelopeBox *m_envelope;
    EventListModel *m_eventModel;
    QTableView *m_events;
    QComboBox *m_eventType;
    form::IdentityEditor *m_userIdentities;
    form::KeyValueEditor *m_userAttributes;
    QComboBox *m_runtimeType;
    QList<QLineEdit *> m_runtimeFields;
    QCheckBox *m_debug;
    form::IdentityEditor *m_deviceIdentities;
    ConsentEditor *m_consent;
    std::uint64_t m_addSerial = 0;
};

} // namespace fhw::gui
