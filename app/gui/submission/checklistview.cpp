#include "checklistview.h"

#include "submissiontext.h"

#include "tokens/tokenformat.h"

#include <QHeaderView>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace fhw::gui {

using submission::CheckStatus;
using submissiontext::fromStd;

ChecklistView::ChecklistView(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("checklist"));
    m_summary = new QLabel(this);
    m_summary->setTextFormat(Qt::PlainText); // never rich text: it shows what files, URLs and keys say
    m_summary->setObjectName(QStringLiteral("checklistSummary"));
    m_summary->setWordWrap(true);
    m_tree = new QTreeWidget(this);
    m_tree->setObjectName(QStringLiteral("checklistTree"));
    m_tree->setHeaderLabels({tr("Check"), tr("Status")});
    m_tree->setAccessibleName(tr("Submission checklist"));
    m_tree->setWordWrap(true);
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_summary);
    layout->addWidget(m_tree, 1);

    const auto activate = [this](QTreeWidgetItem *item) {
        while (item && item->parent())
            item = item->parent();
        if (item)
            Q_EMIT itemActivated(item->data(0, Qt::UserRole).toString());
    };
    connect(m_tree, &QTreeWidget::itemActivated, this, activate);
    connect(m_tree, &QTreeWidget::itemClicked, this, activate);
    setItems({});
}

void ChecklistView::setItems(const std::vector<submission::ChecklistItem> &items)
{
    m_items = items;
    m_tree->clear();
    const QPalette palette = m_tree->palette();
    for (const submission::ChecklistItem &item : items) {
        auto *row = new QTreeWidgetItem(m_tree);
        row->setData(0, Qt::UserRole, fromStd(item.id));
        row->setData(1, Qt::UserRole, fromStd(submission::checkStatusName(item.status)));
        row->setIcon(0, submissiontext::statusIcon(item.status, palette));
        row->setText(0, fromStd(item.title) + (item.required ? QString() : tr(" (optional)")));
        row->setText(1, submissiontext::statusName(item.status));
        row->setToolTip(0, row->text(0));
        if (item.blocksExport())
            row->setForeground(1, warningColor(palette));
        for (const std::string &detail : item.details) {
            auto *child = new QTreeWidgetItem(row);
            child->setText(0, fromStd(detail));
            child->setToolTip(0, fromStd(detail));
            child->setFirstColumnSpanned(true);
        }
        row->setExpanded(item.blocksExport() || item.status == CheckStatus::Warn);
    }
    showMessage(m_summary, summary(), blocksExport());
}

bool ChecklistView::blocksExport() const
{
    return std::ranges::any_of(m_items, &submission::ChecklistItem::blocksExport);
}

QString ChecklistView::summary() const
{
    if (m_items.empty())
        return tr("Checking…");
    const auto blocking = std::ranges::count_if(m_items, &submission::ChecklistItem::blocksExport);
    if (blocking == 0)
        return tr("Ready: every required item passes.");
    return tr("%n item(s) missing or failing: exporting anyway needs your confirmation.", nullptr, int(blocking));
}

} // namespace fhw::gui
