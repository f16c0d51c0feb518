#pragma once

#include <string>

namespace fhw {

// The error that crosses core APIs inside std::expected. `code` is stable and machine-readable
// (e.g. "parse.syntax"); `message` is for people.
struct Error
{
    std::string code;
    std::string message;
};

} // namespace fhw
