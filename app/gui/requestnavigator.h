#pragma once

#include "protocol/messagetype.h"

#include <QTreeWidget>

namespace fhw::gui {

// The left-hand list: the five request types to compose, and the workspace's saved requests.
class RequestNavigator : public QTreeWidget
{
    Q_OBJECT

public:
    explicit RequestNavigator(QWidget *parent = nullptr);

    void setSavedRequests(const QStringList &names);
    void selectType(protocol::MessageType type);

Q_SIGNALS:
    void typeChosen(protocol::MessageType type);
    void savedChosen(const QString &name);

private:
    QTreeWidgetItem *m_types;
    QTreeWidgetItem *m_saved;
};

// "Event batch", "Audience membership change", ... for the request types people compose.
QString requestTypeTitle(protocol::MessageType type);

} // namespace fhw::gui
