#include "finding.h"

#include <algorithm>

namespace fhw::protocol {

std::string_view severityName(Severity severity)
{
    switch (severity) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Info: return "info";
    }
    return "error";
}

std::string_view profileName(Profile profile)
{
    return profile == Profile::Strict ? "strict" : "tolerant";
}

std::optional<Profile> profileFromName(std::string_view name)
{
    if (name == "strict")
        return Profile::Strict;
    if (name == "tolerant")
        return Profile::Tolerant;
    return std::nullopt;
}

bool hasErrors(const Findings &findings)
{
    return std::ranges::any_of(findings, [](const Finding &f) { return f.severity == Severity::Error; });
}

} // namespace fhw::protocol
