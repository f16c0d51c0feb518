#pragma once

// Private to core/endpoint: the state behind Endpoint. endpoint.cpp holds the life cycle (start,
// stop, config); endpointhandler.cpp the libmicrohttpd callbacks and what each request gets.

#include "endpoint.h"
#include "faultinjector_p.h"
#include "lambdainvoke_p.h"
#include "referenceresponder.h"
#include "resumetimer_p.h"

#include "transport/httpsender.h"

#include <microhttpd.h>

#include <chrono>
#include <condition_variable>
#include <cstdarg>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

namespace fhw::endpoint {

namespace detail {

// What is sent back: status, body (always JSON) and any extra headers (Allow, Retry-After, ...).
struct Reply
{
    int status = 200;
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers; // Content-Type defaults to JSON
};

// A suspended connection, resumed exactly once: by the timer (delay reached, no-answer time-out),
// by the proxy's answer, or by stop(). Shared between those threads, hence the mutex. A suspended
// connection stays valid until resumed (libmicrohttpd closes none while suspended), so resume() may
// call MHD_resume_connection from any thread.
struct Hold
{
    enum class Wake { Answer, Close };

    std::mutex mutex;
    MHD_Connection *connection = nullptr;
    bool resumed = false;
    Wake wake = Wake::Answer;
    // The proxy leg, filled by the sender's callback before it resumes.
    std::optional<transport::SendResult> upstream;
    std::int64_t upstreamUs = 0;
    std::optional<transport::HttpSender::Id> sendId;

    bool resume(Wake why)
    {
        const std::lock_guard lock(mutex);
        if (resumed)
            return false;
        resumed = true;
        wake = why;
        MHD_resume_connection(connection);
        return true;
    }
};

// One request on one connection (libmicrohttpd's per-request pointer), from its headers to its end.
struct RequestState
{
    enum class Phase { Receiving, Held, Answered };

    std::shared_ptr<const EndpointConfig> config; // the snapshot this request is served with
    Phase phase = Phase::Receiving;
    std::chrono::steady_clock::time_point fullAt; // the whole request was in
    Exchange exchange;
    bool captured = false;

    std::optional<transport::Family> route; // the path's family; nothing for "/" (and the Invoke path)
    std::optional<Invocation> invocation;   // the Invoke mode's path (EndpointConfig::lambda)
    std::string body;                      // up to maxBodyBytes
    std::size_t bodyBytes = 0;             // received, kept or not
    bool bodyTooLarge = false;             // chunked past the limit: drained, then 413

    FaultDecision fault;
    Reply reply;                  // prepared before a hold, sent at resume
    std::shared_ptr<Hold> hold;   // while suspended
    bool proxied = false;
};

} // namespace detail

class Endpoint::Private
{
public:
    explicit Private(EndpointConfig config);
    ~Private();

    // Both with m_lifecycleMutex held by the caller.
    std::expected<std::uint16_t, Error> startLocked(std::optional<std::uint16_t> preferredPort);
    void stopLocked();
    std::shared_ptr<const EndpointConfig> snapshot() const;

    // libmicrohttpd's callbacks (trampolines to the members below).
    static MHD_Result onAccess(void *cls, MHD_Connection *connection, const char *url, const char *method,
                               const char *version, const char *uploadData, std::size_t *uploadSize, void **state);
    static void onCompleted(void *cls, MHD_Connection *connection, void **state, MHD_RequestTerminationCode code);
    static void onLog(void *cls, const char *format, va_list args);

    MHD_Result onHeaders(MHD_Connection *connection, const char *url, const char *method, void **slot);
    MHD_Result onBody(detail::RequestState &state, const char *data, std::size_t *size);
    MHD_Result onFullRequest(MHD_Connection *connection, detail::RequestState &state);
    // The Invoke mode: the path's checks at the headers (an answer queued, or nothing to say yet),
    // and the service's own refusals and the function's outcome once the body is in.
    std::optional<MHD_Result> onInvokeHeaders(MHD_Connection *connection, detail::RequestState &state,
                                              std::string function);
    std::optional<MHD_Result> onInvokeRequest(MHD_Connection *connection, detail::RequestState &state);
    // The function runs: a function error (drawn), or the reference response as its payload.
    detail::Reply invokeFunction(detail::RequestState &state, const protocol::Json &message, protocol::MessageType type);
    // The function runs and throws on what it got (JSON that is no Firehose request).
    detail::Reply invokeFailed(detail::RequestState &state, const std::string &problem);
    void startInvocation(detail::RequestState &state); // ran, and whether it is a cold start
    MHD_Result onResumed(MHD_Connection *connection, detail::RequestState &state);

    // Captures the exchange and queues the reply.
    MHD_Result answer(MHD_Connection *connection, detail::RequestState &state, detail::Reply reply);
    // Suspends the connection under a new Hold; false when stopping (the caller closes instead).
    bool suspend(MHD_Connection *connection, detail::RequestState &state);
    void release(const std::shared_ptr<detail::Hold> &hold); // the hold is over: unregister it
    void forward(detail::RequestState &state, protocol::MessageType type);
    std::shared_ptr<const Exchange> capture(detail::RequestState &state);
    transport::HttpSender &sender();

    mutable std::mutex m_configMutex;
    std::shared_ptr<const EndpointConfig> m_config;

    CaptureLog m_capture;
    ReferenceResponder m_responder;
    detail::FaultInjector m_faults;
    detail::LambdaFunctions m_lambda;

    // Life cycle: start/stop/restart are serialized by m_lifecycleMutex, which stop() holds while
    // it waits for the server's threads. What the accessors read sits under m_stateMutex instead,
    // held only briefly, so a capture subscriber asking port() during a stop cannot deadlock.
    std::mutex m_lifecycleMutex;
    MHD_Daemon *m_daemon = nullptr; // under m_lifecycleMutex
    mutable std::mutex m_stateMutex;
    bool m_running = false;
    std::uint16_t m_port = 0;
    std::string m_host;        // as it goes in a URL: "127.0.0.1", "[::1]"
    std::string m_boundAddress;
    std::string m_captureFileInUse;
    std::vector<std::string> m_warnings;

    // Held connections, so stop() can resume and close them before stopping the daemon.
    std::mutex m_holdsMutex;
    std::condition_variable m_holdsEmpty;
    std::unordered_set<std::shared_ptr<detail::Hold>> m_holds;
    bool m_stopping = false;

    // The last thing libmicrohttpd logged (start failures are explained with it).
    mutable std::mutex m_logMutex;
    std::string m_lastLog;

    // Declared last on purpose: destroyed first, so callbacks it runs while cancelling (on its own
    // thread) still find the timer and everything above alive.
    std::unique_ptr<detail::ResumeTimer> m_timer;
    std::mutex m_senderMutex;
    std::unique_ptr<transport::HttpSender> m_sender;
};

} // namespace fhw::endpoint
