// The static scan of a logo: everything that can be judged from the text, before QtSvg sees it.

#include "submission/logocheck.h"
#include "submission/logoscan_p.h"

#include <QXmlStreamReader>

#include <cmath>
#include <utility>

namespace fhw::submission {

namespace {

using namespace detail;

constexpr QLatin1StringView svgNamespace("http://www.w3.org/2000/svg");
constexpr QLatin1StringView xlinkNamespace("http://www.w3.org/1999/xlink");
constexpr int findingsPerCode = 5; // a file with 10,000 onclick attributes gets 5 lines and a count
constexpr double maxViewBoxNumber = 1e9;

// Elements QtSvg 6.4 skips (with everything inside them): the preview may differ from a browser's.
constexpr QLatin1StringView unsupportedElements[] = {
    QLatin1StringView("clipPath"), QLatin1StringView("mask"),   QLatin1StringView("filter"),
    QLatin1StringView("pattern"),  QLatin1StringView("marker"), QLatin1StringView("symbol"),
    QLatin1StringView("textPath"),
};
constexpr QLatin1StringView drawingElements[] = {
    QLatin1StringView("path"),     QLatin1StringView("rect"),    QLatin1StringView("circle"),
    QLatin1StringView("ellipse"),  QLatin1StringView("line"),    QLatin1StringView("polyline"),
    QLatin1StringView("polygon"),  QLatin1StringView("text"),    QLatin1StringView("use"),
};
constexpr QLatin1StringView animationElements[] = {
    QLatin1StringView("set"), QLatin1StringView("animate"), QLatin1StringView("animateColor"),
    QLatin1StringView("animateTransform"), QLatin1StringView("animateMotion"),
};

template<std::size_t N>
bool isOneOf(QStringView name, const QLatin1StringView (&names)[N])
{
    for (const QLatin1StringView &candidate : names) {
        if (name == candidate)
            return true;
    }
    return false;
}

struct Place
{
    std::int64_t line = 0;
    std::int64_t column = 0;
    int count = 0;
};

class Scanner
{
public:
    Scanner(const QByteArray &bytes, const ScanOptions &options, LogoReport &report)
        : m_reader(bytes), m_options(options), m_report(report)
    {
    }

    void run()
    {
        while (!m_stopped && !m_reader.atEnd()) {
            switch (m_reader.readNext()) {
            case QXmlStreamReader::DTD: dtd(); break;
            case QXmlStreamReader::EntityReference:
                add(LogoSeverity::Error, "logo.doctype",
                    QStringLiteral("entity reference &%1;: logos must not use entities").arg(m_reader.name()));
                m_stopped = true;
                break;
            case QXmlStreamReader::ProcessingInstruction: processingInstruction(); break;
            case QXmlStreamReader::StartElement: startElement(); break;
            case QXmlStreamReader::EndElement: endElement(); break;
            case QXmlStreamReader::Characters:
                if (m_styleDepth > 0)
                    m_styleText += m_reader.text();
                break;
            default: break;
            }
        }
        if (!m_stopped && m_reader.hasError()) {
            if (!m_sawRoot)
                add(LogoSeverity::Error, "logo.not-svg",
                    QStringLiteral("not an XML document: %1").arg(m_reader.errorString()));
            else
                add(LogoSeverity::Error, "logo.malformed",
                    QStringLiteral("not well-formed XML: %1").arg(m_reader.errorString()));
        }
        finish();
    }

private:
    QXmlStreamReader m_reader;
    const ScanOptions &m_options;
    LogoReport &m_report;
    bool m_stopped = false;
    bool m_sawRoot = false;
    int m_depth = 0;
    int m_styleDepth = 0;
    QString m_styleText;
    Place m_styleStart;
    bool m_hasDrawing = false;
    Place m_raster;
    Place m_text;
    std::map<QString, Place> m_unsupported;
    std::map<std::string, std::pair<LogoSeverity, int>> m_perCode;

    Place here() const { return {m_reader.lineNumber(), m_reader.columnNumber(), 0}; }

    void add(LogoSeverity severity, const char *code, const QString &message, std::optional<Place> at = {})
    {
        auto &[knownSeverity, count] = m_perCode[code];
        knownSeverity = severity;
        if (++count > findingsPerCode)
            return;
        const Place place = at.value_or(here());
        m_report.findings.push_back({severity, code, message.toStdString(), place.line, place.column});
    }

    void dtd()
    {
        // A DTD with an internal subset declares entities (billion laughs, external entities); a plain
        // public DOCTYPE (Illustrator writes one) only names the SVG 1.1 DTD, which nothing fetches.
        const bool internalSubset = m_reader.text().contains(QLatin1Char('['));
        if (internalSubset || !m_reader.entityDeclarations().isEmpty() || !m_reader.notationDeclarations().isEmpty()) {
            add(LogoSeverity::Error, "logo.doctype",
                QStringLiteral("DOCTYPE with declarations (entities can expand to gigabytes or read local "
                               "files): remove the DOCTYPE"));
            m_stopped = true; // nothing past the DTD is read
            return;
        }
        add(LogoSeverity::Warning, "logo.doctype-public",
            QStringLiteral("a DOCTYPE declaration: harmless here, but not needed; remove it"));
    }

    void processingInstruction()
    {
        if (m_reader.processingInstructionTarget().compare(QLatin1StringView("xml-stylesheet"), Qt::CaseInsensitive) == 0)
            add(LogoSeverity::Error, "logo.external-reference",
                QStringLiteral("<?xml-stylesheet?> loads an external style sheet"));
    }

    void startElement()
    {
        if (++m_report.elementCount > m_options.limits.maxElements) {
            add(LogoSeverity::Error, "logo.too-many-elements",
                QStringLiteral("more than %1 elements: too complex for a logo").arg(m_options.limits.maxElements));
            m_stopped = true;
            return;
        }
        if (++m_depth > m_options.limits.maxDepth) {
            add(LogoSeverity::Error, "logo.too-deep",
                QStringLiteral("elements nested deeper than %1 levels").arg(m_options.limits.maxDepth));
            m_stopped = true;
            return;
        }
        m_report.maxDepth = std::max(m_report.maxDepth, m_depth);

        const QStringView name = m_reader.name();
        const bool inSvg = m_reader.namespaceUri() == svgNamespace || m_reader.namespaceUri().isEmpty();
        const QString key = inSvg ? name.toString() : m_reader.qualifiedName().toString();
        ++m_report.elementCounts[key.toStdString()];

        if (!m_sawRoot) {
            m_sawRoot = true;
            if (!root())
                return;
        }
        if (m_styleDepth > 0)
            ++m_styleDepth;
        else if (inSvg && name == QLatin1StringView("style")) {
            m_styleDepth = 1;
            m_styleStart = here();
            m_styleText.clear();
        }

        element(name, inSvg);
        attributes(name, inSvg);
    }

    void endElement()
    {
        --m_depth;
        if (m_styleDepth > 0 && --m_styleDepth == 0)
            styleSheet();
    }

    void element(QStringView name, bool inSvg)
    {
        // Code and foreign content are refused in any namespace (an XHTML <script> runs in a browser too).
        if (name == QLatin1StringView("script") || name == QLatin1StringView("handler"))
            add(LogoSeverity::Error, "logo.script",
                QStringLiteral("<%1> element: a logo must not contain code").arg(name));
        else if (name == QLatin1StringView("foreignObject"))
            add(LogoSeverity::Error, "logo.foreign-object",
                QStringLiteral("<foreignObject> embeds HTML, which mParticle will not show"));
        if (!inSvg)
            return;
        if (isOneOf(name, unsupportedElements)) {
            Place &place = m_unsupported[name.toString()];
            if (place.count++ == 0)
                place = {m_reader.lineNumber(), m_reader.columnNumber(), 1};
        }
        if (isOneOf(name, drawingElements))
            m_hasDrawing = true;
        if ((name == QLatin1StringView("text") || name == QLatin1StringView("textArea")) && m_text.count++ == 0)
            m_text = {m_reader.lineNumber(), m_reader.columnNumber(), 1};
        if (isOneOf(name, animationElements))
            animation();
    }

    void animation()
    {
        // <set attributeName="href" to="http://…"/> would swap a checked reference for an unchecked one.
        QString target = m_reader.attributes().value(QLatin1StringView("attributeName")).toString().trimmed();
        target = target.section(QLatin1Char(':'), -1);
        if (target.compare(QLatin1StringView("href"), Qt::CaseInsensitive) == 0)
            add(LogoSeverity::Error, "logo.external-reference",
                QStringLiteral("<%1> changes a reference at run time").arg(m_reader.name()));
        else if (target.startsWith(QLatin1StringView("on"), Qt::CaseInsensitive))
            add(LogoSeverity::Error, "logo.event-attribute",
                QStringLiteral("<%1> sets the event handler %2").arg(m_reader.name(), target));
    }

    void attributes(QStringView elementName, bool inSvg)
    {
        const bool isImage = inSvg && (elementName == QLatin1StringView("image") || elementName == QLatin1StringView("feImage"));
        for (const QXmlStreamAttribute &attribute : m_reader.attributes()) {
            const QStringView name = attribute.name();
            const QStringView value = attribute.value();
            if (name.startsWith(QLatin1StringView("on"), Qt::CaseInsensitive))
                add(LogoSeverity::Error, "logo.event-attribute",
                    QStringLiteral("event handler attribute %1 on <%2>: a logo must not contain code")
                        .arg(attribute.qualifiedName(), elementName));
            if (name == QLatin1StringView("href")) {
                reference(value, isImage, QStringLiteral("<%1 %2>").arg(elementName, attribute.qualifiedName()));
                // SVG 2's plain href: browsers follow it, QtSvg 6.4 does only on <use>, not on <image>.
                if (isImage && attribute.namespaceUri().isEmpty()
                    && classifyReference(value, m_options.fileName) == ReferenceKind::RasterData
                    && !m_reader.attributes().hasAttribute(QString(xlinkNamespace), name.toString()))
                    add(LogoSeverity::Warning, "logo.image-href",
                        QStringLiteral("<%1 href> without xlink:href is not drawn by QtSvg 6.4: the preview may "
                                       "differ from what mParticle shows").arg(elementName));
            }
            if (value.contains(QLatin1StringView("url("), Qt::CaseInsensitive)) {
                for (const QString &target : urlTargets(value))
                    reference(target, false, QStringLiteral("url() in %1").arg(attribute.qualifiedName()));
            }
        }
    }

    void styleSheet()
    {
        if (m_styleText.contains(QLatin1StringView("@import"), Qt::CaseInsensitive))
            add(LogoSeverity::Error, "logo.external-reference",
                QStringLiteral("@import in <style> loads an external style sheet"), m_styleStart);
        for (const QString &target : urlTargets(m_styleText))
            reference(target, false, QStringLiteral("url() in <style>"), m_styleStart);
    }

    // href and url(): only "#id" (and, for an <image>, an embedded raster) stays inside the file.
    void reference(QStringView value, bool isImage, const QString &where, std::optional<Place> at = {})
    {
        ReferenceKind kind = classifyReference(value, m_options.fileName);
        if (isImage && kind == ReferenceKind::Fragment)
            kind = ReferenceKind::Self; // an <image> of "#x" loads this very document
        const QString shown = shortReference(value);
        switch (kind) {
        case ReferenceKind::Fragment: return;
        case ReferenceKind::RasterData:
            if (isImage) {
                if (m_raster.count++ == 0)
                    m_raster = {at.value_or(here()).line, at.value_or(here()).column, 1};
                return;
            }
            add(LogoSeverity::Error, "logo.external-reference",
                QStringLiteral("%1 points at embedded data \"%2\" where only #id belongs").arg(where, shown), at);
            return;
        case ReferenceKind::SvgData:
            add(LogoSeverity::Error, "logo.embedded-svg",
                QStringLiteral("%1 embeds a second SVG document, which this check cannot inspect").arg(where), at);
            return;
        case ReferenceKind::OtherData:
            add(LogoSeverity::Error, "logo.external-reference",
                QStringLiteral("%1 embeds data that is not an image: \"%2\"").arg(where, shown), at);
            return;
        case ReferenceKind::Script:
            add(LogoSeverity::Error, "logo.script", QStringLiteral("%1 is a script URL: \"%2\"").arg(where, shown), at);
            return;
        case ReferenceKind::Self:
            add(LogoSeverity::Error, "logo.self-reference",
                QStringLiteral("%1 points back at this file (\"%2\"), which crashes some renderers").arg(where, shown), at);
            return;
        case ReferenceKind::External:
            add(LogoSeverity::Error, "logo.external-reference",
                QStringLiteral("%1 loads \"%2\": a logo must be self-contained (only #id or data:image/…)")
                    .arg(where, shown), at);
            return;
        }
    }

    // The root element: is it SVG, and how big is it? Returns false when scanning should stop.
    bool root()
    {
        if (m_reader.name() != QLatin1StringView("svg")) {
            add(LogoSeverity::Error, "logo.not-svg",
                QStringLiteral("the root element is <%1>, not <svg>").arg(m_reader.qualifiedName()));
            m_stopped = true;
            return false;
        }
        if (m_reader.namespaceUri() != svgNamespace)
            add(LogoSeverity::Error, "logo.not-svg",
                QStringLiteral("the root <svg> lacks xmlns=\"http://www.w3.org/2000/svg\": browsers show it as "
                               "plain XML"));
        const QXmlStreamAttributes attributes = m_reader.attributes();
        if (attributes.hasAttribute(QLatin1StringView("viewBox"))) {
            const auto box = parseViewBox(attributes.value(QLatin1StringView("viewBox")));
            auto tooBig = [](double v) { return std::abs(v) > maxViewBoxNumber; };
            if (!box || box->width <= 0 || box->height <= 0 || tooBig(box->x) || tooBig(box->y) || tooBig(box->width)
                || tooBig(box->height))
                add(LogoSeverity::Error, "logo.bad-dimensions",
                    QStringLiteral("viewBox \"%1\" is not four numbers with a positive width and height")
                        .arg(shortReference(attributes.value(QLatin1StringView("viewBox")))));
            else
                m_report.viewBox = box;
        }
        m_report.width = dimension(attributes, QLatin1StringView("width"));
        m_report.height = dimension(attributes, QLatin1StringView("height"));
        return true;
    }

    std::optional<double> dimension(const QXmlStreamAttributes &attributes, QLatin1StringView name)
    {
        if (!attributes.hasAttribute(name))
            return std::nullopt;
        const QStringView text = attributes.value(name);
        bool parsed = false;
        const auto pixels = lengthInPixels(text, &parsed);
        if (!parsed) {
            add(LogoSeverity::Error, "logo.bad-dimensions",
                QStringLiteral("%1=\"%2\" is not a length").arg(name, shortReference(text)));
        } else if (pixels && (*pixels <= 0 || *pixels > m_options.limits.maxDimension)) {
            add(LogoSeverity::Error, "logo.bad-dimensions",
                QStringLiteral("%1=\"%2\" is out of range (a logo is between 1 and %3 px)")
                    .arg(name, shortReference(text)).arg(m_options.limits.maxDimension));
            return std::nullopt;
        }
        return pixels;
    }

    void finish()
    {
        if (m_sawRoot && !hasFatal())
            geometry();
        if (m_raster.count > 0) {
            if (!m_hasDrawing)
                add(LogoSeverity::Warning, "logo.raster-only",
                    QStringLiteral("the logo is an embedded raster image, not vector artwork: it will blur when "
                                   "scaled"), m_raster);
            else
                add(LogoSeverity::Warning, "logo.raster",
                    QStringLiteral("%1 embedded raster image(s): those parts will blur when scaled").arg(m_raster.count),
                    m_raster);
        }
        for (const auto &[name, place] : m_unsupported)
            add(LogoSeverity::Warning, "logo.unsupported-element",
                QStringLiteral("<%1> (%2x) is not rendered by QtSvg 6.4: the preview may differ from what mParticle "
                               "shows").arg(name).arg(place.count), place);
        if (m_text.count > 0)
            add(LogoSeverity::Info, "logo.text-element",
                QStringLiteral("the logo uses <text>: its look depends on the fonts installed where it is shown; "
                               "convert text to paths"), m_text);
        for (const auto &[code, entry] : m_perCode) {
            if (entry.second > findingsPerCode)
                m_report.findings.push_back({entry.first, code,
                                             "and " + std::to_string(entry.second - findingsPerCode) + " more like this",
                                             0, 0});
        }
    }

    bool hasFatal() const
    {
        return m_stopped || m_perCode.contains("logo.malformed") || m_perCode.contains("logo.not-svg");
    }

    void geometry()
    {
        const Place top{1, 1, 0};
        if (m_report.viewBox) {
            m_report.aspectRatio = m_report.viewBox->width / m_report.viewBox->height;
        } else if (m_report.width && m_report.height) {
            m_report.aspectRatio = *m_report.width / *m_report.height;
            add(LogoSeverity::Warning, "logo.no-viewbox",
                QStringLiteral("no viewBox, only width and height: the logo may not scale; add viewBox=\"0 0 %1 %2\"")
                    .arg(*m_report.width).arg(*m_report.height), top);
        } else if (!m_perCode.contains("logo.bad-dimensions")) {
            add(LogoSeverity::Error, "logo.no-size",
                QStringLiteral("neither a viewBox nor width and height in px: the logo has no size to scale"), top);
        }
        const double ratio = m_report.aspectRatio.value_or(1.0);
        const double limit = m_options.limits.extremeAspectRatio;
        if (ratio > limit || ratio < 1.0 / limit)
            add(LogoSeverity::Warning, "logo.extreme-aspect-ratio",
                QStringLiteral("aspect ratio %1:1 is beyond %2:1 either way: the logo will be tiny in a square slot")
                    .arg(ratio, 0, 'f', 2).arg(limit), top);
    }
};

struct Magic
{
    QByteArrayView bytes;
    const char *what;
};

} // namespace

LogoReport scanSvg(const QByteArray &bytes, const ScanOptions &options)
{
    LogoReport report;
    report.fileBytes = bytes.size();
    auto fail = [&report](const char *code, const QString &message) {
        report.findings.push_back({LogoSeverity::Error, code, message.toStdString(), 0, 0});
        report.verdict = LogoVerdict::Fail;
        return report;
    };
    if (bytes.trimmed().isEmpty())
        return fail("logo.empty-file", bytes.isEmpty() ? QStringLiteral("the file is empty")
                                                       : QStringLiteral("the file holds only white space"));
    if (bytes.startsWith("\x1f\x8b"))
        return fail("logo.compressed", QStringLiteral("gzip-compressed (.svgz): send the plain SVG (a compressed file "
                                                      "is not inflated here, it could expand without limit)"));
    if (bytes.size() > options.limits.maxFileBytes)
        return fail("logo.too-large", QStringLiteral("larger than the %1-byte limit for a logo")
                                          .arg(options.limits.maxFileBytes));
    for (const Magic &magic : {Magic{"\x89PNG", "a PNG image"}, Magic{"\xff\xd8\xff", "a JPEG image"},
                               Magic{"GIF8", "a GIF image"}, Magic{"%PDF", "a PDF document"},
                               Magic{"PK\x03\x04", "a zip archive"}}) {
        if (bytes.startsWith(magic.bytes))
            return fail("logo.not-svg", QStringLiteral("the file is %1, not an SVG").arg(QLatin1StringView(magic.what)));
    }
    Scanner(bytes, options, report).run();
    report.verdict = verdictOf(report.findings);
    return report;
}

} // namespace fhw::submission
