#pragma once

#include "submission/bundle.h"

#include <QWidget>

#include <vector>

class QLabel;
class QTreeWidget;

namespace fhw::gui {

// The bundle's checklist (submission::bundleChecklist): one row per item with its status icon, its
// details below it (open where the item blocks the export), and a line that says whether the bundle can
// go out as it is. Activating a row asks to show its section.
class ChecklistView : public QWidget
{
    Q_OBJECT

public:
    explicit ChecklistView(QWidget *parent = nullptr);

    void setItems(const std::vector<submission::ChecklistItem> &items);
    const std::vector<submission::ChecklistItem> &items() const { return m_items; }
    bool blocksExport() const; // any item blocks
    QString summary() const;
    QTreeWidget *tree() const { return m_tree; }

Q_SIGNALS:
    void itemActivated(const QString &id);

private:
    std::vector<submission::ChecklistItem> m_items;
    QLabel *m_summary;
    QTreeWidget *m_tree;
};

} // namespace fhw::gui
