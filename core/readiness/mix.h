#pragma once

// The mix of request types a load run (or a Locust file) sends: "event=80,audience-membership=20".

#include "common/error.h"
#include "protocol/messagetype.h"

#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace fhw::readiness {

struct MixEntry
{
    protocol::MessageType type = protocol::MessageType::EventProcessingRequest; // a request type
    int weight = 100; // > 0; weights are relative, they need not add up to 100

    friend bool operator==(const MixEntry &, const MixEntry &) = default;
};

using Mix = std::vector<MixEntry>;

// Short names: registration, event, audience-subscription, audience-membership, dsr; wire names
// (event_processing_request, ...) are accepted too. Errors: "mix.syntax", "mix.type", "mix.weight",
// "mix.duplicate", "mix.empty", each with a message naming the offending part.
std::expected<Mix, Error> parseMix(std::string_view text);
std::string mixText(const Mix &mix); // the same short form, in the mix's order
std::string_view shortTypeName(protocol::MessageType request); // "event", "audience-membership", ...
Mix defaultMix();                                              // event=100

} // namespace fhw::readiness
