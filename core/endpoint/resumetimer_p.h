#pragma once

// Private to core/endpoint: one thread that runs actions at deadlines (a min-heap and a
// condition_variable wait_until on the steady clock). The endpoint uses it to resume suspended
// connections, so a thousand delayed answers cost a thousand heap entries, not a thousand threads.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace fhw::endpoint::detail {

class ResumeTimer
{
public:
    using Clock = std::chrono::steady_clock;
    using Action = std::function<void()>;

    ResumeTimer();
    ~ResumeTimer(); // drops what is pending without running it
    ResumeTimer(const ResumeTimer &) = delete;
    ResumeTimer &operator=(const ResumeTimer &) = delete;

    // Runs `action` on the timer's thread at `deadline` (at once when it has passed). Actions must
    // be short: each delays the ones behind it.
    void schedule(Clock::time_point deadline, Action action);
    std::size_t pending() const;
    // Forgets every pending action (the endpoint resumes its held connections itself at stop).
    void clear();

private:
    struct Entry
    {
        Clock::time_point deadline;
        std::uint64_t order; // FIFO among equal deadlines
        Action action;
    };
    static bool later(const Entry &a, const Entry &b);
    void run();

    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::vector<Entry> m_heap; // std::push_heap/pop_heap with later(): the earliest on top
    std::uint64_t m_order = 0;
    bool m_quit = false;
    std::thread m_thread;
};

} // namespace fhw::endpoint::detail
