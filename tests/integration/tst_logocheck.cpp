// The logo check: the corpus of good and bad logos through the real renderer child, the scan's limits,
// a renderer that crashes, hangs or lies, the child's resource limits, and the pixel thresholds.

#include "submission/logocheck.h"
#include "submission/logoscan_p.h"

#include <QDir>
#include <QElapsedTimer>
#include <QImage>
#include <QPainter>
#include <QTemporaryDir>
#include <QTest>

#include <zlib.h>

using namespace fhw::submission;

namespace {

const QString logoData = QStringLiteral(FHW_TEST_DATA_DIR "/logos/");
const QString samples = QStringLiteral(FHW_SOURCE_DIR "/samples/logos/");

RenderOptions realRenderer(std::chrono::milliseconds timeout = std::chrono::milliseconds(5000))
{
    RenderOptions options;
    options.rendererPath = QStringLiteral(FHW_LOGO_RENDERER_PATH);
    options.timeout = timeout;
    return options;
}

RenderOptions fakeRenderer(std::chrono::milliseconds timeout = std::chrono::milliseconds(5000))
{
    RenderOptions options;
    options.rendererPath = QStringLiteral(FHW_FAKE_RENDERER_PATH);
    options.timeout = timeout;
    return options;
}

const LogoFinding *findingWithCode(const LogoReport &report, const std::string &code)
{
    for (const LogoFinding &finding : report.findings) {
        if (finding.code == code)
            return &finding;
    }
    return nullptr;
}

QString describe(const LogoReport &report)
{
    return QString::fromStdString(logoReportText(report));
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// A gzip stream (windowBits 31) of `inflated` bytes: a small file that grows a thousandfold when opened.
QByteArray gzipOf(const QByteArray &head, qint64 inflated)
{
    z_stream stream{};
    if (deflateInit2(&stream, 9, Z_DEFLATED, 31, 9, Z_DEFAULT_STRATEGY) != Z_OK)
        return {};
    QByteArray out;
    QByteArray chunk(1 << 20, ' ');
    chunk.replace(0, head.size(), head);
    QByteArray buffer(1 << 16, Qt::Uninitialized);
    qint64 left = inflated;
    bool first = true;
    int status = Z_OK;
    do {
        const qint64 take = std::min<qint64>(left, chunk.size());
        stream.next_in = reinterpret_cast<Bytef *>(chunk.data());
        stream.avail_in = uInt(take);
        left -= take;
        const int flush = left == 0 ? Z_FINISH : Z_NO_FLUSH;
        do {
            stream.next_out = reinterpret_cast<Bytef *>(buffer.data());
            stream.avail_out = uInt(buffer.size());
            status = deflate(&stream, flush);
            out.append(buffer.constData(), buffer.size() - qsizetype(stream.avail_out));
        } while (stream.avail_out == 0);
        if (first) {
            chunk.fill(' '); // the head only once; the rest is blanks, which deflate shrinks a thousandfold
            first = false;
        }
    } while (left > 0);
    deflateEnd(&stream);
    return status == Z_STREAM_END ? out : QByteArray();
}

LogoPixels pixelsOf(const QImage &source)
{
    const QImage image = source.convertToFormat(QImage::Format_ARGB32);
    LogoPixels pixels;
    pixels.width = image.width();
    pixels.height = image.height();
    for (int y = 0; y < image.height(); ++y)
        pixels.argb.append(reinterpret_cast<const char *>(image.constScanLine(y)), qsizetype(image.width()) * 4);
    return pixels;
}

QImage canvas(int width = 100, int height = 100)
{
    QImage image(width, height, QImage::Format_ARGB32);
    image.fill(Qt::transparent);
    return image;
}

QImage painted(const std::function<void(QPainter &)> &paint, int width = 100, int height = 100)
{
    QImage image = canvas(width, height);
    QPainter painter(&image);
    paint(painter);
    return image;
}

using Paint = std::function<void(QPainter &)>;

} // namespace

Q_DECLARE_METATYPE(Paint)

class TestLogoCheck : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(QFileInfo(QStringLiteral(FHW_LOGO_RENDERER_PATH)).isExecutable());
        QVERIFY(QFileInfo(QStringLiteral(FHW_FAKE_RENDERER_PATH)).isExecutable());
        qunsetenv("FHW_FAKE_RENDERER_MODE");
    }

    void goodLogosPass_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<int>("width");
        QTest::addColumn<int>("height");
        QTest::newRow("project icon") << QStringLiteral(FHW_SOURCE_DIR "/resources/icons/firehose-workbench.svg") << 512 << 512;
        QTest::newRow("orbit") << samples + QStringLiteral("orbit.svg") << 512 << 512;
        QTest::newRow("leaf, gradient") << samples + QStringLiteral("leaf.svg") << 512 << 512;
        QTest::newRow("blocks wordmark, 3:1") << samples + QStringLiteral("blocks-wordmark.svg") << 512 << 171;
        QTest::newRow("hexagon, 2:3") << samples + QStringLiteral("hexagon.svg") << 341 << 512;
        QTest::newRow("signal, grey arcs") << samples + QStringLiteral("signal.svg") << 512 << 512;
    }

    void goodLogosPass()
    {
        QFETCH(QString, path);
        QFETCH(int, width);
        QFETCH(int, height);
        const auto report = checkLogoFile(path, realRenderer());
        QVERIFY2(report, report ? "" : report.error().message.c_str());
        QVERIFY2(report->verdict == LogoVerdict::Pass, qPrintable(describe(*report)));
        QVERIFY2(report->findings.empty(), qPrintable(describe(*report)));
        QVERIFY(report->render);
        QCOMPARE(report->render->width, width);
        QCOMPARE(report->render->height, height);
        QCOMPARE(report->render->cornerAlpha, (std::array<int, 4>{0, 0, 0, 0}));
        QCOMPARE(report->render->borderCoverage, 0.0);
        QVERIFY(report->render->visibleShare > 0.02);
        QVERIFY2(report->render->contrastShareOnWhite >= 0.2, qPrintable(describe(*report)));

        // The previews: PNGs of the render size, the transparent corner showing each background.
        const QImage onWhite = QImage::fromData(report->previewOnWhite, "PNG");
        const QImage onDark = QImage::fromData(report->previewOnDark, "PNG");
        QCOMPARE(onWhite.size(), QSize(width, height));
        QCOMPARE(onDark.size(), QSize(width, height));
        QCOMPARE(onWhite.pixel(0, 0), qRgb(255, 255, 255));
        QCOMPARE(onDark.pixel(0, 0), qRgb(0x1e, 0x1e, 0x1e));
        QVERIFY(onWhite.pixel(width / 2, height / 2) != onDark.pixel(width / 2, height / 2)
                || qAlpha(onWhite.pixel(width / 2, height / 2)) == 255);
    }

    // Each bad logo of the corpus gets its own finding; none hangs or brings the test down.
    void badLogos_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("verdict");
        QTest::addColumn<bool>("rendered");
        const auto row = [](const char *file, const char *code, const char *verdict, bool rendered) {
            QTest::newRow(file) << QString::fromLatin1(file) << QString::fromLatin1(code) << QString::fromLatin1(verdict)
                                << rendered;
        };
        row("full-bleed-background.svg", "logo.not-transparent", "fail", true);
        row("script.svg", "logo.script", "fail", false);
        row("onload.svg", "logo.event-attribute", "fail", false);
        row("external-href.svg", "logo.external-reference", "fail", false);
        row("local-file-href.svg", "logo.external-reference", "fail", false);
        row("foreign-object.svg", "logo.foreign-object", "fail", false);
        row("billion-laughs.svg", "logo.doctype", "fail", false);
        row("raster-only.svg", "logo.raster-only", "warn", true);
        row("huge-dimensions.svg", "logo.bad-dimensions", "fail", false);
        row("malformed.svg", "logo.malformed", "fail", false);
        row("empty.svg", "logo.empty-file", "fail", false);
        row("self-image.svg", "logo.self-reference", "fail", false);
        row("image-href.svg", "logo.image-href", "warn", true);
        row("low-contrast.svg", "logo.low-contrast", "warn", true);
        row("clip-path.svg", "logo.unsupported-element", "warn", true);
        row("no-viewbox.svg", "logo.no-viewbox", "warn", true);
        row("empty-render.svg", "logo.empty-render", "fail", true);
        row("not-svg.svg", "logo.not-svg", "fail", false);
        row("no-namespace.svg", "logo.not-svg", "fail", false);
        row("embedded-svg.svg", "logo.embedded-svg", "fail", false);
        row("javascript-link.svg", "logo.script", "fail", false);
        row("css-import.svg", "logo.external-reference", "fail", false);
        row("animated-href.svg", "logo.external-reference", "fail", false);
        row("doctype-public.svg", "logo.doctype-public", "warn", true);
        row("no-size.svg", "logo.no-size", "fail", false);
        row("extreme-aspect.svg", "logo.extreme-aspect-ratio", "warn", true);
        row("text.svg", "logo.text-element", "pass", true);
    }

    void badLogos()
    {
        QFETCH(QString, file);
        QFETCH(QString, code);
        QFETCH(QString, verdict);
        QFETCH(bool, rendered);
        QElapsedTimer clock;
        clock.start();
        const auto report = checkLogoFile(logoData + file, realRenderer());
        QVERIFY2(report, report ? "" : report.error().message.c_str());
        QVERIFY2(findingWithCode(*report, code.toStdString()), qPrintable(describe(*report)));
        QCOMPARE(QString::fromUtf8(logoVerdictName(report->verdict).data()), verdict);
        QCOMPARE(bool(report->render), rendered);
        QCOMPARE(report->previewOnWhite.isEmpty(), !rendered);
        QVERIFY2(clock.elapsed() < 5000, "a bad logo must not stall the check");
    }

    void findingsHaveAPlace()
    {
        const LogoReport report = scanSvg(readFile(logoData + QStringLiteral("script.svg")));
        const LogoFinding *script = findingWithCode(report, "logo.script");
        QVERIFY(script);
        QCOMPARE(script->line, 2);
        QVERIFY(script->column > 0);
        const LogoReport malformed = scanSvg(readFile(logoData + QStringLiteral("malformed.svg")));
        QCOMPARE(findingWithCode(malformed, "logo.malformed")->line, 4);
    }

    void generatedFiles_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("code");
        const QByteArray head = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\">";
        QByteArray big = head + "<!--" + QByteArray(5 * 1024 * 1024, 'x') + "--></svg>";
        QTest::newRow("5 MB + 1") << big << QStringLiteral("logo.too-large");
        QByteArray many = head;
        for (int i = 0; i < 20'001; ++i)
            many += "<g/>";
        QTest::newRow("20,001 elements") << many + "</svg>" << QStringLiteral("logo.too-many-elements");
        QTest::newRow("65 levels deep") << head + QByteArray("<g>").repeated(65) + QByteArray("</g>").repeated(65) + "</svg>"
                                        << QStringLiteral("logo.too-deep");
        QTest::newRow("PNG bytes") << QByteArray("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16) << QStringLiteral("logo.not-svg");
        QTest::newRow("whitespace only") << QByteArray(" \n\t ") << QStringLiteral("logo.empty-file");
        QTest::newRow("plain text") << QByteArray("just a name") << QStringLiteral("logo.not-svg");
        QTest::newRow("image of nothing") << head + "<image width=\"5\" height=\"5\" href=\"\"/></svg>"
                                          << QStringLiteral("logo.self-reference");
        QTest::newRow("fill from another file") << head + "<rect width=\"5\" height=\"5\" fill=\"url(other.svg#g)\"/></svg>"
                                                << QStringLiteral("logo.external-reference");
        QTest::newRow("xml-stylesheet") << "<?xml-stylesheet href=\"https://x.example/a.css\"?>" + head + "</svg>"
                                        << QStringLiteral("logo.external-reference");
        QTest::newRow("data: html") << head + "<a href=\"data:text/html,&lt;script&gt;\"><rect width=\"1\" height=\"1\"/></a></svg>"
                                    << QStringLiteral("logo.external-reference");
        QTest::newRow("bad viewBox") << QByteArray("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 0 10\"/>")
                                     << QStringLiteral("logo.bad-dimensions");
        QTest::newRow("entity reference") << QByteArray("<svg xmlns=\"http://www.w3.org/2000/svg\">&ent;</svg>")
                                          << QStringLiteral("logo.malformed");
    }

    void generatedFiles()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, code);
        const LogoReport report = scanSvg(bytes);
        QVERIFY2(findingWithCode(report, code.toStdString()), qPrintable(describe(report)));
        QCOMPARE(report.verdict, LogoVerdict::Fail);
    }

    // A 64 MiB SVG in a gzip stream of ~64 KiB: refused on its magic, never inflated.
    void svgzBombIsNeverInflated()
    {
        const qint64 inflated = qint64(64) << 20;
        const QByteArray bomb = gzipOf("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\">", inflated);
        QVERIFY(!bomb.isEmpty());
        QVERIFY(bomb.size() < 200 * 1024);
        quint32 trailer = 0; // ISIZE: the inflated size the stream declares
        std::memcpy(&trailer, bomb.constData() + bomb.size() - 4, 4);
        QCOMPARE(qint64(trailer), inflated);

        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("bomb.svgz"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(bomb);
        file.close();
        QElapsedTimer clock;
        clock.start();
        const auto report = checkLogoFile(path, realRenderer());
        QVERIFY(report);
        QVERIFY2(findingWithCode(*report, "logo.compressed"), qPrintable(describe(*report)));
        QCOMPARE(report->verdict, LogoVerdict::Fail);
        QVERIFY(!report->render);
        QVERIFY(clock.elapsed() < 1000);
    }

    // The largest file allowed goes through the pipe to the child and back without a stall.
    void largestFileRenders()
    {
        QByteArray svg = readFile(samples + QStringLiteral("orbit.svg"));
        const qsizetype padding = 5 * 1024 * 1024 - svg.size() - 7;
        svg.replace("<title>", "<!--" + QByteArray(padding, 'x') + "--><title>");
        QCOMPARE(svg.size(), 5 * 1024 * 1024);
        const auto report = checkLogo(svg, realRenderer());
        QVERIFY(report);
        QVERIFY2(report->verdict == LogoVerdict::Pass, qPrintable(describe(*report)));
        QVERIFY(report->render);
    }

    void billionLaughsStopsAtTheDoctype()
    {
        QElapsedTimer clock;
        clock.start();
        const LogoReport report = scanSvg(readFile(logoData + QStringLiteral("billion-laughs.svg")));
        QVERIFY(clock.elapsed() < 500);
        QCOMPARE(report.findings.size(), std::size_t(1));
        QCOMPARE(report.elementCount, 0); // nothing past the DOCTYPE was read
    }

    // A file that passes the scan and keeps QtSvg busy for minutes: the child is killed at the limit.
    void slowFileIsStoppedByTheTimeout()
    {
        QElapsedTimer clock;
        clock.start();
        const auto report = checkLogoFile(logoData + QStringLiteral("slow-render.svg"),
                                          realRenderer(std::chrono::milliseconds(1500)));
        QVERIFY(report);
        QVERIFY2(findingWithCode(*report, "logo.render-timeout"), qPrintable(describe(*report)));
        QCOMPARE(report->verdict, LogoVerdict::Fail);
        QVERIFY(clock.elapsed() >= 1500);
        QVERIFY(clock.elapsed() < 4000);
    }

    void rendererFaults_data()
    {
        QTest::addColumn<QByteArray>("mode");
        QTest::addColumn<QString>("code");
        QTest::newRow("crash") << QByteArray("crash") << QStringLiteral("logo.render-crash");
        QTest::newRow("crash before reading stdin") << QByteArray("crash-before-reading") << QStringLiteral("logo.render-crash");
        QTest::newRow("hang") << QByteArray("hang") << QStringLiteral("logo.render-timeout");
        QTest::newRow("garbage") << QByteArray("garbage") << QStringLiteral("logo.render-failed");
        QTest::newRow("short image") << QByteArray("short") << QStringLiteral("logo.render-failed");
        QTest::newRow("wrong size") << QByteArray("wrong-size") << QStringLiteral("logo.render-failed");
        QTest::newRow("QtSvg refused") << QByteArray("invalid") << QStringLiteral("logo.render-invalid");
        QTest::newRow("exit status") << QByteArray("status") << QStringLiteral("logo.render-failed");
        QTest::newRow("nothing drawn") << QByteArray("transparent") << QStringLiteral("logo.empty-render");
        QTest::newRow("all black") << QByteArray("opaque-black") << QStringLiteral("logo.not-transparent");
    }

    void rendererFaults()
    {
        QFETCH(QByteArray, mode);
        QFETCH(QString, code);
        qputenv("FHW_FAKE_RENDERER_MODE", mode);
        QElapsedTimer clock;
        clock.start();
        const auto report = checkLogoFile(samples + QStringLiteral("orbit.svg"), fakeRenderer(std::chrono::milliseconds(1000)));
        qunsetenv("FHW_FAKE_RENDERER_MODE");
        QVERIFY(report);
        QVERIFY2(findingWithCode(*report, code.toStdString()), qPrintable(describe(*report)));
        QCOMPARE(report->verdict, LogoVerdict::Fail);
        QVERIFY(clock.elapsed() < 3000);
    }

    // The child runs with a memory cap, no core dumps, no file writes and a CPU limit.
    void childLimits()
    {
        RenderOptions options = fakeRenderer();
        options.memoryLimitBytes = std::int64_t(256) << 20;
        options.timeout = std::chrono::milliseconds(3000);
        qputenv("FHW_FAKE_RENDERER_MODE", "limits");
        auto limits = renderSvg("<svg/>", {8, 8}, options);
        qputenv("FHW_FAKE_RENDERER_MODE", "hog");
        auto hog = renderSvg("<svg/>", {8, 8}, options);
        qunsetenv("FHW_FAKE_RENDERER_MODE");
        QVERIFY(!limits);
        const QString message = QString::fromStdString(limits.error().message);
        QVERIFY2(message.contains(QStringLiteral("as=268435456")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("core=0")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("fsize=0")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("cpu=4")), qPrintable(message));
        QVERIFY(!hog);
        QVERIFY2(hog.error().message.find("allocation refused") != std::string::npos, hog.error().message.c_str());
    }

    void rendererUnavailableIsAnError()
    {
        RenderOptions options;
        options.rendererPath = QStringLiteral("/nonexistent/fhw-logo-render");
        const auto report = checkLogoFile(samples + QStringLiteral("orbit.svg"), options);
        QVERIFY(!report);
        QCOMPARE(report.error().code, std::string("logo.renderer-unavailable"));
        // A logo that fails the scan never needs the renderer: still a report.
        const auto refused = checkLogoFile(logoData + QStringLiteral("script.svg"), options);
        QVERIFY(refused);
        QCOMPARE(refused->verdict, LogoVerdict::Fail);
        const auto unreadable = checkLogoFile(logoData + QStringLiteral("no-such-file.svg"), realRenderer());
        QVERIFY(!unreadable);
        QCOMPARE(unreadable.error().code, std::string("logo.unreadable"));
    }

    void findRenderer()
    {
        qputenv("FHW_LOGO_RENDERER", FHW_FAKE_RENDERER_PATH);
        QCOMPARE(findLogoRenderer(), QStringLiteral(FHW_FAKE_RENDERER_PATH));
        qputenv("FHW_LOGO_RENDERER", "/nonexistent/renderer");
        QCOMPARE(findLogoRenderer(), QString()); // an explicit choice is not second-guessed
        qunsetenv("FHW_LOGO_RENDERER");
        // This test binary has no renderer beside it: the build tree's is found.
        QCOMPARE(QFileInfo(findLogoRenderer()).canonicalFilePath(),
                 QFileInfo(QStringLiteral(FHW_LOGO_RENDERER_PATH)).canonicalFilePath());
    }

    void renderSize_data()
    {
        QTest::addColumn<double>("ratio");
        QTest::addColumn<int>("width");
        QTest::addColumn<int>("height");
        QTest::newRow("square") << 1.0 << 512 << 512;
        QTest::newRow("3:1") << 3.0 << 512 << 171;
        QTest::newRow("2:3") << 2.0 / 3.0 << 341 << 512;
        QTest::newRow("10000:1") << 10000.0 << 512 << 1;
    }

    void renderSize()
    {
        QFETCH(double, ratio);
        QFETCH(int, width);
        QFETCH(int, height);
        LogoReport report;
        report.aspectRatio = ratio;
        const RenderSize size = renderSizeFor(report, 512);
        QCOMPARE(size.width, width);
        QCOMPARE(size.height, height);
    }

    void references_data()
    {
        using detail::ReferenceKind;
        QTest::addColumn<QString>("reference");
        QTest::addColumn<int>("kind");
        QTest::newRow("fragment") << QStringLiteral("#grad") << int(ReferenceKind::Fragment);
        QTest::newRow("png") << QStringLiteral("data:image/png;base64,AAAA") << int(ReferenceKind::RasterData);
        QTest::newRow("JPEG upper case") << QStringLiteral("DATA:IMAGE/JPEG;base64,AAAA") << int(ReferenceKind::RasterData);
        QTest::newRow("svg data") << QStringLiteral("data:image/svg+xml;utf8,<svg/>") << int(ReferenceKind::SvgData);
        QTest::newRow("pngx is not png") << QStringLiteral("data:image/pngx,AA") << int(ReferenceKind::OtherData);
        QTest::newRow("html data") << QStringLiteral("data:text/html,hi") << int(ReferenceKind::OtherData);
        QTest::newRow("javascript") << QStringLiteral(" JavaScript:alert(1)") << int(ReferenceKind::Script);
        QTest::newRow("javascript with a newline") << QStringLiteral("java\nscript:alert(1)") << int(ReferenceKind::Script);
        QTest::newRow("empty") << QString() << int(ReferenceKind::Self);
        QTest::newRow("bare #") << QStringLiteral("#") << int(ReferenceKind::Self);
        QTest::newRow("own name") << QStringLiteral("./logo.svg#x") << int(ReferenceKind::Self);
        QTest::newRow("own file URL") << QStringLiteral("file:///tmp/a/logo.svg") << int(ReferenceKind::Self);
        QTest::newRow("https") << QStringLiteral("https://example.com/a.png") << int(ReferenceKind::External);
        QTest::newRow("protocol-relative") << QStringLiteral("//example.com/a.png") << int(ReferenceKind::External);
        QTest::newRow("other file") << QStringLiteral("other.svg") << int(ReferenceKind::External);
    }

    void references()
    {
        QFETCH(QString, reference);
        QFETCH(int, kind);
        QCOMPARE(int(detail::classifyReference(reference, QStringLiteral("/home/p/logo.svg"))), kind);
    }

    void lengths()
    {
        QCOMPARE(detail::lengthInPixels(u"64"), std::optional(64.0));
        QCOMPARE(detail::lengthInPixels(u" 1in "), std::optional(96.0));
        QCOMPARE(detail::lengthInPixels(u"72pt"), std::optional(96.0));
        QCOMPARE(detail::lengthInPixels(u"1e2px"), std::optional(100.0));
        bool parsed = false;
        QCOMPARE(detail::lengthInPixels(u"100%", &parsed), std::nullopt);
        QVERIFY(parsed);
        QCOMPARE(detail::lengthInPixels(u"wide", &parsed), std::nullopt);
        QVERIFY(!parsed);
        QCOMPARE(detail::lengthInPixels(u"inf"), std::nullopt);
        QCOMPARE(detail::urlTargets(u"fill:url( '#a' );stroke:url(b.svg#c) url(\"d\")"),
                 (QStringList{QStringLiteral("#a"), QStringLiteral("b.svg#c"), QStringLiteral("d")}));
        QVERIFY(detail::parseViewBox(u"0,0 64,64"));
        QVERIFY(!detail::parseViewBox(u"0 0 64"));
        QVERIFY(!detail::parseViewBox(u"0 0 nan 64"));
    }

    // The pixel rules on synthetic renders, so each threshold is seen from both sides.
    void analysis_data()
    {
        QTest::addColumn<Paint>("paint");
        QTest::addColumn<QString>("code"); // empty: no finding at all
        QTest::addColumn<QString>("verdict");
        const QColor navy(0x1f, 0x3a, 0x5f);
        QTest::newRow("centred, padded") << Paint([=](QPainter &p) { p.fillRect(20, 20, 60, 60, navy); }) << QString()
                                         << QStringLiteral("pass");
        QTest::newRow("full-bleed white") << Paint([](QPainter &p) { p.fillRect(0, 0, 100, 100, Qt::white); })
                                          << QStringLiteral("logo.not-transparent") << QStringLiteral("fail");
        QTest::newRow("four opaque corners") << Paint([=](QPainter &p) {
            for (const QPoint corner : {QPoint(0, 0), QPoint(90, 0), QPoint(0, 90), QPoint(90, 90)})
                p.fillRect(QRect(corner, QSize(10, 10)), navy);
            p.fillRect(30, 30, 40, 40, navy);
        }) << QStringLiteral("logo.not-transparent") << QStringLiteral("fail");
        QTest::newRow("rounded tile, sides 60 % covered") << Paint([=](QPainter &p) {
            p.setRenderHint(QPainter::Antialiasing);
            p.setBrush(navy);
            p.setPen(Qt::NoPen);
            p.drawRoundedRect(QRectF(0, 0, 100, 100), 20, 20);
        }) << QStringLiteral("logo.not-transparent") << QStringLiteral("fail");
        QTest::newRow("inscribed circle touches the edges") << Paint([=](QPainter &p) {
            p.setRenderHint(QPainter::Antialiasing);
            p.setBrush(navy);
            p.setPen(Qt::NoPen);
            p.drawEllipse(QRectF(0, 0, 100, 100));
        }) << QStringLiteral("logo.touches-edge") << QStringLiteral("pass");
        QTest::newRow("one corner touched") << Paint([=](QPainter &p) { p.fillRect(0, 0, 40, 40, navy); })
                                            << QStringLiteral("logo.touches-edge") << QStringLiteral("pass");
        QTest::newRow("nothing") << Paint([](QPainter &) {}) << QStringLiteral("logo.empty-render") << QStringLiteral("fail");
        QTest::newRow("only faint, alpha 40") << Paint([](QPainter &p) { p.fillRect(20, 20, 60, 60, QColor(0, 0, 0, 40)); })
                                              << QStringLiteral("logo.empty-render") << QStringLiteral("fail");
        QTest::newRow("grey 148 reaches 3:1") << Paint([](QPainter &p) { p.fillRect(20, 20, 60, 60, QColor(148, 148, 148)); })
                                              << QString() << QStringLiteral("pass");
        QTest::newRow("grey 150 misses 3:1") << Paint([](QPainter &p) { p.fillRect(20, 20, 60, 60, QColor(150, 150, 150)); })
                                             << QStringLiteral("logo.low-contrast") << QStringLiteral("warn");
        QTest::newRow("25 % dark, 75 % light") << Paint([=](QPainter &p) {
            p.fillRect(20, 20, 60, 45, QColor(0xf0, 0xf0, 0xf0));
            p.fillRect(20, 65, 60, 15, navy);
        }) << QString() << QStringLiteral("pass");
        QTest::newRow("15 % dark, 85 % light") << Paint([=](QPainter &p) {
            p.fillRect(20, 20, 60, 51, QColor(0xf0, 0xf0, 0xf0));
            p.fillRect(20, 71, 60, 9, navy);
        }) << QStringLiteral("logo.low-contrast") << QStringLiteral("warn");
    }

    void analysis()
    {
        QFETCH(Paint, paint);
        QFETCH(QString, code);
        QFETCH(QString, verdict);
        LogoReport report;
        analyseRender(pixelsOf(painted(paint)), report);
        if (code.isEmpty())
            QVERIFY2(report.findings.empty(), qPrintable(describe(report)));
        else
            QVERIFY2(findingWithCode(report, code.toStdString()), qPrintable(describe(report)));
        QCOMPARE(QString::fromUtf8(logoVerdictName(report.verdict).data()), verdict);
        QVERIFY(report.render);
        QVERIFY(!report.previewOnWhite.isEmpty());
    }

    void figures()
    {
        LogoReport report;
        analyseRender(pixelsOf(painted([](QPainter &p) {
                          p.fillRect(0, 0, 100, 100, QColor(255, 255, 255, 200));
                          p.fillRect(25, 25, 50, 50, Qt::black);
                      })),
                      report);
        QVERIFY(report.render);
        QCOMPARE(report.render->cornerAlpha, (std::array<int, 4>{200, 200, 200, 200}));
        QCOMPARE(report.render->borderCoverage, 1.0);
        QCOMPARE(report.render->visibleShare, 1.0);
        QCOMPARE(report.render->contrastShareOnWhite, 0.25);
        // Semi-transparent white composited on the dark preview is still light: 75 % reach 3:1 there.
        QCOMPARE(report.render->contrastShareOnDark, 0.75);
        const QImage onDark = QImage::fromData(report.previewOnDark, "PNG");
        const int grey = (255 * 200 + 0x1e * 55 + 127) / 255; // 200/255 white over #1e1e1e
        QCOMPARE(onDark.pixel(0, 0), qRgb(grey, grey, grey));
    }

    void manyFindingsAreCapped()
    {
        QByteArray svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\">";
        for (int i = 0; i < 1000; ++i)
            svg += "<rect width=\"1\" height=\"1\" onclick=\"x()\"/>";
        const LogoReport report = scanSvg(svg + "</svg>");
        const auto count = std::ranges::count_if(report.findings, [](const LogoFinding &f) { return f.code == "logo.event-attribute"; });
        QCOMPARE(count, 6); // five placed, then "and 995 more like this"
        QCOMPARE(report.findings.back().message, std::string("and 995 more like this"));
    }

    void reportJsonAndText()
    {
        const auto report = checkLogoFile(logoData + QStringLiteral("clip-path.svg"), realRenderer());
        QVERIFY(report);
        const auto json = logoReportJson(*report, "clip-path.svg");
        QVERIFY(json["file"] == "clip-path.svg");
        QVERIFY(json["verdict"] == "warn");
        QVERIFY(json["findings"][0]["code"] == "logo.unsupported-element");
        QVERIFY(json["findings"][0]["line"] == 3);
        QVERIFY(json["size"]["viewBox"] == nlohmann::ordered_json::array({0, 0, 100, 100}));
        QVERIFY(json["elements"]["byName"]["clipPath"] == 1);
        QVERIFY(json["render"]["width"] == 512);
        const std::string text = logoReportText(*report, "clip-path.svg");
        QVERIFY(text.starts_with("clip-path.svg: warn\n"));
        QVERIFY(text.find("warning (line 3:") != std::string::npos);
    }
};

QTEST_MAIN(TestLogoCheck)
#include "tst_logocheck.moc"
