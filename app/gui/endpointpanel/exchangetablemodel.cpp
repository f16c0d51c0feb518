#include "exchangetablemodel.h"

#include "protocol/messagetype.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>
#include <QRegularExpression>

#include <algorithm>

namespace fhw::gui {

using protocol::MessageType;

namespace {

// What a row's details hold on the heap, roughly (the same estimate as CaptureLog's).
std::size_t footprint(const endpoint::Exchange &e)
{
    std::size_t bytes = sizeof(endpoint::Exchange) + e.remoteAddress.size() + e.method.size() + e.path.size()
                        + e.requestBody.capacity() + e.responseBody.capacity() + e.fault.size();
    for (const auto &[name, value] : e.requestHeaders)
        bytes += sizeof(std::pair<std::string, std::string>) + name.size() + value.size();
    for (const auto &f : e.findings)
        bytes += sizeof(protocol::Finding) + f.pointer.size() + f.code.size() + f.message.size();
    if (e.upstream)
        bytes += e.upstream->url.size() + e.upstream->error.size();
    return bytes;
}

QString wireNameOf(MessageType type)
{
    const std::string_view name = protocol::wireName(type);
    return QString::fromLatin1(name.data(), qsizetype(name.size()));
}

} // namespace

ExchangeTableModel::ExchangeTableModel(QObject *parent, std::size_t capacity)
    : QAbstractTableModel(parent)
    , m_capacity(std::max<std::size_t>(1, capacity))
{
}

QString ExchangeTableModel::shortTypeName(MessageType type)
{
    switch (type) {
    case MessageType::ModuleRegistrationRequest:
    case MessageType::ModuleRegistrationResponse:
        return tr("registration");
    case MessageType::EventProcessingRequest:
    case MessageType::EventProcessingResponse:
        return tr("events");
    case MessageType::AudienceSubscriptionRequest:
    case MessageType::AudienceSubscriptionResponse:
        return tr("audience subscription");
    case MessageType::AudienceMembershipChangeRequest:
    case MessageType::AudienceMembershipChangeResponse:
        return tr("audience membership");
    case MessageType::DsrProcessingRequest:
    case MessageType::DsrProcessingResponse:
        return tr("dsr");
    }
    return {};
}

int ExchangeTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ExchangeTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ExchangeTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_rows.size()))
        return {};
    const Row &row = m_rows[std::size_t(index.row())];
    switch (role) {
    case SequenceRole:
        return QVariant::fromValue(quint64(row.sequence));
    case StatusRole:
        return row.status;
    case HandlingUsRole:
        return row.handlingUs;
    case Qt::TextAlignmentRole:
        if (index.column() == StatusColumn || index.column() == HandlingColumn || index.column() == FindingsColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::ForegroundRole:
        // A red that reads on light and dark palettes alike.
        if (index.column() == StatusColumn && (row.status == 0 || row.status >= 400))
            return QBrush(QColor(0xe5, 0x39, 0x35));
        if (index.column() == FindingsColumn && row.errors > 0)
            return QBrush(QColor(0xe5, 0x39, 0x35));
        return {};
    case Qt::ToolTipRole:
        switch (index.column()) {
        case TimeColumn:
            return QDateTime::fromMSecsSinceEpoch(row.receivedMs).toString(Qt::ISODateWithMs);
        case TypeColumn:
            return row.type ? wireNameOf(*row.type) : tr("no Firehose type (unparsable or unknown)");
        case StatusColumn:
            return row.status == 0 ? tr("no answer was given") : QVariant();
        case FindingsColumn:
            return tr("%1 errors, %2 findings in all").arg(row.errors).arg(row.findings);
        default:
            return {};
        }
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return QDateTime::fromMSecsSinceEpoch(row.receivedMs).toString(QStringLiteral("HH:mm:ss.zzz"));
        case MethodColumn:
            return row.method;
        case PathColumn:
            return row.path;
        case TypeColumn:
            return row.type ? shortTypeName(*row.type) : QStringLiteral("—");
        case StatusColumn:
            return row.status == 0 ? QStringLiteral("—") : QString::number(row.status);
        case HandlingColumn:
            return QString::number(double(row.handlingUs) / 1000.0, 'f', 2);
        case FindingsColumn:
            return row.findings;
        case FaultColumn:
            return row.fault;
        default:
            return {};
        }
    default:
        return {};
    }
}

QVariant ExchangeTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::TextAlignmentRole && (section == StatusColumn || section == HandlingColumn || section == FindingsColumn))
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn: return tr("Time");
    case MethodColumn: return tr("Method");
    case PathColumn: return tr("Path");
    case TypeColumn: return tr("Type");
    case StatusColumn: return tr("Status");
    case HandlingColumn: return tr("Handling ms");
    case FindingsColumn: return tr("Findings");
    case FaultColumn: return tr("Fault");
    default: return {};
    }
}

ExchangeTableModel::Row ExchangeTableModel::makeRow(ExchangePtr exchange)
{
    Row row;
    const endpoint::Exchange &e = *exchange;
    row.sequence = e.sequence;
    row.receivedMs = std::chrono::duration_cast<std::chrono::milliseconds>(e.received.time_since_epoch()).count();
    row.method = QString::fromStdString(e.method);
    row.path = QString::fromStdString(e.path);
    row.type = e.type;
    row.status = e.status;
    row.handlingUs = e.handlingUs;
    row.findings = int(e.findings.size());
    row.errors = int(std::count_if(e.findings.begin(), e.findings.end(),
                                   [](const protocol::Finding &f) { return f.severity == protocol::Severity::Error; }));
    row.fault = QString::fromStdString(e.fault);
    row.bytes = footprint(e);
    row.exchange = std::move(exchange);
    return row;
}

void ExchangeTableModel::append(std::vector<ExchangePtr> batch)
{
    std::erase(batch, nullptr);
    if (batch.empty())
        return;
    std::size_t skip = 0;
    if (batch.size() > m_capacity) {
        skip = batch.size() - m_capacity;
        m_dropped += skip;
    }
    const std::size_t incoming = batch.size() - skip;
    const std::size_t total = m_rows.size() + incoming;
    if (total > m_capacity) {
        const std::size_t overflow = total - m_capacity;
        beginRemoveRows({}, 0, int(overflow) - 1);
        for (std::size_t i = 0; i < overflow; ++i) {
            if (m_firstWithDetail > 0)
                --m_firstWithDetail;
            else
                m_detailBytes -= std::min(m_detailBytes, m_rows.front().bytes);
            m_rows.pop_front();
        }
        m_dropped += overflow;
        endRemoveRows();
    }
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(incoming) - 1);
    for (std::size_t i = skip; i < batch.size(); ++i) {
        Row row = makeRow(std::move(batch[i]));
        m_detailBytes += row.bytes;
        m_rows.push_back(std::move(row));
    }
    endInsertRows();
    releaseDetails();
}

void ExchangeTableModel::releaseDetails()
{
    // The newest row always keeps its details, whatever its size.
    while (m_detailBytes > m_detailBudget && m_firstWithDetail + 1 < m_rows.size()) {
        Row &row = m_rows[m_firstWithDetail++];
        m_detailBytes -= std::min(m_detailBytes, row.bytes);
        row.exchange.reset();
    }
}

void ExchangeTableModel::clear()
{
    beginResetModel();
    m_rows.clear();
    m_detailBytes = 0;
    m_firstWithDetail = 0;
    m_dropped = 0;
    endResetModel();
}

void ExchangeTableModel::setCapacity(std::size_t capacity)
{
    m_capacity = std::max<std::size_t>(1, capacity);
    if (m_rows.size() <= m_capacity)
        return;
    const std::size_t overflow = m_rows.size() - m_capacity;
    beginRemoveRows({}, 0, int(overflow) - 1);
    for (std::size_t i = 0; i < overflow; ++i) {
        if (m_firstWithDetail > 0)
            --m_firstWithDetail;
        else
            m_detailBytes -= std::min(m_detailBytes, m_rows.front().bytes);
        m_rows.pop_front();
    }
    m_dropped += overflow;
    endRemoveRows();
}

void ExchangeTableModel::setDetailBudget(std::size_t bytes)
{
    m_detailBudget = bytes;
    releaseDetails();
}

ExchangeTableModel::ExchangePtr ExchangeTableModel::exchangeAt(int row) const
{
    if (row < 0 || row >= int(m_rows.size()))
        return nullptr;
    return m_rows[std::size_t(row)].exchange;
}

std::uint64_t ExchangeTableModel::sequenceAt(int row) const
{
    if (row < 0 || row >= int(m_rows.size()))
        return 0;
    return m_rows[std::size_t(row)].sequence;
}

bool ExchangeTableModel::rowMatches(int rowIndex, const QStringList &terms) const
{
    if (rowIndex < 0 || rowIndex >= int(m_rows.size()))
        return false;
    const Row &row = m_rows[std::size_t(rowIndex)];
    const QString status = row.status == 0 ? QStringLiteral("no-answer") : QString::number(row.status);
    for (const QString &term : terms) {
        const bool matches = status.startsWith(term, Qt::CaseInsensitive)
                             || row.path.contains(term, Qt::CaseInsensitive)
                             || row.method.contains(term, Qt::CaseInsensitive)
                             || row.fault.contains(term, Qt::CaseInsensitive)
                             || (row.type && (shortTypeName(*row.type).contains(term, Qt::CaseInsensitive)
                                              || wireNameOf(*row.type).contains(term, Qt::CaseInsensitive)));
        if (!matches)
            return false;
    }
    return true;
}

// ---- ExchangeFilterModel ---------------------------------------------------------------------------

ExchangeFilterModel::ExchangeFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
}

void ExchangeFilterModel::setFilterText(const QString &text)
{
    if (text == m_text)
        return;
    m_text = text;
    m_terms = text.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
    invalidateFilter();
}

bool ExchangeFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_terms.isEmpty() || sourceParent.isValid())
        return true;
    const auto *model = qobject_cast<const ExchangeTableModel *>(sourceModel());
    return !model || model->rowMatches(sourceRow, m_terms);
}

} // namespace fhw::gui
