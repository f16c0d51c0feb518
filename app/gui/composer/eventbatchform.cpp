#include "eventbatchform.h"

#include "protocol/catalog.h"
#include "protocol/generator.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QTableView>
#include <QTableWidget>
#include <QVBoxLayout>

#include <optional>
#include <set>

namespace fhw::gui {

using form::Pointer;
using protocol::Json;
namespace catalog = protocol::catalog;

// --- EventListModel -----------------------------------------------------------------------------

EventListModel::EventListModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void EventListModel::setMessage(const Json *message)
{
    beginResetModel();
    m_message = message;
    endResetModel();
}

const Json *EventListModel::events() const
{
    if (!m_message || !m_message->is_object())
        return nullptr;
    const auto found = m_message->find("events");
    return found != m_message->end() && found->is_array() ? &*found : nullptr;
}

int EventListModel::rowCount(const QModelIndex &parent) const
{
    const Json *list = events();
    return parent.isValid() || !list ? 0 : int(list->size());
}

int EventListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EventListModel::data(const QModelIndex &index, int role) const
{
    const Json *list = events();
    if (role != Qt::DisplayRole || !list || index.row() >= int(list->size()))
        return {};
    const Json &event = (*list)[std::size_t(index.row())];
    if (!event.is_object())
        return index.column() == TypeColumn ? tr("(not an object)") : QVariant();
    switch (index.column()) {
    case IndexColumn: return index.row();
    case TypeColumn: return form::textAt(event, Pointer("/type"));
    case TimeColumn: {
        const auto found = event.find("timestamp_ms");
        if (found == event.end() || !found->is_number_integer())
            return {};
        return QDateTime::fromMSecsSinceEpoch(found->get<qint64>(), Qt::UTC).toString(Qt::ISODateWithMs);
    }
    case DetailColumn: {
        // The member that says most about the event, by type.
        for (const char *key : {"name", "screen_name", "action", "application_state", "message", "setting",
                                "campaign_name", "session_length_ms"}) {
            const QString text = form::textAt(event, Pointer(std::string("/") + key));
            if (!text.isEmpty())
                return text;
        }
        return {};
    }
    default: return {};
    }
}

QVariant EventListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case IndexColumn: return tr("#");
    case TypeColumn: return tr("Type");
    case TimeColumn: return tr("Time (UTC)");
    case DetailColumn: return tr("Details");
    default: return {};
    }
}

// --- ConsentEditor ------------------------------------------------------------------------------

namespace {

enum ConsentColumn { RegulationColumn, PurposeColumn, ConsentedColumn, DocumentColumn, ConsentTimeColumn };
constexpr int ConsentOriginalRole = Qt::UserRole + 4; // the consent object as loaded (keeps other members)

const char *regulationKey(const QString &regulation)
{
    return regulation == u"ccpa" ? "ccpa_consent_state" : "gdpr_consent_state";
}

} // namespace

ConsentEditor::ConsentEditor(QWidget *parent)
    : form::TableEditor(QStringLiteral("consent"),
                        {tr("Regulation"), tr("Purpose"), tr("Consented"), tr("Document"), tr("Time (ms)")}, parent)
    , m_addCcpa(new QPushButton(tr("Add CCPA"), this))
{
    m_add->setText(tr("Add GDPR purpose"));
    m_addCcpa->setObjectName(QStringLiteral("consentAddCcpa"));
    m_buttons->insertWidget(1, m_addCcpa);
    connect(m_addCcpa, &QPushButton::clicked, this, [this] {
        if (!m_root || !m_table->findItems(QStringLiteral("ccpa"), Qt::MatchExactly).isEmpty())
            return;
        const bool wasLoading = std::exchange(m_loading, true);
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        m_table->setItem(row, RegulationColumn, cell(QStringLiteral("ccpa"), false));
        m_table->setItem(row, PurposeColumn, cell(QString::fromLatin1(catalog::ccpaPurpose), false));
        QTableWidgetItem *consented = cell(QString(), false);
        consented->setFlags(consented->flags() | Qt::ItemIsUserCheckable);
        consented->setCheckState(Qt::Unchecked);
        m_table->setItem(row, ConsentedColumn, consented);
        m_table->setItem(row, DocumentColumn, cell(QString()));
        m_table->setItem(row, ConsentTimeColumn, cell(QString::number(QDateTime::currentMSecsSinceEpoch())));
        m_loading = wasLoading;
        write();
        Q_EMIT edited();
    });
    connect(m_table, &QTableWidget::itemChanged, this, [this] {
        if (m_loading || !m_root)
            return;
        write();
        Q_EMIT edited();
    });
}

void ConsentEditor::reload()
{
    const bool wasLoading = std::exchange(m_loading, true);
    m_table->setRowCount(0);
    const Json *state = m_root ? form::find(*m_root, m_where) : nullptr;
    if (state && state->is_object()) {
        for (const QString &regulation : {QStringLiteral("gdpr"), QStringLiteral("ccpa")}) {
            const auto purposes = state->find(regulationKey(regulation));
            if (purposes == state->end() || !purposes->is_object())
                continue;
            for (const auto &[purpose, consent] : purposes->items()) {
                const int row = m_table->rowCount();
                m_table->insertRow(row);
                m_table->setItem(row, RegulationColumn, cell(regulation, false));
                m_table->setItem(row, PurposeColumn, cell(QString::fromStdString(purpose), regulation == u"gdpr"));
                QTableWidgetItem *consented = cell(QString(), false);
                consented->setFlags(consented->flags() | Qt::ItemIsUserCheckable);
                const Json *flag = form::find(consent, Pointer("/consented"));
                const bool yes = flag && flag->is_boolean() && flag->get<bool>();
                consented->setCheckState(yes ? Qt::Checked : Qt::Unchecked);
                consented->setData(ConsentOriginalRole, QString::fromStdString(consent.dump()));
                m_table->setItem(row, ConsentedColumn, consented);
                m_table->setItem(row, DocumentColumn, cell(form::textAt(consent, Pointer("/document"))));
                m_table->setItem(row, ConsentTimeColumn,
                                 cell(form::textAt(consent, Pointer("/timestamp_unixtime_ms"))));
            }
        }
    }
    setEnabled(m_root != nullptr);
    m_loading = wasLoading;
}

void ConsentEditor::addRow()
{
    const bool wasLoading = std::exchange(m_loading, true);
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    m_table->setItem(row, RegulationColumn, cell(QStringLiteral("gdpr"), false));
    m_table->setItem(row, PurposeColumn, cell(tr("purpose%1").arg(row + 1)));
    QTableWidgetItem *consented = cell(QString(), false);
    consented->setFlags(consented->flags() | Qt::ItemIsUserCheckable);
    consented->setCheckState(Qt::Unchecked);
    m_table->setItem(row, ConsentedColumn, consented);
    m_table->setItem(row, DocumentColumn, cell(QString()));
    m_table->setItem(row, ConsentTimeColumn, cell(QString::number(QDateTime::currentMSecsSinceEpoch())));
    m_table->setCurrentCell(row, PurposeColumn);
    m_loading = wasLoading;
}

void ConsentEditor::write()
{
    Json state = Json::object();
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const QTableWidgetItem *consentedItem = m_table->item(row, ConsentedColumn);
        const QString purpose = m_table->item(row, PurposeColumn)->text();
        if (!consentedItem || purpose.isEmpty())
            continue;
        Json consent = Json::parse(consentedItem->data(ConsentOriginalRole).toString().toStdString(), nullptr, false);
        if (!consent.is_object())
            consent = Json::object();
        consent["consented"] = consentedItem->checkState() == Qt::Checked;
        form::setText(consent, Pointer("/document"), m_table->item(row, DocumentColumn)->text());
        bool ok = false;
        const qint64 ms = m_table->item(row, ConsentTimeColumn)->text().toLongLong(&ok);
        if (ok)
            consent["timestamp_unixtime_ms"] = ms;
        else
            consent.erase("timestamp_unixtime_ms");
        state[regulationKey(m_table->item(row, RegulationColumn)->text())][purpose.toStdString()] = std::move(consent);
    }
    if (state.empty())
        form::erase(*m_root, m_where);
    else
        form::assign(*m_root, m_where, std::move(state));
}

// --- EventBatchForm -----------------------------------------------------------------------------

namespace {

struct RuntimeField
{
    const char *name;
    const char *label;
    const char *key;
    const char *webKey; // the mobileweb runtime names some members differently; null: none there
};
constexpr RuntimeField runtimeFields[] = {
    {"runtimeSdkVersion", QT_TRANSLATE_NOOP("fhw::gui::EventBatchForm", "SDK version:"), "sdk_version", "sdk_version"},
    {"runtimeOsVersion", QT_TRANSLATE_NOOP("fhw::gui::EventBatchForm", "OS version:"), "os_version", "os_version"},
    {"runtimeModel", QT_TRANSLATE_NOOP("fhw::gui::EventBatchForm", "Model:"), "model", "device_model"},
    {"runtimeManufacturer", QT_TRANSLATE_NOOP("fhw::gui::EventBatchForm", "Manufacturer:"), "manufacturer",
     "device_manufacturer"},
    {"runtimeAppVersion", QT_TRANSLATE_NOOP("fhw::gui::EventBatchForm", "App version:"), "application_version", nullptr},
    {"runtimeClientIp", QT_TRANSLATE_NOOP("fhw::gui::EventBatchForm", "Client IP:"), "client_ip_address",
     "client_ip_address"},
    {"runtimeUserAgent", QT_TRANSLATE_NOOP("fhw::gui::EventBatchForm", "User agent:"), "http_header_user_agent",
     "http_header_user_agent"},
};

QGroupBox *group(const QString &title, const QString &name, QWidget *parent)
{
    auto *box = new QGroupBox(title, parent);
    box->setObjectName(name);
    return box;
}

// The first event of `type` in a generated batch: a batch of 16 holds every event type once.
Json generatedEvent(const std::string &type, std::uint64_t seed)
{
    for (std::uint64_t attempt = 0; attempt < 4; ++attempt) {
        protocol::GeneratorOptions options;
        options.seed = seed + attempt * 7919;
        options.eventCount = int(catalog::eventTypes.size());
        Json batch = protocol::Generator(options).generate(protocol::MessageType::EventProcessingRequest);
        for (Json &event : batch["events"]) {
            if (event.is_object() && form::textAt(event, Pointer("/type")).toStdString() == type)
                return std::move(event);
        }
    }
    return Json{{"type", type}};
}

} // namespace

EventBatchForm::EventBatchForm(QWidget *parent)
    : FormPage(parent)
    , m_envelope(new EnvelopeBox(this))
    , m_eventModel(new EventListModel(this))
    , m_events(new QTableView(this))
    , m_eventType(new QComboBox(this))
    , m_userIdentities(new form::IdentityEditor(QStringLiteral("userIdentities"),
                                                form::choices(catalog::userIdentityTypes), false, this))
    , m_userAttributes(new form::KeyValueEditor(QStringLiteral("userAttributes"), this))
    , m_runtimeType(new QComboBox(this))
    , m_debug(new QCheckBox(tr("Debug build (is_debug)"), this))
    , m_deviceIdentities(new form::IdentityEditor(QStringLiteral("deviceIdentities"),
                                                  form::choices(catalog::deviceIdentityTypes), false, this))
    , m_consent(new ConsentEditor(this))
{
    setObjectName(QStringLiteral("eventBatchForm"));
    auto *content = new QWidget;
    auto *layout = new QVBoxLayout(content);
    layout->addWidget(m_envelope);
    connect(m_envelope, &EnvelopeBox::edited, this, &FormPage::edited);

    auto *batchBox = group(tr("Batch"), QStringLiteral("batchBox"), content);
    auto *batchForm = new QFormLayout(batchBox);
    addNumberField(batchForm, QStringLiteral("accountId"), tr("&Account ID:"), QStringLiteral("/account/account_id"));
    addTextField(batchForm, QStringLiteral("mpid"), tr("&MPID:"), QStringLiteral("/mpid"));
    addTextField(batchForm, QStringLiteral("sourceChannel"), tr("Source c&hannel:"), QStringLiteral("/source_channel"));
    layout->addWidget(batchBox);

    auto *eventsBox = group(tr("Events"), QStringLiteral("eventsBox"), content);
    m_events->setObjectName(QStringLiteral("events"));
    m_events->setModel(m_eventModel);
    m_events->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_events->verticalHeader()->setVisible(false);
    m_events->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_events->verticalHeader()->setDefaultSectionSize(m_events->fontMetrics().height() + 8);
    m_events->horizontalHeader()->setStretchLastSection(true);
    const int digit = m_events->fontMetrics().horizontalAdvance(u'0');
    m_events->setColumnWidth(EventListModel::IndexColumn, digit * 7);
    m_events->setColumnWidth(EventListModel::TypeColumn, digit * 30);
    m_events->setColumnWidth(EventListModel::TimeColumn, digit * 26);
    m_events->setMinimumHeight(180);
    m_eventType->setObjectName(QStringLiteral("eventType"));
    m_eventType->addItems(form::choices(catalog::eventTypes));
    m_eventType->setCurrentText(QStringLiteral("custom_event"));
    auto *add = new QPushButton(tr("Add &event"), eventsBox);
    add->setObjectName(QStringLiteral("addEvent"));
    auto *remove = new QPushButton(tr("Remove"), eventsBox);
    remove->setObjectName(QStringLiteral("removeEvents"));
    auto *show = new QPushButton(tr("Show in JSON"), eventsBox);
    show->setObjectName(QStringLiteral("showEventInJson"));
    connect(add, &QPushButton::clicked, this, [this] { addEvent(m_eventType->currentText()); });
    connect(remove, &QPushButton::clicked, this, &EventBatchForm::removeSelectedEvents);
    connect(show, &QPushButton::clicked, this, [this] {
        const QModelIndex current = m_events->currentIndex();
        if (current.isValid())
            Q_EMIT showInJson(QStringLiteral("/events/%1").arg(current.row()));
    });
    connect(m_events, &QTableView::activated, this,
            [this](const QModelIndex &index) { Q_EMIT showInJson(QStringLiteral("/events/%1").arg(index.row())); });
    auto *eventButtons = new QHBoxLayout;
    eventButtons->addWidget(m_eventType);
    eventButtons->addWidget(add);
    eventButtons->addWidget(remove);
    eventButtons->addStretch(1);
    eventButtons->addWidget(show);
    auto *eventsLayout = new QVBoxLayout(eventsBox);
    eventsLayout->addWidget(m_events, 1);
    eventsLayout->addLayout(eventButtons);
    layout->addWidget(eventsBox, 2);

    auto *identitiesBox = group(tr("User identities"), QStringLiteral("userIdentitiesBox"), content);
    (new QVBoxLayout(identitiesBox))->addWidget(m_userIdentities);
    layout->addWidget(identitiesBox);
    auto *attributesBox = group(tr("User attributes"), QStringLiteral("userAttributesBox"), content);
    (new QVBoxLayout(attributesBox))->addWidget(m_userAttributes);
    layout->addWidget(attributesBox);

    auto *runtimeBox = group(tr("Runtime environment"), QStringLiteral("runtimeBox"), content);
    auto *runtimeForm = new QFormLayout(runtimeBox);
    m_runtimeType->setObjectName(QStringLiteral("runtimeType"));
    m_runtimeType->addItems(form::choices(catalog::runtimeEnvironmentTypes));
    runtimeForm->addRow(tr("&Type:"), m_runtimeType);
    connect(m_runtimeType, &QComboBox::activated, this, [this] {
        if (!m_message)
            return;
        if (!form::assign(*m_message, Pointer("/runtime_environment/type"), m_runtimeType->currentText().toStdString()))
            return;
        reloadRuntime();
        Q_EMIT edited();
    });
    for (int i = 0; i < int(std::size(runtimeFields)); ++i) {
        auto *edit = new QLineEdit(runtimeBox);
        edit->setObjectName(QString::fromLatin1(runtimeFields[i].name));
        runtimeForm->addRow(tr(runtimeFields[i].label), edit);
        connect(edit, &QLineEdit::editingFinished, this, [this, i, edit] { writeRuntimeField(i, edit->text()); });
        m_runtimeFields.append(edit);
    }
    m_debug->setObjectName(QStringLiteral("runtimeDebug"));
    runtimeForm->addRow(QString(), m_debug);
    connect(m_debug, &QCheckBox::toggled, this, [this](bool on) {
        if (!m_message)
            return;
        const Pointer where("/runtime_environment/is_debug");
        if (on)
            form::assign(*m_message, where, true);
        else
            form::erase(*m_message, where); // omitted when false, as the SDK writes it
        Q_EMIT edited();
    });
    runtimeForm->addRow(tr("Device identities:"), m_deviceIdentities);
    layout->addWidget(runtimeBox);

    auto *consentBox = group(tr("Consent"), QStringLiteral("consentBox"), content);
    (new QVBoxLayout(consentBox))->addWidget(m_consent);
    layout->addWidget(consentBox);

    for (form::TableEditor *editor :
         std::initializer_list<form::TableEditor *>{m_userIdentities, m_userAttributes, m_deviceIdentities, m_consent})
        adopt(editor);

    auto *scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("eventBatchScroll"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(content);
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(scroll);
}

void EventBatchForm::reload()
{
    m_envelope->setMessage(m_message);
    reloadFields();
    m_eventModel->setMessage(m_message);
    m_userIdentities->setTarget(m_message, Pointer("/user_identities"));
    m_userAttributes->setTarget(m_message, Pointer("/user_attributes"));
    m_deviceIdentities->setTarget(m_message, Pointer("/runtime_environment/identities"));
    m_consent->setTarget(m_message, Pointer("/consent_state"));
    reloadRuntime();
}

void EventBatchForm::reloadRuntime()
{
    const QString type = m_message ? form::textAt(*m_message, Pointer("/runtime_environment/type")) : QString();
    const bool web = type == u"mobileweb";
    {
        const QSignalBlocker blocker(m_runtimeType);
        m_runtimeType->setCurrentIndex(m_runtimeType->findText(type));
    }
    for (int i = 0; i < m_runtimeFields.size(); ++i) {
        const char *key = web ? runtimeFields[i].webKey : runtimeFields[i].key;
        QLineEdit *edit = m_runtimeFields[i];
        edit->setEnabled(key != nullptr);
        edit->setText(key && m_message ? form::textAt(*m_message, Pointer(std::string("/runtime_environment/") + key))
                                       : QString());
    }
    const QSignalBlocker blocker(m_debug);
    const Json *debug = m_message ? form::find(*m_message, Pointer("/runtime_environment/is_debug")) : nullptr;
    m_debug->setChecked(debug && debug->is_boolean() && debug->get<bool>());
}

void EventBatchForm::writeRuntimeField(int field, const QString &value)
{
    if (!m_message)
        return;
    const bool web = form::textAt(*m_message, Pointer("/runtime_environment/type")) == u"mobileweb";
    const char *key = web ? runtimeFields[field].webKey : runtimeFields[field].key;
    if (!key)
        return;
    const Pointer where(std::string("/runtime_environment/") + key);
    if (form::textAt(*m_message, where) == value)
        return;
    form::setText(*m_message, where, value);
    Q_EMIT edited();
}

void EventBatchForm::addEvent(const QString &type)
{
    if (!m_message || !m_message->is_object())
        return;
    Json &events = (*m_message)["events"];
    if (!events.is_array())
        events = Json::array();
    Json event = generatedEvent(type.toStdString(), 1000 + m_addSerial++);

    // Fit it into the batch's session: after the last event, before a closing session_end.
    auto timestampOf = [](const Json &item) -> std::optional<qint64> {
        const Json *value = item.is_object() ? form::find(item, Pointer("/timestamp_ms")) : nullptr;
        return value && value->is_number_integer() ? std::optional(value->get<qint64>()) : std::nullopt;
    };
    const bool isEnd = type == u"session_end";
    const bool closing = !events.empty() && events.back().is_object()
                         && form::textAt(events.back(), Pointer("/type")) == u"session_end";
    const std::size_t at = closing && !isEnd ? events.size() - 1 : events.size();
    if (at > 0 && events[at - 1].is_object()) {
        const Json &before = events[at - 1];
        if (const Json *session = form::find(before, Pointer("/session_id")))
            event["session_id"] = *session;
        if (const auto last = timestampOf(before)) {
            const qint64 ms = *last + 1000;
            event["timestamp_ms"] = ms;
            if (const auto end = timestampOf(events.back()); closing && !isEnd && end && *end <= ms)
                events.back()["timestamp_ms"] = ms + 1000;
            if (const auto first = timestampOf(events[0]); isEnd && first)
                event["session_length_ms"] = ms - *first;
        }
    }
    events.insert(events.begin() + std::ptrdiff_t(at), std::move(event));
    m_eventModel->setMessage(m_message);
    m_events->selectRow(int(at));
    m_events->scrollTo(m_eventModel->index(int(at), 0));
    Q_EMIT note(tr("Added a %1 event at #%2.").arg(type).arg(at));
    Q_EMIT edited();
}

void EventBatchForm::removeSelectedEvents()
{
    if (!m_message)
        return;
    std::set<int, std::greater<>> rows;
    for (const QModelIndex &index : m_events->selectionModel()->selectedRows())
        rows.insert(index.row());
    if (rows.empty())
        return;
    Json &events = (*m_message)["events"];
    if (!events.is_array())
        return;
    for (int row : rows) {
        if (row < int(events.size()))
            events.erase(std::size_t(row));
    }
    m_eventModel->setMessage(m_message);
    Q_EMIT edited();
}

} // namespace fhw::gui
