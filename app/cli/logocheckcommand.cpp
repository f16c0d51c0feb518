// fhw logo-check FILE.svg: is the logo what mParticle wants? Scan, render in a child, judge the pixels.

#include "command.h"

#include "submission/logocheck.h"

#include <QDir>
#include <QSaveFile>

namespace fhw::cli {

namespace {

using namespace fhw::submission;

std::optional<QString> writePreview(const QDir &directory, const QString &name, const QByteArray &png)
{
    QSaveFile file(directory.filePath(name));
    if (!file.open(QIODevice::WriteOnly) || file.write(png) != png.size() || !file.commit()) {
        printErr(QStringLiteral("fhw logo-check: cannot write %1: %2\n").arg(file.fileName(), file.errorString()));
        return std::nullopt;
    }
    return file.fileName();
}

} // namespace

int logoCheckCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("The logo, an SVG file."),
                                 QStringLiteral("FILE.svg"));
    const QCommandLineOption jsonOption(QStringLiteral("json"), QStringLiteral("Print the report as JSON."));
    const QCommandLineOption previewOption(
        QStringLiteral("preview-dir"),
        QStringLiteral("Write logo-on-white.png and logo-on-dark.png (512 px on the long side) to DIR."),
        QStringLiteral("DIR"));
    parser.addOptions({jsonOption, previewOption});
    if (auto exit = parseArguments(
            parser, arguments,
            "Checks a logo for mParticle: a safe, self-contained SVG (no scripts, no external references, no "
            "DOCTYPE), with a viewBox, a transparent background and enough contrast on white. The file is "
            "rendered at 512 px by fhw-logo-render in a child process with a 5 s limit (FHW_LOGO_RENDERER "
            "overrides where it is found).\nExit status: 0 pass or warnings, 1 the logo fails, 2 bad usage, "
            "unreadable file or no renderer."))
        return *exit;
    const QStringList files = parser.positionalArguments();
    if (files.size() != 1) {
        printErr(QStringLiteral("fhw logo-check: give exactly one FILE.svg\nTry 'fhw logo-check --help'.\n"));
        return ExitUsage;
    }
    const QString path = files.first();
    auto report = checkLogoFile(path);
    if (!report) {
        printErr(QStringLiteral("fhw logo-check: %1\n").arg(QString::fromStdString(report.error().message)));
        return ExitUsage;
    }

    std::optional<QString> onWhite;
    std::optional<QString> onDark;
    if (parser.isSet(previewOption)) {
        const QDir directory(parser.value(previewOption));
        if (!directory.mkpath(QStringLiteral("."))) {
            printErr(QStringLiteral("fhw logo-check: cannot create %1\n").arg(directory.path()));
            return ExitUsage;
        }
        if (report->render) {
            onWhite = writePreview(directory, QStringLiteral("logo-on-white.png"), report->previewOnWhite);
            onDark = writePreview(directory, QStringLiteral("logo-on-dark.png"), report->previewOnDark);
            if (!onWhite || !onDark)
                return ExitUsage;
        } else {
            printErr(QStringLiteral("fhw logo-check: no previews: the logo was not rendered\n"));
        }
    }

    if (parser.isSet(jsonOption)) {
        nlohmann::ordered_json out = logoReportJson(*report, path.toStdString());
        out["previews"] = onWhite ? nlohmann::ordered_json{{"onWhite", onWhite->toStdString()},
                                                           {"onDark", onDark->toStdString()}}
                                  : nlohmann::ordered_json();
        printOut(out.dump(2) + "\n");
    } else {
        printOut(logoReportText(*report, path.toStdString()));
        if (onWhite)
            printOut(QStringLiteral("previews: %1, %2\n").arg(*onWhite, *onDark));
    }
    return report->verdict == LogoVerdict::Fail ? ExitFindings : ExitOk;
}

} // namespace fhw::cli
