#include "submission/logocheck.h"

#include <QFile>
#include <QFileInfo>

namespace fhw::submission {

std::expected<LogoReport, Error> checkLogo(const QByteArray &bytes, const RenderOptions &options,
                                           const QString &fileName)
{
    ScanOptions scan;
    scan.fileName = fileName;
    LogoReport report = scanSvg(bytes, scan);
    if (hasErrors(report.findings))
        return report; // QtSvg never sees a file the scan refused

    auto pixels = renderSvg(bytes, renderSizeFor(report, options.longSide), options);
    if (!pixels) {
        if (pixels.error().code == "logo.renderer-unavailable")
            return std::unexpected(Error{pixels.error().code, pixels.error().message});
        report.findings.push_back(std::move(pixels.error()));
        report.verdict = verdictOf(report.findings);
        return report;
    }
    analyseRender(*pixels, report);
    return report;
}

std::expected<LogoReport, Error> checkLogoFile(const QString &path, const RenderOptions &options)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return std::unexpected(Error{"logo.unreadable", (path + QStringLiteral(": ") + file.errorString()).toStdString()});
    // One byte past the cap is enough to know it is too large; the rest is never read.
    const ScanOptions defaults;
    const QByteArray bytes = file.read(defaults.limits.maxFileBytes + 1);
    if (file.error() != QFileDevice::NoError)
        return std::unexpected(Error{"logo.unreadable", (path + QStringLiteral(": ") + file.errorString()).toStdString()});
    auto report = checkLogo(bytes, options, QFileInfo(path).absoluteFilePath());
    if (report && bytes.size() > defaults.limits.maxFileBytes)
        report->fileBytes = file.size();
    return report;
}

} // namespace fhw::submission
