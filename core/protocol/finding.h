#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fhw::protocol {

enum class Severity { Error, Warning, Info };

// strict: what the official Java SDK would reject, plus the documented rules.
// tolerant: what a forgiving receiver should accept; unknown values become warnings.
enum class Profile { Strict, Tolerant };

std::string_view profileName(Profile profile); // "strict", "tolerant"
std::optional<Profile> profileFromName(std::string_view name);

std::string_view severityName(Severity severity); // "error", "warning", "info"

// One result of validating a message: where (a JSON Pointer into the message), how bad, a stable
// machine-readable code (e.g. "enum.unknown-value") and a sentence for people.
struct Finding
{
    Severity severity = Severity::Error;
    std::string pointer;
    std::string code;
    std::string message;

    friend bool operator==(const Finding &, const Finding &) = default;
};

using Findings = std::vector<Finding>;

bool hasErrors(const Findings &findings);

} // namespace fhw::protocol
