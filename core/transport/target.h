#pragma once

#include "protocol/messagetype.h"

#include <map>
#include <string>

namespace fhw::transport {

// The families mParticle may route to separate URLs (DOCS-OUT: endpoints "for registration, event
// and/or audience"; DSR is the fifth kind).
enum class Family { Registration, Event, Audience, Dsr };

Family familyOf(protocol::MessageType type);
std::string_view familyName(Family family); // "registration", "event", "audience", "dsr"

// Where requests go: one URL for every type, or a URL per family (falling back to `url`).
struct Target
{
    std::string url;
    std::map<Family, std::string> perFamily;

    // The URL for this message type; empty when none is configured.
    std::string urlFor(protocol::MessageType type) const;
};

} // namespace fhw::transport
