#pragma once

// The logo check: is this SVG what mParticle wants (a scalable vector logo with a transparent background,
// readable on white) and safe to open? Three steps, each usable alone:
//   scanSvg     a static scan with QXmlStreamReader; QtSvg never sees a file that fails it.
//   renderSvg   QtSvg renders the file in a child process (fhw-logo-render) with a time limit and a
//               memory cap, so a hostile file can take down only that child.
//   analyseRender  transparency of the border, legibility on white, the PNG previews.
// checkLogo runs all three. A bad logo is a report whose verdict is Fail, never an Error: errors are for
// an unreadable file or a renderer that cannot be started.
//
// Finding codes (severity):
//   error:   logo.empty-file, logo.compressed (gzip/.svgz: never inflated), logo.too-large (> 5 MB),
//            logo.not-svg, logo.malformed, logo.doctype (a DOCTYPE with an internal subset or entities),
//            logo.script, logo.event-attribute (on*), logo.foreign-object, logo.external-reference
//            (href/url() not to #id or data:image/…), logo.self-reference, logo.embedded-svg
//            (data:image/svg+xml), logo.too-many-elements, logo.too-deep, logo.bad-dimensions,
//            logo.no-size (neither viewBox nor width and height), logo.not-transparent, logo.empty-render,
//            logo.render-timeout, logo.render-crash, logo.render-failed, logo.render-invalid
//   warning: logo.no-viewbox, logo.doctype-public (a plain public DOCTYPE), logo.raster, logo.raster-only,
//            logo.unsupported-element (QtSvg 6.4 drops it: the preview may differ), logo.image-href (an
//            <image> with SVG 2's plain href, which QtSvg 6.4 does not draw), logo.low-contrast,
//            logo.extreme-aspect-ratio
//   info:    logo.text-element (rendering depends on fonts), logo.touches-edge

#include "common/error.h"
#include "submission/logoreport.h"

#include <QByteArray>
#include <QString>

#include <chrono>
#include <cstdint>
#include <expected>

namespace fhw::submission {

struct LogoLimits
{
    std::int64_t maxFileBytes = 5 * 1024 * 1024;
    int maxElements = 20'000;       // a rich logo has a few hundred; 20,000 leaves room for traced artwork
    int maxDepth = 64;              // nesting of elements
    double maxDimension = 100'000;  // width/height in px, and |viewBox| numbers up to 1e9
    double extremeAspectRatio = 6;  // wider or taller than 6:1 → warning
};

struct ScanOptions
{
    LogoLimits limits;
    QString fileName; // the file's own path or name, to recognise an <image> that points at itself
};

// The static scan. Fills findings, verdict, size, viewBox, aspect ratio and element counts.
LogoReport scanSvg(const QByteArray &bytes, const ScanOptions &options = {});

// Rendering happens in a separate executable, `fhw-logo-render`, so the window and fhw survive a file
// that crashes or hangs QtSvg. It is looked for, in order: $FHW_LOGO_RENDERER; next to the running binary;
// in libexec/ beside the binary's bin/ (the installed layout); where this build tree puts it.
// Empty when none of them exists.
QString findLogoRenderer();

struct RenderOptions
{
    QString rendererPath;                    // empty: findLogoRenderer()
    int longSide = 512;                      // px
    std::chrono::milliseconds timeout{5000}; // the child is killed past this, start-up included
    std::int64_t memoryLimitBytes = std::int64_t(512) << 20; // RLIMIT_AS of the child (it needs ~130 MiB)
};

// Non-premultiplied ARGB32 pixels, row-major, one native-endian 0xAARRGGBB word per pixel (the layout of
// QImage::Format_ARGB32), so core's users need no QtGui.
struct LogoPixels
{
    int width = 0;
    int height = 0;
    QByteArray argb;
    std::int64_t milliseconds = 0; // how long the child took
};

// The render size for a scanned logo: longSide on the long side, the aspect ratio kept (at least 1 px).
struct RenderSize
{
    int width = 0;
    int height = 0;
};
RenderSize renderSizeFor(const LogoReport &scanned, int longSide);

// Renders in the child. On failure the finding says why: logo.render-timeout, logo.render-crash,
// logo.render-failed, logo.render-invalid, or logo.renderer-unavailable (the tool, not the logo).
std::expected<LogoPixels, LogoFinding> renderSvg(const QByteArray &svg, RenderSize size,
                                                 const RenderOptions &options = {});

// Measures the pixels into report.render, adds the findings, makes the previews, updates the verdict.
// Thresholds: a pixel is visible at alpha >= 64; the background fails when all four corners have
// alpha >= 128 or when each of the four sides is at least half covered (alpha >= 8); legibility warns
// when fewer than 20 % of the visible pixels reach 3:1 against white (WCAG contrast, alpha-composited).
void analyseRender(const LogoPixels &pixels, LogoReport &report);

// scanSvg, then (only when the scan found no error) renderSvg and analyseRender.
// Errors: "logo.unreadable" (the file), "logo.renderer-unavailable" (fhw-logo-render missing or broken).
std::expected<LogoReport, Error> checkLogo(const QByteArray &bytes, const RenderOptions &options = {},
                                           const QString &fileName = {});
std::expected<LogoReport, Error> checkLogoFile(const QString &path, const RenderOptions &options = {});

} // namespace fhw::submission
