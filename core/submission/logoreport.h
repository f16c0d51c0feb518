#pragma once

#include <nlohmann/json.hpp>

#include <QByteArray>

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fhw::submission {

// What a finding does to the verdict: an error fails the logo, a warning makes it "warn", info is a note.
enum class LogoSeverity { Error, Warning, Info };
enum class LogoVerdict { Pass, Warn, Fail };

std::string_view logoSeverityName(LogoSeverity severity); // "error", "warning", "info"
std::string_view logoVerdictName(LogoVerdict verdict);    // "pass", "warn", "fail"

// One reason for the verdict. `code` is stable ("logo.script", "logo.not-transparent", ...; the list is in
// logocheck.h); line and column point into the SVG text when the finding has a place (0 when not).
struct LogoFinding
{
    LogoSeverity severity = LogoSeverity::Error;
    std::string code;
    std::string message;
    std::int64_t line = 0;
    std::int64_t column = 0;

    friend bool operator==(const LogoFinding &, const LogoFinding &) = default;
};

struct LogoViewBox
{
    double x = 0;
    double y = 0;
    double width = 0;
    double height = 0;
};

// What the pixels of the render say (see logocheck.h for how each figure is measured).
struct LogoRenderFigures
{
    int width = 0; // the render, 512 px on the long side
    int height = 0;
    std::int64_t milliseconds = 0;      // the renderer child, start to exit
    std::array<int, 4> cornerAlpha{};   // top-left, top-right, bottom-right, bottom-left, 0..255
    double borderCoverage = 0;          // share of the 1-px border ring that is not transparent, 0..1
    double leastCoveredSide = 0;        // the same share for the least covered of the four sides
    double visibleShare = 0;            // visible pixels / all pixels
    double contrastShareOnWhite = 0;    // visible pixels reaching 3:1 against white / visible pixels
    double contrastShareOnDark = 0;     // the same against the dark preview background (#1e1e1e)
};

struct LogoReport
{
    LogoVerdict verdict = LogoVerdict::Pass;
    std::vector<LogoFinding> findings;

    std::int64_t fileBytes = 0;
    std::optional<double> width;  // the root's width/height in px; none when absent or relative (%, em)
    std::optional<double> height;
    std::optional<LogoViewBox> viewBox;
    std::optional<double> aspectRatio; // width / height, from the viewBox, else from width and height

    int elementCount = 0;
    int maxDepth = 0;
    std::map<std::string, int> elementCounts; // by name ("path", "clipPath"; "prefix:name" outside SVG)

    // Only when the file passed the scan and the renderer produced an image.
    std::optional<LogoRenderFigures> render;
    QByteArray previewOnWhite; // PNG, the render composited on white
    QByteArray previewOnDark;  // PNG, the render composited on #1e1e1e
};

bool hasErrors(const std::vector<LogoFinding> &findings);
LogoVerdict verdictOf(const std::vector<LogoFinding> &findings);

// For --json and the bundle's manifest; `file` (when not empty) comes first. Previews are not included.
nlohmann::ordered_json logoReportJson(const LogoReport &report, const std::string &file = {});
// For people: the verdict, one line per finding, then size, elements and render figures.
std::string logoReportText(const LogoReport &report, const std::string &file = {});

} // namespace fhw::submission
