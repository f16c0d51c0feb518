#pragma once

#include <string_view>

namespace fhw {

// Compares two secrets in time that depends only on their lengths, not on where they differ, so a
// client cannot find a token byte by byte from response times.
bool constantTimeEquals(std::string_view a, std::string_view b);

} // namespace fhw
