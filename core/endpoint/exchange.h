#pragma once

#include "protocol/finding.h"
#include "protocol/messagetype.h"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace fhw::endpoint {

// The upstream leg of a proxied exchange.
struct UpstreamLeg
{
    std::string url;
    long status = 0;
    std::int64_t totalUs = 0;
    int attempts = 0;
    std::string error;
};

// One request and the answer the endpoint gave, as captured. Bodies are kept up to
// maxCapturedBodyBytes (256 KiB) each, so a capture of many large requests stays bounded; the
// *Truncated flags say when the end was cut.
inline constexpr std::size_t maxCapturedBodyBytes = 256 * 1024;

struct Exchange
{
    std::uint64_t sequence = 0; // 1-based order of appending to the CaptureLog (set by append)
    std::chrono::system_clock::time_point received;
    std::string remoteAddress;
    std::string method;
    std::string path;
    std::vector<std::pair<std::string, std::string>> requestHeaders; // (Proxy-)Authorization redacted
    std::string requestBody;
    bool requestBodyTruncated = false;
    std::optional<protocol::MessageType> type;
    protocol::Findings findings; // validation of the request

    int status = 0;              // 0 = no answer was given (injected time-out, client gone, request never finished)
    std::string responseBody;
    bool responseBodyTruncated = false;
    std::string fault;           // "", "latency", "failure", "no-answer"
    std::int64_t injectedDelayUs = 0;
    std::int64_t handlingUs = 0; // from the full request to the response queued, delay included
    std::optional<UpstreamLeg> upstream;
};

} // namespace fhw::endpoint
