// The Invoke mode's answers, shaped like AWS Lambda's (the Invoke API reference: response headers,
// errors and their x-amzn-ErrorType; the REPORT line as the runtimes write it, fields tab-separated).

#include "lambdainvoke_p.h"

#include "endpoint_p.h"

#include "protocol/json.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace fhw::endpoint::detail {

namespace {

std::string dumped(const protocol::Json &json)
{
    return json.dump(-1, ' ', false, protocol::Json::error_handler_t::replace);
}

Reply serviceError(int status, std::string_view errorType, protocol::Json body, const Invocation &invocation)
{
    Reply reply{status, dumped(body), {}};
    reply.headers.emplace_back("x-amzn-ErrorType", std::string(errorType));
    reply.headers.emplace_back("x-amzn-RequestId", invocation.requestId);
    return reply;
}

std::string base64(std::string_view bytes)
{
    std::string out(4 * ((bytes.size() + 2) / 3), '\0');
    const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char *>(out.data()),
                                        reinterpret_cast<const unsigned char *>(bytes.data()), int(bytes.size()));
    out.resize(std::size_t(std::max(written, 0)));
    return out;
}

std::string milliseconds(double value)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.2f", value);
    return text;
}

} // namespace

bool LambdaFunctions::takeColdStart(const std::string &function)
{
    const std::lock_guard lock(m_mutex);
    return m_warm.insert(function).second;
}

void LambdaFunctions::reset()
{
    const std::lock_guard lock(m_mutex);
    m_warm.clear();
}

std::string executedVersion(const Invocation &invocation)
{
    const auto &q = invocation.qualifier;
    const bool numeric = !q.empty() && std::all_of(q.begin(), q.end(), [](char c) { return c >= '0' && c <= '9'; });
    return numeric ? q : std::string("$LATEST");
}

Reply throttledReply(const Invocation &invocation)
{
    protocol::Json body = protocol::Json::object();
    body["Reason"] = "ReservedFunctionConcurrentInvocationLimitExceeded";
    body["Type"] = "User";
    body["message"] = "Rate Exceeded.";
    return serviceError(429, "TooManyRequestsException", std::move(body), invocation);
}

Reply functionNotFoundReply(const Invocation &invocation, const std::string &served)
{
    protocol::Json body = protocol::Json::object();
    body["Type"] = "User";
    body["message"] = "Function not found: " + invocation.function.substr(0, 140)
                      + " (this endpoint serves the function \"" + served + "\")";
    return serviceError(404, "ResourceNotFoundException", std::move(body), invocation);
}

Reply invalidContentReply(const Invocation &invocation, std::string_view why)
{
    protocol::Json body = protocol::Json::object();
    body["Type"] = "User";
    body["message"] = "Could not parse request body into json: " + std::string(why);
    return serviceError(400, "InvalidRequestContentException", std::move(body), invocation);
}

Reply functionErrorReply(Invocation &invocation, std::string_view errorType, std::string_view message)
{
    invocation.functionError = "Unhandled";
    protocol::Json body = protocol::Json::object();
    body["errorMessage"] = std::string(message);
    body["errorType"] = std::string(errorType);
    body["stackTrace"] = protocol::Json::array({"com.mparticle.sdk.RequestStreamHandler.handleRequest(RequestStreamHandler.java)"});
    invocation.errorLog = std::string(errorType) + ": " + std::string(message);
    return Reply{200, dumped(body), {}};
}

std::string logTail(const Invocation &invocation, const LambdaSettings &settings, std::chrono::microseconds duration)
{
    const double durationMs = double(duration.count()) / 1000.0;
    // Billed per started millisecond (AWS since December 2020); the init phase is not billed.
    const long long billed = std::max(1LL, static_cast<long long>(std::ceil(durationMs)));
    const int memory = std::max(1, settings.memorySizeMb);
    std::string text = "START RequestId: " + invocation.requestId + " Version: " + executedVersion(invocation) + "\n";
    if (!invocation.errorLog.empty())
        text += invocation.requestId + "\tERROR\t" + invocation.errorLog + "\n";
    text += "END RequestId: " + invocation.requestId + "\n";
    text += "REPORT RequestId: " + invocation.requestId + "\tDuration: " + milliseconds(durationMs)
            + " ms\tBilled Duration: " + std::to_string(billed) + " ms\tMemory Size: " + std::to_string(memory)
            + " MB\tMax Memory Used: " + std::to_string(std::min(memory, 71)) + " MB\t";
    if (invocation.coldStart)
        text += "Init Duration: " + milliseconds(double(settings.initDuration.count()) / 1000.0) + " ms\t";
    text += "\n";
    // The Invoke API returns the last 4 KB of the log.
    constexpr std::size_t tailBytes = 4096;
    return text.size() <= tailBytes ? text : text.substr(text.size() - tailBytes);
}

void addInvocationHeaders(Reply &reply, const Invocation &invocation, const LambdaSettings &settings,
                          std::chrono::microseconds duration)
{
    const bool named = std::any_of(reply.headers.begin(), reply.headers.end(),
                                   [](const auto &header) { return header.first == "x-amzn-RequestId"; });
    if (!named)
        reply.headers.emplace_back("x-amzn-RequestId", invocation.requestId);
    if (!invocation.ran)
        return;
    reply.headers.emplace_back("X-Amz-Executed-Version", executedVersion(invocation));
    if (!invocation.functionError.empty())
        reply.headers.emplace_back("X-Amz-Function-Error", invocation.functionError);
    if (invocation.tail && invocation.invocationType == "RequestResponse")
        reply.headers.emplace_back("X-Amz-Log-Result", base64(logTail(invocation, settings, duration)));
}

} // namespace fhw::endpoint::detail
