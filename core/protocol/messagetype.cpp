#include "messagetype.h"

namespace fhw::protocol {

std::string_view wireName(MessageType type)
{
    switch (type) {
    case MessageType::ModuleRegistrationRequest: return "module_registration_request";
    case MessageType::ModuleRegistrationResponse: return "module_registration_response";
    case MessageType::EventProcessingRequest: return "event_processing_request";
    case MessageType::EventProcessingResponse: return "event_processing_response";
    case MessageType::AudienceSubscriptionRequest: return "audience_subscription_request";
    case MessageType::AudienceSubscriptionResponse: return "audience_subscription_response";
    case MessageType::AudienceMembershipChangeRequest: return "audience_membership_change_request";
    case MessageType::AudienceMembershipChangeResponse: return "audience_membership_change_response";
    case MessageType::DsrProcessingRequest: return "dsr_processing_request";
    case MessageType::DsrProcessingResponse: return "dsr_processing_response";
    }
    return {};
}

std::optional<MessageType> messageTypeFromWireName(std::string_view name)
{
    for (MessageType type : allMessageTypes) {
        if (wireName(type) == name)
            return type;
    }
    return std::nullopt;
}

bool isRequest(MessageType type)
{
    return wireName(type).ends_with("_request");
}

MessageType responseTypeFor(MessageType request)
{
    switch (request) {
    case MessageType::ModuleRegistrationRequest: return MessageType::ModuleRegistrationResponse;
    case MessageType::EventProcessingRequest: return MessageType::EventProcessingResponse;
    case MessageType::AudienceSubscriptionRequest: return MessageType::AudienceSubscriptionResponse;
    case MessageType::AudienceMembershipChangeRequest: return MessageType::AudienceMembershipChangeResponse;
    case MessageType::DsrProcessingRequest: return MessageType::DsrProcessingResponse;
    default: return request;
    }
}

} // namespace fhw::protocol
