#include "audienceforms.h"

#include "protocol/catalog.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

namespace fhw::gui {

using form::Pointer;
using protocol::Json;
namespace catalog = protocol::catalog;

namespace {

constexpr int SourceRowRole = Qt::UserRole + 5; // the array index a row was loaded from; -1 for new rows

QScrollArea *scrolled(QWidget *content, QWidget *page, const QString &name)
{
    auto *scroll = new QScrollArea(page);
    scroll->setObjectName(name);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(content);
    auto *outer = new QVBoxLayout(page);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(scroll);
    return scroll;
}

QGroupBox *boxed(const QString &title, const QString &name, QWidget *inside, QWidget *parent)
{
    auto *box = new QGroupBox(title, parent);
    box->setObjectName(name);
    (new QVBoxLayout(box))->addWidget(inside);
    return box;
}

} // namespace

// --- AudienceEditor -----------------------------------------------------------------------------

AudienceEditor::AudienceEditor(QWidget *parent)
    : form::TableEditor(QStringLiteral("audiences"), {tr("Audience ID"), tr("Name"), tr("Action")}, parent)
{
    m_table->setItemDelegateForColumn(2, new form::ChoiceDelegate(form::choices(catalog::audienceActions), false, this));
    connect(m_table, &QTableWidget::itemChanged, this, [this] {
        if (m_loading || !m_root)
            return;
        write();
        Q_EMIT edited();
    });
}

void AudienceEditor::reload()
{
    const bool wasLoading = std::exchange(m_loading, true);
    m_table->setRowCount(0);
    const Json *array = m_root ? form::find(*m_root, m_where) : nullptr;
    if (array && array->is_array()) {
        m_table->setRowCount(int(array->size()));
        for (int row = 0; row < int(array->size()); ++row) {
            const Json &audience = (*array)[std::size_t(row)];
            QTableWidgetItem *id = cell(form::textAt(audience, Pointer("/audience_id")));
            id->setData(SourceRowRole, row);
            m_table->setItem(row, 0, id);
            m_table->setItem(row, 1, cell(form::textAt(audience, Pointer("/audience_name"))));
            m_table->setItem(row, 2, cell(form::textAt(audience, Pointer("/action"))));
        }
    }
    setEnabled(m_root != nullptr);
    m_loading = wasLoading;
}

void AudienceEditor::addRow()
{
    const bool wasLoading = std::exchange(m_loading, true);
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    QTableWidgetItem *id = cell(QStringLiteral("1000"));
    id->setData(SourceRowRole, -1);
    m_table->setItem(row, 0, id);
    m_table->setItem(row, 1, cell(tr("New audience")));
    m_table->setItem(row, 2, cell(QStringLiteral("add")));
    m_table->setCurrentCell(row, 0);
    m_loading = wasLoading;
}

void AudienceEditor::write()
{
    // Each row starts from the audience as it is now (its user attributes may have been edited
    // since the table was loaded), so only the three columns change here.
    const Json *current = form::find(*m_root, m_where);
    Json array = Json::array();
    for (int row = 0; row < m_table->rowCount(); ++row) {
        QTableWidgetItem *id = m_table->item(row, 0);
        const int source = id->data(SourceRowRole).toInt();
        Json audience = current && current->is_array() && source >= 0 && source < int(current->size())
                            ? (*current)[std::size_t(source)]
                            : Json::object();
        if (!audience.is_object())
            audience = Json::object();
        bool ok = false;
        const qint64 number = id->text().toLongLong(&ok);
        if (ok)
            audience["audience_id"] = number;
        else
            audience["audience_id"] = id->text().toStdString(); // the validator will say why not
        audience["audience_name"] = m_table->item(row, 1)->text().toStdString();
        audience["action"] = m_table->item(row, 2)->text().toStdString();
        array.push_back(std::move(audience));
        const bool wasLoading = std::exchange(m_loading, true);
        id->setData(SourceRowRole, row);
        m_loading = wasLoading;
    }
    form::assign(*m_root, m_where, std::move(array));
}

// --- AudienceAttributeEditor --------------------------------------------------------------------

AudienceAttributeEditor::AudienceAttributeEditor(QWidget *parent)
    : form::TableEditor(QStringLiteral("audienceAttributes"), {tr("Key"), tr("Value"), tr("Action"), tr("List values")},
                        parent)
{
    m_table->setItemDelegateForColumn(2, new form::ChoiceDelegate(form::choices(catalog::userAttributeActions), false,
                                                                  this));
    m_table->setToolTip(tr("List values are separated by commas; use either a value or list values."));
    connect(m_table, &QTableWidget::itemChanged, this, [this] {
        if (m_loading || !m_root)
            return;
        write();
        Q_EMIT edited();
    });
}

void AudienceAttributeEditor::reload()
{
    const bool wasLoading = std::exchange(m_loading, true);
    m_table->setRowCount(0);
    const Json *array = m_root ? form::find(*m_root, m_where) : nullptr;
    if (array && array->is_array()) {
        m_table->setRowCount(int(array->size()));
        for (int row = 0; row < int(array->size()); ++row) {
            const Json &attribute = (*array)[std::size_t(row)];
            QStringList list;
            if (const Json *values = form::find(attribute, Pointer("/list_value")); values && values->is_array()) {
                for (const Json &value : *values)
                    list << (value.is_string() ? QString::fromStdString(value.get<std::string>())
                                               : QString::fromStdString(value.dump()));
            }
            m_table->setItem(row, 0, cell(form::textAt(attribute, Pointer("/key"))));
            m_table->setItem(row, 1, cell(form::textAt(attribute, Pointer("/value"))));
            m_table->setItem(row, 2, cell(form::textAt(attribute, Pointer("/action"))));
            m_table->setItem(row, 3, cell(list.join(QStringLiteral(", "))));
        }
    }
    setEnabled(m_root != nullptr);
    m_loading = wasLoading;
}

void AudienceAttributeEditor::addRow()
{
    const bool wasLoading = std::exchange(m_loading, true);
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    m_table->setItem(row, 0, cell(tr("attribute")));
    m_table->setItem(row, 1, cell(QString()));
    m_table->setItem(row, 2, cell(QStringLiteral("upsert")));
    m_table->setItem(row, 3, cell(QString()));
    m_table->setCurrentCell(row, 0);
    m_loading = wasLoading;
}

void AudienceAttributeEditor::write()
{
    Json array = Json::array();
    for (int row = 0; row < m_table->rowCount(); ++row) {
        Json attribute = Json::object();
        attribute["key"] = m_table->item(row, 0)->text().toStdString();
        const QString value = m_table->item(row, 1)->text();
        if (!value.isEmpty())
            attribute["value"] = value.toStdString();
        attribute["action"] = m_table->item(row, 2)->text().toStdString();
        const QStringList list = m_table->item(row, 3)->text().split(u',', Qt::SkipEmptyParts);
        if (!list.isEmpty()) {
            Json values = Json::array();
            for (const QString &item : list)
                values.push_back(item.trimmed().toStdString());
            attribute["list_value"] = std::move(values);
        }
        array.push_back(std::move(attribute));
    }
    if (array.empty())
        form::erase(*m_root, m_where);
    else
        form::assign(*m_root, m_where, std::move(array));
}

// --- MembershipForm -----------------------------------------------------------------------------

MembershipForm::MembershipForm(QWidget *parent)
    : FormPage(parent)
    , m_envelope(new EnvelopeBox(this))
    , m_verificationNote(new QLabel(this))
    , m_profiles(new QListWidget(this))
    , m_profilePanel(new QWidget(this))
    , m_mpid(new QLineEdit(this))
    , m_userIdentities(new form::IdentityEditor(QStringLiteral("userIdentities"),
                                                form::choices(catalog::userIdentityTypes), false, this))
    , m_deviceIdentities(new form::IdentityEditor(QStringLiteral("deviceIdentities"),
                                                  form::choices(catalog::deviceIdentityTypes), false, this))
    , m_partnerIdentities(new form::IdentityEditor(QStringLiteral("partnerIdentities"), {}, true, this))
    , m_audiences(new AudienceEditor(this))
    , m_attributes(new AudienceAttributeEditor(this))
{
    setObjectName(QStringLiteral("membershipForm"));
    auto *content = new QWidget;
    auto *layout = new QVBoxLayout(content);
    layout->addWidget(m_envelope);
    connect(m_envelope, &EnvelopeBox::edited, this, &FormPage::edited);

    auto *accountBox = new QGroupBox(tr("Account"), content);
    addNumberField(new QFormLayout(accountBox), QStringLiteral("accountId"), tr("&Account ID:"),
                   QStringLiteral("/account/account_id"));
    layout->addWidget(accountBox);

    m_verificationNote->setObjectName(QStringLiteral("verificationNote"));
    m_verificationNote->setWordWrap(true);
    m_verificationNote->setText(tr("No user_profiles: this is the verification ping mParticle sends, which a partner "
                                   "answers with a plain success. Add a profile to make it a real membership change."));
    layout->addWidget(m_verificationNote);

    // Profiles on the left, the selected one on the right.
    m_profiles->setObjectName(QStringLiteral("profiles"));
    auto *addProfile = new QPushButton(tr("Add &profile"), content);
    addProfile->setObjectName(QStringLiteral("addProfile"));
    auto *removeProfile = new QPushButton(tr("Remove"), content);
    removeProfile->setObjectName(QStringLiteral("removeProfile"));
    auto *left = new QWidget(content);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_profiles, 1);
    auto *profileButtons = new QHBoxLayout;
    profileButtons->addWidget(addProfile);
    profileButtons->addWidget(removeProfile);
    leftLayout->addLayout(profileButtons);

    m_profilePanel->setObjectName(QStringLiteral("profilePanel"));
    m_mpid->setObjectName(QStringLiteral("profileMpid"));
    auto *panel = new QVBoxLayout(m_profilePanel);
    panel->setContentsMargins(0, 0, 0, 0);
    auto *mpidForm = new QFormLayout;
    mpidForm->addRow(tr("M&PID:"), m_mpid);
    panel->addLayout(mpidForm);
    panel->addWidget(boxed(tr("User identities"), QStringLiteral("userIdentitiesBox"), m_userIdentities, content));
    panel->addWidget(boxed(tr("Device identities"), QStringLiteral("deviceIdentitiesBox"), m_deviceIdentities, content));
    panel->addWidget(boxed(tr("Partner identities"), QStringLiteral("partnerIdentitiesBox"), m_partnerIdentities, content));
    panel->addWidget(boxed(tr("Audiences"), QStringLiteral("audiencesBox"), m_audiences, content));
    panel->addWidget(boxed(tr("User attributes of the selected audience"), QStringLiteral("audienceAttributesBox"),
                           m_attributes, content));

    auto *splitter = new QSplitter(Qt::Horizontal, content);
    splitter->setObjectName(QStringLiteral("profileSplitter"));
    splitter->addWidget(left);
    splitter->addWidget(m_profilePanel);
    splitter->setStretchFactor(1, 3);
    layout->addWidget(splitter, 1);

    for (form::TableEditor *editor : std::initializer_list<form::TableEditor *>{
             m_userIdentities, m_deviceIdentities, m_partnerIdentities, m_audiences, m_attributes})
        adopt(editor);
    connect(m_audiences, &form::TableEditor::edited, this,
            [this] { showAudience(m_audiences->table()->currentRow()); });
    connect(m_audiences->table(), &QTableWidget::currentCellChanged, this,
            [this](int row) { showAudience(row); });
    connect(m_profiles, &QListWidget::currentRowChanged, this, &MembershipForm::showProfile);
    connect(m_mpid, &QLineEdit::editingFinished, this, [this] {
        if (!m_message || m_profile < 0)
            return;
        const Pointer where((profilePointer() + QStringLiteral("/mpid")).toStdString());
        if (form::textAt(*m_message, where) == m_mpid->text())
            return;
        form::setText(*m_message, where, m_mpid->text());
        reloadProfiles();
        Q_EMIT edited();
    });
    connect(addProfile, &QPushButton::clicked, this, [this] {
        if (!m_message || !m_message->is_object())
            return;
        Json &profiles = (*m_message)["user_profiles"];
        if (!profiles.is_array())
            profiles = Json::array();
        profiles.push_back(Json{{"user_identities", Json::array()}, {"audiences", Json::array()}});
        const int row = int(profiles.size()) - 1;
        reloadProfiles();
        m_profiles->setCurrentRow(row);
        Q_EMIT note(tr("Added a profile: give it identities and audiences."));
        Q_EMIT edited();
    });
    connect(removeProfile, &QPushButton::clicked, this, [this] {
        if (!m_message || m_profile < 0)
            return;
        Json &profiles = (*m_message)["user_profiles"];
        if (profiles.is_array() && m_profile < int(profiles.size()))
            profiles.erase(std::size_t(m_profile));
        reloadProfiles();
        Q_EMIT edited();
    });

    scrolled(content, this, QStringLiteral("membershipScroll"));
}

QString MembershipForm::profilePointer() const
{
    return QStringLiteral("/user_profiles/%1").arg(m_profile);
}

void MembershipForm::reload()
{
    m_envelope->setMessage(m_message);
    reloadFields();
    reloadProfiles();
}

void MembershipForm::reloadProfiles()
{
    const int keep = m_profile;
    const Json *profiles = m_message ? form::find(*m_message, Pointer("/user_profiles")) : nullptr;
    m_verificationNote->setVisible(m_message && !profiles);
    {
        const QSignalBlocker blocker(m_profiles);
        m_profiles->clear();
        if (profiles && profiles->is_array()) {
            for (std::size_t i = 0; i < profiles->size(); ++i) {
                const QString mpid = form::textAt((*profiles)[i], Pointer("/mpid"));
                m_profiles->addItem(mpid.isEmpty() ? tr("Profile %1").arg(i + 1)
                                                   : tr("Profile %1 — %2").arg(i + 1).arg(mpid));
            }
        }
    }
    const int row = m_profiles->count() == 0 ? -1 : std::clamp(keep, 0, m_profiles->count() - 1);
    {
        const QSignalBlocker blocker(m_profiles);
        m_profiles->setCurrentRow(row);
    }
    showProfile(row);
}

void MembershipForm::showProfile(int row)
{
    m_profile = row;
    const bool shown = m_message && row >= 0;
    m_profilePanel->setEnabled(shown);
    const QString prefix = profilePointer();
    auto target = [&](const char *member) { return Pointer((prefix + QString::fromLatin1(member)).toStdString()); };
    Json *message = shown ? m_message : nullptr;
    m_mpid->setText(shown ? form::textAt(*m_message, target("/mpid")) : QString());
    m_userIdentities->setTarget(message, target("/user_identities"));
    m_deviceIdentities->setTarget(message, target("/device_identities"));
    m_partnerIdentities->setTarget(message, target("/partner_identities"));
    m_audiences->setTarget(message, target("/audiences"));
    showAudience(m_audiences->table()->rowCount() > 0 ? std::clamp(m_audience, 0, m_audiences->table()->rowCount() - 1)
                                                      : -1);
}

void MembershipForm::showAudience(int row)
{
    m_audience = row;
    const bool shown = m_message && m_profile >= 0 && row >= 0;
    m_attributes->setTarget(shown ? m_message : nullptr,
                            Pointer((profilePointer() + QStringLiteral("/audiences/%1/user_attributes").arg(row < 0 ? 0 : row))
                                        .toStdString()));
}

// --- SubscriptionForm ---------------------------------------------------------------------------

SubscriptionForm::SubscriptionForm(QWidget *parent)
    : FormPage(parent)
    , m_envelope(new EnvelopeBox(this))
    , m_settings(new form::KeyValueEditor(QStringLiteral("subscriptionSettings"), this))
    , m_previous(new form::KeyValueEditor(QStringLiteral("previousSubscriptionSettings"), this))
{
    setObjectName(QStringLiteral("subscriptionForm"));
    auto *content = new QWidget;
    auto *layout = new QVBoxLayout(content);
    layout->addWidget(m_envelope);
    connect(m_envelope, &EnvelopeBox::edited, this, &FormPage::edited);

    auto *box = new QGroupBox(tr("Subscription"), content);
    box->setObjectName(QStringLiteral("subscriptionBox"));
    auto *fields = new QFormLayout(box);
    addChoiceField(fields, QStringLiteral("subscriptionAction"), tr("A&ction:"), QStringLiteral("/action"),
                   form::choices(catalog::subscriptionActions));
    addNumberField(fields, QStringLiteral("accountId"), tr("&Account ID:"), QStringLiteral("/account/account_id"));
    addNumberField(fields, QStringLiteral("audienceId"), tr("Audience &ID:"), QStringLiteral("/audience_id"));
    addTextField(fields, QStringLiteral("audienceName"), tr("Audience &name:"), QStringLiteral("/audience_name"));
    addTextField(fields, QStringLiteral("audienceDescription"), tr("&Description:"),
                 QStringLiteral("/audience_description"));
    layout->addWidget(box);
    layout->addWidget(boxed(tr("Audience subscription settings"), QStringLiteral("subscriptionSettingsBox"), m_settings,
                            content));
    layout->addWidget(boxed(tr("Previous settings (sent with an update)"), QStringLiteral("previousSettingsBox"),
                            m_previous, content));
    adopt(m_settings);
    adopt(m_previous);
    layout->addStretch(1);
    scrolled(content, this, QStringLiteral("subscriptionScroll"));
}

void SubscriptionForm::reload()
{
    m_envelope->setMessage(m_message);
    reloadFields();
    m_settings->setTarget(m_message, Pointer("/audience_subscription_settings"));
    m_previous->setTarget(m_message, Pointer("/previous_audience_subscription_settings"));
}

} // namespace fhw::gui
