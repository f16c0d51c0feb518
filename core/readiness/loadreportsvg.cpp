// The load report's chart: a self-contained SVG (no scripts, no external references, no Qt), so it
// can be attached to a ticket or opened in any browser. Two panels:
//  1. p50, p90, p99 and max latency per measured second, with the budget as a dashed line. The
//     y axis is logarithmic when the values span more than ~1.5 decades (a stall next to 1 ms
//     answers), linear otherwise — a linear axis reads more naturally when it can.
//  2. The latency histogram in ranges that double (HdrHistogram's logarithmic buckets), with the
//     same budget line placed where the budget falls.

#include "loadreport.h"
#include "loadreport_p.h"

#include <algorithm>
#include <cmath>
#include <optional>

namespace fhw::readiness {

using namespace report;

namespace {

constexpr double width = 960;
constexpr double height = 840;
constexpr double plotLeft = 90;
constexpr double plotRight = 880;
constexpr const char *fontAttributes = R"(font-family="DejaVu Sans, Arial, sans-serif")";
constexpr const char *axisColour = "#444444";
constexpr const char *gridColour = "#e3e3e3";
constexpr const char *budgetColour = "#b00020";
constexpr const char *barColour = "#4c72b0";

struct Series
{
    const char *name;
    const char *colour;
    std::int64_t Percentiles::*field;
};

constexpr Series latencySeries[] = {
    {"p50", "#1f77b4", &Percentiles::p50},
    {"p90", "#2ca02c", &Percentiles::p90},
    {"p99", "#ff7f0e", &Percentiles::p99},
    {"max", "#7b3294", &Percentiles::max},
};

std::string num(double value)
{
    return fixed(value, 1);
}

// A tick label for a value in ms: as few digits as say it exactly.
std::string tickLabel(double ms)
{
    std::string text = fixed(ms, ms >= 100 ? 0 : ms >= 1 ? 1 : 3);
    if (text.find('.') != std::string::npos) {
        while (text.back() == '0')
            text.pop_back();
        if (text.back() == '.')
            text.pop_back();
    }
    return text;
}

std::string text(double x, double y, const std::string &content, const std::string &attributes = {})
{
    return "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\" " + attributes + ">" + xmlEscaped(content) + "</text>\n";
}

std::string line(double x1, double y1, double x2, double y2, const std::string &attributes)
{
    return "<line x1=\"" + num(x1) + "\" y1=\"" + num(y1) + "\" x2=\"" + num(x2) + "\" y2=\"" + num(y2) + "\" " +
        attributes + "/>\n";
}

// 1, 2 or 5 times a power of ten, the smallest such step that gives at most `maxTicks` ticks.
double niceStep(double range, int maxTicks)
{
    if (range <= 0)
        return 1;
    const double raw = range / maxTicks;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    for (double factor : {1.0, 2.0, 5.0, 10.0}) {
        if (factor * magnitude >= raw)
            return factor * magnitude;
    }
    return 10 * magnitude;
}

// The y scale of panel 1 (values in ms).
struct Scale
{
    bool logarithmic = false;
    double low = 0, high = 1;   // ms
    double top = 0, bottom = 1; // pixels

    double y(double ms) const
    {
        double t = 0;
        if (logarithmic)
            t = (std::log10(std::max(ms, low)) - std::log10(low)) / (std::log10(high) - std::log10(low));
        else
            t = (ms - low) / (high - low);
        return bottom - std::clamp(t, 0.0, 1.0) * (bottom - top);
    }

    std::vector<double> ticks() const
    {
        std::vector<double> result;
        if (logarithmic) {
            // Decades; with three or fewer, also 2× and 5× so the axis is easy to read.
            const bool fine = std::log10(high / low) <= 3.01;
            for (double decade = low; decade <= high * 1.0001; decade *= 10) {
                for (double factor : {1.0, 2.0, 5.0}) {
                    if ((factor == 1.0 || fine) && decade * factor <= high * 1.0001)
                        result.push_back(decade * factor);
                }
            }
        } else {
            const double step = niceStep(high - low, 6);
            for (double v = low; v <= high + step * 1e-6; v += step)
                result.push_back(v);
        }
        return result;
    }
};

Scale latencyScale(const std::vector<LoadSecond> &timeline, double budgetMs, double top, double bottom)
{
    double smallest = budgetMs, largest = budgetMs;
    for (const LoadSecond &s : timeline) {
        if (s.latency.count == 0)
            continue;
        smallest = std::min(smallest, std::max(static_cast<double>(s.latency.p50) / 1000.0, 0.001));
        largest = std::max(largest, static_cast<double>(s.latency.max) / 1000.0);
    }
    Scale scale;
    scale.top = top;
    scale.bottom = bottom;
    scale.logarithmic = largest / smallest > 30;
    if (scale.logarithmic) {
        scale.low = std::pow(10.0, std::floor(std::log10(smallest)));
        scale.high = std::pow(10.0, std::ceil(std::log10(largest * 1.05)));
    } else {
        const double step = niceStep(largest * 1.1, 6);
        scale.low = 0;
        scale.high = std::ceil(largest * 1.1 / step) * step;
    }
    return scale;
}

enum class Swatch { Line, Dashed, Bar };

struct LegendItem
{
    std::string name;
    const char *colour;
    Swatch swatch;
};

std::string legend(double x, double y, const std::vector<LegendItem> &items)
{
    std::string out;
    for (const LegendItem &item : items) {
        const std::string colour = item.colour;
        if (item.swatch == Swatch::Bar)
            out += "<rect x=\"" + num(x) + "\" y=\"" + num(y - 6) + "\" width=\"22\" height=\"12\" fill=\"" + colour + "\"/>\n";
        else
            out += line(x, y, x + 22, y, "stroke=\"" + colour + "\" stroke-width=\"2\"" +
                                             (item.swatch == Swatch::Dashed ? " stroke-dasharray=\"6 4\"" : ""));
        out += text(x + 28, y + 4, item.name, std::string(fontAttributes) + " font-size=\"12\" fill=\"#222222\"");
        x += 44 + 7.0 * static_cast<double>(item.name.size());
    }
    return out;
}

std::string percentilePanel(const LoadResult &result, double budgetMs, const std::string &budgetLabel, double top)
{
    const double plotTop = top + 48, plotBottom = top + 318;
    std::string out = text(plotLeft, top, "Latency per second (ms, from the scheduled time)",
                           std::string(fontAttributes) + " font-size=\"14\" font-weight=\"bold\" fill=\"#222222\"");
    std::vector<LegendItem> items;
    for (const Series &s : latencySeries)
        items.push_back({s.name, s.colour, Swatch::Line});
    items.push_back({budgetLabel, budgetColour, Swatch::Dashed});
    out += legend(plotLeft, top + 22, items);

    const Scale scale = latencyScale(result.timeline, budgetMs, plotTop, plotBottom);
    const auto &timeline = result.timeline;
    const double lastSecond = timeline.empty() ? 1.0 : std::max(1.0, static_cast<double>(timeline.back().second));
    const auto x = [&](double second) { return plotLeft + second / lastSecond * (plotRight - plotLeft); };

    // Grid, y ticks and labels.
    for (double v : scale.ticks()) {
        const double y = scale.y(v);
        out += line(plotLeft, y, plotRight, y, std::string("stroke=\"") + gridColour + "\" stroke-width=\"1\"");
        out += text(plotLeft - 8, y + 4, tickLabel(v),
                    std::string(fontAttributes) + " font-size=\"11\" text-anchor=\"end\" fill=\"" + axisColour + "\"");
    }
    // X ticks: seconds.
    const double step = std::max(1.0, niceStep(lastSecond, 12));
    for (double s = 0; s <= lastSecond + 1e-9; s += step) {
        out += line(x(s), plotBottom, x(s), plotBottom + 5, std::string("stroke=\"") + axisColour + "\"");
        out += text(x(s), plotBottom + 18, tickLabel(s),
                    std::string(fontAttributes) + " font-size=\"11\" text-anchor=\"middle\" fill=\"" + axisColour + "\"");
    }
    out += line(plotLeft, plotTop, plotLeft, plotBottom, std::string("stroke=\"") + axisColour + "\"");
    out += line(plotLeft, plotBottom, plotRight, plotBottom, std::string("stroke=\"") + axisColour + "\"");
    out += text(plotLeft + (plotRight - plotLeft) / 2, plotBottom + 36, "second of the measured window",
                std::string(fontAttributes) + " font-size=\"12\" text-anchor=\"middle\" fill=\"" + axisColour + "\"");
    const double midY = (plotTop + plotBottom) / 2;
    out += text(28, midY, std::string("latency (ms") + (scale.logarithmic ? ", log scale)" : ")"),
                std::string(fontAttributes) + " font-size=\"12\" text-anchor=\"middle\" fill=\"" + axisColour +
                    "\" transform=\"rotate(-90 28 " + num(midY) + ")\"");

    // One polyline per unbroken run of seconds with samples; a second without any breaks the line.
    for (const Series &series : latencySeries) {
        std::string points;
        const auto flush = [&] {
            if (!points.empty())
                out += "<polyline fill=\"none\" stroke=\"" + std::string(series.colour) +
                    "\" stroke-width=\"1.8\" stroke-linejoin=\"round\" points=\"" + points + "\"/>\n";
            points.clear();
        };
        for (const LoadSecond &s : timeline) {
            if (s.latency.count == 0) {
                flush();
                continue;
            }
            const double ms = static_cast<double>(s.latency.*series.field) / 1000.0;
            points += (points.empty() ? "" : " ") + num(x(s.second)) + ',' + num(scale.y(ms));
            if (timeline.size() <= 120)
                out += "<circle cx=\"" + num(x(s.second)) + "\" cy=\"" + num(scale.y(ms)) + "\" r=\"2\" fill=\"" +
                    series.colour + "\"/>\n";
        }
        flush();
    }
    if (timeline.empty())
        out += text(plotLeft + (plotRight - plotLeft) / 2, midY, "no measured seconds",
                    std::string(fontAttributes) + " font-size=\"13\" text-anchor=\"middle\" fill=\"#777777\"");

    const double by = scale.y(budgetMs);
    out += line(plotLeft, by, plotRight, by,
                std::string("stroke=\"") + budgetColour + "\" stroke-width=\"2\" stroke-dasharray=\"6 4\"");
    out += text(plotRight - 4, by - 6, budgetLabel,
                std::string(fontAttributes) + " font-size=\"12\" text-anchor=\"end\" fill=\"" + budgetColour + "\"");
    return out;
}

std::string histogramPanel(const LoadResult &result, double budgetMs, const std::string &budgetLabel, double top)
{
    const double plotTop = top + 48, plotBottom = top + 300;
    std::string out = text(plotLeft, top, "Latency histogram (requests per latency range, corrected)",
                           std::string(fontAttributes) + " font-size=\"14\" font-weight=\"bold\" fill=\"#222222\"");
    out += legend(plotLeft, top + 22,
                  {{"requests", barColour, Swatch::Bar}, {budgetLabel, budgetColour, Swatch::Dashed}});

    // Ranges of doubling width from 100 µs.
    constexpr std::int64_t firstUpper = 100;
    auto buckets = result.latency.logarithmicBuckets(firstUpper, 2.0);
    const auto budgetMicros = static_cast<std::int64_t>(budgetMs * 1000);
    if (buckets.empty())
        buckets.push_back({0, firstUpper, 0});
    // One range past the budget's, so the budget line never sits on the axis' end.
    while (buckets.back().to < 2 * budgetMicros)
        buckets.push_back({buckets.back().to + 1, buckets.back().to * 2, 0});

    std::int64_t highest = 0;
    for (const auto &b : buckets)
        highest = std::max(highest, b.count);
    const double countStep = niceStep(static_cast<double>(std::max<std::int64_t>(highest, 1)), 5);
    const double countTop = std::max(countStep, std::ceil(static_cast<double>(highest) / countStep) * countStep);
    const auto y = [&](double n) { return plotBottom - n / countTop * (plotBottom - plotTop); };
    const double band = (plotRight - plotLeft) / static_cast<double>(buckets.size());

    for (double n = 0; n <= countTop + 1e-9; n += countStep) {
        out += line(plotLeft, y(n), plotRight, y(n), std::string("stroke=\"") + gridColour + "\" stroke-width=\"1\"");
        out += text(plotLeft - 8, y(n) + 4, count(static_cast<std::int64_t>(n)),
                    std::string(fontAttributes) + " font-size=\"11\" text-anchor=\"end\" fill=\"" + axisColour + "\"");
    }
    const std::size_t labelEvery = buckets.size() > 16 ? 2 : 1;
    for (std::size_t i = 0; i < buckets.size(); ++i) {
        const double x = plotLeft + band * static_cast<double>(i);
        if (buckets[i].count > 0) {
            const double h = std::max(2.0, plotBottom - y(static_cast<double>(buckets[i].count)));
            out += "<rect x=\"" + num(x + band * 0.1) + "\" y=\"" + num(plotBottom - h) + "\" width=\"" +
                num(band * 0.8) + "\" height=\"" + num(h) + "\" fill=\"" + barColour + "\"><title>" +
                xmlEscaped(tickLabel(static_cast<double>(buckets[i].from) / 1000.0) + "–" +
                           tickLabel(static_cast<double>(buckets[i].to) / 1000.0) + " ms: " +
                           count(buckets[i].count) + " requests") +
                "</title></rect>\n";
        }
        out += line(x + band, plotBottom, x + band, plotBottom + 5, std::string("stroke=\"") + axisColour + "\"");
        if (i % labelEvery == 0 || i + 1 == buckets.size())
            out += text(x + band, plotBottom + 18, tickLabel(static_cast<double>(buckets[i].to) / 1000.0),
                        std::string(fontAttributes) + " font-size=\"10\" text-anchor=\"middle\" fill=\"" + axisColour + "\"");
    }
    out += line(plotLeft, plotTop, plotLeft, plotBottom, std::string("stroke=\"") + axisColour + "\"");
    out += line(plotLeft, plotBottom, plotRight, plotBottom, std::string("stroke=\"") + axisColour + "\"");
    out += text(plotLeft + (plotRight - plotLeft) / 2, plotBottom + 36,
                "latency (ms, upper end of each range; each range is twice as wide as the one before)",
                std::string(fontAttributes) + " font-size=\"12\" text-anchor=\"middle\" fill=\"" + axisColour + "\"");
    const double midY = (plotTop + plotBottom) / 2;
    out += text(28, midY, "requests",
                std::string(fontAttributes) + " font-size=\"12\" text-anchor=\"middle\" fill=\"" + axisColour +
                    "\" transform=\"rotate(-90 28 " + num(midY) + ")\"");
    if (result.latency.totalCount() == 0)
        out += text(plotLeft + (plotRight - plotLeft) / 2, midY, "no samples",
                    std::string(fontAttributes) + " font-size=\"13\" text-anchor=\"middle\" fill=\"#777777\"");

    // The budget inside its range, interpolated on the same doubling (logarithmic) scale.
    double bx = plotRight;
    for (std::size_t i = 0; i < buckets.size(); ++i) {
        if (budgetMicros > buckets[i].to)
            continue;
        const double lower = i == 0 ? 0.0 : static_cast<double>(buckets[i - 1].to);
        const double upper = static_cast<double>(buckets[i].to);
        const double fraction = i == 0 ? static_cast<double>(budgetMicros) / upper
                                       : std::log(static_cast<double>(budgetMicros) / lower) / std::log(upper / lower);
        bx = plotLeft + band * (static_cast<double>(i) + std::clamp(fraction, 0.0, 1.0));
        break;
    }
    out += line(bx, plotTop - 6, bx, plotBottom,
                std::string("stroke=\"") + budgetColour + "\" stroke-width=\"2\" stroke-dasharray=\"6 4\"");
    const bool labelLeft = bx > plotRight - 110;
    out += text(bx + (labelLeft ? -6 : 6), plotTop + 8, budgetLabel,
                std::string(fontAttributes) + " font-size=\"12\" fill=\"" + budgetColour + "\"" +
                    (labelLeft ? " text-anchor=\"end\"" : ""));
    return out;
}

} // namespace

std::string loadChartSvg(const LoadResult &result)
{
    const double budgetMs = static_cast<double>(result.settings.budget.count());
    const std::string budgetLabel = tickLabel(budgetMs) + " ms budget";
    const std::string title = "fhw load: " + rate(result.achievedRate) + " achieved of " + rate(result.settings.rate) +
        " target, p99 " + millis(result.latency.valueAtPercentile(99)) + " — " + (result.passed ? "PASS" : "FAIL");
    std::string subtitle = "mix " + mixText(result.settings.mix) + ", measured " + seconds(result.measuredSeconds);
    if (!result.startedAt.empty())
        subtitle += ", started " + result.startedAt;
    if (result.cancelled)
        subtitle += " (cancelled)";

    std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out += "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"" + num(width) + "\" height=\"" +
        num(height) + "\" viewBox=\"0 0 " + num(width) + ' ' + num(height) + "\">\n";
    out += "<title>" + xmlEscaped(title) + "</title>\n";
    out += "<desc>Latency percentiles per second and the latency histogram of a load run, with the " +
        xmlEscaped(budgetLabel) + ".</desc>\n";
    out += "<rect x=\"0\" y=\"0\" width=\"" + num(width) + "\" height=\"" + num(height) + "\" fill=\"#ffffff\"/>\n";
    out += text(plotLeft, 32, title, std::string(fontAttributes) + " font-size=\"18\" font-weight=\"bold\" fill=\"" +
                                         (result.passed ? "#1b5e20" : budgetColour) + "\"");
    out += text(plotLeft, 54, subtitle, std::string(fontAttributes) + " font-size=\"12\" fill=\"#555555\"");
    out += percentilePanel(result, budgetMs, budgetLabel, 90);
    out += histogramPanel(result, budgetMs, budgetLabel, 470);
    out += "</svg>\n";
    return out;
}

} // namespace fhw::readiness
