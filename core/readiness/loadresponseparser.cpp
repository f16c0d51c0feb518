#include "loadresponseparser_p.h"

#include <algorithm>
#include <charconv>

namespace fhw::readiness::load {

namespace {

constexpr std::size_t maxLineBytes = 8 * 1024; // a chunk-size or trailer line

char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c;
}

bool equalsNoCase(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

std::string_view trimmed(std::string_view text)
{
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r'))
        text.remove_suffix(1);
    return text;
}

// Calls `each` with every comma-separated, trimmed token of a header value.
template<typename Each>
void forEachToken(std::string_view value, Each each)
{
    while (!value.empty()) {
        const auto comma = value.find(',');
        each(trimmed(value.substr(0, comma)));
        if (comma == std::string_view::npos)
            break;
        value.remove_prefix(comma + 1);
    }
}

// Where a line ends ('\n', tolerating a bare one) in `text` from `from`; npos when not yet.
std::size_t lineEnd(std::string_view text, std::size_t from)
{
    return text.find('\n', from);
}

} // namespace

void ResponseParser::reset()
{
    *this = ResponseParser();
}

ResponseParser::State ResponseParser::feed(const char *data, std::size_t size, std::size_t &used)
{
    used = 0;
    if (size > 0)
        m_started = true;
    while (used < size) {
        const char *at = data + used;
        const std::size_t left = size - used;
        switch (m_phase) {
        case Phase::Head: {
            const std::size_t before = m_head.size();
            m_head.append(at, left);
            // The head ends at an empty line: "\r\n\r\n" (or a bare "\n\n").
            std::size_t end = std::string::npos;
            for (std::size_t i = m_scanFrom; i < m_head.size(); ++i) {
                if (m_head[i] != '\n')
                    continue;
                if (i >= 1 && m_head[i - 1] == '\n') {
                    end = i + 1;
                    break;
                }
                if (i >= 2 && m_head[i - 1] == '\r' && m_head[i - 2] == '\n') {
                    end = i + 1;
                    break;
                }
            }
            if (end == std::string::npos) {
                used = size;
                m_scanFrom = m_head.size();
                if (m_head.size() > maxHeaderBytes)
                    return State::Malformed;
                return State::NeedMore;
            }
            used += end - before;
            m_head.resize(end);
            if (const State state = headDone(); state != State::NeedMore)
                return state;
            break;
        }
        case Phase::Body:
        case Phase::ChunkData: {
            const std::size_t take = std::size_t(std::min<std::int64_t>(m_remaining, std::int64_t(left)));
            m_remaining -= std::int64_t(take);
            m_bodyBytes += std::int64_t(take);
            used += take;
            if (m_remaining == 0) {
                if (m_phase == Phase::Body) {
                    m_phase = Phase::Done;
                    return State::Complete;
                }
                m_phase = Phase::ChunkDataEnd;
                m_head.clear();
            }
            break;
        }
        case Phase::ChunkSize:
        case Phase::ChunkDataEnd:
        case Phase::Trailers: {
            const std::size_t before = m_head.size();
            m_head.append(at, std::min(left, maxLineBytes + 1));
            const std::size_t end = lineEnd(m_head, before);
            if (end == std::string::npos) {
                used += m_head.size() - before;
                if (m_head.size() > maxLineBytes)
                    return State::Malformed;
                continue;
            }
            used += end + 1 - before;
            const std::string_view line = trimmed(std::string_view(m_head).substr(0, end));
            if (m_phase == Phase::ChunkDataEnd) {
                if (!line.empty())
                    return State::Malformed;
                m_phase = Phase::ChunkSize;
            } else if (m_phase == Phase::ChunkSize) {
                const std::string_view digits = trimmed(line.substr(0, line.find(';')));
                std::uint64_t chunk = 0;
                const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), chunk, 16);
                if (digits.empty() || ec != std::errc() || ptr != digits.data() + digits.size()
                    || chunk > (std::uint64_t(1) << 40))
                    return State::Malformed;
                m_remaining = std::int64_t(chunk);
                m_phase = chunk == 0 ? Phase::Trailers : Phase::ChunkData;
            } else if (line.empty()) {
                m_phase = Phase::Done;
                m_head.clear();
                return State::Complete;
            }
            m_head.clear();
            break;
        }
        case Phase::UntilClose:
            m_bodyBytes += std::int64_t(left);
            used = size;
            break;
        case Phase::Done:
            return State::Complete;
        }
    }
    return m_phase == Phase::Done ? State::Complete : State::NeedMore;
}

ResponseParser::State ResponseParser::finishAtClose()
{
    if (m_phase == Phase::UntilClose || m_phase == Phase::Done) {
        m_phase = Phase::Done;
        m_keepAlive = false;
        return State::Complete;
    }
    return State::Malformed;
}

ResponseParser::State ResponseParser::headDone()
{
    const std::string_view head = m_head;
    std::size_t end = lineEnd(head, 0);
    const std::string_view statusLine = trimmed(head.substr(0, end));
    // "HTTP/1.1 200 OK" (the reason phrase may be empty or missing).
    if (statusLine.size() < 12 || !statusLine.starts_with("HTTP/1.") || statusLine[8] != ' ')
        return State::Malformed;
    if (statusLine[7] != '0' && statusLine[7] != '1')
        return State::Malformed;
    m_http10 = statusLine[7] == '0';
    int status = 0;
    const auto [ptr, ec] = std::from_chars(statusLine.data() + 9, statusLine.data() + 12, status);
    if (ec != std::errc() || ptr != statusLine.data() + 12 || status < 100 || status > 999
        || (statusLine.size() > 12 && statusLine[12] != ' '))
        return State::Malformed;
    m_status = status;

    m_contentLength = -1;
    m_chunked = m_closeSeen = m_keepAliveSeen = false;
    m_retryAfter.clear();
    while (end != std::string_view::npos) {
        const std::size_t from = end + 1;
        end = lineEnd(head, from);
        const std::string_view line = trimmed(head.substr(from, end == std::string_view::npos ? head.npos : end - from));
        if (line.empty())
            break;
        if (!parseHeaderLine(line))
            return State::Malformed;
    }
    m_head.clear();
    m_scanFrom = 0;

    if (m_status < 200) {
        if (m_status == 101) // we never ask to switch protocols
            return State::Malformed;
        return State::NeedMore; // an interim answer (100 Continue...): the real one follows
    }
    m_keepAlive = m_http10 ? (m_keepAliveSeen && !m_closeSeen) : !m_closeSeen;
    if (m_status == 204 || m_status == 304) {
        m_phase = Phase::Done;
        return State::Complete;
    }
    if (m_chunked) {
        m_phase = Phase::ChunkSize;
    } else if (m_contentLength >= 0) {
        m_remaining = m_contentLength;
        m_phase = m_remaining == 0 ? Phase::Done : Phase::Body;
        if (m_phase == Phase::Done)
            return State::Complete;
    } else {
        m_phase = Phase::UntilClose; // no length: the body ends when the server closes
        m_keepAlive = false;
    }
    return State::NeedMore;
}

bool ResponseParser::parseHeaderLine(std::string_view line)
{
    const auto colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0)
        return false;
    const std::string_view name = trimmed(line.substr(0, colon));
    const std::string_view value = trimmed(line.substr(colon + 1));
    if (equalsNoCase(name, "content-length")) {
        std::int64_t length = -1;
        const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), length);
        if (value.empty() || ec != std::errc() || ptr != value.data() + value.size() || length < 0)
            return false;
        if (m_contentLength >= 0 && m_contentLength != length) // RFC 9112 §6.3: differing lengths are an error
            return false;
        m_contentLength = length;
    } else if (equalsNoCase(name, "transfer-encoding")) {
        bool chunkedLast = false;
        forEachToken(value, [&](std::string_view coding) { chunkedLast = equalsNoCase(coding, "chunked"); });
        m_chunked = chunkedLast;
        if (!chunkedLast)
            return false; // a body we cannot delimit (gzip without chunked) on a keep-alive connection
    } else if (equalsNoCase(name, "connection")) {
        forEachToken(value, [&](std::string_view option) {
            m_closeSeen = m_closeSeen || equalsNoCase(option, "close");
            m_keepAliveSeen = m_keepAliveSeen || equalsNoCase(option, "keep-alive");
        });
    } else if (equalsNoCase(name, "retry-after")) {
        m_retryAfter.assign(value);
    } else if (equalsNoCase(name, "x-amz-function-error")) {
        m_functionError = true;
    }
    return true;
}

} // namespace fhw::readiness::load
