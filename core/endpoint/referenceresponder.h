#pragma once

#include "endpointconfig.h"

#include "protocol/json.h"
#include "protocol/messagetype.h"

#include <atomic>
#include <cstdint>
#include <string>

namespace fhw::endpoint {

// What a correct Firehose integration answers (PROTOCOL.md §2, §3): the matching response type, a
// UUID id (or the request's, when echoing), timestamp_ms, firehose_version; subscription settings on
// audience subscription responses; suspend_subscription always on membership change responses; the
// configured registration on module_registration_request. Plain: no I/O. Safe to call from several
// threads at once (the id generator is one atomic counter).
class ReferenceResponder
{
public:
    explicit ReferenceResponder(std::uint64_t seed);

    // `type` is the request's type. A request id is echoed (config.echoRequestId) only when it is a
    // canonical UUID string, so the response always validates.
    protocol::Json respond(const protocol::Json &request, protocol::MessageType type, const EndpointConfig &config);

    // respond(...).dump(), byte for byte. The responses that are only the envelope (events, DSR,
    // membership changes, subscriptions without settings) are written straight to text: the endpoint
    // answers every request with one, and building a document for four fields cost more than
    // validating the request.
    std::string respondText(const protocol::Json &request, protocol::MessageType type, const EndpointConfig &config);

    // A fresh random version-4 UUID, lower-case, from this responder's seeded sequence.
    std::string nextUuid();

private:
    // The request's id when echoing it (a canonical UUID only), else a fresh one.
    std::string responseId(const protocol::Json &request, const EndpointConfig &config);

    std::atomic<std::uint64_t> m_state; // splitmix64 counter, for response ids
};

// The registration the endpoint answers with when none was loaded: complete and review-clean.
const protocol::Json &defaultRegistration();

} // namespace fhw::endpoint
