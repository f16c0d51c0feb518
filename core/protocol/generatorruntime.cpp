// Who sends the data and from where: people with their user identities, the customer apps, and the
// ten runtime environments, each with the keys of its SDK class (PROTOCOL.md §2.2 "Runtime
// environments") and device identities that fit the platform.

#include "generator_p.h"
#include "identityhash.h"

namespace fhw::protocol::detail {

using namespace std::string_view_literals;

namespace {

std::string str(std::string_view text)
{
    return std::string(text);
}

// One row per city, long lines and all: a table reads best as a table.
// clang-format off
// Offsets and DST are those of January and February, when every generated message is dated.
constexpr std::array cities{
    City{"New York", "NY", "10001", "US", "+1", "America/New_York", -5, false, 407128, -740060, "en", "USD", "Verizon", "311", "480"},
    City{"Chicago", "IL", "60601", "US", "+1", "America/Chicago", -6, false, 418781, -876298, "en", "USD", "T-Mobile", "310", "260"},
    City{"San Francisco", "CA", "94103", "US", "+1", "America/Los_Angeles", -8, false, 377749, -1224194, "en", "USD", "AT&T", "310", "410"},
    City{"Austin", "TX", "78701", "US", "+1", "America/Chicago", -6, false, 302672, -977431, "en", "USD", "Verizon", "311", "480"},
    City{"Toronto", "ON", "M5H 2N2", "CA", "+1", "America/Toronto", -5, false, 436532, -793832, "en", "CAD", "Rogers", "302", "720"},
    City{"London", "England", "EC1A 1BB", "GB", "+44", "Europe/London", 0, false, 515074, -1278, "en", "GBP", "EE", "234", "30"},
    City{"Berlin", "Berlin", "10115", "DE", "+49", "Europe/Berlin", 1, false, 525200, 134050, "de", "EUR", "Telekom.de", "262", "01"},
    City{"Paris", "Ile-de-France", "75001", "FR", "+33", "Europe/Paris", 1, false, 488566, 23522, "fr", "EUR", "Orange F", "208", "01"},
    City{"Madrid", "Madrid", "28013", "ES", "+34", "Europe/Madrid", 1, false, 404168, -37038, "es", "EUR", "Movistar", "214", "07"},
    City{"Sydney", "NSW", "2000", "AU", "+61", "Australia/Sydney", 11, true, -338688, 1512093, "en", "AUD", "Telstra", "505", "01"},
    City{"Tokyo", "Tokyo", "100-0001", "JP", "+81", "Asia/Tokyo", 9, false, 356762, 1396503, "ja", "JPY", "NTT DOCOMO", "440", "10"},
};
// clang-format on

struct Name
{
    std::string_view first, gender;
};
constexpr std::array firstNames{
    Name{"Jane", "F"},  Name{"Maria", "F"}, Name{"Aisha", "F"}, Name{"Emma", "F"},   Name{"Sofia", "F"},
    Name{"Priya", "F"}, Name{"Liam", "M"},  Name{"Noah", "M"},  Name{"Lucas", "M"},  Name{"Kenji", "M"},
    Name{"Oliver", "M"}, Name{"Mateo", "M"},
};
constexpr std::array lastNames{
    "Doe"sv, "Smith"sv, "Garcia"sv, "Mueller"sv, "Martin"sv, "Tanaka"sv, "Brown"sv, "Wilson"sv, "Rossi"sv,
    "Kowalski"sv, "Nguyen"sv, "Okafor"sv,
};
constexpr std::array emailDomains{"example.com"sv, "example.org"sv, "mail.example.net"sv};

constexpr std::array apps{
    App{"Globex Shop", "Globex Corporation", "com.globex.shop", "4.12.0", "globexshop"},
    App{"Initech Travel", "Initech", "com.initech.travel", "2.8.3", "initechtravel"},
    App{"Umbrella Fit", "Umbrella Health", "com.umbrella.fit", "7.1.2", "umbrellafit"},
    App{"Hooli Music", "Hooli", "com.hooli.music", "3.30.1", "hoolimusic"},
};

// One device model as its platform describes it.
struct Device
{
    std::string_view brand, manufacturer, model, product, shortName, osVersion, buildId;
    int screenHeight, screenWidth, screenDpi;
    bool tablet;
    std::string_view cpu;
    int sdkLevel; // Android API level; 0 elsewhere
};

// clang-format off
constexpr std::array androidDevices{
    Device{"samsung", "samsung", "SM-S918B", "dm3qxxx", "Galaxy S23 Ultra", "14", "UP1A.231005.007", 3088, 1440, 500, false, "arm64-v8a", 34},
    Device{"google", "Google", "Pixel 8", "shiba", "Pixel 8", "14", "AP1A.240305.019", 2400, 1080, 428, false, "arm64-v8a", 34},
    Device{"OnePlus", "OnePlus", "CPH2449", "CPH2449", "OnePlus 11", "13", "TP1A.220905.001", 3216, 1440, 525, false, "arm64-v8a", 33},
    Device{"samsung", "samsung", "SM-X710", "gts9wifixx", "Galaxy Tab S9", "13", "TP1A.220624.014", 2560, 1600, 274, true, "arm64-v8a", 33},
};
constexpr std::array iosDevices{
    Device{"Apple", "Apple", "iPhone15,2", "iPhone 14 Pro", "iPhone", "17.2.1", "21C66", 2556, 1179, 460, false, "arm64e", 0},
    Device{"Apple", "Apple", "iPhone16,1", "iPhone 15 Pro", "iPhone", "17.4", "21E219", 2556, 1179, 460, false, "arm64e", 0},
    Device{"Apple", "Apple", "iPad13,18", "iPad (10th generation)", "iPad", "17.3", "21D50", 2360, 1640, 264, true, "arm64e", 0},
};
constexpr Device appleTv{"Apple", "Apple", "AppleTV14,1", "Apple TV 4K", "Apple TV", "17.2", "21K365", 2160, 3840, 0, false, "arm64e", 0};
constexpr Device roku{"Roku", "Roku", "4850X", "Roku Ultra", "Roku", "12.5.0", "4178", 0, 0, 0, false, "arm", 0};
constexpr Device xbox{"Microsoft", "Microsoft", "Xbox Series X", "Xbox Series X", "Xbox", "10.0.25398.4478", "25398", 2160, 3840, 0, false, "x64", 0};
constexpr Device fireTv{"Amazon", "Amazon", "AFTKA", "Fire TV Stick 4K Max", "Fire TV", "7.1.2", "PS7646.4725N", 2160, 3840, 320, false, "armeabi-v7a", 25};
constexpr Device smartTv{"Samsung", "Samsung", "QN65QN90C", "Neo QLED 4K", "TV", "Tizen 7.0", "T-PTMAKUC-1320.5", 2160, 3840, 68, false, "arm", 0};
constexpr Device alexa{"Amazon", "Amazon", "Echo Show 8 (3rd Gen)", "Echo Show 8", "Echo Show", "Fire OS 8", "PS8302.2802N", 800, 1280, 160, false, "arm64-v8a", 0};
constexpr Device kiosk{"Elo", "Elo Touch Solutions", "I-Series 4", "Elo I-Series 4 Kiosk", "Kiosk", "Linux 5.15", "elo-2026.01", 1080, 1920, 160, false, "x86_64", 0};

struct Browser
{
    std::string_view brand, product, name, manufacturer, osVersion, model;
    int screenHeight, screenWidth, screenDpi;
    bool tablet;
    std::string_view userAgent;
};
constexpr std::array browsers{
    Browser{"Apple", "Safari", "Mobile Safari 17.2", "Apple", "iOS 17.2", "iPhone", 844, 390, 460, false,
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1"},
    Browser{"Google", "Chrome", "Chrome Mobile 122", "samsung", "Android 14", "SM-S918B", 915, 412, 500, false,
            "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Mobile Safari/537.36"},
    Browser{"Apple", "Safari", "Safari 17.3", "Apple", "iPadOS 17.3", "iPad", 1180, 820, 264, true,
            "Mozilla/5.0 (iPad; CPU OS 17_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Mobile/15E148 Safari/604.1"},
};

// clang-format on

std::string ipAddress(Rng &rng)
{
    // The documentation ranges of RFC 5737: realistic, and nobody's real address.
    static constexpr std::array prefixes{"192.0.2."sv, "198.51.100."sv, "203.0.113."sv};
    const std::string_view prefix = rng.pick(prefixes);
    return str(prefix) + std::to_string(rng.between(1, 254));
}

std::string owned(const Person &person, std::string_view thing)
{
    return person.firstName + "'s " + str(thing);
}

// Keys every runtime environment shares, in the order the SDK writes them.
Json common(Rng &rng, std::string_view type, std::string_view sdkVersion, std::string userAgent, Json identities)
{
    Json env = Json::object();
    env["type"] = type;
    env["client_ip_address"] = ipAddress(rng);
    env["sdk_version"] = sdkVersion;
    env["http_header_user_agent"] = std::move(userAgent);
    if (!identities.empty()) // NON_EMPTY: the SDK omits an empty list
        env["identities"] = std::move(identities);
    return env;
}

void deviceBasics(Json &env, const Device &device, const Person &person)
{
    env["build_id"] = device.buildId;
    env["brand"] = device.brand;
    env["product"] = device.product;
    env["name"] = owned(person, device.shortName);
    env["manufacturer"] = device.manufacturer;
    env["os_version"] = device.osVersion;
    env["model"] = device.model;
}

void locale(Json &env, const City &city)
{
    env["country"] = city.country;
    env["locale_language"] = city.language;
    env["locale_country"] = str(city.language) + "_" + str(city.country);
}

void network(Json &env, const City &city)
{
    env["network_country"] = city.country;
    env["network_carrier"] = city.carrier;
    env["network_code"] = city.mnc;
    env["network_mobile_country_code"] = city.mcc;
}

void timezone(Json &env, const City &city)
{
    env["timezone_offset"] = city.utcOffsetHours;
    env["timezone_name"] = city.timezone;
}

void application(Json &env, const App &app)
{
    env["application_name"] = app.name;
    env["application_version"] = app.version;
    env["application_package"] = app.package;
}

void screen(Json &env, const Device &device, bool withDpi)
{
    env["screen_height"] = device.screenHeight;
    env["screen_width"] = device.screenWidth;
    if (withDpi)
        env["screen_dpi"] = device.screenDpi;
}

std::string dalvikAgent(const Device &device)
{
    return "Dalvik/2.1.0 (Linux; U; Android " + str(device.osVersion) + "; " + str(device.model) + " Build/"
           + str(device.buildId) + ")";
}

Runtime android(Rng &rng, const Person &person, const App &app)
{
    const Device &device = rng.pick(androidDevices);
    const City &city = *person.city;
    Runtime runtime{Json(), fcmToken(rng, 134), "Android"};
    Json identities = deviceIdentities(rng, "android");
    identities.push_back(
        Json{{"type", "google_cloud_messaging_token"}, {"encoding", "raw"}, {"value", runtime.pushToken}});
    Json env = common(rng, "android", "5.55.0", dalvikAgent(device), std::move(identities));
    deviceBasics(env, device, person);
    screen(env, device, true);
    locale(env, city);
    network(env, city);
    timezone(env, city);
    env["is_tablet"] = device.tablet;
    env["supports_telephony"] = !device.tablet;
    env["has_nfc"] = !device.tablet;
    env["bluetooth_enabled"] = rng.chance(70);
    env["bluetooth_version"] = "5.3";
    env["android_sdk_level"] = device.sdkLevel;
    application(env, app);
    static constexpr std::array referrers{
        "utm_source%3Dgoogle-play%26utm_medium%3Dorganic"sv,
        "utm_source%3Dacme%26utm_medium%3Demail%26utm_campaign%3Dspring_launch"sv,
        "utm_source%3Dgoogle%26utm_medium%3Dcpc%26utm_term%3Drunning%252Bshoes"sv,
    };
    env["install_referrer"] = rng.pick(referrers);
    runtime.json = std::move(env);
    return runtime;
}

// What an app's networking stack sends on Apple platforms: "Globex/4.12.0 CFNetwork/…".
std::string cfNetworkAgent(const App &app, std::string_view suffix)
{
    return str(app.name.substr(0, app.name.find(' '))) + str(suffix) + "/" + str(app.version)
           + " CFNetwork/1490.0.4 Darwin/23.2.0";
}

// IDFA and ATT go together: without authorization iOS hands out no advertising id.
Json appleIdentities(Rng &rng, std::string_view attStatus)
{
    Json identities = Json::array();
    for (Json &id : deviceIdentities(rng, "ios")) {
        if (id["type"] != "ios_advertising_id" || attStatus == "authorized")
            identities.push_back(std::move(id));
    }
    return identities;
}

Runtime ios(Rng &rng, const Person &person, const App &app, std::int64_t startMs)
{
    const Device &device = rng.pick(iosDevices);
    const City &city = *person.city;
    const std::string_view att = rng.pick(catalog::attAuthorizationStatuses);
    Runtime runtime{Json(), rng.hex(64), "iOS"};
    Json identities = appleIdentities(rng, att);
    identities.push_back(
        Json{{"type", "apple_push_notification_token"}, {"encoding", "raw"}, {"value", runtime.pushToken}});
    const std::string agent = cfNetworkAgent(app, "");
    Json env = common(rng, "ios", "8.22.0", agent, std::move(identities));
    deviceBasics(env, device, person);
    screen(env, device, false);
    locale(env, city);
    network(env, city);
    timezone(env, city);
    env["cpu_architecture"] = device.cpu;
    env["is_tablet"] = device.tablet;
    const bool fiveG = rng.chance(60);
    env["radio_access_technology"] = device.tablet ? "None"
                                     : fiveG       ? "CTRadioAccessTechnologyNRNSA"
                                                   : "CTRadioAccessTechnologyLTE";
    application(env, app);
    env["is_sandboxed"] = false;
    Json searchAds = Json{{"iad-attribution", "false"}};
    if (rng.chance(40)) {
        searchAds = Json{{"iad-attribution", "true"},
                         {"iad-org-name", app.company},
                         {"iad-campaign-id", rng.digits(9)},
                         {"iad-campaign-name", "Spring Launch"},
                         {"iad-adgroup-id", rng.digits(9)},
                         {"iad-adgroup-name", "Exact Match"},
                         {"iad-keyword", rng.chance(50) ? "shopping app" : "deals"}};
    }
    env["apple_search_ads_attribution"] = Json{{"Version3.1", std::move(searchAds)}};
    env["att_authorization_status"] = att;
    env["att_timestamp_unixtime_ms"] = startMs - rng.between(dayMs, 300 * dayMs);
    runtime.json = std::move(env);
    return runtime;
}

Runtime tvos(Rng &rng, const Person &person, const App &app, std::int64_t startMs)
{
    const City &city = *person.city;
    const std::string_view att = rng.pick(catalog::attAuthorizationStatuses);
    Runtime runtime{Json(), std::string(), "tvOS"};
    const std::string agent = cfNetworkAgent(app, "TV");
    Json env = common(rng, "tvos", "8.22.0", agent, appleIdentities(rng, att));
    deviceBasics(env, appleTv, person);
    screen(env, appleTv, false);
    locale(env, city);
    timezone(env, city);
    env["cpu_architecture"] = appleTv.cpu;
    application(env, app);
    env["att_authorization_status"] = att;
    env["att_timestamp_unixtime_ms"] = startMs - rng.between(dayMs, 300 * dayMs);
    runtime.json = std::move(env);
    return runtime;
}

// The web SDK names some device keys differently and writes is_dst / limit_ad_tracking as strings.
Runtime mobileweb(Rng &rng, const Person &person)
{
    const Browser &browser = rng.pick(browsers);
    const City &city = *person.city;
    Runtime runtime{Json(), fcmToken(rng, 100), "Web"};
    Json env = common(rng, "mobileweb", "2.28.0", str(browser.userAgent), Json::array());
    env["build_id"] = "web-" + rng.digits(6);
    env["brand"] = browser.brand;
    env["product"] = browser.product;
    env["name"] = browser.name;
    env["device_manufacturer"] = browser.manufacturer;
    env["os_version"] = browser.osVersion;
    env["device_model"] = browser.model;
    env["screen_height"] = browser.screenHeight;
    env["screen_width"] = browser.screenWidth;
    env["screen_dpi"] = browser.screenDpi;
    env["device_country"] = city.country;
    env["locale_language"] = city.language;
    env["locale_country"] = str(city.language) + "_" + str(city.country);
    network(env, city);
    env["timezone_offset"] = city.utcOffsetHours;
    env["push_token"] = runtime.pushToken;
    env["is_tablet"] = browser.tablet;
    env["radio_access_technology"] = rng.chance(50) ? "wifi" : "4g";
    env["limit_ad_tracking"] = rng.chance(30) ? "true" : "false";
    env["is_dst"] = city.dstInJanuary ? "true" : "false";
    runtime.json = std::move(env);
    return runtime;
}

// Roku has no screen fields; Xbox and Fire TV have screens but no dpi.
Runtime tvBox(Rng &rng, std::string_view type, const Device &device, std::string_view inputName,
              std::string_view sdkVersion, std::string userAgent, const Person &person, const App &app)
{
    const City &city = *person.city;
    Runtime runtime{Json(), std::string(), inputName};
    Json env = common(rng, type, sdkVersion, std::move(userAgent), deviceIdentities(rng, type));
    deviceBasics(env, device, person);
    if (type != "roku")
        screen(env, device, false);
    locale(env, city);
    timezone(env, city);
    env["cpu_architecture"] = device.cpu;
    application(env, app);
    runtime.json = std::move(env);
    return runtime;
}

// unknown, smarttv and alexa share the SDK's GenericRuntimeEnvironment.
Runtime generic(Rng &rng, std::string_view type, const Person &person, const App &app)
{
    const Device &device = type == "smarttv" ? smartTv : type == "alexa" ? alexa : kiosk;
    const std::string_view inputName = type == "smarttv" ? "Smart TV"sv : type == "alexa" ? "Alexa"sv : "Custom Feed"sv;
    const City &city = *person.city;
    Runtime runtime{Json(), std::string(), inputName};
    const std::string agent = type == "unknown" ? "mparticle-java-sdk/2.5.4"
                                                : "Mozilla/5.0 (" + str(device.osVersion) + ") " + str(device.product);
    Json env = common(rng, type, type == "unknown" ? "2.5.4" : "1.3.0", agent, Json::array());
    deviceBasics(env, device, person);
    screen(env, device, true);
    locale(env, city);
    timezone(env, city);
    env["is_tablet"] = device.tablet;
    env["supports_telephony"] = false;
    env["has_nfc"] = false;
    env["bluetooth_enabled"] = type != "unknown";
    env["bluetooth_version"] = "5.0";
    application(env, app);
    runtime.json = std::move(env);
    return runtime;
}

} // namespace

// --- people and their identities -------------------------------------------------------------------

Person makePerson(Rng &rng)
{
    Person person;
    const Name &name = rng.pick(firstNames);
    person.firstName = str(name.first);
    person.gender = str(name.gender);
    person.lastName = str(rng.pick(lastNames));
    person.age = rng.between(18, 74);
    person.city = &rng.pick(cities);
    // Mixed case on purpose: hashed identities must still come out of the lower-cased value.
    // One draw per statement: the operands of an overloaded + are evaluated in unspecified order.
    const std::string suffix = rng.chance(50) ? rng.digits(2) : std::string();
    person.email = person.firstName + "." + person.lastName + suffix + "@" + str(rng.pick(emailDomains));
    person.phone = str(person.city->dialCode) + rng.digits(10);
    person.customerId = "C" + rng.digits(8);
    person.partnerUserId = "acme_" + rng.alphanumeric(16);
    person.mpid = std::to_string(static_cast<std::int64_t>(rng.next()));
    person.googleId = "1" + rng.digits(20);
    person.facebookId = rng.digits(16);
    person.loyaltyId = "LOY-" + rng.digits(7);
    person.crmId = "crm-" + rng.hex(12);
    return person;
}

const App &pickApp(Rng &rng)
{
    return rng.pick(apps);
}

Json identity(std::string_view type, std::string_view encoding, std::string_view value)
{
    return Json{{"type", type}, {"encoding", encoding}, {"value", value}};
}

Json userIdentity(const IdentityRule &rule, const Person &person)
{
    const std::string_view type = rule.type;
    const std::string &raw = type == "customer"        ? person.customerId
                             : type == "email"         ? person.email
                             : type == "mobile_number" ? person.phone
                             : type == "google"        ? person.googleId
                             : type == "facebook"      ? person.facebookId
                             : type == "microsoft"     ? person.email
                             : type == "other"         ? person.loyaltyId
                                                       : person.crmId;
    // The rules only name catalog encodings (static_assert in generator_p.h), so this cannot fail.
    return identity(rule.type, rule.encoding, encodeIdentity(raw, rule.encoding).value_or(raw));
}

Json userIdentities(Rng &rng, const Person &person)
{
    Json out = Json::array();
    for (const IdentityRule &rule : userIdentityRules) {
        const bool always = rule.type == "customer" || rule.type == "email";
        if (always || rng.chance(50))
            out.push_back(userIdentity(rule, person));
    }
    return out;
}

std::string fcmToken(Rng &rng, int length)
{
    // One draw per statement: the operands of an overloaded + are evaluated in unspecified order.
    const std::string instance = rng.alphanumeric(11);
    return instance + ":APA91b" + rng.alphanumeric(length);
}

Json deviceIdentities(Rng &rng, std::string_view runtimeType)
{
    auto id = [](std::string_view type, std::string value) {
        return Json{{"type", type}, {"encoding", "raw"}, {"value", std::move(value)}};
    };
    Json out = Json::array();
    if (runtimeType == "android") {
        out.push_back(id("android_id", rng.hex(16)));
        out.push_back(id("google_advertising_id", rng.uuid()));
    } else if (runtimeType == "ios" || runtimeType == "tvos") {
        out.push_back(id("ios_advertising_id", rng.uuid()));
        out.push_back(id("ios_vendor_id", rng.uuid()));
    } else if (runtimeType == "roku") {
        out.push_back(id("roku_advertising_id", rng.uuid()));
        out.push_back(id("roku_publisher_id", rng.uuid()));
    } else if (runtimeType == "xbox") {
        out.push_back(id("microsoft_advertising_id", rng.uuid()));
        out.push_back(id("microsoft_publisher_id", rng.uuid()));
    } else if (runtimeType == "firetv") {
        out.push_back(id("fire_advertising_id", rng.uuid()));
        out.push_back(id("android_id", rng.hex(16)));
    }
    return out;
}

Runtime makeRuntime(Rng &rng, std::string_view type, const Person &person, const App &app, std::int64_t startMs)
{
    if (type == "android")
        return android(rng, person, app);
    if (type == "ios")
        return ios(rng, person, app, startMs);
    if (type == "tvos")
        return tvos(rng, person, app, startMs);
    if (type == "mobileweb")
        return mobileweb(rng, person);
    if (type == "roku")
        return tvBox(rng, type, roku, "Roku", "2.1.3", "Roku/DVP-12.5 (12.5.0.4178)", person, app);
    if (type == "xbox") {
        return tvBox(rng, type, xbox, "Xbox", "1.4.0",
                     "Mozilla/5.0 (Windows NT 10.0; Win64; x64; Xbox; Xbox Series X) AppleWebKit/537.36 (KHTML, like "
                     "Gecko) Chrome/120.0.0.0 Safari/537.36 Edge/120.0.0.0",
                     person, app);
    }
    if (type == "firetv") {
        Runtime runtime = tvBox(rng, type, fireTv, "Fire TV", "5.55.0", dalvikAgent(fireTv), person, app);
        runtime.pushToken = "amzn1.adm-registration.v3." + rng.alphanumeric(120);
        return runtime;
    }
    return generic(rng, type, person, app);
}

} // namespace fhw::protocol::detail
