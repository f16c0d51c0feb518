#pragma once

// Private to core/endpoint: turns FaultSettings into a decision for one request, with dice of its
// own (a seeded generator shared safely between the server's threads).

#include "endpointconfig.h"
#include "random_p.h"

#include <chrono>
#include <cstdint>

namespace fhw::endpoint::detail {

struct FaultDecision
{
    enum class Kind { None, Failure, NoAnswer };
    Kind kind = Kind::None;
    std::chrono::microseconds delay{0}; // before the answer (real or failure); unused for NoAnswer
};

class FaultInjector
{
public:
    explicit FaultInjector(std::uint64_t seed) : m_random(seed) {}

    // No-answer is drawn first, then failure; latency applies to whatever is answered.
    FaultDecision decide(const FaultSettings &settings);

    // fixed + max(0, N(mean, deviation)); with deviation 0 the normal draw is just `mean`.
    std::chrono::microseconds latency(const LatencyFault &latency);

private:
    double normal(); // standard normal, Box–Muller (the std distributions differ between libraries)

    AtomicSplitMix m_random;
};

// The name Exchange::fault records: "", "latency", "failure", "no-answer".
const char *faultName(const FaultDecision &decision);

} // namespace fhw::endpoint::detail
