// verification.*: mParticle's periodic pings ("events": [] and a membership change without
// user_profiles) must get a plain success. auth.*: the token works; what happens without it or with a
// wrong one is reported, never failed (checking is the partner's choice).

#include "conformance_p.h"
#include "conformancebodies_p.h"

namespace fhw::readiness::detail {

using protocol::Json;
using protocol::MessageType;

namespace {

constexpr std::string_view eventBlock = "event_processing_registration";
constexpr std::string_view audienceBlock = "audience_processing_registration";

void runVerification(Context &context, CheckResult &check, MessageType type, std::string_view block,
                     std::string label)
{
    if (!registers(context, block))
        return skip(check, "not registered: the registration has no " + std::string(block)
                               + ", so mParticle sends no such ping");
    if (!requireUrl(context, check, type))
        return;
    judgeAccepted(check, context.send(type, verificationRequest(context.settings().seed, type).dump(), std::move(label)));
    if (check.status == CheckStatus::Fail)
        check.message += "; mParticle sends this ping periodically to verify the integration";
}

// The request the auth checks send: a verification ping of a family the integration registered (it
// has no side effects at the partner), else a DSR request.
struct AuthRequest
{
    MessageType type;
    std::string body;
    std::string label;
};

AuthRequest authRequest(const Context &context)
{
    const std::uint64_t seed = context.settings().seed;
    if (registers(context, eventBlock))
        return {MessageType::EventProcessingRequest, verificationRequest(seed, MessageType::EventProcessingRequest).dump(),
                "event_processing_request with \"events\": []"};
    if (registers(context, audienceBlock))
        return {MessageType::AudienceMembershipChangeRequest,
                verificationRequest(seed, MessageType::AudienceMembershipChangeRequest).dump(),
                "audience_membership_change_request without user_profiles"};
    return {MessageType::DsrProcessingRequest, dsrRequest(seed).dump(), "dsr_processing_request"};
}

bool isAuthRefusal(long status)
{
    return status == 401 || status == 403;
}

void runWithToken(Context &context, CheckResult &check)
{
    if (context.isLambda())
        return skipTokenCheckForLambda(check);
    if (!context.hasToken())
        return skip(check, "no token was given (--token-env or --token-name), so every check ran without one");
    AuthRequest request = authRequest(context);
    if (!requireUrl(context, check, request.type))
        return;
    const Probe probe = context.send(request.type, std::move(request.body), request.label + ", with the token");
    judgeAccepted(check, probe);
    if (isAuthRefusal(probe.status()))
        check.message += "; the endpoint refused the token that was given";
}

// Without the token, or with a wrong one: refusing (401/403) is what an endpoint that checks should
// do; accepting is reported; anything else is a warning, since mParticle never sends bad credentials.
void runBadCredentials(Context &context, CheckResult &check, Auth auth)
{
    if (context.isLambda())
        return skipTokenCheckForLambda(check);
    AuthRequest request = authRequest(context);
    if (!requireUrl(context, check, request.type))
        return;
    const bool missing = auth == Auth::None;
    const Probe probe = context.send(request.type, std::move(request.body),
                                     request.label + (missing ? ", without Authorization" : ", with a wrong token"),
                                     auth);
    check.evidence.push_back(probe.evidence);
    const std::string what = missing ? "a request without credentials" : "a request with a wrong token";
    if (isAuthRefusal(probe.status())) {
        check.status = context.hasToken() ? CheckStatus::Pass : CheckStatus::Info;
        check.message = "refused " + what + " (" + outcomeText(probe) + "): the endpoint checks the token";
        if (!context.hasToken())
            check.message += "; give it with --token-env or --token-name so the other checks can pass";
    } else if (isSuccess(probe.status())) {
        check.status = context.hasToken() ? CheckStatus::Warn : CheckStatus::Info;
        check.message = "accepted " + what + " (" + outcomeText(probe)
                        + "): the endpoint does not check the token. Checking is your choice, but without it "
                          "anyone who learns the URL can send data to it";
    } else {
        check.status = CheckStatus::Warn;
        check.message = reactionText(probe, what) + "; an endpoint that checks the token should answer 401 or 403";
        if (probe.answered())
            check.message += " (" + retryConsequence(probe.status()) + ")";
    }
}

} // namespace

void planVerificationChecks(Plan &plan, const Context &)
{
    plan.push_back({"verification.empty-events", "verification", "The verification ping \"events\": [] gets a plain success",
                    [](Context &ctx, CheckResult &check) {
                        runVerification(ctx, check, MessageType::EventProcessingRequest, eventBlock,
                                        "event_processing_request with \"events\": [] (verification)");
                    }});
    plan.push_back({"verification.membership-without-profiles", "verification",
                    "The verification ping without user_profiles gets a plain success",
                    [](Context &ctx, CheckResult &check) {
                        runVerification(ctx, check, MessageType::AudienceMembershipChangeRequest, audienceBlock,
                                        "audience_membership_change_request without user_profiles (verification)");
                    }});
}

void planAuthChecks(Plan &plan, const Context &)
{
    plan.push_back({"auth.with-token", "auth", "A request with the token is accepted", runWithToken});
    plan.push_back({"auth.without-token", "auth", "What the endpoint does without credentials",
                    [](Context &ctx, CheckResult &check) { runBadCredentials(ctx, check, Auth::None); }});
    plan.push_back({"auth.wrong-token", "auth", "What the endpoint does with a wrong token",
                    [](Context &ctx, CheckResult &check) { runBadCredentials(ctx, check, Auth::Wrong); }});
}

} // namespace fhw::readiness::detail
