// The ten messages, assembled from the pieces in generatorruntime.cpp (people, apps, runtime
// environments) and generatorevents.cpp (events, consent). Each message type draws from its own
// stream of the seeded PRNG, so the same options always give the same bytes.

#include "generator.h"

#include "generator_p.h"
#include "identityhash.h"

#include <cstdio>

namespace fhw::protocol {

using namespace std::string_view_literals;

namespace detail {

std::string Rng::uuid()
{
    std::uint64_t high = next();
    std::uint64_t low = next();
    high = (high & ~0xf000ULL) | 0x4000ULL;                  // version 4
    low = (low & 0x3fffffffffffffffULL) | 0x8000000000000000ULL; // RFC 4122 variant
    char text[37];
    std::snprintf(text, sizeof text, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(high >> 32),
                  static_cast<unsigned>((high >> 16) & 0xffff), static_cast<unsigned>(high & 0xffff),
                  static_cast<unsigned>(low >> 48), static_cast<unsigned long long>(low & 0xffffffffffffULL));
    return text;
}

std::string Rng::hex(int digits)
{
    static constexpr std::string_view alphabet = "0123456789abcdef";
    std::string out;
    for (int i = 0; i < digits; ++i)
        out += alphabet[below(16)];
    return out;
}

std::string Rng::digits(int count)
{
    std::string out;
    for (int i = 0; i < count; ++i)
        out += static_cast<char>('0' + (i == 0 ? 1 + below(9) : below(10)));
    return out;
}

std::string Rng::alphanumeric(int count)
{
    static constexpr std::string_view alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    std::string out;
    for (int i = 0; i < count; ++i)
        out += alphabet[below(alphabet.size())];
    return out;
}

double Rng::scaled(std::int64_t value, int decimals)
{
    // Exact powers of ten, so value / 10^n is the correctly rounded double of the decimal.
    static constexpr std::array<double, 7> powers{1.0, 10.0, 100.0, 1e3, 1e4, 1e5, 1e6};
    return static_cast<double>(value) / powers[static_cast<std::size_t>(decimals)];
}

namespace {

struct Audience
{
    std::string_view name, description;
};
constexpr std::array audiences{
    Audience{"High Value Customers", "Users with more than 500 USD of purchases in the last 90 days"},
    Audience{"Cart Abandoners 7d", "Added to cart in the last 7 days without a purchase"},
    Audience{"Lapsed Users 30d", "No session in the last 30 days"},
    Audience{"Newsletter Subscribers", "Opted in to the weekly newsletter"},
    Audience{"Frequent Travelers", "Three or more bookings this year"},
    Audience{"New Users Low Engagement", "Installed this month with fewer than three sessions"},
};

std::string lowerAscii(std::string_view text)
{
    std::string out;
    for (char c : text)
        out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    return out;
}

std::string str(std::string_view text)
{
    return std::string(text);
}

// Howard Hinnant's civil_from_days: ISO-8601 without a clock or the C library's time zone.
std::string isoUtc(std::int64_t ms)
{
    const std::int64_t seconds = ms / 1000; // the base epoch keeps us positive
    std::int64_t days = seconds / 86400;
    const std::int64_t secondOfDay = seconds % 86400;
    days += 719468;
    const std::int64_t era = days / 146097;
    const std::int64_t dayOfEra = days - era * 146097;
    const std::int64_t yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
    const std::int64_t dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    const std::int64_t mp = (5 * dayOfYear + 2) / 153;
    const std::int64_t day = dayOfYear - (153 * mp + 2) / 5 + 1;
    const std::int64_t month = mp < 10 ? mp + 3 : mp - 9;
    const std::int64_t year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
    char text[64];
    std::snprintf(text, sizeof text, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lldZ", static_cast<long long>(year),
                  static_cast<long long>(month), static_cast<long long>(day),
                  static_cast<long long>(secondOfDay / 3600), static_cast<long long>(secondOfDay / 60 % 60),
                  static_cast<long long>(secondOfDay % 60));
    return text;
}

// January and February 2026: no city in the table changes its clocks then (the first DST switch is
// the US one on 8 March), so the runtime's timezone_offset and is_dst hold for the whole batch.
std::int64_t messageTime(Rng &rng)
{
    return baseEpochMs + rng.between(std::int64_t{0}, 58 * dayMs);
}

Json envelope(MessageType type, Rng &rng, std::int64_t timestampMs)
{
    Json message = Json::object();
    message["type"] = str(wireName(type));
    message["id"] = rng.uuid();
    message["timestamp_ms"] = timestampMs;
    message["firehose_version"] = str(catalog::sdkVersion);
    return message;
}

// --- settings (PROTOCOL.md §2.1 "Settings") -------------------------------------------------------

Json settingBase(std::string_view type, std::string_view id, std::string_view name, std::string_view description)
{
    return Json{{"type", type}, {"id", id}, {"name", name}, {"description", description}, {"visible", true}};
}

Json textSetting(std::string_view id, std::string_view name, std::string_view description, bool required,
                 bool confidential, std::string_view defaultValue = {})
{
    Json setting = settingBase("text", id, name, description);
    if (!defaultValue.empty())
        setting["default_value"] = defaultValue;
    setting["required"] = required;
    setting["confidential"] = confidential;
    return setting;
}

Json integerSetting(std::string_view id, std::string_view name, std::string_view description,
                    std::int64_t defaultValue, std::int64_t minValue, std::int64_t maxValue)
{
    Json setting = settingBase("integer", id, name, description);
    setting["default_value"] = defaultValue;
    setting["min_value"] = minValue;
    setting["max_value"] = maxValue;
    setting["required"] = false;
    return setting;
}

Json floatSetting(std::string_view id, std::string_view name, std::string_view description, double defaultValue,
                  double minValue, double maxValue)
{
    Json setting = settingBase("float", id, name, description);
    setting["default_value"] = defaultValue;
    setting["min_value"] = minValue;
    setting["max_value"] = maxValue;
    setting["required"] = false;
    return setting;
}

Json booleanSetting(std::string_view id, std::string_view name, std::string_view description, bool defaultValue)
{
    Json setting = settingBase("boolean", id, name, description);
    setting["default_value"] = defaultValue;
    setting["checked"] = defaultValue;
    return setting;
}

Json apiKeySetting()
{
    return textSetting("apiKey", "API Key",
                       "Your Acme Analytics API key. Find it in the Acme dashboard under Project Settings.",
                       true, true);
}

Json oauth2(std::string_view product)
{
    const std::string base = "https://auth.acmeanalytics.io/oauth2/";
    Json auth{{"type", "oauth2"},
              {"authorization_url", base + "authorize"},
              {"refresh_url", base + "token/refresh"},
              {"token_url", base + "token"},
              {"grant_type", "authorization_code"},
              {"default_expires_in", 3600},
              {"client_id", "mparticle-" + str(product)},
              {"access_token_type", "bearer"}};
    auth["scopes"] = Json::array({
        Json{{"name", str(product) + ":write"}, {"description", "Send " + str(product) + " to your Acme projects"}},
        Json{{"name", "projects:read"}, {"description", "List the Acme projects you can send data to"}},
    });
    return auth;
}

Json stringArray(std::span<const std::string_view> values)
{
    Json out = Json::array();
    for (std::string_view value : values)
        out.push_back(value);
    return out;
}

Json moduleRegistrationResponse(Rng &rng)
{
    Json message = envelope(MessageType::ModuleRegistrationResponse, rng, messageTime(rng));
    message["sdk_version"] = str(catalog::sdkVersion);
    message["name"] = str(partnerName);
    message["description"] =
        "Acme Analytics turns mParticle events and audiences into real-time dashboards, funnels and retention "
        "reports. <a href=\"https://www.acmeanalytics.io/?utm_source=mparticle\">Learn more</a>";
    message["version"] = "2.1.0";

    Json permissions = Json::object();
    permissions["device_identities"] = Json::array();
    for (std::string_view type : catalog::deviceIdentityTypes)
        permissions["device_identities"].push_back({{"type", type}, {"encoding", "raw"}, {"required", false}});
    permissions["user_identities"] = Json::array();
    for (const IdentityRule &rule : userIdentityRules)
        permissions["user_identities"].push_back(
            {{"type", rule.type}, {"encoding", rule.encoding}, {"required", false}});
    permissions["partner_identities"] =
        Json::array({Json{{"type", partnerIdentityType}, {"encoding", "raw"}, {"required", false}}});
    // Every kind of data the generated requests carry, so a request never holds what was not granted.
    for (const char *flag : {"allow_access_location", "allow_access_ip_address",
                             "allow_access_device_application_stamp", "allow_device_info", "allow_user_attributes",
                             "allow_consent_state", "allow_audience_user_attributes", "allow_access_http_user_agent",
                             "allow_access_mpid", "allow_platform_fields", "allow_eventless_batches"}) {
        permissions[flag] = true;
    }
    message["permissions"] = std::move(permissions);

    Json events = Json::object();
    events["account_settings"] = Json::array({
        apiKeySetting(),
        textSetting("region", "Data Region", "The Acme region that stores your project data, either us or eu.",
                    false, false, "us"),
        integerSetting("batchSize", "Batch Size", "How many events Acme groups into one upload, from 1 to 1000.",
                       100, 1, 1000),
        floatSetting("sampleRate", "Sample Rate",
                     "The share of sessions to forward, from 0.0 for none to 1.0 for all.", 1.0, 0.0, 1.0),
        booleanSetting("forwardScreenViews", "Forward Screen Views", "Send screen views to Acme as page events.",
                       true),
    });
    events["supported_event_types"] = stringArray(catalog::eventTypes);
    events["supported_runtime_environments"] = stringArray(catalog::runtimeEnvironmentTypes);
    events["supported_system_notification_types"] = stringArray(catalog::systemNotificationTypes);
    events["max_data_age_hours"] = 24;
    events["push_messaging_provider_id"] = str(pushProviderId);
    events["authentication"] = oauth2("events");
    message["event_processing_registration"] = std::move(events);

    Json hiddenListId = textSetting("acmeListId", "Acme List ID",
                                    "Filled in by Acme when the audience is connected.", false, false);
    hiddenListId["visible"] = false;
    message["audience_processing_registration"] = Json{
        {"account_settings",
         Json::array({apiKeySetting(), integerSetting("listRetentionDays", "List Retention Days",
                                                      "How many days Acme keeps users who left an audience.", 90,
                                                      1, 365)})},
        {"bulk_configuration", {{"bulk_forward_wait_for_messages", 100}, {"bulk_forward_wait_in_minutes", 10}}},
        {"audience_subscription_settings",
         Json::array({textSetting("listName", "Acme List Name",
                                  "The name of the Acme list that mirrors this audience. "
                                  "Defaults to the audience name.",
                                  false, false),
                      booleanSetting("suppression", "Use as Suppression List",
                                     "Exclude members of this audience from Acme campaigns.", false),
                      std::move(hiddenListId)})},
    };

    message["dsr_processing_registration"] = Json{
        {"account_settings",
         Json::array({apiKeySetting(), booleanSetting("deleteRawEvents", "Delete Raw Events",
                                                      "Also delete raw event logs, not only the user profile.",
                                                      true)})},
        {"supported_dsr_types", stringArray(catalog::dsrTypes)},
        {"domain", "dsr.acmeanalytics.io"},
    };
    return message;
}

// --- account settings as requests carry them: every value a string -------------------------------

std::string apiKeyValue(Rng &rng)
{
    return "ak_live_" + rng.hex(32);
}

Json account(Rng &rng, Json settings)
{
    return Json{{"account_id", rng.between(100000, 2147483)}, {"account_settings", std::move(settings)}};
}

Json eventAccount(Rng &rng)
{
    static constexpr std::array sampleRates{"1.0"sv, "0.5"sv, "0.25"sv};
    Json settings = Json::object();
    settings["apiKey"] = apiKeyValue(rng);
    settings["region"] = rng.chance(70) ? "us" : "eu";
    settings["batchSize"] = std::to_string(rng.between(1, 20) * 50);
    settings["sampleRate"] = rng.pick(sampleRates);
    settings["forwardScreenViews"] = rng.chance(80) ? "true" : "false";
    return account(rng, std::move(settings));
}

Json audienceAccount(Rng &rng)
{
    Json settings = Json::object();
    settings["apiKey"] = apiKeyValue(rng);
    settings["listRetentionDays"] = std::to_string(rng.between(7, 365));
    return account(rng, std::move(settings));
}

// The per-audience values; the hidden acmeListId only exists once Acme answered the first subscription.
Json subscriptionSettings(Rng &rng, const Audience &audience, bool withListId)
{
    Json settings = Json::object();
    settings["listName"] = rng.chance(60) ? str(audience.name) : "mParticle " + str(audience.name);
    settings["suppression"] = rng.chance(20) ? "true" : "false";
    if (withListId)
        settings["acmeListId"] = "lst_" + rng.alphanumeric(12);
    return settings;
}

Json partnerIdentities(const Person &person)
{
    return Json::array({identity(partnerIdentityType, "raw", person.partnerUserId)});
}

Json eventProcessingRequest(Rng &rng, const GeneratorOptions &options)
{
    Rng world = rng.fork();
    Rng eventRng = rng.fork();
    const Person person = makePerson(world);
    const App &app = pickApp(world);
    const std::string_view runtimeType = world.pick(catalog::runtimeEnvironmentTypes);
    const std::int64_t startMs = messageTime(world);
    const Runtime runtime = makeRuntime(world, runtimeType, person, app, startMs);

    static constexpr std::array tiers{"bronze"sv, "silver"sv, "gold"sv, "platinum"sv};
    const City &city = *person.city;
    const Json userAttributes{
        {"$FirstName", person.firstName}, {"$LastName", person.lastName}, {"$Gender", person.gender},
        {"$Age", std::to_string(person.age)}, {"$City", city.name}, {"$State", city.state},
        {"$Zip", city.zip}, {"$Country", city.country}, {"$Mobile", person.phone},
        {"membership_tier", world.pick(tiers)},
        {"newsletter_opt_in", world.chance(50) ? "true" : "false"},
        {"lifetime_orders", std::to_string(world.between(0, 60))},
    };
    const EventContext context{person, app, runtime, userAttributes, runtimeType, person.city->currency,
                               world.between(std::int64_t{1}, std::int64_t{0x7fffffffffffffff}), startMs};
    const EventBatch batch = makeEvents(eventRng, context, options.verification ? 0 : options.eventCount);
    const std::int64_t sentMs = (batch.events.empty() ? startMs : batch.lastMs) + world.between(800, 45000);

    Json message = envelope(MessageType::EventProcessingRequest, rng, sentMs);
    if (options.verification) {
        // What mParticle's periodic ping carries: the envelope, the account and no events.
        message["account"] = eventAccount(world);
        message["events"] = Json::array();
        return message;
    }
    message["source_id"] = world.uuid();
    message["account"] = eventAccount(world);
    message["partner_identities"] = partnerIdentities(person);
    message["user_identities"] = userIdentities(world, person);
    message["user_attributes"] = userAttributes;

    static constexpr std::array genres{"jazz"sv, "hiking"sv, "cooking"sv, "travel"sv, "running"sv, "gaming"sv};
    Json interests = Json::array();
    const int first = world.between(0, static_cast<int>(genres.size()) - 1);
    for (int i = 0, n = world.between(1, 3); i < n; ++i)
        interests.push_back(genres[static_cast<std::size_t>(first + i) % genres.size()]);
    message["user_attribute_lists"] = Json{{"interests", std::move(interests)},
                                           {"devices_owned", Json::array({"phone", "tablet"})}};
    message["runtime_environment"] = runtime.json;
    message["integration_attributes"] =
        Json{{"acme_visitor_id", "v_" + world.alphanumeric(20)}, {"acme_sdk_kit", "1.9.4"}};
    message["events"] = batch.events;

    // A web batch comes from the JavaScript SDK, an app batch from a native SDK or a server feed.
    const std::string_view channel = runtimeType == "mobileweb" ? "javascript"sv
                                     : runtimeType == "unknown" ? "server_to_server"sv
                                     : world.chance(85)         ? "native"sv
                                                                : "server_to_server"sv;
    static_assert(inCatalog(catalog::sourceChannels, "javascript") && inCatalog(catalog::sourceChannels, "native")
                  && inCatalog(catalog::sourceChannels, "server_to_server"));
    message["source_channel"] = channel;
    message["device_application_stamp"] = world.uuid();

    ConsentHistory consent = makeConsent(world, startMs);
    message["consent_state"] = std::move(consent.state);
    message["system_notifications"] = std::move(consent.notifications);
    message["mpid"] = person.mpid;

    const std::string plan = lowerAscii(app.name);
    std::string planId;
    for (char c : plan)
        planId += c == ' ' ? '_' : c;
    message["platform_fields"] = Json{
        {"mp_account_id", world.between(1000, 99999)},
        {"mp_account_name", app.company},
        {"workspace_id", world.between(10000, 999999)},
        {"workspace_name", world.chance(80) ? "Production" : "Staging"},
        {"input_name", runtime.inputName},
        {"app_name", app.name},
        {"app_version", app.version},
        {"dataplan_id", planId + "_plan"},
        {"dataplan_name", str(app.name) + " Plan"},
        {"dataplan_version", world.between(1, 12)},
    };
    return message;
}

Json audienceSubscriptionRequest(Rng &rng)
{
    Json message = envelope(MessageType::AudienceSubscriptionRequest, rng, messageTime(rng));
    const Audience &audience = rng.pick(audiences);
    const std::string_view action = rng.pick(catalog::subscriptionActions);
    message["account"] = audienceAccount(rng);
    message["audience_id"] = rng.between(1000, 999999);
    message["audience_name"] = audience.name;
    message["audience_description"] = audience.description;
    Json settings = subscriptionSettings(rng, audience, action != "add");
    if (action == "update") {
        Json previous = settings;
        previous["listName"] = "Old " + settings["listName"].get<std::string>();
        previous["suppression"] = settings["suppression"] == "true" ? "false" : "true";
        message["audience_subscription_settings"] = std::move(settings);
        message["previous_audience_subscription_settings"] = std::move(previous);
    } else {
        message["audience_subscription_settings"] = std::move(settings);
    }
    message["action"] = action;
    return message;
}

Json audienceUserAttributes(Rng &rng, const Person &person, bool withDeletes)
{
    Json items = Json::array();
    items.push_back({{"key", "$FirstName"}, {"value", person.firstName}, {"action", "upsert"}});
    items.push_back({{"key", "lifetime_orders"}, {"value", std::to_string(rng.between(1, 60))}, {"action", "upsert"}});
    items.push_back({{"key", "favorite_categories"},
                     {"list_value", Json::array({"shoes", rng.chance(50) ? "outdoor" : "books"})},
                     {"action", "upsert"}});
    if (withDeletes)
        items.push_back({{"key", rng.chance(50) ? "trial_user" : "churn_risk"}, {"action", "delete"}});
    return items;
}

Json audienceMembershipChangeRequest(Rng &rng, const GeneratorOptions &options)
{
    Json message = envelope(MessageType::AudienceMembershipChangeRequest, rng, messageTime(rng));
    message["account"] = audienceAccount(rng);
    if (options.verification)
        return message; // mParticle's ping: no user_profiles key at all

    // A few connected audiences, each with the settings mParticle stored for it.
    struct Connected
    {
        std::int64_t id;
        const Audience *audience;
        Json settings;
    };
    std::vector<Connected> connected;
    const std::size_t firstAudience = static_cast<std::size_t>(rng.below(audiences.size()));
    for (std::size_t i = 0, n = static_cast<std::size_t>(rng.between(3, 4)); i < n; ++i) {
        const Audience &audience = audiences[(firstAudience + i) % audiences.size()];
        connected.push_back({rng.between(1000, 999999), &audience, subscriptionSettings(rng, audience, true)});
    }

    // Cycle the actions across the batch from a seeded start, so every action appears at least once.
    std::size_t actionIndex = static_cast<std::size_t>(rng.below(catalog::audienceActions.size()));
    Json profiles = Json::array();
    for (int p = 0, profileCount = rng.between(3, 5); p < profileCount; ++p) {
        const Person person = makePerson(rng);
        Json profile = Json::object();
        profile["user_identities"] = userIdentities(rng, person);
        profile["device_identities"] = deviceIdentities(rng, rng.chance(50) ? "ios" : "android");
        profile["partner_identities"] = partnerIdentities(person);
        Json memberships = Json::array();
        const std::size_t count = p == 0 ? catalog::audienceActions.size() : 1 + rng.below(2);
        for (std::size_t a = 0; a < count; ++a) {
            const Connected &target = connected[(static_cast<std::size_t>(p) + a) % connected.size()];
            const std::string_view action = catalog::audienceActions[actionIndex++ % catalog::audienceActions.size()];
            Json membership{{"audience_id", target.id},
                            {"audience_name", target.audience->name},
                            {"audience_subscription_settings", target.settings},
                            {"action", action}};
            if (action == "attribute_update")
                membership["user_attributes"] = audienceUserAttributes(rng, person, true);
            else if (action == "add" && rng.chance(60))
                membership["user_attributes"] = audienceUserAttributes(rng, person, false);
            memberships.push_back(std::move(membership));
        }
        profile["audiences"] = std::move(memberships);
        profile["mpid"] = person.mpid;
        profiles.push_back(std::move(profile));
    }
    message["user_profiles"] = std::move(profiles);
    return message;
}

std::string subjectIdentityValue(Rng &rng, std::string_view type, const Person &person)
{
    if (type == "email")
        return lowerAscii(person.email);
    if (type == "controller_customer_id")
        return person.customerId;
    if (type == "android_id")
        return rng.hex(16);
    return rng.uuid(); // every advertising and publisher id is UUID-shaped
}

Json dsrProcessingRequest(Rng &rng)
{
    const std::int64_t sentMs = messageTime(rng);
    Json message = envelope(MessageType::DsrProcessingRequest, rng, sentMs);
    const Person person = makePerson(rng);
    message["account"] = account(rng, Json{{"apiKey", apiKeyValue(rng)},
                                           {"deleteRawEvents", rng.chance(70) ? "true" : "false"}});
    message["subject_request_id"] = rng.uuid();
    message["subject_request_type"] = rng.pick(catalog::dsrTypes);
    message["submitted_time"] = isoUtc(sentMs - rng.between(60'000, 2 * dayMs));
    Json subjects = Json::object();
    static_assert(inCatalog(catalog::dsrSubjectIdentityTypes, "email"));
    // The email, plus one or two other identity types (distinct: the map has one entry per type).
    subjects["email"] = {{"encoding", catalog::dsrIdentityEncodings[0]},
                         {"value", subjectIdentityValue(rng, "email", person)}};
    const std::size_t typeCount = catalog::dsrSubjectIdentityTypes.size();
    const std::size_t start = static_cast<std::size_t>(rng.below(typeCount));
    std::size_t wanted = 1 + static_cast<std::size_t>(rng.below(2));
    for (std::size_t i = 0; i < typeCount && wanted > 0; ++i) {
        const std::string_view type = catalog::dsrSubjectIdentityTypes[(start + i) % typeCount];
        if (type == "email")
            continue;
        subjects[str(type)] = {{"encoding", catalog::dsrIdentityEncodings[0]},
                               {"value", subjectIdentityValue(rng, type, person)}};
        --wanted;
    }
    message["subject_identities"] = std::move(subjects);
    message["api_version"] = "3.0";
    message["regulation"] = rng.pick(catalog::dsrRegulations);
    return message;
}

// Each message type draws from its own stream, so the types of one seed are unrelated to each other.
std::uint64_t streamSeed(std::uint64_t seed, MessageType type)
{
    return seed * 0x9e3779b97f4a7c15ULL + static_cast<std::uint64_t>(type) * 0xd1b54a32d192ed03ULL + 1;
}

} // namespace
} // namespace detail

Generator::Generator(GeneratorOptions options)
    : m_options(options)
{
}

Json Generator::generate(MessageType type) const
{
    using namespace detail;
    Rng rng(streamSeed(m_options.seed, type));
    switch (type) {
    case MessageType::ModuleRegistrationRequest:
        return envelope(type, rng, messageTime(rng));
    case MessageType::ModuleRegistrationResponse:
        return moduleRegistrationResponse(rng);
    case MessageType::EventProcessingRequest:
        return eventProcessingRequest(rng, m_options);
    case MessageType::AudienceSubscriptionRequest:
        return audienceSubscriptionRequest(rng);
    case MessageType::AudienceMembershipChangeRequest:
        return audienceMembershipChangeRequest(rng, m_options);
    case MessageType::DsrProcessingRequest:
        return dsrProcessingRequest(rng);
    case MessageType::AudienceSubscriptionResponse: {
        Json message = envelope(type, rng, messageTime(rng));
        // Acme fills its hidden setting: mParticle stores it and replays it in membership changes.
        message["audience_subscription_settings"] = Json{{"acmeListId", "lst_" + rng.alphanumeric(12)}};
        return message;
    }
    case MessageType::AudienceMembershipChangeResponse: {
        Json message = envelope(type, rng, messageTime(rng));
        message["suspend_subscription"] = false; // always written, unlike the event response's
        return message;
    }
    case MessageType::EventProcessingResponse:
    case MessageType::DsrProcessingResponse:
        return envelope(type, rng, messageTime(rng));
    }
    return Json::object();
}

} // namespace fhw::protocol
