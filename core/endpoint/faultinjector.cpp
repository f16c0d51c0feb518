#include "faultinjector_p.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace fhw::endpoint::detail {

FaultDecision FaultInjector::decide(const FaultSettings &settings)
{
    FaultDecision decision;
    // A rate of 0 never draws, so a fault-free configuration costs nothing.
    if (settings.noAnswerRate > 0.0 && m_random.uniform() < settings.noAnswerRate) {
        decision.kind = FaultDecision::Kind::NoAnswer;
        return decision;
    }
    if (settings.failRate > 0.0 && m_random.uniform() < settings.failRate)
        decision.kind = FaultDecision::Kind::Failure;
    decision.delay = latency(settings.latency);
    return decision;
}

std::chrono::microseconds FaultInjector::latency(const LatencyFault &latency)
{
    auto delay = std::max(latency.fixed, std::chrono::microseconds(0));
    if (latency.deviation.count() > 0) {
        const double draw = static_cast<double>(latency.mean.count())
                            + static_cast<double>(latency.deviation.count()) * normal();
        delay += std::chrono::microseconds(static_cast<std::int64_t>(std::max(0.0, std::round(draw))));
    } else if (latency.mean.count() > 0) {
        delay += latency.mean;
    }
    return delay;
}

double FaultInjector::normal()
{
    // 1 - uniform() is in (0, 1], so the log is finite.
    const double u1 = 1.0 - m_random.uniform();
    const double u2 = m_random.uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

const char *faultName(const FaultDecision &decision)
{
    switch (decision.kind) {
    case FaultDecision::Kind::NoAnswer: return "no-answer";
    case FaultDecision::Kind::Failure: return "failure";
    case FaultDecision::Kind::None: break;
    }
    return decision.delay.count() > 0 ? "latency" : "";
}

} // namespace fhw::endpoint::detail
