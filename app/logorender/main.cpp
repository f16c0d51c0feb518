// fhw-logo-render WIDTH HEIGHT < logo.svg > pixels: renders one SVG with QtSvg for the logo check.
// Run only as a child of core/submission/logorender.cpp, which applies the time limit and the memory cap
// and reads the pixels (the format is in core/submission/logorenderprotocol.h). Deliberately tiny: all
// judging happens in the parent; this process only has to survive or die.

#include "submission/logorenderprotocol.h"

#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QSvgRenderer>

#include <cstdint>
#include <cstdio>
#include <cstring>

namespace logorender = fhw::submission::logorender;

namespace {

int parseSide(const char *text)
{
    char *end = nullptr;
    const long value = std::strtol(text, &end, 10);
    return end != text && *end == '\0' && value >= 1 && value <= logorender::maxSide ? int(value) : 0;
}

// The whole of stdin, or nothing when it is longer than the cap (the parent never sends more).
bool readInput(QByteArray &input)
{
    char buffer[65536];
    std::size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, stdin)) > 0) {
        if (input.size() + qsizetype(n) > logorender::maxInputBytes)
            return false;
        input.append(buffer, qsizetype(n));
    }
    return !std::ferror(stdin);
}

bool writeAll(const void *data, std::size_t size)
{
    return std::fwrite(data, 1, size, stdout) == size;
}

} // namespace

int main(int argc, char *argv[])
{
    if (argc != 3) {
        std::fputs("usage: fhw-logo-render WIDTH HEIGHT < file.svg\n", stderr);
        return logorender::exitUsage;
    }
    const int width = parseSide(argv[1]);
    const int height = parseSide(argv[2]);
    if (width == 0 || height == 0) {
        std::fprintf(stderr, "fhw-logo-render: WIDTH and HEIGHT must be 1..%d\n", logorender::maxSide);
        return logorender::exitUsage;
    }

    // Text needs the font database, which needs a QGuiApplication; no display is ever used.
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);

    QByteArray input;
    if (!readInput(input)) {
        std::fputs("fhw-logo-render: input unreadable or larger than 5 MiB\n", stderr);
        return logorender::exitUsage;
    }
    QSvgRenderer renderer;
    if (!renderer.load(input) || !renderer.isValid()) {
        std::fputs("fhw-logo-render: QtSvg could not load the file\n", stderr);
        return logorender::exitInvalidSvg;
    }
    QImage image(width, height, QImage::Format_ARGB32_Premultiplied);
    if (image.isNull()) {
        std::fputs("fhw-logo-render: out of memory for the image\n", stderr);
        return logorender::exitNoMemory;
    }
    image.fill(Qt::transparent);
    {
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setRenderHint(QPainter::SmoothPixmapTransform);
        renderer.render(&painter, QRectF(0, 0, width, height));
    }
    image = image.convertToFormat(QImage::Format_ARGB32);
    if (image.isNull())
        return logorender::exitNoMemory;

    const std::uint32_t size[2] = {std::uint32_t(width), std::uint32_t(height)};
    bool ok = writeAll(logorender::magic, sizeof logorender::magic) && writeAll(size, sizeof size);
    for (int y = 0; ok && y < height; ++y)
        ok = writeAll(image.constScanLine(y), std::size_t(width) * 4);
    return ok && std::fflush(stdout) == 0 ? 0 : 1;
}
