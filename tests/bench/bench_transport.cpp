// HttpSender throughput and latency: small event requests (one event each, from the generator) to a URL,
// with a fixed number kept in flight (closed loop: each completion sends the next). Latency runs from
// the moment a request is handed to send(), so time queued inside the sender counts. Run by hand (see
// README.md); prints figures, asserts nothing.

#include "protocol/generator.h"
#include "transport/httpsender.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <vector>

using namespace fhw::transport;
using namespace std::chrono_literals;
using fhw::protocol::MessageType;
using Clock = std::chrono::steady_clock;

namespace {

struct Arguments
{
    std::string url;
    long requests = 0;  // 0: until the duration ends
    int concurrency = 10;
    double seconds = 5; // 0: until the requests are done
    bool printBody = false;
};

void usage()
{
    std::fprintf(stderr, "usage: bench_transport URL [--requests N] [--concurrency C] [--duration SECONDS]\n"
                         "       bench_transport --print-body   (the request body, for wrk)\n");
}

bool parse(int argc, char **argv, Arguments &args)
{
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const bool hasValue = i + 1 < argc;
        if (arg == "--print-body")
            args.printBody = true;
        else if (arg == "--requests" && hasValue)
            args.requests = std::atol(argv[++i]);
        else if (arg == "--concurrency" && hasValue)
            args.concurrency = std::atoi(argv[++i]);
        else if (arg == "--duration" && hasValue)
            args.seconds = std::atof(argv[++i]);
        else if (!arg.starts_with("--") && args.url.empty())
            args.url = arg;
        else
            return false;
    }
    if (args.printBody)
        return true;
    if (args.requests == 0 && args.seconds <= 0)
        args.seconds = 5;
    return !args.url.empty() && args.concurrency > 0;
}

// A closed-loop run: `concurrency` sends in flight until `requests` were sent or `seconds` passed.
class Run
{
public:
    Run(HttpSender &sender, SendRequest prototype, long requests, double seconds)
        : m_sender(sender), m_prototype(std::move(prototype)), m_requests(requests),
          m_deadline(seconds > 0 ? Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                                      std::chrono::duration<double>(seconds))
                                 : Clock::time_point::max())
    {
    }

    void go(int concurrency)
    {
        m_started = Clock::now();
        for (int i = 0; i < concurrency; ++i)
            issue();
        std::unique_lock lock(m_mutex);
        m_idle.wait(lock, [this] { return m_inFlight == 0; });
        m_elapsed = Clock::now() - m_started;
    }

    std::vector<double> &latenciesMs() { return m_latenciesMs; }
    long failures() const { return m_failures; }
    double elapsedSeconds() const { return std::chrono::duration<double>(m_elapsed).count(); }

private:
    // Called from the caller's thread at first, then from the sender's thread in each callback.
    void issue()
    {
        {
            std::lock_guard lock(m_mutex);
            if ((m_requests > 0 && m_issued >= m_requests) || Clock::now() >= m_deadline)
                return;
            ++m_issued;
            ++m_inFlight;
        }
        const auto scheduled = Clock::now();
        m_sender.send(m_prototype, [this, scheduled](SendResult result) {
            const double ms = std::chrono::duration<double, std::milli>(Clock::now() - scheduled).count();
            {
                std::lock_guard lock(m_mutex);
                m_latenciesMs.push_back(ms);
                if (result.verdict != Verdict::Success)
                    ++m_failures;
            }
            issue();
            std::lock_guard lock(m_mutex);
            if (--m_inFlight == 0)
                m_idle.notify_all();
        });
    }

    HttpSender &m_sender;
    const SendRequest m_prototype;
    const long m_requests;
    const Clock::time_point m_deadline;
    std::mutex m_mutex;
    std::condition_variable m_idle;
    long m_issued = 0;
    int m_inFlight = 0;
    long m_failures = 0;
    std::vector<double> m_latenciesMs;
    Clock::time_point m_started;
    Clock::duration m_elapsed{};
};

double percentile(const std::vector<double> &sorted, double p)
{
    if (sorted.empty())
        return 0;
    const auto index = std::size_t(std::clamp(p * double(sorted.size() - 1) + 0.5, 0.0, double(sorted.size() - 1)));
    return sorted[index];
}

} // namespace

int main(int argc, char **argv)
{
    Arguments args;
    if (!parse(argc, argv, args)) {
        usage();
        return 2;
    }
    SendRequest request;
    request.type = MessageType::EventProcessingRequest;
    request.body = fhw::protocol::Generator({.seed = 1, .eventCount = 1, .verification = false}).generate(request.type).dump();
    if (args.printBody) {
        std::fwrite(request.body.data(), 1, request.body.size(), stdout);
        return 0;
    }
    request.target.url = args.url;
    request.options.token = "bench-token-0123456789abcdef";
    request.options.connectTimeout = 2000ms;
    request.options.totalTimeout = 5000ms;
    request.options.retry.maxAttempts = 1; // measure single requests: a retry would hide a failure

    // libcurl honours the proxy variables; a benchmark against a local server must go direct.
    for (const char *name : {"http_proxy", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"})
        unsetenv(name);

    HttpSender sender;
    // Warm-up: open the connections and fault in the code paths; not measured.
    Run(sender, request, args.concurrency * 20L, 0).go(args.concurrency);

    Run run(sender, request, args.requests, args.seconds);
    run.go(args.concurrency);
    auto &latencies = run.latenciesMs();
    std::sort(latencies.begin(), latencies.end());
    const double rate = double(latencies.size()) / run.elapsedSeconds();
    std::printf("bench_transport: %s, %d in flight, %zu requests in %.2f s, %ld failed\n", args.url.c_str(),
                args.concurrency, latencies.size(), run.elapsedSeconds(), run.failures());
    std::printf("requests/s: %.0f\n", rate);
    std::printf("latency ms: p50 %.3f  p99 %.3f  max %.3f\n", percentile(latencies, 0.50),
                percentile(latencies, 0.99), latencies.empty() ? 0.0 : latencies.back());
    // One line for scripts (transport-vs-wrk.sh).
    std::printf("RESULT rps=%.0f p50_ms=%.3f p99_ms=%.3f failed=%ld\n", rate, percentile(latencies, 0.50),
                percentile(latencies, 0.99), run.failures());
    return run.failures() == 0 ? 0 : 1;
}
