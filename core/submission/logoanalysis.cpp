// What the rendered pixels say: is the background transparent, is the logo legible on white, and the
// previews people look at.

#include "submission/logocheck.h"

#include <QBuffer>
#include <QImage>

#include <array>
#include <cmath>
#include <cstring>

namespace fhw::submission {

namespace {

constexpr int visibleAlpha = 64;       // a pixel counts as part of the logo from 25 % opacity
constexpr int coveredAlpha = 8;        // a border pixel counts as covered past anti-aliasing dust
constexpr int opaqueCornerAlpha = 128; // a corner this opaque is a background's corner
constexpr double coveredSideShare = 0.5;
constexpr double minimumContrast = 3.0;   // WCAG 2.1 non-text contrast (1.4.11)
constexpr double minimumLegibleShare = 0.2;
constexpr QRgb darkBackground = 0xff1e1e1e;

// WCAG relative luminance of an sRGB channel, as a table.
const std::array<double, 256> &linearChannel()
{
    static const std::array<double, 256> table = [] {
        std::array<double, 256> t{};
        for (int i = 0; i < 256; ++i) {
            const double c = i / 255.0;
            t[std::size_t(i)] = c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
        }
        return t;
    }();
    return table;
}

double luminance(QRgb rgb)
{
    const auto &lin = linearChannel();
    return 0.2126 * lin[std::size_t(qRed(rgb))] + 0.7152 * lin[std::size_t(qGreen(rgb))]
           + 0.0722 * lin[std::size_t(qBlue(rgb))];
}

double contrast(double a, double b)
{
    return (std::max(a, b) + 0.05) / (std::min(a, b) + 0.05);
}

// Straight-alpha "over", in sRGB as browsers composite.
QRgb over(QRgb pixel, QRgb background)
{
    const int a = qAlpha(pixel);
    auto mix = [a](int c, int b) { return (c * a + b * (255 - a) + 127) / 255; };
    return qRgb(mix(qRed(pixel), qRed(background)), mix(qGreen(pixel), qGreen(background)),
                mix(qBlue(pixel), qBlue(background)));
}

QByteArray png(const QImage &image)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes;
}

void add(LogoReport &report, LogoSeverity severity, const char *code, const std::string &message)
{
    report.findings.push_back({severity, code, message, 0, 0});
}

std::string percent(double share)
{
    return std::to_string(int(std::lround(share * 100))) + " %";
}

} // namespace

void analyseRender(const LogoPixels &pixels, LogoReport &report)
{
    const int w = pixels.width;
    const int h = pixels.height;
    if (w < 1 || h < 1 || pixels.argb.size() != qsizetype(w) * h * 4) {
        add(report, LogoSeverity::Error, "logo.render-failed", "the render has no pixels");
        report.verdict = verdictOf(report.findings);
        return;
    }
    const auto *data = reinterpret_cast<const QRgb *>(pixels.argb.constData());
    auto at = [&](int x, int y) { return data[qsizetype(y) * w + x]; };

    LogoRenderFigures figures;
    figures.width = w;
    figures.height = h;
    figures.milliseconds = pixels.milliseconds;
    figures.cornerAlpha = {qAlpha(at(0, 0)), qAlpha(at(w - 1, 0)), qAlpha(at(w - 1, h - 1)), qAlpha(at(0, h - 1))};

    // The border ring, side by side (corners belong to two sides).
    std::array<double, 4> sideCoverage{};
    std::int64_t ringCovered = 0;
    std::int64_t ringTotal = 0;
    auto side = [&](int index, int count, auto pixelAt) {
        int covered = 0;
        for (int i = 0; i < count; ++i)
            covered += qAlpha(pixelAt(i)) >= coveredAlpha ? 1 : 0;
        sideCoverage[std::size_t(index)] = double(covered) / count;
        ringCovered += covered;
        ringTotal += count;
    };
    side(0, w, [&](int i) { return at(i, 0); });
    side(1, h, [&](int i) { return at(w - 1, i); });
    side(2, w, [&](int i) { return at(i, h - 1); });
    side(3, h, [&](int i) { return at(0, i); });
    figures.borderCoverage = double(ringCovered) / double(ringTotal);
    figures.leastCoveredSide = *std::ranges::min_element(sideCoverage);

    QImage onWhite(w, h, QImage::Format_RGB32);
    QImage onDark(w, h, QImage::Format_RGB32);
    const double darkLuminance = luminance(darkBackground);
    std::int64_t visible = 0;
    std::int64_t legibleOnWhite = 0;
    std::int64_t legibleOnDark = 0;
    for (int y = 0; y < h; ++y) {
        auto *white = reinterpret_cast<QRgb *>(onWhite.scanLine(y));
        auto *dark = reinterpret_cast<QRgb *>(onDark.scanLine(y));
        for (int x = 0; x < w; ++x) {
            const QRgb pixel = at(x, y);
            white[x] = over(pixel, 0xffffffff);
            dark[x] = over(pixel, darkBackground);
            if (qAlpha(pixel) < visibleAlpha)
                continue;
            ++visible;
            legibleOnWhite += contrast(luminance(white[x]), 1.0) >= minimumContrast ? 1 : 0;
            legibleOnDark += contrast(luminance(dark[x]), darkLuminance) >= minimumContrast ? 1 : 0;
        }
    }
    figures.visibleShare = double(visible) / (double(w) * h);
    figures.contrastShareOnWhite = visible ? double(legibleOnWhite) / double(visible) : 0.0;
    figures.contrastShareOnDark = visible ? double(legibleOnDark) / double(visible) : 0.0;
    report.render = figures;
    report.previewOnWhite = png(onWhite);
    report.previewOnDark = png(onDark);

    const int opaqueCorners = int(std::ranges::count_if(figures.cornerAlpha, [](int a) { return a >= opaqueCornerAlpha; }));
    if (visible == 0) {
        add(report, LogoSeverity::Error, "logo.empty-render",
            "the logo renders as nothing visible (no pixel reaches 25 % opacity)");
    } else if (opaqueCorners == 4 || figures.leastCoveredSide >= coveredSideShare) {
        add(report, LogoSeverity::Error, "logo.not-transparent",
            "the background is not transparent: " + (opaqueCorners == 4 ? std::string("all four corners are opaque")
                                                                        : "every edge is at least half covered")
                + " (border " + percent(figures.borderCoverage) + " covered); remove the background shape");
    } else if (ringCovered > 0) {
        add(report, LogoSeverity::Info, "logo.touches-edge",
            "the artwork touches the edge of the viewBox (border " + percent(figures.borderCoverage)
                + " covered): some padding looks better");
    }
    if (visible > 0 && figures.contrastShareOnWhite < minimumLegibleShare)
        add(report, LogoSeverity::Warning, "logo.low-contrast",
            "hard to read on white: only " + percent(figures.contrastShareOnWhite)
                + " of the visible pixels reach 3:1 contrast against white (20 % wanted); the logo is mostly white "
                  "or very light");
    report.verdict = verdictOf(report.findings);
}

} // namespace fhw::submission
