#pragma once

// One engine thread of a load run: its share of the schedule (requests k ≡ index mod threads), its
// share of the connections, an epoll loop with precise waits (epoll_pwait2, timer slack 1 ns), and
// the per-second accounting it hands to the SecondCollector.

#include "loadcollector_p.h"
#include "loadconnection_p.h"
#include "loadplan_p.h"
#include "loadschedule_p.h"
#include "loadtls_p.h"

#include "transport/retrypolicy.h"

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <queue>
#include <vector>

namespace fhw::readiness::load {

// The error kind of a Lambda function error: an answer (timed, counted as completed) that is a
// failure mParticle retries, like a 5xx.
inline constexpr const char *functionErrorKind = "function-error";

struct EngineSetup
{
    int index = 0;
    int threads = 1;
    int connections = 1;                 // this engine's share
    std::shared_ptr<const Plan> plan;
    std::shared_ptr<TlsContext> tls;     // null when no origin is https
    const Schedule *schedule = nullptr;
    const LoadSettings *settings = nullptr;
    SecondCollector *collector = nullptr;
    std::int64_t startNs = 0;            // steady clock of the run's start
    const std::atomic<std::int64_t> *cancelAtNs = nullptr; // since the start; INT64_MAX until cancelled
    std::function<void(int tick)> onTick; // engine 0 only: called at every whole second of the run
};

class Engine
{
public:
    explicit Engine(EngineSetup setup);
    ~Engine();
    Engine(const Engine &) = delete;
    Engine &operator=(const Engine &) = delete;

    bool init(std::string &error); // epoll and the wake-up eventfd
    void run();                    // until the schedule ends and the drain is over
    void wake();                   // thread-safe: makes run() look at the cancel flag now

    int openConnections() const { return m_open.load(std::memory_order_relaxed); }
    // After run():
    std::int64_t stopNs() const { return m_stopNs; } // where scheduling stopped, since the start
    std::int64_t inFlightAtEnd() const { return m_inFlightAtEnd; }
    const std::vector<std::int64_t> &perKind() const { return m_perKind; } // measured requests per kind

private:
    struct Request
    {
        std::int64_t k = 0;
        std::int64_t intendedNs = 0;
        std::int64_t firstWrittenNs = -1;
        std::int32_t second = -1; // measured second, -1 during ramp and warm-up
        std::int32_t kind = 0;
        std::uint32_t body = 0;
        std::int32_t attempt = 1;      // the attempt due next (or under way)
        std::int32_t attemptsSent = 0;
        int lastStatus = 0;
        const char *lastError = nullptr;
        bool resentOnStale = false;
    };
    struct Slot
    {
        std::unique_ptr<Connection> connection;
        Request request;
    };
    struct Second
    {
        SecondPart part;
        std::int64_t taken = 0;
        std::int64_t finished = 0;
    };
    struct Retry
    {
        std::int64_t dueNs;
        Request request;
        bool operator<(const Retry &other) const { return dueNs > other.dueNs; } // a min-heap
    };

    std::int64_t now() const;
    void loopOnce(std::int64_t nowNs);
    void waitForEvents(std::int64_t nowNs);
    void handleEvent(int slot, std::uint32_t events, std::int64_t nowNs);

    void dispatch(std::int64_t nowNs);
    Request takeScheduled();
    int acquireConnection(int origin, std::int64_t nowNs, bool &failedNow, const char *&failKind);
    int openConnection(int origin, std::int64_t nowNs);
    bool connectNextAddress(int slot);
    void closeConnection(int slot);
    void setInterest(int slot, std::uint32_t events);
    void makeIdle(int slot);
    void removeIdle(int slot);

    void onConnectProgress(int slot, std::int64_t nowNs);
    void onConnected(int slot, std::int64_t nowNs);
    void startAttempt(int slot, std::int64_t nowNs);
    void afterWrite(int slot, Io io, std::int64_t nowNs);
    void onReadable(int slot, std::int64_t nowNs);
    void failConnection(int slot, const char *kind, std::int64_t nowNs, bool mayBeStale);

    void attemptDone(Request request, int status, const char *error, std::string_view retryAfter, std::int64_t nowNs);
    void recordFirst(const Request &request, std::int64_t nowNs);
    void finish(const Request &request);
    void abandon(const Request &request);
    Second &second(int index);
    void closeSeconds(bool force);
    void checkDeadlines(std::int64_t nowNs);
    void stopScheduling(std::int64_t nowNs, bool cancelled);
    void endRun();

    EngineSetup m_setup;
    const Plan &m_plan;
    const Schedule &m_schedule;
    const LoadSettings &m_settings;
    transport::RetryPolicy m_policy;
    int m_epoll = -1;
    int m_wakeFd = -1;
    bool m_pwait2 = true;

    std::vector<Slot> m_slots;
    std::vector<std::uint32_t> m_generations;
    std::vector<int> m_freeSlots;
    std::vector<std::vector<int>> m_idle;   // per origin: idle connections (slot numbers)
    std::vector<int> m_preferredAddress;    // per origin: the address that last connected
    int m_connections = 0;                  // open or opening
    std::atomic<int> m_open{0};

    std::int64_t m_nextK;
    std::int64_t m_nextIntendedNs;
    std::int64_t m_endNs;                   // planned end of scheduling
    std::int64_t m_measureStartNs;
    std::int64_t m_stopNs;                  // end of scheduling (planned, or the cancel)
    bool m_stopped = false;
    std::int64_t m_drainDeadlineNs = 0;
    std::deque<Request> m_ready;            // retries that are due and re-sends: before the schedule
    std::priority_queue<Retry> m_retries;
    std::int64_t m_active = 0;              // requests taken and not finished
    std::int64_t m_nextDeadlineCheckNs = INT64_MAX;
    int m_nextTick = 1;
    std::vector<std::uint32_t> m_bodyTurn;  // per kind: the next body to send

    std::deque<Second> m_seconds;           // open measured seconds, from m_firstOpenSecond
    int m_firstOpenSecond = 0;
    std::int64_t m_inFlightAtEnd = 0;
    std::vector<std::int64_t> m_perKind;
    std::vector<char> m_readBuffer;
};

} // namespace fhw::readiness::load
