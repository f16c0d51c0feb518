#include "requestnavigator.h"

#include <QHeaderView>

namespace fhw::gui {

namespace {

enum Role { TypeRole = Qt::UserRole + 1, SavedRole };

constexpr protocol::MessageType composable[] = {
    protocol::MessageType::ModuleRegistrationRequest, protocol::MessageType::EventProcessingRequest,
    protocol::MessageType::AudienceSubscriptionRequest, protocol::MessageType::AudienceMembershipChangeRequest,
    protocol::MessageType::DsrProcessingRequest};

} // namespace

QString requestTypeTitle(protocol::MessageType type)
{
    switch (type) {
    case protocol::MessageType::ModuleRegistrationRequest: return RequestNavigator::tr("Registration");
    case protocol::MessageType::EventProcessingRequest: return RequestNavigator::tr("Event batch");
    case protocol::MessageType::AudienceSubscriptionRequest: return RequestNavigator::tr("Audience subscription");
    case protocol::MessageType::AudienceMembershipChangeRequest: return RequestNavigator::tr("Audience membership change");
    case protocol::MessageType::DsrProcessingRequest: return RequestNavigator::tr("Data subject request (DSR)");
    default: return QString::fromUtf8(protocol::wireName(type).data());
    }
}

RequestNavigator::RequestNavigator(QWidget *parent)
    : QTreeWidget(parent)
{
    setObjectName(QStringLiteral("requestNavigator"));
    setHeaderHidden(true);
    setRootIsDecorated(true);
    m_types = new QTreeWidgetItem(this, {tr("New request")});
    m_types->setFlags(Qt::ItemIsEnabled);
    for (const auto type : composable) {
        auto *item = new QTreeWidgetItem(m_types, {requestTypeTitle(type)});
        item->setData(0, TypeRole, static_cast<int>(type));
        item->setToolTip(0, QString::fromUtf8(protocol::wireName(type).data()));
    }
    m_saved = new QTreeWidgetItem(this, {tr("Saved requests")});
    m_saved->setFlags(Qt::ItemIsEnabled);
    expandAll();
    // One click (or Enter) opens: the navigator is how people move between requests.
    const auto open = [this](QTreeWidgetItem *item) {
        if (const QVariant type = item->data(0, TypeRole); type.isValid())
            Q_EMIT typeChosen(static_cast<protocol::MessageType>(type.toInt()));
        else if (const QVariant saved = item->data(0, SavedRole); saved.isValid())
            Q_EMIT savedChosen(saved.toString());
    };
    connect(this, &QTreeWidget::itemActivated, this, open);
    connect(this, &QTreeWidget::itemClicked, this, open);
}

void RequestNavigator::setSavedRequests(const QStringList &names)
{
    qDeleteAll(m_saved->takeChildren());
    for (const QString &name : names) {
        auto *item = new QTreeWidgetItem(m_saved, {name});
        item->setData(0, SavedRole, name);
    }
    if (names.isEmpty()) {
        auto *hint = new QTreeWidgetItem(m_saved, {tr("(none yet: Request ▸ Save Request)")});
        hint->setFlags(Qt::NoItemFlags);
    }
    m_saved->setExpanded(true);
}

void RequestNavigator::selectType(protocol::MessageType type)
{
    for (int i = 0; i < m_types->childCount(); ++i) {
        QTreeWidgetItem *item = m_types->child(i);
        if (item->data(0, TypeRole).toInt() == static_cast<int>(type)) {
            const QSignalBlocker blocker(this);
            setCurrentItem(item);
        }
    }
}

} // namespace fhw::gui
