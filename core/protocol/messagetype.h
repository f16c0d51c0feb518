#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace fhw::protocol {

// The five request and five response types of the Firehose protocol (PROTOCOL.md §1.3).
enum class MessageType {
    ModuleRegistrationRequest,
    ModuleRegistrationResponse,
    EventProcessingRequest,
    EventProcessingResponse,
    AudienceSubscriptionRequest,
    AudienceSubscriptionResponse,
    AudienceMembershipChangeRequest,
    AudienceMembershipChangeResponse,
    DsrProcessingRequest,
    DsrProcessingResponse,
};

inline constexpr std::array allMessageTypes{
    MessageType::ModuleRegistrationRequest,       MessageType::ModuleRegistrationResponse,
    MessageType::EventProcessingRequest,          MessageType::EventProcessingResponse,
    MessageType::AudienceSubscriptionRequest,     MessageType::AudienceSubscriptionResponse,
    MessageType::AudienceMembershipChangeRequest, MessageType::AudienceMembershipChangeResponse,
    MessageType::DsrProcessingRequest,            MessageType::DsrProcessingResponse,
};

// The `type` string on the wire, e.g. "event_processing_request".
std::string_view wireName(MessageType type);
std::optional<MessageType> messageTypeFromWireName(std::string_view name);

bool isRequest(MessageType type);
// The response type that answers a request type (a response maps to itself).
MessageType responseTypeFor(MessageType request);

} // namespace fhw::protocol
