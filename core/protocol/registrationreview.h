#pragma once

#include "finding.h"
#include "json.h"

namespace fhw::protocol {

// The rules mParticle's review applies to a module_registration_response beyond its shape
// (PROTOCOL.md §2.1 and §3): names, description, partner identity, push provider, permissions,
// OAuth2, settings and data age. Each rule has a stable "registration.*" code (findingrules.h).
class RegistrationReview
{
public:
    explicit RegistrationReview(Profile profile = Profile::Strict);

    Findings review(const Json &response) const;

private:
    Profile m_profile;
};

} // namespace fhw::protocol
