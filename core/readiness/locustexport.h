#pragma once

// A Locust file (Python) that replays the same traffic as `fhw load` — generated bodies, the auth
// header, mParticle's retry policy, the mix — so a partner can run it distributed
// (locust --master / --worker) at production scale.

#include "mix.h"

#include "common/error.h"
#include "transport/retrypolicy.h"
#include "transport/target.h"

#include <cstdint>
#include <expected>
#include <string>

namespace fhw::readiness {

struct LocustSettings
{
    transport::Target target;
    Mix mix = defaultMix();
    std::string tokenEnvironmentVariable;   // the token is read from this variable when Locust runs; never written
    std::uint64_t seed = 1;
    int eventsPerBatch = 16;
    int bodiesPerType = 32;                 // generated bodies embedded per type (ids and timestamps refreshed per request)
    bool retries = true;
    transport::RetrySettings retry;
    double ratePerUser = 1.0;               // constant_throughput per simulated user
};

// Errors: "locust.settings" (no URL for a type in the mix, bad numbers), with the reason.
std::expected<std::string, Error> locustFile(const LocustSettings &settings);

} // namespace fhw::readiness
