#include "loadresult.h"

#include "loadreport_p.h"

namespace fhw::readiness {

Percentiles Percentiles::of(const LatencyHistogram &histogram)
{
    Percentiles p;
    p.count = histogram.totalCount();
    p.min = histogram.min();
    p.p50 = histogram.valueAtPercentile(50);
    p.p90 = histogram.valueAtPercentile(90);
    p.p99 = histogram.valueAtPercentile(99);
    p.p999 = histogram.valueAtPercentile(99.9);
    p.max = histogram.max();
    p.mean = histogram.mean();
    return p;
}

namespace {

// The share of the target rate a run must reach: below it the client (or the network) could not
// keep up, and the latency figures describe a lighter load than was asked for.
constexpr double requiredRateShare = 0.98;

} // namespace

void judge(LoadResult &result)
{
    using report::count;
    using report::millis;
    using report::percent;
    using report::rate;

    result.reasons.clear();
    bool passed = true;
    const LoadSettings &settings = result.settings;
    const LoadCounts &totals = result.totals;

    if (result.cancelled) {
        passed = false;
        result.reasons.push_back("The run was cancelled after " + report::seconds(result.measuredSeconds) +
                                 " of the " + std::to_string(settings.duration.count()) +
                                 " s planned, so it cannot pass; the figures cover only the part that ran.");
    }
    if (totals.scheduled == 0) {
        passed = false;
        result.reasons.push_back("No request was scheduled in the measured window, so there is nothing to judge.");
    }

    // Latency: p99 from the scheduled time (coordinated-omission corrected) within the budget.
    const std::int64_t budgetMicros = static_cast<std::int64_t>(settings.budget.count()) * 1000;
    if (result.latency.totalCount() > 0) {
        const std::int64_t p99 = result.latency.valueAtPercentile(99);
        // Within the histogram's resolution of the budget counts as within it: p99 is reported
        // as the top of its equivalence range, up to 0.1% above what was measured.
        if (p99 > budgetMicros && !result.latency.valuesAreEquivalent(p99, budgetMicros)) {
            passed = false;
            result.reasons.push_back("The p99 latency was " + millis(p99) + ", over the " +
                                     std::to_string(settings.budget.count()) + " ms budget.");
        }
    } else if (totals.scheduled > 0) {
        passed = false;
        result.reasons.push_back("No latency was recorded, so the " + std::to_string(settings.budget.count()) +
                                 " ms budget could not be checked.");
    }

    // Failures: no answer at all, or any answer that is not 2xx (429 throttling included).
    std::int64_t non2xx = 0;
    for (const auto &[status, n] : totals.statuses) {
        if (status >= 100 && (status < 200 || status > 299))
            non2xx += n;
    }
    const std::int64_t failed = totals.errors + non2xx;
    bool throttlingMentioned = false;
    if (totals.scheduled > 0) {
        const double ratio = static_cast<double>(failed) / static_cast<double>(totals.scheduled);
        if (ratio > settings.maxErrorRatio) {
            passed = false;
            std::string why = count(failed) + " of " + count(totals.scheduled) + " requests failed (" +
                percent(ratio) + "), more than the " + percent(settings.maxErrorRatio) + " allowed: " +
                count(totals.errors) + " got no answer and " + count(non2xx) + " got a non-2xx status";
            throttlingMentioned = totals.throttled > 0;
            if (totals.throttled > 0)
                why += " (" + count(totals.throttled) + " of them 429 Too Many Requests)";
            result.reasons.push_back(why + '.');
        }
    }

    // Rate: the open model asked for `rate`; if fewer completed, the load was lighter than planned.
    if (settings.rate > 0 && result.measuredSeconds > 0 &&
        result.achievedRate < requiredRateShare * settings.rate) {
        passed = false;
        result.reasons.push_back("The achieved rate was " + rate(result.achievedRate) + ", below " +
                                 percent(requiredRateShare) + " of the " + rate(settings.rate) + " target (" +
                                 rate(requiredRateShare * settings.rate) + ").");
    }

    // Things to look at that do not decide the verdict by themselves.
    if (!throttlingMentioned && totals.throttled > 0)
        result.reasons.push_back(count(totals.throttled) +
                                 " requests were throttled with 429; mParticle retries those, adding delay.");
    if (result.inFlightAtEnd > 0)
        result.reasons.push_back(count(result.inFlightAtEnd) +
                                 " requests scheduled in the window had not finished when the run stopped waiting.");
    if (result.latency.clampedCount() > 0)
        result.reasons.push_back(count(result.latency.clampedCount()) +
                                 " latencies were above 60 s and are counted as 60 s.");
    result.passed = passed;
}

void addCounts(LoadCounts &into, const LoadCounts &from)
{
    into.scheduled += from.scheduled;
    into.completed += from.completed;
    into.accepted += from.accepted;
    into.throttled += from.throttled;
    into.errors += from.errors;
    into.retries += from.retries;
    into.retriedThenAccepted += from.retriedThenAccepted;
    for (const auto &[status, count] : from.statuses)
        into.statuses[status] += count;
    for (const auto &[kind, count] : from.errorKinds)
        into.errorKinds[kind] += count;
}

} // namespace fhw::readiness
