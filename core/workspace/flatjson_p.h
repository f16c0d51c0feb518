#pragma once

// A fast reader for the history index's lines: one flat JSON object of strings, numbers, booleans and
// nulls. Anything else (nesting, a syntax error) is refused, and the caller falls back to nlohmann.

#include <functional>
#include <string>
#include <string_view>

namespace fhw::workspace::detail {

struct FlatValue
{
    enum class Kind { String, Number, Boolean, Null } kind = Kind::Null;
    std::string text; // the decoded string, or the number's characters, or "true"/"false"
};

// Calls `field` for each member in order; false when the line is not such an object.
bool parseFlatObject(std::string_view line, const std::function<void(std::string_view key, FlatValue &value)> &field);

} // namespace fhw::workspace::detail
