#pragma once

#include <expected>
#include <string>
#include <string_view>

#include "../common/error.h"

namespace fhw::protocol {

// Encodes an identity value the way mParticle does before forwarding it: "raw" keeps it as is;
// "md5", "sha1" and "sha256" trim it, lower-case it, hash it and write lower-case hex.
std::expected<std::string, Error> encodeIdentity(std::string_view value, std::string_view encoding);

} // namespace fhw::protocol
