#pragma once

#include "exchange.h"

#include "common/error.h"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <expected>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace fhw::endpoint {

// A bounded ring of exchanges (oldest dropped first), optionally mirrored to an append-only JSONL
// file. Thread-safe: the server appends from its threads; readers and subscribers anywhere.
// Bounded twice: by count (capacity) and by the bytes the kept exchanges hold (maxBytes), so a run
// of large batches cannot grow memory past the budget.
class CaptureLog
{
public:
    explicit CaptureLog(std::size_t capacity = 10'000);

    // Called after each append, on the appending (server) thread: keep it short, e.g. post a
    // queued signal to the GUI thread. Never block there on a thread that may call unsubscribe():
    // unsubscribe() waits for a notification in progress, so that no call happens after it returns.
    // A subscriber may itself unsubscribe or read the log.
    using Subscriber = std::function<void(const Exchange &)>;
    using SubscriptionId = std::uint64_t;
    SubscriptionId subscribe(Subscriber subscriber);
    void unsubscribe(SubscriptionId id);

    // Returns the exchange as kept: shared and read-only from here on (the endpoint answers from
    // its response body instead of copying it again).
    std::shared_ptr<const Exchange> append(Exchange exchange);
    std::vector<Exchange> snapshot() const;
    std::size_t size() const;
    std::uint64_t totalAppended() const;
    void clear();
    void setCapacity(std::size_t capacity);
    std::size_t capacity() const;
    // The bytes kept exchanges may hold (bodies, headers, findings; 64 MiB by default). The newest
    // exchange is always kept, whatever its size.
    void setMaxBytes(std::size_t bytes);

    // Starts (or stops, with an empty path) mirroring to a JSONL file, one exchange per line.
    std::expected<void, Error> setFile(const std::string &path);

private:
    void trimLocked();

    // Kept by shared pointer: appending moves the exchange in once, and subscribers and the file
    // read the same object without a copy.
    struct Kept
    {
        std::shared_ptr<const Exchange> exchange;
        std::size_t bytes; // its footprint, counted once
    };

    mutable std::mutex m_mutex; // the ring and counters
    std::size_t m_capacity;
    std::size_t m_maxBytes = 64u * 1024u * 1024u;
    std::size_t m_bytes = 0; // what the ring holds, as estimated by footprint()
    std::deque<Kept> m_ring;
    std::uint64_t m_total = 0;
    bool m_fileOpen = false; // under m_mutex, so append() skips the JSON when there is no file
    std::mutex m_fileMutex; // the file; lines are written whole
    std::ofstream m_file;
    std::recursive_mutex m_subscriberMutex; // held while notifying, so unsubscribe() is final
    std::map<SubscriptionId, Subscriber> m_subscribers;
    SubscriptionId m_nextSubscription = 1;
};

// One exchange as a JSON object (what the JSONL file holds).
std::string exchangeToJsonLine(const Exchange &exchange);

} // namespace fhw::endpoint
