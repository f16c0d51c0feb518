#pragma once

// "Would mParticle accept this endpoint?" Each check sends real requests (one attempt each, so the
// endpoint's own behaviour shows) and judges the answers against the protocol and mParticle's rules.

#include "conformancereport.h"

#include "transport/httpsender.h"

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>

namespace fhw::readiness {

struct ConformanceSettings
{
    transport::Target target;
    std::string token;                            // sent as mParticle does; empty = none
    transport::SendOptions options;               // time-outs, TLS; retries are turned off for checks
    std::uint64_t seed = 1;                       // generator seed for the bodies
    std::chrono::milliseconds budget{100};        // 100 ms for HTTP; 200 ms (p99) for Lambda
};

class ConformanceRun
{
public:
    // Called on the thread that runs run(), after each check.
    using ProgressCallback = std::function<void(const CheckResult &check, int done, int planned)>;

    explicit ConformanceRun(ConformanceSettings settings);
    ~ConformanceRun();
    ConformanceRun(const ConformanceRun &) = delete;
    ConformanceRun &operator=(const ConformanceRun &) = delete;

    void setProgressCallback(ProgressCallback callback);

    // Blocks until every check ran (the CLI's main thread; a worker thread in the window).
    ConformanceReport run();
    void cancel(); // thread-safe: the check in flight is cancelled, the rest are reported as skipped

private:
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace fhw::readiness
