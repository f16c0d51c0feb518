#pragma once

// When each request of a load run is due (the open model): request k has an intended time that depends
// only on k and the rate profile, never on how earlier requests went. The rate rises linearly from 0
// to `rate` over the ramp (so k requests are due by t = sqrt(2·ramp·k / rate)), then stays at `rate`
// through the warm-up and the measured window.

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace fhw::readiness::load {

class Schedule
{
public:
    Schedule(double rate, double rampSeconds, double warmupSeconds, double durationSeconds)
        : m_rate(rate), m_ramp(rampSeconds), m_measureStart(rampSeconds + warmupSeconds),
          m_end(rampSeconds + warmupSeconds + durationSeconds), m_rampCount(rate * rampSeconds / 2.0)
    {}

    double rate() const { return m_rate; }
    double measureStart() const { return m_measureStart; } // seconds from the run's start
    double end() const { return m_end; }

    // Seconds from the start at which request k (0, 1, 2, ...) is due.
    double timeOf(std::int64_t k) const
    {
        const double n = double(k);
        if (n < m_rampCount)
            return std::sqrt(2.0 * m_ramp * n / m_rate);
        return m_ramp + (n - m_rampCount) / m_rate;
    }
    std::int64_t nanosOf(std::int64_t k) const { return std::llround(timeOf(k) * 1e9); }

    // How many requests are due strictly before `seconds` (timeOf is the reference; the closed form
    // only gets close, the two loops settle rounding).
    std::int64_t countBefore(double seconds) const
    {
        if (seconds <= 0)
            return 0;
        const double estimate = seconds <= m_ramp ? m_rate * seconds * seconds / (2.0 * m_ramp)
                                                  : m_rampCount + (seconds - m_ramp) * m_rate;
        auto count = std::max<std::int64_t>(0, std::int64_t(std::ceil(estimate)));
        while (count > 0 && timeOf(count - 1) >= seconds)
            --count;
        while (timeOf(count) < seconds)
            ++count;
        return count;
    }

    // The first request due at or after `nanos` (nanosOf is the reference, as for the engines).
    std::int64_t firstAtOrAfterNanos(std::int64_t nanos) const
    {
        auto k = countBefore(double(nanos) / 1e9);
        while (k > 0 && nanosOf(k - 1) >= nanos)
            --k;
        while (nanosOf(k) < nanos)
            ++k;
        return k;
    }

private:
    double m_rate;
    double m_ramp;
    double m_measureStart;
    double m_end;
    double m_rampCount; // requests due during the ramp (rate · ramp / 2)
};

} // namespace fhw::readiness::load
