#pragma once

#include "historyentry.h"

#include "common/error.h"
#include "transport/httpsender.h"
#include "transport/sendresult.h"

#include <QString>

#include <chrono>
#include <cstdint>
#include <deque>
#include <expected>
#include <functional>
#include <map>
#include <mutex>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

namespace fhw::workspace {

// Every send, kept in a folder (a workspace's history/):
//   <id>.json     one entry per send (historyentry.h: makeEntry), written atomically with QSaveFile; the
//                 token is never in it. Ids sort in time order, so the folder lists oldest first.
//   index.jsonl   a header line, then one line per entry (HistoryRow) appended on each add, and a
//                 {"removed": id} line for each entry deleted since the file was last rewritten. Listing
//                 reads only this file. It is rebuilt from the entry files when missing or damaged (a line
//                 cut short by a crash, say), and checked against the folder when the store first loads.
// Bounded: append() deletes the oldest entries beyond maxEntries().
//
// Thread-safe: every call may come from any thread; the store serialises them with a mutex (an append
// writes its entry file outside it). Calls do file I/O, so the window makes them off the GUI thread
// (HistoryPanel uses QtConcurrent): the first call loads the store (100,000 entries: ~0.3 s of CPU),
// list() rereads the index (~0.15 s), clear() deletes every file, and append() waits for QSaveFile's
// sync to disk (~10 ms on this machine's disk). One process per history folder at a time.
//
// Error codes: history.write, history.unreadable, history.corrupt, history.not-found, history.cancelled.
class HistoryStore
{
public:
    explicit HistoryStore(QString dir, int maxEntries = 10'000);
    ~HistoryStore();
    HistoryStore(const HistoryStore &) = delete;
    HistoryStore &operator=(const HistoryStore &) = delete;

    QString directory() const { return m_dir; }
    QString indexPath() const;
    QString entryPath(std::string_view id) const;

    int maxEntries() const;
    void setMaxEntries(int maxEntries); // applied at the next append(), or at once by trim()

    // Every entry, oldest first. The first call loads the store: reads the index, checks it against the
    // entry files, and rewrites it if it had to be repaired. `stop` cancels (history.cancelled).
    // `revision` (when given) receives the revision the list reflects (see Change::revision).
    std::expected<std::vector<HistoryRow>, Error> list(std::stop_token stop = {}, std::uint64_t *revision = nullptr);
    // The entries whose row matches `text` (HistoryRow::matches, ASCII case-insensitive), oldest first.
    std::expected<std::vector<HistoryRow>, Error> search(std::string_view text, std::stop_token stop = {});
    // The entries whose whole file (bodies, headers, responses) contains `text`, ASCII case-insensitive;
    // reads every entry file, so it is slow on a big history.
    std::expected<std::vector<std::string>, Error> searchFiles(std::string_view text, std::stop_token stop = {});

    // Records a send (the request as sent: its token is redacted, and scrubbed wherever else it appears).
    std::expected<HistoryRow, Error> append(const transport::SendResult &result, const transport::SendRequest &request,
                                            std::chrono::system_clock::time_point when = std::chrono::system_clock::now());
    std::expected<HistoryEntry, Error> load(std::string_view id) const;
    std::expected<void, Error> remove(std::string_view id);
    // Many at once, in one pass (ids already gone are skipped; history.not-found when none was there).
    std::expected<void, Error> remove(std::vector<std::string> ids);
    std::expected<void, Error> clear();
    std::expected<void, Error> trim(); // deletes the oldest entries beyond maxEntries()
    std::expected<std::size_t, Error> size();

    // What the first load found (for tests and the log).
    struct LoadReport
    {
        bool indexRebuilt = false;     // the index was rewritten
        int entriesIndexed = 0;        // entry files the index did not list, read and added
        int linesDropped = 0;          // index lines that were damaged or named a missing file
        int temporariesRemoved = 0;    // QSaveFile leftovers of a killed process
    };
    LoadReport loadReport() const;

    // Notified after each change, on the thread that made it, outside the store's lock: keep it short
    // (post to your own thread). unsubscribe() waits for a notification in progress.
    struct Change
    {
        enum class Kind { Added, Removed, Cleared } kind = Kind::Added;
        HistoryRow row;                  // Added
        std::vector<std::string> ids;    // Removed (by remove(), or trimmed by append()/trim())
        std::uint64_t revision = 0;      // increases with each change; list() tells which it reflects
    };
    using Subscriber = std::function<void(const Change &)>;
    using SubscriptionId = std::uint64_t;
    SubscriptionId subscribe(Subscriber subscriber);
    void unsubscribe(SubscriptionId id);

private:
    // Loads on the first call (see list()); fills `rows` (oldest first) when given.
    std::expected<void, Error> ensureLoadedLocked(std::vector<HistoryRow> *rows, const std::stop_token &stop);
    std::expected<void, Error> appendIndexLocked(std::string_view lines);
    std::expected<void, Error> compactIfNeededLocked(bool force);
    std::expected<std::vector<std::string>, Error> trimLocked();
    void notify(const Change &change);

    const QString m_dir;
    mutable std::mutex m_mutex;
    int m_maxEntries;
    bool m_loaded = false;
    std::deque<std::string> m_ids; // live entries, sorted (oldest first)
    std::size_t m_deadLines = 0;   // index lines that no longer list a live entry
    std::uint64_t m_nextSequence = 1;
    std::uint64_t m_revision = 0;
    LoadReport m_report;

    std::recursive_mutex m_subscriberMutex;
    std::map<SubscriptionId, Subscriber> m_subscribers;
    SubscriptionId m_nextSubscription = 1;
};

} // namespace fhw::workspace
