// bench_endpointpanel — the endpoint panel under load. Offscreen; asserts nothing.
//
//   scripts/build --target bench_endpointpanel
//   build/tests/bench/bench_endpointpanel [--rate R=5000] [--seconds S=10] [--connections C=16]
//                                         [--interval MS=75] [--wrk] [--no-select] [--no-panel]
//
// Runs an EndpointPanel (shown, 1000×800, offscreen) on a real Endpoint and sends it R small event
// requests per second for S seconds from a separate thread (libcurl multi, C keep-alive connections,
// open loop: requests are started on a fixed schedule, not when the previous one ends). With --wrk it
// spawns `wrk -t1 -c4 -dSs` instead (a closed loop, as fast as it goes) and reports wrk's rate.
// Meanwhile the GUI thread runs a 1 ms timer that timestamps its own gaps (the event loop's stalls),
// the newest row is selected every 250 ms (the details view formats it), and every 100 ms the lag is
// sampled: exchanges the endpoint captured but the table does not show yet. --no-panel runs the same
// load and meter without the panel: what the load alone costs the event loop on this machine (the
// server, the client and the GUI thread share its cores), to read the panel's figures against.

#include "endpointpanel/capturefeed.h"
#include "endpointpanel/endpointpanel.h"
#include "endpointpanel/exchangetablemodel.h"
#include "endpointpanel/trafficview.h"

#include "endpoint/endpoint.h"
#include "protocol/generator.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>

#include <curl/curl.h>
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>

using namespace fhw;
using Clock = std::chrono::steady_clock;

namespace {

struct Options
{
    double rate = 5000;
    int seconds = 10;
    int connections = 16;
    int intervalMs = 75;
    bool wrk = false;
    bool select = true;
    bool panel = true; // --no-panel: the same load and meter without the panel (the machine's baseline)
};

struct LoadResult
{
    std::atomic<std::uint64_t> started{0};
    std::atomic<std::uint64_t> ok{0};
    std::atomic<std::uint64_t> failed{0};
    std::atomic<std::uint64_t> behind{0}; // due but no free connection: started late
    double seconds = 0;
    std::atomic<bool> done{false};
};

std::size_t discard(char *, std::size_t size, std::size_t count, void *)
{
    return size * count;
}

// Open-loop pacing: request i is due at start + i/rate; each is started as soon as it is due and
// one of the `connections` handles is free (keep-alive: the handles are reused).
void paceLoad(const std::string &url, const std::string &body, const Options &options, LoadResult &result)
{
    CURLM *multi = curl_multi_init();
    curl_slist *headers = curl_slist_append(nullptr, "Content-Type: application/json");
    headers = curl_slist_append(headers, "Expect:");
    std::vector<CURL *> idle;
    for (int i = 0; i < options.connections; ++i) {
        CURL *easy = curl_easy_init();
        curl_easy_setopt(easy, CURLOPT_URL, url.c_str());
        curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(easy, CURLOPT_POSTFIELDS, body.data());
        curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
        curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
        curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &discard);
        curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, 10'000L);
        idle.push_back(easy);
    }
    const auto start = Clock::now();
    const auto end = start + std::chrono::seconds(options.seconds);
    std::uint64_t sent = 0;
    int running = 0;
    for (;;) {
        const auto now = Clock::now();
        if (now < end) {
            const auto due = static_cast<std::uint64_t>(std::chrono::duration<double>(now - start).count() * options.rate);
            if (sent < due && idle.empty())
                result.behind += 1;
            while (sent < due && !idle.empty()) {
                curl_multi_add_handle(multi, idle.back());
                idle.pop_back();
                ++sent;
                ++result.started;
            }
        } else if (running == 0 && static_cast<int>(idle.size()) == options.connections) {
            break;
        }
        curl_multi_perform(multi, &running);
        int left = 0;
        while (CURLMsg *message = curl_multi_info_read(multi, &left)) {
            if (message->msg != CURLMSG_DONE)
                continue;
            long status = 0;
            curl_easy_getinfo(message->easy_handle, CURLINFO_RESPONSE_CODE, &status);
            (message->data.result == CURLE_OK && status == 200 ? result.ok : result.failed) += 1;
            CURL *easy = message->easy_handle;
            curl_multi_remove_handle(multi, easy);
            idle.push_back(easy);
        }
        // Wake at least every 200 µs, so the schedule stays smooth at 5,000/s.
        curl_multi_poll(multi, nullptr, 0, 0, nullptr);
        std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    for (CURL *easy : idle)
        curl_easy_cleanup(easy);
    curl_slist_free_all(headers);
    curl_multi_cleanup(multi);
    result.done = true;
}

double cpuSeconds(int who)
{
    rusage usage{};
    getrusage(who, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
           + double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

Options parse(const QStringList &args)
{
    Options o;
    for (qsizetype i = 1; i < args.size(); ++i) {
        const QString &a = args[i];
        const QString next = i + 1 < args.size() ? args[i + 1] : QString();
        if (a == u"--rate") { o.rate = next.toDouble(); ++i; }
        else if (a == u"--seconds") { o.seconds = next.toInt(); ++i; }
        else if (a == u"--connections") { o.connections = std::max(1, next.toInt()); ++i; }
        else if (a == u"--interval") { o.intervalMs = std::max(1, next.toInt()); ++i; }
        else if (a == u"--wrk") { o.wrk = true; }
        else if (a == u"--no-select") { o.select = false; }
        else if (a == u"--no-panel") { o.panel = false; }
        else {
            std::fprintf(stderr, "usage: bench_endpointpanel [--rate R] [--seconds S] [--connections C] [--interval MS] [--wrk] [--no-select] [--no-panel]\n");
            std::exit(2);
        }
    }
    return o;
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const Options options = parse(app.arguments());
    curl_global_init(CURL_GLOBAL_DEFAULT);

    endpoint::Endpoint endpoint;
    if (auto started = endpoint.start(); !started) {
        std::fprintf(stderr, "bench_endpointpanel: %s\n", started.error().message.c_str());
        return 1;
    }
    const std::string url = endpoint.url();
    const std::string body = protocol::Generator(protocol::GeneratorOptions{.seed = 1, .eventCount = 1})
                                 .generate(protocol::MessageType::EventProcessingRequest).dump();

    // Without the panel (--no-panel) the same run measures what the load alone does to the event loop
    // on this machine: the server, the client and the GUI thread share its cores.
    std::unique_ptr<gui::EndpointPanel> panel;
    gui::ExchangeTableModel *model = nullptr;
    QTableView *table = nullptr;
    if (options.panel) {
        panel = std::make_unique<gui::EndpointPanel>(endpoint);
        panel->setRefreshInterval(std::chrono::milliseconds(options.intervalMs));
        panel->resize(1000, 800);
        panel->show();
        model = panel->exchangeModel();
        table = panel->findChild<QTableView *>(QStringLiteral("exchangeTable"));
    }

    // The event loop's stalls: a 1 ms timer that notes the gap since its previous tick.
    QElapsedTimer clock;
    clock.start();
    qint64 lastTick = -1;
    std::vector<qint64> gapsUs;
    gapsUs.reserve(std::size_t(options.seconds + 5) * 1000);
    bool measuring = false;
    QTimer ticker;
    ticker.setTimerType(Qt::PreciseTimer);
    ticker.setInterval(1);
    QObject::connect(&ticker, &QTimer::timeout, &app, [&] {
        const qint64 now = clock.nsecsElapsed() / 1000;
        if (measuring && lastTick >= 0)
            gapsUs.push_back(now - lastTick);
        lastTick = now;
    });
    ticker.start();

    // How far the table is behind the endpoint, sampled every 100 ms.
    auto newestShown = [&endpoint, model]() -> std::uint64_t {
        if (!model)
            return endpoint.capture().totalAppended();
        return model->rowCount() ? model->sequenceAt(model->rowCount() - 1) : 0;
    };
    std::uint64_t maxLag = 0;
    QTimer sampler;
    sampler.setInterval(100);
    QObject::connect(&sampler, &QTimer::timeout, &app, [&] {
        const std::uint64_t captured = endpoint.capture().totalAppended();
        const std::uint64_t shown = newestShown();
        maxLag = std::max(maxLag, captured > shown ? captured - shown : 0);
    });
    QTimer selector;
    selector.setInterval(250);
    QObject::connect(&selector, &QTimer::timeout, &app, [&] {
        if (options.select && table && table->model()->rowCount() > 0)
            table->setCurrentIndex(table->model()->index(table->model()->rowCount() - 1, 0));
    });

    LoadResult load;
    std::thread client;
    QProcess wrk;
    QTemporaryDir scratch;
    double wrkRate = 0;
    const double cpuBefore = cpuSeconds(RUSAGE_THREAD);
    QElapsedTimer loadClock;

    auto startLoad = [&] {
        measuring = true;
        lastTick = -1;
        sampler.start();
        selector.start();
        loadClock.start();
        if (!options.wrk) {
            client = std::thread([&] { paceLoad(url, body, options, load); });
            return;
        }
        QFile script(scratch.filePath(QStringLiteral("post.lua")));
        script.open(QIODevice::WriteOnly);
        std::string lua = "wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\nwrk.body = [==[" + body + "]==]\n";
        script.write(lua.data(), qint64(lua.size()));
        script.close();
        QObject::connect(&wrk, &QProcess::finished, &app, [&] {
            const QString out = QString::fromLocal8Bit(wrk.readAllStandardOutput());
            const auto match = QRegularExpression(QStringLiteral("Requests/sec:\\s+([0-9.]+)")).match(out);
            wrkRate = match.hasMatch() ? match.captured(1).toDouble() : 0;
            load.seconds = double(loadClock.elapsed()) / 1000.0;
            load.done = true;
        });
        wrk.start(QStringLiteral("wrk"), {QStringLiteral("-t1"), QStringLiteral("-c4"),
                                          QStringLiteral("-d%1s").arg(options.seconds), QStringLiteral("-s"),
                                          script.fileName(), QString::fromStdString(url)});
    };

    double catchUpMs = -1;
    double loadEndedAtMs = 0;
    QTimer watcher;
    watcher.setInterval(1);
    QObject::connect(&watcher, &QTimer::timeout, &app, [&] {
        if (!load.done)
            return;
        if (loadEndedAtMs == 0)
            loadEndedAtMs = double(loadClock.nsecsElapsed()) / 1e6;
        if (newestShown() >= endpoint.capture().totalAppended()) {
            catchUpMs = double(loadClock.nsecsElapsed()) / 1e6 - loadEndedAtMs;
            measuring = false;
            app.quit();
        } else if (double(loadClock.nsecsElapsed()) / 1e6 - loadEndedAtMs > 10'000) {
            measuring = false;
            app.quit(); // never caught up within 10 s
        }
    });
    // Let the window settle (first paint, initial load) before the load starts.
    QTimer::singleShot(500, &app, [&] {
        startLoad();
        watcher.start();
    });
    app.exec();
    if (client.joinable())
        client.join();
    const double guiCpu = cpuSeconds(RUSAGE_THREAD) - cpuBefore;

    std::sort(gapsUs.begin(), gapsUs.end());
    auto pct = [&](double p) {
        return gapsUs.empty() ? 0.0 : double(gapsUs[std::min(gapsUs.size() - 1, std::size_t(p * double(gapsUs.size())))]) / 1000.0;
    };
    auto over = [&](qint64 ms) {
        return std::count_if(gapsUs.begin(), gapsUs.end(), [ms](qint64 g) { return g > ms * 1000; });
    };
    const std::uint64_t captured = endpoint.capture().totalAppended();

    std::printf("bench_endpointpanel: %s, body %zu bytes, %s, drain interval %d ms, selection %s\n",
                options.wrk ? "wrk -t1 -c4 (closed loop)" : "libcurl multi (open loop)", body.size(),
                options.panel ? "panel shown" : "NO panel (baseline)", options.intervalMs,
                options.select ? "every 250 ms" : "off");
    if (options.wrk) {
        std::printf("load:        wrk %.0f requests/s for %.1f s; endpoint captured %llu\n", wrkRate, load.seconds,
                    static_cast<unsigned long long>(captured));
    } else {
        std::printf("load:        target %.0f/s for %d s on %d connections; achieved %.0f requests/s "
                    "(%llu sent, %llu ok, %llu failed; %llu polls found every connection busy)\n",
                    options.rate, options.seconds, options.connections, double(load.started) / load.seconds,
                    static_cast<unsigned long long>(load.started.load()), static_cast<unsigned long long>(load.ok.load()),
                    static_cast<unsigned long long>(load.failed.load()), static_cast<unsigned long long>(load.behind.load()));
    }
    std::printf("event loop:  worst stall %.1f ms; gaps of the 1 ms timer p50 %.2f / p99 %.2f / p99.9 %.2f ms; "
                "over 16 ms: %lld, over 50 ms: %lld, over 100 ms: %lld (%zu ticks)\n",
                gapsUs.empty() ? 0.0 : double(gapsUs.back()) / 1000.0 - 1.0, pct(0.5), pct(0.99), pct(0.999),
                static_cast<long long>(over(16)), static_cast<long long>(over(50)), static_cast<long long>(over(100)),
                gapsUs.size());
    if (panel) {
        gui::CaptureFeed *feed = panel->traffic()->feed();
        std::printf("table:       %d rows kept (bound %zu), newest #%llu of %llu captured; max lag %llu exchanges "
                    "(sampled every 100 ms); caught up %s after the load ended\n",
                    model->rowCount(), model->capacity(), static_cast<unsigned long long>(newestShown()),
                    static_cast<unsigned long long>(captured), static_cast<unsigned long long>(maxLag),
                    catchUpMs < 0 ? "NEVER (10 s)" : qPrintable(QStringLiteral("%1 ms").arg(catchUpMs, 0, 'f', 1)));
        std::printf("batches:     %llu (avg %.0f rows), %llu dropped before the table, detail bytes %.1f MiB\n",
                    static_cast<unsigned long long>(feed->batches()),
                    feed->batches() ? double(captured) / double(feed->batches()) : 0.0,
                    static_cast<unsigned long long>(feed->droppedPending()), double(model->detailBytes()) / 1048576.0);
    } else {
        std::printf("table:       no panel (baseline run)\n");
    }
    std::printf("GUI thread:  %.2f s CPU over the run (%.0f%% of one core)\n", guiCpu,
                100.0 * guiCpu / std::max(0.001, double(loadClock.elapsed()) / 1000.0));
    curl_global_cleanup();
    return 0;
}
