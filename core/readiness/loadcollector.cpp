#include "loadcollector_p.h"

namespace fhw::readiness::load {


namespace {

void addHistogram(std::unique_ptr<LatencyHistogram> &into, std::unique_ptr<LatencyHistogram> from)
{
    if (!from)
        return;
    if (!into)
        into = std::move(from);
    else
        into->add(*from);
}

} // namespace

void SecondCollector::submit(int second, SecondPart part)
{
    const std::lock_guard lock(m_mutex);
    if (second < int(m_timeline.size()))
        return; // already completed by finish(): cannot happen while engines run
    const std::size_t index = std::size_t(second) - m_timeline.size();
    if (m_pending.size() <= index)
        m_pending.resize(index + 1);
    Pending &pending = m_pending[index];
    ++pending.parts;
    addCounts(pending.merged.counts, part.counts);
    addHistogram(pending.merged.latency, std::move(part.latency));
    addHistogram(pending.merged.service, std::move(part.service));
    while (!m_pending.empty() && m_pending.front().parts >= m_threads)
        completeLocked(int(m_timeline.size()));
}

void SecondCollector::completeLocked(int second)
{
    Pending pending = std::move(m_pending.front());
    m_pending.pop_front();
    LoadSecond done;
    done.second = second;
    done.counts = std::move(pending.merged.counts);
    const LatencyHistogram empty;
    const LatencyHistogram &latency = pending.merged.latency ? *pending.merged.latency : empty;
    const LatencyHistogram &service = pending.merged.service ? *pending.merged.service : empty;
    done.latency = Percentiles::of(latency);
    done.service = Percentiles::of(service);
    done.latencyHistogram = latency.encodeCompressedBase64();
    addCounts(m_totals, done.counts);
    m_latency.add(latency);
    m_service.add(service);
    m_timeline.push_back(std::move(done));
}

std::vector<LoadSecond> SecondCollector::takeCompleted()
{
    const std::lock_guard lock(m_mutex);
    std::vector<LoadSecond> completed(m_timeline.begin() + std::ptrdiff_t(m_delivered), m_timeline.end());
    m_delivered = m_timeline.size();
    return completed;
}

void SecondCollector::finish(int seconds)
{
    const std::lock_guard lock(m_mutex);
    while (int(m_timeline.size()) < seconds) {
        if (m_pending.empty())
            m_pending.emplace_back();
        completeLocked(int(m_timeline.size()));
    }
    m_pending.clear();
}

std::vector<LoadSecond> SecondCollector::timeline() const
{
    const std::lock_guard lock(m_mutex);
    return m_timeline;
}

} // namespace fhw::readiness::load
