// What each request gets: the libmicrohttpd access handler in its four moments (headers in, a body
// chunk, the full request, a held connection resumed), and the completion callback.

#include "endpoint_p.h"
#include "router_p.h"

#include "common/constanttime.h"
#include "protocol/parse.h"
#include "protocol/validator.h"
#include "secrets/redaction.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstdlib>
#include <cstring>
#include <strings.h>

namespace fhw::endpoint {

using detail::Hold;
using detail::Reply;
using detail::RequestState;
using protocol::MessageType;

namespace {

using Clock = std::chrono::steady_clock;

std::int64_t microsecondsBetween(Clock::time_point from, Clock::time_point to)
{
    return std::chrono::duration_cast<std::chrono::microseconds>(to - from).count();
}

Reply jsonError(int status, std::string_view error, std::string_view detail, std::string_view pointer = {})
{
    return Reply{status, detail::errorBody(error, detail, pointer), {}};
}

void appendDecimal(std::string &out, unsigned value)
{
    char digits[10];
    int n = 0;
    do {
        digits[n++] = static_cast<char>('0' + value % 10);
        value /= 10;
    } while (value != 0);
    while (n > 0)
        out += digits[--n];
}

// "127.0.0.1:54321" or "[::1]:54321". IPv4, the common case, is written by hand: glibc's inet_ntop
// goes through sprintf, a visible cost at tens of thousands of requests a second.
std::string remoteAddress(MHD_Connection *connection)
{
    const MHD_ConnectionInfo *info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (!info || !info->client_addr)
        return {};
    std::string out;
    if (info->client_addr->sa_family == AF_INET) {
        const auto *v4 = reinterpret_cast<const sockaddr_in *>(info->client_addr);
        const auto *octets = reinterpret_cast<const unsigned char *>(&v4->sin_addr);
        for (int i = 0; i < 4; ++i) {
            if (i > 0)
                out += '.';
            appendDecimal(out, octets[i]);
        }
        out += ':';
        appendDecimal(out, ntohs(v4->sin_port));
        return out;
    }
    if (info->client_addr->sa_family == AF_INET6) {
        const auto *v6 = reinterpret_cast<const sockaddr_in6 *>(info->client_addr);
        char text[INET6_ADDRSTRLEN] = {};
        inet_ntop(AF_INET6, &v6->sin6_addr, text, sizeof text);
        out = "[" + std::string(text) + "]:";
        appendDecimal(out, ntohs(v6->sin6_port));
        return out;
    }
    return {};
}

struct HeaderWalk
{
    std::vector<std::pair<std::string, std::string>> *headers;
    std::size_t bytes = 0;
};

MHD_Result collectHeader(void *cls, MHD_ValueKind, const char *key, const char *value)
{
    auto *walk = static_cast<HeaderWalk *>(cls);
    const std::string_view name = key ? key : "";
    const std::string_view text = value ? value : "";
    walk->bytes += name.size() + text.size() + 4; // "name: value\r\n"
    // Credentials never reach the capture (memory, file, GUI). A SigV4 Authorization is kept whole:
    // it holds no secret (an access key id, the signed header names, an HMAC that is valid only for
    // this very request to this host, for minutes), and tests recompute it from the capture. The
    // session token beside it is a secret.
    const bool authorization = strcasecmp(key ? key : "", "Authorization") == 0;
    const bool sigV4 = authorization && text.starts_with("AWS4-HMAC-SHA256 ");
    const bool secret = (authorization && !sigV4) || strcasecmp(key ? key : "", "Proxy-Authorization") == 0
                        || strcasecmp(key ? key : "", "X-Amz-Security-Token") == 0;
    walk->headers->emplace_back(std::string(name), secret ? secrets::redactAuthorization(text) : std::string(text));
    return MHD_YES;
}

// "Token <token>", the scheme in any case, compared in constant time.
bool authorized(MHD_Connection *connection, const std::string &token)
{
    const char *value = MHD_lookup_connection_value(connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
    if (!value)
        return false;
    std::string_view text(value);
    while (!text.empty() && text.front() == ' ')
        text.remove_prefix(1);
    const auto space = text.find(' ');
    if (space != 5 || strncasecmp(text.data(), "Token", 5) != 0)
        return false; // another scheme, or none: nothing secret is compared
    std::string_view credential = text.substr(space);
    while (!credential.empty() && credential.front() == ' ')
        credential.remove_prefix(1);
    while (!credential.empty() && (credential.back() == ' ' || credential.back() == '\t'))
        credential.remove_suffix(1);
    return constantTimeEquals(credential, token);
}

std::string keepCapped(std::string &&text, bool &truncated)
{
    truncated = text.size() > maxCapturedBodyBytes;
    if (truncated) {
        text.resize(maxCapturedBodyBytes);
        text.shrink_to_fit();
    }
    return std::move(text);
}

Reply failureReply(const FaultSettings &settings, transport::Family family)
{
    // A failure is a 4xx or 5xx; anything else configured becomes a plain 500.
    const int status = settings.failStatus >= 400 && settings.failStatus <= 599 ? settings.failStatus : 500;
    Reply reply = jsonError(status, "injected_failure",
                            "fault injection: this " + std::string(transport::familyName(family))
                                + " request was answered " + std::to_string(status) + " on purpose");
    if (settings.retryAfterSeconds)
        reply.headers.emplace_back("Retry-After", std::to_string(*settings.retryAfterSeconds));
    return reply;
}

} // namespace

// ---- the access handler ------------------------------------------------------------------------

MHD_Result Endpoint::Private::onAccess(void *cls, MHD_Connection *connection, const char *url, const char *method,
                                       const char *, const char *uploadData, std::size_t *uploadSize, void **slot)
{
    // Nothing may unwind through libmicrohttpd's C frames: the worst case (bad_alloc) closes the
    // connection instead.
    try {
        auto *self = static_cast<Private *>(cls);
        if (!*slot)
            return self->onHeaders(connection, url, method, slot);
        auto &state = *static_cast<RequestState *>(*slot);
        switch (state.phase) {
        case RequestState::Phase::Receiving:
            if (*uploadSize != 0)
                return self->onBody(state, uploadData, uploadSize);
            return self->onFullRequest(connection, state);
        case RequestState::Phase::Held:
            return self->onResumed(connection, state);
        case RequestState::Phase::Answered:
            break;
        }
        *uploadSize = 0; // answered early: whatever still arrives is not ours to keep
        return MHD_YES;
    } catch (...) {
        return MHD_NO;
    }
}

MHD_Result Endpoint::Private::onHeaders(MHD_Connection *connection, const char *url, const char *method, void **slot)
{
    auto owned = std::make_unique<RequestState>();
    RequestState &state = *owned;
    *slot = owned.release(); // onCompleted deletes it
    state.config = snapshot();
    const EndpointConfig &config = *state.config;
    Exchange &e = state.exchange;
    e.received = std::chrono::system_clock::now();
    state.fullAt = Clock::now(); // refined when the body is in
    e.method = method;
    e.path = url;
    e.remoteAddress = remoteAddress(connection);

    HeaderWalk walk{&e.requestHeaders};
    walk.bytes = e.method.size() + e.path.size() + 12; // "POST /path HTTP/1.1\r\n"
    e.requestHeaders.reserve(8);
    MHD_get_connection_values(connection, MHD_HEADER_KIND, &collectHeader, &walk);

    if (walk.bytes > config.maxHeaderBytes) {
        return answer(connection, state,
                      jsonError(MHD_HTTP_REQUEST_HEADER_FIELDS_TOO_LARGE, "headers_too_large",
                                "the request line and headers are " + std::to_string(walk.bytes)
                                    + " bytes, over the limit of " + std::to_string(config.maxHeaderBytes) + " bytes"));
    }
    // The Invoke mode's path takes every type, like "/".
    std::optional<std::string> function = config.lambda ? detail::invokeFunctionFor(e.path) : std::nullopt;
    const auto route = function ? std::optional(detail::Route{}) : detail::routeFor(e.path);
    if (!route) {
        return answer(connection, state,
                      jsonError(MHD_HTTP_NOT_FOUND, "not_found",
                                "no such path: " + e.path.substr(0, 200)
                                    + "; this endpoint answers on / (every type), /registration, /event, /audience "
                                      "and /dsr"
                                    + (config.lambda ? ", and the Invoke path /2015-03-31/functions/NAME/invocations"
                                                     : "")));
    }
    if (e.method != MHD_HTTP_METHOD_POST) {
        Reply reply = jsonError(MHD_HTTP_METHOD_NOT_ALLOWED, "method_not_allowed",
                                "Firehose requests are POSTed JSON; " + e.method.substr(0, 40) + " is not allowed");
        reply.headers.emplace_back(MHD_HTTP_HEADER_ALLOW, "POST");
        return answer(connection, state, std::move(reply));
    }
    state.route = route->family;
    if (function) {
        if (auto answered = onInvokeHeaders(connection, state, std::move(*function)))
            return *answered;
    }

    // A declared length over the limit is refused before a byte of the body is read: queued now,
    // libmicrohttpd sends the 413 (no 100 Continue) and closes instead of reading the rest.
    if (const char *length = MHD_lookup_connection_value(connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH)) {
        const unsigned long long declared = std::strtoull(length, nullptr, 10);
        if (declared > config.maxBodyBytes) {
            return answer(connection, state,
                          jsonError(MHD_HTTP_CONTENT_TOO_LARGE, "body_too_large",
                                    "the body is " + std::to_string(declared) + " bytes, over the limit of "
                                        + std::to_string(config.maxBodyBytes) + " bytes"));
        }
        state.body.reserve(static_cast<std::size_t>(declared));
    }
    return MHD_YES;
}

MHD_Result Endpoint::Private::onBody(RequestState &state, const char *data, std::size_t *size)
{
    const std::size_t limit = state.config->maxBodyBytes;
    state.bodyBytes += *size;
    if (!state.bodyTooLarge && state.bodyBytes <= limit) {
        state.body.append(data, *size);
    } else if (!state.bodyTooLarge) {
        // Only a chunked body gets here (a declared length was checked with the headers).
        // libmicrohttpd 0.9.75 cannot queue an answer mid-upload, so the rest is drained unkept and
        // the 413 follows the last chunk; a body that goes on far past the limit is cut off.
        state.bodyTooLarge = true;
        std::string().swap(state.body);
    } else if (state.bodyBytes > 2 * limit + 1024 * 1024) {
        state.exchange.requestBodyTruncated = true;
        return MHD_NO; // closes the connection; onCompleted captures it unanswered
    }
    *size = 0;
    return MHD_YES;
}

MHD_Result Endpoint::Private::onFullRequest(MHD_Connection *connection, RequestState &state)
{
    state.fullAt = Clock::now();
    const EndpointConfig &config = *state.config;
    Exchange &e = state.exchange;
    if (state.bodyTooLarge) {
        e.requestBodyTruncated = true;
        return answer(connection, state,
                      jsonError(MHD_HTTP_CONTENT_TOO_LARGE, "body_too_large",
                                "the body is " + std::to_string(state.bodyBytes) + " bytes, over the limit of "
                                    + std::to_string(config.maxBodyBytes) + " bytes"));
    }

    if (state.invocation) {
        if (auto answered = onInvokeRequest(connection, state))
            return *answered;
    }
    auto parsed = protocol::parseJson(state.body, protocol::ParseOptions{.maxBytes = config.maxBodyBytes});
    if (!parsed && state.invocation)
        return answer(connection, state, detail::invalidContentReply(*state.invocation, parsed.error().message));
    if (!parsed)
        return answer(connection, state, jsonError(MHD_HTTP_BAD_REQUEST, "malformed_json", parsed.error().message));
    const protocol::Json &message = *parsed;
    e.type = protocol::Validator::detectType(message);
    if (auto problem = detail::typeProblem(message); problem && state.invocation)
        return answer(connection, state, invokeFailed(state, *problem)); // the function throws on it
    if (auto problem = detail::typeProblem(message))
        return answer(connection, state, jsonError(MHD_HTTP_BAD_REQUEST, "unknown_type", *problem, "/type"));
    const MessageType type = *e.type;

    // Registration never needs the token: mParticle calls it to set the integration up (DOCS-OUT).
    // Nor does an invocation: Lambda has no token (AWS checks IAM).
    if (config.token && !state.invocation && type != MessageType::ModuleRegistrationRequest
        && !authorized(connection, *config.token)) {
        const bool sent = MHD_lookup_connection_value(connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
        Reply reply = jsonError(MHD_HTTP_UNAUTHORIZED, "unauthorized",
                                sent ? "the Authorization header does not carry this endpoint's token "
                                       "(expected \"Authorization: Token <token>\")"
                                     : "this endpoint needs \"Authorization: Token <token>\" on every request but "
                                       "module_registration_request, and none was sent");
        reply.headers.emplace_back(MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Token");
        return answer(connection, state, std::move(reply));
    }

    const transport::Family family = transport::familyOf(type);
    if (state.route && *state.route != family) {
        const std::string wanted(detail::pathFor(family));
        return answer(connection, state,
                      jsonError(MHD_HTTP_BAD_REQUEST, "wrong_path",
                                "a " + std::string(protocol::wireName(type)) + " belongs on " + wanted + " (or /); "
                                    + e.path.substr(0, 200) + " takes only " + std::string(transport::familyName(*state.route))
                                    + " messages",
                                "/type"));
    }

    // Findings are recorded, never held against the sender: a reference partner is forgiving.
    e.findings = protocol::Validator(config.profile).validate(message);

    const auto faults = config.faults.find(family);
    if (faults != config.faults.end())
        state.fault = m_faults.decide(faults->second);
    e.fault = detail::faultName(state.fault);
    using Kind = detail::FaultDecision::Kind;
    if (state.fault.kind == Kind::NoAnswer) {
        if (!suspend(connection, state))
            return MHD_NO;
        m_timer->schedule(state.fullAt + config.connectionTimeout, [hold = state.hold] { hold->resume(Hold::Wake::Close); });
        return MHD_YES;
    }
    e.injectedDelayUs = state.fault.delay.count();

    Reply reply;
    if (state.fault.kind == Kind::Failure) {
        reply = failureReply(faults->second, family);
    } else if (state.invocation) {
        reply = invokeFunction(state, message, type); // the stand-in answers; it is never proxied
    } else if (!config.proxyUrl.empty()) {
        if (!suspend(connection, state))
            return MHD_NO;
        forward(state, type);
        return MHD_YES;
    } else {
        reply.body = m_responder.respondText(message, type, config);
    }
    if (state.fault.delay.count() <= 0)
        return answer(connection, state, std::move(reply));

    // Delayed: the connection waits suspended and the timer thread resumes it at the deadline, so
    // no server thread sleeps.
    state.reply = std::move(reply);
    if (!suspend(connection, state))
        return MHD_NO;
    m_timer->schedule(state.fullAt + state.fault.delay, [hold = state.hold] { hold->resume(Hold::Wake::Answer); });
    return MHD_YES;
}

bool Endpoint::Private::suspend(MHD_Connection *connection, RequestState &state)
{
    auto hold = std::make_shared<Hold>();
    hold->connection = connection;
    {
        const std::lock_guard lock(m_holdsMutex);
        if (m_stopping)
            return false;
        m_holds.insert(hold);
    }
    state.hold = std::move(hold);
    state.phase = RequestState::Phase::Held;
    // Resuming (from another thread) before this handler returns is fine: libmicrohttpd applies it
    // once the handler is done.
    MHD_suspend_connection(connection);
    return true;
}

MHD_Result Endpoint::Private::onResumed(MHD_Connection *connection, RequestState &state)
{
    const std::shared_ptr<Hold> hold = std::move(state.hold);
    Hold::Wake wake;
    std::optional<transport::SendResult> upstream;
    std::int64_t upstreamUs = 0;
    std::optional<transport::HttpSender::Id> sendId;
    {
        const std::lock_guard lock(hold->mutex);
        wake = hold->wake;
        upstream = std::move(hold->upstream);
        upstreamUs = hold->upstreamUs;
        sendId = hold->sendId;
    }
    release(hold);

    if (wake == Hold::Wake::Close) {
        // No answer (injected, or stop() while held): captured unanswered, then the connection closes.
        if (sendId) {
            const std::lock_guard lock(m_senderMutex);
            if (m_sender)
                m_sender->cancel(*sendId);
        }
        state.exchange.status = 0;
        state.exchange.handlingUs = microsecondsBetween(state.fullAt, Clock::now());
        capture(state);
        state.phase = RequestState::Phase::Answered;
        return MHD_NO;
    }
    if (!state.proxied)
        return answer(connection, state, std::move(state.reply));

    // The proxy leg: the upstream's status and body, or 502 when it never answered.
    UpstreamLeg leg;
    leg.url = state.config->proxyUrl;
    leg.totalUs = upstreamUs;
    const transport::Attempt *last = upstream ? upstream->last() : nullptr;
    if (upstream)
        leg.attempts = static_cast<int>(upstream->attempts.size());
    if (last) {
        leg.status = last->status;
        if (last->error != transport::AttemptError::None)
            leg.error = last->errorText.empty() ? upstream->summary : last->errorText;
    } else {
        leg.error = upstream ? upstream->summary : std::string("no result from the sender");
    }
    state.exchange.upstream = leg;
    if (!last || last->status == 0) {
        return answer(connection, state,
                      jsonError(MHD_HTTP_BAD_GATEWAY, "upstream_unreachable",
                                "the upstream " + leg.url + " gave no answer: "
                                    + (leg.error.empty() ? std::string("no response") : leg.error)));
    }
    Reply reply{static_cast<int>(last->status), last->body, {}};
    for (const auto &[name, value] : last->headers) {
        if (strcasecmp(name.c_str(), "Content-Type") == 0 || strcasecmp(name.c_str(), "Retry-After") == 0)
            reply.headers.emplace_back(name, value);
    }
    return answer(connection, state, std::move(reply));
}

void Endpoint::Private::forward(RequestState &state, MessageType type)
{
    const EndpointConfig &config = *state.config;
    state.proxied = true;
    transport::SendRequest request;
    request.target.url = config.proxyUrl;
    request.type = type;
    request.body = state.body;
    request.options = config.proxyOptions;
    // Injected latency still applies: the answer goes out no sooner than the delay.
    const Clock::time_point notBefore = state.fullAt + state.fault.delay;
    const Clock::time_point sentAt = Clock::now();
    const std::shared_ptr<Hold> hold = state.hold;
    const auto id = sender().send(std::move(request), [this, hold, notBefore, sentAt](transport::SendResult result) {
        const Clock::time_point now = Clock::now();
        {
            const std::lock_guard lock(hold->mutex);
            if (hold->resumed)
                return; // closed meanwhile (stop)
            hold->upstream = std::move(result);
            hold->upstreamUs = microsecondsBetween(sentAt, now);
        }
        if (now < notBefore)
            m_timer->schedule(notBefore, [hold] { hold->resume(Hold::Wake::Answer); });
        else
            hold->resume(Hold::Wake::Answer);
    });
    const std::lock_guard lock(hold->mutex);
    hold->sendId = id;
}

MHD_Result Endpoint::Private::answer(MHD_Connection *connection, RequestState &state, Reply reply)
{
    Exchange &e = state.exchange;
    e.status = reply.status;
    e.handlingUs = microsecondsBetween(state.fullAt, Clock::now());
    if (state.invocation && state.config->lambda) {
        // The REPORT's Duration is the handling time; a held cold start's init time is apart.
        auto duration = std::chrono::microseconds(e.handlingUs);
        if (state.invocation->coldStart && state.config->lambda->delayColdStart)
            duration = std::max(std::chrono::microseconds(0), duration - state.config->lambda->initDuration);
        detail::addInvocationHeaders(reply, *state.invocation, *state.config->lambda, duration);
    }
    // The body is captured whole when it fits the capture's cap, and then answered from the
    // captured copy: one copy of it in memory, never two.
    const bool whole = reply.body.size() <= maxCapturedBodyBytes;
    if (whole)
        e.responseBody = std::move(reply.body);
    else
        e.responseBody = keepCapped(std::string(reply.body), e.responseBodyTruncated);
    // Captured before the answer leaves, so whoever reads the capture after the reply sees it.
    std::shared_ptr<const Exchange> kept = capture(state);
    state.phase = RequestState::Phase::Answered;

    MHD_Response *response = nullptr;
    if (whole && kept) {
        // The response holds the captured exchange until libmicrohttpd is done with the bytes (the
        // ring may drop it sooner).
        auto *holder = new std::shared_ptr<const Exchange>(std::move(kept));
        const std::string &body = (*holder)->responseBody;
        response = MHD_create_response_from_buffer_with_free_callback_cls(
            body.size(), const_cast<char *>(body.data()),
            [](void *cls) { delete static_cast<std::shared_ptr<const Exchange> *>(cls); }, holder);
        if (!response)
            delete holder;
    } else {
        response = MHD_create_response_from_buffer(reply.body.size(), reply.body.data(), MHD_RESPMEM_MUST_COPY);
    }
    if (!response)
        return MHD_NO;
    bool typed = false;
    for (const auto &[name, value] : reply.headers) {
        typed = typed || strcasecmp(name.c_str(), MHD_HTTP_HEADER_CONTENT_TYPE) == 0;
        MHD_add_response_header(response, name.c_str(), value.c_str());
    }
    if (!typed)
        MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
    const MHD_Result queued = MHD_queue_response(connection, static_cast<unsigned int>(reply.status), response);
    MHD_destroy_response(response);
    return queued;
}

std::shared_ptr<const Exchange> Endpoint::Private::capture(RequestState &state)
{
    if (state.captured)
        return nullptr;
    state.captured = true;
    Exchange &e = state.exchange;
    if (!state.bodyTooLarge) {
        bool truncated = false;
        e.requestBody = keepCapped(std::move(state.body), truncated);
        e.requestBodyTruncated = e.requestBodyTruncated || truncated;
    }
    return m_capture.append(std::move(e));
}

void Endpoint::Private::onCompleted(void *cls, MHD_Connection *, void **slot, MHD_RequestTerminationCode)
try {
    auto *self = static_cast<Private *>(cls);
    std::unique_ptr<RequestState> state(static_cast<RequestState *>(*slot));
    *slot = nullptr;
    if (!state)
        return;
    if (state->hold) {
        // Closed while still held (the daemon shutting down): nothing may resume it any more.
        {
            const std::lock_guard lock(state->hold->mutex);
            state->hold->resumed = true;
        }
        self->release(state->hold);
    }
    if (!state->captured) {
        // The client left, timed out half-way, or sent a body far past the limit: no answer.
        state->exchange.status = 0;
        state->exchange.handlingUs = microsecondsBetween(state->fullAt, Clock::now());
        self->capture(*state);
    }
} catch (...) {
    // As in onAccess: never unwind into libmicrohttpd.
}

} // namespace fhw::endpoint
