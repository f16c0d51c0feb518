#include "loadreport.h"
#include "loadreport_p.h"

#include "histogramlog.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace fhw::readiness {

// ---- number formatting (loadreport_p.h) ----

namespace report {

std::string fixed(double value, int decimals)
{
    if (!std::isfinite(value))
        return "n/a";
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, decimals);
    std::string out(buffer, result.ptr);
    if (out.front() == '-' && out.find_first_not_of("-0.") == std::string::npos)
        out.erase(0, 1); // "-0.000" reads as a negative latency
    return out;
}

namespace {

// Inserts thousands separators into the integer part of an unsigned decimal text.
std::string grouped(std::string digits)
{
    const std::size_t dot = std::min(digits.find('.'), digits.size());
    const std::size_t first = digits.front() == '-' ? 1 : 0;
    for (std::size_t at = dot; at > first + 3; at -= 3)
        digits.insert(at - 3, 1, ',');
    return digits;
}

std::string trimmedZeros(std::string text)
{
    if (text.find('.') == std::string::npos)
        return text;
    while (text.back() == '0')
        text.pop_back();
    if (text.back() == '.')
        text.pop_back();
    return text;
}

} // namespace

std::string count(std::int64_t value)
{
    return grouped(std::to_string(value));
}

std::string msNumber(std::int64_t micros)
{
    const double ms = static_cast<double>(micros) / 1000.0;
    return fixed(ms, ms < 10 ? 3 : ms < 1000 ? 1 : 0);
}

std::string millis(std::int64_t micros)
{
    return msNumber(micros) + " ms";
}

std::string percent(double ratio)
{
    return trimmedZeros(fixed(ratio * 100.0, 2)) + '%';
}

std::string rate(double perSecond)
{
    return grouped(trimmedZeros(fixed(perSecond, 1))) + " req/s";
}

std::string seconds(double value)
{
    return trimmedZeros(fixed(value, 1)) + " s";
}

std::string xmlEscaped(const std::string &text)
{
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&apos;"; break;
        default:
            // Control characters are not allowed in XML 1.0 (tab and newline are; keep them).
            if (static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n')
                out += c;
        }
    }
    return out;
}

} // namespace report

using namespace report;

namespace {

// A URL as shown in a report: any "user:password@" part is hidden (a credential could hide there).
std::string shownUrl(const std::string &url)
{
    const std::size_t scheme = url.find("://");
    const std::size_t authorityStart = scheme == std::string::npos ? 0 : scheme + 3;
    const std::size_t authorityEnd = std::min(url.find_first_of("/?#", authorityStart), url.size());
    const std::size_t at = url.rfind('@', authorityEnd);
    if (at == std::string::npos || at < authorityStart)
        return url;
    return url.substr(0, authorityStart) + "•••@" + url.substr(at + 1);
}

std::string padLeft(const std::string &text, std::size_t width)
{
    // Width in characters, not bytes, so "µ" and "•" do not shift columns.
    std::size_t chars = 0;
    for (unsigned char c : text)
        chars += (c & 0xc0) != 0x80;
    return chars >= width ? text : std::string(width - chars, ' ') + text;
}

std::string padRight(const std::string &text, std::size_t width)
{
    return text.size() >= width ? text : text + std::string(width - text.size(), ' ');
}

std::int64_t non2xxCount(const LoadCounts &counts)
{
    std::int64_t n = 0;
    for (const auto &[status, c] : counts.statuses) {
        if (status >= 100 && (status < 200 || status > 299))
            n += c;
    }
    return n;
}

std::string secondsSetting(std::chrono::seconds value)
{
    return std::to_string(value.count()) + " s";
}

void appendSettings(std::string &out, const LoadSettings &s)
{
    std::string target;
    if (s.target.isLambda())
        target = "Lambda function " + s.target.lambda->function + " (invoked at " + shownUrl(s.target.urlFor({})) + ")";
    else
        target = s.target.url.empty() ? std::string("(per type)") : shownUrl(s.target.url);
    out += "Target        " + target + '\n';
    for (const auto &[family, url] : s.target.perFamily)
        out += "  " + padRight(std::string(transport::familyName(family)), 12) + shownUrl(url) + '\n';
    out += "Mix           " + mixText(s.mix) + '\n';
    out += "Load          " + rate(s.rate) + " for " + secondsSetting(s.duration) + " (ramp " + secondsSetting(s.ramp) +
        ", warm-up " + secondsSetting(s.warmup) + "), up to " + count(s.connections) + " connections, " +
        std::to_string(s.threads) + (s.threads == 1 ? " thread" : " threads") + ", seed " + std::to_string(s.seed) + '\n';
    out += "Requests      " + std::to_string(s.eventsPerBatch) + " events per batch, " + std::to_string(s.bodiesPerType) +
        " bodies per type, timeout " + std::to_string(s.timeout.count()) + " ms, connect " +
        std::to_string(s.connectTimeout.count()) + " ms, TLS verify " + (s.verifyTls ? "on" : "off") + '\n';
    out += "Retries       " +
        (s.retries ? "mParticle's policy, up to " + std::to_string(s.retry.maxAttempts) + " attempts" : std::string("off")) + '\n';
    out += "Verdict rules p99 ≤ " + std::to_string(s.budget.count()) + " ms, failures ≤ " + percent(s.maxErrorRatio) +
        ", rate ≥ 98% of target\n";
}

std::string tableHeader()
{
    return padLeft("s", 5) + padLeft("sched", 9) + padLeft("done", 9) + padLeft("2xx", 9) + padLeft("429", 7) +
        padLeft("err", 7) + padLeft("p50", 10) + padLeft("p90", 10) + padLeft("p99", 10) + padLeft("max", 10) + '\n';
}

std::string tableRow(const LoadSecond &s)
{
    std::int64_t ok = 0;
    for (const auto &[status, c] : s.counts.statuses) {
        if (status >= 200 && status <= 299)
            ok += c;
    }
    return padLeft(std::to_string(s.second), 5) + padLeft(count(s.counts.scheduled), 9) +
        padLeft(count(s.counts.completed), 9) + padLeft(count(ok), 9) + padLeft(count(s.counts.throttled), 7) +
        padLeft(count(s.counts.errors), 7) + padLeft(msNumber(s.latency.p50), 10) + padLeft(msNumber(s.latency.p90), 10) +
        padLeft(msNumber(s.latency.p99), 10) + padLeft(msNumber(s.latency.max), 10) + '\n';
}

void appendTimeline(std::string &out, const std::vector<LoadSecond> &timeline)
{
    if (timeline.empty())
        return;
    constexpr std::size_t fullTableLimit = 60;
    if (timeline.size() <= fullTableLimit) {
        out += "\nPer second (latency in ms from the scheduled time)\n" + tableHeader();
        for (const LoadSecond &s : timeline)
            out += tableRow(s);
        return;
    }
    // Long runs: the spread and the five worst seconds rather than hundreds of rows.
    const auto byCompleted = std::minmax_element(timeline.begin(), timeline.end(), [](const auto &a, const auto &b) {
        return a.counts.completed < b.counts.completed;
    });
    std::vector<const LoadSecond *> worst;
    std::int64_t secondsWithFailures = 0;
    for (const LoadSecond &s : timeline) {
        worst.push_back(&s);
        secondsWithFailures += (s.counts.errors + non2xxCount(s.counts)) > 0;
    }
    std::stable_sort(worst.begin(), worst.end(), [](auto *a, auto *b) { return a->latency.p99 > b->latency.p99; });
    worst.resize(std::min<std::size_t>(5, worst.size()));
    out += "\nPer second (" + std::to_string(timeline.size()) + " s; the full table is in the JSON report)\n";
    out += "  completed per second  min " + count(byCompleted.first->counts.completed) + " (second " +
        std::to_string(byCompleted.first->second) + "), max " + count(byCompleted.second->counts.completed) +
        " (second " + std::to_string(byCompleted.second->second) + ")\n";
    out += "  seconds with failures " + count(secondsWithFailures) + '\n';
    out += "  the five seconds with the highest p99:\n" + tableHeader();
    for (const LoadSecond *s : worst)
        out += tableRow(*s);
}

} // namespace

std::string loadReportText(const LoadResult &result)
{
    const LoadSettings &s = result.settings;
    const LoadCounts &t = result.totals;
    std::string out = "fhw load: latency under load (open model, coordinated-omission corrected)\n\n";
    appendSettings(out, s);
    out += "Started       " + (result.startedAt.empty() ? std::string("-") : result.startedAt) + ", measured " +
        seconds(result.measuredSeconds) + (result.cancelled ? " (cancelled)" : "") + '\n';

    const double share = s.rate > 0 ? result.achievedRate / s.rate : 0;
    out += "\nRate          " + rate(result.achievedRate) + " achieved of " + rate(s.rate) + " target (" + percent(share) + ")\n";
    out += "Requests      " + count(t.scheduled) + " scheduled, " + count(t.completed) + " answered, " +
        count(t.accepted) + " accepted (200/202), " + count(result.inFlightAtEnd) + " unfinished at the end\n";

    out += "\nLatency (ms)" + padLeft("p50", 10) + padLeft("p90", 10) + padLeft("p99", 10) + padLeft("p99.9", 10) +
        padLeft("max", 10) + padLeft("mean", 10) + padLeft("count", 10) + '\n';
    const auto row = [](const char *name, const Percentiles &p) {
        return padRight(name, 12) + padLeft(msNumber(p.p50), 10) +
            padLeft(msNumber(p.p90), 10) + padLeft(msNumber(p.p99), 10) + padLeft(msNumber(p.p999), 10) +
            padLeft(msNumber(p.max), 10) + padLeft(fixed(p.mean / 1000.0, 3), 10) + padLeft(count(p.count), 10) + '\n';
    };
    out += row("  corrected", Percentiles::of(result.latency));
    out += row("  service", Percentiles::of(result.service));
    out += "  (corrected: from the scheduled time; service: from when the request was sent)\n";

    out += "\nStatuses      ";
    if (t.statuses.empty())
        out += "none";
    for (auto it = t.statuses.begin(); it != t.statuses.end(); ++it)
        out += (it == t.statuses.begin() ? "" : ", ") + std::to_string(it->first) + ": " + count(it->second);
    out += "\nErrors        " + (t.errors == 0 ? std::string("none") : count(t.errors));
    for (auto it = t.errorKinds.begin(); it != t.errorKinds.end(); ++it)
        out += (it == t.errorKinds.begin() ? " (" : ", ") + it->first + ": " + count(it->second) +
            (std::next(it) == t.errorKinds.end() ? ")" : "");
    out += "\nThrottled     " + count(t.throttled) + " (429)\n";
    out += "Retries       " + (s.retries ? count(t.retries) + " extra attempts, " + count(t.retriedThenAccepted) +
                                               " requests accepted after a retry"
                                         : std::string("off")) + '\n';
    out += "Per type      ";
    for (auto it = result.perType.begin(); it != result.perType.end(); ++it)
        out += (it == result.perType.begin() ? "" : ", ") + it->first + ": " + count(it->second);
    out += result.perType.empty() ? "-\n" : "\n";

    appendTimeline(out, result.timeline);

    out += std::string("\nVerdict       ") + (result.passed ? "PASS" : "FAIL") + '\n';
    for (const std::string &reason : result.reasons)
        out += "  - " + reason + '\n';
    return out;
}

namespace {

protocol::Json percentilesJson(const Percentiles &p)
{
    return {{"count", p.count}, {"min_us", p.min},   {"p50_us", p.p50}, {"p90_us", p.p90},
            {"p99_us", p.p99},  {"p999_us", p.p999}, {"max_us", p.max}, {"mean_us", p.mean}};
}

protocol::Json countsJson(const LoadCounts &c)
{
    protocol::Json statuses = protocol::Json::object();
    for (const auto &[status, n] : c.statuses)
        statuses[std::to_string(status)] = n;
    protocol::Json kinds = protocol::Json::object();
    for (const auto &[kind, n] : c.errorKinds)
        kinds[kind] = n;
    return {{"scheduled", c.scheduled}, {"completed", c.completed}, {"accepted", c.accepted},
            {"throttled", c.throttled}, {"errors", c.errors},       {"retries", c.retries},
            {"retriedThenAccepted", c.retriedThenAccepted},         {"statuses", statuses},
            {"errorKinds", kinds}};
}

// Every setting except the token, which is never written anywhere.
protocol::Json settingsJson(const LoadSettings &s)
{
    protocol::Json perFamily = protocol::Json::object();
    for (const auto &[family, url] : s.target.perFamily)
        perFamily[std::string(transport::familyName(family))] = shownUrl(url);
    protocol::Json mix = protocol::Json::array();
    for (const MixEntry &e : s.mix)
        mix.push_back({{"type", std::string(shortTypeName(e.type))}, {"weight", e.weight}});
    return {{"url", shownUrl(s.target.url)},
            {"perFamily", perFamily},
            {"mix", mix},
            {"mixText", mixText(s.mix)},
            {"rate", s.rate},
            {"durationSeconds", s.duration.count()},
            {"warmupSeconds", s.warmup.count()},
            {"rampSeconds", s.ramp.count()},
            {"connections", s.connections},
            {"threads", s.threads},
            {"seed", s.seed},
            {"eventsPerBatch", s.eventsPerBatch},
            {"bodiesPerType", s.bodiesPerType},
            {"retries", s.retries},
            {"retry",
             {{"maxAttempts", s.retry.maxAttempts},
              {"baseMs", s.retry.base.count()},
              {"factor", s.retry.factor},
              {"capMs", s.retry.cap.count()},
              {"jitter", s.retry.jitter},
              {"honourRetryAfter", s.retry.honourRetryAfter},
              {"maxRetryAfterMs", s.retry.maxRetryAfter.count()}}},
            {"connectTimeoutMs", s.connectTimeout.count()},
            {"timeoutMs", s.timeout.count()},
            {"verifyTls", s.verifyTls},
            {"caFile", s.caFile},
            {"budgetMs", s.budget.count()},
            {"maxErrorRatio", s.maxErrorRatio}};
}

} // namespace

protocol::Json loadReportJson(const LoadResult &result)
{
    protocol::Json timeline = protocol::Json::array();
    for (const LoadSecond &s : result.timeline)
        timeline.push_back({{"second", s.second},
                            {"counts", countsJson(s.counts)},
                            {"latency", percentilesJson(s.latency)},
                            {"service", percentilesJson(s.service)},
                            {"latencyHistogram", s.latencyHistogram}});
    protocol::Json perType = protocol::Json::object();
    for (const auto &[type, n] : result.perType)
        perType[type] = n;

    protocol::Json latency = percentilesJson(Percentiles::of(result.latency));
    latency["clamped"] = result.latency.clampedCount();
    latency["histogram"] = result.latency.encodeCompressedBase64();
    protocol::Json service = percentilesJson(Percentiles::of(result.service));
    service["clamped"] = result.service.clampedCount();
    service["histogram"] = result.service.encodeCompressedBase64();

    return {{"report", "fhw load"},
            {"passed", result.passed},
            {"reasons", result.reasons},
            {"cancelled", result.cancelled},
            {"startedAt", result.startedAt},
            {"startEpochSeconds", result.startEpochSeconds},
            {"measuredSeconds", result.measuredSeconds},
            {"targetRate", result.settings.rate},
            {"achievedRate", result.achievedRate},
            {"settings", settingsJson(result.settings)},
            {"totals", countsJson(result.totals)},
            {"inFlightAtEnd", result.inFlightAtEnd},
            {"perType", perType},
            // Histograms: HdrHistogram V2, compressed, base64 (decodable by HdrHistogram's tools).
            {"latency", latency},
            {"service", service},
            {"timeline", timeline}};
}

std::string loadHistogramLog(const LoadResult &result)
{
    HistogramLog log;
    log.startTimeEpochSeconds = result.startEpochSeconds;
    log.comment = "Logged with fhw load: latency in microseconds from the scheduled time "
                  "(coordinated-omission corrected), one interval per measured second, target " +
        rate(result.settings.rate) + ", mix " + mixText(result.settings.mix);
    for (const LoadSecond &s : result.timeline) {
        LoggedInterval interval;
        interval.startSeconds = s.second;
        // The last second of a cancelled run may be partial.
        interval.lengthSeconds = std::clamp(result.measuredSeconds - s.second, 0.0, 1.0);
        if (result.measuredSeconds <= 0)
            interval.lengthSeconds = 1;
        if (!s.latencyHistogram.empty()) {
            if (auto histogram = LatencyHistogram::decodeCompressedBase64(s.latencyHistogram))
                interval.histogram = std::move(*histogram);
        }
        log.intervals.push_back(std::move(interval));
    }
    return writeHistogramLog(log);
}

} // namespace fhw::readiness
