#pragma once

#include "protocol/finding.h"
#include "protocol/json.h"
#include "transport/sendresult.h"

#include "common/error.h"

#include <chrono>
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace fhw::readiness {

enum class CheckStatus { Pass, Info, Warn, Fail, Skipped };
std::string_view checkStatusName(CheckStatus status); // "pass", "info", "warn", "fail", "skipped"
std::optional<CheckStatus> checkStatusFromName(std::string_view name);

// One exchange a check made, kept as evidence. The token never appears: the Authorization header is
// redacted by secrets/redaction before it is stored here.
struct Evidence
{
    std::string label;              // what was sent, in words: "event batch with 1,000 events"
    std::string url;
    protocol::MessageType requestType = protocol::MessageType::EventProcessingRequest;
    std::vector<std::pair<std::string, std::string>> requestHeaders;
    std::string requestBody;        // truncated past 64 KiB, with requestBodyBytes the full size
    std::size_t requestBodyBytes = 0;
    long status = 0;                // 0 = no HTTP response
    std::vector<std::pair<std::string, std::string>> responseHeaders;
    std::string responseBody;       // truncated past 64 KiB
    std::string error;              // transport error text, when there was no response
    transport::PhaseTimings timings;
    std::optional<transport::TlsInfo> tls;
    protocol::Findings findings;    // the response checked against the protocol
    // A Lambda target: the function error and the REPORT line of the log tail (cold start: Init Duration).
    std::optional<transport::LambdaInvocation> lambda;
};

struct CheckResult
{
    std::string id;        // stable, dotted: "registration.no-auth", "event.type.custom_event", ...
    std::string category;  // "registration", "capabilities", "verification", "auth", "robustness", "transport", "latency"
    std::string title;     // one line for people
    CheckStatus status = CheckStatus::Skipped;
    std::string message;   // why this status, in plain words (what mParticle would do, what to change)
    std::vector<Evidence> evidence;
    std::int64_t durationUs = 0;
};

struct ConformanceReport
{
    std::string target;             // the URL, or the per-type URLs joined
    std::string startedAt;          // ISO 8601 UTC
    std::int64_t durationUs = 0;
    std::string toolVersion;
    std::chrono::milliseconds budget{100};
    std::optional<protocol::Json> registration; // the registration response received, when valid JSON
    std::vector<CheckResult> checks;
    bool cancelled = false;

    int count(CheckStatus status) const;
    bool passed() const; // no check failed, and not cancelled
};

std::string conformanceText(const ConformanceReport &report, bool verbose); // summary; verbose adds evidence
protocol::Json conformanceJson(const ConformanceReport &report);
std::expected<ConformanceReport, Error> conformanceFromJson(const protocol::Json &json); // code "report.format"
// JUnit XML: one <testsuite> per category, one <testcase> per check; fail → <failure>, warn → passes
// with <system-out>, skipped → <skipped/>. Evidence in <system-out>.
std::string conformanceJUnit(const ConformanceReport &report);

} // namespace fhw::readiness
