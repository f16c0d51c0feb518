#pragma once

// Protocol names in words people read (event types, platforms, identities, encodings).

#include <string>
#include <string_view>
#include <vector>

namespace fhw::submission::detail {

std::string eventTypeWords(std::string_view type);       // "session_start" -> "session starts"
std::string runtimeWords(std::string_view runtime);      // "mobileweb" -> "Web"
std::string notificationWords(std::string_view type);    // "gdpr_consent_state" -> "GDPR consent state changes"
std::string identityWords(std::string_view type);        // "ios_advertising_id" -> "iOS advertising ID (IDFA)"
std::string encodingWords(std::string_view encoding);    // "sha256" -> "SHA-256 hash"

// "a, b and c"
std::string joinWords(const std::vector<std::string> &words);

} // namespace fhw::submission::detail
