#pragma once

// Private to the conformance check: the request bodies the checks send (conformancebodies.cpp).

#include "protocol/json.h"
#include "protocol/messagetype.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fhw::readiness::detail {

// All from the generator, so they validate clean in the strict profile.

// An event request whose runtime environment is one of `runtimes` (any when empty), searching seeds
// from `seed` on; nothing when no seed within reach gives one.
std::optional<protocol::Json> eventRequest(std::uint64_t seed, const std::vector<std::string> &runtimes,
                                           int eventCount = 16);
// As eventRequest, with only the events of `eventType` kept; nothing when the generator makes none.
std::optional<protocol::Json> eventRequestOfType(std::uint64_t seed, std::string_view eventType,
                                                 const std::vector<std::string> &runtimes);
std::optional<protocol::Json> subscriptionRequest(std::uint64_t seed, std::string_view action);
// Memberships with this action only ("add", "delete", "attribute_update"), or with user attributes
// ("user-attributes"). User attributes are dropped unless `withAttributes` (mParticle sends them only
// with allow_audience_user_attributes).
std::optional<protocol::Json> membershipRequest(std::uint64_t seed, std::string_view action, bool withAttributes);
protocol::Json dsrRequest(std::uint64_t seed);
protocol::Json verificationRequest(std::uint64_t seed, protocol::MessageType type);

inline constexpr std::string_view unknownFieldName = "fhw_probe_future_field";
inline constexpr std::string_view unknownEventType = "fhw_probe_future_event";
inline constexpr std::string_view unknownEnumValue = "fhw_probe_future_value";
protocol::Json unknownFieldValue();

} // namespace fhw::readiness::detail
