#include "capturelog.h"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstring>
#include <ctime>

namespace fhw::endpoint {

namespace {

// What an exchange holds on the heap, roughly: enough to keep the ring's memory within a budget.
std::size_t footprint(const Exchange &e)
{
    std::size_t bytes = sizeof(Exchange) + e.remoteAddress.size() + e.method.size() + e.path.size()
                        + e.requestBody.capacity() + e.responseBody.capacity() + e.fault.size();
    for (const auto &[name, value] : e.requestHeaders)
        bytes += sizeof(std::pair<std::string, std::string>) + name.size() + value.size();
    for (const auto &f : e.findings)
        bytes += sizeof(protocol::Finding) + f.pointer.size() + f.code.size() + f.message.size();
    if (e.upstream)
        bytes += e.upstream->url.size() + e.upstream->error.size();
    return bytes;
}

std::string isoUtc(std::chrono::system_clock::time_point t)
{
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
    const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char text[64];
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
    return text;
}

} // namespace

CaptureLog::CaptureLog(std::size_t capacity) : m_capacity(capacity == 0 ? 1 : capacity) {}

CaptureLog::SubscriptionId CaptureLog::subscribe(Subscriber subscriber)
{
    const std::lock_guard lock(m_subscriberMutex);
    const SubscriptionId id = m_nextSubscription++;
    m_subscribers.emplace(id, std::move(subscriber));
    return id;
}

void CaptureLog::unsubscribe(SubscriptionId id)
{
    const std::lock_guard lock(m_subscriberMutex);
    m_subscribers.erase(id);
}

std::shared_ptr<const Exchange> CaptureLog::append(Exchange exchange)
{
    const std::size_t bytes = footprint(exchange); // outside the lock
    std::shared_ptr<Exchange> kept = std::make_shared<Exchange>(std::move(exchange));
    bool toFile = false;
    {
        const std::lock_guard lock(m_mutex);
        kept->sequence = ++m_total;
        m_bytes += bytes;
        m_ring.push_back(Kept{kept, bytes});
        trimLocked();
        toFile = m_fileOpen;
    }
    // From here on the exchange is shared and read-only.
    const Exchange &shared = *kept;
    if (toFile) {
        // Built outside every lock: the JSON is the expensive part.
        std::string line = exchangeToJsonLine(shared);
        line += '\n';
        const std::lock_guard lock(m_fileMutex);
        if (m_file.is_open()) {
            m_file.write(line.data(), static_cast<std::streamsize>(line.size()));
            m_file.flush(); // one whole line per exchange, readable by `tail -f` at once
        }
    }
    const std::lock_guard lock(m_subscriberMutex);
    if (m_subscribers.empty())
        return kept;
    // A subscriber may unsubscribe (itself or another) while we walk: walk by key, not iterator.
    SubscriptionId next = 0;
    for (;;) {
        const auto it = m_subscribers.upper_bound(next);
        if (it == m_subscribers.end())
            break;
        next = it->first;
        const Subscriber subscriber = it->second; // a copy survives its own unsubscribe()
        try {
            subscriber(shared);
        } catch (...) {
            // A subscriber's failure is its own: the server thread appending must carry on.
        }
    }
    return kept;
}

void CaptureLog::trimLocked()
{
    while (m_ring.size() > m_capacity || (m_bytes > m_maxBytes && m_ring.size() > 1)) {
        m_bytes -= std::min(m_bytes, m_ring.front().bytes);
        m_ring.pop_front();
    }
}

std::vector<Exchange> CaptureLog::snapshot() const
{
    std::vector<std::shared_ptr<const Exchange>> kept;
    {
        const std::lock_guard lock(m_mutex);
        kept.reserve(m_ring.size());
        for (const Kept &k : m_ring)
            kept.push_back(k.exchange);
    }
    // Copied outside the lock, so a big snapshot does not stall the server.
    std::vector<Exchange> out;
    out.reserve(kept.size());
    for (const auto &e : kept)
        out.push_back(*e);
    return out;
}

std::size_t CaptureLog::size() const
{
    const std::lock_guard lock(m_mutex);
    return m_ring.size();
}

std::uint64_t CaptureLog::totalAppended() const
{
    const std::lock_guard lock(m_mutex);
    return m_total;
}

void CaptureLog::clear()
{
    const std::lock_guard lock(m_mutex);
    m_ring.clear();
    m_bytes = 0;
}

void CaptureLog::setCapacity(std::size_t capacity)
{
    const std::lock_guard lock(m_mutex);
    m_capacity = capacity == 0 ? 1 : capacity;
    trimLocked();
}

std::size_t CaptureLog::capacity() const
{
    const std::lock_guard lock(m_mutex);
    return m_capacity;
}

void CaptureLog::setMaxBytes(std::size_t bytes)
{
    const std::lock_guard lock(m_mutex);
    m_maxBytes = bytes;
    trimLocked();
}

std::expected<void, Error> CaptureLog::setFile(const std::string &path)
{
    const std::lock_guard fileLock(m_fileMutex);
    if (m_file.is_open())
        m_file.close();
    m_file.clear();
    bool open = false;
    if (!path.empty()) {
        m_file.open(path, std::ios::out | std::ios::app | std::ios::binary);
        if (!m_file.is_open()) {
            const int error = errno;
            const std::lock_guard lock(m_mutex);
            m_fileOpen = false;
            return std::unexpected(Error{"capture.file", "cannot open the capture file " + path + " for appending: "
                                                             + std::strerror(error)});
        }
        open = true;
    }
    const std::lock_guard lock(m_mutex);
    m_fileOpen = open;
    return {};
}

std::string exchangeToJsonLine(const Exchange &e)
{
    // nlohmann::ordered_json keeps the order people read in; bodies are strings (they may be
    // anything the client sent), and invalid UTF-8 is replaced rather than failing the line.
    nlohmann::ordered_json j;
    j["sequence"] = e.sequence;
    j["received"] = isoUtc(e.received);
    j["received_ms"] =
        std::chrono::duration_cast<std::chrono::milliseconds>(e.received.time_since_epoch()).count();
    j["remote"] = e.remoteAddress;
    j["method"] = e.method;
    j["path"] = e.path;
    nlohmann::ordered_json headers = nlohmann::ordered_json::array();
    for (const auto &[name, value] : e.requestHeaders)
        headers.push_back({{"name", name}, {"value", value}});
    j["request_headers"] = std::move(headers);
    j["type"] = e.type ? nlohmann::ordered_json(std::string(protocol::wireName(*e.type))) : nullptr;
    j["request_body"] = e.requestBody;
    if (e.requestBodyTruncated)
        j["request_body_truncated"] = true;
    nlohmann::ordered_json findings = nlohmann::ordered_json::array();
    for (const auto &f : e.findings) {
        findings.push_back({{"severity", std::string(protocol::severityName(f.severity))},
                            {"pointer", f.pointer},
                            {"code", f.code},
                            {"message", f.message}});
    }
    j["findings"] = std::move(findings);
    j["status"] = e.status;
    j["response_body"] = e.responseBody;
    if (e.responseBodyTruncated)
        j["response_body_truncated"] = true;
    j["fault"] = e.fault;
    j["injected_delay_us"] = e.injectedDelayUs;
    j["handling_us"] = e.handlingUs;
    if (e.upstream) {
        j["upstream"] = {{"url", e.upstream->url},
                         {"status", e.upstream->status},
                         {"total_us", e.upstream->totalUs},
                         {"attempts", e.upstream->attempts},
                         {"error", e.upstream->error}};
    }
    return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

} // namespace fhw::endpoint
