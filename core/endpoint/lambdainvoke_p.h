#pragma once

// Private to core/endpoint: the Invoke mode (EndpointConfig::lambda). What AWS Lambda's Invoke API
// answers beside the function's payload: the request id, the executed version, the base64 log tail
// with its REPORT line, X-Amz-Function-Error; and its own refusals (throttling, no such function,
// a payload that is not JSON), with the x-amzn-ErrorType and the body AWS sends.

#include "endpointconfig.h"
#include "random_p.h"

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

namespace fhw::endpoint::detail {

struct Reply;

// One invocation, from its headers to its answer.
struct Invocation
{
    std::string function;          // the bare name (an ARN's name part)
    std::string qualifier;         // ?Qualifier=; empty = $LATEST
    std::string requestId;         // x-amzn-RequestId, also in the log lines
    std::string invocationType = "RequestResponse"; // or "Event", "DryRun"
    bool tail = false;             // X-Amz-Log-Type: Tail asked for the log
    bool ran = false;              // the function ran (not refused by the service): log and REPORT apply
    bool coldStart = false;        // the first run of this function since start
    std::string functionError;     // "Unhandled" when the payload is an error
    std::string errorLog;          // the error's log line, when there is one
};

// Which functions have run (are warm), and the dice for function errors and throttles. Shared by
// the server's threads.
class LambdaFunctions
{
public:
    explicit LambdaFunctions(std::uint64_t seed) : m_random(seed) {}

    bool draw(double rate) { return rate > 0.0 && m_random.uniform() < rate; }
    // True on the function's first run since the last reset(): a cold start.
    bool takeColdStart(const std::string &function);
    void reset(); // the endpoint (re)starts: every function is cold again

private:
    AtomicSplitMix m_random;
    std::mutex m_mutex;
    std::unordered_set<std::string> m_warm;
};

// The version AWS reports as executed: a numeric qualifier is that version; $LATEST otherwise (an
// alias would name the version it points to, which the stand-in does not have).
std::string executedVersion(const Invocation &invocation);

// AWS's refusals: {"Type":"User","message":…} (+ "Reason" for throttles), x-amzn-ErrorType.
Reply throttledReply(const Invocation &invocation);
Reply functionNotFoundReply(const Invocation &invocation, const std::string &served);
Reply invalidContentReply(const Invocation &invocation, std::string_view why);
// The function threw: 200, X-Amz-Function-Error: Unhandled, {"errorMessage","errorType","stackTrace"}.
Reply functionErrorReply(Invocation &invocation, std::string_view errorType, std::string_view message);

// The headers of an answer about to leave: x-amzn-RequestId always; for a run function
// X-Amz-Executed-Version, X-Amz-Function-Error, and with `tail` the X-Amz-Log-Result whose REPORT
// says `duration` (the real handling time) and, on a cold start, the Init Duration.
void addInvocationHeaders(Reply &reply, const Invocation &invocation, const LambdaSettings &settings,
                          std::chrono::microseconds duration);

// The log text (START, the error line, END, REPORT) as the tail carries it before base64.
std::string logTail(const Invocation &invocation, const LambdaSettings &settings, std::chrono::microseconds duration);

} // namespace fhw::endpoint::detail
