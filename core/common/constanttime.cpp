#include "constanttime.h"

namespace fhw {

bool constantTimeEquals(std::string_view a, std::string_view b)
{
    // Walk the longer length whatever happens; a length mismatch only sets a bit.
    const std::size_t length = a.size() > b.size() ? a.size() : b.size();
    unsigned char difference = a.size() == b.size() ? 0 : 1;
    for (std::size_t i = 0; i < length; ++i) {
        const unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
        const unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
        difference |= static_cast<unsigned char>(x ^ y);
    }
    // volatile keeps the compiler from turning the loop into an early-exit comparison.
    volatile unsigned char result = difference;
    return result == 0;
}

} // namespace fhw
