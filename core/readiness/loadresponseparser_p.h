#pragma once

// The load engine's HTTP/1.1 response reader: just enough to know where a response ends and what it
// said (status line, Content-Length, chunked, Connection, HTTP/1.0, Retry-After). Bodies are counted,
// never kept: the load engine measures time, it does not validate answers (fhw check does).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace fhw::readiness::load {

class ResponseParser
{
public:
    enum class State { NeedMore, Complete, Malformed };

    // Forgets the previous response (a connection reads one response per request).
    void reset();
    // Feeds bytes; returns Complete once a whole final response (1xx skipped) is in, Malformed on a
    // protocol error. `used` is how many bytes belonged to the response (the rest is stray data).
    State feed(const char *data, std::size_t size, std::size_t &used);
    // The peer closed the connection: completes a response delimited by the close, else Malformed.
    State finishAtClose();

    bool started() const { return m_started; } // any byte of a response seen
    int status() const { return m_status; }
    bool keepAlive() const { return m_keepAlive; }
    const std::string &retryAfter() const { return m_retryAfter; } // empty when absent
    // A Lambda invocation that failed in the function: 200 with X-Amz-Function-Error (a failure).
    bool functionError() const { return m_functionError; }
    std::int64_t bodyBytes() const { return m_bodyBytes; }

    static constexpr std::size_t maxHeaderBytes = 64 * 1024;

private:
    enum class Phase { Head, Body, ChunkSize, ChunkData, ChunkDataEnd, Trailers, UntilClose, Done };

    State parseHead();
    State headDone();
    bool parseHeaderLine(std::string_view line);

    Phase m_phase = Phase::Head;
    std::string m_head;      // status line and headers (or a chunk-size / trailer line) so far
    std::size_t m_scanFrom = 0;
    bool m_started = false;
    int m_status = 0;
    bool m_http10 = false;
    bool m_keepAlive = true;
    bool m_closeSeen = false, m_keepAliveSeen = false;
    bool m_chunked = false;
    std::int64_t m_contentLength = -1;
    std::int64_t m_remaining = 0;
    std::int64_t m_bodyBytes = 0;
    std::string m_retryAfter;
    bool m_functionError = false;
};

} // namespace fhw::readiness::load
