#pragma once

#include <string>
#include <string_view>

namespace fhw::secrets {

// "Token ••••abcd": what is shown wherever a token appears (logs, captures, history, copied curl
// commands) unless the user asks to reveal it. Short tokens show no characters at all.
std::string redactToken(std::string_view token);

// An Authorization header value with its credential redacted: "Token ••••abcd", "Bearer ••••wxyz".
std::string redactAuthorization(std::string_view headerValue);

} // namespace fhw::secrets
