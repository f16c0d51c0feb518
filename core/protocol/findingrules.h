#pragma once

#include "finding.h"

#include <optional>
#include <span>
#include <string_view>

namespace fhw::protocol {

// Every finding code the validator and the registration review can emit, with its severity in each
// profile (none = not reported in that profile) and what it is about. One table, so the CLI, the
// window and the tests agree on what a code means.
struct FindingRule
{
    std::string_view code;
    std::optional<Severity> strict;
    std::optional<Severity> tolerant;
    std::string_view summary;
};

std::span<const FindingRule> findingRules();
const FindingRule *findingRule(std::string_view code);
std::optional<Severity> severityOf(std::string_view code, Profile profile);

} // namespace fhw::protocol
