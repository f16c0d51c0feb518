// bench_endpoint — the embedded endpoint as a load target (see README.md, endpoint-vs-nginx.sh).
//
//   bench_endpoint [strict|tolerant] [PORT] [CAPTURE_CAPACITY] [THREADS]
//
// Listens on 127.0.0.1 (PORT, or any free one), validates every request with the given profile
// (tolerant by default) and captures every exchange with the default capacity (10,000) unless told,
// like `fhw serve` does, on libmicrohttpd's pool of one thread per core (at most 4) unless told. Prints "listening on http://127.0.0.1:PORT/" and runs until SIGINT or SIGTERM; then prints
// its peak resident memory (VmHWM) and how many exchanges it captured.

#include "endpoint/endpoint.h"

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <pthread.h>
#include <string>
#include <string_view>

namespace {

std::string statusLine(std::string_view key)
{
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);) {
        if (line.starts_with(key))
            return line.substr(line.find_first_not_of(" \t", key.size() + 1));
    }
    return "?";
}

} // namespace

int main(int argc, char **argv)
{
    fhw::endpoint::EndpointConfig config;
    config.profile = fhw::protocol::Profile::Tolerant;
    if (argc > 1) {
        const auto profile = fhw::protocol::profileFromName(argv[1]);
        if (!profile) {
            std::fprintf(stderr, "usage: bench_endpoint [strict|tolerant] [PORT] [CAPTURE_CAPACITY] [THREADS]\n");
            return 2;
        }
        config.profile = *profile;
    }
    if (argc > 2)
        config.port = static_cast<std::uint16_t>(std::strtoul(argv[2], nullptr, 10));
    if (argc > 3)
        config.captureCapacity = std::strtoul(argv[3], nullptr, 10);
    if (argc > 4)
        config.threads = static_cast<unsigned>(std::strtoul(argv[4], nullptr, 10));

    // Block the stop signals before any server thread exists, so only sigwait below sees them.
    sigset_t stopSignals;
    sigemptyset(&stopSignals);
    sigaddset(&stopSignals, SIGINT);
    sigaddset(&stopSignals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);

    fhw::endpoint::Endpoint endpoint(config);
    const auto started = endpoint.start();
    if (!started) {
        std::fprintf(stderr, "bench_endpoint: %s\n", started.error().message.c_str());
        return 1;
    }
    std::printf("listening on %s (validation: %s, capture capacity %zu)\n", endpoint.url().c_str(),
                std::string(fhw::protocol::profileName(config.profile)).c_str(), config.captureCapacity);
    std::fflush(stdout);

    int signal = 0;
    sigwait(&stopSignals, &signal);
    const std::string rssAtStop = statusLine("VmRSS:");
    endpoint.stop();
    std::printf("stopped by %s\n", signal == SIGINT ? "SIGINT" : "SIGTERM");
    std::printf("peak RSS (VmHWM): %s\n", statusLine("VmHWM:").c_str());
    std::printf("RSS at stop (VmRSS): %s\n", rssAtStop.c_str());
    std::printf("exchanges captured: %llu (kept in the ring: %zu)\n",
                static_cast<unsigned long long>(endpoint.capture().totalAppended()), endpoint.capture().size());
    return 0;
}
