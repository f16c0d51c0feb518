#pragma once

#include "latencyhistogram.h"
#include "loadsettings.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace fhw::readiness {

struct Percentiles
{
    std::int64_t count = 0;
    std::int64_t min = 0, p50 = 0, p90 = 0, p99 = 0, p999 = 0, max = 0; // microseconds
    double mean = 0;

    static Percentiles of(const LatencyHistogram &histogram);
};

// What happened to the requests scheduled in one second of the measured window (or, for the
// totals, in all of it). "latency" runs from the scheduled time (coordinated-omission corrected);
// "service" from when the request was actually written to a connection.
struct LoadCounts
{
    std::int64_t scheduled = 0;
    std::int64_t completed = 0;  // an HTTP response arrived (any status)
    std::int64_t accepted = 0;   // 200 or 202
    std::int64_t throttled = 0;  // 429
    std::int64_t errors = 0;     // no response (connect, timeout, reset, malformed, TLS), or a Lambda function error
    std::int64_t retries = 0;    // extra attempts (counted apart; only with LoadSettings::retries)
    std::int64_t retriedThenAccepted = 0;
    std::map<int, std::int64_t> statuses;        // final status of each request -> count
    std::map<std::string, std::int64_t> errorKinds; // "connect", "timeout", "reset", "tls", "malformed", "function-error"
};

// Adds `from`'s counts to `into` (seconds into totals, engine threads into one result, live charts).
void addCounts(LoadCounts &into, const LoadCounts &from);

struct LoadSecond
{
    int second = 0; // 0 = the first measured second
    LoadCounts counts;
    Percentiles latency;
    Percentiles service;
    std::string latencyHistogram; // this second's corrected histogram, compressed base64 (for the log)
};

struct LoadResult
{
    LoadSettings settings;                 // as run, with the token cleared
    std::string startedAt;                 // ISO 8601 UTC of the first measured second
    double startEpochSeconds = 0;
    double measuredSeconds = 0;            // the measured window actually run (shorter when cancelled)
    double achievedRate = 0;               // completed / measuredSeconds
    bool cancelled = false;
    LoadCounts totals;
    std::map<std::string, std::int64_t> perType; // short type name -> requests scheduled
    LatencyHistogram latency;              // every measured request, from its scheduled time
    LatencyHistogram service;              // every measured request, from when it was sent
    std::vector<LoadSecond> timeline;
    std::int64_t inFlightAtEnd = 0;        // scheduled in the window but not finished by the drain deadline
    bool passed = false;
    std::vector<std::string> reasons;      // why it failed, or what to look at; plain sentences
};

// Applies the verdict rules: p99 latency within settings.budget, errors + non-2xx (throttling
// included) at most settings.maxErrorRatio, achieved rate ≥ 98 % of the target. Fills passed/reasons.
void judge(LoadResult &result);

} // namespace fhw::readiness
