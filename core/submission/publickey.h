#pragma once

#include "common/error.h"

#include <expected>
#include <string>
#include <string_view>

namespace fhw::submission {

// The partner's key for mParticle (they encrypt the token to it), as `fhw key export` or
// `gpg --armor --export` writes it.
struct PublicKeyInfo
{
    int version = 0;          // of the primary key packet: 4, 5 or 6
    std::string fingerprint;  // upper-case hex of the primary key (v4: SHA-1; v5/v6: SHA-256)
    std::string userId;       // the first user ID, when there is one
};

// Checks without gpg that `text` is one armored PUBLIC KEY BLOCK (whitespace around it allowed) whose
// checksum matches and whose packets are a public key with no secret-key packets.
// Errors: "pgp.private-key" (an armored private/secret key, or secret-key packets inside the block),
// "pgp.not-a-public-key" (anything else: empty, binary, another block, text around it),
// "pgp.corrupt" (base64, checksum or packets broken).
std::expected<PublicKeyInfo, Error> checkArmoredPublicKey(std::string_view text);

} // namespace fhw::submission
