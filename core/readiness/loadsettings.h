#pragma once

#include "mix.h"

#include "transport/retrypolicy.h"
#include "transport/target.h"

#include <chrono>
#include <cstdint>
#include <string>

namespace fhw::readiness {

// mParticle's published figures: 2,000 requests/s on average, 10,000 at peak; HTTP answers under
// 100 ms; Lambda: 99 % of calls under 200 ms.
inline constexpr double averageRate = 2000;
inline constexpr double peakRate = 10000;
inline constexpr std::chrono::milliseconds httpBudget{100};
inline constexpr std::chrono::milliseconds lambdaBudget{200};

struct LoadSettings
{
    transport::Target target;
    std::string token;                      // "Authorization: Token …"; never in a result or a report
    Mix mix = defaultMix();
    double rate = averageRate;              // requests/s once ramped up (open model: scheduled, not paced by answers)
    std::chrono::seconds duration{10};      // measured
    std::chrono::seconds warmup{0};         // at `rate` before measuring; sent, not recorded
    std::chrono::seconds ramp{0};           // linear from 0 to `rate` before the warm-up; sent, not recorded
    int connections = 100;                  // most connections open at once (opened as needed, kept alive)
    int threads = 1;                        // engine threads; the rate and connections are split between them
    std::uint64_t seed = 1;                 // generator seed: the same settings send the same bodies
    int eventsPerBatch = 16;                // events in each generated event_processing_request
    int bodiesPerType = 64;                 // distinct generated bodies per request type, sent in turn
    bool retries = false;                   // mParticle's retry policy on 408/429/500/502/503/504
    transport::RetrySettings retry;         // used when `retries`
    std::chrono::milliseconds connectTimeout{1000};
    std::chrono::milliseconds timeout{2000}; // per attempt, from when it was sent
    bool verifyTls = true;
    std::string caFile;
    std::chrono::milliseconds budget = httpBudget; // the latency budget the verdict uses (p99)
    double maxErrorRatio = 0.01;            // more failed requests than this fails the run
};

} // namespace fhw::readiness
