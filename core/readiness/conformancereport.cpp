// The report for people: a summary line, one line per check, and with `verbose` the evidence.

#include "conformancereport.h"

#include "conformance_p.h"

#include <algorithm>
#include <array>

namespace fhw::readiness {

namespace {

constexpr std::array<std::pair<CheckStatus, std::string_view>, 5> statusNames{{
    {CheckStatus::Pass, "pass"},
    {CheckStatus::Info, "info"},
    {CheckStatus::Warn, "warn"},
    {CheckStatus::Fail, "fail"},
    {CheckStatus::Skipped, "skipped"},
}};

// Bodies in the text report are cut here; the JSON report keeps up to 64 KiB.
constexpr std::size_t textBodyBytes = 2048;

std::string upper(std::string_view text)
{
    std::string out(text);
    for (char &c : out)
        c = (c >= 'a' && c <= 'z') ? char(c - 'a' + 'A') : c;
    return out;
}

std::string plural(int n, std::string_view one, std::string_view many)
{
    return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

std::string secondsText(std::int64_t us)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.2f s", double(us) / 1e6);
    return text;
}

void appendBody(std::string &out, std::string_view indent, std::string_view title, std::string_view body,
                std::size_t fullBytes)
{
    if (body.empty())
        return;
    const std::string shown = detail::capped(body, textBodyBytes);
    out += std::string(indent) + std::string(title);
    if (shown.size() < fullBytes)
        out += " (" + std::to_string(fullBytes) + " bytes, the first " + std::to_string(shown.size()) + " shown)";
    out += ":\n" + std::string(indent) + "  " + shown + "\n";
}

} // namespace

namespace detail {

void appendEvidence(std::string &out, const Evidence &evidence)
{
    const std::string indent = "      ";
    out += "    > " + evidence.label + "\n";
    out += indent + "POST " + evidence.url + " (" + std::string(protocol::wireName(evidence.requestType)) + ", "
           + std::to_string(evidence.requestBodyBytes) + " bytes)\n";
    for (const auto &[name, value] : evidence.requestHeaders)
        out += indent + name + ": " + safeHeaderValue(name, value) + "\n";
    appendBody(out, indent, "request body", evidence.requestBody, evidence.requestBodyBytes);
    const transport::PhaseTimings &t = evidence.timings;
    out += indent + "< " + (evidence.status ? std::to_string(evidence.status) : std::string("no response"));
    if (!evidence.error.empty())
        out += " (" + evidence.error + ")";
    out += " in " + detail::millisecondsText(t.totalUs) + " (dns " + detail::millisecondsText(t.dnsUs) + ", connect "
           + detail::millisecondsText(t.connectUs) + ", tls " + (t.tlsUs ? detail::millisecondsText(t.tlsUs) : "-")
           + ", sent " + detail::millisecondsText(t.requestSentUs) + ", first byte "
           + detail::millisecondsText(t.firstByteUs) + ")\n";
    if (evidence.tls) {
        out += indent + "tls: " + evidence.tls->version + ", certificate " + evidence.tls->subject + " (issuer "
               + evidence.tls->issuer + ", valid until " + evidence.tls->notAfter + "), "
               + (evidence.tls->verified ? std::string("verified") : "NOT verified: " + evidence.tls->verifyError)
               + "\n";
    }
    for (const auto &[name, value] : evidence.responseHeaders)
        out += indent + name + ": " + safeHeaderValue(name, value) + "\n";
    if (evidence.lambda) {
        if (!evidence.lambda->functionError.empty())
            out += indent + "lambda: function error " + evidence.lambda->functionError + "\n";
        if (evidence.lambda->report)
            out += indent + "lambda: " + lambdaReportText(*evidence.lambda->report) + "\n";
    }
    appendBody(out, indent, "response body", evidence.responseBody, evidence.responseBody.size());
    for (const protocol::Finding &finding : evidence.findings) {
        out += indent + std::string(protocol::severityName(finding.severity)) + " "
               + (finding.pointer.empty() ? std::string("(root)") : finding.pointer) + " " + finding.code + ": "
               + finding.message + "\n";
    }
}

} // namespace detail

std::string_view checkStatusName(CheckStatus status)
{
    for (const auto &[candidate, name] : statusNames) {
        if (candidate == status)
            return name;
    }
    return {};
}

std::optional<CheckStatus> checkStatusFromName(std::string_view name)
{
    for (const auto &[status, candidate] : statusNames) {
        if (candidate == name)
            return status;
    }
    return std::nullopt;
}

int ConformanceReport::count(CheckStatus status) const
{
    return int(std::ranges::count(checks, status, &CheckResult::status));
}

bool ConformanceReport::passed() const
{
    return !cancelled && count(CheckStatus::Fail) == 0;
}

std::string conformanceText(const ConformanceReport &report, bool verbose)
{
    std::string out = "Conformance check of " + report.target + " (fhw " + report.toolVersion + ", " + report.startedAt
                      + ", budget " + std::to_string(report.budget.count()) + " ms, " + secondsText(report.durationUs)
                      + ")\n";
    out += plural(int(report.checks.size()), "check", "checks") + ": " + std::to_string(report.count(CheckStatus::Pass))
           + " passed, " + std::to_string(report.count(CheckStatus::Info)) + " info, "
           + plural(report.count(CheckStatus::Warn), "warning", "warnings") + ", "
           + std::to_string(report.count(CheckStatus::Fail)) + " failed, "
           + std::to_string(report.count(CheckStatus::Skipped)) + " skipped";
    if (report.cancelled)
        out += " — CANCELLED";
    else
        out += report.passed() ? " — PASSED (nothing failed)" : " — FAILED";
    out += "\n";
    for (const CheckResult &check : report.checks) {
        std::string status = upper(checkStatusName(check.status));
        status.resize(7, ' ');
        out += status + " " + check.id + ": " + check.message + "\n";
        if (!verbose)
            continue;
        out += "    " + check.title + " (" + check.category + ", " + detail::millisecondsText(check.durationUs) + ")\n";
        for (const Evidence &evidence : check.evidence)
            detail::appendEvidence(out, evidence);
    }
    return out;
}

} // namespace fhw::readiness
