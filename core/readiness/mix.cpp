#include "mix.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <utility>

namespace fhw::readiness {

namespace {

using protocol::MessageType;

constexpr std::array<std::pair<std::string_view, MessageType>, 5> shortNames{{
    {"registration", MessageType::ModuleRegistrationRequest},
    {"event", MessageType::EventProcessingRequest},
    {"audience-subscription", MessageType::AudienceSubscriptionRequest},
    {"audience-membership", MessageType::AudienceMembershipChangeRequest},
    {"dsr", MessageType::DsrProcessingRequest},
}};

// A weight is relative, so a million is plenty; the cap keeps sums far from overflow.
constexpr int maxWeight = 1'000'000;

std::string_view trimmed(std::string_view text)
{
    constexpr std::string_view space = " \t\r\n";
    const auto first = text.find_first_not_of(space);
    if (first == std::string_view::npos)
        return {};
    return text.substr(first, text.find_last_not_of(space) - first + 1);
}

std::string lowered(std::string_view text)
{
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
    return out;
}

std::optional<MessageType> requestTypeNamed(std::string_view name)
{
    const std::string key = lowered(name);
    for (const auto &[shortName, type] : shortNames) {
        if (key == shortName)
            return type;
    }
    if (const auto type = protocol::messageTypeFromWireName(key); type && protocol::isRequest(*type))
        return type;
    return std::nullopt;
}

Error mixError(std::string code, std::string message)
{
    return {std::move(code), std::move(message)};
}

} // namespace

std::expected<Mix, Error> parseMix(std::string_view text)
{
    if (trimmed(text).empty())
        return std::unexpected(mixError("mix.empty", "the mix is empty; give e.g. \"event=80,audience-membership=20\""));
    Mix mix;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t comma = std::min(text.find(',', start), text.size());
        const std::string_view part = trimmed(text.substr(start, comma - start));
        start = comma + 1;
        if (part.empty())
            return std::unexpected(mixError("mix.syntax", "empty entry in the mix \"" + std::string(text) +
                                                              "\" (two commas, or one at an end)"));
        const std::size_t equals = part.find('=');
        const std::string_view name = trimmed(part.substr(0, equals));
        if (name.empty())
            return std::unexpected(mixError("mix.syntax", "\"" + std::string(part) + "\" names no request type"));

        const auto type = requestTypeNamed(name);
        if (!type)
            return std::unexpected(mixError(
                "mix.type", "\"" + std::string(name) +
                    "\" is not a request type; use registration, event, audience-subscription, "
                    "audience-membership or dsr"));

        // A bare name ("event") weighs 100, so `--mix event` needs no number.
        int weight = 100;
        if (equals != std::string_view::npos) {
            const std::string_view number = trimmed(part.substr(equals + 1));
            long long parsed = 0;
            const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), parsed);
            if (number.empty() || ec != std::errc{} || end != number.data() + number.size() || parsed <= 0 ||
                parsed > maxWeight)
                return std::unexpected(mixError(
                    "mix.weight", "the weight of \"" + std::string(name) + "\" must be a whole number from 1 to " +
                        std::to_string(maxWeight) + ", not \"" + std::string(number) + "\""));
            weight = static_cast<int>(parsed);
        }
        if (std::any_of(mix.begin(), mix.end(), [&](const MixEntry &e) { return e.type == *type; }))
            return std::unexpected(mixError("mix.duplicate", "\"" + std::string(shortTypeName(*type)) +
                                                                 "\" appears more than once in the mix"));
        mix.push_back({*type, weight});
        if (comma == text.size())
            break;
    }
    return mix;
}

std::string mixText(const Mix &mix)
{
    std::string out;
    for (const MixEntry &entry : mix) {
        if (!out.empty())
            out += ',';
        out += shortTypeName(entry.type);
        out += '=';
        out += std::to_string(entry.weight);
    }
    return out;
}

std::string_view shortTypeName(protocol::MessageType request)
{
    for (const auto &[shortName, type] : shortNames) {
        if (type == request)
            return shortName;
    }
    return protocol::wireName(request); // a response type has no short name
}

Mix defaultMix()
{
    return {MixEntry{MessageType::EventProcessingRequest, 100}};
}

} // namespace fhw::readiness
