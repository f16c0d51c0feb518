#pragma once

// Gathers the measured seconds from the engine threads: each thread hands over its part of a second
// once every request it scheduled in that second has finished; when all threads have, the second is
// merged into the timeline (percentiles, compressed histogram) and its histograms are freed, so a
// long run holds only the seconds still open.

#include "loadresult.h"

#include <deque>
#include <memory>
#include <mutex>
#include <vector>

namespace fhw::readiness::load {

struct SecondPart
{
    LoadCounts counts;
    std::unique_ptr<LatencyHistogram> latency; // null when nothing was recorded
    std::unique_ptr<LatencyHistogram> service;
};


class SecondCollector
{
public:
    explicit SecondCollector(int threads) : m_threads(threads) {}

    // Thread-safe. Each thread hands over seconds 0, 1, 2, ... in order.
    void submit(int second, SecondPart part);
    // Thread-safe. The seconds completed since the last call, in order.
    std::vector<LoadSecond> takeCompleted();
    // Once every engine has stopped: completes seconds [0, seconds), whatever parts they have.
    void finish(int seconds);

    // After finish(): the whole measured window.
    const LoadCounts &totals() const { return m_totals; }
    const LatencyHistogram &latency() const { return m_latency; }
    const LatencyHistogram &service() const { return m_service; }
    std::vector<LoadSecond> timeline() const;

private:
    struct Pending
    {
        int parts = 0;
        SecondPart merged;
    };
    void completeLocked(int second);

    const int m_threads;
    mutable std::mutex m_mutex;
    std::deque<Pending> m_pending; // index = second - m_timeline.size()
    std::vector<LoadSecond> m_timeline;
    std::size_t m_delivered = 0;
    LoadCounts m_totals;
    LatencyHistogram m_latency;
    LatencyHistogram m_service;
};

} // namespace fhw::readiness::load
