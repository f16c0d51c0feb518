// The engine's bookkeeping: what an attempt's outcome means for its request (retry or final), what
// is recorded where, the per-second accounting, deadlines, and the end of the run.

#include "loadengine_p.h"

#include <algorithm>
#include <cstring>

namespace fhw::readiness::load {

namespace {

constexpr std::int64_t nanosPerSecond = 1'000'000'000;

std::int64_t toMicros(std::int64_t nanos)
{
    return std::max<std::int64_t>(0, (nanos + 500) / 1000);
}

} // namespace

void Engine::attemptDone(Request request, int status, const char *error, std::string_view retryAfter, std::int64_t nowNs)
{
    // The histograms hold first attempts only: what the endpoint did when first asked. A timed-out
    // attempt is recorded when it was given up (a lower bound), so an endpoint that never answers
    // cannot look fast; a refused or reset connection gives no time worth recording.
    if (request.attempt == 1 && (status > 0 || (error && std::strcmp(error, "timeout") == 0)))
        recordFirst(request, nowNs);
    request.lastStatus = status;
    request.lastError = error;
    const bool functionError = status > 0 && error == functionErrorKind;
    if (m_settings.retries && !m_stopped
        && (functionError || transport::RetryPolicy::classify(status) == transport::Outcome::Retry)) {
        const auto delay = m_policy.delayBefore(request.attempt + 1, retryAfter.empty()
                                                                         ? std::optional<std::string_view>()
                                                                         : std::optional<std::string_view>(retryAfter));
        if (delay) {
            ++request.attempt; // counted in `retries` when it is sent
            m_retries.push(Retry{nowNs + std::int64_t(delay->count()) * 1'000'000, request});
            return;
        }
    }
    finish(request);
}

void Engine::recordFirst(const Request &request, std::int64_t nowNs)
{
    if (request.second < 0)
        return;
    SecondPart &part = second(request.second).part;
    if (!part.latency) {
        part.latency = std::make_unique<LatencyHistogram>();
        part.service = std::make_unique<LatencyHistogram>();
    }
    part.latency->record(toMicros(nowNs - request.intendedNs));
    if (request.firstWrittenNs >= 0)
        part.service->record(toMicros(nowNs - request.firstWrittenNs));
}

void Engine::finish(const Request &request)
{
    --m_active;
    if (request.second < 0)
        return;
    Second &accumulator = second(request.second);
    ++accumulator.finished;
    LoadCounts &counts = accumulator.part.counts;
    if (request.lastStatus > 0 && request.lastError == functionErrorKind) {
        // Answered, but failed in the function: a failure for the verdict, not a status of its own.
        ++counts.completed;
        ++counts.errors;
        ++counts.errorKinds[functionErrorKind];
    } else if (request.lastStatus > 0) {
        ++counts.completed;
        ++counts.statuses[request.lastStatus];
        if (request.lastStatus == 200 || request.lastStatus == 202) {
            ++counts.accepted;
            if (request.attempt > 1)
                ++counts.retriedThenAccepted;
        } else if (request.lastStatus == 429) {
            ++counts.throttled;
        }
    } else {
        ++counts.errors;
        ++counts.errorKinds[request.lastError ? request.lastError : "connect"];
    }
}

// Scheduled but never finished (not sent before the end, or unanswered by the drain deadline).
void Engine::abandon(const Request &request)
{
    --m_active;
    if (request.second < 0)
        return;
    ++second(request.second).finished;
    ++m_inFlightAtEnd;
}

Engine::Second &Engine::second(int index)
{
    // Seconds close in order once all their requests finished, so nothing refers to a closed one.
    while (m_firstOpenSecond + int(m_seconds.size()) <= index)
        m_seconds.emplace_back();
    return m_seconds[std::size_t(std::max(0, index - m_firstOpenSecond))];
}

void Engine::closeSeconds(bool force)
{
    const int measured = int(m_settings.duration.count());
    // With force (the end of the run): every second up to where scheduling stopped.
    const int last = force ? int((std::max<std::int64_t>(0, m_stopNs - m_measureStartNs) + nanosPerSecond - 1) / nanosPerSecond)
                           : measured;
    while (m_firstOpenSecond < std::min(last, measured)) {
        if (!force) {
            if (m_stopped)
                return; // the end closes the rest, with what never got sent
            const std::int64_t secondEnd = m_measureStartNs + std::int64_t(m_firstOpenSecond + 1) * nanosPerSecond;
            if (m_nextIntendedNs < secondEnd)
                return; // this thread has more to schedule in it
            if (!m_seconds.empty() && m_seconds.front().taken != m_seconds.front().finished)
                return;
        }
        SecondPart part;
        if (!m_seconds.empty()) {
            part = std::move(m_seconds.front().part);
            m_seconds.pop_front();
        }
        m_setup.collector->submit(m_firstOpenSecond, std::move(part));
        ++m_firstOpenSecond;
    }
}

void Engine::checkDeadlines(std::int64_t nowNs)
{
    std::int64_t next = INT64_MAX;
    for (int slot = 0; slot < int(m_slots.size()); ++slot) {
        const Connection *connection = m_slots[std::size_t(slot)].connection.get();
        if (!connection || connection->deadlineNs == 0)
            continue;
        if (connection->deadlineNs > nowNs) {
            next = std::min(next, connection->deadlineNs);
            continue;
        }
        switch (connection->stage()) {
        case Connection::Stage::Connecting:
            failConnection(slot, "connect", nowNs, false);
            break;
        case Connection::Stage::Handshaking:
            failConnection(slot, "tls", nowNs, false);
            break;
        case Connection::Stage::Open:
            failConnection(slot, "timeout", nowNs, false);
            break;
        }
    }
    m_nextDeadlineCheckNs = next;
}

void Engine::stopScheduling(std::int64_t nowNs, bool cancelled)
{
    m_stopped = true;
    if (cancelled) {
        // Where the cancel came in; never before a request this thread already took.
        const std::int64_t cancelAt = m_setup.cancelAtNs->load(std::memory_order_acquire);
        const std::int64_t lastTaken = m_nextK >= m_setup.threads ? m_schedule.nanosOf(m_nextK - m_setup.threads) : -1;
        m_stopNs = std::min(m_endNs, std::max(cancelAt, lastTaken + 1));
        m_drainDeadlineNs = nowNs + std::min<std::int64_t>(nanosPerSecond, std::int64_t(m_settings.timeout.count()) * 1'000'000);
    } else {
        m_stopNs = m_endNs;
        m_drainDeadlineNs = nowNs + std::int64_t(m_settings.timeout.count()) * 1'000'000;
    }
    // What was due but never sent: scheduled, not finished. Counted per second by arithmetic, as an
    // unreachable rate (the top-rate benchmark) leaves millions behind.
    const std::int64_t unsentEnd = m_schedule.firstAtOrAfterNanos(m_stopNs);
    const auto mine = [this](std::int64_t from, std::int64_t to) { // k ≡ index (mod threads) in [from, to)
        const auto upTo = [this](std::int64_t n) {
            return n > m_setup.index ? (n - m_setup.index + m_setup.threads - 1) / m_setup.threads : 0;
        };
        return std::max<std::int64_t>(0, upTo(to) - upTo(from));
    };
    std::int64_t from = std::max(m_nextK, m_schedule.firstAtOrAfterNanos(m_measureStartNs));
    for (int index = 0; from < unsentEnd; ++index) {
        const std::int64_t secondEnd = std::min(
            unsentEnd, m_schedule.firstAtOrAfterNanos(m_measureStartNs + std::int64_t(index + 1) * nanosPerSecond));
        if (secondEnd <= from)
            continue;
        const std::int64_t count = mine(from, secondEnd);
        second(index).part.counts.scheduled += count;
        m_inFlightAtEnd += count;
        from = secondEnd;
    }
    if (m_perKind.size() == 1) {
        m_perKind[0] += mine(std::max(m_nextK, m_schedule.firstAtOrAfterNanos(m_measureStartNs)), unsentEnd);
    } else {
        const std::int64_t start = std::max(m_nextK, m_schedule.firstAtOrAfterNanos(m_measureStartNs));
        const std::int64_t threads = m_setup.threads;
        for (std::int64_t k = start + ((m_setup.index - start % threads) % threads + threads) % threads; k < unsentEnd;
             k += threads)
            ++m_perKind[std::size_t(m_plan.kindOf(k))];
    }
    m_nextK += mine(m_nextK, unsentEnd) * m_setup.threads;
    m_nextIntendedNs = m_schedule.nanosOf(m_nextK);
    // Waiting retries end with the answer they had; re-sends never sent are abandoned.
    while (!m_retries.empty()) {
        finish(m_retries.top().request);
        m_retries.pop();
    }
    for (const Request &request : m_ready) {
        if (request.lastStatus > 0 || request.lastError)
            finish(request);
        else
            abandon(request);
    }
    m_ready.clear();
}

void Engine::endRun()
{
    for (int slot = 0; slot < int(m_slots.size()); ++slot) {
        const Connection *connection = m_slots[std::size_t(slot)].connection.get();
        if (!connection)
            continue;
        if (connection->busy)
            abandon(m_slots[std::size_t(slot)].request);
        closeConnection(slot);
    }
    closeSeconds(true);
}

} // namespace fhw::readiness::load
