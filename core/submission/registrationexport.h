#pragma once

#include "protocol/finding.h"
#include "protocol/json.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fhw::submission {

// What mParticle's reviewer and the partner's own team read about a module_registration_response:
// the formatted JSON, and a summary in Markdown or as one self-contained HTML page (strict CSP, no
// scripts, no remote loads; the description's inline HTML through sanitizeInlineHtml()).

// The review the bundle's checklist uses: the strict validator for a module_registration_response,
// which runs RegistrationReview's rules too.
protocol::Findings reviewRegistration(const protocol::Json &registration);

// Two-space indent, key order kept, final newline.
std::string registrationJsonText(const protocol::Json &registration);

// One allow_* permission, in words.
struct PermissionFlag
{
    std::string key;   // "allow_access_location"
    std::string words; // "the location attached to events (latitude, longitude, accuracy)"
    bool granted = false;
};
// Every allow_* flag the protocol knows, in protocol order, granted or not.
std::vector<PermissionFlag> permissionFlags(const protocol::Json &registration);

// "What data the integration will receive", one sentence per item, derived from the permissions and
// the registered event types, platforms, notifications, audiences and DSR.
std::vector<std::string> dataReceivedInPlainWords(const protocol::Json &registration);

// The summary: name, description, what data arrives, permissions (identities with encodings and
// required flags, the allow_* flags), event types, platforms, notifications, data age, push provider,
// the settings tables, OAuth2, bulk delivery, DSR, and the review findings given.
std::string registrationMarkdown(const protocol::Json &registration, const protocol::Findings &findings);
std::string registrationHtml(const protocol::Json &registration, const protocol::Findings &findings);

// The Content-Security-Policy of registrationHtml()'s page.
inline constexpr std::string_view summaryContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'";

enum class ExportFormat { Json, Markdown, Html };
std::optional<ExportFormat> exportFormatFromName(std::string_view name); // "json", "md"/"markdown", "html"
std::string exportRegistration(const protocol::Json &registration, ExportFormat format,
                               const protocol::Findings &findings);

} // namespace fhw::submission
