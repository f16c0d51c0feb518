// What happened: the 16 event types (PROTOCOL.md §2.2 "Events") as one consistent session —
// session_start first, session_end last, one session_id, strictly ascending timestamps — and the
// consent state with the system notifications that led to it.

#include "generator_p.h"

#include <algorithm>

namespace fhw::protocol::detail {

using namespace std::string_view_literals;

namespace {

std::string str(std::string_view text)
{
    return std::string(text);
}

struct Product
{
    std::string_view id, name, brand, category, variant;
    std::int64_t priceCents; // in USD; other currencies are converted below
};
constexpr std::array products{
    Product{"SKU-10423", "Trail Running Shoe", "Northpeak", "Footwear/Running", "Blue 42", 12999},
    Product{"SKU-20981", "Merino Base Layer", "Northpeak", "Apparel/Tops", "Charcoal M", 6450},
    Product{"SKU-31177", "Insulated Water Bottle", "Hydrafin", "Accessories/Bottles", "750 ml", 2899},
    Product{"SKU-40012", "Wireless Earbuds", "Sonique", "Electronics/Audio", "White", 14900},
    Product{"SKU-51530", "Travel Backpack 30L", "Roamwell", "Bags/Backpacks", "Olive", 9875},
    Product{"SKU-62004", "Yoga Mat", "Zenform", "Fitness/Mats", "Purple 6 mm", 3500},
};

struct Promotion
{
    std::string_view id, name, creative;
};
constexpr std::array promotions{
    Promotion{"PROMO_SPRING25", "Spring Sale 25 percent", "hero_banner_v2"},
    Promotion{"PROMO_FREESHIP", "Free Shipping Weekend", "top_strip"},
    Promotion{"PROMO_WELCOME", "Welcome Offer", "modal_welcome"},
};

constexpr std::array screens{
    "Home"sv, "Search Results"sv, "Product Detail"sv, "Cart"sv, "Checkout"sv, "Account"sv, "Order History"sv,
    "Settings"sv,
};
constexpr std::array customEventNames{
    "Add to Favorites"sv, "Search Performed"sv, "Share Tapped"sv, "Filter Applied"sv, "Video Played"sv,
    "Coupon Redeemed"sv, "Review Submitted"sv,
};
constexpr std::array errorMessages{
    "Network request failed: timeout after 30000 ms"sv,
    "Image decoding failed for product thumbnail"sv,
    "Unexpected null total in CheckoutViewModel"sv,
    "Payment sheet dismissed with unknown status"sv,
};

// Between session_start and session_end the batch cycles through these 14.
constexpr std::array middleTypes{
    "custom_event"sv, "screen_view"sv, "error"sv, "privacy_setting_change"sv, "user_attribute_change"sv,
    "user_identity_change"sv, "push_subscription"sv, "application_state_transition"sv,
    "push_message_receipt"sv, "product_action"sv, "promotion_action"sv, "impression"sv, "attribution"sv,
    "push_message_open"sv,
};
static_assert(middleTypes.size() + 2 == catalog::eventTypes.size());
consteval bool middleTypesValid()
{
    for (std::string_view type : middleTypes) {
        if (!inCatalog(catalog::eventTypes, type) || type == "session_start" || type == "session_end")
            return false;
    }
    return true;
}
static_assert(middleTypesValid());

// What the session has done so far, for breadcrumbs and referrers.
struct SessionState
{
    std::vector<std::string> screensSeen;
};

// Minor units of the batch's currency: yen has none, so round to whole yen.
std::int64_t localPrice(std::int64_t usdCents, std::string_view currency)
{
    if (currency == "JPY")
        return usdCents * 150 / 100 * 100;
    if (currency == "GBP")
        return usdCents * 79 / 100;
    if (currency == "EUR")
        return usdCents * 92 / 100;
    if (currency == "CAD")
        return usdCents * 135 / 100;
    if (currency == "AUD")
        return usdCents * 152 / 100;
    return usdCents;
}

double money(std::int64_t cents)
{
    return Rng::scaled(cents, 2);
}

struct ProductList
{
    Json json = Json::array();
    std::int64_t totalCents = 0;
};

ProductList productList(Rng &rng, const EventContext &context, int count)
{
    ProductList list;
    const std::size_t first = static_cast<std::size_t>(rng.below(products.size()));
    for (int i = 0; i < count; ++i) {
        const Product &product = products[(first + static_cast<std::size_t>(i)) % products.size()];
        const std::int64_t price = localPrice(product.priceCents, context.currency);
        const int quantity = rng.between(1, 3);
        const std::int64_t total = price * quantity;
        list.totalCents += total;
        Json item{{"id", product.id},       {"name", product.name},         {"brand", product.brand},
                  {"category", product.category}, {"variant", product.variant}, {"position", i + 1},
                  {"price", money(price)}, {"quantity", quantity},         {"total_amount", money(total)}};
        item["attributes"] = Json{{"in_stock", rng.chance(90) ? "true" : "false"}};
        list.json.push_back(std::move(item));
    }
    return list;
}

Json customFlags(Rng &rng)
{
    return Json{{"Acme.Priority", rng.chance(30) ? "high" : "normal"},
                {"Acme.Experiment", "exp_checkout_v" + std::to_string(rng.between(1, 4))}};
}

Json location(Rng &rng, const City &city)
{
    // A few kilometres around the person's city, to four decimals (about 11 m).
    const std::int64_t latitude = std::clamp<std::int64_t>(city.latitudeE4 + rng.between(-400, 400), -900'000, 900'000);
    const std::int64_t longitude =
        std::clamp<std::int64_t>(city.longitudeE4 + rng.between(-400, 400), -1'800'000, 1'800'000);
    return Json{{"latitude", Rng::scaled(latitude, 4)},
                {"longitude", Rng::scaled(longitude, 4)},
                {"accuracy", rng.decimal(30, 650, 1)}};
}

std::string pushPayload(Rng &rng, const EventContext &context, bool opened)
{
    static constexpr std::array titles{"Back in stock"sv, "Your cart misses you"sv, "Spring sale starts now"sv};
    const std::string_view title = rng.pick(titles);
    const std::string_view offer = rng.chance(50) ? "take 25 percent off today"sv : "see what is new"sv;
    const std::string body = context.person.firstName + ", " + str(offer);
    Json acme{{"campaign_id", "cmp_" + rng.alphanumeric(10)}, {"message_id", rng.uuid()}};
    if (opened)
        acme["action"] = "open";
    Json payload = Json::object();
    if (context.runtimeType == "ios" || context.runtimeType == "tvos") {
        payload["aps"] = Json{{"alert", {{"title", title}, {"body", body}}}, {"badge", 1}, {"sound", "default"}};
        payload[str(pushProviderId)] = std::move(acme);
    } else {
        // Android-style data messages nest the provider's block as a JSON string of its own.
        payload["title"] = title;
        payload["body"] = body;
        payload[str(pushProviderId)] = acme.dump();
    }
    return payload.dump();
}

std::string pushToken(Rng &rng, const EventContext &context)
{
    if (!context.runtime.pushToken.empty())
        return context.runtime.pushToken;
    return fcmToken(rng, 134);
}

std::string_view nextScreen(Rng &rng, SessionState &state)
{
    const std::string_view screen = state.screensSeen.empty() ? "Home"sv : rng.pick(screens);
    state.screensSeen.emplace_back(screen);
    return screen;
}

void fillProductAction(Json &event, Rng &rng, const EventContext &context)
{
    const std::string_view action = rng.pick(catalog::productActions);
    const bool settled = action == "purchase" || action == "refund";
    ProductList list = productList(rng, context, rng.between(1, 3));
    event["action"] = action;
    if (settled || action == "checkout")
        event["transaction_id"] = "T" + rng.digits(10);
    event["affiliation"] = str(context.app.name) + " App";
    if (settled) {
        // Totals that add up: products + tax + shipping.
        const std::int64_t tax = list.totalCents * 8 / 100;
        const std::int64_t shipping = rng.chance(40) ? 0 : localPrice(rng.between(4, 9) * 100 + 99, context.currency);
        event["total_amount"] = money(list.totalCents + tax + shipping);
        event["tax_amount"] = money(tax);
        event["shipping_amount"] = money(shipping);
    } else {
        event["total_amount"] = money(list.totalCents);
    }
    event["currency_code"] = context.currency;
    if (rng.chance(30))
        event["coupon_code"] = "SPRING25";
    event["products"] = std::move(list.json);
    event["attributes"] = Json{{"list", rng.pick(screens)}};
    event["custom_flags"] = customFlags(rng);
}

void fillUserAttributeChange(Json &event, Rng &rng, const EventContext &context)
{
    // Add one of the batch's own custom attributes, with the value the batch reports.
    std::vector<std::string> custom;
    for (auto it = context.userAttributes.begin(); it != context.userAttributes.end(); ++it) {
        if (!it.key().starts_with('$'))
            custom.push_back(it.key());
    }
    Json added = Json::object();
    if (!custom.empty()) {
        const std::string &key = custom[static_cast<std::size_t>(rng.below(custom.size()))];
        added[key] = context.userAttributes[key];
    } else {
        added["favorite_store"] = str(context.person.city->name);
    }
    event["added"] = std::move(added);
    event["removed"] = Json{{"trial_user", "true"}};
}

void fillUserIdentityChange(Json &event, Rng &rng, const EventContext &context)
{
    // A login: the customer id arrives (customer is always among the batch's identities).
    event["added"] = Json::array({userIdentity(userIdentityRules[0], context.person)});
    static_assert(userIdentityRules[0].type == "customer");
    if (rng.chance(40))
        event["removed"] = Json::array({identity("other2", "raw", "crm-" + rng.hex(12))});
}

void fillApplicationStateTransition(Json &event, Rng &rng, const EventContext &context)
{
    const std::string_view state = rng.pick(catalog::applicationStates);
    event["application_state"] = state;
    if (state != "foreground" && state != "initialize" && state != "install")
        return;
    event["launch_referral"] = str(context.app.scheme) + "://promo/spring?utm_source=acme&utm_medium=push";
    event["launch_parameters"] = "utm_source=acme&utm_campaign=spring_launch";
    if (context.runtimeType == "ios" || context.runtimeType == "tvos")
        event["referral_application"] = "com.apple.mobilesafari";
    if (context.runtimeType == "android" || context.runtimeType == "firetv")
        event["source_package"] = "com.android.chrome";
}

// A stack trace in the platform's own style.
std::string stackTrace(Rng &rng, const EventContext &context, std::string_view message)
{
    const std::string first = std::to_string(rng.between(40, 400));
    const std::string second = std::to_string(rng.between(40, 200));
    const std::string_view platform = context.runtimeType;
    if (platform == "ios" || platform == "tvos") {
        std::string module(context.app.name);
        std::erase(module, ' ');
        return str(message) + "\n0   " + module + "  CheckoutViewModel.total() (CheckoutViewModel.swift:" + first
               + ")\n1   " + module + "  CheckoutView.body.getter (CheckoutView.swift:" + second + ")";
    }
    if (platform == "mobileweb") {
        const std::string script = "https://www." + str(context.app.scheme) + ".com/static/js/main.js:";
        return "Error: " + str(message) + "\n    at CheckoutViewModel.total (" + script + first
               + ":17)\n    at HTMLButtonElement.onClick (" + script + second + ":9)";
    }
    const std::string package(context.app.package);
    return str(message) + "\n    at " + package + ".checkout.CheckoutViewModel.total(CheckoutViewModel.kt:" + first
           + ")\n    at " + package + ".ui.MainActivity.onResume(MainActivity.kt:" + second + ")";
}

void fillError(Json &event, Rng &rng, const EventContext &context, const SessionState &state)
{
    const std::string_view message = rng.pick(errorMessages);
    event["message"] = message;
    event["is_crash"] = rng.chance(20);
    event["stack_trace"] = stackTrace(rng, context, message);
    Json breadcrumbs = Json::array();
    const std::size_t from = state.screensSeen.size() > 3 ? state.screensSeen.size() - 3 : 0;
    for (std::size_t i = from; i < state.screensSeen.size(); ++i)
        breadcrumbs.push_back("Viewed " + state.screensSeen[i]);
    if (breadcrumbs.empty())
        breadcrumbs.push_back("App launched");
    event["breadcrumbs"] = std::move(breadcrumbs);
    event["attributes"] = Json{{"http_status", rng.chance(50) ? "504" : "500"},
                               {"retry_count", std::to_string(rng.between(0, 3))}};
}

void fillEvent(Json &event, std::string_view type, Rng &rng, const EventContext &context, SessionState &state)
{
    if (type == "custom_event") {
        event["name"] = rng.pick(customEventNames);
        event["custom_event_type"] = rng.pick(catalog::customEventTypes);
        event["attributes"] = Json{{"screen", state.screensSeen.empty() ? "Home" : state.screensSeen.back()},
                                   {"value", std::to_string(rng.between(1, 500))}};
        event["custom_flags"] = customFlags(rng);
    } else if (type == "screen_view") {
        const std::string referrer = state.screensSeen.empty() ? "launch" : state.screensSeen.back();
        event["screen_name"] = nextScreen(rng, state);
        event["attributes"] = Json{{"referrer_screen", referrer}};
        event["custom_flags"] = customFlags(rng);
    } else if (type == "error") {
        fillError(event, rng, context, state);
    } else if (type == "privacy_setting_change") {
        event["setting"] = rng.pick(catalog::privacySettings);
        event["is_enabled"] = rng.chance(60);
    } else if (type == "user_attribute_change") {
        fillUserAttributeChange(event, rng, context);
    } else if (type == "user_identity_change") {
        fillUserIdentityChange(event, rng, context);
    } else if (type == "push_subscription") {
        event["action"] = rng.pick(catalog::pushSubscriptionActions);
        event["token"] = pushToken(rng, context);
    } else if (type == "application_state_transition") {
        fillApplicationStateTransition(event, rng, context);
    } else if (type == "push_message_receipt" || type == "push_message_open") {
        event["payload"] = pushPayload(rng, context, type == "push_message_open");
    } else if (type == "product_action") {
        fillProductAction(event, rng, context);
    } else if (type == "promotion_action") {
        event["action"] = rng.pick(catalog::promotionActions);
        event["attributes"] = Json{{"placement", rng.chance(50) ? "home_hero" : "search_top"}};
        Json list = Json::array();
        const std::size_t first = static_cast<std::size_t>(rng.below(promotions.size()));
        for (int i = 0, n = rng.between(1, 2); i < n; ++i) {
            const Promotion &promotion = promotions[(first + static_cast<std::size_t>(i)) % promotions.size()];
            list.push_back(Json{{"id", promotion.id}, {"name", promotion.name}, {"creative", promotion.creative},
                                {"position", "slot_" + std::to_string(i + 1)}});
        }
        event["promotions"] = std::move(list);
        event["custom_flags"] = customFlags(rng);
    } else if (type == "impression") {
        event["attributes"] = Json{{"placement", "carousel"}};
        Json impressions = Json::array();
        static constexpr std::array listNames{"Search Results"sv, "Recommended For You"sv, "Recently Viewed"sv};
        const std::size_t first = static_cast<std::size_t>(rng.below(listNames.size()));
        for (int i = 0, n = rng.between(1, 2); i < n; ++i) {
            const std::string_view listName = listNames[(first + static_cast<std::size_t>(i)) % listNames.size()];
            impressions.push_back(Json{{"impression_list_name", listName},
                                       {"products", productList(rng, context, rng.between(1, 3)).json}});
        }
        event["impressions"] = std::move(impressions);
        event["custom_flags"] = customFlags(rng);
    } else if (type == "attribution") {
        event["name"] = "install_attribution";
        event["partner_name"] = "LinkPath";
        event["publisher_name"] = rng.chance(50) ? "Social Ads Network" : "Video Ads Exchange";
        event["campaign_name"] = rng.chance(50) ? "spring_launch_2026" : "retargeting_q1";
        event["attributes"] = Json{{"ad_group", "ag_" + rng.digits(6)}, {"creative", "cr_" + rng.digits(5)}};
    }
}

Json consent(bool consented, std::string_view document, std::int64_t timestampMs, std::string_view location,
             std::string_view hardwareId)
{
    return Json{{"consented", consented},
                {"document", document},
                {"timestamp_unixtime_ms", timestampMs},
                {"location", location},
                {"hardware_id", hardwareId}};
}

} // namespace

// Current consent, and the change that led to it for one GDPR purpose and for CCPA: each
// notification's new state is the state consent_state reports.
ConsentHistory makeConsent(Rng &rng, std::int64_t startMs)
{
    ConsentHistory history;
    static constexpr std::array purposes{"marketing"sv, "analytics"sv, "personalization"sv};
    const std::string hardwareId = rng.uuid();
    const std::string document = "privacy_policy_v" + std::to_string(rng.between(2, 6));
    const std::int64_t consentMs = startMs - rng.between(hourMs, 20 * dayMs);
    auto gdprConsent = [&](bool consented, std::int64_t ms) {
        return consent(consented, document, ms, "onboarding_consent_banner", hardwareId);
    };
    auto ccpaConsent = [&](bool consented, std::int64_t ms) {
        return consent(consented, "ccpa_notice_v1", ms, "privacy_settings_screen", hardwareId);
    };
    Json gdpr = Json::object();
    std::vector<bool> gdprConsented;
    for (std::string_view purpose : purposes) {
        gdprConsented.push_back(rng.chance(70));
        gdpr[str(purpose)] = gdprConsent(gdprConsented.back(), consentMs);
    }
    const bool saleOptOut = rng.chance(30);
    history.state = Json{
        {"gdpr_consent_state", std::move(gdpr)},
        {"ccpa_consent_state", {{catalog::ccpaPurpose, ccpaConsent(saleOptOut, consentMs)}}},
    };
    const std::size_t changed = static_cast<std::size_t>(rng.below(purposes.size()));
    const std::int64_t previousMs = consentMs - rng.between(dayMs, 90 * dayMs);
    Json notifications = Json::array();
    notifications.push_back(Json{
        {"type", "gdpr_consent_state"},
        {"purpose", purposes[changed]},
        {"old_gdpr_consent_state", gdprConsent(!gdprConsented[changed], previousMs)},
        {"new_gdpr_consent_state", gdprConsent(gdprConsented[changed], consentMs)},
    });
    notifications.push_back(Json{
        {"type", "ccpa_consent_state"},
        {"purpose", catalog::ccpaPurpose},
        {"old_ccpa_consent_state", ccpaConsent(!saleOptOut, previousMs)},
        {"new_ccpa_consent_state", ccpaConsent(saleOptOut, consentMs)},
    });
    history.notifications = std::move(notifications);
    return history;
}

EventBatch makeEvents(Rng &rng, const EventContext &context, int count)
{
    EventBatch batch;
    if (count <= 0)
        return batch;

    // Spread the session over at most two hours however many events it has, so a big batch stays
    // well inside max_data_age_hours.
    const std::int64_t maxStep = std::clamp<std::int64_t>(2 * hourMs / count, 2, 90'000);
    const std::int64_t minStep = std::max<std::int64_t>(1, maxStep / 30);
    const std::size_t offset = static_cast<std::size_t>(rng.below(middleTypes.size()));

    SessionState state;
    std::int64_t timestamp = context.startMs;
    for (int i = 0; i < count; ++i) {
        std::string_view type;
        if (i == 0)
            type = "session_start";
        else if (i == count - 1)
            type = "session_end";
        else
            type = middleTypes[(offset + static_cast<std::size_t>(i - 1)) % middleTypes.size()];
        if (i > 0)
            timestamp += rng.between(minStep, maxStep);

        Json event = Json::object();
        event["type"] = type;
        event["id"] = rng.uuid();
        event["timestamp_ms"] = timestamp;
        event["source_id"] = rng.uuid();
        event["session_id"] = context.sessionId;
        if (rng.chance(40))
            event["location"] = location(rng, *context.person.city);
        if (type == "session_end")
            event["session_length_ms"] = timestamp - context.startMs;
        else
            fillEvent(event, type, rng, context, state);
        batch.events.push_back(std::move(event));
    }
    batch.lastMs = timestamp;
    return batch;
}

} // namespace fhw::protocol::detail
