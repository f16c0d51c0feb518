// robustness.*: what mParticle's traffic will do to an endpoint sooner or later. New fields (ignored
// by the Java SDK), new event types and enum values (which the Java SDK rejects whole messages for),
// a body that is not JSON (a 5xx would make mParticle retry a poison message), a full batch, and
// suspend_subscription.

#include "conformance_p.h"
#include "conformancebodies_p.h"

#include "protocol/parse.h"
#include "transport/retrypolicy.h"

#include <algorithm>

namespace fhw::readiness::detail {

using protocol::Json;
using protocol::MessageType;

namespace {

constexpr std::string_view category = "robustness";
constexpr std::string_view eventBlock = "event_processing_registration";
constexpr std::string_view audienceBlock = "audience_processing_registration";

// The event request the robustness checks start from: from a registered runtime environment.
std::optional<Json> baseEventRequest(const Context &context, int eventCount = 16)
{
    return eventRequest(context.settings().seed,
                        registeredList(context, eventBlock, "supported_runtime_environments"), eventCount);
}

bool eventsUsable(const Context &context, CheckResult &check)
{
    if (!registers(context, eventBlock)) {
        skip(check, "not registered: the registration has no event_processing_registration");
        return false;
    }
    return requireUrl(context, check, MessageType::EventProcessingRequest);
}

void runUnknownField(Context &context, CheckResult &check, std::string_view where)
{
    if (!eventsUsable(context, check))
        return;
    auto request = baseEventRequest(context);
    if (!request)
        return skip(check, "no event request could be built for the registered runtime environments");
    const std::string field(unknownFieldName);
    if (where == "top-level") {
        (*request)[field] = unknownFieldValue();
    } else if (where == "event") {
        for (Json &event : (*request)["events"])
            event[field] = unknownFieldValue();
    } else {
        (*request)["runtime_environment"][field] = unknownFieldValue();
    }
    judgeAccepted(check, context.send(MessageType::EventProcessingRequest, request->dump(),
                                      "event_processing_request with an unknown field \"" + field + "\" ("
                                          + std::string(where) + ")"));
    if (check.status == CheckStatus::Fail)
        check.message += ". Unknown fields must be ignored: mParticle adds fields in new protocol versions, and the "
                         "Java SDK ignores the ones it does not know";
}

// How the endpoint reacts to something from a newer protocol version: tolerating it passes, rejecting
// the batch warns (and says why it matters), a 5xx or no answer fails (mParticle retries it forever).
void judgeForwardCompatibility(CheckResult &check, const Probe &probe, std::string_view what)
{
    if (isSuccess(probe.status())) {
        judgeAccepted(check, probe);
        if (check.status == CheckStatus::Pass)
            check.message = "tolerated " + std::string(what) + ": " + check.message;
        return;
    }
    check.evidence.push_back(probe.evidence);
    if (!probe.answered() || transport::RetryPolicy::classify(probe.status()) == transport::Outcome::Retry) {
        check.status = CheckStatus::Fail;
        check.message = reactionText(probe, what) + ": " + retryConsequence(probe.status())
                        + ", a poison message that never succeeds. Accept the batch and skip what you do not know, "
                          "or answer 400";
        return;
    }
    check.status = CheckStatus::Warn;
    check.message = "rejected the whole batch for " + std::string(what) + " (" + outcomeText(probe)
                    + "), so the events it does know are lost too. mParticle adds event types and enum values over "
                      "time, and the Java SDK rejects a whole message it cannot map; an endpoint built on it (or "
                      "as strict) breaks on the day a new value ships. Prefer skipping what you do not know and "
                      "accepting the rest";
}

void runUnknownEventType(Context &context, CheckResult &check)
{
    if (!eventsUsable(context, check))
        return;
    auto request = baseEventRequest(context);
    if (!request || (*request)["events"].empty())
        return skip(check, "no event request could be built for the registered runtime environments");
    // A copy of the first event (a session_start: only the common fields) under a type nobody knows yet.
    Json event = (*request)["events"].front();
    event["type"] = std::string(unknownEventType);
    (*request)["events"].push_back(std::move(event));
    judgeForwardCompatibility(check,
                              context.send(MessageType::EventProcessingRequest, request->dump(),
                                           "event_processing_request with one event of the unknown type \""
                                               + std::string(unknownEventType) + "\""),
                              "an unknown event type");
}

void runUnknownEnumValue(Context &context, CheckResult &check)
{
    if (!eventsUsable(context, check))
        return;
    auto request = baseEventRequest(context);
    if (!request)
        return skip(check, "no event request could be built for the registered runtime environments");
    Json &events = (*request)["events"];
    const auto custom = std::ranges::find_if(events, [](const Json &e) { return e.value("type", "") == "custom_event"; });
    if (custom == events.end())
        return skip(check, "the generated batch has no custom_event to change");
    (*custom)["custom_event_type"] = std::string(unknownEnumValue);
    judgeForwardCompatibility(check,
                              context.send(MessageType::EventProcessingRequest, request->dump(),
                                           "event_processing_request with custom_event_type \""
                                               + std::string(unknownEnumValue) + "\""),
                              "an unknown enum value");
}

void runMalformedJson(Context &context, CheckResult &check)
{
    const MessageType type = registers(context, eventBlock) || !registers(context, audienceBlock)
                                 ? MessageType::EventProcessingRequest
                                 : MessageType::AudienceMembershipChangeRequest;
    if (!requireUrl(context, check, type))
        return;
    // A request cut off in the middle: what a broken proxy or a truncated write produces.
    std::string body = verificationRequest(context.settings().seed, type).dump();
    body.resize(body.size() / 2);
    const Probe probe = context.send(type, body, "a body that is not JSON (a request cut off in the middle)");
    check.evidence.push_back(probe.evidence);
    if (context.isLambda())
        return judgeLambdaMalformedJson(check, probe);
    const long status = probe.status();
    if (status >= 400 && status < 500) {
        check.status = CheckStatus::Pass;
        check.message = "answered " + outcomeText(probe) + ": a 4xx, which mParticle does not retry";
    } else if (!probe.answered() || status >= 500) {
        check.status = CheckStatus::Fail;
        check.message = reactionText(probe, "a body that is not JSON")
                        + ": mParticle retries a 5xx (and a dropped connection), so this poison message, which can "
                          "never succeed, would be sent again and again. Answer 400";
    } else {
        check.status = CheckStatus::Warn;
        check.message = "answered " + outcomeText(probe)
                        + " to a body that is not JSON, as if it had been processed; answer 400 so the problem shows";
    }
}

void runLargeBatch(Context &context, CheckResult &check)
{
    if (!eventsUsable(context, check))
        return;
    auto request = baseEventRequest(context, 1000);
    if (!request)
        return skip(check, "no event request could be built for the registered runtime environments");
    judgeAccepted(check, context.send(MessageType::EventProcessingRequest, request->dump(),
                                      "event_processing_request with 1,000 events"));
}

// From every response seen so far: does the endpoint ask mParticle to stop sending?
void runSuspendSubscription(Context &context, CheckResult &check)
{
    int seen = 0;
    for (const ExchangeRecord &exchange : context.exchanges()) {
        if (!exchange.success)
            continue;
        const auto response = protocol::parseJson(exchange.evidence.responseBody);
        if (!response || !response->is_object())
            continue;
        const auto flag = response->find("suspend_subscription");
        if (flag == response->end())
            continue;
        ++seen;
        if (flag->is_boolean() && flag->get<bool>()) {
            check.evidence.push_back(exchange.evidence);
            check.status = CheckStatus::Warn;
            check.message = "the answer to " + exchange.checkId
                            + " sets suspend_subscription: true, so mParticle stops sending to this configuration "
                              "until its user resumes it. Use it only for problems that will not pass by themselves, "
                              "such as an expired API key";
            return;
        }
    }
    if (seen == 0) {
        if (!registers(context, audienceBlock))
            return skip(check, "not registered: the registration has no audience_processing_registration");
        return skip(check, "no successful answer carried suspend_subscription");
    }
    check.status = CheckStatus::Pass;
    check.message = "suspend_subscription was false in all " + std::to_string(seen) + " answers that carry it";
}

} // namespace

void planRobustnessChecks(Plan &plan, const Context &)
{
    const std::string cat(category);
    for (std::string_view where : {"top-level", "event", "runtime-environment"}) {
        plan.push_back({"robustness.unknown-field." + std::string(where), cat,
                        "An unknown field (" + std::string(where) + ") is ignored",
                        [where](Context &ctx, CheckResult &check) { runUnknownField(ctx, check, where); }});
    }
    plan.push_back({"robustness.unknown-event-type", cat, "How an unknown event type is handled", runUnknownEventType});
    plan.push_back({"robustness.unknown-enum-value", cat, "How an unknown enum value is handled", runUnknownEnumValue});
    plan.push_back({"robustness.malformed-json", cat, "A body that is not JSON gets a 4xx, not a 5xx", runMalformedJson});
    plan.push_back({"robustness.large-batch", cat, "A batch of 1,000 events is accepted", runLargeBatch});
    plan.push_back({"robustness.suspend-subscription", cat, "Whether the endpoint suspends the subscription",
                    runSuspendSubscription});
}

} // namespace fhw::readiness::detail
