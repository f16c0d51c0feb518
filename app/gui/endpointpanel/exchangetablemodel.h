#pragma once

#include "endpoint/exchange.h"

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>
#include <QStringList>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <vector>

namespace fhw::gui {

// The exchanges the embedded endpoint captured, newest last, bounded twice: by row count (the oldest
// rows go first) and by the bytes the rows' details (headers, bodies, findings) hold — past that
// budget the oldest rows keep only their summary (the columns), so a run of large batches cannot
// grow memory without limit. Rows arrive in batches: one insert (and at most one remove) per batch.
class ExchangeTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { TimeColumn, MethodColumn, PathColumn, TypeColumn, StatusColumn, HandlingColumn,
                  FindingsColumn, FaultColumn, ColumnCount };
    enum Role { SequenceRole = Qt::UserRole + 1, StatusRole, HandlingUsRole };

    using ExchangePtr = std::shared_ptr<const endpoint::Exchange>;

    explicit ExchangeTableModel(QObject *parent = nullptr, std::size_t capacity = 10'000);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Appends in order (oldest first); drops the oldest rows past the capacity. A batch larger than
    // the capacity keeps only its newest rows.
    void append(std::vector<ExchangePtr> batch);
    void clear();

    void setCapacity(std::size_t capacity); // at least 1; trims at once
    std::size_t capacity() const { return m_capacity; }
    void setDetailBudget(std::size_t bytes); // 64 MiB by default
    std::size_t detailBytes() const { return m_detailBytes; }

    // The full exchange, or null when the row's details were released (over the budget).
    ExchangePtr exchangeAt(int row) const;
    std::uint64_t sequenceAt(int row) const;
    std::uint64_t droppedRows() const { return m_dropped; } // over the capacity since the last clear()

    // Whether the row matches every whitespace-separated term (case-insensitive) of a filter: a
    // term matches the status ("503", "5" for every 5xx), the type (short or wire name), the path,
    // the method or the fault.
    bool rowMatches(int row, const QStringList &terms) const;

    static QString shortTypeName(protocol::MessageType type); // "events", "registration", ...

private:
    struct Row
    {
        std::uint64_t sequence = 0;
        qint64 receivedMs = 0;
        QString method;
        QString path;
        std::optional<protocol::MessageType> type;
        int status = 0;
        qint64 handlingUs = 0;
        int findings = 0;
        int errors = 0;
        QString fault;
        ExchangePtr exchange; // null once released
        std::size_t bytes = 0;
    };

    static Row makeRow(ExchangePtr exchange);
    void releaseDetails();

    std::deque<Row> m_rows;
    std::size_t m_capacity;
    std::size_t m_detailBudget = 64u * 1024u * 1024u;
    std::size_t m_detailBytes = 0;
    std::size_t m_firstWithDetail = 0; // rows before it have released their details
    std::uint64_t m_dropped = 0;
};

// The table's filter: ExchangeTableModel::rowMatches() over the source rows; no sorting, so the
// arrival order stays and appends stay cheap.
class ExchangeFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit ExchangeFilterModel(QObject *parent = nullptr);
    void setFilterText(const QString &text);
    QString filterText() const { return m_text; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_text;
    QStringList m_terms;
};

} // namespace fhw::gui
