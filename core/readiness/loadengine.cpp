#include "loadengine_p.h"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <ctime>

namespace fhw::readiness::load {

namespace {

constexpr std::int64_t nanosPerSecond = 1'000'000'000;
constexpr std::uint64_t wakeMarker = UINT64_MAX;
constexpr int maxEvents = 256;

std::int64_t steadyNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

std::int64_t toNanos(std::chrono::milliseconds ms)
{
    return std::int64_t(ms.count()) * 1'000'000;
}

} // namespace

Engine::Engine(EngineSetup setup)
    : m_setup(std::move(setup)), m_plan(*m_setup.plan), m_schedule(*m_setup.schedule), m_settings(*m_setup.settings),
      m_policy(m_settings.retry)
{
    m_nextK = m_setup.index;
    m_nextIntendedNs = m_schedule.nanosOf(m_nextK);
    m_endNs = std::llround(m_schedule.end() * 1e9);
    m_measureStartNs = std::llround(m_schedule.measureStart() * 1e9);
    m_stopNs = m_endNs;
    m_slots.resize(std::size_t(m_setup.connections));
    m_generations.assign(m_slots.size(), 0);
    for (int slot = m_setup.connections - 1; slot >= 0; --slot)
        m_freeSlots.push_back(slot);
    m_idle.resize(m_plan.origins.size());
    m_preferredAddress.assign(m_plan.origins.size(), 0);
    m_bodyTurn.assign(m_plan.kinds.size(), 0);
    m_perKind.assign(m_plan.kinds.size(), 0);
    m_readBuffer.resize(64 * 1024);
}

Engine::~Engine()
{
    for (Slot &slot : m_slots)
        slot.connection.reset();
    if (m_wakeFd >= 0)
        ::close(m_wakeFd);
    if (m_epoll >= 0)
        ::close(m_epoll);
}

bool Engine::init(std::string &error)
{
    m_epoll = ::epoll_create1(EPOLL_CLOEXEC);
    m_wakeFd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.u64 = wakeMarker;
    if (m_epoll < 0 || m_wakeFd < 0 || ::epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_wakeFd, &event) != 0) {
        error = std::string("cannot set up the engine's event loop: ") + std::strerror(errno);
        return false;
    }
    return true;
}

void Engine::wake()
{
    const std::uint64_t one = 1;
    [[maybe_unused]] const auto written = ::write(m_wakeFd, &one, sizeof one);
}

std::int64_t Engine::now() const
{
    return steadyNs() - m_setup.startNs;
}

void Engine::run()
{
    // Waits end within a microsecond or so of when they were asked for (the default slack is 50 µs).
    const int previousSlack = ::prctl(PR_GET_TIMERSLACK);
    ::prctl(PR_SET_TIMERSLACK, 1UL);
    for (;;) {
        const std::int64_t nowNs = now();
        const std::int64_t cancelAt = m_setup.cancelAtNs->load(std::memory_order_acquire);
        if (cancelAt != INT64_MAX) {
            if (!m_stopped)
                stopScheduling(nowNs, true);
            m_drainDeadlineNs = std::min(m_drainDeadlineNs, nowNs + std::min<std::int64_t>(nanosPerSecond, toNanos(m_settings.timeout)));
        }
        if (!m_stopped && nowNs >= m_endNs) {
            dispatch(nowNs); // what fell due before the end, when this wake-up came late
            stopScheduling(nowNs, false);
        }
        if (m_stopped && (m_active == 0 || nowNs >= m_drainDeadlineNs))
            break;
        loopOnce(nowNs);
    }
    endRun();
    if (previousSlack > 0)
        ::prctl(PR_SET_TIMERSLACK, static_cast<unsigned long>(previousSlack));
}

void Engine::loopOnce(std::int64_t nowNs)
{
    if (!m_stopped) {
        while (!m_retries.empty() && m_retries.top().dueNs <= nowNs) {
            m_ready.push_back(m_retries.top().request);
            m_retries.pop();
        }
        dispatch(nowNs);
    }
    if (nowNs >= m_nextDeadlineCheckNs)
        checkDeadlines(nowNs);
    closeSeconds(false);
    if (m_setup.onTick && nowNs >= std::int64_t(m_nextTick) * nanosPerSecond) {
        m_setup.onTick(m_nextTick);
        m_nextTick = int(nowNs / nanosPerSecond) + 1;
    }
    waitForEvents(nowNs);
}

void Engine::waitForEvents(std::int64_t nowNs)
{
    std::int64_t wakeAt = m_nextDeadlineCheckNs;
    if (!m_stopped) {
        // When requests are due but every connection is busy, only an event can help: no timer.
        const bool due = !m_ready.empty() || m_nextIntendedNs <= nowNs;
        if (!due)
            wakeAt = std::min(wakeAt, m_nextIntendedNs);
        wakeAt = std::min(wakeAt, m_endNs);
        if (!m_retries.empty())
            wakeAt = std::min(wakeAt, m_retries.top().dueNs);
    } else {
        wakeAt = std::min(wakeAt, m_drainDeadlineNs);
    }
    if (m_setup.onTick)
        wakeAt = std::min(wakeAt, std::int64_t(m_nextTick) * nanosPerSecond);
    const std::int64_t wait = std::max<std::int64_t>(0, wakeAt - nowNs);

    epoll_event events[maxEvents];
    int count = 0;
    if (m_pwait2) {
        const timespec timeout{time_t(wait / nanosPerSecond), long(wait % nanosPerSecond)};
        count = ::epoll_pwait2(m_epoll, events, maxEvents, &timeout, nullptr);
        if (count < 0 && errno == ENOSYS)
            m_pwait2 = false; // a kernel before 5.11: millisecond waits
    }
    if (!m_pwait2)
        count = ::epoll_wait(m_epoll, events, maxEvents, int(std::min<std::int64_t>((wait + 999'999) / 1'000'000, 60'000)));
    if (count <= 0)
        return;
    const std::int64_t at = now();
    for (int i = 0; i < count; ++i) {
        const std::uint64_t data = events[i].data.u64;
        if (data == wakeMarker) {
            std::uint64_t value = 0;
            [[maybe_unused]] const auto got = ::read(m_wakeFd, &value, sizeof value);
            continue;
        }
        const int slot = int(data & 0xffffffffu);
        const auto generation = std::uint32_t(data >> 32);
        const Slot &entry = m_slots[std::size_t(slot)];
        if (entry.connection && entry.connection->generation() == generation)
            handleEvent(slot, events[i].events, at);
    }
}

void Engine::handleEvent(int slot, std::uint32_t events, std::int64_t nowNs)
{
    Connection &connection = *m_slots[std::size_t(slot)].connection;
    const std::uint32_t generation = connection.generation();
    const auto stillThere = [&] {
        const auto &entry = m_slots[std::size_t(slot)].connection;
        return entry && entry->generation() == generation;
    };
    switch (connection.stage()) {
    case Connection::Stage::Connecting:
    case Connection::Stage::Handshaking:
        onConnectProgress(slot, nowNs);
        return;
    case Connection::Stage::Open:
        break;
    }
    if (!connection.busy) {
        // An idle kept-alive connection: the server closed it (or sent what we never asked for), or
        // TLS 1.3 session tickets arrived, which the read consumes.
        const Io io = connection.read(m_readBuffer.data(), m_readBuffer.size());
        if (io != Io::WantRead && io != Io::WantWrite)
            closeConnection(slot);
        return;
    }
    if (connection.writing()) {
        afterWrite(slot, connection.continueWrite(), nowNs);
        if (!stillThere() || connection.writing())
            return;
    }
    if (events & (EPOLLIN | EPOLLERR | EPOLLHUP))
        onReadable(slot, nowNs);
}

void Engine::dispatch(std::int64_t nowNs)
{
    for (;;) {
        bool fromSchedule = false;
        int kind = 0;
        if (!m_ready.empty()) {
            kind = m_ready.front().kind;
        } else if (m_nextIntendedNs <= nowNs && m_nextIntendedNs < m_stopNs) {
            kind = m_plan.kindOf(m_nextK);
            fromSchedule = true;
        } else {
            return;
        }
        bool failedNow = false;
        const char *failKind = "connect";
        const int slot = acquireConnection(m_plan.kinds[std::size_t(kind)].origin, nowNs, failedNow, failKind);
        if (slot < 0 && !failedNow)
            return; // every connection is busy: the request waits, its latency clock running
        Request request;
        if (fromSchedule) {
            request = takeScheduled();
        } else {
            request = m_ready.front();
            m_ready.pop_front();
        }
        if (failedNow) {
            attemptDone(request, 0, failKind, {}, nowNs);
            continue;
        }
        Slot &entry = m_slots[std::size_t(slot)];
        entry.request = request;
        entry.connection->busy = true;
        if (entry.connection->stage() == Connection::Stage::Open)
            startAttempt(slot, nowNs);
    }
}

Engine::Request Engine::takeScheduled()
{
    Request request;
    request.k = m_nextK;
    request.intendedNs = m_nextIntendedNs;
    request.kind = m_plan.kindOf(m_nextK);
    const auto bodies = std::uint32_t(m_plan.kinds[std::size_t(request.kind)].requests.size());
    request.body = m_bodyTurn[std::size_t(request.kind)]++ % bodies;
    if (request.intendedNs >= m_measureStartNs) {
        request.second = std::int32_t((request.intendedNs - m_measureStartNs) / nanosPerSecond);
        Second &accumulator = second(request.second);
        ++accumulator.part.counts.scheduled;
        ++accumulator.taken;
        ++m_perKind[std::size_t(request.kind)];
    }
    ++m_active;
    m_nextK += m_setup.threads;
    m_nextIntendedNs = m_schedule.nanosOf(m_nextK);
    return request;
}

int Engine::acquireConnection(int origin, std::int64_t nowNs, bool &failedNow, const char *&failKind)
{
    std::vector<int> &idle = m_idle[std::size_t(origin)];
    if (!idle.empty()) {
        const int slot = idle.back();
        removeIdle(slot);
        return slot;
    }
    if (m_connections >= m_setup.connections) {
        // All connections are open: an idle one to another origin makes room (mixes with one URL
        // per family), so the oldest waiting request is never starved.
        for (std::size_t other = 0; other < m_idle.size(); ++other) {
            if (!m_idle[other].empty()) {
                closeConnection(m_idle[other].back());
                break;
            }
        }
        if (m_connections >= m_setup.connections)
            return -1;
    }
    const int slot = openConnection(origin, nowNs);
    if (slot < 0) {
        failedNow = true;
        failKind = "connect";
    }
    return slot;
}

int Engine::openConnection(int origin, std::int64_t nowNs)
{
    const int slot = m_freeSlots.back();
    m_freeSlots.pop_back();
    Slot &entry = m_slots[std::size_t(slot)];
    entry.connection = std::make_unique<Connection>(origin, ++m_generations[std::size_t(slot)]);
    ++m_connections;
    m_open.fetch_add(1, std::memory_order_relaxed);
    entry.connection->deadlineNs = nowNs + toNanos(m_settings.connectTimeout);
    m_nextDeadlineCheckNs = std::min(m_nextDeadlineCheckNs, entry.connection->deadlineNs);
    if (connectNextAddress(slot))
        return slot;
    closeConnection(slot);
    return -1;
}

bool Engine::connectNextAddress(int slot)
{
    Connection &connection = *m_slots[std::size_t(slot)].connection;
    const auto &addresses = m_plan.origins[std::size_t(connection.origin())].addresses;
    const int count = int(addresses.size());
    while (connection.addressTries < count) {
        connection.addressIndex = (m_preferredAddress[std::size_t(connection.origin())] + connection.addressTries) % count;
        ++connection.addressTries;
        if (connection.connect(addresses[std::size_t(connection.addressIndex)]) == Io::Failed)
            continue;
        // A new socket (the previous one, if any, left the epoll set when it was closed).
        epoll_event event{};
        event.events = EPOLLIN | EPOLLOUT;
        event.data.u64 = (std::uint64_t(connection.generation()) << 32) | std::uint32_t(slot);
        if (::epoll_ctl(m_epoll, EPOLL_CTL_ADD, connection.fd(), &event) != 0)
            return false;
        connection.events = event.events;
        return true;
    }
    return false;
}

void Engine::closeConnection(int slot)
{
    Slot &entry = m_slots[std::size_t(slot)];
    if (!entry.connection)
        return;
    removeIdle(slot);
    entry.connection.reset(); // closing the socket takes it out of the epoll set
    m_freeSlots.push_back(slot);
    --m_connections;
    m_open.fetch_sub(1, std::memory_order_relaxed);
}

void Engine::setInterest(int slot, std::uint32_t events)
{
    Connection &connection = *m_slots[std::size_t(slot)].connection;
    if (connection.events == events)
        return;
    epoll_event event{};
    event.events = events;
    event.data.u64 = (std::uint64_t(connection.generation()) << 32) | std::uint32_t(slot);
    ::epoll_ctl(m_epoll, EPOLL_CTL_MOD, connection.fd(), &event);
    connection.events = events;
}

void Engine::makeIdle(int slot)
{
    Connection &connection = *m_slots[std::size_t(slot)].connection;
    connection.busy = false;
    connection.deadlineNs = 0;
    std::vector<int> &idle = m_idle[std::size_t(connection.origin())];
    connection.idleIndex = int(idle.size());
    idle.push_back(slot);
}

void Engine::removeIdle(int slot)
{
    Connection &connection = *m_slots[std::size_t(slot)].connection;
    if (connection.idleIndex < 0)
        return;
    std::vector<int> &idle = m_idle[std::size_t(connection.origin())];
    const int last = idle.back();
    idle[std::size_t(connection.idleIndex)] = last;
    m_slots[std::size_t(last)].connection->idleIndex = connection.idleIndex;
    idle.pop_back();
    connection.idleIndex = -1;
}

void Engine::onConnectProgress(int slot, std::int64_t nowNs)
{
    Connection &connection = *m_slots[std::size_t(slot)].connection;
    const Origin &origin = m_plan.origins[std::size_t(connection.origin())];
    Io io = Io::Done;
    if (connection.stage() == Connection::Stage::Connecting) {
        io = connection.finishConnect(origin.https ? m_setup.tls.get() : nullptr, origin);
        // Refused on this address (say ::1 for "localhost", where the server listens on 127.0.0.1):
        // the next one, on a new socket.
        if (io == Io::Failed && connectNextAddress(slot))
            return;
        if (io == Io::Done)
            m_preferredAddress[std::size_t(connection.origin())] = connection.addressIndex;
    }
    if (io == Io::Done && connection.stage() == Connection::Stage::Handshaking)
        io = connection.handshake();
    switch (io) {
    case Io::Done:
        onConnected(slot, nowNs);
        return;
    case Io::WantRead:
        setInterest(slot, EPOLLIN);
        return;
    case Io::WantWrite:
        setInterest(slot, EPOLLIN | EPOLLOUT);
        return;
    case Io::Closed:
    case Io::Failed:
        failConnection(slot, connection.stage() == Connection::Stage::Handshaking ? "tls" : "connect", nowNs, false);
        return;
    }
}

void Engine::onConnected(int slot, std::int64_t nowNs)
{
    Connection &connection = *m_slots[std::size_t(slot)].connection;
    connection.deadlineNs = 0;
    setInterest(slot, EPOLLIN);
    if (connection.busy)
        startAttempt(slot, nowNs);
    else
        makeIdle(slot);
}

void Engine::startAttempt(int slot, std::int64_t)
{
    Slot &entry = m_slots[std::size_t(slot)];
    Request &request = entry.request;
    Connection &connection = *entry.connection;
    const std::int64_t nowNs = now(); // fresh: service time starts at the write itself
    if (request.attempt == 1 && request.firstWrittenNs < 0)
        request.firstWrittenNs = nowNs;
    if (request.attemptsSent < request.attempt) { // not when re-sent after a stale keep-alive
        request.attemptsSent = request.attempt;
        if (request.attempt > 1 && request.second >= 0)
            ++second(request.second).part.counts.retries;
    }
    connection.deadlineNs = nowNs + toNanos(m_settings.timeout);
    m_nextDeadlineCheckNs = std::min(m_nextDeadlineCheckNs, connection.deadlineNs);
    const std::string &bytes = m_plan.kinds[std::size_t(request.kind)].requests[request.body];
    afterWrite(slot, connection.write(bytes), nowNs);
}

void Engine::afterWrite(int slot, Io io, std::int64_t nowNs)
{
    Connection &connection = *m_slots[std::size_t(slot)].connection;
    switch (io) {
    case Io::Done:
    case Io::WantRead:
        setInterest(slot, EPOLLIN);
        return;
    case Io::WantWrite:
        setInterest(slot, EPOLLIN | EPOLLOUT);
        return;
    case Io::Closed:
        failConnection(slot, "reset", nowNs, true);
        return;
    case Io::Failed:
        failConnection(slot, connection.errorKind(), nowNs, std::strcmp(connection.errorKind(), "reset") == 0);
        return;
    }
}

void Engine::onReadable(int slot, std::int64_t nowNs)
{
    Connection &connection = *m_slots[std::size_t(slot)].connection;
    Io io = connection.read(m_readBuffer.data(), m_readBuffer.size());
    ResponseParser &parser = connection.parser();
    if (io == Io::Closed && parser.started() && parser.finishAtClose() == ResponseParser::State::Complete)
        io = Io::Done; // a body delimited by the close
    switch (io) {
    case Io::Done: {
        const int status = parser.status();
        const char *failure = parser.functionError() ? functionErrorKind : nullptr; // Lambda: 200 but failed
        const std::string retryAfter = m_settings.retries ? parser.retryAfter() : std::string();
        const Request request = m_slots[std::size_t(slot)].request;
        ++connection.requestsServed;
        if (parser.keepAlive() && io == Io::Done) {
            setInterest(slot, EPOLLIN);
            makeIdle(slot);
        } else {
            closeConnection(slot);
        }
        attemptDone(request, status, failure, retryAfter, nowNs);
        return;
    }
    case Io::WantRead:
        return;
    case Io::WantWrite:
        setInterest(slot, EPOLLIN | EPOLLOUT);
        return;
    case Io::Closed:
        failConnection(slot, "reset", nowNs, !parser.started());
        return;
    case Io::Failed:
        failConnection(slot, connection.errorKind(), nowNs,
                       !parser.started() && std::strcmp(connection.errorKind(), "reset") == 0);
        return;
    }
}

void Engine::failConnection(int slot, const char *kind, std::int64_t nowNs, bool mayBeStale)
{
    Slot &entry = m_slots[std::size_t(slot)];
    const bool hadRequest = entry.connection->busy;
    const bool reused = entry.connection->requestsServed > 0;
    Request request = entry.request;
    closeConnection(slot);
    if (!hadRequest)
        return;
    // A kept-alive connection the server had closed just as we wrote: every HTTP client sends such a
    // request again, once, on a new connection; it is not the endpoint's failure.
    if (mayBeStale && reused && !request.resentOnStale && !m_stopped) {
        request.resentOnStale = true;
        if (request.attempt == 1)
            request.firstWrittenNs = -1;
        m_ready.push_front(request);
        return;
    }
    attemptDone(request, 0, kind, {}, nowNs);
}

} // namespace fhw::readiness::load
