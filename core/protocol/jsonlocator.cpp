#include "jsonlocator.h"

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <unordered_map>

namespace fhw::protocol {

namespace {

constexpr std::size_t npos = std::string_view::npos;
// Deeper pointers are located as their ancestor at this depth; it also bounds the recursion below.
constexpr std::size_t maxTokens = 512;

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool endsScalar(char c)
{
    return isSpace(c) || c == ',' || c == ':' || c == ']' || c == '}' || c == '[' || c == '{' || c == '"';
}

void appendUtf8(std::string &out, std::uint32_t code)
{
    if (code < 0x80) {
        out += static_cast<char>(code);
    } else if (code < 0x800) {
        out += static_cast<char>(0xc0 | (code >> 6));
        out += static_cast<char>(0x80 | (code & 0x3f));
    } else if (code < 0x10000) {
        out += static_cast<char>(0xe0 | (code >> 12));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3f));
        out += static_cast<char>(0x80 | (code & 0x3f));
    } else {
        out += static_cast<char>(0xf0 | (code >> 18));
        out += static_cast<char>(0x80 | ((code >> 12) & 0x3f));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3f));
        out += static_cast<char>(0x80 | (code & 0x3f));
    }
}

// Four hex digits at `at`, or -1.
long hex4(std::string_view text, std::size_t at)
{
    if (at + 4 > text.size())
        return -1;
    long value = 0;
    for (std::size_t i = at; i < at + 4; ++i) {
        const char c = text[i];
        value <<= 4;
        if (c >= '0' && c <= '9')
            value |= c - '0';
        else if (c >= 'a' && c <= 'f')
            value |= c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            value |= c - 'A' + 10;
        else
            return -1;
    }
    return value;
}

// A key's JSON string body (between the quotes) unescaped, then escaped as a JSON Pointer token.
void appendPointerToken(std::string &path, std::string_view body)
{
    std::string key;
    key.reserve(body.size());
    for (std::size_t i = 0; i < body.size(); ++i) {
        if (body[i] != '\\' || i + 1 == body.size()) {
            key += body[i];
            continue;
        }
        const char e = body[++i];
        switch (e) {
        case 'b': key += '\b'; break;
        case 'f': key += '\f'; break;
        case 'n': key += '\n'; break;
        case 'r': key += '\r'; break;
        case 't': key += '\t'; break;
        case 'u': {
            long code = hex4(body, i + 1);
            if (code < 0) {
                key += e; // not an escape a parser accepts; keep it readable
                break;
            }
            i += 4;
            if (code >= 0xd800 && code < 0xdc00 && i + 2 < body.size() && body[i + 1] == '\\' && body[i + 2] == 'u') {
                const long low = hex4(body, i + 3);
                if (low >= 0xdc00 && low < 0xe000) {
                    code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
                    i += 6;
                }
            }
            appendUtf8(key, static_cast<std::uint32_t>(code));
            break;
        }
        default: key += e; break; // \" \\ \/
        }
    }
    path += '/';
    for (const char c : key) {
        if (c == '~')
            path += "~0";
        else if (c == '/')
            path += "~1";
        else
            path += c;
    }
}

struct Hit
{
    std::size_t offset = 0;
    std::size_t length = 0;
    std::size_t valueOffset = 0;
};

class Walk
{
public:
    // `wanted`: every pointer asked for and each of its ancestors → whether a deeper pointer goes through it.
    Walk(std::string_view text, const std::unordered_map<std::string, bool> &wanted)
        : m_text(text)
        , m_wanted(wanted)
    {
    }

    std::unordered_map<std::string, Hit> run()
    {
        const std::size_t root = skipSpace(0);
        if (root < m_text.size()) {
            m_found.emplace(std::string(), Hit{root, tokenLength(root), root});
            std::string path;
            if (isOpen(m_text[root]) && m_wanted.at(std::string()))
                container(root, path, 0);
        }
        return std::move(m_found);
    }

private:
    static bool isOpen(char c) { return c == '{' || c == '['; }

    std::size_t skipSpace(std::size_t i) const
    {
        while (i < m_text.size() && isSpace(m_text[i]))
            ++i;
        return i;
    }

    // The closing quote of the string opened at `open`, or npos.
    std::size_t stringEnd(std::size_t open) const
    {
        for (std::size_t i = open + 1; i < m_text.size(); ++i) {
            const char c = m_text[i];
            if (c == '\\')
                ++i;
            else if (c == '"')
                return i;
        }
        return npos;
    }

    std::size_t scalarEnd(std::size_t start) const
    {
        std::size_t i = start;
        while (i < m_text.size() && !endsScalar(m_text[i]))
            ++i;
        return i == start ? start + 1 : i; // a stray character counts as a token of one
    }

    std::size_t tokenLength(std::size_t start) const
    {
        const char c = m_text[start];
        if (isOpen(c))
            return 1;
        if (c == '"') {
            const std::size_t close = stringEnd(start);
            return (close == npos ? m_text.size() : close + 1) - start;
        }
        return std::min(scalarEnd(start), m_text.size()) - start;
    }

    // One past the value starting at `start`; containers are skipped without looking at their members.
    std::size_t skipValue(std::size_t start) const
    {
        const char c = m_text[start];
        if (c == '"') {
            const std::size_t close = stringEnd(start);
            return close == npos ? m_text.size() : close + 1;
        }
        if (!isOpen(c))
            return std::min(scalarEnd(start), m_text.size());
        std::size_t depth = 0;
        for (std::size_t i = start; i < m_text.size(); ++i) {
            switch (m_text[i]) {
            case '"':
                i = stringEnd(i);
                if (i == npos)
                    return m_text.size();
                break;
            case '{':
            case '[': ++depth; break;
            case '}':
            case ']':
                if (--depth == 0)
                    return i + 1;
                break;
            default: break;
            }
        }
        return m_text.size();
    }

    // Walks the members of the container opened at `open`, whose pointer is `path`; returns one past it.
    std::size_t container(std::size_t open, std::string &path, std::size_t depth)
    {
        const bool object = m_text[open] == '{';
        std::size_t index = 0;
        std::size_t i = open + 1;
        for (;;) {
            i = skipSpace(i);
            if (i >= m_text.size())
                return m_text.size();
            const char c = m_text[i];
            if (c == '}' || c == ']')
                return i + 1;
            if (c == ',') {
                ++i;
                continue;
            }
            const std::size_t parentLength = path.size();
            std::size_t keyOffset = npos;
            std::size_t keyLength = 0;
            if (object) {
                if (c != '"') { // damaged text: step over the stray token
                    i = skipValue(i);
                    continue;
                }
                const std::size_t close = stringEnd(i);
                if (close == npos)
                    return m_text.size();
                keyOffset = i;
                keyLength = close + 1 - i;
                appendPointerToken(path, m_text.substr(i + 1, close - i - 1));
                i = skipSpace(close + 1);
                if (i < m_text.size() && m_text[i] == ':')
                    i = skipSpace(i + 1);
            } else {
                path += '/';
                path += std::to_string(index++);
            }
            if (i >= m_text.size()) {
                if (keyOffset != npos)
                    record(path, Hit{keyOffset, keyLength, keyOffset});
                path.resize(parentLength);
                return m_text.size();
            }
            const bool first = record(path, keyOffset != npos ? Hit{keyOffset, keyLength, i}
                                                              : Hit{i, tokenLength(i), i});
            const auto wanted = m_wanted.find(path);
            if (first && wanted != m_wanted.end() && wanted->second && isOpen(m_text[i]) && depth + 1 < maxTokens)
                i = container(i, path, depth + 1);
            else
                i = skipValue(i);
            path.resize(parentLength);
        }
    }

    // Records a wanted path the first time it is seen; true when this was the first time.
    bool record(const std::string &path, Hit hit)
    {
        if (!m_wanted.contains(path))
            return false;
        return m_found.emplace(path, hit).second;
    }

    std::string_view m_text;
    const std::unordered_map<std::string, bool> &m_wanted;
    std::unordered_map<std::string, Hit> m_found;
};

// The pointer as it is looked up: invalid pointers become the root; very deep ones are cut.
std::string normalized(std::string_view pointer)
{
    if (pointer.empty() || pointer.front() != '/')
        return {};
    std::size_t tokens = 0;
    for (std::size_t i = 0; i < pointer.size(); ++i) {
        if (pointer[i] == '/' && ++tokens > maxTokens)
            return std::string(pointer.substr(0, i));
    }
    return std::string(pointer);
}

} // namespace

std::vector<JsonLocation> locateJsonPointers(std::string_view text, std::span<const std::string> pointers)
{
    std::vector<std::string> paths;
    paths.reserve(pointers.size());
    std::unordered_map<std::string, bool> wanted{{std::string(), false}};
    for (const std::string &pointer : pointers) {
        std::string path = normalized(pointer);
        wanted.try_emplace(path, false);
        for (std::size_t slash = path.rfind('/'); slash != npos && slash > 0; slash = path.rfind('/', slash - 1))
            wanted[path.substr(0, slash)] = true;
        if (!path.empty())
            wanted[std::string()] = true;
        paths.push_back(std::move(path));
    }
    const std::unordered_map<std::string, Hit> found = Walk(text, wanted).run();

    std::vector<JsonLocation> out(paths.size());
    for (std::size_t p = 0; p < paths.size(); ++p) {
        JsonLocation &location = out[p];
        std::string path = paths[p];
        for (;;) {
            const auto hit = found.find(path);
            if (hit != found.end()) {
                location.exact = path.size() == pointers[p].size(); // an invalid or cut pointer is never exact
                location.offset = hit->second.offset;
                location.length = hit->second.length;
                location.valueOffset = hit->second.valueOffset;
                location.pointer = std::move(path);
                break;
            }
            if (path.empty())
                break; // nothing at all: offset 0
            path.resize(path.rfind('/'));
        }
    }

    // Lines and columns in one pass over the text, visiting the offsets in order.
    std::vector<std::size_t> order(out.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::ranges::sort(order, {}, [&](std::size_t i) { return out[i].offset; });
    std::size_t line = 1;
    std::size_t lineStart = 0;
    std::size_t scanned = 0;
    for (const std::size_t i : order) {
        const std::size_t offset = std::min(out[i].offset, text.size());
        for (; scanned < offset; ++scanned) {
            if (text[scanned] == '\n') {
                ++line;
                lineStart = scanned + 1;
            }
        }
        out[i].line = line;
        out[i].column = offset - lineStart + 1;
    }
    return out;
}

JsonLocation locateJsonPointer(std::string_view text, std::string_view pointer)
{
    const std::string one(pointer);
    return locateJsonPointers(text, std::span<const std::string>(&one, 1)).front();
}

TextPosition textPositionOf(std::string_view text, std::size_t offset)
{
    offset = std::min(offset, text.size());
    TextPosition position;
    std::size_t lineStart = 0;
    for (std::size_t i = 0; i < offset; ++i) {
        if (text[i] == '\n') {
            ++position.line;
            lineStart = i + 1;
        }
    }
    position.column = offset - lineStart + 1;
    return position;
}

} // namespace fhw::protocol
