#include "historystore.h"

#include "jsonfile_p.h"
#include "workspacesettings.h"

#include "protocol/parse.h"

#include <QDir>
#include <QFile>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <random>

namespace fhw::workspace {

namespace {

constexpr std::size_t maxIndexBytes = std::size_t(2) * 1024 * 1024 * 1024;
constexpr std::size_t maxEntryBytes = 512u * 1024u * 1024u;
constexpr const char *indexFileName = "index.jsonl";

std::unexpected<Error> cancelled()
{
    return std::unexpected(Error{"history.cancelled", "Cancelled."});
}

std::uint32_t randomSuffix()
{
    thread_local std::mt19937 engine{std::random_device{}()};
    return static_cast<std::uint32_t>(engine());
}

struct IndexContents
{
    std::vector<HistoryRow> rows; // sorted by id, removals applied
    bool damaged = false;         // missing, no valid header, a bad line or a last line cut short
    int linesDropped = 0;         // bad lines
    std::size_t deadLines = 0;    // removal lines and the lines they cancel
};

std::expected<IndexContents, Error> readIndex(const QString &path, const std::stop_token &stop)
{
    IndexContents out;
    if (!QFile::exists(path)) {
        out.damaged = true;
        return out;
    }
    auto bytes = detail::readWholeFile(path, maxIndexBytes, "history.unreadable", "history.unreadable");
    if (!bytes)
        return std::unexpected(bytes.error());
    const std::string_view text(*bytes);
    std::vector<std::string> removed;
    std::size_t at = 0;
    bool header = false;
    out.rows.reserve(text.size() / 300 + 16);
    while (at < text.size()) {
        if ((out.rows.size() & 0xFFF) == 0 && stop.stop_requested())
            return cancelled();
        const std::size_t end = text.find('\n', at);
        if (end == std::string_view::npos) { // cut short by a crash: the entry's file is still there
            out.damaged = true;
            ++out.linesDropped;
            break;
        }
        const std::string_view lineText = text.substr(at, end - at);
        at = end + 1;
        auto line = history::parseIndexLine(lineText);
        if (!line || (header ? line->kind == history::IndexLine::Kind::Header
                             : line->kind != history::IndexLine::Kind::Header)) {
            if (!header) { // no header, or another version: nothing in it can be trusted
                out.damaged = true;
                out.rows.clear();
                return out;
            }
            out.damaged = true;
            ++out.linesDropped;
            continue;
        }
        switch (line->kind) {
        case history::IndexLine::Kind::Header: header = true; break;
        case history::IndexLine::Kind::Removal: removed.push_back(std::move(line->row.id)); break;
        case history::IndexLine::Kind::Row: out.rows.push_back(std::move(line->row)); break;
        }
    }
    if (!header)
        out.damaged = true;
    const auto byId = [](const HistoryRow &a, const HistoryRow &b) { return a.id < b.id; };
    if (!std::ranges::is_sorted(out.rows, byId))
        std::ranges::stable_sort(out.rows, byId);
    std::ranges::sort(removed);
    const std::size_t before = out.rows.size();
    const auto [first, last] = std::ranges::unique(out.rows, {}, &HistoryRow::id);
    out.rows.erase(first, last);
    std::erase_if(out.rows, [&](const HistoryRow &row) { return std::ranges::binary_search(removed, row.id); });
    out.deadLines = removed.size() + (before - out.rows.size());
    return out;
}

std::expected<void, Error> writeIndex(const QString &path, const std::vector<HistoryRow> &rows)
{
    std::string text = history::headerLine();
    text.reserve(rows.size() * 320 + text.size());
    for (const HistoryRow &row : rows)
        text += history::indexLine(row);
    return detail::writeFileAtomically(path, text, "history.write");
}

// The ids of the entry files in `dir`, sorted. One pass over the folder also finds the temporaries of
// QSaveFile ("<id>.json.XXXXXX", "index.jsonl.XXXXXX") that a killed process left behind.
std::vector<std::string> entryFileIds(const QString &dir, std::vector<std::filesystem::path> *temporaries = nullptr)
{
    std::vector<std::string> ids;
    std::error_code error;
    for (std::filesystem::directory_iterator it(QFile::encodeName(dir).toStdString(), error), end; !error && it != end;
         it.increment(error)) {
        const std::string name = it->path().filename().string();
        if (name.size() == 22 && name.ends_with(".json") && history::isId(std::string_view(name).substr(0, 17)))
            ids.push_back(name.substr(0, 17));
        else if (temporaries && name.size() > 7 && name[name.size() - 7] == '.'
                 && ((name.size() == 29 && history::isId(std::string_view(name).substr(0, 17))
                      && std::string_view(name).substr(17, 5) == ".json")
                     || (name.size() == 18 && name.starts_with(indexFileName))))
            temporaries->push_back(it->path());
    }
    std::ranges::sort(ids);
    return ids;
}

// Removes the temporaries older than a minute (a younger one may be a save in progress elsewhere).
int removeStaleTemporaries(const std::vector<std::filesystem::path> &temporaries)
{
    int removed = 0;
    const auto cutoff = std::filesystem::file_time_type::clock::now() - std::chrono::minutes(1);
    for (const auto &path : temporaries) {
        std::error_code error;
        const auto modified = std::filesystem::last_write_time(path, error);
        if (!error && modified < cutoff && std::filesystem::remove(path, error))
            ++removed;
    }
    return removed;
}

} // namespace

HistoryStore::HistoryStore(QString dir, int maxEntries)
    : m_dir(QDir(dir).absolutePath()), m_maxEntries(std::clamp(maxEntries, 1, maxHistoryEntries))
{
}

HistoryStore::~HistoryStore() = default;

QString HistoryStore::indexPath() const
{
    return QDir(m_dir).filePath(QLatin1String(indexFileName));
}

QString HistoryStore::entryPath(std::string_view id) const
{
    return QDir(m_dir).filePath(QString::fromUtf8(id.data(), static_cast<qsizetype>(id.size())) + QLatin1String(".json"));
}

int HistoryStore::maxEntries() const
{
    std::lock_guard lock(m_mutex);
    return m_maxEntries;
}

void HistoryStore::setMaxEntries(int maxEntries)
{
    std::lock_guard lock(m_mutex);
    m_maxEntries = std::clamp(maxEntries, 1, maxHistoryEntries);
}

HistoryStore::LoadReport HistoryStore::loadReport() const
{
    std::lock_guard lock(m_mutex);
    return m_report;
}

std::expected<void, Error> HistoryStore::ensureLoadedLocked(std::vector<HistoryRow> *rows, const std::stop_token &stop)
{
    if (m_loaded) {
        if (!rows)
            return {};
        auto index = readIndex(indexPath(), stop);
        if (!index)
            return std::unexpected(index.error());
        *rows = std::move(index->rows); // appends and removals are written under the same lock: it agrees with m_ids
        return {};
    }

    if (!QDir().mkpath(m_dir))
        return std::unexpected(Error{"history.write", "Cannot create the folder " + detail::nativePathUtf8(m_dir) + "."});
    LoadReport report;
    auto index = readIndex(indexPath(), stop);
    if (!index)
        return std::unexpected(index.error());
    std::vector<std::filesystem::path> temporaries;
    const std::vector<std::string> files = entryFileIds(m_dir, &temporaries);
    report.temporariesRemoved = removeStaleTemporaries(temporaries);
    if (stop.stop_requested())
        return cancelled();

    // The index against the folder: a line whose file is gone is dropped; a file the index does not
    // list (its line never written, or the index lost) is read and added.
    std::vector<HistoryRow> merged;
    merged.reserve(files.size());
    bool changed = index->damaged;
    std::size_t i = 0;
    for (const std::string &id : files) {
        while (i < index->rows.size() && index->rows[i].id < id) {
            ++i;
            ++report.linesDropped;
            changed = true;
        }
        if (i < index->rows.size() && index->rows[i].id == id) {
            merged.push_back(std::move(index->rows[i++]));
            continue;
        }
        if ((merged.size() & 0xFF) == 0 && stop.stop_requested())
            return cancelled();
        changed = true;
        auto entry = load(id);
        if (!entry)
            continue; // not an entry (QSaveFile never leaves half a file): left alone, not listed
        ++report.entriesIndexed;
        merged.push_back(std::move(entry->row));
    }
    report.linesDropped += static_cast<int>(index->rows.size() - i) + index->linesDropped;
    changed = changed || i < index->rows.size();

    if (changed || index->deadLines > merged.size() / 4 + 64) {
        if (auto written = writeIndex(indexPath(), merged); !written)
            return written;
        report.indexRebuilt = changed;
        m_deadLines = 0;
    } else {
        m_deadLines = index->deadLines;
    }
    m_ids.clear();
    for (const HistoryRow &row : merged)
        m_ids.push_back(row.id);
    m_nextSequence = files.empty() ? 1 : history::sequenceOf(files.back()) + 1;
    m_report = report;
    m_loaded = true;
    if (rows)
        *rows = std::move(merged);
    return {};
}

std::expected<void, Error> HistoryStore::appendIndexLocked(std::string_view lines)
{
    QFile file(indexPath());
    if (!file.open(QIODevice::WriteOnly | QIODevice::Append))
        return std::unexpected(Error{"history.write", "Cannot write " + detail::nativePathUtf8(indexPath()) + ": "
                                                          + file.errorString().toStdString()});
    std::string text;
    if (file.size() == 0) // deleted behind our back: start it again (the next load adds what it lacks)
        text = history::headerLine();
    text += lines;
    // One write: a kill leaves whole lines or, at worst, a last line cut short (which a load repairs).
    if (file.write(text.data(), static_cast<qint64>(text.size())) != static_cast<qint64>(text.size()))
        return std::unexpected(Error{"history.write", "Cannot write " + detail::nativePathUtf8(indexPath()) + ": "
                                                          + file.errorString().toStdString()});
    return {};
}

std::expected<void, Error> HistoryStore::compactIfNeededLocked(bool force)
{
    if (!force && m_deadLines <= 2 * m_ids.size() + 256)
        return {};
    auto index = readIndex(indexPath(), {});
    if (!index)
        return std::unexpected(index.error());
    std::erase_if(index->rows, [&](const HistoryRow &row) { return !std::ranges::binary_search(m_ids, row.id); });
    if (auto written = writeIndex(indexPath(), index->rows); !written)
        return written;
    m_deadLines = 0;
    return {};
}

std::expected<std::vector<std::string>, Error> HistoryStore::trimLocked()
{
    std::vector<std::string> removed;
    std::string lines;
    while (m_ids.size() > static_cast<std::size_t>(m_maxEntries)) {
        QFile::remove(entryPath(m_ids.front()));
        lines += history::removalLine(m_ids.front());
        removed.push_back(std::move(m_ids.front()));
        m_ids.pop_front();
    }
    if (removed.empty())
        return removed;
    m_deadLines += 2 * removed.size();
    if (auto appended = appendIndexLocked(lines); !appended)
        return std::unexpected(appended.error());
    if (auto compacted = compactIfNeededLocked(false); !compacted)
        return std::unexpected(compacted.error());
    return removed;
}

std::expected<std::vector<HistoryRow>, Error> HistoryStore::list(std::stop_token stop, std::uint64_t *revision)
{
    std::vector<HistoryRow> rows;
    std::lock_guard lock(m_mutex);
    if (auto loaded = ensureLoadedLocked(&rows, stop); !loaded)
        return std::unexpected(loaded.error());
    if (revision)
        *revision = m_revision;
    return rows;
}

std::expected<std::vector<HistoryRow>, Error> HistoryStore::search(std::string_view text, std::stop_token stop)
{
    auto rows = list(stop);
    if (!rows)
        return rows;
    const std::string needle = foldForSearch(text);
    std::erase_if(*rows, [&](const HistoryRow &row) { return !row.matches(needle); });
    return rows;
}

std::expected<std::vector<std::string>, Error> HistoryStore::searchFiles(std::string_view text, std::stop_token stop)
{
    std::vector<std::string> ids;
    {
        std::lock_guard lock(m_mutex);
        if (auto loaded = ensureLoadedLocked(nullptr, stop); !loaded)
            return std::unexpected(loaded.error());
        ids.assign(m_ids.begin(), m_ids.end());
    }
    const std::string needle = foldForSearch(text);
    std::vector<std::string> found;
    for (std::string &id : ids) {
        if (stop.stop_requested())
            return cancelled();
        auto bytes = detail::readWholeFile(entryPath(id), maxEntryBytes, "history.not-found", "history.unreadable");
        if (bytes && foldForSearch(*bytes).find(needle) != std::string::npos)
            found.push_back(std::move(id));
    }
    return found;
}

std::expected<HistoryRow, Error> HistoryStore::append(const transport::SendResult &result,
                                                      const transport::SendRequest &request,
                                                      std::chrono::system_clock::time_point when)
{
    std::string id;
    {
        std::lock_guard lock(m_mutex);
        if (auto loaded = ensureLoadedLocked(nullptr, {}); !loaded)
            return std::unexpected(loaded.error());
        id = history::makeId(m_nextSequence++, randomSuffix());
    }
    // The heavy part (a 10 MB body is parsed and written) outside the lock.
    HistoryRow row;
    const std::string text = detail::prettyJson(history::makeEntry(id, when, result, request, &row));
    if (auto written = detail::writeFileAtomically(entryPath(id), text, "history.write"); !written)
        return std::unexpected(written.error());

    std::expected<std::vector<std::string>, Error> trimmed;
    std::uint64_t revision = 0;
    {
        std::lock_guard lock(m_mutex);
        if (auto appended = appendIndexLocked(history::indexLine(row)); !appended)
            return std::unexpected(appended.error()); // the entry is kept; the next load indexes it
        m_ids.insert(std::upper_bound(m_ids.begin(), m_ids.end(), id), id);
        revision = ++m_revision;
        trimmed = trimLocked();
        if (trimmed && !trimmed->empty())
            ++m_revision;
    }
    notify(Change{Change::Kind::Added, row, {}, revision});
    if (!trimmed)
        return std::unexpected(trimmed.error());
    if (!trimmed->empty())
        notify(Change{Change::Kind::Removed, {}, std::move(*trimmed), revision + 1});
    return row;
}

std::expected<HistoryEntry, Error> HistoryStore::load(std::string_view id) const
{
    if (!history::isId(id))
        return std::unexpected(Error{"history.not-found", "There is no history entry \"" + std::string(id) + "\"."});
    const QString path = entryPath(id);
    auto bytes = detail::readWholeFile(path, maxEntryBytes, "history.not-found", "history.unreadable");
    if (!bytes) {
        if (bytes.error().code == "history.not-found")
            bytes.error().message = "There is no history entry \"" + std::string(id) + "\" (it was deleted).";
        return std::unexpected(bytes.error());
    }
    protocol::ParseOptions options;
    options.maxBytes = maxEntryBytes;
    auto document = protocol::parseJson(*bytes, options);
    if (!document)
        return std::unexpected(Error{"history.corrupt", detail::nativePathUtf8(path) + " is not valid JSON ("
                                                            + document.error().message + ")."});
    auto entry = history::entryFromJson(std::move(*document));
    if (!entry)
        return std::unexpected(Error{"history.corrupt", detail::nativePathUtf8(path) + ": " + entry.error().message});
    return entry;
}

std::expected<void, Error> HistoryStore::remove(std::string_view id)
{
    return remove(std::vector<std::string>{std::string(id)});
}

std::expected<void, Error> HistoryStore::remove(std::vector<std::string> ids)
{
    std::ranges::sort(ids);
    const auto [first, last] = std::ranges::unique(ids);
    ids.erase(first, last);
    std::vector<std::string> removed;
    std::optional<Error> failure;
    std::uint64_t revision = 0;
    {
        std::lock_guard lock(m_mutex);
        if (auto loaded = ensureLoadedLocked(nullptr, {}); !loaded)
            return loaded;
        std::string lines;
        for (std::string &id : ids) {
            if (!std::binary_search(m_ids.begin(), m_ids.end(), id))
                continue;
            if (!QFile::remove(entryPath(id)) && QFile::exists(entryPath(id))) {
                failure = Error{"history.write", "Cannot delete " + detail::nativePathUtf8(entryPath(id)) + "."};
                continue;
            }
            lines += history::removalLine(id);
            removed.push_back(std::move(id));
        }
        if (removed.empty()) {
            if (failure)
                return std::unexpected(*failure);
            return std::unexpected(Error{"history.not-found", ids.size() == 1
                                                                  ? "There is no history entry \"" + ids.front() + "\"."
                                                                  : std::string("None of these history entries exists.")});
        }
        // One pass, whatever the count (the window may delete thousands of selected rows at once).
        std::erase_if(m_ids, [&](const std::string &id) { return std::ranges::binary_search(removed, id); });
        m_deadLines += 2 * removed.size();
        revision = ++m_revision;
        if (auto appended = appendIndexLocked(lines); !appended)
            failure = appended.error();
        else if (auto compacted = compactIfNeededLocked(false); !compacted)
            failure = compacted.error();
    }
    notify(Change{Change::Kind::Removed, {}, std::move(removed), revision});
    if (failure)
        return std::unexpected(*failure);
    return {};
}

std::expected<void, Error> HistoryStore::clear()
{
    std::uint64_t revision = 0;
    {
        std::lock_guard lock(m_mutex);
        if (auto loaded = ensureLoadedLocked(nullptr, {}); !loaded)
            return loaded;
        for (const std::string &id : entryFileIds(m_dir))
            QFile::remove(entryPath(id));
        m_ids.clear();
        revision = ++m_revision;
        if (auto written = writeIndex(indexPath(), {}); !written)
            return written;
        m_deadLines = 0;
    }
    notify(Change{Change::Kind::Cleared, {}, {}, revision});
    return {};
}

std::expected<void, Error> HistoryStore::trim()
{
    std::expected<std::vector<std::string>, Error> trimmed;
    std::uint64_t revision = 0;
    {
        std::lock_guard lock(m_mutex);
        if (auto loaded = ensureLoadedLocked(nullptr, {}); !loaded)
            return loaded;
        trimmed = trimLocked();
        if (trimmed && !trimmed->empty())
            revision = ++m_revision;
    }
    if (!trimmed)
        return std::unexpected(trimmed.error());
    if (!trimmed->empty())
        notify(Change{Change::Kind::Removed, {}, std::move(*trimmed), revision});
    return {};
}

std::expected<std::size_t, Error> HistoryStore::size()
{
    std::lock_guard lock(m_mutex);
    if (auto loaded = ensureLoadedLocked(nullptr, {}); !loaded)
        return std::unexpected(loaded.error());
    return m_ids.size();
}

HistoryStore::SubscriptionId HistoryStore::subscribe(Subscriber subscriber)
{
    std::lock_guard lock(m_subscriberMutex);
    const SubscriptionId id = m_nextSubscription++;
    m_subscribers.emplace(id, std::move(subscriber));
    return id;
}

void HistoryStore::unsubscribe(SubscriptionId id)
{
    std::lock_guard lock(m_subscriberMutex);
    m_subscribers.erase(id);
}

void HistoryStore::notify(const Change &change)
{
    std::lock_guard lock(m_subscriberMutex);
    // A copy: a subscriber may unsubscribe itself (or others) while being called.
    const auto subscribers = m_subscribers;
    for (const auto &[id, subscriber] : subscribers) {
        if (m_subscribers.contains(id))
            subscriber(change);
    }
}

} // namespace fhw::workspace
