#pragma once

#include "protocol/json.h"

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace fhw::submission {

// A token the bundle must never hold (the caller wipes `value` when done; see secrets/securebuffer.h).
struct KnownToken
{
    std::string name;  // how the refusal names it: the keychain name, or "$VAR"
    std::string value;
};

// Shorter tokens are not looked for: they would match ordinary text everywhere.
inline constexpr std::size_t minScannedTokenLength = 8;

// Why a file must not go out. Never holds the secret itself.
struct SecretProblem
{
    std::string file;
    std::string reason;
};

// Looks through one file's bytes for: armored private keys (PGP "PRIVATE KEY BLOCK", PEM "… PRIVATE KEY",
// OpenSSH), OpenPGP secret-key packets (a binary key, or an armored block of any label that holds them),
// the known tokens, and Authorization headers that carry a credential not redacted ("Token ••••abcd" is fine).
std::vector<SecretProblem> scanForSecrets(std::string_view file, std::string_view bytes,
                                          std::span<const KnownToken> tokens);

// Confidential settings of a registration that carry a non-empty default_value: a secret (an API key) that
// every customer would get, and that the bundle would publish.
std::vector<SecretProblem> confidentialDefaults(std::string_view file, const protocol::Json &registration);

// The label of the first armored private key in `text` ("RSA PRIVATE KEY", "PGP PRIVATE KEY BLOCK"), or empty.
std::string armoredPrivateKeyLabel(std::string_view text);

} // namespace fhw::submission
