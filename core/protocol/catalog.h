#pragma once

// Every enum of the Firehose protocol as its wire strings (PROTOCOL.md §2.6). The validator checks
// against these lists and the generator draws from them, so both always agree.

#include <algorithm>
#include <array>
#include <span>
#include <string_view>

namespace fhw::protocol::catalog {

using namespace std::string_view_literals;

inline constexpr std::array eventTypes{
    "session_start"sv, "session_end"sv, "custom_event"sv, "screen_view"sv, "error"sv,
    "privacy_setting_change"sv, "user_attribute_change"sv, "user_identity_change"sv,
    "push_subscription"sv, "application_state_transition"sv, "push_message_receipt"sv,
    "product_action"sv, "promotion_action"sv, "impression"sv, "attribution"sv, "push_message_open"sv,
};

inline constexpr std::array runtimeEnvironmentTypes{
    "unknown"sv, "android"sv, "ios"sv, "tvos"sv, "mobileweb"sv,
    "roku"sv, "xbox"sv, "firetv"sv, "alexa"sv, "smarttv"sv,
};

inline constexpr std::array systemNotificationTypes{"gdpr_consent_state"sv, "ccpa_consent_state"sv};

inline constexpr std::array identityEncodings{"raw"sv, "md5"sv, "sha1"sv, "sha256"sv};
inline constexpr std::array dsrIdentityEncodings{"raw"sv};

inline constexpr std::array userIdentityTypes{
    "other"sv, "customer"sv, "facebook"sv, "twitter"sv, "google"sv, "microsoft"sv, "yahoo"sv,
    "email"sv, "other2"sv, "other3"sv, "other4"sv, "other5"sv, "other6"sv, "other7"sv,
    "other8"sv, "other9"sv, "other10"sv, "mobile_number"sv, "phone_number_2"sv, "phone_number_3"sv,
};

inline constexpr std::array deviceIdentityTypes{
    "android_id"sv, "google_advertising_id"sv, "ios_advertising_id"sv, "ios_vendor_id"sv,
    "google_cloud_messaging_token"sv, "apple_push_notification_token"sv, "roku_advertising_id"sv,
    "microsoft_advertising_id"sv, "microsoft_publisher_id"sv, "fire_advertising_id"sv,
    "roku_publisher_id"sv,
};

inline constexpr std::array dsrSubjectIdentityTypes{
    "controller_customer_id"sv, "android_advertising_id"sv, "android_id"sv, "email"sv,
    "fire_advertising_id"sv, "ios_advertising_id"sv, "ios_vendor_id"sv,
    "microsoft_advertising_id"sv, "microsoft_publisher_id"sv, "roku_publisher_id"sv,
    "roku_advertising_id"sv,
};

inline constexpr std::array customEventTypes{
    "unknown"sv, "navigation"sv, "location"sv, "search"sv, "transaction"sv,
    "user_content"sv, "user_preference"sv, "social"sv, "other"sv, "media"sv,
};

inline constexpr std::array productActions{
    "add_to_wishlist"sv, "remove_from_wish_list"sv, "add_to_cart"sv, "remove_from_cart"sv,
    "checkout"sv, "purchase"sv, "refund"sv, "checkout_option"sv, "click"sv, "view_detail"sv,
};

inline constexpr std::array promotionActions{"unknown"sv, "view"sv, "click"sv};
inline constexpr std::array pushSubscriptionActions{"subscribe"sv, "unsubscribe"sv};
inline constexpr std::array applicationStates{
    "install"sv, "upgrade"sv, "initialize"sv, "exit"sv, "background"sv, "foreground"sv,
};
inline constexpr std::array privacySettings{"app_data_collection"sv};
inline constexpr std::array attAuthorizationStatuses{
    "authorized"sv, "denied"sv, "not_determined"sv, "restricted"sv,
};

inline constexpr std::array audienceActions{"add"sv, "delete"sv, "attribute_update"sv};
inline constexpr std::array userAttributeActions{"upsert"sv, "delete"sv};
inline constexpr std::array subscriptionActions{"add"sv, "update"sv, "remove"sv};

inline constexpr std::array dsrTypes{"erasure"sv};
inline constexpr std::array dsrRegulations{"unknown"sv, "ccpa"sv, "gdpr"sv};

inline constexpr std::array settingTypes{"text"sv, "integer"sv, "float"sv, "boolean"sv};
inline constexpr std::array authenticationTypes{"oauth2"sv};
inline constexpr std::array oauthGrantTypes{"authorization_code"sv};
inline constexpr std::array oauthAccessTokenTypes{"bearer"sv, "custom_header"sv};

// A plain string on the wire (Consts.ChannelSourceType), listed for the generator.
inline constexpr std::array sourceChannels{
    "unknown"sv, "native"sv, "javascript"sv, "pixel"sv, "partner"sv, "server_to_server"sv,
};

inline constexpr std::string_view ccpaPurpose = "data_sale_opt_out";
inline constexpr std::string_view sdkVersion = "3.2.0";

inline constexpr std::array dataCenters{"US1"sv, "US2"sv, "EU1"sv, "AU1"sv};

inline bool contains(std::span<const std::string_view> values, std::string_view value)
{
    return std::ranges::find(values, value) != values.end();
}

} // namespace fhw::protocol::catalog
