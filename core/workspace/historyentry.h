#pragma once

#include "common/error.h"
#include "protocol/json.h"
#include "protocol/messagetype.h"
#include "transport/httpsender.h"
#include "transport/sendresult.h"

#include <chrono>
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>

namespace fhw::workspace {

// One send as the history index lists it (one line of history/index.jsonl): enough for a table row
// and a search, without opening the entry's file.
struct HistoryRow
{
    std::string id;      // "0000000042-9f3a1c": sequence and a random suffix; the file is history/<id>.json
    std::string time;    // when it was sent, ISO 8601 UTC with milliseconds ("2026-01-31T12:00:00.123Z")
    std::string type;    // the request's wire name ("event_processing_request")
    std::string url;
    long status = 0;     // the last attempt's HTTP status; 0: no response
    std::string verdict; // transport::verdictName ("success", "final-status", ...)
    double ms = 0;       // the last attempt's total time
    int attempts = 0;
    std::string summary; // SendResult::summary
    std::string excerpt; // the request body's first characters, whitespace collapsed

    std::optional<protocol::MessageType> messageType() const;
    // Whether `needle` (already folded with foldForSearch()) occurs in any field: id, time, type, url,
    // status, verdict, summary, excerpt. An empty needle matches.
    bool matches(std::string_view foldedNeedle) const;

    friend bool operator==(const HistoryRow &, const HistoryRow &) = default;
};

// ASCII letters lower-cased (other bytes as they are): the case folding of history searches.
std::string foldForSearch(std::string_view text);

// One entry file (history/<id>.json), as HistoryStore::load() returns it.
struct HistoryEntry
{
    HistoryRow row;
    protocol::MessageType type = protocol::MessageType::EventProcessingRequest;
    std::string body;        // the request body as sent (pretty-printed when it was JSON)
    protocol::Json document; // the whole file: {format, version, id, time, type, url, request, result}
};

namespace history {

inline constexpr std::string_view entryFormat = "firehose-workbench/history-entry";
inline constexpr std::string_view indexFormat = "firehose-workbench/history-index";
inline constexpr int formatVersion = 1;
inline constexpr std::size_t excerptLength = 100;

// "0000000042-9f3a1c"; whether a string is such an id (what keeps ids from naming other files).
std::string makeId(std::uint64_t sequence, std::uint32_t random);
bool isId(std::string_view id);
std::uint64_t sequenceOf(std::string_view id); // 0 unless isId()

std::string formatTime(std::chrono::system_clock::time_point time);

// The entry file's JSON: the request's headers with the token redacted, its body embedded as JSON (or
// "bodyText" when it is not JSON) and transport::toJson(result). Any string anywhere in it that contains
// the token (a URL, an echoed response) has it replaced by "••••": the token is never written.
// `row` receives the index row of the same entry.
protocol::Json makeEntry(const std::string &id, std::chrono::system_clock::time_point time,
                         const transport::SendResult &result, const transport::SendRequest &request,
                         HistoryRow *row = nullptr);

// An entry file's JSON back to its row and body; history.corrupt when it is not an entry.
std::expected<HistoryEntry, Error> entryFromJson(protocol::Json document);

// One line of index.jsonl (with its '\n'), and back. The first line of the index is headerLine().
std::string indexLine(const HistoryRow &row);
std::string removalLine(std::string_view id); // {"removed": id}: a later line that drops an entry
std::string headerLine();

struct IndexLine
{
    enum class Kind { Row, Removal, Header } kind = Kind::Row;
    HistoryRow row; // for Row; row.id alone for Removal
};
std::optional<IndexLine> parseIndexLine(std::string_view line);

} // namespace history

} // namespace fhw::workspace
