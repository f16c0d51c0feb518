#include "referenceresponder.h"

#include "random_p.h"

#include "protocol/catalog.h"
#include "protocol/generator.h"

#include <chrono>

namespace fhw::endpoint {

using protocol::Json;
using protocol::MessageType;

namespace {

bool isHex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// The canonical 8-4-4-4-12 form the SDK's java.util.UUID accepts (either case).
bool isCanonicalUuid(const std::string &text)
{
    if (text.size() != 36)
        return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? text[i] != '-' : !isHex(text[i]))
            return false;
    }
    return true;
}

std::int64_t nowMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

} // namespace

ReferenceResponder::ReferenceResponder(std::uint64_t seed) : m_state(seed) {}

std::string ReferenceResponder::nextUuid()
{
    // Two outputs of the counter-based generator from one atomic step, so threads never share a draw.
    const std::uint64_t base = m_state.fetch_add(2 * detail::splitMixGamma, std::memory_order_relaxed);
    std::uint64_t halves[2] = {detail::splitMixOutput(base + detail::splitMixGamma),
                               detail::splitMixOutput(base + 2 * detail::splitMixGamma)};
    unsigned char bytes[16];
    for (int i = 0; i < 16; ++i)
        bytes[i] = static_cast<unsigned char>(halves[i / 8] >> (8 * (i % 8)));
    bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0f) | 0x40); // version 4
    bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3f) | 0x80); // RFC 4122 variant

    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(36);
    for (int i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            out += '-';
        out += digits[bytes[i] >> 4];
        out += digits[bytes[i] & 0x0f];
    }
    return out;
}

std::string ReferenceResponder::responseId(const Json &request, const EndpointConfig &config)
{
    if (config.echoRequestId && request.is_object()) {
        const auto it = request.find("id");
        if (it != request.end() && it->is_string() && isCanonicalUuid(it->get_ref<const std::string &>()))
            return it->get<std::string>();
    }
    return nextUuid();
}

std::string ReferenceResponder::respondText(const Json &request, MessageType type, const EndpointConfig &config)
{
    const MessageType responseType = protocol::responseTypeFor(type);
    const bool envelopeOnly = responseType == MessageType::EventProcessingResponse
                              || responseType == MessageType::DsrProcessingResponse
                              || responseType == MessageType::AudienceMembershipChangeResponse
                              || (responseType == MessageType::AudienceSubscriptionResponse
                                  && config.subscriptionSettings.empty());
    if (!envelopeOnly)
        return respond(request, type, config).dump();
    // Every piece is plain ASCII that JSON needs no escape for: wire names, a canonical UUID, digits.
    std::string text;
    text.reserve(160);
    text += R"({"type":")";
    text += protocol::wireName(responseType);
    text += R"(","id":")";
    text += responseId(request, config);
    text += R"(","timestamp_ms":)";
    text += std::to_string(nowMs());
    text += R"(,"firehose_version":")";
    text += protocol::catalog::sdkVersion;
    text += '"';
    if (responseType == MessageType::AudienceMembershipChangeResponse)
        text += config.suspendSubscription ? R"(,"suspend_subscription":true)" : R"(,"suspend_subscription":false)";
    text += '}';
    return text;
}

Json ReferenceResponder::respond(const Json &request, MessageType type, const EndpointConfig &config)
{
    const MessageType responseType = protocol::responseTypeFor(type);
    std::string id = responseId(request, config);

    // The envelope first, in the SDK's order (type, id, timestamp_ms, firehose_version).
    Json response = Json::object();
    response["type"] = std::string(protocol::wireName(responseType));
    response["id"] = std::move(id);
    response["timestamp_ms"] = nowMs();
    response["firehose_version"] = std::string(protocol::catalog::sdkVersion);

    switch (responseType) {
    case MessageType::ModuleRegistrationResponse: {
        const Json &loaded = config.registrationResponse.is_object() ? config.registrationResponse : defaultRegistration();
        for (const auto &[key, value] : loaded.items()) {
            if (key != "type" && key != "id" && key != "timestamp_ms" && key != "firehose_version")
                response[key] = value;
        }
        break;
    }
    case MessageType::AudienceSubscriptionResponse:
        if (!config.subscriptionSettings.empty()) {
            Json settings = Json::object();
            for (const auto &[key, value] : config.subscriptionSettings)
                settings[key] = value;
            response["audience_subscription_settings"] = std::move(settings);
        }
        break;
    case MessageType::AudienceMembershipChangeResponse:
        // Always written by the SDK (PROTOCOL.md §1.5), false included.
        response["suspend_subscription"] = config.suspendSubscription;
        break;
    case MessageType::EventProcessingResponse:
        // suspend_subscription is NON_DEFAULT here and its effect on event connections is
        // undocumented, so the reference partner leaves it out (it would only ever be false).
    case MessageType::DsrProcessingResponse:
    default:
        break;
    }
    return response;
}

const Json &defaultRegistration()
{
    // Built once; the generator's registration is complete and passes the registration review.
    static const Json registration =
        protocol::Generator(protocol::GeneratorOptions{.seed = 1}).generate(MessageType::ModuleRegistrationResponse);
    return registration;
}

} // namespace fhw::endpoint
