// The end of a send: the verdict's one-line summary and, for a 200/202, the response checked as the
// answer mParticle expects.

#include "httpsender_p.h"

#include "protocol/parse.h"
#include "protocol/validator.h"

#include <cstdio>

namespace fhw::transport::detail {

namespace {

std::string attemptsText(std::size_t count)
{
    return std::to_string(count) + (count == 1 ? " attempt" : " attempts");
}

std::string millisecondsText(std::int64_t micros)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.1f ms", double(micros) / 1000.0);
    return text;
}

// What the attempt ended with, for people: "503", or "timeout: Operation timed out after ...".
std::string outcomeText(const Attempt &attempt)
{
    if (const std::string functionError = functionErrorText(attempt); !functionError.empty())
        return functionError;
    if (attempt.error == AttemptError::None)
        return std::to_string(attempt.status);
    std::string text(attemptErrorName(attempt.error));
    if (!attempt.errorText.empty())
        text += ": " + attempt.errorText;
    return text;
}

void validateResponse(SendResult &result, const Attempt &attempt, protocol::Profile profile)
{
    using protocol::Finding;
    using protocol::Severity;
    if (attempt.bodyTruncated) {
        result.findings.push_back(Finding{Severity::Error, "", "response.too-large",
                                          "the response is larger than the " + std::to_string(attempt.body.size())
                                              + " bytes kept (maxResponseBytes), so it was not validated"});
        return;
    }
    auto parsed = protocol::parseJson(attempt.body);
    if (!parsed) {
        result.findings.push_back(Finding{Severity::Error, "", parsed.error().code,
                                          "the response body is not a JSON message: " + parsed.error().message});
        return;
    }
    result.findings = protocol::Validator(profile).validate(*parsed, protocol::responseTypeFor(result.requestType));
    result.response = std::move(*parsed);
}

std::string successText(const SendResult &result, const Attempt &attempt)
{
    std::string text = std::to_string(attempt.status) + " in " + millisecondsText(attempt.timings.totalUs)
                       + " after " + attemptsText(result.attempts.size());
    std::size_t errors = 0;
    const protocol::Finding *first = nullptr;
    for (const auto &finding : result.findings) {
        if (finding.severity == protocol::Severity::Error && errors++ == 0)
            first = &finding;
    }
    if (attempt.lambda && attempt.lambda->report) {
        // The function's own account of the invocation, beside the round trip.
        const LambdaReport &report = *attempt.lambda->report;
        char line[160];
        std::snprintf(line, sizeof line, " (function: %.2f ms, billed %.0f ms, %d/%d MB", report.durationMs,
                      report.billedDurationMs, report.maxMemoryUsedMb, report.memorySizeMb);
        text += line;
        if (report.initDurationMs) {
            std::snprintf(line, sizeof line, "; cold start, init %.2f ms", *report.initDurationMs);
            text += line;
        }
        text += ')';
    }
    if (!first)
        return text + "; the response is valid";
    return text + "; the response has " + std::to_string(errors) + (errors == 1 ? " error" : " errors")
           + " (first: " + first->code + ")";
}

} // namespace

void completeResult(Job &job, Verdict verdict)
{
    SendResult &result = job.result;
    result.verdict = verdict;
    const Attempt *last = result.last();
    switch (verdict) {
    case Verdict::Success:
        validateResponse(result, *last, job.request.options.profile);
        result.summary = successText(result, *last);
        break;
    case Verdict::FinalStatus:
        result.summary = std::to_string(last->status) + " after " + attemptsText(result.attempts.size())
                         + ": mParticle does not retry this status, so the data would be dropped";
        break;
    case Verdict::Exhausted:
        result.summary = "gave up after " + attemptsText(result.attempts.size()) + "; last: " + outcomeText(*last);
        if (!job.stopReason.empty())
            result.summary += " (" + job.stopReason + ")";
        break;
    case Verdict::Cancelled:
        result.summary = job.stopReason.empty() ? std::string("cancelled") : "cancelled " + job.stopReason;
        break;
    case Verdict::Invalid:
        result.summary = "not sent: " + job.stopReason;
        break;
    }
}

} // namespace fhw::transport::detail
