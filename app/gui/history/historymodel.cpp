#include "historymodel.h"

#include <QApplication>
#include <QColor>
#include <QDateTime>
#include <QLocale>
#include <QStyle>

#include <algorithm>
#include <functional>

namespace fhw::gui {

using workspace::HistoryRow;

namespace {

QString fromStd(const std::string &text)
{
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

bool lessById(const HistoryRow &row, const std::string &id)
{
    return row.id < id;
}

} // namespace

QString historyTypeLabel(const std::string &wireName)
{
    static const std::pair<const char *, const char *> labels[] = {
        {"module_registration_request", QT_TRANSLATE_NOOP("HistoryModel", "registration")},
        {"event_processing_request", QT_TRANSLATE_NOOP("HistoryModel", "event batch")},
        {"audience_subscription_request", QT_TRANSLATE_NOOP("HistoryModel", "audience subscription")},
        {"audience_membership_change_request", QT_TRANSLATE_NOOP("HistoryModel", "membership change")},
        {"dsr_processing_request", QT_TRANSLATE_NOOP("HistoryModel", "DSR")},
    };
    for (const auto &[wire, label] : labels) {
        if (wireName == wire)
            return QCoreApplication::translate("HistoryModel", label);
    }
    return fromStd(wireName);
}

HistoryModel::HistoryModel(QObject *parent)
    : QAbstractTableModel(parent), m_rows(std::make_shared<std::vector<HistoryRow>>())
{
    if (QStyle *style = QApplication::style()) {
        m_successIcon = style->standardIcon(QStyle::SP_DialogApplyButton);
        m_failureIcon = style->standardIcon(QStyle::SP_MessageBoxWarning);
    }
}

HistoryModel::~HistoryModel() = default;

int HistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_visible.size());
}

int HistoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString HistoryModel::timeText(const HistoryRow &row) const
{
    const QDateTime time = QDateTime::fromString(fromStd(row.time), Qt::ISODateWithMs);
    return time.isValid() ? time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) : fromStd(row.time);
}

QVariant HistoryModel::data(const QModelIndex &index, int role) const
{
    const HistoryRow *row = index.isValid() ? rowAt(index.row()) : nullptr;
    if (!row)
        return {};
    const bool success = row->verdict == "success";
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn: return timeText(*row);
        case TypeColumn: return historyTypeLabel(row->type);
        case StatusColumn: return row->status ? QString::number(row->status) : tr("none");
        case VerdictColumn: return fromStd(row->verdict);
        case MsColumn: return QLocale().toString(row->ms, 'f', row->ms < 10 ? 2 : 1);
        case UrlColumn: return fromStd(row->url);
        default: return {};
        }
    case Qt::ToolTipRole: {
        QString tip = fromStd(row->summary);
        if (row->attempts > 1)
            tip += QLatin1Char('\n') + tr("%n attempt(s)", nullptr, row->attempts);
        if (index.column() == TimeColumn)
            tip = fromStd(row->time) + QLatin1Char('\n') + tip;
        if (index.column() == UrlColumn)
            tip = fromStd(row->url) + QLatin1Char('\n') + tip;
        return tip;
    }
    case Qt::DecorationRole:
        if (index.column() == VerdictColumn)
            return success ? m_successIcon : m_failureIcon;
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == StatusColumn || index.column() == MsColumn)
            return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
        return {};
    case IdRole: return fromStd(row->id);
    default: return {};
    }
}

QVariant HistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn: return tr("Time");
    case TypeColumn: return tr("Type");
    case StatusColumn: return tr("Status");
    case VerdictColumn: return tr("Verdict");
    case MsColumn: return tr("ms");
    case UrlColumn: return tr("URL");
    default: return {};
    }
}

const HistoryRow *HistoryModel::rowAt(int row) const
{
    if (row < 0 || static_cast<std::size_t>(row) >= m_visible.size())
        return nullptr;
    return &(*m_rows)[static_cast<std::size_t>(m_visible[static_cast<std::size_t>(row)])];
}

std::string HistoryModel::idAt(int row) const
{
    const HistoryRow *found = rowAt(row);
    return found ? found->id : std::string();
}

int HistoryModel::indexOfId(const std::string &id) const
{
    const auto it = std::lower_bound(m_rows->begin(), m_rows->end(), id, lessById);
    return it != m_rows->end() && it->id == id ? static_cast<int>(it - m_rows->begin()) : -1;
}

int HistoryModel::visiblePosition(int index) const
{
    const auto it = std::lower_bound(m_visible.begin(), m_visible.end(), index, std::greater<>());
    return it != m_visible.end() && *it == index ? static_cast<int>(it - m_visible.begin()) : -1;
}

int HistoryModel::rowOfId(const std::string &id) const
{
    const int index = indexOfId(id);
    return index < 0 || m_removed[static_cast<std::size_t>(index)] ? -1 : visiblePosition(index);
}

std::vector<HistoryRow> &HistoryModel::mutableRows()
{
    if (m_rows.use_count() > 1) // a filter job reads them: it keeps its copy
        m_rows = std::make_shared<std::vector<HistoryRow>>(*m_rows);
    return *m_rows;
}

void HistoryModel::rebuildVisible()
{
    m_visible.clear();
    const auto &rows = *m_rows;
    for (std::size_t i = rows.size(); i-- > 0;) {
        if (!m_removed[i] && rows[i].matches(m_needle))
            m_visible.push_back(static_cast<int>(i));
    }
}

void HistoryModel::setRows(std::vector<HistoryRow> rows)
{
    beginResetModel();
    // Room to grow: an append must not move 100,000 rows to a new buffer while the user waits.
    rows.reserve(rows.size() + rows.size() / 4 + 256);
    m_rows = std::make_shared<std::vector<HistoryRow>>(std::move(rows));
    m_removed.assign(m_rows->size(), 0);
    m_removed.reserve(m_rows->capacity());
    m_live = m_rows->size();
    ++m_layout;
    rebuildVisible();
    endResetModel();
}

void HistoryModel::clear()
{
    setRows({});
}

void HistoryModel::addRow(HistoryRow row)
{
    const auto it = std::lower_bound(m_rows->begin(), m_rows->end(), row.id, lessById);
    if (it != m_rows->end() && it->id == row.id)
        return;
    const auto index = static_cast<int>(it - m_rows->begin());
    const bool atEnd = it == m_rows->end();
    const bool shown = row.matches(m_needle);
    auto &rows = mutableRows();
    rows.insert(rows.begin() + index, std::move(row));
    m_removed.insert(m_removed.begin() + index, 0);
    ++m_live;
    if (!atEnd) { // an older id arrived late: later indices move up by one
        ++m_layout;
        for (int &visible : m_visible) {
            if (visible >= index)
                ++visible;
        }
    }
    if (!shown)
        return;
    const auto position = std::lower_bound(m_visible.begin(), m_visible.end(), index, std::greater<>()) - m_visible.begin();
    beginInsertRows({}, static_cast<int>(position), static_cast<int>(position));
    m_visible.insert(m_visible.begin() + position, index);
    endInsertRows();
}

void HistoryModel::removeIds(const std::vector<std::string> &ids)
{
    // Many at once (a lowered bound, say): one reset is cheaper than thousands of row removals.
    const bool reset = ids.size() > 64;
    if (reset)
        beginResetModel();
    for (const std::string &id : ids) {
        const int index = indexOfId(id);
        if (index < 0 || m_removed[static_cast<std::size_t>(index)])
            continue;
        m_removed[static_cast<std::size_t>(index)] = 1;
        --m_live;
        const int position = visiblePosition(index);
        if (position < 0)
            continue;
        if (!reset)
            beginRemoveRows({}, position, position);
        m_visible.erase(m_visible.begin() + position);
        if (!reset)
            endRemoveRows();
    }
    compactIfNeeded();
    if (reset)
        endResetModel();
}

void HistoryModel::compactIfNeeded()
{
    const std::size_t dead = m_rows->size() - m_live;
    if (dead < 1024 || dead < m_live)
        return;
    // Drop the deleted rows; the shown rows stay where they are, only their indices change.
    std::vector<HistoryRow> kept;
    kept.reserve(m_live);
    std::vector<int> newIndex(m_rows->size(), -1);
    for (std::size_t i = 0; i < m_rows->size(); ++i) {
        if (m_removed[i])
            continue;
        newIndex[i] = static_cast<int>(kept.size());
        kept.push_back((*m_rows)[i]);
    }
    for (int &visible : m_visible)
        visible = newIndex[static_cast<std::size_t>(visible)];
    m_rows = std::make_shared<std::vector<HistoryRow>>(std::move(kept));
    m_removed.assign(m_rows->size(), 0);
    ++m_layout;
}

HistoryModel::Snapshot HistoryModel::snapshot() const
{
    return Snapshot{m_rows, m_rows->size(), m_layout};
}

std::vector<int> HistoryModel::filterRows(const Snapshot &snapshot, const std::string &needle, const std::stop_token &stop)
{
    std::vector<int> matches;
    const auto &rows = *snapshot.rows;
    for (std::size_t i = snapshot.count; i-- > 0;) {
        if ((i & 0x3FFF) == 0 && stop.stop_requested())
            return {};
        if (rows[i].matches(needle))
            matches.push_back(static_cast<int>(i));
    }
    return matches;
}

bool HistoryModel::applyFilter(const Snapshot &snapshot, const std::string &needle, std::vector<int> matches)
{
    if (snapshot.layout != m_layout)
        return false;
    beginResetModel();
    m_needle = needle;
    // Rows added since the snapshot (at its end: the layout did not change) are checked here.
    std::vector<int> visible;
    visible.reserve(matches.size() + 16);
    for (std::size_t i = m_rows->size(); i-- > snapshot.count;) {
        if (!m_removed[i] && (*m_rows)[i].matches(m_needle))
            visible.push_back(static_cast<int>(i));
    }
    for (int index : matches) {
        if (!m_removed[static_cast<std::size_t>(index)])
            visible.push_back(index);
    }
    m_visible = std::move(visible);
    endResetModel();
    return true;
}

void HistoryModel::applyIds(const std::string &needle, const std::vector<std::string> &ids)
{
    beginResetModel();
    m_needle = needle;
    m_visible.clear();
    for (const std::string &id : ids) {
        const int index = indexOfId(id);
        if (index >= 0 && !m_removed[static_cast<std::size_t>(index)])
            m_visible.push_back(index);
    }
    std::ranges::sort(m_visible, std::greater<>());
    const auto [first, last] = std::ranges::unique(m_visible);
    m_visible.erase(first, last);
    endResetModel();
}

} // namespace fhw::gui
