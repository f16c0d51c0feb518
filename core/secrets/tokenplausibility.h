#pragma once

#include "common/error.h"

#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace fhw::secrets {

struct TokenCheck
{
    std::string token{}; // trimmed
    std::vector<std::string> warnings{};
};

// Looks at decrypted text before it is used as the Firehose token: trims whitespace (CR/LF, tabs, a
// UTF-8 byte-order mark, no-break spaces) and warns about what suggests it is not a bare token:
// inner whitespace (several words or lines), control or non-ASCII characters, a length under 16 or
// over 512. Messages never quote the token. Error: "token.empty".
std::expected<TokenCheck, Error> checkToken(std::string_view decrypted);

} // namespace fhw::secrets
