// event.*, audience.*, dsr.*: every capability the registration declares, exercised with the request
// mParticle would send for it. Each must be answered 200/202 with a valid response of the matching type.

#include "conformance_p.h"
#include "conformancebodies_p.h"

namespace fhw::readiness::detail {

using protocol::Json;
using protocol::MessageType;

namespace {

constexpr std::string_view category = "capabilities";
constexpr std::string_view eventBlock = "event_processing_registration";
constexpr std::string_view audienceBlock = "audience_processing_registration";
constexpr std::string_view dsrBlock = "dsr_processing_registration";

// When there is no registration, or it lacks the block, the checks of that family are one skipped
// line that says why.
std::optional<std::string> unregistered(const Context &context, std::string_view block)
{
    if (!context.registration)
        return context.registrationProblem.empty() ? std::string("no registration to read the capabilities from")
                                                   : context.registrationProblem;
    if (!registers(context, block))
        return "not registered: the registration has no " + std::string(block);
    return std::nullopt;
}

void addSkipped(Plan &plan, std::string id, std::string title, std::string why)
{
    plan.push_back({std::move(id), std::string(category), std::move(title),
                    [why = std::move(why)](Context &, CheckResult &check) { skip(check, why); }});
}

// Sends `body` (or skips with `missing` when there is none) and applies the standard judgement.
void sendAndJudge(Context &context, CheckResult &check, MessageType type, const std::optional<Json> &body,
                  std::string label, std::string_view missing)
{
    if (!requireUrl(context, check, type))
        return;
    if (!body)
        return skip(check, std::string(missing));
    judgeAccepted(check, context.send(type, body->dump(), std::move(label)));
}

void planEvents(Plan &plan, const Context &context)
{
    if (const auto why = unregistered(context, eventBlock)) {
        addSkipped(plan, "event.types", "Event requests for every registered event type", *why);
        addSkipped(plan, "event.runtimes", "Event requests from every registered runtime environment", *why);
        return;
    }
    const std::vector<std::string> runtimes = registeredList(context, eventBlock, "supported_runtime_environments");
    const std::vector<std::string> types = registeredList(context, eventBlock, "supported_event_types");
    if (types.empty())
        addSkipped(plan, "event.types", "Event requests for every registered event type",
                   "the registration lists no supported_event_types");
    for (const std::string &type : types) {
        plan.push_back({"event.type." + type, std::string(category), "An event request with " + type + " events",
                        [type, runtimes](Context &ctx, CheckResult &check) {
                            sendAndJudge(ctx, check, MessageType::EventProcessingRequest,
                                         eventRequestOfType(ctx.settings().seed, type, runtimes),
                                         "event_processing_request with only " + type + " events",
                                         "no request can be built for the event type \"" + type
                                             + "\": it is not one the protocol knows");
                        }});
    }
    if (runtimes.empty())
        addSkipped(plan, "event.runtimes", "Event requests from every registered runtime environment",
                   "the registration lists no supported_runtime_environments");
    for (const std::string &runtime : runtimes) {
        plan.push_back({"event.runtime." + runtime, std::string(category),
                        "An event request from a " + runtime + " runtime environment",
                        [runtime](Context &ctx, CheckResult &check) {
                            sendAndJudge(ctx, check, MessageType::EventProcessingRequest,
                                         eventRequest(ctx.settings().seed, {runtime}),
                                         "event_processing_request from a " + runtime + " runtime environment",
                                         "no request can be built for the runtime environment \"" + runtime
                                             + "\": it is not one the protocol knows");
                        }});
    }
}

void planAudience(Plan &plan, const Context &context)
{
    const auto why = unregistered(context, audienceBlock);
    for (std::string_view action : {"add", "update", "remove"}) {
        std::string id = "audience.subscription." + std::string(action);
        std::string title = "An audience subscription request with action " + std::string(action);
        if (why) {
            addSkipped(plan, std::move(id), std::move(title), *why);
            continue;
        }
        plan.push_back({std::move(id), std::string(category), std::move(title),
                        [action = std::string(action)](Context &ctx, CheckResult &check) {
                            sendAndJudge(ctx, check, MessageType::AudienceSubscriptionRequest,
                                         subscriptionRequest(ctx.settings().seed, action),
                                         "audience_subscription_request, action " + action,
                                         "the generator gave no subscription request with this action");
                        }});
    }
    const bool attributes = permits(context, "allow_audience_user_attributes");
    for (std::string_view action : {"add", "delete", "attribute_update", "user-attributes"}) {
        const bool withAttributes = action == "user-attributes";
        std::string id = "audience.membership." + std::string(action);
        std::string title = withAttributes ? std::string("A membership change with user attributes")
                                           : "A membership change with action " + std::string(action);
        if (why) {
            addSkipped(plan, std::move(id), std::move(title), *why);
            continue;
        }
        if (withAttributes && !attributes) {
            addSkipped(plan, std::move(id), std::move(title),
                       "the registration does not ask for allow_audience_user_attributes, so mParticle sends none");
            continue;
        }
        plan.push_back({std::move(id), std::string(category), std::move(title),
                        [action = std::string(action), attributes](Context &ctx, CheckResult &check) {
                            const std::string label =
                                action == "user-attributes"
                                    ? std::string("audience_membership_change_request with user attributes")
                                    : "audience_membership_change_request, every membership with action " + action;
                            sendAndJudge(ctx, check, MessageType::AudienceMembershipChangeRequest,
                                         membershipRequest(ctx.settings().seed, action, attributes), label,
                                         "the generator gave no membership change of this kind");
                        }});
    }
}

void planDsr(Plan &plan, const Context &context)
{
    if (const auto why = unregistered(context, dsrBlock)) {
        addSkipped(plan, "dsr.erasure", "A DSR erasure request", *why);
        return;
    }
    const std::vector<std::string> types = registeredList(context, dsrBlock, "supported_dsr_types");
    if (types.empty()) {
        addSkipped(plan, "dsr.erasure", "A DSR erasure request", "the registration lists no supported_dsr_types");
        return;
    }
    for (const std::string &type : types) {
        plan.push_back({"dsr." + type, std::string(category), "A DSR " + type + " request",
                        [type](Context &ctx, CheckResult &check) {
                            std::optional<Json> body;
                            if (type == "erasure") // the only DSR type the protocol knows
                                body = dsrRequest(ctx.settings().seed);
                            sendAndJudge(ctx, check, MessageType::DsrProcessingRequest, body,
                                         "dsr_processing_request, " + type,
                                         "no request can be built for the DSR type \"" + type
                                             + "\": erasure is the only one the protocol knows");
                        }});
    }
}

} // namespace

void planCapabilityChecks(Plan &plan, const Context &context)
{
    planEvents(plan, context);
    planAudience(plan, context);
    planDsr(plan, context);
}

} // namespace fhw::readiness::detail
