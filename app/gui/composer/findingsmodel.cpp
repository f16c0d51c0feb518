#include "findingsmodel.h"

#include <QApplication>
#include <QStyle>

namespace fhw::gui {

FindingsModel::FindingsModel(QObject *parent)
    : QAbstractTableModel(parent)
{
    const QStyle *style = QApplication::style();
    m_icons[0] = QIcon::fromTheme(QStringLiteral("dialog-error"), style->standardIcon(QStyle::SP_MessageBoxCritical));
    m_icons[1] = QIcon::fromTheme(QStringLiteral("dialog-warning"), style->standardIcon(QStyle::SP_MessageBoxWarning));
    m_icons[2] = QIcon::fromTheme(QStringLiteral("dialog-information"),
                                  style->standardIcon(QStyle::SP_MessageBoxInformation));
}

void FindingsModel::setFindings(QList<LocatedFinding> findings)
{
    beginResetModel();
    m_findings = std::move(findings);
    endResetModel();
}

int FindingsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_findings.size());
}

int FindingsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FindingsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_findings.size())
        return {};
    const LocatedFinding &located = m_findings.at(index.row());
    const protocol::Finding &finding = located.finding;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case SeverityColumn: return QString::fromLatin1(protocol::severityName(finding.severity));
        case LineColumn: return located.line + 1;
        case PointerColumn:
            if (!finding.pointer.empty())
                return QString::fromStdString(finding.pointer);
            return finding.code.starts_with("parse.") ? tr("(text)") : tr("(message)");
        case CodeColumn: return QString::fromStdString(finding.code);
        case MessageColumn: return QString::fromStdString(finding.message);
        default: return {};
        }
    case Qt::DecorationRole:
        if (index.column() == SeverityColumn)
            return m_icons[std::clamp(int(finding.severity), 0, 2)];
        return {};
    case Qt::ToolTipRole: {
        QString tip = QString::fromStdString(finding.message);
        if (!located.exact && !finding.pointer.empty())
            tip += u'\n' + tr("Not in the text; shown at the nearest enclosing member.");
        return tip;
    }
    case LineRole: return located.line;
    case ColumnRole: return located.column;
    default: return {};
    }
}

QVariant FindingsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case SeverityColumn: return tr("Severity");
    case LineColumn: return tr("Line");
    case PointerColumn: return tr("Where");
    case CodeColumn: return tr("Code");
    case MessageColumn: return tr("Finding");
    default: return {};
    }
}

} // namespace fhw::gui
