#pragma once

#include "protocol/finding.h"
#include "protocol/json.h"
#include "protocol/messagetype.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace fhw::transport {

// Microseconds from the start of the attempt, as libcurl measures them (CURLINFO_*_TIME_T).
struct PhaseTimings
{
    std::int64_t dnsUs = 0;         // name resolved
    std::int64_t connectUs = 0;     // TCP connected
    std::int64_t tlsUs = 0;         // TLS handshake done (0 for http)
    std::int64_t requestSentUs = 0; // ready to send (pretransfer)
    std::int64_t firstByteUs = 0;   // first response byte
    std::int64_t totalUs = 0;       // response complete
};

struct TlsInfo
{
    std::string version; // "TLSv1.3"
    std::string subject;
    std::string issuer;
    std::string notBefore;
    std::string notAfter;
    bool verified = false;    // the peer's certificate chain and host name were verified
    std::string verifyError;  // why not, when not
};

enum class AttemptError { None, Connect, Timeout, Tls, Cancelled, Other };

std::string_view attemptErrorName(AttemptError error); // "none", "connect", "timeout", "tls", ...

// What a Lambda invocation told beside its payload (X-Amz-Function-Error, X-Amz-Log-Result's REPORT line).
struct LambdaReport
{
    std::string requestId;
    double durationMs = 0;
    double billedDurationMs = 0;
    int memorySizeMb = 0;
    int maxMemoryUsedMb = 0;
    std::optional<double> initDurationMs; // present on a cold start
};

struct LambdaInvocation
{
    std::string functionError;          // X-Amz-Function-Error ("Unhandled", "Handled"); empty = none
    std::string executedVersion;        // X-Amz-Executed-Version
    std::string logTail;                // the decoded log tail (last 4 KB)
    std::optional<LambdaReport> report; // parsed from the tail's REPORT line
    bool coldStart() const { return report && report->initDurationMs.has_value(); }
};

struct Attempt
{
    int number = 1;
    std::chrono::milliseconds delayBefore{0}; // back-off waited before this attempt
    long status = 0;                          // 0 = no HTTP response
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;          // capped at SendOptions::maxResponseBytes
    bool bodyTruncated = false;
    AttemptError error = AttemptError::None;
    std::string errorText;
    PhaseTimings timings;
    std::optional<TlsInfo> tls;
    std::optional<LambdaInvocation> lambda; // for a Lambda target: function error, log tail, REPORT
};

enum class Verdict {
    Success,     // 200 or 202
    FinalStatus, // a status mParticle does not retry
    Exhausted,   // retryable failures until no attempt was left
    Cancelled,
    Invalid,     // the request could not be sent at all (no URL, bad URL)
};

std::string_view verdictName(Verdict verdict);

struct SendResult
{
    std::string url;
    protocol::MessageType requestType = protocol::MessageType::EventProcessingRequest;
    std::vector<Attempt> attempts;
    Verdict verdict = Verdict::Invalid;
    std::string summary; // one line for people
    // The last attempt's body, parsed when it is JSON, and validated against the response type that
    // answers requestType (e.g. event_processing_response).
    std::optional<protocol::Json> response;
    protocol::Findings findings;

    const Attempt *last() const { return attempts.empty() ? nullptr : &attempts.back(); }
    // Success and a response without validation errors: what mParticle would accept.
    bool accepted() const;
};

} // namespace fhw::transport
