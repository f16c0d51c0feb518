#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace fhw::protocol::detail {

// The offset of the first byte that is not part of well-formed UTF-8 (RFC 3629: no overlong forms,
// no surrogates, nothing above U+10FFFF), or of the first NUL byte, which JSON text never holds.
// ASCII, nearly all of a Firehose message, is checked eight bytes at a time.
std::optional<std::size_t> firstInvalidTextByte(std::string_view bytes);

} // namespace fhw::protocol::detail
