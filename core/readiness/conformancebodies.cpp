// Request bodies for the checks, all cut from the generator's output so every one validates clean in
// the strict profile: the generator covers every event type, runtime environment and action, and a
// check only has to find the seed that gives what it wants, or keep the part of a message it tests.

#include "conformance_p.h"
#include "conformancebodies_p.h"

#include "protocol/generator.h"

#include <algorithm>

namespace fhw::readiness::detail {

using protocol::Generator;
using protocol::GeneratorOptions;
using protocol::Json;
using protocol::MessageType;

namespace {

// Enough that each runtime environment (1 in 10) or subscription action (1 in 3) turns up: the chance
// of missing one in 400 tries is below 1e-18.
constexpr std::uint64_t seedsToSearch = 400;

std::string runtimeType(const Json &request)
{
    const auto runtime = request.find("runtime_environment");
    if (runtime == request.end() || !runtime->is_object())
        return {};
    return runtime->value("type", std::string());
}

bool allowed(const std::vector<std::string> &runtimes, const std::string &type)
{
    return runtimes.empty() || std::ranges::find(runtimes, type) != runtimes.end();
}

} // namespace

std::optional<Json> eventRequest(std::uint64_t seed, const std::vector<std::string> &runtimes, int eventCount)
{
    // The runtime environment is drawn before the events, from a stream of its own: a one-event
    // batch finds the seed cheaply, and the batch of the size wanted is then built from it.
    for (std::uint64_t k = 0; k < seedsToSearch; ++k) {
        const Json probe = Generator(GeneratorOptions{.seed = seed + k, .eventCount = 1, .verification = false})
                               .generate(MessageType::EventProcessingRequest);
        if (allowed(runtimes, runtimeType(probe))) {
            return Generator(GeneratorOptions{.seed = seed + k, .eventCount = eventCount, .verification = false})
                .generate(MessageType::EventProcessingRequest);
        }
    }
    return std::nullopt;
}

std::optional<Json> eventRequestOfType(std::uint64_t seed, std::string_view eventType,
                                       const std::vector<std::string> &runtimes)
{
    // 16 events: a session_start, one of each of the 14 other types, a session_end.
    auto request = eventRequest(seed, runtimes, 16);
    if (!request)
        return std::nullopt;
    Json kept = Json::array();
    for (const Json &event : (*request)["events"]) {
        if (event.value("type", std::string()) == eventType)
            kept.push_back(event);
    }
    if (kept.empty())
        return std::nullopt;
    (*request)["events"] = std::move(kept);
    return request;
}

std::optional<Json> subscriptionRequest(std::uint64_t seed, std::string_view action)
{
    for (std::uint64_t k = 0; k < seedsToSearch; ++k) {
        Json request = Generator(GeneratorOptions{.seed = seed + k, .eventCount = 0, .verification = false})
                           .generate(MessageType::AudienceSubscriptionRequest);
        if (request.value("action", std::string()) == action)
            return request;
    }
    return std::nullopt;
}

std::optional<Json> membershipRequest(std::uint64_t seed, std::string_view action, bool withAttributes)
{
    const bool wantsAttributes = action == "user-attributes";
    for (std::uint64_t k = 0; k < seedsToSearch; ++k) {
        Json request = Generator(GeneratorOptions{.seed = seed + k, .eventCount = 0, .verification = false})
                           .generate(MessageType::AudienceMembershipChangeRequest);
        Json profiles = Json::array();
        for (Json profile : request["user_profiles"]) {
            Json memberships = Json::array();
            for (Json membership : profile["audiences"]) {
                const bool matches = wantsAttributes ? membership.contains("user_attributes")
                                                     : membership.value("action", std::string()) == action;
                if (!matches)
                    continue;
                if (!withAttributes)
                    membership.erase("user_attributes");
                memberships.push_back(std::move(membership));
            }
            if (memberships.empty())
                continue;
            profile["audiences"] = std::move(memberships);
            profiles.push_back(std::move(profile));
        }
        if (!profiles.empty()) {
            request["user_profiles"] = std::move(profiles);
            return request;
        }
    }
    return std::nullopt;
}

Json dsrRequest(std::uint64_t seed)
{
    return Generator(GeneratorOptions{.seed = seed, .eventCount = 0, .verification = false})
        .generate(MessageType::DsrProcessingRequest);
}

Json verificationRequest(std::uint64_t seed, MessageType type)
{
    return Generator(GeneratorOptions{.seed = seed, .eventCount = 0, .verification = true}).generate(type);
}

Json unknownFieldValue()
{
    // An object with nesting and mixed types: what a future protocol version could plausibly add.
    return Json{{"introduced_in", "9.0.0"}, {"details", {{"values", Json::array({1, "two", true, nullptr})}}}};
}

} // namespace fhw::readiness::detail
