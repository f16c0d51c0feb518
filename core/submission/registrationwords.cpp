#include "registrationwords_p.h"

#include <algorithm>
#include <array>
#include <utility>

namespace fhw::submission::detail {

namespace {

using Names = std::pair<std::string_view, std::string_view>;

constexpr std::array eventTypes{
    Names{"session_start", "session starts"},
    Names{"session_end", "session ends"},
    Names{"custom_event", "custom events"},
    Names{"screen_view", "screen views"},
    Names{"error", "errors (crashes and exceptions)"},
    Names{"privacy_setting_change", "privacy setting changes"},
    Names{"user_attribute_change", "user attribute changes"},
    Names{"user_identity_change", "user identity changes"},
    Names{"push_subscription", "push subscriptions"},
    Names{"application_state_transition", "app state transitions (install, upgrade, foreground, background)"},
    Names{"push_message_receipt", "push message receipts"},
    Names{"product_action", "product actions (commerce: add to cart, purchase, refund …)"},
    Names{"promotion_action", "promotion views and clicks"},
    Names{"impression", "product impressions"},
    Names{"attribution", "attributions"},
    Names{"push_message_open", "push message opens"},
};

constexpr std::array runtimes{
    Names{"unknown", "unknown platforms"}, Names{"android", "Android"}, Names{"ios", "iOS"},
    Names{"tvos", "tvOS"}, Names{"mobileweb", "Web"}, Names{"roku", "Roku"}, Names{"xbox", "Xbox"},
    Names{"firetv", "Fire TV"}, Names{"alexa", "Alexa"}, Names{"smarttv", "smart TVs"},
};

constexpr std::array notifications{
    Names{"gdpr_consent_state", "GDPR consent state changes"},
    Names{"ccpa_consent_state", "CCPA consent state changes"},
};

constexpr std::array identities{
    Names{"customer", "customer ID"},
    Names{"email", "email address"},
    Names{"other", "other ID"},
    Names{"facebook", "Facebook ID"},
    Names{"twitter", "Twitter ID"},
    Names{"google", "Google ID"},
    Names{"microsoft", "Microsoft ID"},
    Names{"yahoo", "Yahoo ID"},
    Names{"mobile_number", "mobile number"},
    Names{"phone_number_2", "second phone number"},
    Names{"phone_number_3", "third phone number"},
    Names{"android_id", "Android ID"},
    Names{"google_advertising_id", "Google advertising ID (GAID)"},
    Names{"ios_advertising_id", "iOS advertising ID (IDFA)"},
    Names{"ios_vendor_id", "iOS vendor ID (IDFV)"},
    Names{"google_cloud_messaging_token", "Google push token"},
    Names{"apple_push_notification_token", "Apple push token"},
    Names{"roku_advertising_id", "Roku advertising ID"},
    Names{"roku_publisher_id", "Roku publisher ID"},
    Names{"microsoft_advertising_id", "Microsoft advertising ID"},
    Names{"microsoft_publisher_id", "Microsoft publisher ID"},
    Names{"fire_advertising_id", "Fire advertising ID"},
    Names{"$cookie_sync_id", "Cookie Sync ID"},
};

constexpr std::array encodings{
    Names{"raw", "as is"}, Names{"md5", "MD5 hash"}, Names{"sha1", "SHA-1 hash"}, Names{"sha256", "SHA-256 hash"},
};

template<std::size_t N>
std::string lookup(const std::array<Names, N> &table, std::string_view key, std::string fallback)
{
    const auto it = std::ranges::find(table, key, &Names::first);
    return it != table.end() ? std::string(it->second) : std::move(fallback);
}

std::string underscoresAsSpaces(std::string_view text)
{
    std::string out(text);
    std::ranges::replace(out, '_', ' ');
    return out;
}

} // namespace

std::string eventTypeWords(std::string_view type)
{
    return lookup(eventTypes, type, underscoresAsSpaces(type));
}

std::string runtimeWords(std::string_view runtime)
{
    return lookup(runtimes, runtime, std::string(runtime));
}

std::string notificationWords(std::string_view type)
{
    return lookup(notifications, type, underscoresAsSpaces(type));
}

std::string identityWords(std::string_view type)
{
    if (type.starts_with("other") && type.size() > 5 && type.find_first_not_of("0123456789", 5) == std::string_view::npos)
        return "other ID " + std::string(type.substr(5));
    return lookup(identities, type, std::string(type));
}

std::string encodingWords(std::string_view encoding)
{
    return lookup(encodings, encoding, std::string(encoding));
}

std::string joinWords(const std::vector<std::string> &words)
{
    std::string out;
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (i > 0)
            out += i + 1 == words.size() ? " and " : ", ";
        out += words[i];
    }
    return out;
}

} // namespace fhw::submission::detail
