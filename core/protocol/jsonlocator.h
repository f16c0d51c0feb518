#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace fhw::protocol {

// Where a JSON Pointer (RFC 6901) points in a JSON text: what an editor needs to put a finding at its
// line. Positions are in bytes of the UTF-8 text; lines and columns are 1-based.
struct JsonLocation
{
    // The pointer that was found: the one asked for, or its nearest ancestor present in the text
    // (a finding about a missing member points at a key that does not exist).
    std::string pointer;
    bool exact = false;
    // The member's key for an object member, else the value itself (array elements, the root).
    std::size_t offset = 0;
    std::size_t length = 0; // of the token at `offset`: the quoted key, a scalar, or 1 for a bracket
    std::size_t valueOffset = 0;
    std::size_t line = 1;
    std::size_t column = 1; // in bytes
};

// Locates many pointers in one pass over the text. Subtrees that no pointer goes into are skipped
// at scanning speed, so a few findings in a 10 MB document cost one quick scan. Never throws; text
// that is not valid JSON is read as far as it makes sense (what was found before the damage is kept).
// Object keys are compared after JSON unescaping (\", \u00e9, surrogate pairs) against the pointer's
// tokens after "~1" → "/" and "~0" → "~"; the first of duplicate keys wins, as in parseJson().
// A pointer that is not a valid JSON Pointer (not empty, not starting with "/") locates the root.
// When nothing at all is found (empty text), the location is offset 0, line 1, column 1.
std::vector<JsonLocation> locateJsonPointers(std::string_view text, std::span<const std::string> pointers);
JsonLocation locateJsonPointer(std::string_view text, std::string_view pointer);

// The 1-based line and byte column of a byte offset (clamped to the text).
struct TextPosition
{
    std::size_t line = 1;
    std::size_t column = 1;
};
TextPosition textPositionOf(std::string_view text, std::size_t offset);

} // namespace fhw::protocol
