#pragma once

#include "validationtask.h"

#include <QAbstractTableModel>
#include <QIcon>

namespace fhw::gui {

// The findings of the last validation as a table: severity (with icon), line, where (the JSON
// Pointer), code and message. LineRole/ColumnRole give the place in the editor's text.
class FindingsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { SeverityColumn, LineColumn, PointerColumn, CodeColumn, MessageColumn, ColumnCount };
    enum Role { LineRole = Qt::UserRole + 1, ColumnRole };

    explicit FindingsModel(QObject *parent = nullptr);

    void setFindings(QList<LocatedFinding> findings);
    const QList<LocatedFinding> &findings() const { return m_findings; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<LocatedFinding> m_findings;
    QIcon m_icons[3];
};

} // namespace fhw::gui
