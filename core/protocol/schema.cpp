// The protocol's message shapes as tables (PROTOCOL.md §2). Each table lists an object's fields with
// their kind and whether they are required; walker.cpp interprets them.

#include "schema_p.h"

#include "catalog.h"
#include "walker_p.h"

#include <array>
#include <cmath>

namespace fhw::protocol::schema {

namespace {

using N = Need;
using K = Kind;

constexpr FieldSpec f(std::string_view name, Kind kind, Need need = N::Optional)
{
    return FieldSpec{name, kind, need, {}, nullptr, nullptr};
}
constexpr FieldSpec str(std::string_view name, Need need = N::Optional)
{
    return f(name, K::String, need);
}
constexpr FieldSpec enm(std::string_view name, std::span<const std::string_view> values, Need need = N::Optional)
{
    return FieldSpec{name, K::Enum, need, values, nullptr, nullptr};
}
constexpr FieldSpec enmList(std::string_view name, std::span<const std::string_view> values)
{
    return FieldSpec{name, K::EnumList, N::Optional, values, nullptr, nullptr};
}
constexpr FieldSpec obj(std::string_view name, const ObjectSpec &spec, Need need = N::Optional, Kind kind = K::Object)
{
    return FieldSpec{name, kind, need, {}, &spec, nullptr};
}
constexpr FieldSpec objList(std::string_view name, const ObjectSpec &spec)
{
    return obj(name, spec, N::Optional, K::ObjectList);
}
constexpr FieldSpec poly(std::string_view name, const PolyFamily &family, Kind kind = K::Poly)
{
    return FieldSpec{name, kind, N::Optional, {}, nullptr, &family};
}

// --- checks beyond field shapes ---------------------------------------------------------------

std::size_t digestLength(std::string_view encoding)
{
    if (encoding == "md5")
        return 32;
    if (encoding == "sha1")
        return 40;
    if (encoding == "sha256")
        return 64;
    return 0;
}

bool checkIdentity(Walker &walker, const Json &identity)
{
    const auto value = identity.find("value");
    if (value == identity.end() || !value->is_string())
        return true; // the field walk reports absence and type
    const auto &text = value->get_ref<const std::string &>();
    if (text.empty()) {
        walker.reportAt("value", "identity.empty-value",
                        "an identity's value must not be empty (the Java SDK rejects the whole message)");
        return true;
    }
    const auto encoding = identity.find("encoding");
    if (encoding == identity.end() || !encoding->is_string())
        return true;
    const std::size_t length = digestLength(encoding->get_ref<const std::string &>());
    if (length == 0)
        return true;
    const bool lowerHex = text.find_first_not_of("0123456789abcdef") == std::string::npos;
    if (text.size() != length || !lowerHex) {
        walker.reportAt("value", "identity.bad-digest",
                        "a " + encoding->get<std::string>() + " value is " + std::to_string(length)
                            + " lower-case hex digits (values are trimmed and lower-cased, then hashed)");
    }
    return true;
}

bool checkPartnerIdentity(Walker &walker, const Json &identity)
{
    const auto type = identity.find("type");
    if (type != identity.end() && type->is_string() && type->get_ref<const std::string &>().empty())
        walker.reportAt("type", "identity.empty-type", "a partner identity's type must be a non-empty name");
    return checkIdentity(walker, identity);
}

bool checkLocation(Walker &walker, const Json &location)
{
    auto inRange = [&](std::string_view key, double limit) {
        const auto it = location.find(key);
        if (it != location.end() && it->is_number() && std::fabs(it->get<double>()) > limit) {
            walker.reportAt(key, "location.out-of-range",
                            std::string(key) + " must be between -" + std::to_string(static_cast<int>(limit)) + " and "
                                + std::to_string(static_cast<int>(limit)));
        }
    };
    inRange("latitude", 90);
    inRange("longitude", 180);
    return true;
}

bool checkConsentState(Walker &walker, const Json &state)
{
    const auto ccpa = state.find("ccpa_consent_state");
    if (ccpa == state.end() || !ccpa->is_object())
        return true;
    for (auto it = ccpa->begin(); it != ccpa->end(); ++it) {
        if (it.key() != catalog::ccpaPurpose) {
            walker.reportAt("ccpa_consent_state", it.key(), "consent.ccpa-purpose",
                            "CCPA consent uses the purpose 'data_sale_opt_out'");
        }
    }
    return true;
}

bool checkCollapsingRuntime(Walker &walker, const Json &runtime)
{
    walker.reportAt("type", "runtime.collapsed-to-unknown",
                    "'" + runtime.value("type", std::string()) + "' is valid, but the Java SDK reads it as 'unknown' "
                    "(GenericRuntimeEnvironment), so SDK-based receivers cannot tell it apart");
    return true;
}

bool checkAudienceUserAttribute(Walker &walker, const Json &attribute)
{
    if (!attribute.empty())
        return true;
    walker.report("user-attribute.empty",
                  "an empty user attribute {} has no key and no action (the official sample has one; the Java SDK "
                  "accepts it, a receiver should skip it)");
    return false;
}

bool checkEventRequest(Walker &walker, const Json &request)
{
    const auto events = request.find("events");
    if (events == request.end() || events->is_null()) {
        walker.reportAt("events", "events.missing",
                        "'events' is missing; send \"events\": [] for an empty batch (the Java SDK's base processor "
                        "throws a NullPointerException without it)");
    } else if (events->is_array() && events->empty()) {
        walker.reportAt("events", "message.verification",
                        "an empty batch: this is how mParticle verifies an event integration; answer with a plain "
                        "event_processing_response");
    }
    return true;
}

bool checkMembershipRequest(Walker &walker, const Json &request)
{
    const auto profiles = request.find("user_profiles");
    if (profiles == request.end() || profiles->is_null()) {
        walker.report("message.verification",
                      "no 'user_profiles': this is how mParticle verifies an audience integration; answer with a "
                      "plain audience_membership_change_response");
    }
    return true;
}

// --- small objects ----------------------------------------------------------------------------

constexpr std::array accountFields{f("account_id", K::Int32, N::Required), f("account_settings", K::StringMap)};
constexpr ObjectSpec account{"account", accountFields, {}};

constexpr std::array userIdentityFields{enm("type", catalog::userIdentityTypes, N::Enforced),
                                        enm("encoding", catalog::identityEncodings, N::Enforced),
                                        str("value", N::Enforced)};
constexpr ObjectSpec userIdentity{"a user identity", userIdentityFields, {}, checkIdentity};

constexpr std::array deviceIdentityFields{enm("type", catalog::deviceIdentityTypes, N::Enforced),
                                          enm("encoding", catalog::identityEncodings, N::Enforced),
                                          str("value", N::Enforced)};
constexpr ObjectSpec deviceIdentity{"a device identity", deviceIdentityFields, {}, checkIdentity};

constexpr std::array partnerIdentityFields{str("type", N::Enforced),
                                           enm("encoding", catalog::identityEncodings, N::Enforced),
                                           str("value", N::Enforced)};
constexpr ObjectSpec partnerIdentity{"a partner identity", partnerIdentityFields, {}, checkPartnerIdentity};

constexpr std::array locationFields{f("latitude", K::Decimal, N::Required), f("longitude", K::Decimal, N::Required),
                                    f("accuracy", K::Decimal)};
constexpr ObjectSpec location{"location", locationFields, {}, checkLocation};

constexpr std::array consentFields{f("consented", K::Bool, N::Required), str("document"),
                                   f("timestamp_unixtime_ms", K::EpochMs), str("location"), str("hardware_id")};
constexpr ObjectSpec consent{"a consent", consentFields, {}};

constexpr std::array consentStateFields{obj("gdpr_consent_state", consent, N::Optional, K::ConsentMap),
                                        obj("ccpa_consent_state", consent, N::Optional, K::ConsentMap)};
constexpr ObjectSpec consentState{"consent_state", consentStateFields, {}, checkConsentState};

constexpr std::array productFields{str("id"), str("name"), str("brand"), str("category"), str("variant"),
                                   f("position", K::Int32), f("price", K::Decimal), f("quantity", K::Decimal),
                                   f("total_amount", K::Decimal), str("coupon_code"), f("attributes", K::StringMap)};
constexpr ObjectSpec product{"a product", productFields, {}};

constexpr std::array promotionFields{str("id"), str("name"), str("creative"), str("position")};
constexpr ObjectSpec promotion{"a promotion", promotionFields, {}};

constexpr std::array impressionFields{str("impression_list_name"), objList("products", product)};
constexpr ObjectSpec impression{"an impression", impressionFields, {}};

constexpr std::array platformFieldsFields{f("mp_account_id", K::Int32), str("mp_account_name"),
                                          f("workspace_id", K::Int32), str("workspace_name"), str("input_name"),
                                          str("app_name"), str("app_version"), str("dataplan_id"),
                                          str("dataplan_name"), f("dataplan_version", K::Int32)};
constexpr ObjectSpec platformFields{"platform_fields", platformFieldsFields, {}};

// --- events ---------------------------------------------------------------------------------------

constexpr std::array eventCommon{str("type"), f("id", K::Uuid, N::Required), f("timestamp_ms", K::EpochMs, N::Required),
                                 str("source_id"), f("session_id", K::Int64), obj("location", location)};

constexpr std::array sessionEndFields{f("session_length_ms", K::Int64)};
constexpr std::array customEventFields{str("name", N::Required), enm("custom_event_type", catalog::customEventTypes),
                                       f("attributes", K::StringMap), f("custom_flags", K::StringMap)};
constexpr std::array screenViewFields{str("screen_name", N::Required), f("attributes", K::StringMap),
                                      f("custom_flags", K::StringMap)};
constexpr std::array errorFields{str("message"), f("is_crash", K::Bool), str("stack_trace"),
                                 f("breadcrumbs", K::StringList), f("attributes", K::StringMap)};
constexpr std::array privacyFields{enm("setting", catalog::privacySettings, N::Required), f("is_enabled", K::Bool)};
constexpr std::array attributeChangeFields{f("added", K::StringMap), f("removed", K::StringMap)};
constexpr std::array identityChangeFields{objList("added", userIdentity), objList("removed", userIdentity)};
constexpr std::array pushSubscriptionFields{enm("action", catalog::pushSubscriptionActions, N::Required),
                                            str("token", N::Required)};
constexpr std::array stateTransitionFields{enm("application_state", catalog::applicationStates, N::Required),
                                           str("launch_referral"), str("referral_application"),
                                           str("launch_parameters"), str("source_package")};
constexpr std::array pushPayloadFields{str("payload")};
constexpr std::array productActionFields{
    enm("action", catalog::productActions, N::Required), str("transaction_id"), str("affiliation"),
    f("total_amount", K::Decimal), f("tax_amount", K::Decimal), f("shipping_amount", K::Decimal),
    str("currency_code"), str("coupon_code"), objList("products", product), f("attributes", K::StringMap),
    f("custom_flags", K::StringMap)};
constexpr std::array promotionActionFields{enm("action", catalog::promotionActions, N::Required),
                                           f("attributes", K::StringMap), objList("promotions", promotion),
                                           f("custom_flags", K::StringMap)};
constexpr std::array impressionEventFields{f("attributes", K::StringMap), objList("impressions", impression),
                                           f("custom_flags", K::StringMap)};
constexpr std::array attributionFields{str("name"), str("partner_name"), str("publisher_name"),
                                       str("campaign_name"), f("attributes", K::StringMap)};

constexpr ObjectSpec sessionStart{"a session_start event", eventCommon, {}};
constexpr ObjectSpec sessionEnd{"a session_end event", eventCommon, sessionEndFields};
constexpr ObjectSpec customEvent{"a custom_event", eventCommon, customEventFields};
constexpr ObjectSpec screenView{"a screen_view event", eventCommon, screenViewFields};
constexpr ObjectSpec errorEvent{"an error event", eventCommon, errorFields};
constexpr ObjectSpec privacyChange{"a privacy_setting_change event", eventCommon, privacyFields};
constexpr ObjectSpec attributeChange{"a user_attribute_change event", eventCommon, attributeChangeFields};
constexpr ObjectSpec identityChange{"a user_identity_change event", eventCommon, identityChangeFields};
constexpr ObjectSpec pushSubscription{"a push_subscription event", eventCommon, pushSubscriptionFields};
constexpr ObjectSpec stateTransition{"an application_state_transition event", eventCommon, stateTransitionFields};
constexpr ObjectSpec pushReceipt{"a push_message_receipt event", eventCommon, pushPayloadFields};
constexpr ObjectSpec pushOpen{"a push_message_open event", eventCommon, pushPayloadFields};
constexpr ObjectSpec productAction{"a product_action event", eventCommon, productActionFields};
constexpr ObjectSpec promotionAction{"a promotion_action event", eventCommon, promotionActionFields};
constexpr ObjectSpec impressionEvent{"an impression event", eventCommon, impressionEventFields};
constexpr ObjectSpec attribution{"an attribution event", eventCommon, attributionFields};

constexpr std::array eventVariants{
    Variant{"session_start", &sessionStart},
    Variant{"session_end", &sessionEnd},
    Variant{"custom_event", &customEvent},
    Variant{"screen_view", &screenView},
    Variant{"error", &errorEvent},
    Variant{"privacy_setting_change", &privacyChange},
    Variant{"user_attribute_change", &attributeChange},
    Variant{"user_identity_change", &identityChange},
    Variant{"push_subscription", &pushSubscription},
    Variant{"application_state_transition", &stateTransition},
    Variant{"push_message_receipt", &pushReceipt},
    Variant{"product_action", &productAction},
    Variant{"promotion_action", &promotionAction},
    Variant{"impression", &impressionEvent},
    Variant{"attribution", &attribution},
    Variant{"push_message_open", &pushOpen},
};
constexpr PolyFamily events{"event", "event type", eventVariants};

// --- runtime environments -------------------------------------------------------------------------

constexpr std::array runtimeCommon{str("type"), f("is_debug", K::Bool), str("client_ip_address"), str("sdk_version"),
                                   str("http_header_user_agent"), objList("identities", deviceIdentity)};

constexpr std::array androidFields{
    str("build_id"), str("brand"), str("product"), str("name"), str("manufacturer"), str("os_version"), str("model"),
    f("screen_height", K::Int32), f("screen_width", K::Int32), f("screen_dpi", K::Int32), str("country"),
    str("locale_language"), str("locale_country"), str("network_country"), str("network_carrier"),
    str("network_code"), str("network_mobile_country_code"), f("timezone_offset", K::Int32), str("timezone_name"),
    f("is_tablet", K::Bool), f("supports_telephony", K::Bool), f("has_nfc", K::Bool), f("bluetooth_enabled", K::Bool),
    str("bluetooth_version"), f("android_sdk_level", K::Int32), str("application_name"), str("application_version"),
    str("application_package"), str("install_referrer")};
constexpr std::array iosFields{
    str("build_id"), str("brand"), str("product"), str("name"), str("manufacturer"), str("os_version"), str("model"),
    f("screen_height", K::Int32), f("screen_width", K::Int32), str("country"), str("locale_language"),
    str("locale_country"), str("network_country"), str("network_carrier"), str("network_code"),
    str("network_mobile_country_code"), f("timezone_offset", K::Int32), str("timezone_name"), str("cpu_architecture"),
    f("is_tablet", K::Bool), str("radio_access_technology"), str("application_name"), str("application_version"),
    str("application_package"), f("is_sandboxed", K::Bool), f("apple_search_ads_attribution", K::NestedStringMap),
    enm("att_authorization_status", catalog::attAuthorizationStatuses), f("att_timestamp_unixtime_ms", K::EpochMs)};
constexpr std::array tvosFields{
    str("build_id"), str("brand"), str("product"), str("name"), str("manufacturer"), str("os_version"), str("model"),
    f("screen_height", K::Int32), f("screen_width", K::Int32), str("country"), str("locale_language"),
    str("locale_country"), f("timezone_offset", K::Int32), str("timezone_name"), str("cpu_architecture"),
    str("application_name"), str("application_version"), str("application_package"),
    enm("att_authorization_status", catalog::attAuthorizationStatuses), f("att_timestamp_unixtime_ms", K::EpochMs)};
constexpr std::array webFields{
    str("build_id"), str("brand"), str("product"), str("name"), str("device_manufacturer"), str("os_version"),
    str("device_model"), f("screen_height", K::Int32), f("screen_width", K::Int32), f("screen_dpi", K::Int32),
    str("device_country"), str("locale_language"), str("locale_country"), str("network_country"),
    str("network_carrier"), str("network_code"), str("network_mobile_country_code"), f("timezone_offset", K::Int32),
    str("push_token"), f("is_tablet", K::Bool), str("radio_access_technology"), str("limit_ad_tracking"),
    str("is_dst")};
constexpr std::array rokuFields{
    str("build_id"), str("brand"), str("product"), str("name"), str("manufacturer"), str("os_version"), str("model"),
    str("country"), str("locale_language"), str("locale_country"), f("timezone_offset", K::Int32),
    str("timezone_name"), str("cpu_architecture"), str("application_name"), str("application_version"),
    str("application_package")};
constexpr std::array consoleFields{
    str("build_id"), str("brand"), str("product"), str("name"), str("manufacturer"), str("os_version"), str("model"),
    f("screen_height", K::Int32), f("screen_width", K::Int32), str("country"), str("locale_language"),
    str("locale_country"), f("timezone_offset", K::Int32), str("timezone_name"), str("cpu_architecture"),
    str("application_name"), str("application_version"), str("application_package")};
constexpr std::array genericFields{
    str("build_id"), str("brand"), str("product"), str("name"), str("manufacturer"), str("os_version"), str("model"),
    f("screen_height", K::Int32), f("screen_width", K::Int32), f("screen_dpi", K::Int32), str("country"),
    str("locale_language"), str("locale_country"), f("timezone_offset", K::Int32), str("timezone_name"),
    f("is_tablet", K::Bool), f("supports_telephony", K::Bool), f("has_nfc", K::Bool), f("bluetooth_enabled", K::Bool),
    str("bluetooth_version"), str("application_name"), str("application_version"), str("application_package")};

constexpr ObjectSpec androidRuntime{"an android runtime environment", runtimeCommon, androidFields};
constexpr ObjectSpec iosRuntime{"an ios runtime environment", runtimeCommon, iosFields};
constexpr ObjectSpec tvosRuntime{"a tvos runtime environment", runtimeCommon, tvosFields};
constexpr ObjectSpec webRuntime{"a mobileweb runtime environment", runtimeCommon, webFields};
constexpr ObjectSpec rokuRuntime{"a roku runtime environment", runtimeCommon, rokuFields};
constexpr ObjectSpec consoleRuntime{"an xbox/firetv runtime environment", runtimeCommon, consoleFields};
constexpr ObjectSpec genericRuntime{"an unknown runtime environment", runtimeCommon, genericFields};
constexpr ObjectSpec collapsingRuntime{"a smarttv/alexa runtime environment", runtimeCommon, genericFields,
                                       checkCollapsingRuntime};

constexpr std::array runtimeVariants{
    Variant{"unknown", &genericRuntime}, Variant{"android", &androidRuntime}, Variant{"ios", &iosRuntime},
    Variant{"tvos", &tvosRuntime},       Variant{"mobileweb", &webRuntime},   Variant{"roku", &rokuRuntime},
    Variant{"xbox", &consoleRuntime},    Variant{"firetv", &consoleRuntime},  Variant{"alexa", &collapsingRuntime},
    Variant{"smarttv", &collapsingRuntime},
};
constexpr PolyFamily runtimes{"runtime", "runtime environment type", runtimeVariants};

// --- system notifications -------------------------------------------------------------------------

constexpr std::array notificationCommon{str("type")};
constexpr std::array gdprNotificationFields{str("purpose", N::Required), obj("old_gdpr_consent_state", consent),
                                            obj("new_gdpr_consent_state", consent)};
constexpr std::array ccpaNotificationFields{str("purpose"), obj("old_ccpa_consent_state", consent),
                                            obj("new_ccpa_consent_state", consent)};
constexpr ObjectSpec gdprNotification{"a gdpr_consent_state notification", notificationCommon, gdprNotificationFields};
constexpr ObjectSpec ccpaNotification{"a ccpa_consent_state notification", notificationCommon, ccpaNotificationFields};
constexpr std::array notificationVariants{Variant{"gdpr_consent_state", &gdprNotification},
                                          Variant{"ccpa_consent_state", &ccpaNotification}};
constexpr PolyFamily notifications{"notification", "system notification type", notificationVariants};

// --- registration -----------------------------------------------------------------------------

// id and name: the registration review owns their checks (present, non-empty, unique).
constexpr std::array settingCommon{str("type"), str("id"), str("name"), str("description"),
                                   f("visible", K::Bool)};
constexpr std::array textSettingFields{str("default_value"), f("required", K::Bool), f("confidential", K::Bool)};
constexpr std::array integerSettingFields{f("default_value", K::Int64), f("min_value", K::Int64),
                                          f("max_value", K::Int64), f("required", K::Bool)};
constexpr std::array floatSettingFields{f("default_value", K::Decimal), f("min_value", K::Decimal),
                                        f("max_value", K::Decimal), f("required", K::Bool)};
constexpr std::array booleanSettingFields{f("default_value", K::Bool), f("checked", K::Bool)};
constexpr ObjectSpec textSetting{"a text setting", settingCommon, textSettingFields};
constexpr ObjectSpec integerSetting{"an integer setting", settingCommon, integerSettingFields};
constexpr ObjectSpec floatSetting{"a float setting", settingCommon, floatSettingFields};
constexpr ObjectSpec booleanSetting{"a boolean setting", settingCommon, booleanSettingFields};
constexpr std::array settingVariants{Variant{"text", &textSetting}, Variant{"integer", &integerSetting},
                                     Variant{"float", &floatSetting}, Variant{"boolean", &booleanSetting}};
constexpr PolyFamily settings{"setting", "setting type", settingVariants};

constexpr std::array scopeFields{str("name", N::Required), str("description", N::Required)};
constexpr ObjectSpec scope{"an OAuth2 scope", scopeFields, {}};
constexpr std::array oauthFields{
    // The URLs and client_id are required: the registration review owns those checks.
    str("type"), str("authorization_url"), str("refresh_url"), str("token_url"),
    enm("grant_type", catalog::oauthGrantTypes), f("default_expires_in", K::Int32), str("client_id"),
    enm("access_token_type", catalog::oauthAccessTokenTypes), str("custom_header_name"),
    str("param_client_id_name"), str("param_secret_name"), objList("scopes", scope)};
constexpr ObjectSpec oauth{"an oauth2 authentication", oauthFields, {}};
constexpr std::array authVariants{Variant{"oauth2", &oauth}};
constexpr PolyFamily authentications{"authentication", "authentication type", authVariants};

constexpr std::array userPermissionFields{enm("type", catalog::userIdentityTypes, N::Enforced),
                                          enm("encoding", catalog::identityEncodings, N::Enforced),
                                          f("required", K::Bool)};
constexpr std::array devicePermissionFields{enm("type", catalog::deviceIdentityTypes, N::Enforced),
                                            enm("encoding", catalog::identityEncodings, N::Enforced),
                                            f("required", K::Bool)};
constexpr std::array partnerPermissionFields{str("type", N::Enforced),
                                             enm("encoding", catalog::identityEncodings, N::Enforced),
                                             f("required", K::Bool)};
constexpr ObjectSpec userPermission{"a user identity permission", userPermissionFields, {}};
constexpr ObjectSpec devicePermission{"a device identity permission", devicePermissionFields, {}};
constexpr ObjectSpec partnerPermission{"a partner identity permission", partnerPermissionFields, {},
                                       checkPartnerIdentity};

constexpr std::array permissionsFields{
    objList("device_identities", devicePermission), objList("user_identities", userPermission),
    objList("partner_identities", partnerPermission), f("allow_access_location", K::Bool),
    f("allow_access_ip_address", K::Bool), f("allow_access_device_application_stamp", K::Bool),
    f("allow_device_info", K::Bool), f("allow_user_attributes", K::Bool), f("allow_consent_state", K::Bool),
    f("allow_audience_user_attributes", K::Bool), f("allow_access_http_user_agent", K::Bool),
    f("allow_access_mpid", K::Bool), f("allow_platform_fields", K::Bool), f("allow_eventless_batches", K::Bool)};
constexpr ObjectSpec permissions{"permissions", permissionsFields, {}};

constexpr std::array eventRegistrationFields{
    poly("account_settings", settings, K::PolyList), poly("event_connection_settings", settings, K::PolyList),
    enmList("supported_event_types", catalog::eventTypes),
    enmList("supported_runtime_environments", catalog::runtimeEnvironmentTypes),
    enmList("supported_system_notification_types", catalog::systemNotificationTypes),
    f("max_data_age_hours", K::Int32), str("push_messaging_provider_id"), poly("authentication", authentications)};
constexpr ObjectSpec eventRegistration{"event_processing_registration", eventRegistrationFields, {}};

constexpr std::array bulkFields{f("bulk_forward_wait_for_messages", K::Int32),
                                f("bulk_forward_wait_in_minutes", K::Int32)};
constexpr ObjectSpec bulkConfiguration{"bulk_configuration", bulkFields, {}};

constexpr std::array audienceRegistrationFields{
    poly("account_settings", settings, K::PolyList), poly("audience_subscription_settings", settings, K::PolyList),
    poly("authentication", authentications), obj("bulk_configuration", bulkConfiguration)};
constexpr ObjectSpec audienceRegistration{"audience_processing_registration", audienceRegistrationFields, {}};

constexpr std::array dsrRegistrationFields{poly("account_settings", settings, K::PolyList),
                                           enmList("supported_dsr_types", catalog::dsrTypes), str("domain")};
constexpr ObjectSpec dsrRegistration{"dsr_processing_registration", dsrRegistrationFields, {}};

// --- audiences --------------------------------------------------------------------------------

constexpr std::array audienceUserAttributeFields{str("key", N::Required), str("value"),
                                                 enm("action", catalog::userAttributeActions, N::Required),
                                                 f("list_value", K::StringList)};
constexpr ObjectSpec audienceUserAttribute{"an audience user attribute", audienceUserAttributeFields, {},
                                           checkAudienceUserAttribute};

constexpr std::array audienceFields{f("audience_id", K::Int32, N::Required), str("audience_name", N::Required),
                                    f("audience_subscription_settings", K::StringMap),
                                    enm("action", catalog::audienceActions, N::Required),
                                    objList("user_attributes", audienceUserAttribute)};
constexpr ObjectSpec audience{"an audience", audienceFields, {}};

constexpr std::array userProfileFields{objList("user_identities", userIdentity),
                                       objList("device_identities", deviceIdentity),
                                       objList("partner_identities", partnerIdentity), f("mpid", K::MpId),
                                       objList("audiences", audience)};
constexpr ObjectSpec userProfile{"a user profile", userProfileFields, {}};

constexpr std::array dsrIdentityFields{enm("encoding", catalog::dsrIdentityEncodings, N::Enforced),
                                       str("value", N::Enforced)};
constexpr ObjectSpec dsrIdentity{"a DSR subject identity", dsrIdentityFields, {}, checkIdentity};

// --- messages ---------------------------------------------------------------------------------

constexpr std::array envelope{str("type"), f("id", K::Uuid, N::Required), f("timestamp_ms", K::EpochMs, N::Required),
                              str("firehose_version", N::Recommended)};

constexpr std::array registrationResponseFields{
    // name and version: the registration review owns their checks (present, non-empty).
    str("sdk_version"), str("name"), str("description"), str("version"),
    obj("permissions", permissions), obj("event_processing_registration", eventRegistration),
    obj("audience_processing_registration", audienceRegistration),
    obj("dsr_processing_registration", dsrRegistration)};

constexpr std::array eventRequestFields{
    str("source_id"), obj("account", account, N::Required), objList("partner_identities", partnerIdentity),
    objList("user_identities", userIdentity), f("user_attributes", K::StringMap),
    f("user_attribute_lists", K::StringListMap), poly("runtime_environment", runtimes),
    f("integration_attributes", K::StringMap), FieldSpec{"events", K::PolyList, N::Checked, {}, nullptr, &events},
    str("source_channel"),
    f("device_application_stamp", K::UuidString), obj("consent_state", consentState),
    poly("system_notifications", notifications, K::PolyList), f("mpid", K::MpId),
    obj("platform_fields", platformFields)};
constexpr std::array eventResponseFields{f("suspend_subscription", K::Bool)};

constexpr std::array subscriptionRequestFields{
    obj("account", account, N::Required), f("audience_id", K::Int32, N::Required), str("audience_name", N::Required),
    str("audience_description"), f("audience_subscription_settings", K::StringMap),
    f("previous_audience_subscription_settings", K::StringMap),
    enm("action", catalog::subscriptionActions, N::Required)};
constexpr std::array subscriptionResponseFields{f("audience_subscription_settings", K::StringMap)};

constexpr std::array membershipRequestFields{obj("account", account, N::Required),
                                             FieldSpec{"user_profiles", K::ObjectList, N::Checked, {}, &userProfile, nullptr}};
constexpr std::array membershipResponseFields{f("suspend_subscription", K::Bool, N::Recommended)};

constexpr std::array dsrRequestFields{
    obj("account", account, N::Required), f("subject_request_id", K::UuidString),
    enm("subject_request_type", catalog::dsrTypes), f("submitted_time", K::SubmittedTime),
    FieldSpec{"subject_identities", K::SubjectIdentities, N::Optional, catalog::dsrSubjectIdentityTypes, &dsrIdentity,
              nullptr},
    str("api_version"), enm("regulation", catalog::dsrRegulations)};

constexpr ObjectSpec registrationRequest{"a module_registration_request", envelope, {}};
constexpr ObjectSpec registrationResponse{"a module_registration_response", envelope, registrationResponseFields};
constexpr ObjectSpec eventRequest{"an event_processing_request", envelope, eventRequestFields, checkEventRequest};
constexpr ObjectSpec eventResponse{"an event_processing_response", envelope, eventResponseFields};
constexpr ObjectSpec subscriptionRequest{"an audience_subscription_request", envelope, subscriptionRequestFields};
constexpr ObjectSpec subscriptionResponse{"an audience_subscription_response", envelope, subscriptionResponseFields};
constexpr ObjectSpec membershipRequest{"an audience_membership_change_request", envelope, membershipRequestFields,
                                       checkMembershipRequest};
constexpr ObjectSpec membershipResponse{"an audience_membership_change_response", envelope, membershipResponseFields};
constexpr ObjectSpec dsrRequest{"a dsr_processing_request", envelope, dsrRequestFields};
constexpr ObjectSpec dsrResponse{"a dsr_processing_response", envelope, {}};

} // namespace

const ObjectSpec &messageSpec(MessageType type)
{
    switch (type) {
    case MessageType::ModuleRegistrationRequest: return registrationRequest;
    case MessageType::ModuleRegistrationResponse: return registrationResponse;
    case MessageType::EventProcessingRequest: return eventRequest;
    case MessageType::EventProcessingResponse: return eventResponse;
    case MessageType::AudienceSubscriptionRequest: return subscriptionRequest;
    case MessageType::AudienceSubscriptionResponse: return subscriptionResponse;
    case MessageType::AudienceMembershipChangeRequest: return membershipRequest;
    case MessageType::AudienceMembershipChangeResponse: return membershipResponse;
    case MessageType::DsrProcessingRequest: return dsrRequest;
    case MessageType::DsrProcessingResponse: return dsrResponse;
    }
    return registrationRequest;
}

} // namespace fhw::protocol::schema
