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

// The Invoke mode: the endpoint also answers AWS Lambda's Invoke API,
// POST /2015-03-31/functions/{name}/invocations[?Qualifier=…], as a local stand-in for a partner's
// function (a Lambda target with endpoint = Endpoint::url() and sign = false). What it answers, as AWS does:
// - a Firehose request: 200 + the reference response as the payload; with "X-Amz-Log-Type: Tail" an
//   X-Amz-Log-Result (base64 of START/END/REPORT lines; Duration = the real handling time, injected
//   latency included; "Init Duration" only on each function name's first invocation since start, a cold
//   start), X-Amz-Executed-Version, x-amzn-RequestId;
// - valid JSON that is not a Firehose request (no/unknown type): 200 + X-Amz-Function-Error: Unhandled
//   (what the partner's function, throwing on it, gives);
// - a body that is not JSON: 400, x-amzn-ErrorType InvalidRequestContentException (AWS rejects it
//   before the function runs); a function name other than `functionName`: 404 ResourceNotFoundException;
// - X-Amz-Invocation-Type "Event": 202 and no payload, "DryRun": 204.
// The token is never asked for on the Invoke path (Lambda has none; AWS checks IAM, the endpoint does
// not check signatures). Fault settings of the message's family still apply (latency, failures, no answer).
struct LambdaSettings
{
    std::string functionName;          // empty: any name (or ARN) is served
    double functionErrorRate = 0.0;    // 0..1: 200 + X-Amz-Function-Error: Unhandled + an error payload
    double throttleRate = 0.0;         // 0..1: 429 TooManyRequestsException ("Rate Exceeded.")
    int memorySizeMb = 256;            // Memory Size in the REPORT line
    std::chrono::microseconds initDuration{180'000}; // Init Duration reported on a cold start
    bool delayColdStart = false;       // also hold the cold start's answer for initDuration, as AWS does
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

    std::optional<LambdaSettings> lambda;  // set: the Invoke mode (above), beside the Firehose paths
};

} // namespace fhw::endpoint
