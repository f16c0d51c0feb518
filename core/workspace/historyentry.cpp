#include "historyentry.h"

#include "secrets/redaction.h"
#include "transport/sendresultjson.h"
#include "protocol/parse.h"

#include "flatjson_p.h"

#include <QDateTime>
#include <QTimeZone>

#include <algorithm>
#include <charconv>
#include <functional>
#include <cstdio>

namespace fhw::workspace {

using protocol::Json;

namespace {

constexpr std::string_view tokenMask = "\u2022\u2022\u2022\u2022";

bool isAsciiSpace(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

void replaceAll(std::string &text, std::string_view what, std::string_view with)
{
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + with.size()))
        text.replace(at, what.size(), with);
}

// Replaces the token in every string and key of `json`.
void scrub(Json &json, std::string_view token)
{
    if (json.is_string()) {
        auto &text = json.get_ref<std::string &>();
        if (text.find(token) != std::string::npos)
            replaceAll(text, token, tokenMask);
    } else if (json.is_array()) {
        for (Json &element : json)
            scrub(element, token);
    } else if (json.is_object()) {
        bool keyHasToken = false;
        for (auto &[key, value] : json.items()) {
            keyHasToken = keyHasToken || key.find(token) != std::string::npos;
            scrub(value, token);
        }
        if (keyHasToken) {
            Json renamed = Json::object();
            for (auto &[key, value] : json.items()) {
                std::string name = key;
                replaceAll(name, token, tokenMask);
                renamed[name] = std::move(value);
            }
            json = std::move(renamed);
        }
    }
}

// Drops a UTF-8 sequence cut short at the end of `text`.
void trimCutCharacter(std::string &text)
{
    std::size_t start = text.size();
    while (start > 0 && text.size() - start < 4 && (static_cast<unsigned char>(text[start - 1]) & 0xC0) == 0x80)
        --start;
    if (start == 0)
        return;
    const auto lead = static_cast<unsigned char>(text[start - 1]);
    const std::size_t expected = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    if (text.size() - (start - 1) < expected)
        text.resize(start - 1);
}

// {"type": "x", "id": ...} → {"id": ...}
void dropLeadingTypeMember(std::string &text)
{
    std::size_t at = 0;
    const auto skipSpace = [&] {
        if (at < text.size() && text[at] == ' ')
            ++at;
    };
    const auto expect = [&](std::string_view what) {
        skipSpace();
        if (text.compare(at, what.size(), what) != 0)
            return false;
        at += what.size();
        return true;
    };
    if (!expect("{"))
        return;
    const std::size_t afterBrace = at;
    if (!expect("\"type\"") || !expect(":") || !expect("\""))
        return;
    const std::size_t close = text.find_first_of("\"\\", at);
    if (close == std::string::npos || text[close] != '"')
        return;
    at = close + 1;
    if (!expect(","))
        return;
    skipSpace();
    text.erase(afterBrace, at - afterBrace);
}

// The first characters of `text` with whitespace runs collapsed to one space, cut on a UTF-8 boundary,
// without the leading "type" member every message has (the table shows the type in its own column).
std::string excerptOf(std::string_view text, std::size_t length)
{
    std::string out;
    out.reserve(length + 64);
    bool space = false;
    for (char c : text) {
        if (isAsciiSpace(c)) {
            space = !out.empty();
            continue;
        }
        if (space) {
            out += ' ';
            space = false;
        }
        out += c;
        if (out.size() >= length + 48)
            break;
    }
    dropLeadingTypeMember(out);
    if (out.size() > length)
        out.resize(length);
    trimCutCharacter(out);
    return out;
}

bool containsFolded(std::string_view haystack, std::string_view needle)
{
    if (needle.size() > haystack.size())
        return false;
    const auto fold = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    const char first = needle.front();
    const std::size_t last = haystack.size() - needle.size();
    for (std::size_t i = 0; i <= last; ++i) {
        if (fold(haystack[i]) != first)
            continue;
        std::size_t j = 1;
        while (j < needle.size() && fold(haystack[i + j]) == needle[j])
            ++j;
        if (j == needle.size())
            return true;
    }
    return false;
}

std::string stringAt(const Json &object, const char *key)
{
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

template<typename T>
T numberAt(const Json &object, const char *key, T fallback = {})
{
    const auto it = object.find(key);
    return it != object.end() && it->is_number() ? it->get<T>() : fallback;
}

} // namespace

std::optional<protocol::MessageType> HistoryRow::messageType() const
{
    return protocol::messageTypeFromWireName(type);
}

std::string foldForSearch(std::string_view text)
{
    std::string out(text);
    for (char &c : out) {
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

bool HistoryRow::matches(std::string_view needle) const
{
    if (needle.empty())
        return true;
    if (containsFolded(url, needle) || containsFolded(type, needle) || containsFolded(verdict, needle)
        || containsFolded(summary, needle) || containsFolded(excerpt, needle) || containsFolded(time, needle)
        || containsFolded(id, needle))
        return true;
    char digits[24];
    const int n = std::snprintf(digits, sizeof digits, "%ld", status);
    return n > 0 && containsFolded(std::string_view(digits, static_cast<std::size_t>(n)), needle);
}

namespace history {

std::string makeId(std::uint64_t sequence, std::uint32_t random)
{
    char buffer[40];
    const int n = std::snprintf(buffer, sizeof buffer, "%010llu-%06x", static_cast<unsigned long long>(sequence),
                                static_cast<unsigned>(random & 0xFFFFFFu));
    return std::string(buffer, static_cast<std::size_t>(n));
}

bool isId(std::string_view id)
{
    if (id.size() != 17 || id[10] != '-')
        return false;
    const auto digit = [](char c) { return c >= '0' && c <= '9'; };
    const auto hex = [&](char c) { return digit(c) || (c >= 'a' && c <= 'f'); };
    return std::all_of(id.begin(), id.begin() + 10, digit) && std::all_of(id.begin() + 11, id.end(), hex);
}

std::uint64_t sequenceOf(std::string_view id)
{
    if (!isId(id))
        return 0;
    std::uint64_t sequence = 0;
    for (char c : id.substr(0, 10))
        sequence = sequence * 10 + static_cast<std::uint64_t>(c - '0');
    return sequence;
}

std::string formatTime(std::chrono::system_clock::time_point time)
{
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc())
        .toString(QStringLiteral("yyyy-MM-dd'T'HH:mm:ss.zzz'Z'"))
        .toStdString();
}

Json makeEntry(const std::string &id, std::chrono::system_clock::time_point time, const transport::SendResult &result,
               const transport::SendRequest &request, HistoryRow *row)
{
    const std::string &token = request.options.token;
    Json headers = Json::array();
    for (const auto &[name, value] : transport::requestHeaders(request, /*revealToken=*/false))
        headers.push_back(Json::array({name, value}));
    Json requestJson{{"headers", std::move(headers)}};
    if (auto body = protocol::parseJson(request.body))
        requestJson["body"] = std::move(*body);
    else
        requestJson["bodyText"] = request.body;

    const std::string url = result.url.empty() ? request.target.urlFor(request.type) : result.url;
    Json entry{{"format", std::string(entryFormat)},
               {"version", formatVersion},
               {"id", id},
               {"time", formatTime(time)},
               {"type", std::string(protocol::wireName(request.type))},
               {"url", url},
               {"request", std::move(requestJson)},
               {"result", transport::toJson(result)}};
    if (!token.empty())
        scrub(entry, token);

    if (row) {
        row->id = id;
        row->time = entry["time"].get<std::string>();
        row->type = entry["type"].get<std::string>();
        row->url = entry["url"].get<std::string>();
        const transport::Attempt *last = result.last();
        row->status = last ? last->status : 0;
        row->verdict = std::string(transport::verdictName(result.verdict));
        row->ms = last ? static_cast<double>(last->timings.totalUs) / 1000.0 : 0.0;
        row->attempts = static_cast<int>(result.attempts.size());
        row->summary = entry["result"].value("summary", std::string());
        row->excerpt = excerptOf(request.body, excerptLength);
        if (!token.empty())
            replaceAll(row->excerpt, token, tokenMask);
    }
    return entry;
}

std::expected<HistoryEntry, Error> entryFromJson(Json document)
{
    const auto corrupt = [](const std::string &why) {
        return std::unexpected(Error{"history.corrupt", "Not a history entry: " + why + "."});
    };
    if (!document.is_object() || stringAt(document, "format") != entryFormat)
        return corrupt("no \"format\": \"" + std::string(entryFormat) + "\"");
    HistoryEntry entry;
    HistoryRow &row = entry.row;
    row.id = stringAt(document, "id");
    row.time = stringAt(document, "time");
    row.type = stringAt(document, "type");
    row.url = stringAt(document, "url");
    const auto type = protocol::messageTypeFromWireName(row.type);
    if (!isId(row.id) || !type)
        return corrupt("no valid \"id\" and \"type\"");
    entry.type = *type;
    const Json &request = document.contains("request") ? document["request"] : Json();
    if (request.is_object() && request.contains("body"))
        entry.body = request["body"].dump(2, ' ', false, Json::error_handler_t::replace);
    else if (request.is_object())
        entry.body = stringAt(request, "bodyText");
    row.excerpt = excerptOf(entry.body, excerptLength);

    const auto resultIt = document.find("result");
    if (resultIt != document.end() && resultIt->is_object()) {
        const Json &result = *resultIt;
        row.verdict = stringAt(result, "verdict");
        row.summary = stringAt(result, "summary");
        const auto attempts = result.find("attempts");
        if (attempts != result.end() && attempts->is_array() && !attempts->empty()) {
            const Json &last = attempts->back();
            row.attempts = static_cast<int>(attempts->size());
            row.status = numberAt<long>(last, "status");
            if (const auto timings = last.find("timings_us"); timings != last.end() && timings->is_object())
                row.ms = numberAt<double>(*timings, "total") / 1000.0;
        }
    }
    entry.document = std::move(document);
    return entry;
}

std::string indexLine(const HistoryRow &row)
{
    const Json line{{"id", row.id},           {"time", row.time},     {"type", row.type},
                    {"url", row.url},         {"status", row.status}, {"verdict", row.verdict},
                    {"ms", row.ms},           {"attempts", row.attempts}, {"summary", row.summary},
                    {"excerpt", row.excerpt}};
    std::string text = line.dump(-1, ' ', false, Json::error_handler_t::replace);
    text += '\n';
    return text;
}

std::string removalLine(std::string_view id)
{
    return "{\"removed\":\"" + std::string(id) + "\"}\n";
}

std::string headerLine()
{
    return Json{{"format", std::string(indexFormat)}, {"version", formatVersion}}.dump() + "\n";
}

namespace {

// Index lines are read by the hundred thousand: the fast reader of flat objects first, nlohmann for
// anything it refuses (a line edited by hand, say).
using FieldCallback = std::function<void(std::string_view, detail::FlatValue &)>;

std::optional<IndexLine> indexLineFrom(const std::function<bool(const FieldCallback &)> &read)
{
    IndexLine line;
    HistoryRow &row = line.row;
    std::string removed, format;
    bool hasFormat = false, hasRemoved = false;
    long long version = 0;
    const auto number = [](const detail::FlatValue &value, auto &out) {
        if (value.kind == detail::FlatValue::Kind::Number)
            std::from_chars(value.text.data(), value.text.data() + value.text.size(), out);
    };
    const auto text = [](detail::FlatValue &value, std::string &out) {
        if (value.kind == detail::FlatValue::Kind::String)
            out = std::move(value.text);
    };
    const bool ok = read([&](std::string_view key, detail::FlatValue &value) {
        if (key == "id") text(value, row.id);
        else if (key == "time") text(value, row.time);
        else if (key == "type") text(value, row.type);
        else if (key == "url") text(value, row.url);
        else if (key == "status") number(value, row.status);
        else if (key == "verdict") text(value, row.verdict);
        else if (key == "ms") number(value, row.ms);
        else if (key == "attempts") number(value, row.attempts);
        else if (key == "summary") text(value, row.summary);
        else if (key == "excerpt") text(value, row.excerpt);
        else if (key == "removed") { hasRemoved = true; text(value, removed); }
        else if (key == "format") { hasFormat = true; text(value, format); }
        else if (key == "version") number(value, version);
    });
    if (!ok)
        return std::nullopt;
    if (hasRemoved) {
        if (!isId(removed))
            return std::nullopt;
        line.kind = IndexLine::Kind::Removal;
        line.row = HistoryRow();
        line.row.id = std::move(removed);
        return line;
    }
    if (hasFormat) {
        if (format != indexFormat || version != formatVersion)
            return std::nullopt;
        line.kind = IndexLine::Kind::Header;
        return line;
    }
    if (!isId(row.id))
        return std::nullopt;
    return line;
}

} // namespace

std::optional<IndexLine> parseIndexLine(std::string_view text)
{
    auto fast = indexLineFrom([&](const FieldCallback &field) { return detail::parseFlatObject(text, field); });
    if (fast)
        return fast;
    return indexLineFrom([&](const FieldCallback &field) {
        const nlohmann::json json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
        if (!json.is_object())
            return false;
        for (const auto &[key, member] : json.items()) {
            detail::FlatValue value;
            if (member.is_string()) {
                value.kind = detail::FlatValue::Kind::String;
                value.text = member.get<std::string>();
            } else if (member.is_number()) {
                value.kind = detail::FlatValue::Kind::Number;
                value.text = member.dump();
            } else {
                continue;
            }
            field(key, value);
        }
        return true;
    });
}

} // namespace history

} // namespace fhw::workspace
