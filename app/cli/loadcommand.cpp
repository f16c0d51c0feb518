// fhw load: latency under load. Requests go out at a constant rate whatever the endpoint does (the
// open model, as wrk2), latency counts from when each was due; a progress line per second on stderr,
// the report on stdout, and optionally JSON, an HdrHistogram log and an SVG chart.

#include "command.h"
#include "lambdaoptions.h"
#include "targetoptions.h"

#include "readiness/loadreport.h"
#include "readiness/loadrun.h"

#include <QFile>

#include <atomic>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <pthread.h>
#include <thread>

namespace fhw::cli {

namespace {

using namespace fhw::readiness;

QString ms(std::int64_t micros)
{
    return QString::number(double(micros) / 1000.0, 'f', micros < 10'000 ? 2 : 1);
}

QString progressLine(const LoadSecond *second, const LoadProgress &progress)
{
    static constexpr const char *phases[] = {"ramp", "warm-up", "measuring", "draining"};
    QString line = QStringLiteral("fhw load: %1/%2 s %3, %4 req/s scheduled, %5 connections")
                       .arg(std::lround(progress.elapsedSeconds))
                       .arg(std::lround(progress.totalSeconds))
                       .arg(QLatin1String(phases[int(progress.phase)]))
                       .arg(std::lround(progress.currentRate))
                       .arg(progress.openConnections);
    if (second) {
        const LoadCounts &c = second->counts;
        line += QStringLiteral(" | second %1: %2 sent, %3 accepted, %4 throttled, %5 errors; latency p50 %6 p99 %7 max %8 ms")
                    .arg(second->second)
                    .arg(c.scheduled)
                    .arg(c.accepted)
                    .arg(c.throttled)
                    .arg(c.errors)
                    .arg(ms(second->latency.p50), ms(second->latency.p99), ms(second->latency.max));
    }
    return line + u'\n';
}

// SIGINT/SIGTERM cancel the run (it then reports what it measured); a thread waits for them so the
// engine threads, which inherit the blocked mask, are never interrupted.
class CancelOnSignal
{
public:
    explicit CancelOnSignal(LoadRun &run)
    {
        sigemptyset(&m_signals);
        sigaddset(&m_signals, SIGINT);
        sigaddset(&m_signals, SIGTERM);
        pthread_sigmask(SIG_BLOCK, &m_signals, &m_previous);
        m_thread = std::thread([this, &run] {
            const timespec step{0, 200'000'000};
            while (!m_done.load()) {
                if (sigtimedwait(&m_signals, nullptr, &step) > 0) {
                    printErr(std::string_view("fhw load: stopping, finishing what is in flight ...\n"));
                    run.cancel();
                }
            }
        });
    }
    ~CancelOnSignal()
    {
        m_done.store(true);
        m_thread.join();
        pthread_sigmask(SIG_SETMASK, &m_previous, nullptr);
    }

private:
    sigset_t m_signals{};
    sigset_t m_previous{};
    std::atomic<bool> m_done{false};
    std::thread m_thread;
};

struct Outputs
{
    QString json, hlog, chart;
    std::unique_ptr<QFile> jsonFile, hlogFile, chartFile;
};

// Opens the output files before the run, so a bad path fails in a second, not after the run.
bool openOutput(const QString &path, std::unique_ptr<QFile> &file)
{
    if (path.isEmpty() || path == QLatin1String("-"))
        return true;
    file = std::make_unique<QFile>(path);
    if (file->open(QIODevice::WriteOnly | QIODevice::Truncate))
        return true;
    printErr(QStringLiteral("fhw load: cannot write %1: %2\n").arg(path, file->errorString()));
    return false;
}

bool writeOutput(QFile *file, const std::string &text)
{
    if (!file)
        return true;
    if (file->write(text.data(), qint64(text.size())) == qint64(text.size()) && file->flush())
        return true;
    printErr(QStringLiteral("fhw load: cannot write %1: %2\n").arg(file->fileName(), file->errorString()));
    return false;
}

} // namespace

int loadCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    TargetOptions targetOptions;
    targetOptions.addTo(parser);
    const auto option = [](const char *name, const char *help, const char *value = nullptr, const char *fallback = nullptr) {
        return QCommandLineOption(QString::fromLatin1(name), QString::fromUtf8(help),
                                  value ? QString::fromLatin1(value) : QString(),
                                  fallback ? QString::fromLatin1(fallback) : QString());
    };
    const auto mix = option("mix", "Request types and weights, e.g. event=80,audience-membership=20 (default event=100).", "MIX");
    const auto rate = option("rate", "Requests per second once ramped up (default 2000, mParticle's average; 10000 is its peak).", "N", "2000");
    const auto duration = option("duration", "Seconds measured (default 10).", "S", "10");
    const auto warmup = option("warmup", "Seconds at the rate before measuring (default 0).", "S", "0");
    const auto ramp = option("ramp", "Seconds to ramp linearly from 0 to the rate first (default 0).", "S", "0");
    const auto connections = option("connections", "Most connections open at once (default 100).", "N", "100");
    const auto threads = option("threads", "Engine threads; the rate and connections are split (default 1).", "N", "1");
    const auto seed = option("seed", "Generator seed: the same seed sends the same bodies (default 1).", "N", "1");
    const auto events = option("events", "Events per generated event batch (default 16).", "N", "16");
    const auto retries = option("retries", "Retry like mParticle (408, 429, 5xx, no answer); retries are counted apart.");
    const auto timeout = option("timeout-ms", "Time allowed for each attempt from when it was sent (default 2000).", "MS", "2000");
    const auto cacert = option("cacert", "Trust this CA bundle (PEM) instead of the system's.", "FILE");
    const auto insecure = option("insecure", "Do not verify the server's certificate.");
    const auto budget = option("budget-ms", "The p99 latency budget the verdict uses (default 100, mParticle's for HTTP).", "MS", "100");
    const auto tokenEnv = option("token-env", "Send 'Authorization: Token <value of VAR>' (never on registration).", "VAR");
    const auto tokenName = option("token-name", "Send the token stored under NAME in the keychain.", "NAME");
    const auto json = option("json", "Write the full report as JSON to FILE ('-' = stdout; the text report then goes to stderr).", "FILE");
    const auto hlog = option("hlog", "Write an HdrHistogram interval log (one interval per second) to FILE.", "FILE");
    const auto chart = option("chart", "Write an SVG chart (percentiles over time, histogram) to FILE.", "FILE");
    const auto quiet = option("quiet", "No progress lines.");
    parser.addOptions({mix, rate, duration, warmup, ramp, connections, threads, seed, events, retries, timeout, cacert,
                       insecure, budget, tokenEnv, tokenName, json, hlog, chart, quiet});
    LambdaOptions lambdaOptions;
    lambdaOptions.addTo(parser);
    if (auto exit = parseArguments(parser, arguments,
                                   "Sends Firehose requests at a constant rate (open model, as wrk2) and reports latency "
                                   "from when each request was due, so a stalled endpoint cannot hide its stall. Exit "
                                   "0 when the run passed (p99 within the budget, errors and throttling at most 1 %, "
                                   "rate reached), 1 when it failed, 2 on bad usage."))
        return *exit;
    if (parser.positionalArguments().size() > 1) {
        printErr(QStringLiteral("fhw load: unexpected argument '%1'\n").arg(parser.positionalArguments().at(1)));
        return ExitUsage;
    }

    LoadSettings settings;
    auto target = targetOrLambda(parser, targetOptions, lambdaOptions, QStringLiteral("fhw load"));
    if (!target) {
        printErr(target.error() + u'\n');
        return ExitUsage;
    }
    settings.target = std::move(*target);
    if (parser.isSet(mix)) {
        auto parsed = parseMix(parser.value(mix).toStdString());
        if (!parsed) {
            printErr(QStringLiteral("fhw load: --mix: %1\n").arg(QString::fromStdString(parsed.error().message)));
            return ExitUsage;
        }
        settings.mix = std::move(*parsed);
    }
    bool ok = false;
    settings.rate = parser.value(rate).toDouble(&ok);
    if (!ok || !(settings.rate > 0) || settings.rate > 10'000'000) {
        printErr(QStringLiteral("fhw load: --rate needs a number of requests per second above 0 (at most 10000000)\n"));
        return ExitUsage;
    }
    struct IntOption
    {
        const QCommandLineOption &option;
        int min, max;
        int *into;
    };
    int durationS = 0, warmupS = 0, rampS = 0, timeoutMs = 0, budgetMs = 0, seedValue = 0;
    for (const IntOption &o : {IntOption{duration, 1, 86'400, &durationS}, IntOption{warmup, 0, 86'400, &warmupS},
                               IntOption{ramp, 0, 86'400, &rampS}, IntOption{connections, 1, 100'000, &settings.connections},
                               IntOption{threads, 1, 256, &settings.threads}, IntOption{seed, 0, 2'000'000'000, &seedValue},
                               IntOption{events, 0, 10'000, &settings.eventsPerBatch},
                               IntOption{timeout, 1, 600'000, &timeoutMs}, IntOption{budget, 1, 600'000, &budgetMs}}) {
        const auto value = intValue(parser, o.option, o.min, o.max);
        if (!value) {
            printErr(QStringLiteral("fhw load: --%1 needs a whole number from %2 to %3\n")
                         .arg(o.option.names().first())
                         .arg(o.min)
                         .arg(o.max));
            return ExitUsage;
        }
        *o.into = *value;
    }
    if (settings.threads > settings.connections) {
        printErr(QStringLiteral("fhw load: --threads cannot exceed --connections\n"));
        return ExitUsage;
    }
    settings.duration = std::chrono::seconds(durationS);
    settings.warmup = std::chrono::seconds(warmupS);
    settings.ramp = std::chrono::seconds(rampS);
    settings.timeout = std::chrono::milliseconds(timeoutMs);
    // A Lambda function's budget is mParticle's p99 200 ms unless asked otherwise.
    settings.budget = std::chrono::milliseconds(settings.target.isLambda() && !parser.isSet(budget) ? 200 : budgetMs);
    settings.seed = std::uint64_t(seedValue);
    settings.retries = parser.isSet(retries);
    settings.verifyTls = !parser.isSet(insecure);
    settings.caFile = parser.value(cacert).toStdString();
    auto token = tokenFromOptions(parser, tokenEnv, tokenName, QStringLiteral("fhw load"));
    if (!token)
        return token.error();
    settings.token = token->value_or(std::string());

    Outputs outputs{parser.value(json), parser.value(hlog), parser.value(chart), {}, {}, {}};
    if (!openOutput(outputs.json, outputs.jsonFile) || !openOutput(outputs.hlog, outputs.hlogFile)
        || !openOutput(outputs.chart, outputs.chartFile))
        return ExitUsage;

    LoadRun run(std::move(settings));
    if (!parser.isSet(quiet)) {
        run.setProgressCallback([](const LoadSecond *second, const LoadProgress &progress) {
            printErr(progressLine(second, progress));
        });
    }
    std::expected<LoadResult, Error> result;
    {
        const CancelOnSignal cancelOnSignal(run);
        result = run.run();
    }
    if (!result) {
        printErr(QStringLiteral("fhw load: %1\n").arg(QString::fromStdString(result.error().message)));
        return ExitUsage;
    }

    const std::string text = loadReportText(*result);
    const bool jsonToStdout = outputs.json == QLatin1String("-");
    if (jsonToStdout) {
        printOut(loadReportJson(*result).dump(2) + "\n");
        if (!parser.isSet(quiet))
            printErr(text);
    } else {
        printOut(text);
    }
    bool written = writeOutput(outputs.jsonFile.get(), loadReportJson(*result).dump(2) + "\n");
    written = writeOutput(outputs.hlogFile.get(), loadHistogramLog(*result)) && written;
    written = writeOutput(outputs.chartFile.get(), loadChartSvg(*result)) && written;
    std::fflush(stdout);
    if (!written)
        return ExitUsage;
    return result->passed ? ExitOk : ExitFindings;
}

} // namespace fhw::cli
