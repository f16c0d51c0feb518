// What changes when the target is an AWS Lambda function ("AWS Lambda Integrations", "Latency
// Requirements"): there is no HTTP status from the function, a function error (200 with
// X-Amz-Function-Error) is a failure mParticle retries, the budget is 99 % of calls under 200 ms, a cold
// start (Init Duration in the REPORT line) is reported apart, and the caller is authorised by IAM, not
// by a token.

#include "conformance_p.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace fhw::readiness::detail {

namespace {

std::string number(double value, int decimals = 2)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return text;
}

const transport::LambdaInvocation *invocationOf(const Probe &probe)
{
    if (probe.evidence.lambda)
        return &*probe.evidence.lambda;
    const transport::Attempt *attempt = probe.attempt();
    return attempt && attempt->lambda ? &*attempt->lambda : nullptr;
}

// The answer time mParticle would see on an open connection (as runBudget measures HTTP answers).
std::int64_t answerUs(const Evidence &evidence)
{
    return std::max<std::int64_t>(0, evidence.timings.totalUs - evidence.timings.requestSentUs);
}

// Nearest rank: the smallest answer time that at least `percent` of the answers do not exceed.
std::int64_t percentile(std::vector<std::int64_t> sortedAscending, double percent)
{
    if (sortedAscending.empty())
        return 0;
    const auto rank = std::size_t(std::ceil(percent / 100.0 * double(sortedAscending.size())));
    return sortedAscending[std::clamp<std::size_t>(rank, 1, sortedAscending.size()) - 1];
}

} // namespace

std::string functionError(const Probe &probe)
{
    const transport::LambdaInvocation *invocation = invocationOf(probe);
    return invocation ? invocation->functionError : std::string();
}

std::string functionErrorText(const Probe &probe)
{
    std::string text = "the function failed (X-Amz-Function-Error: " + functionError(probe) + ")";
    const std::string payload = capped(probe.evidence.responseBody, 300);
    if (!payload.empty())
        text += ": " + payload;
    return text;
}

std::string lambdaReportText(const transport::LambdaReport &report)
{
    std::string text = "Duration " + number(report.durationMs) + " ms, Billed " + number(report.billedDurationMs, 0)
                       + " ms, Memory " + std::to_string(report.memorySizeMb) + " MB, Max Memory "
                       + std::to_string(report.maxMemoryUsedMb) + " MB";
    if (report.initDurationMs)
        text += ", Init Duration " + number(*report.initDurationMs) + " ms (cold start)";
    return text;
}

void runLambdaBudget(Context &context, CheckResult &check)
{
    std::vector<const ExchangeRecord *> warm;
    std::vector<const ExchangeRecord *> cold;
    for (const ExchangeRecord &exchange : context.exchanges()) {
        if (exchange.lambda && exchange.lambda->coldStart())
            cold.push_back(&exchange); // any check's: the first invocation is usually the registration
        else if (exchange.success && (exchange.category == "capabilities" || exchange.category == "verification"))
            warm.push_back(&exchange);
    }
    std::string coldText;
    for (const ExchangeRecord *exchange : cold) {
        coldText += (coldText.empty() ? "" : ", ") + exchange->checkId + " (Init Duration "
                    + number(*exchange->lambda->report->initDurationMs) + " ms, answered in "
                    + millisecondsText(answerUs(exchange->evidence)) + ")";
    }
    if (!coldText.empty())
        coldText = "; " + std::to_string(cold.size()) + " cold start" + (cold.size() == 1 ? "" : "s")
                   + " left out of the p99 and reported apart: " + coldText
                   + ". A cold start happens when AWS provisions a new instance; keep expensive objects "
                     "(clients, serializers) in memory so warm invocations stay fast";
    if (warm.empty())
        return skip(check, "no capability or verification invocation succeeded without a cold start, so there is "
                           "nothing to time" + coldText);

    std::ranges::sort(warm, std::greater<>(), [](const ExchangeRecord *e) { return answerUs(e->evidence); });
    std::vector<std::int64_t> times;
    for (const ExchangeRecord *exchange : warm)
        times.push_back(answerUs(exchange->evidence));
    std::ranges::sort(times);
    const std::int64_t budgetUs = std::chrono::duration_cast<std::chrono::microseconds>(context.settings().budget).count();
    const std::int64_t p50 = percentile(times, 50);
    const std::int64_t p99 = percentile(times, 99);
    const std::int64_t max = times.back();
    const std::string figures = "p99 " + millisecondsText(p99) + " (p50 " + millisecondsText(p50) + ", max "
                                + millisecondsText(max) + ") over " + std::to_string(times.size())
                                + " warm invocations (connection set-up left out)";
    for (std::size_t i = 0; i < warm.size() && i < 5; ++i)
        check.evidence.push_back(warm[i]->evidence);
    for (std::size_t i = 0; i < cold.size() && i < 3; ++i)
        check.evidence.push_back(cold[i]->evidence);
    if (p99 <= budgetUs) {
        check.status = CheckStatus::Pass;
        check.message = figures + ", within the " + millisecondsText(budgetUs)
                        + " budget (mParticle: 99 % of calls to a Lambda function under 200 ms)" + coldText;
        return;
    }
    check.status = CheckStatus::Fail;
    check.message = figures + ": over the " + millisecondsText(budgetUs)
                    + " budget. mParticle requires 99 % of calls to a Lambda function to answer under 200 ms; it "
                      "rejects a slow integration in review and may disable a released one. Give the function more "
                      "memory (it buys CPU) and deploy it in us-east-1"
                    + coldText;
}

void judgeLambdaMalformedJson(CheckResult &check, const Probe &probe)
{
    const long status = probe.status();
    const std::string what = "a body that is not JSON";
    if (!functionError(probe).empty()) {
        check.status = CheckStatus::Pass;
        check.message = functionErrorText(probe)
                        + ". A Lambda function has no status of its own to answer 400 with: failing is how it refuses "
                          "a payload it cannot read. mParticle retries function errors, but it only ever invokes with "
                          "the JSON it generated (and AWS's Invoke API refuses a payload that is not JSON itself), so "
                          "no such poison message reaches the function in production";
    } else if (status >= 400 && status < 500) {
        check.status = CheckStatus::Pass;
        check.message = "answered " + outcomeText(probe)
                        + ": refused before the function ran (AWS's Invoke API answers 400 "
                          "InvalidRequestContentException to a payload that is not JSON), which mParticle does not retry";
    } else if (!probe.answered() || status >= 500) {
        check.status = CheckStatus::Fail;
        check.message = reactionText(probe, what) + ": " + retryConsequence(status)
                        + "; from Lambda a 5xx means the service or the function's runtime failed";
    } else {
        check.status = CheckStatus::Warn;
        check.message = "the function returned " + outcomeText(probe)
                        + " without a function error for " + what
                        + ", as if it had been processed; raise an error (a function error) so the problem shows";
    }
}

void runLambdaHttps(Context &context, CheckResult &check)
{
    const transport::LambdaTarget &lambda = *context.settings().target.lambda;
    const std::string url = context.urlFor(protocol::MessageType::EventProcessingRequest); // the Invoke URL
    if (lambda.endpoint.empty()) {
        check.status = CheckStatus::Pass;
        check.message = "the function is invoked through AWS's Lambda API (" + url
                        + "), which is https; mParticle invokes it the same way";
        return;
    }
    check.status = schemeOf(url) == "https" ? CheckStatus::Pass : CheckStatus::Info;
    check.message = "a local Lambda emulator (" + url
                    + "): fine for testing here; mParticle invokes the deployed function through AWS's https API, "
                      "so there is nothing to check about the transport until then";
}

void skipTokenCheckForLambda(CheckResult &check)
{
    skip(check, "not for a Lambda function: mParticle invokes it with its own AWS identity (the permission granted with "
                "`aws lambda add-permission` to its principals), not with an Authorization: Token header, so there is "
                "no token to check");
}

} // namespace fhw::readiness::detail
