#include "findingrules.h"

#include <algorithm>
#include <array>

namespace fhw::protocol {

namespace {

constexpr auto E = Severity::Error;
constexpr auto W = Severity::Warning;
constexpr auto I = Severity::Info;
constexpr std::optional<Severity> none = std::nullopt;

// strict = the SDK rejects it or the docs forbid it; tolerant = a forgiving receiver copes with it.
constexpr std::array rules{
    FindingRule{"parse.empty", E, E, "the input is empty"},
    FindingRule{"parse.syntax", E, E, "the input is not valid JSON (or not valid UTF-8)"},
    FindingRule{"parse.too-deep", E, E, "nesting deeper than the limit"},
    FindingRule{"parse.too-large", E, E, "the input is over the size cap"},
    FindingRule{"parse.number-too-large", E, E, "a number too large to represent (e.g. 400 digits)"},
    FindingRule{"json.not-object", E, E, "a message must be a JSON object"},
    FindingRule{"envelope.missing-type", E, E, "no `type`: nobody can dispatch the message"},
    FindingRule{"envelope.unknown-type", E, E, "`type` is not one of the ten message types"},
    FindingRule{"message.unexpected-type", E, E, "the message is not of the type expected here"},
    FindingRule{"message.verification", I, I, "a verification request (empty events / no user_profiles)"},
    FindingRule{"field.missing-required", E, W, "a required field is missing or null"},
    FindingRule{"field.missing-recommended", W, I, "a field the SDK always writes is missing"},
    FindingRule{"field.wrong-type", E, E, "a field has a JSON type nothing can read"},
    FindingRule{"field.type-coerced", E, W, "a field has the wrong JSON type, which the SDK coerces"},
    FindingRule{"field.null", W, I, "a field is null (treated as absent)"},
    FindingRule{"field.unknown", I, none, "a field the protocol does not define (ignored by the SDK)"},
    FindingRule{"id.not-uuid", E, W, "a UUID field holds something else (the SDK rejects it)"},
    FindingRule{"string.not-uuid", W, I, "a field documented as a GUID holds something else"},
    FindingRule{"mpid.not-numeric", W, I, "an MPID that is not a 64-bit integer"},
    FindingRule{"number.out-of-range", E, W, "an integer outside its Java type's range"},
    FindingRule{"timestamp.looks-like-seconds", W, I, "an epoch timestamp in seconds where milliseconds belong"},
    FindingRule{"enum.unknown-value", E, W, "a value outside the enum (the SDK rejects the whole message)"},
    FindingRule{"enum.wrong-case", E, W, "an enum value in the wrong case (enums are lower-case snake_case)"},
    FindingRule{"event.missing-type", E, W, "an event without `type`"},
    FindingRule{"event.unknown-type", E, W, "an event type the SDK does not know (it rejects the whole batch)"},
    FindingRule{"runtime.missing-type", E, W, "a runtime environment without `type`"},
    FindingRule{"runtime.unknown-type", E, W, "a runtime environment type the SDK does not know"},
    FindingRule{"runtime.collapsed-to-unknown", I, I, "smarttv/alexa become `unknown` inside the Java SDK"},
    FindingRule{"notification.missing-type", E, W, "a system notification without `type`"},
    FindingRule{"notification.unknown-type", E, W, "a system notification type the SDK does not know"},
    FindingRule{"setting.missing-type", E, W, "a setting without `type`"},
    FindingRule{"setting.unknown-type", E, W, "a setting type the SDK does not know"},
    FindingRule{"authentication.missing-type", E, W, "an authentication object without `type`"},
    FindingRule{"authentication.unknown-type", E, W, "an authentication type the SDK does not know"},
    FindingRule{"identity.empty-value", E, W, "an identity with an empty value (the SDK rejects it)"},
    FindingRule{"identity.empty-type", E, W, "a partner identity with an empty type"},
    FindingRule{"identity.bad-digest", W, I, "a hashed identity that is not a lower-case hex digest of the right length"},
    FindingRule{"map.nested-value", E, W, "an object or array inside a string-only map (the SDK rejects it)"},
    FindingRule{"map.non-string-value", E, W, "a number or boolean inside a string-only map (the SDK coerces it)"},
    FindingRule{"map.null-value", W, I, "a null inside a string-only map (dropped by the SDK)"},
    FindingRule{"events.missing", E, W, "an event request without `events` (the SDK's base processor crashes)"},
    FindingRule{"user-attribute.empty", E, W, "an empty audience user attribute `{}`"},
    FindingRule{"location.out-of-range", W, I, "a latitude or longitude outside its range"},
    FindingRule{"consent.ccpa-purpose", W, I, "a CCPA consent purpose other than data_sale_opt_out"},
    FindingRule{"dsr.submitted-time-integer", W, W, "an integer submitted_time: the Javadoc says ms, the SDK reads seconds"},
    FindingRule{"dsr.submitted-time-decimal", I, I, "a decimal submitted_time is read as epoch seconds"},
    FindingRule{"dsr.submitted-time-format", E, W, "a submitted_time string that is not ISO-8601"},
    // Registration review (module_registration_response).
    FindingRule{"registration.name-empty", E, E, "the integration needs a display name"},
    FindingRule{"registration.version-empty", E, E, "the integration needs a version"},
    FindingRule{"registration.description-missing", W, I, "no description for mParticle's directory"},
    FindingRule{"registration.description-too-long", E, W, "the description must be under 230 characters"},
    FindingRule{"registration.description-unsafe-html", E, W, "the description's HTML has scripts, handlers or remote content"},
    FindingRule{"registration.no-capability", W, W, "no event, audience or DSR registration"},
    FindingRule{"registration.partner-identity-count", E, W, "more than one partner identity permission"},
    FindingRule{"registration.partner-identity-name", W, I, "a partner identity not named PartnerName_IdentityName"},
    FindingRule{"registration.push-provider-missing", E, W, "push_message_receipt without push_messaging_provider_id"},
    FindingRule{"registration.user-attributes-permission", E, W, "user_attribute_change without allow_user_attributes"},
    FindingRule{"registration.oauth-missing-field", E, W, "OAuth2 without authorization_url, token_url or client_id"},
    FindingRule{"registration.oauth-url-invalid", W, I, "an OAuth2 URL that is not an absolute https URL"},
    FindingRule{"registration.oauth-custom-header-name", E, W, "custom_header access tokens without custom_header_name"},
    FindingRule{"registration.setting-id-empty", E, W, "a setting with an empty id"},
    FindingRule{"registration.setting-id-duplicate", E, W, "two settings in one list share an id"},
    FindingRule{"registration.setting-name-empty", E, W, "a setting without a name"},
    FindingRule{"registration.setting-description-markup", W, I, "a setting description with markdown or links (it is a tooltip)"},
    FindingRule{"registration.setting-secret-not-confidential", W, I, "a setting that looks like a secret but is not confidential"},
    FindingRule{"registration.max-data-age", E, W, "max_data_age_hours must be at least 1, or -1 for no limit"},
};

} // namespace

std::span<const FindingRule> findingRules()
{
    return rules;
}

const FindingRule *findingRule(std::string_view code)
{
    const auto it = std::ranges::find(rules, code, &FindingRule::code);
    return it == rules.end() ? nullptr : &*it;
}

std::optional<Severity> severityOf(std::string_view code, Profile profile)
{
    const FindingRule *rule = findingRule(code);
    if (!rule)
        return Severity::Error; // a code missing from the table is a bug; make it visible
    return profile == Profile::Strict ? rule->strict : rule->tolerant;
}

} // namespace fhw::protocol
