#pragma once

#include "workspace/historyentry.h"

#include <QAbstractTableModel>
#include <QIcon>

#include <cstdint>
#include <memory>
#include <stop_token>
#include <string>
#include <vector>

namespace fhw::gui {

// The history as a table, newest first: time, type, status, verdict, ms, URL. Holds the rows of the
// store's index (loaded elsewhere, off the GUI thread) and a filtered view of them. Built for 100,000
// rows and more: data() formats only the cells being painted, the rows sit in one vector shared
// read-only with filter jobs (copied only if changed while a job reads it), and the filter runs on a
// worker (filterRows) with its result installed by applyFilter(). GUI thread only.
class HistoryModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { TimeColumn, TypeColumn, StatusColumn, VerdictColumn, MsColumn, UrlColumn, ColumnCount };
    enum Role { IdRole = Qt::UserRole + 1 }; // the entry's id (QString)

    explicit HistoryModel(QObject *parent = nullptr);
    ~HistoryModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Replaces everything (rows oldest first, as HistoryStore::list() gives them); the current filter is
    // applied here, on the calling thread (use applyFilter() with a worker's result for big lists).
    void setRows(std::vector<workspace::HistoryRow> rows);
    void clear();
    void addRow(workspace::HistoryRow row); // ignored when its id is already there
    void removeIds(const std::vector<std::string> &ids);

    const workspace::HistoryRow *rowAt(int row) const;
    std::string idAt(int row) const;
    int rowOfId(const std::string &id) const; // -1 when not shown
    int totalCount() const { return static_cast<int>(m_live); } // entries, whether shown or not

    // Filtering off the GUI thread: take a snapshot, run filterRows() on it anywhere, hand the result
    // to applyFilter(). A result computed on an outdated snapshot is refused (returns false: run again).
    struct Snapshot
    {
        std::shared_ptr<const std::vector<workspace::HistoryRow>> rows;
        std::size_t count = 0;
        std::uint64_t layout = 0;
    };
    Snapshot snapshot() const;
    // Indices into rows[0, count) that match `foldedNeedle`, newest first; empty when stopped.
    static std::vector<int> filterRows(const Snapshot &snapshot, const std::string &foldedNeedle,
                                       const std::stop_token &stop = {});
    bool applyFilter(const Snapshot &snapshot, const std::string &foldedNeedle, std::vector<int> matches);
    // Shows the rows with these ids (a search of the entry files); rows added later are matched against
    // `foldedNeedle` by their index fields.
    void applyIds(const std::string &foldedNeedle, const std::vector<std::string> &ids);
    const std::string &filter() const { return m_needle; } // folded; empty: everything is shown

private:
    std::vector<workspace::HistoryRow> &mutableRows(); // copies first when a filter job shares them
    int indexOfId(const std::string &id) const;        // into the rows, -1 when absent
    int visiblePosition(int index) const;              // in m_visible, -1 when not shown
    void rebuildVisible();                             // every live row matching m_needle
    void compactIfNeeded();
    QString timeText(const workspace::HistoryRow &row) const;

    std::shared_ptr<std::vector<workspace::HistoryRow>> m_rows; // sorted by id (oldest first)
    std::vector<char> m_removed;                                // per row: deleted since loaded
    std::vector<int> m_visible;                                 // rows shown, newest first
    std::size_t m_live = 0;
    std::string m_needle;
    std::uint64_t m_layout = 0; // changes when indices into m_rows shift
    QIcon m_successIcon;
    QIcon m_failureIcon;
};

// "event batch", "registration", ...: the short label of a request type's wire name.
QString historyTypeLabel(const std::string &wireName);

} // namespace fhw::gui
