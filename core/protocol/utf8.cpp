#include "utf8_p.h"

#include <cstdint>
#include <cstring>

namespace fhw::protocol::detail {

namespace {

// Length of the well-formed sequence starting at `at` (at least one byte is there and not ASCII),
// or 0 when it is malformed. The ranges are the table of RFC 3629 section 4.
std::size_t sequenceLength(const unsigned char *at, std::size_t left)
{
    const unsigned char lead = at[0];
    auto continuation = [&](std::size_t i, unsigned char low = 0x80, unsigned char high = 0xBF) {
        return i < left && at[i] >= low && at[i] <= high;
    };
    if (lead >= 0xC2 && lead <= 0xDF)
        return continuation(1) ? 2 : 0;
    if (lead == 0xE0)
        return continuation(1, 0xA0) && continuation(2) ? 3 : 0;
    if ((lead >= 0xE1 && lead <= 0xEC) || lead == 0xEE || lead == 0xEF)
        return continuation(1) && continuation(2) ? 3 : 0;
    if (lead == 0xED) // U+D800..U+DFFF are surrogates, not characters
        return continuation(1, 0x80, 0x9F) && continuation(2) ? 3 : 0;
    if (lead == 0xF0)
        return continuation(1, 0x90) && continuation(2) && continuation(3) ? 4 : 0;
    if (lead >= 0xF1 && lead <= 0xF3)
        return continuation(1) && continuation(2) && continuation(3) ? 4 : 0;
    if (lead == 0xF4)
        return continuation(1, 0x80, 0x8F) && continuation(2) && continuation(3) ? 4 : 0;
    return 0; // a continuation byte first, C0/C1 (always overlong) or F5..FF
}

bool hasHighOrZeroByte(std::uint64_t word)
{
    constexpr std::uint64_t ones = 0x0101010101010101ULL;
    constexpr std::uint64_t highs = 0x8080808080808080ULL;
    // (word - ones) & ~word & highs is non-zero exactly when some byte is zero.
    return ((word | ((word - ones) & ~word)) & highs) != 0;
}

} // namespace

std::optional<std::size_t> firstInvalidTextByte(std::string_view bytes)
{
    const auto *data = reinterpret_cast<const unsigned char *>(bytes.data());
    const std::size_t size = bytes.size();
    std::size_t i = 0;
    while (i < size) {
        if (i + 8 <= size) {
            std::uint64_t word;
            std::memcpy(&word, data + i, sizeof word);
            if (!hasHighOrZeroByte(word)) {
                i += 8;
                continue;
            }
        }
        const unsigned char byte = data[i];
        if (byte == 0)
            return i;
        if (byte < 0x80) {
            ++i;
            continue;
        }
        const std::size_t length = sequenceLength(data + i, size - i);
        if (length == 0)
            return i;
        i += length;
    }
    return std::nullopt;
}

} // namespace fhw::protocol::detail
