#pragma once

// GCC 12 (Debian 12) has no <format>. This fills "{}" placeholders in order, which is all the
// messages here need.

#include <array>
#include <concepts>
#include <string>
#include <string_view>

namespace fhw::secrets::pgpdetail {

inline std::string toText(std::string_view s)
{
    return std::string(s);
}

inline std::string toText(const char *s)
{
    return s != nullptr ? std::string(s) : std::string();
}

template<std::integral T>
std::string toText(T value)
{
    return std::to_string(value);
}

template<typename... Args>
std::string format(std::string_view pattern, const Args &...args)
{
    const std::array<std::string, sizeof...(Args)> values{toText(args)...};
    std::string out;
    out.reserve(pattern.size() + 64);
    std::size_t next = 0;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        if (pattern[i] == '{' && i + 1 < pattern.size() && pattern[i + 1] == '}' && next < values.size()) {
            out += values[next++];
            ++i;
        } else {
            out += pattern[i];
        }
    }
    return out;
}

} // namespace fhw::secrets::pgpdetail
