#pragma once

#include "protocol/finding.h"
#include "protocol/json.h"
#include "transport/httpsender.h"
#include "transport/target.h"

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace fhw::endpoint {

// Added latency: `fixed`, plus a normal draw around `mean` with `deviation` (just `mean` when the
// deviation is 0), the draw never below zero. Counted from the moment the full request is in.
struct LatencyFault
{
    std::chrono::microseconds fixed{0};
    std::chrono::microseconds mean{0};
    std::chrono::microseconds deviation{0};
};

struct FaultSettings
{
    LatencyFault latency;
    double failRate = 0.0;                 // 0..1: answer failStatus instead of the real response
    int failStatus = 500;                  // 429, 500, 503, ...
    std::optional<int> retryAfterSeconds;  // sent with failures when set
    double noAnswerRate = 0.0;             // 0..1: never answer; the connection is closed after
                                           // connectionTimeout (or at stop)
};

struct EndpointConfig
{
    std::string bindAddress = "127.0.0.1"; // anything else only when asked, with a warning
    std::uint16_t port = 0;                // 0 = any free port; Endpoint::port() tells which

    std::optional<std::string> token;      // when set, every type but registration needs it
    bool echoRequestId = false;            // response id = request id (allowed by DOCS-FH)
    protocol::Json registrationResponse;   // null = the built-in default registration
    std::map<std::string, std::string> subscriptionSettings; // returned on audience subscription
    bool suspendSubscription = false;      // in membership change responses
    protocol::Profile profile = protocol::Profile::Tolerant; // validation of incoming requests

    std::size_t maxBodyBytes = 8u * 1024u * 1024u; // larger bodies get 413, unread
    std::chrono::seconds connectionTimeout{10};    // idle or half-sent requests are closed after this
    unsigned connectionLimit = 1024;
    unsigned threads = 0;                          // server threads; 0 = one per core, at most 4
    std::size_t maxHeaderBytes = 8 * 1024;         // larger request headers get 431 (nginx allows 8 KiB a line)

    std::size_t captureCapacity = 10'000;  // exchanges kept in memory (a ring)
    std::string captureFile;               // append-only JSONL when set

    std::map<transport::Family, FaultSettings> faults;

    std::string proxyUrl;                  // forward every well-formed, authorized request here when set;
                                           // faults still apply (failure/no-answer instead of forwarding,
                                           // latency as a minimum time to answer)
    transport::SendOptions proxyOptions;   // token, timeouts, retries for the upstream leg
};

} // namespace fhw::endpoint
