#pragma once

// Digests for the bundle (OpenSSL): file checksums and OpenPGP fingerprints.

#include <string>
#include <string_view>

namespace fhw::submission::detail {

enum class Digest { Sha1, Sha256 };

std::string digestBytes(Digest digest, std::string_view bytes); // the raw digest
std::string hexLower(std::string_view bytes);
inline std::string sha256Hex(std::string_view bytes)
{
    return hexLower(digestBytes(Digest::Sha256, bytes));
}

} // namespace fhw::submission::detail
