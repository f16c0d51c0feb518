// The bundle's checklist: what is missing or failing before a submission goes out (bundle.h).

#include "bundle.h"

#include "jsonaccess_p.h"
#include "publickey.h"
#include "registrationexport.h"

#include "protocol/parse.h"
#include "readiness/conformancereport.h"

#include <regex>

namespace fhw::submission {

using namespace detail;
using protocol::Json;

namespace {

constexpr std::size_t maxDetails = 25;

void addDetail(ChecklistItem &item, std::string detail)
{
    if (item.details.size() < maxDetails)
        item.details.push_back(std::move(detail));
    else if (item.details.size() == maxDetails)
        item.details.push_back("… and more");
}

// Errors make it Fail, warnings Warn; every error and warning becomes a detail.
void applyFindings(ChecklistItem &item, const protocol::Findings &findings)
{
    item.status = CheckStatus::Pass;
    for (const protocol::Finding &finding : findings) {
        if (finding.severity == protocol::Severity::Info)
            continue;
        if (finding.severity == protocol::Severity::Error)
            item.status = CheckStatus::Fail;
        else if (item.status == CheckStatus::Pass)
            item.status = CheckStatus::Warn;
        addDetail(item, std::string(protocol::severityName(finding.severity)) + ": " + finding.code
                            + (finding.pointer.empty() ? std::string() : " at " + finding.pointer) + ": " + finding.message);
    }
}

bool isRegistration(const Json &registration)
{
    return registration.is_object() && stringAt(registration, "type") == "module_registration_response";
}

ChecklistItem registrationItem(const BundleInputs &inputs)
{
    ChecklistItem item{"registration-review", "Registration review", CheckStatus::Missing, true, {}};
    if (!isRegistration(inputs.registration)) {
        item.details.push_back("no module_registration_response");
        return item;
    }
    applyFindings(item, reviewRegistration(inputs.registration));
    return item;
}

ChecklistItem logoItem(const BundleInputs &inputs)
{
    ChecklistItem item{"logo", "Logo (SVG, transparent, legible on white)", CheckStatus::Missing, true, {}};
    if (inputs.logo.svg.empty()) {
        item.details.push_back("no logo.svg");
        return item;
    }
    item.status = inputs.logo.status;
    if (item.status == CheckStatus::NotRun || item.status == CheckStatus::Missing) {
        item.status = CheckStatus::NotRun;
        item.details.push_back("the logo check was not run");
    }
    for (const std::string &reason : inputs.logo.reasons)
        addDetail(item, reason);
    if (inputs.logo.previewOnWhite.empty() || inputs.logo.previewOnDark.empty())
        addDetail(item, "no preview PNG on white and on dark");
    return item;
}

ChecklistItem endpointsItem(const BundleInputs &inputs)
{
    ChecklistItem item{"endpoints", "Endpoints per data centre", CheckStatus::Missing, true, {}};
    const bool none = std::ranges::all_of(inputs.endpoints, [](const auto &entry) { return entry.second.empty(); });
    if (none) {
        item.details.push_back("no HTTPS URL or Lambda ARN for any data centre");
        return item;
    }
    applyFindings(item, checkEndpoints(inputs.endpoints));
    return item;
}

ChecklistItem publicKeyItem(const BundleInputs &inputs)
{
    ChecklistItem item{"public-key", "PGP public key", CheckStatus::Missing, true, {}};
    if (inputs.publicKey.empty()) {
        item.details.push_back("no armored public key (fhw key export)");
        return item;
    }
    const auto key = checkArmoredPublicKey(inputs.publicKey);
    if (!key) {
        item.status = CheckStatus::Fail;
        item.details.push_back(key.error().code + ": " + key.error().message);
        return item;
    }
    item.status = CheckStatus::Pass;
    item.details.push_back("fingerprint " + (key->fingerprint.empty() ? std::string("(unknown)") : key->fingerprint)
                           + (key->userId.empty() ? std::string() : ", " + key->userId));
    return item;
}

// The failure count a JUnit file declares (<testsuite failures="N" errors="M">), summed; nothing when
// it declares none.
std::optional<long> junitFailures(const std::string &xml)
{
    static const std::regex attribute(R"re(\s(failures|errors)\s*=\s*"(\d{1,9})")re");
    std::optional<long> total;
    for (auto it = std::sregex_iterator(xml.begin(), xml.end(), attribute); it != std::sregex_iterator(); ++it)
        total = total.value_or(0) + std::stol((*it)[2].str());
    return total;
}

ChecklistItem conformanceItem(const BundleInputs &inputs)
{
    ChecklistItem item{"conformance", "Conformance check (fhw check)", CheckStatus::NotRun, false, {}};
    if (inputs.conformanceJson) {
        auto json = protocol::parseJson(*inputs.conformanceJson);
        auto report = json ? readiness::conformanceFromJson(*json)
                           : std::unexpected(Error{"report.format", "not JSON: " + json.error().message});
        if (!report) {
            item.status = CheckStatus::Fail;
            item.details.push_back("not a report of fhw check --json: " + report.error().message);
            return item;
        }
        using readiness::CheckStatus::Fail, readiness::CheckStatus::Warn;
        item.status = !report->passed() || report->checks.empty() ? CheckStatus::Fail
                      : report->count(Warn) > 0                    ? CheckStatus::Warn
                                                                   : CheckStatus::Pass;
        std::string summary;
        for (auto status : {readiness::CheckStatus::Pass, readiness::CheckStatus::Info, Warn, Fail,
                            readiness::CheckStatus::Skipped})
            summary += (summary.empty() ? "" : ", ") + std::to_string(report->count(status)) + " "
                       + std::string(readiness::checkStatusName(status));
        item.details.push_back(summary + (report->cancelled ? " (cancelled)" : ""));
        for (const readiness::CheckResult &check : report->checks) {
            if (check.status == Fail)
                addDetail(item, "failed: " + check.id + ": " + check.message);
        }
        return item;
    }
    if (inputs.conformanceJUnit) {
        const auto failures = junitFailures(*inputs.conformanceJUnit);
        item.status = !failures || *failures > 0 ? CheckStatus::Fail : CheckStatus::Pass;
        item.details.push_back(failures ? "JUnit: " + std::to_string(*failures) + " failure(s)"
                                        : std::string("the JUnit file declares no failure count"));
        return item;
    }
    item.details.push_back("not run: fhw check --json FILE");
    return item;
}

ChecklistItem latencyItem(const BundleInputs &inputs)
{
    ChecklistItem item{"latency", "Latency under load (fhw load)", CheckStatus::NotRun, false, {}};
    if (!inputs.latencyJson) {
        item.details.push_back("not run: fhw load --json FILE");
        return item;
    }
    auto report = protocol::parseJson(*inputs.latencyJson);
    const Json *passed = report ? memberAt(*report, "passed") : nullptr;
    if (report && !passed) {
        if (const Json *verdict = objectAt(*report, "verdict"))
            passed = memberAt(*verdict, "passed");
    }
    if (!passed || !passed->is_boolean()) {
        item.status = CheckStatus::Fail;
        item.details.push_back("the latency report is not a report of fhw load (no \"passed\")");
        return item;
    }
    item.status = passed->get<bool>() ? CheckStatus::Pass : CheckStatus::Fail;
    item.details.push_back(passed->get<bool>() ? "passed" : "failed");
    if (const Json *reasons = arrayAt(*report, "reasons")) {
        for (const Json &reason : *reasons)
            addDetail(item, scalarText(reason));
    }
    return item;
}

ChecklistItem cookieSyncItem(const BundleInputs &inputs)
{
    ChecklistItem item{"cookie-sync", "Cookie Sync answers", CheckStatus::NotRun, false, {}};
    if (!inputs.cookieSync || !inputs.cookieSync->isFilled()) {
        item.details.push_back("not filled (only for partners with a Cookie Sync integration)");
        return item;
    }
    applyFindings(item, checkCookieSync(*inputs.cookieSync));
    return item;
}

} // namespace

std::string_view checkStatusName(CheckStatus status)
{
    switch (status) {
    case CheckStatus::Pass: return "pass";
    case CheckStatus::Warn: return "warn";
    case CheckStatus::Fail: return "fail";
    case CheckStatus::Missing: return "missing";
    case CheckStatus::NotRun: return "not-run";
    }
    return {};
}

bool ChecklistItem::blocksExport() const
{
    return status == CheckStatus::Fail || status == CheckStatus::Missing || (required && status == CheckStatus::NotRun);
}

std::vector<ChecklistItem> bundleChecklist(const BundleInputs &inputs)
{
    return {registrationItem(inputs), logoItem(inputs),        endpointsItem(inputs), publicKeyItem(inputs),
            conformanceItem(inputs),  latencyItem(inputs),     cookieSyncItem(inputs)};
}

} // namespace fhw::submission
