#pragma once

// The load engine: an open model (as wrk2): requests are scheduled at the target rate whether or not
// earlier ones were answered, and latency is measured from the scheduled time, so a stalled server
// cannot hide its stall (coordinated omission). Its own non-blocking HTTP/1.1 client (epoll, keep-alive,
// OpenSSL for https) per engine thread: libcurl's per-request cost would make the tool, not the
// endpoint, the bottleneck.
//
// What is recorded: requests due in the measured window, by the second they were due in. With
// retries on, the latency and service histograms hold each request's FIRST attempt only (what the
// endpoint did when first asked); retries are counted apart, and a request's final status is the
// one in `statuses`. An attempt that timed out is recorded at the moment it was given up (a lower
// bound, so an endpoint that never answers cannot look fast); refused, reset or TLS failures are
// errors with no time recorded. Requests still unsent or unanswered when the run stops waiting are
// counted in inFlightAtEnd.

#include "loadresult.h"

#include "common/error.h"

#include <expected>
#include <functional>
#include <memory>

namespace fhw::readiness {

struct LoadProgress
{
    enum class Phase { Ramp, Warmup, Measuring, Draining };
    Phase phase = Phase::Ramp;
    double elapsedSeconds = 0;  // since the run started (ramp included)
    double totalSeconds = 0;    // ramp + warm-up + duration
    double currentRate = 0;     // scheduled requests/s in the last second
    int openConnections = 0;
};

class LoadRun
{
public:
    // Called on an engine thread, once per second of the run: the second just finished (measured
    // seconds only; `second` is null during ramp and warm-up) and where the run is. A second is
    // passed once every request due in it has finished, so usually the one before the current; after
    // a stall several follow at once (one call each, in order), and the last ones come at the end.
    using ProgressCallback = std::function<void(const LoadSecond *second, const LoadProgress &progress)>;

    explicit LoadRun(LoadSettings settings);
    ~LoadRun();
    LoadRun(const LoadRun &) = delete;
    LoadRun &operator=(const LoadRun &) = delete;

    void setProgressCallback(ProgressCallback callback);

    // Runs to the end on the calling thread (the CLI's main thread; a worker thread in the window).
    // Errors before any request is sent: "load.settings" (bad rate, duration, mix...), "load.url"
    // (no URL for a type in the mix, unsupported scheme), "load.resolve" (host not found), "load.tls"
    // (TLS context could not be set up). Failures while running are results, not errors.
    std::expected<LoadResult, Error> run();

    // Thread-safe. run() stops scheduling, waits at most a second for answers in flight, and returns
    // what was measured with cancelled = true.
    void cancel();

private:
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace fhw::readiness
