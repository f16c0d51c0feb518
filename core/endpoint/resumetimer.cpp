#include "resumetimer_p.h"

#include <algorithm>

namespace fhw::endpoint::detail {

ResumeTimer::ResumeTimer() : m_thread([this] { run(); }) {}

ResumeTimer::~ResumeTimer()
{
    {
        const std::lock_guard lock(m_mutex);
        m_quit = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

bool ResumeTimer::later(const Entry &a, const Entry &b)
{
    return a.deadline != b.deadline ? a.deadline > b.deadline : a.order > b.order;
}

void ResumeTimer::schedule(Clock::time_point deadline, Action action)
{
    bool earliest = false;
    {
        const std::lock_guard lock(m_mutex);
        m_heap.push_back(Entry{deadline, m_order++, std::move(action)});
        std::push_heap(m_heap.begin(), m_heap.end(), later);
        earliest = m_heap.front().order == m_order - 1;
    }
    // Only a new earliest deadline changes how long the thread must sleep.
    if (earliest)
        m_wake.notify_one();
}

std::size_t ResumeTimer::pending() const
{
    const std::lock_guard lock(m_mutex);
    return m_heap.size();
}

void ResumeTimer::clear()
{
    std::vector<Entry> dropped;
    {
        const std::lock_guard lock(m_mutex);
        dropped.swap(m_heap);
    }
    // Destroyed outside the lock: an action's captures may be the last owners of something.
}

void ResumeTimer::run()
{
    std::unique_lock lock(m_mutex);
    while (!m_quit) {
        if (m_heap.empty()) {
            m_wake.wait(lock);
            continue;
        }
        const Clock::time_point deadline = m_heap.front().deadline;
        if (Clock::now() < deadline) {
            // libstdc++ waits on CLOCK_MONOTONIC (pthread_cond_clockwait) for the steady clock.
            m_wake.wait_until(lock, deadline);
            continue;
        }
        std::pop_heap(m_heap.begin(), m_heap.end(), later);
        Action action = std::move(m_heap.back().action);
        m_heap.pop_back();
        lock.unlock();
        action();
        action = nullptr; // release captures before taking the lock again
        lock.lock();
    }
}

} // namespace fhw::endpoint::detail
