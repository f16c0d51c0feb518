#include "endpoint_p.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <random>
#include <thread>

namespace fhw::endpoint {

using detail::Hold;

namespace {

// libmicrohttpd's per-connection memory pool holds the request line and headers, its records of
// them, the body read buffer and the response headers. The header limit plus 8 KiB lets a full
// maxHeaderBytes of headers in, and headers somewhat past it still reach the access handler for our
// own 431 with a JSON body; only far larger ones hit libmicrohttpd's own 431 (HTML). No bigger:
// libmicrohttpd 0.9.75 zeroes the pool's read buffer for every request on a kept-alive connection,
// which at 32 KiB was the largest single cost per small request after the JSON work.
std::size_t connectionMemoryLimit(const EndpointConfig &config)
{
    return std::max<std::size_t>(16 * 1024, config.maxHeaderBytes + 8 * 1024);
}

struct BindAddress
{
    sockaddr_storage storage{};
    bool v6 = false;
    std::string host; // for URLs: "127.0.0.1", "[::1]"
    bool loopback = false;
};

std::expected<BindAddress, Error> parseBindAddress(const std::string &text, std::uint16_t port)
{
    BindAddress out;
    const std::string address = text.empty() || text == "localhost" ? std::string("127.0.0.1") : text;
    auto *v4 = reinterpret_cast<sockaddr_in *>(&out.storage);
    auto *v6 = reinterpret_cast<sockaddr_in6 *>(&out.storage);
    if (inet_pton(AF_INET, address.c_str(), &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons(port);
        out.loopback = (ntohl(v4->sin_addr.s_addr) >> 24) == 127;
        // A wildcard bind is reached locally through loopback.
        out.host = v4->sin_addr.s_addr == htonl(INADDR_ANY) ? std::string("127.0.0.1") : address;
        return out;
    }
    std::string bare = address;
    if (bare.size() > 2 && bare.front() == '[' && bare.back() == ']')
        bare = bare.substr(1, bare.size() - 2);
    if (inet_pton(AF_INET6, bare.c_str(), &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons(port);
        out.v6 = true;
        out.loopback = IN6_IS_ADDR_LOOPBACK(&v6->sin6_addr);
        out.host = IN6_IS_ADDR_UNSPECIFIED(&v6->sin6_addr) ? std::string("[::1]") : "[" + bare + "]";
        return out;
    }
    return std::unexpected(Error{"endpoint.bad-address",
                                 "'" + text + "' is not an IPv4 or IPv6 address; the endpoint binds a numeric "
                                 "address such as 127.0.0.1 (the default) or ::1"});
}

// libmicrohttpd's thread pool: parsing and validating dominate each request, so one thread per core
// (bounded: a desktop tool should not take a big machine over) is what keeps up with a load tool.
unsigned int serverThreads(const EndpointConfig &config)
{
    if (config.threads > 0)
        return std::min(config.threads, 64u);
    return std::clamp(std::thread::hardware_concurrency(), 1u, 4u);
}

std::string describeBind(const std::string &host, std::uint16_t port)
{
    return host + ":" + std::to_string(port);
}

std::uint64_t randomSeed()
{
    std::random_device device;
    return (std::uint64_t(device()) << 32) ^ device();
}

} // namespace

// ---- Private: life cycle -------------------------------------------------------------------------

Endpoint::Private::Private(EndpointConfig config)
    : m_config(std::make_shared<const EndpointConfig>(std::move(config)))
    , m_capture(m_config->captureCapacity)
    , m_responder(randomSeed())
    , m_faults(randomSeed())
    , m_lambda(randomSeed())
{
}

Endpoint::Private::~Private()
{
    const std::lock_guard lock(m_lifecycleMutex);
    stopLocked();
}

std::shared_ptr<const EndpointConfig> Endpoint::Private::snapshot() const
{
    const std::lock_guard lock(m_configMutex);
    return m_config;
}

void Endpoint::Private::onLog(void *cls, const char *format, va_list args)
{
    // libmicrohttpd reports client mistakes here too (bad requests, time-outs): keep only the last
    // line, for explaining a failed start, instead of printing to stderr.
    auto *self = static_cast<Private *>(cls);
    char text[512];
    std::vsnprintf(text, sizeof text, format, args);
    std::string line(text);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r'))
        line.pop_back();
    const std::lock_guard lock(self->m_logMutex);
    self->m_lastLog = std::move(line);
}

std::expected<std::uint16_t, Error> Endpoint::Private::startLocked(std::optional<std::uint16_t> preferredPort)
{
    if (m_daemon) {
        const std::lock_guard state(m_stateMutex);
        return m_port;
    }
    const auto config = snapshot();
    const std::uint16_t port = preferredPort.value_or(config->port);
    auto bind = parseBindAddress(config->bindAddress, port);
    if (!bind)
        return std::unexpected(bind.error());

    if (auto file = m_capture.setFile(config->captureFile); !file)
        return std::unexpected(Error{"endpoint.capture-file", file.error().message});
    m_capture.setCapacity(config->captureCapacity);
    m_lambda.reset(); // a new start is a new execution environment: the next invocations are cold
    if (!m_timer)
        m_timer = std::make_unique<detail::ResumeTimer>();
    {
        const std::lock_guard logLock(m_logMutex);
        m_lastLog.clear();
    }

    unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG;
    if (bind->v6)
        flags |= MHD_USE_IPv6;
    const auto timeout = static_cast<unsigned int>(std::max<std::int64_t>(1, config->connectionTimeout.count()));
    const unsigned int threads = serverThreads(*config);
    errno = 0;
    // The logger goes first so that no message reaches libmicrohttpd's default (stderr) logger.
    MHD_Daemon *daemon = MHD_start_daemon(
        flags, 0, nullptr, nullptr, &Private::onAccess, this,
        MHD_OPTION_EXTERNAL_LOGGER, &Private::onLog, this,
        MHD_OPTION_SOCK_ADDR, reinterpret_cast<const sockaddr *>(&bind->storage),
        MHD_OPTION_CONNECTION_TIMEOUT, timeout,
        MHD_OPTION_CONNECTION_LIMIT, static_cast<unsigned int>(std::max(1u, config->connectionLimit)),
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, connectionMemoryLimit(*config),
        MHD_OPTION_NOTIFY_COMPLETED, &Private::onCompleted, this,
        // One thread is no pool: libmicrohttpd wants the option left out then.
        threads > 1 ? MHD_OPTION_THREAD_POOL_SIZE : MHD_OPTION_END, threads,
        MHD_OPTION_END);
    const int error = errno;
    if (!daemon) {
        std::string logged;
        {
            const std::lock_guard logLock(m_logMutex);
            logged = m_lastLog;
        }
        const std::string where = describeBind(bind->host, port);
        if (error == EADDRINUSE) {
            return std::unexpected(Error{"endpoint.port-in-use",
                                         "port " + std::to_string(port) + " on " + bind->host
                                             + " is already in use (another endpoint or program listens there); "
                                               "choose another port, or 0 for any free one"});
        }
        if (error == EADDRNOTAVAIL) {
            return std::unexpected(Error{"endpoint.bad-address", "cannot listen on " + where + ": " + config->bindAddress
                                                                     + " is not an address of this machine"});
        }
        if (error == EACCES) {
            return std::unexpected(Error{"endpoint.start-failed",
                                         "cannot listen on " + where + ": permission denied (ports below 1024 need "
                                                                       "privileges)"});
        }
        return std::unexpected(Error{"endpoint.start-failed",
                                     "cannot listen on " + where + ": "
                                         + (logged.empty() ? std::string(error ? std::strerror(error) : "unknown error")
                                                           : logged)});
    }
    const MHD_DaemonInfo *info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
    m_daemon = daemon;
    const std::lock_guard state(m_stateMutex);
    m_running = true;
    m_port = info ? info->port : port;
    m_host = bind->host;
    m_boundAddress = config->bindAddress;
    m_captureFileInUse = config->captureFile;
    m_warnings.clear();
    if (!bind->loopback) {
        m_warnings.push_back("listening on " + config->bindAddress + " port " + std::to_string(m_port)
                             + ", which is not a loopback address: other machines can reach this endpoint"
                             + (config->token ? std::string() : std::string(", and it requires no token")));
    }
    return m_port;
}

void Endpoint::Private::stopLocked()
{
    if (!m_daemon)
        return;
    {
        const std::lock_guard state(m_stateMutex);
        m_running = false;
    }
    // No new holds from here on; wake every held connection so that it closes. libmicrohttpd must
    // not be stopped with connections still suspended.
    std::vector<std::shared_ptr<Hold>> held;
    {
        const std::lock_guard holdsLock(m_holdsMutex);
        m_stopping = true;
        held.assign(m_holds.begin(), m_holds.end());
    }
    for (const auto &hold : held)
        hold->resume(Hold::Wake::Close);
    {
        std::unique_lock holdsLock(m_holdsMutex);
        m_holdsEmpty.wait_for(holdsLock, std::chrono::seconds(2), [this] { return m_holds.empty(); });
    }
    MHD_stop_daemon(m_daemon);
    m_daemon = nullptr;
    if (m_timer)
        m_timer->clear();
    {
        const std::lock_guard holdsLock(m_holdsMutex);
        m_holds.clear();
        m_stopping = false;
    }
}

void Endpoint::Private::release(const std::shared_ptr<Hold> &hold)
{
    const std::lock_guard lock(m_holdsMutex);
    m_holds.erase(hold);
    if (m_holds.empty())
        m_holdsEmpty.notify_all();
}

transport::HttpSender &Endpoint::Private::sender()
{
    // Made on first use: most endpoints never proxy, and the sender owns a thread.
    const std::lock_guard lock(m_senderMutex);
    if (!m_sender)
        m_sender = std::make_unique<transport::HttpSender>();
    return *m_sender;
}

// ---- Endpoint ------------------------------------------------------------------------------------

Endpoint::Endpoint(EndpointConfig config) : d(std::make_unique<Private>(std::move(config))) {}

Endpoint::~Endpoint() = default; // ~Private stops

std::expected<std::uint16_t, Error> Endpoint::start()
{
    const std::lock_guard lock(d->m_lifecycleMutex);
    return d->startLocked(std::nullopt);
}

void Endpoint::stop()
{
    const std::lock_guard lock(d->m_lifecycleMutex);
    d->stopLocked();
}

std::expected<std::uint16_t, Error> Endpoint::restart()
{
    const std::lock_guard lock(d->m_lifecycleMutex);
    std::optional<std::uint16_t> keep;
    {
        const auto config = d->snapshot();
        const std::lock_guard state(d->m_stateMutex);
        if (d->m_running && config->port == 0 && config->bindAddress == d->m_boundAddress)
            keep = d->m_port;
    }
    d->stopLocked();
    if (keep) {
        auto started = d->startLocked(keep);
        if (started || started.error().code != "endpoint.port-in-use")
            return started;
    }
    return d->startLocked(std::nullopt);
}

bool Endpoint::isRunning() const
{
    const std::lock_guard lock(d->m_stateMutex);
    return d->m_running;
}

std::uint16_t Endpoint::port() const
{
    const std::lock_guard lock(d->m_stateMutex);
    return d->m_running ? d->m_port : 0;
}

std::string Endpoint::url() const
{
    {
        const std::lock_guard lock(d->m_stateMutex);
        if (d->m_running)
            return "http://" + d->m_host + ":" + std::to_string(d->m_port) + "/";
    }
    const auto config = d->snapshot();
    const auto bind = parseBindAddress(config->bindAddress, config->port);
    return "http://" + (bind ? bind->host : config->bindAddress) + ":" + std::to_string(config->port) + "/";
}

void Endpoint::setConfig(EndpointConfig config)
{
    auto next = std::make_shared<const EndpointConfig>(std::move(config));
    {
        const std::lock_guard lock(d->m_configMutex);
        d->m_config = next;
    }
    d->m_capture.setCapacity(next->captureCapacity);
    const std::lock_guard lock(d->m_stateMutex);
    if (d->m_running && next->captureFile != d->m_captureFileInUse) {
        d->m_captureFileInUse = next->captureFile;
        std::erase_if(d->m_warnings, [](const std::string &w) { return w.starts_with("capture file: "); });
        if (auto file = d->m_capture.setFile(next->captureFile); !file)
            d->m_warnings.push_back("capture file: " + file.error().message);
    }
}

EndpointConfig Endpoint::config() const
{
    return *d->snapshot();
}

std::vector<std::string> Endpoint::warnings() const
{
    {
        const std::lock_guard lock(d->m_stateMutex);
        if (d->m_running)
            return d->m_warnings;
    }
    // Not listening: say what the configured address would mean.
    const auto config = d->snapshot();
    const auto bind = parseBindAddress(config->bindAddress, config->port);
    if (bind && !bind->loopback)
        return {"the bind address " + config->bindAddress + " is not loopback: other machines could reach this endpoint"};
    return {};
}

CaptureLog &Endpoint::capture()
{
    return d->m_capture;
}

} // namespace fhw::endpoint
