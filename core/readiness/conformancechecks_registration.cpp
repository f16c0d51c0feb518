// registration.*: mParticle calls the registration without credentials (it sets the integration up
// before any token exists, DOCS-OUT), validates the module_registration_response and reviews it.

#include "conformance_p.h"

#include "protocol/generator.h"
#include "protocol/registrationreview.h"
#include "protocol/validator.h"

#include <algorithm>

namespace fhw::readiness::detail {

using protocol::Json;
using protocol::MessageType;

namespace {

constexpr std::string_view category = "registration";

bool isAuthRefusal(long status)
{
    return status == 401 || status == 403;
}

bool isRegistrationResponse(const std::optional<Json> &response)
{
    return response && protocol::Validator::detectType(*response) == MessageType::ModuleRegistrationResponse;
}

std::string countText(std::ptrdiff_t n, std::string_view what)
{
    return std::to_string(n) + " " + std::string(what) + (n == 1 ? "" : "s");
}

// Findings → status: errors fail, warnings warn, notes are info.
void judgeFindings(CheckResult &check, const protocol::Findings &findings, std::string_view clean,
                   std::string_view subject)
{
    const auto count = [&findings](protocol::Severity severity) {
        return std::ranges::count(findings, severity, &protocol::Finding::severity);
    };
    const auto first = [&findings](protocol::Severity severity) {
        const auto it = std::ranges::find(findings, severity, &protocol::Finding::severity);
        return (it->pointer.empty() ? std::string("(root)") : it->pointer) + " " + it->code + ": " + it->message;
    };
    if (const auto errors = count(protocol::Severity::Error)) {
        check.status = CheckStatus::Fail;
        check.message = std::string(subject) + " has " + countText(errors, "error") + " (first: "
                        + first(protocol::Severity::Error) + ")";
    } else if (const auto warnings = count(protocol::Severity::Warning)) {
        check.status = CheckStatus::Warn;
        check.message = std::string(subject) + " has " + countText(warnings, "warning") + " (first: "
                        + first(protocol::Severity::Warning) + ")";
    } else if (const auto notes = count(protocol::Severity::Info)) {
        check.status = CheckStatus::Info;
        check.message = std::string(clean) + ", with " + countText(notes, "note") + " (first: "
                        + first(protocol::Severity::Info) + ")";
    } else {
        check.status = CheckStatus::Pass;
        check.message = std::string(clean);
    }
}

void runUnauthenticated(Context &context, CheckResult &check)
{
    if (!requireUrl(context, check, MessageType::ModuleRegistrationRequest)) {
        context.registrationProblem = "no registration URL was given, so the registered capabilities are unknown";
        return;
    }
    const std::string body = protocol::Generator(protocol::GeneratorOptions{.seed = context.settings().seed})
                                 .generate(MessageType::ModuleRegistrationRequest)
                                 .dump();
    Probe probe = context.send(MessageType::ModuleRegistrationRequest, body,
                               "module_registration_request without Authorization, as mParticle sends it", Auth::None);
    check.evidence.push_back(probe.evidence);

    if (isAuthRefusal(probe.status())) {
        check.status = CheckStatus::Fail;
        check.message = "answered " + outcomeText(probe)
                        + " without credentials: the registration requires authentication, but mParticle calls it "
                          "unauthenticated (it needs the registration to set the integration up, before any token "
                          "exists), so it must answer without an Authorization header";
        if (context.hasToken()) {
            // Whether the rest is usable: the same request with the token, only to read the capabilities.
            Probe withToken = context.send(MessageType::ModuleRegistrationRequest, body,
                                           "module_registration_request with the token (to read the capabilities)",
                                           Auth::TokenOnRegistration);
            check.evidence.push_back(withToken.evidence);
            check.message += "; with the token it answered " + outcomeText(withToken);
            if (isSuccess(withToken.status()) && isRegistrationResponse(withToken.result.response))
                probe = std::move(withToken);
        }
    } else if (!probe.answered()) {
        check.status = CheckStatus::Fail;
        check.message = outcomeText(probe) + ": mParticle cannot set the integration up without the registration";
    } else if (!isSuccess(probe.status())) {
        check.status = CheckStatus::Fail;
        check.message = "answered " + outcomeText(probe) + "; mParticle expects 200 or 202 with the registration";
    } else {
        check.status = CheckStatus::Pass;
        check.message = "answered " + outcomeText(probe) + " without credentials";
    }

    if (isSuccess(probe.status()) && isRegistrationResponse(probe.result.response)) {
        context.registration = probe.result.response;
    } else if (!isSuccess(probe.status())) {
        context.registrationProblem = "the registration was not answered with 200/202 (see registration.unauthenticated)";
    } else {
        context.registrationProblem = "the registration answer is not a module_registration_response (see registration.response)";
    }
    context.registrationProbe = std::move(probe);
}

void runResponse(Context &context, CheckResult &check)
{
    if (!context.registrationProbe)
        return skip(check, "no registration was sent");
    const Probe &probe = *context.registrationProbe;
    if (!isSuccess(probe.status()))
        return skip(check, "there is no registration response to check (" + outcomeText(probe) + ")");
    if (!isRegistrationResponse(probe.result.response)) {
        // Not JSON, or another type: the standard judgement says which (and fails), with the evidence.
        return judgeAccepted(check, probe);
    }
    Evidence evidence = probe.evidence;
    // The shape only; the review rules (registration.*) are the next check's.
    protocol::Findings shape;
    for (const protocol::Finding &finding : probe.result.findings) {
        if (!finding.code.starts_with("registration."))
            shape.push_back(finding);
    }
    evidence.findings = shape;
    check.evidence.push_back(std::move(evidence));
    judgeFindings(check, shape, "a valid module_registration_response", "the module_registration_response");
}

void runReview(Context &context, CheckResult &check)
{
    if (!context.registration)
        return skip(check, context.registrationProblem.empty() ? std::string("no registration to review")
                                                               : context.registrationProblem);
    Evidence evidence = context.registrationProbe->evidence;
    evidence.findings = protocol::RegistrationReview(context.settings().options.profile).review(*context.registration);
    judgeFindings(check, evidence.findings, "the registration passes mParticle's review rules", "the registration");
    check.evidence.push_back(std::move(evidence));
}

} // namespace

void planRegistrationChecks(Plan &plan)
{
    const std::string cat(category);
    plan.push_back({"registration.unauthenticated", cat, "The registration answers without authentication",
                    runUnauthenticated});
    plan.push_back({"registration.response", cat, "The registration answer is a valid module_registration_response",
                    runResponse});
    plan.push_back({"registration.review", cat, "The registration passes mParticle's review rules", runReview});
}

} // namespace fhw::readiness::detail
