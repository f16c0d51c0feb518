// Rendering a logo in a child process (fhw-logo-render), with a time limit and a memory cap: the only
// way core lets QtSvg near a partner's file.

#include "submission/logocheck.h"
#include "submission/logorenderprotocol.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>

#include <algorithm>
#include <cmath>
#include <cstring>

#ifdef Q_OS_UNIX
#include <sys/resource.h>
#endif
#ifdef Q_OS_LINUX
#include <csignal>
#include <sys/prctl.h>
#endif

#ifndef FHW_LOGO_RENDERER_BUILD_PATH
#define FHW_LOGO_RENDERER_BUILD_PATH ""
#endif
#ifndef FHW_BIN_TO_LIBEXEC
#define FHW_BIN_TO_LIBEXEC "../libexec"
#endif

namespace fhw::submission {

namespace {

constexpr QLatin1StringView rendererName("fhw-logo-render");
constexpr qsizetype stderrShown = 300; // enough of the child's complaint for a message

bool isExecutable(const QString &path)
{
    const QFileInfo info(path);
    return info.isFile() && info.isExecutable();
}

LogoFinding problem(const char *code, const QString &message)
{
    return {LogoSeverity::Error, code, message.toStdString(), 0, 0};
}

QString childComplaint(QProcess &process)
{
    const QByteArray text = process.readAllStandardError().trimmed();
    return QString::fromUtf8(text.right(stderrShown)).replace(QLatin1Char('\n'), QLatin1StringView(" / "));
}

// Runs in the forked child before exec: only async-signal-safe calls (setrlimit, prctl).
void limitChild(std::int64_t memoryBytes, std::int64_t cpuSeconds)
{
#ifdef Q_OS_UNIX
    const rlimit memory{rlim_t(memoryBytes), rlim_t(memoryBytes)};
    setrlimit(RLIMIT_AS, &memory);
    const rlimit cpu{rlim_t(cpuSeconds), rlim_t(cpuSeconds + 1)};
    setrlimit(RLIMIT_CPU, &cpu); // a second guard should the parent be stopped in a debugger
    const rlimit none{0, 0};
    setrlimit(RLIMIT_CORE, &none);  // a crash on a hostile file is expected, not worth a core dump
    setrlimit(RLIMIT_FSIZE, &none); // it writes pixels to a pipe and nothing to disk
#else
    Q_UNUSED(memoryBytes);
    Q_UNUSED(cpuSeconds);
#endif
#ifdef Q_OS_LINUX
    prctl(PR_SET_PDEATHSIG, SIGKILL); // dies with the window or fhw, never left behind
#endif
}

std::expected<LogoPixels, LogoFinding> readPixels(const QByteArray &out, RenderSize size)
{
    namespace proto = logorender;
    if (out.size() < proto::headerBytes || std::memcmp(out.constData(), proto::magic, sizeof proto::magic) != 0)
        return std::unexpected(problem("logo.render-failed", QStringLiteral("the renderer's output is not an image")));
    std::uint32_t dimensions[2];
    std::memcpy(dimensions, out.constData() + sizeof proto::magic, sizeof dimensions);
    const qsizetype expected = proto::headerBytes + qsizetype(size.width) * size.height * 4;
    if (dimensions[0] != std::uint32_t(size.width) || dimensions[1] != std::uint32_t(size.height)
        || out.size() != expected)
        return std::unexpected(problem("logo.render-failed",
                                       QStringLiteral("the renderer sent %1 bytes for %2 x %3 px, expected %4")
                                           .arg(out.size()).arg(dimensions[0]).arg(dimensions[1]).arg(expected)));
    LogoPixels pixels;
    pixels.width = size.width;
    pixels.height = size.height;
    pixels.argb = out.mid(proto::headerBytes);
    return pixels;
}

} // namespace

QString findLogoRenderer()
{
    const QString fromEnvironment = qEnvironmentVariable("FHW_LOGO_RENDERER");
    if (!fromEnvironment.isEmpty())
        return isExecutable(fromEnvironment) ? fromEnvironment : QString();
    QStringList candidates;
    if (QCoreApplication::instance()) {
        const QDir binary(QCoreApplication::applicationDirPath());
        candidates << binary.filePath(rendererName)
                   << QDir::cleanPath(binary.filePath(QLatin1StringView(FHW_BIN_TO_LIBEXEC) + QLatin1Char('/')
                                                      + rendererName));
    }
    candidates << QStringLiteral(FHW_LOGO_RENDERER_BUILD_PATH);
    for (const QString &candidate : candidates) {
        if (!candidate.isEmpty() && isExecutable(candidate))
            return candidate;
    }
    return {};
}

RenderSize renderSizeFor(const LogoReport &scanned, int longSide)
{
    const double ratio = scanned.aspectRatio.value_or(1.0);
    if (!(ratio > 0) || !std::isfinite(ratio))
        return {longSide, longSide};
    if (ratio >= 1.0)
        return {longSide, std::clamp(int(std::lround(longSide / ratio)), 1, longSide)};
    return {std::clamp(int(std::lround(longSide * ratio)), 1, longSide), longSide};
}

std::expected<LogoPixels, LogoFinding> renderSvg(const QByteArray &svg, RenderSize size, const RenderOptions &options)
{
    const QString program = options.rendererPath.isEmpty() ? findLogoRenderer() : options.rendererPath;
    if (program.isEmpty() || !isExecutable(program))
        return std::unexpected(problem("logo.renderer-unavailable",
                                       program.isEmpty()
                                           ? QStringLiteral("fhw-logo-render was not found (set FHW_LOGO_RENDERER)")
                                           : QStringLiteral("%1 is not an executable file").arg(program)));
    if (size.width < 1 || size.height < 1 || size.width > logorender::maxSide || size.height > logorender::maxSide)
        return std::unexpected(problem("logo.render-failed", QStringLiteral("render size out of range")));

    // An empty working directory: should a relative reference ever get past the scan, it finds nothing.
    QTemporaryDir emptyDirectory;
    QProcess process;
    process.setProgram(program);
    process.setArguments({QString::number(size.width), QString::number(size.height)});
    if (emptyDirectory.isValid())
        process.setWorkingDirectory(emptyDirectory.path());
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    process.setProcessEnvironment(environment);
    const std::int64_t memory = options.memoryLimitBytes;
    const std::int64_t cpuSeconds = std::max<std::int64_t>(1, (options.timeout.count() + 999) / 1000 + 1);
    process.setChildProcessModifier([memory, cpuSeconds] { limitChild(memory, cpuSeconds); });

    QElapsedTimer clock;
    clock.start();
    process.start(QIODevice::ReadWrite);
    if (!process.waitForStarted(int(options.timeout.count())))
        return std::unexpected(problem("logo.renderer-unavailable",
                                       QStringLiteral("%1 did not start: %2").arg(program, process.errorString())));
    process.write(svg);
    process.closeWriteChannel();

    const qint64 remaining = std::max<qint64>(1, options.timeout.count() - clock.elapsed());
    const bool finished = process.waitForFinished(int(remaining));
    const std::int64_t milliseconds = clock.elapsed();
    if (!finished && process.state() != QProcess::NotRunning) {
        process.kill();
        process.waitForFinished(2000);
        return std::unexpected(problem("logo.render-timeout",
                                       QStringLiteral("rendering took longer than %1 ms and was stopped: the file is "
                                                      "too heavy or built to hang a renderer")
                                           .arg(options.timeout.count())));
    }
    if (process.exitStatus() == QProcess::CrashExit)
        return std::unexpected(problem("logo.render-crash",
                                       QStringLiteral("the renderer crashed on this file (or ran out of its %1 MiB): "
                                                      "a browser may fail on it too. %2")
                                           .arg(memory >> 20).arg(childComplaint(process))));
    switch (process.exitCode()) {
    case 0: break;
    case logorender::exitInvalidSvg:
        return std::unexpected(problem("logo.render-invalid",
                                       QStringLiteral("QtSvg could not load the file. %1").arg(childComplaint(process))));
    case logorender::exitNoMemory:
        return std::unexpected(problem("logo.render-crash", QStringLiteral("the renderer ran out of memory")));
    default:
        return std::unexpected(problem("logo.render-failed", QStringLiteral("the renderer exited with status %1. %2")
                                                                 .arg(process.exitCode()).arg(childComplaint(process))));
    }
    auto pixels = readPixels(process.readAllStandardOutput(), size);
    if (pixels)
        pixels->milliseconds = milliseconds;
    return pixels;
}

} // namespace fhw::submission
