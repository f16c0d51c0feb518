#include "loadrun.h"

#include "loadengine_p.h"

#include <sys/resource.h>

#include <pthread.h>
#include <csignal>
#include <ctime>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <mutex>
#include <thread>

namespace fhw::readiness {

using namespace load;

namespace {

constexpr std::int64_t nanosPerSecond = 1'000'000'000;

std::int64_t steadyNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

Error settingsError(std::string message)
{
    return Error{"load.settings", std::move(message)};
}

std::optional<Error> validate(const LoadSettings &s)
{
    if (!std::isfinite(s.rate) || s.rate <= 0 || s.rate > 10'000'000)
        return settingsError("the rate must be more than 0 and at most 10,000,000 requests/s");
    if (s.duration.count() < 1 || s.duration.count() > 86'400)
        return settingsError("the duration must be 1 s to 24 h");
    if (s.warmup.count() < 0 || s.warmup.count() > 86'400 || s.ramp.count() < 0 || s.ramp.count() > 86'400)
        return settingsError("warm-up and ramp must be 0 s to 24 h");
    if (s.connections < 1 || s.connections > 100'000)
        return settingsError("connections must be 1 to 100,000");
    if (s.threads < 1 || s.threads > 256 || s.threads > s.connections)
        return settingsError("threads must be 1 to 256, and no more than the connections");
    if (s.mix.empty())
        return settingsError("the mix is empty");
    for (std::size_t i = 0; i < s.mix.size(); ++i) {
        if (!protocol::isRequest(s.mix[i].type) || s.mix[i].weight <= 0)
            return settingsError("every mix entry must be a request type with a weight above 0");
        for (std::size_t j = 0; j < i; ++j) {
            if (s.mix[j].type == s.mix[i].type)
                return settingsError("the mix names " + std::string(shortTypeName(s.mix[i].type)) + " twice");
        }
    }
    if (s.eventsPerBatch < 0 || s.eventsPerBatch > 10'000 || s.bodiesPerType < 1 || s.bodiesPerType > 10'000)
        return settingsError("events per batch must be 0 to 10,000 and bodies per type 1 to 10,000");
    if (s.connectTimeout.count() <= 0 || s.timeout.count() <= 0)
        return settingsError("the timeouts must be above 0");
    if (s.retries && s.retry.maxAttempts < 1)
        return settingsError("retries need at least one attempt");
    if (s.budget.count() <= 0 || !(s.maxErrorRatio >= 0 && s.maxErrorRatio <= 1))
        return settingsError("the budget must be above 0 and the error ratio 0 to 1");
    return std::nullopt;
}

// Each connection is a file descriptor: raise the soft limit toward the hard one when needed.
std::optional<Error> ensureDescriptors(int connections, int threads)
{
    const rlim_t needed = rlim_t(connections) + rlim_t(threads) * 4 + 64;
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= needed)
        return std::nullopt;
    if (limit.rlim_max != RLIM_INFINITY && limit.rlim_max < needed)
        return settingsError(std::to_string(connections) + " connections need about " + std::to_string(needed)
                             + " file descriptors; the limit is " + std::to_string(limit.rlim_max) + " (ulimit -n)");
    limit.rlim_cur = needed;
    if (::setrlimit(RLIMIT_NOFILE, &limit) != 0)
        return settingsError("cannot raise the open-file limit to " + std::to_string(needed));
    return std::nullopt;
}

std::string isoUtc(double epochSeconds)
{
    const auto whole = std::time_t(std::floor(epochSeconds));
    const int millis = int((epochSeconds - double(whole)) * 1000.0);
    std::tm utc{};
    ::gmtime_r(&whole, &utc);
    char text[64];
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900, utc.tm_mon + 1,
                  utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, std::min(millis, 999));
    return text;
}

// OpenSSL writes to sockets with write(), which raises SIGPIPE when the peer is gone; engine threads
// keep it blocked (the write then fails with EPIPE) and swallow any that is pending before they
// unblock it, so the process's own handling of SIGPIPE is left alone.
class SigpipeBlock
{
public:
    SigpipeBlock()
    {
        sigemptyset(&m_pipe);
        sigaddset(&m_pipe, SIGPIPE);
        pthread_sigmask(SIG_BLOCK, &m_pipe, &m_previous);
    }
    ~SigpipeBlock()
    {
        const timespec zero{};
        while (sigtimedwait(&m_pipe, nullptr, &zero) > 0) {
        }
        pthread_sigmask(SIG_SETMASK, &m_previous, nullptr);
    }

private:
    sigset_t m_pipe{};
    sigset_t m_previous{};
};

} // namespace

class LoadRun::Private
{
public:
    explicit Private(LoadSettings s) : settings(std::move(s)) {}

    std::expected<LoadResult, Error> run();
    void tick(int second, const Schedule &schedule, SecondCollector &collector, const std::vector<std::unique_ptr<Engine>> &engines);
    void deliver(std::vector<LoadSecond> seconds, const LoadProgress &progress);

    LoadSettings settings;
    ProgressCallback progress;
    std::mutex mutex; // guards liveEngines, running and startNs against cancel()
    std::vector<Engine *> liveEngines;
    bool running = false;
    bool cancelRequested = false;
    std::int64_t startNs = 0;
    std::atomic<std::int64_t> cancelAtNs{INT64_MAX};
};

LoadRun::LoadRun(LoadSettings settings) : d(std::make_unique<Private>(std::move(settings))) {}

LoadRun::~LoadRun() = default;

void LoadRun::setProgressCallback(ProgressCallback callback)
{
    d->progress = std::move(callback);
}

void LoadRun::cancel()
{
    const std::lock_guard lock(d->mutex);
    d->cancelRequested = true;
    if (!d->running)
        return;
    std::int64_t expected = INT64_MAX;
    d->cancelAtNs.compare_exchange_strong(expected, std::max<std::int64_t>(0, steadyNs() - d->startNs));
    for (Engine *engine : d->liveEngines)
        engine->wake();
}

std::expected<LoadResult, Error> LoadRun::run()
{
    return d->run();
}

std::expected<LoadResult, Error> LoadRun::Private::run()
{
    if (auto error = validate(settings))
        return std::unexpected(*error);
    auto plan = Plan::make(settings);
    if (!plan)
        return std::unexpected(plan.error());
    std::shared_ptr<TlsContext> tls;
    for (const Origin &origin : (*plan)->origins) {
        if (origin.https && !tls) {
            auto made = TlsContext::make(settings.verifyTls, settings.caFile);
            if (!made)
                return std::unexpected(made.error());
            tls = std::move(*made);
        }
    }
    if (auto error = ensureDescriptors(settings.connections, settings.threads))
        return std::unexpected(*error);

    const Schedule schedule(settings.rate, double(settings.ramp.count()), double(settings.warmup.count()),
                            double(settings.duration.count()));
    const int threads = settings.threads;
    SecondCollector collector(threads);
    std::vector<std::unique_ptr<Engine>> engines;
    // A couple of milliseconds ahead, so every thread is up before the first request is due.
    const std::int64_t start = steadyNs() + 2'000'000;
    const double startEpoch =
        std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count() + 0.002;
    for (int i = 0; i < threads; ++i) {
        EngineSetup setup;
        setup.index = i;
        setup.threads = threads;
        setup.connections = settings.connections / threads + (i < settings.connections % threads ? 1 : 0);
        setup.plan = *plan;
        setup.tls = tls;
        setup.schedule = &schedule;
        setup.settings = &settings;
        setup.collector = &collector;
        setup.startNs = start;
        setup.cancelAtNs = &cancelAtNs;
        if (i == 0) {
            setup.onTick = [this, &schedule, &collector, &engines](int second) { tick(second, schedule, collector, engines); };
        }
        engines.push_back(std::make_unique<Engine>(std::move(setup)));
        std::string error;
        if (!engines.back()->init(error))
            return std::unexpected(settingsError(error));
    }
    {
        const std::lock_guard lock(mutex);
        startNs = start;
        running = true;
        for (const auto &engine : engines)
            liveEngines.push_back(engine.get());
        if (cancelRequested)
            cancelAtNs.store(0);
    }

    std::vector<std::thread> workers;
    for (int i = 1; i < threads; ++i) {
        workers.emplace_back([engine = engines[std::size_t(i)].get()] {
            const SigpipeBlock block;
            engine->run();
        });
    }
    {
        const SigpipeBlock block;
        engines.front()->run();
    }
    for (std::thread &worker : workers)
        worker.join();
    const bool cancelled = cancelAtNs.load() != INT64_MAX;
    {
        // Ready for another run(); a cancel() from here on is for that one.
        const std::lock_guard lock(mutex);
        running = false;
        liveEngines.clear();
        cancelRequested = false;
        cancelAtNs.store(INT64_MAX);
    }

    LoadResult result;
    result.settings = settings;
    result.settings.token.clear();
    std::int64_t stopNs = 0;
    for (const auto &engine : engines) {
        stopNs = std::max(stopNs, engine->stopNs());
        result.inFlightAtEnd += engine->inFlightAtEnd();
        for (std::size_t kind = 0; kind < engine->perKind().size(); ++kind)
            result.perType[(*plan)->kinds[kind].shortName] += engine->perKind()[kind];
    }
    result.cancelled = cancelled;
    result.measuredSeconds = std::clamp(double(stopNs) / 1e9 - schedule.measureStart(), 0.0, double(settings.duration.count()));
    const int seconds = int(std::ceil(result.measuredSeconds - 1e-9));
    collector.finish(seconds);
    result.totals = collector.totals();
    result.latency = collector.latency();
    result.service = collector.service();
    result.timeline = collector.timeline();
    result.achievedRate = result.measuredSeconds > 0 ? double(result.totals.completed) / result.measuredSeconds : 0.0;
    result.startEpochSeconds = startEpoch + schedule.measureStart();
    result.startedAt = isoUtc(result.startEpochSeconds);
    judge(result);

    LoadProgress last;
    last.phase = LoadProgress::Phase::Draining;
    last.elapsedSeconds = double(steadyNs() - start) / 1e9;
    last.totalSeconds = schedule.end();
    deliver(collector.takeCompleted(), last);
    return result;
}

void LoadRun::Private::tick(int second, const Schedule &schedule, SecondCollector &collector,
                            const std::vector<std::unique_ptr<Engine>> &engines)
{
    if (!progress)
        return;
    LoadProgress now;
    now.elapsedSeconds = second;
    now.totalSeconds = schedule.end();
    const double middle = second - 0.5; // of the second that just ended
    const bool cancelled = cancelAtNs.load(std::memory_order_relaxed) != INT64_MAX;
    now.phase = cancelled || middle >= schedule.end() ? LoadProgress::Phase::Draining
              : middle < schedule.measureStart() - double(settings.warmup.count()) ? LoadProgress::Phase::Ramp
              : middle < schedule.measureStart()                                   ? LoadProgress::Phase::Warmup
                                                                                   : LoadProgress::Phase::Measuring;
    const double until = cancelled ? std::min(double(second), double(cancelAtNs.load()) / 1e9) : double(second);
    const double from = std::min(double(second - 1), until);
    now.currentRate = double(schedule.countBefore(std::min(until, schedule.end())) - schedule.countBefore(std::min(from, schedule.end())));
    for (const auto &engine : engines)
        now.openConnections += engine->openConnections();
    deliver(collector.takeCompleted(), now);
}

// Once per second: the seconds whose requests have all finished since the last call (usually the
// one before; several after a stall), or none.
void LoadRun::Private::deliver(std::vector<LoadSecond> seconds, const LoadProgress &where)
{
    if (!progress)
        return;
    if (seconds.empty()) {
        progress(nullptr, where);
        return;
    }
    for (const LoadSecond &second : seconds)
        progress(&second, where);
}

} // namespace fhw::readiness
