#pragma once

// Private to core/endpoint: the small PRNG behind response ids and fault draws. splitmix64 is
// counter-based (state += γ, output = mix(state)), so one atomic fetch_add makes it safe to share
// between the server's threads without a lock; it passes BigCrush, which is plenty for ids and dice.

#include <atomic>
#include <cstdint>

namespace fhw::endpoint::detail {

inline constexpr std::uint64_t splitMixGamma = 0x9e3779b97f4a7c15ULL;

inline std::uint64_t splitMixOutput(std::uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

class AtomicSplitMix
{
public:
    explicit AtomicSplitMix(std::uint64_t seed) : m_state(seed) {}

    std::uint64_t next() { return splitMixOutput(m_state.fetch_add(splitMixGamma, std::memory_order_relaxed) + splitMixGamma); }

    // Uniform in [0, 1) from the top 53 bits.
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

private:
    std::atomic<std::uint64_t> m_state;
};

} // namespace fhw::endpoint::detail
