#pragma once

#include "finding.h"
#include "json.h"
#include "messagetype.h"
#include "parse.h"

#include <optional>
#include <string_view>

namespace fhw::protocol {

// Checks a message against the protocol (PROTOCOL.md): the envelope, every field's JSON type,
// required fields, exact enum values, nested objects by their own `type`, identities, consent,
// audiences, string-only maps. A module_registration_response also gets the registration review.
// Plain and reentrant: one Validator can be used from several threads.
class Validator
{
public:
    explicit Validator(Profile profile = Profile::Strict);

    Profile profile() const { return m_profile; }

    Findings validate(const Json &message) const;
    // As validate(), plus a finding when the message is not of the expected type (e.g. a response
    // to an event request that is not an event_processing_response).
    Findings validate(const Json &message, MessageType expected) const;
    // Parses first; a parse error is reported as a single finding at the root.
    Findings validateBytes(std::string_view bytes, const ParseOptions &options = {}) const;

    // The message's type when `type` names one of the ten.
    static std::optional<MessageType> detectType(const Json &message);

private:
    Findings run(const Json &message, std::optional<MessageType> expected) const;

    Profile m_profile;
};

} // namespace fhw::protocol
