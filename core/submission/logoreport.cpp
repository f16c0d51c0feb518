#include "submission/logoreport.h"

#include <algorithm>
#include <cstdio>

namespace fhw::submission {

namespace {

std::string number(double value, int decimals)
{
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
    return buffer;
}

std::string percent(double share)
{
    return number(share * 100.0, 1) + " %";
}

// Numbers in JSON rounded for people who diff reports; the figures are estimates anyway.
double rounded(double value, int decimals = 4)
{
    double scale = 1;
    for (int i = 0; i < decimals; ++i)
        scale *= 10;
    return double(static_cast<long long>(value * scale + (value < 0 ? -0.5 : 0.5))) / scale;
}

} // namespace

std::string_view logoSeverityName(LogoSeverity severity)
{
    switch (severity) {
    case LogoSeverity::Error: return "error";
    case LogoSeverity::Warning: return "warning";
    case LogoSeverity::Info: return "info";
    }
    return "error";
}

std::string_view logoVerdictName(LogoVerdict verdict)
{
    switch (verdict) {
    case LogoVerdict::Pass: return "pass";
    case LogoVerdict::Warn: return "warn";
    case LogoVerdict::Fail: return "fail";
    }
    return "fail";
}

bool hasErrors(const std::vector<LogoFinding> &findings)
{
    return std::ranges::any_of(findings, [](const LogoFinding &f) { return f.severity == LogoSeverity::Error; });
}

LogoVerdict verdictOf(const std::vector<LogoFinding> &findings)
{
    if (hasErrors(findings))
        return LogoVerdict::Fail;
    const bool warned =
        std::ranges::any_of(findings, [](const LogoFinding &f) { return f.severity == LogoSeverity::Warning; });
    return warned ? LogoVerdict::Warn : LogoVerdict::Pass;
}

nlohmann::ordered_json logoReportJson(const LogoReport &report, const std::string &file)
{
    using json = nlohmann::ordered_json;
    json out;
    if (!file.empty())
        out["file"] = file;
    out["verdict"] = std::string(logoVerdictName(report.verdict));
    json findings = json::array();
    for (const LogoFinding &finding : report.findings) {
        json item;
        item["severity"] = std::string(logoSeverityName(finding.severity));
        item["code"] = finding.code;
        item["message"] = finding.message;
        if (finding.line > 0) {
            item["line"] = finding.line;
            item["column"] = finding.column;
        }
        findings.push_back(std::move(item));
    }
    out["findings"] = std::move(findings);

    json size;
    size["bytes"] = report.fileBytes;
    size["width"] = report.width ? json(rounded(*report.width)) : json();
    size["height"] = report.height ? json(rounded(*report.height)) : json();
    size["viewBox"] = report.viewBox ? json::array({report.viewBox->x, report.viewBox->y, report.viewBox->width,
                                                    report.viewBox->height})
                                     : json();
    size["aspectRatio"] = report.aspectRatio ? json(rounded(*report.aspectRatio)) : json();
    out["size"] = std::move(size);

    json elements;
    elements["count"] = report.elementCount;
    elements["maxDepth"] = report.maxDepth;
    elements["byName"] = json::object();
    for (const auto &[name, count] : report.elementCounts)
        elements["byName"][name] = count;
    out["elements"] = std::move(elements);

    if (report.render) {
        const LogoRenderFigures &r = *report.render;
        json render;
        render["width"] = r.width;
        render["height"] = r.height;
        render["milliseconds"] = r.milliseconds;
        render["cornerAlpha"] = r.cornerAlpha;
        render["borderCoverage"] = rounded(r.borderCoverage);
        render["leastCoveredSide"] = rounded(r.leastCoveredSide);
        render["visibleShare"] = rounded(r.visibleShare);
        render["contrastShareOnWhite"] = rounded(r.contrastShareOnWhite);
        render["contrastShareOnDark"] = rounded(r.contrastShareOnDark);
        out["render"] = std::move(render);
    } else {
        out["render"] = nullptr;
    }
    return out;
}

std::string logoReportText(const LogoReport &report, const std::string &file)
{
    std::string text = (file.empty() ? std::string("logo") : file) + ": " + std::string(logoVerdictName(report.verdict))
                       + "\n";
    for (const LogoFinding &finding : report.findings) {
        text += "  " + std::string(logoSeverityName(finding.severity));
        if (finding.line > 0)
            text += " (line " + std::to_string(finding.line) + ":" + std::to_string(finding.column) + ")";
        text += " " + finding.code + ": " + finding.message + "\n";
    }
    text += "size: " + std::to_string(report.fileBytes) + " bytes";
    if (report.viewBox)
        text += ", viewBox " + number(report.viewBox->x, 2) + " " + number(report.viewBox->y, 2) + " "
                + number(report.viewBox->width, 2) + " " + number(report.viewBox->height, 2);
    if (report.width && report.height)
        text += ", " + number(*report.width, 1) + " x " + number(*report.height, 1) + " px";
    if (report.aspectRatio)
        text += ", aspect ratio " + number(*report.aspectRatio, 2) + ":1";
    text += "\nelements: " + std::to_string(report.elementCount) + " (nested " + std::to_string(report.maxDepth)
            + " deep)\n";
    if (report.render) {
        const LogoRenderFigures &r = *report.render;
        text += "render: " + std::to_string(r.width) + " x " + std::to_string(r.height) + " px in "
                + std::to_string(r.milliseconds) + " ms; visible " + percent(r.visibleShare) + " of the area\n";
        text += "contrast: " + percent(r.contrastShareOnWhite) + " of the visible pixels reach 3:1 on white, "
                + percent(r.contrastShareOnDark) + " on dark\n";
        text += "edges: border " + percent(r.borderCoverage) + " covered (least covered side "
                + percent(r.leastCoveredSide) + "), corner alpha " + std::to_string(r.cornerAlpha[0]) + "/"
                + std::to_string(r.cornerAlpha[1]) + "/" + std::to_string(r.cornerAlpha[2]) + "/"
                + std::to_string(r.cornerAlpha[3]) + "\n";
    } else {
        const bool rendererFailed = std::ranges::any_of(
            report.findings, [](const LogoFinding &f) { return f.code.starts_with("logo.render-"); });
        text += std::string("render: none (") + (rendererFailed              ? "the renderer failed"
                                                 : hasErrors(report.findings) ? "the file failed the scan, so QtSvg never saw it"
                                                                              : "not rendered")
                + ")\n";
    }
    return text;
}

} // namespace fhw::submission
