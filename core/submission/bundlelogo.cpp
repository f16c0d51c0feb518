#include "bundlelogo.h"

namespace fhw::submission {

LogoInputs logoInputsFromReport(const QByteArray &svg, const LogoReport &report)
{
    LogoInputs inputs;
    inputs.svg = svg.toStdString();
    inputs.previewOnWhite = report.previewOnWhite.toStdString();
    inputs.previewOnDark = report.previewOnDark.toStdString();
    switch (report.verdict) {
    case LogoVerdict::Pass: inputs.status = CheckStatus::Pass; break;
    case LogoVerdict::Warn: inputs.status = CheckStatus::Warn; break;
    case LogoVerdict::Fail: inputs.status = CheckStatus::Fail; break;
    }
    for (const LogoFinding &finding : report.findings) {
        if (finding.severity != LogoSeverity::Info)
            inputs.reasons.push_back(std::string(logoSeverityName(finding.severity)) + " " + finding.code + ": " + finding.message);
    }
    inputs.report = logoReportJson(report, "logo.svg");
    // How long the renderer took differs from run to run; the bundle must not.
    if (auto render = inputs.report.find("render"); render != inputs.report.end() && render->is_object())
        render->erase("milliseconds");
    return inputs;
}

} // namespace fhw::submission
