#pragma once

#include "json.h"
#include "messagetype.h"

#include <cstdint>

namespace fhw::protocol {

struct GeneratorOptions
{
    std::uint64_t seed = 1;
    // Events in an event_processing_request (ignored for other types). 0 is allowed and gives "events": [].
    int eventCount = 16;
    // The verification variants mParticle sends: an event request with "events": [] and a
    // membership change without "user_profiles". Ignored for other types.
    bool verification = false;
};

// Builds any Firehose message with realistic, internally consistent data. The same options always
// give the same bytes (no clock, no global random state). Everything it builds validates clean in
// the strict profile.
class Generator
{
public:
    explicit Generator(GeneratorOptions options = {});

    Json generate(MessageType type) const;

private:
    GeneratorOptions m_options;
};

} // namespace fhw::protocol
