#include "redaction.h"

namespace fhw::secrets {

namespace {

constexpr std::string_view dots = "\u2022\u2022\u2022\u2022";
constexpr std::size_t shownCharacters = 4;
// Below this, showing the last 4 characters would give away too much of the secret.
constexpr std::size_t minimumLengthToShowTail = 12;

std::string maskedTail(std::string_view secret)
{
    std::string out(dots);
    if (secret.size() >= minimumLengthToShowTail)
        out += secret.substr(secret.size() - shownCharacters);
    return out;
}

} // namespace

std::string redactToken(std::string_view token)
{
    return "Token " + maskedTail(token);
}

std::string redactAuthorization(std::string_view headerValue)
{
    const auto space = headerValue.find(' ');
    if (space == std::string_view::npos)
        return maskedTail(headerValue);
    std::string_view credential = headerValue.substr(space + 1);
    while (!credential.empty() && credential.front() == ' ')
        credential.remove_prefix(1);
    return std::string(headerValue.substr(0, space)) + " " + maskedTail(credential);
}

} // namespace fhw::secrets
