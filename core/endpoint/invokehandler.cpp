// The Invoke mode inside the access handler: the Invoke path's checks when the headers are in, the
// service's throttling once the body is, and the function's run (see EndpointConfig::lambda).

#include "endpoint_p.h"

#include "router_p.h"

#include <strings.h>

namespace fhw::endpoint {

using detail::Invocation;
using detail::Reply;
using detail::RequestState;

std::optional<MHD_Result> Endpoint::Private::onInvokeHeaders(MHD_Connection *connection, RequestState &state,
                                                             std::string function)
{
    const LambdaSettings &settings = *state.config->lambda;
    Invocation &invocation = state.invocation.emplace();
    invocation.function = detail::functionNameOf(function);
    invocation.requestId = m_responder.nextUuid();
    if (const char *qualifier = MHD_lookup_connection_value(connection, MHD_GET_ARGUMENT_KIND, "Qualifier"))
        invocation.qualifier = qualifier;
    if (const char *type = MHD_lookup_connection_value(connection, MHD_HEADER_KIND, "X-Amz-Invocation-Type"))
        invocation.invocationType = type;
    if (const char *log = MHD_lookup_connection_value(connection, MHD_HEADER_KIND, "X-Amz-Log-Type"))
        invocation.tail = strcasecmp(log, "Tail") == 0;

    if (invocation.invocationType != "RequestResponse" && invocation.invocationType != "Event"
        && invocation.invocationType != "DryRun") {
        protocol::Json body = protocol::Json::object();
        body["Type"] = "User";
        body["message"] = "1 validation error detected: Value '" + invocation.invocationType.substr(0, 40)
                          + "' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: "
                            "[Event, RequestResponse, DryRun]";
        Reply reply{400, body.dump(-1, ' ', false, protocol::Json::error_handler_t::replace), {}};
        reply.headers.emplace_back("x-amzn-ErrorType", "InvalidParameterValueException");
        return answer(connection, state, std::move(reply));
    }
    if (!settings.functionName.empty() && invocation.function != detail::functionNameOf(settings.functionName))
        return answer(connection, state, detail::functionNotFoundReply(invocation, settings.functionName));
    return std::nullopt;
}

std::optional<MHD_Result> Endpoint::Private::onInvokeRequest(MHD_Connection *connection, RequestState &state)
{
    // Throttling comes first: AWS refuses the invocation before the function sees the payload.
    if (m_lambda.draw(state.config->lambda->throttleRate)) {
        state.exchange.fault = "throttle";
        return answer(connection, state, detail::throttledReply(*state.invocation));
    }
    return std::nullopt;
}

void Endpoint::Private::startInvocation(RequestState &state)
{
    Invocation &invocation = *state.invocation;
    if (invocation.invocationType == "DryRun")
        return; // checks the permission only; nothing runs
    invocation.ran = true;
    invocation.coldStart = m_lambda.takeColdStart(invocation.function);
    const LambdaSettings &settings = *state.config->lambda;
    // A cold start answers later by the init time, as on AWS (when asked: it slows tests down).
    if (invocation.coldStart && settings.delayColdStart)
        state.fault.delay += settings.initDuration;
}

Reply Endpoint::Private::invokeFunction(RequestState &state, const protocol::Json &message, protocol::MessageType type)
{
    startInvocation(state);
    Invocation &invocation = *state.invocation;
    if (invocation.invocationType == "DryRun")
        return Reply{204, {}, {}};
    Reply reply;
    if (m_lambda.draw(state.config->lambda->functionErrorRate)) {
        state.exchange.fault = "function-error";
        reply = detail::functionErrorReply(invocation, "java.lang.RuntimeException",
                                           "fault injection: the function failed on purpose");
    } else {
        reply.body = m_responder.respondText(message, type, *state.config);
    }
    if (invocation.invocationType == "Event")
        return Reply{202, {}, {}}; // queued: no payload comes back (and a function error goes unseen)
    return reply;
}

Reply Endpoint::Private::invokeFailed(RequestState &state, const std::string &problem)
{
    startInvocation(state);
    Invocation &invocation = *state.invocation;
    if (invocation.invocationType == "DryRun")
        return Reply{204, {}, {}};
    if (invocation.invocationType == "Event")
        return Reply{202, {}, {}};
    return detail::functionErrorReply(invocation, "java.lang.IllegalArgumentException",
                                      "not a Firehose request: " + problem);
}

} // namespace fhw::endpoint
