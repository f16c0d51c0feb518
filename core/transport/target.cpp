#include "target.h"

#include "aws/lambda.h"

namespace fhw::transport {

using protocol::MessageType;

Family familyOf(MessageType type)
{
    switch (type) {
    case MessageType::ModuleRegistrationRequest:
    case MessageType::ModuleRegistrationResponse: return Family::Registration;
    case MessageType::EventProcessingRequest:
    case MessageType::EventProcessingResponse: return Family::Event;
    case MessageType::AudienceSubscriptionRequest:
    case MessageType::AudienceSubscriptionResponse:
    case MessageType::AudienceMembershipChangeRequest:
    case MessageType::AudienceMembershipChangeResponse: return Family::Audience;
    case MessageType::DsrProcessingRequest:
    case MessageType::DsrProcessingResponse: return Family::Dsr;
    }
    return Family::Event;
}

std::string_view familyName(Family family)
{
    switch (family) {
    case Family::Registration: return "registration";
    case Family::Event: return "event";
    case Family::Audience: return "audience";
    case Family::Dsr: return "dsr";
    }
    return {};
}

std::string Target::urlFor(MessageType type) const
{
    // mParticle invokes the one function with every type.
    if (lambda)
        return aws::invokeUrl(*lambda);
    // An empty per-family entry means "not set", so it falls back like a missing one.
    const auto it = perFamily.find(familyOf(type));
    if (it != perFamily.end() && !it->second.empty())
        return it->second;
    return url;
}

} // namespace fhw::transport
