#include "simpleforms.h"

#include "protocol/catalog.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

namespace fhw::gui {

using form::Pointer;
using protocol::Json;
namespace catalog = protocol::catalog;

// --- SubjectIdentityEditor ----------------------------------------------------------------------

SubjectIdentityEditor::SubjectIdentityEditor(QWidget *parent)
    : form::TableEditor(QStringLiteral("subjectIdentities"), {tr("Type"), tr("Value")}, parent)
{
    m_table->setItemDelegateForColumn(0, new form::ChoiceDelegate(form::choices(catalog::dsrSubjectIdentityTypes),
                                                                  false, this));
    m_table->setToolTip(tr("DSR identities are always sent raw (encoding \"raw\")."));
    connect(m_table, &QTableWidget::itemChanged, this, [this] {
        if (m_loading || !m_root)
            return;
        write();
        Q_EMIT edited();
    });
}

void SubjectIdentityEditor::reload()
{
    const bool wasLoading = std::exchange(m_loading, true);
    m_table->setRowCount(0);
    const Json *object = m_root ? form::find(*m_root, m_where) : nullptr;
    if (object && object->is_object()) {
        for (const auto &[type, identity] : object->items()) {
            const int row = m_table->rowCount();
            m_table->insertRow(row);
            m_table->setItem(row, 0, cell(QString::fromStdString(type)));
            m_table->setItem(row, 1, cell(form::textAt(identity, Pointer("/value"))));
        }
    }
    setEnabled(m_root != nullptr);
    m_loading = wasLoading;
}

void SubjectIdentityEditor::addRow()
{
    const bool wasLoading = std::exchange(m_loading, true);
    QString type;
    for (const QString &candidate : form::choices(catalog::dsrSubjectIdentityTypes)) {
        if (m_table->findItems(candidate, Qt::MatchExactly).isEmpty()) {
            type = candidate;
            break;
        }
    }
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    m_table->setItem(row, 0, cell(type));
    m_table->setItem(row, 1, cell(QString()));
    m_table->setCurrentCell(row, 1);
    m_loading = wasLoading;
}

void SubjectIdentityEditor::write()
{
    Json object = Json::object();
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const std::string type = m_table->item(row, 0)->text().toStdString();
        if (type.empty() || object.contains(type))
            continue;
        object[type] = Json{{"encoding", "raw"}, {"value", m_table->item(row, 1)->text().toStdString()}};
    }
    form::assign(*m_root, m_where, std::move(object));
}

// --- RegistrationForm ---------------------------------------------------------------------------

RegistrationForm::RegistrationForm(QWidget *parent)
    : FormPage(parent)
    , m_envelope(new EnvelopeBox(this))
{
    setObjectName(QStringLiteral("registrationForm"));
    auto *note = new QLabel(tr("A module registration request carries only the envelope: mParticle sends it to ask "
                               "for your module registration response."),
                            this);
    note->setObjectName(QStringLiteral("registrationNote"));
    note->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_envelope);
    layout->addWidget(note);
    layout->addStretch(1);
    connect(m_envelope, &EnvelopeBox::edited, this, &FormPage::edited);
}

void RegistrationForm::reload()
{
    m_envelope->setMessage(m_message);
}

// --- DsrForm ------------------------------------------------------------------------------------

DsrForm::DsrForm(QWidget *parent)
    : FormPage(parent)
    , m_envelope(new EnvelopeBox(this))
    , m_subjects(new SubjectIdentityEditor(this))
{
    setObjectName(QStringLiteral("dsrForm"));
    auto *box = new QGroupBox(tr("Request"), this);
    box->setObjectName(QStringLiteral("dsrBox"));
    auto *fields = new QFormLayout(box);
    addNumberField(fields, QStringLiteral("accountId"), tr("&Account ID:"), QStringLiteral("/account/account_id"));
    addTextField(fields, QStringLiteral("subjectRequestId"), tr("Subject &request ID:"),
                 QStringLiteral("/subject_request_id"));
    addChoiceField(fields, QStringLiteral("subjectRequestType"), tr("Request &type:"),
                   QStringLiteral("/subject_request_type"), form::choices(catalog::dsrTypes));
    addChoiceField(fields, QStringLiteral("regulation"), tr("Re&gulation:"), QStringLiteral("/regulation"),
                   form::choices(catalog::dsrRegulations));
    addTextField(fields, QStringLiteral("submittedTime"), tr("&Submitted time:"), QStringLiteral("/submitted_time"));
    addTextField(fields, QStringLiteral("apiVersion"), tr("API &version:"), QStringLiteral("/api_version"));

    auto *subjects = new QGroupBox(tr("Subject identities"), this);
    subjects->setObjectName(QStringLiteral("subjectIdentitiesBox"));
    (new QVBoxLayout(subjects))->addWidget(m_subjects);
    adopt(m_subjects);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_envelope);
    layout->addWidget(box);
    layout->addWidget(subjects, 1);
    connect(m_envelope, &EnvelopeBox::edited, this, &FormPage::edited);
}

void DsrForm::reload()
{
    m_envelope->setMessage(m_message);
    reloadFields();
    m_subjects->setTarget(m_message, Pointer("/subject_identities"));
}

// --- NoFormPage ---------------------------------------------------------------------------------

NoFormPage::NoFormPage(QWidget *parent)
    : FormPage(parent)
    , m_label(new QLabel(this))
    , m_envelope(new EnvelopeBox(this))
{
    setObjectName(QStringLiteral("noForm"));
    m_label->setObjectName(QStringLiteral("noFormNote"));
    m_label->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_envelope);
    layout->addWidget(m_label);
    layout->addStretch(1);
    connect(m_envelope, &EnvelopeBox::edited, this, &FormPage::edited);
}

void NoFormPage::setTypeName(const QString &name)
{
    m_label->setText(tr("There is no form for %1: edit it in the JSON tab.").arg(name));
}

void NoFormPage::reload()
{
    m_envelope->setMessage(m_message);
}

} // namespace fhw::gui
