// The generator: determinism, the verification variants, event batches that tell one consistent
// session, realistic identities, and — the point of it all — output the strict validator calls clean.

#include "protocol/catalog.h"
#include "protocol/generator.h"
#include "protocol/identityhash.h"
#include "protocol/validator.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <set>
#include <string>

using namespace fhw::protocol;

Q_DECLARE_METATYPE(fhw::protocol::MessageType)

namespace {

Json generate(MessageType type, std::uint64_t seed, int eventCount = 16, bool verification = false)
{
    return Generator(GeneratorOptions{.seed = seed, .eventCount = eventCount, .verification = verification})
        .generate(type);
}

bool isLowerHex(std::string_view text)
{
    return std::ranges::all_of(text, [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// Canonical, lower-case, version 4, RFC 4122 variant.
bool isUuidV4(const Json &value)
{
    if (!value.is_string())
        return false;
    const auto &text = value.get_ref<const std::string &>();
    if (text.size() != 36 || text[8] != '-' || text[13] != '-' || text[18] != '-' || text[23] != '-')
        return false;
    std::string digits = text;
    std::erase(digits, '-');
    return digits.size() == 32 && isLowerHex(digits) && text[14] == '4' && std::string_view("89ab").contains(text[19]);
}

std::size_t digestLength(std::string_view encoding)
{
    return encoding == "md5" ? 32 : encoding == "sha1" ? 40 : encoding == "sha256" ? 64 : 0;
}

// Every identity object under `list`: known encoding, non-empty value, real-looking digests.
void checkIdentities(const Json &list, std::span<const std::string_view> types)
{
    QVERIFY(list.is_array());
    QVERIFY(!list.empty());
    for (const Json &id : list) {
        const std::string type = id.at("type");
        const std::string encoding = id.at("encoding");
        const std::string value = id.at("value");
        if (!types.empty())
            QVERIFY2(catalog::contains(types, type), type.c_str());
        QVERIFY2(catalog::contains(catalog::identityEncodings, encoding), encoding.c_str());
        QVERIFY(!value.empty());
        if (encoding != "raw") {
            QCOMPARE(value.size(), digestLength(encoding));
            QVERIFY2(isLowerHex(value), value.c_str());
        }
    }
}

QString describe(const Findings &findings)
{
    QStringList lines;
    for (const Finding &f : findings) {
        lines << QString::fromStdString(std::string(severityName(f.severity)) + " " + f.pointer + " " + f.code + ": "
                                        + f.message);
    }
    return lines.join(u'\n');
}

Findings problems(const Json &message)
{
    Findings out;
    for (const Finding &finding : Validator(Profile::Strict).validate(message)) {
        if (finding.severity == Severity::Error || finding.severity == Severity::Warning)
            out.push_back(finding);
    }
    return out;
}

double sumOf(const Json &products)
{
    double total = 0;
    for (const Json &product : products)
        total += product.at("total_amount").get<double>();
    return total;
}

} // namespace

class TestGenerator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sameOptionsSameBytes_data();
    void sameOptionsSameBytes();
    void differentSeedsDifferentBytes_data();
    void differentSeedsDifferentBytes();
    void envelopeComesFirst_data();
    void envelopeComesFirst();
    void eventVerificationVariant();
    void membershipVerificationVariant();
    void eventCountIsRespected_data();
    void eventCountIsRespected();
    void allEventTypesAppearAtSixteen();
    void everyRuntimeIsReached();
    void sessionIsConsistent_data();
    void sessionIsConsistent();
    void eventFieldsAreWellFormed();
    void runtimeFieldsFitThePlatform();
    void identitiesAreRealistic();
    void registrationIsComplete();
    void audienceMessagesAreConsistent();
    void dsrRequestIsWellFormed();
    void validatesCleanInStrict_data();
    void validatesCleanInStrict();
};

void TestGenerator::sameOptionsSameBytes_data()
{
    QTest::addColumn<MessageType>("type");
    QTest::addColumn<bool>("verification");
    QTest::addColumn<int>("eventCount");
    for (MessageType type : allMessageTypes) {
        const std::string name(wireName(type));
        QTest::newRow(name.c_str()) << type << false << 16;
    }
    QTest::newRow("event request, 300 events") << MessageType::EventProcessingRequest << false << 300;
    QTest::newRow("event verification") << MessageType::EventProcessingRequest << true << 16;
    QTest::newRow("membership verification") << MessageType::AudienceMembershipChangeRequest << true << 16;
}

void TestGenerator::sameOptionsSameBytes()
{
    QFETCH(MessageType, type);
    QFETCH(bool, verification);
    QFETCH(int, eventCount);

    for (std::uint64_t seed : {0ULL, 1ULL, 42ULL, 0xffffffffffffffffULL}) {
        // Two generators, and the first one asked twice: no hidden state anywhere.
        const Generator first(GeneratorOptions{.seed = seed, .eventCount = eventCount, .verification = verification});
        const Generator second(GeneratorOptions{.seed = seed, .eventCount = eventCount, .verification = verification});
        const std::string bytes = first.generate(type).dump();
        QCOMPARE(second.generate(type).dump(), bytes);
        QCOMPARE(first.generate(type).dump(), bytes);
    }
}

void TestGenerator::differentSeedsDifferentBytes_data()
{
    sameOptionsSameBytes_data();
}

void TestGenerator::differentSeedsDifferentBytes()
{
    QFETCH(MessageType, type);
    QFETCH(bool, verification);
    QFETCH(int, eventCount);

    std::set<std::string> seen;
    for (std::uint64_t seed = 1; seed <= 20; ++seed)
        seen.insert(generate(type, seed, eventCount, verification).dump());
    QCOMPARE(seen.size(), std::size_t{20});
}

void TestGenerator::envelopeComesFirst_data()
{
    QTest::addColumn<MessageType>("type");
    for (MessageType type : allMessageTypes) {
        const std::string name(wireName(type));
        QTest::newRow(name.c_str()) << type;
    }
}

void TestGenerator::envelopeComesFirst()
{
    QFETCH(MessageType, type);

    for (std::uint64_t seed = 1; seed <= 10; ++seed) {
        const Json message = generate(type, seed);
        auto it = message.begin();
        QCOMPARE(it.key(), std::string("type"));
        QCOMPARE(it.value().get<std::string>(), std::string(wireName(type)));
        QCOMPARE((++it).key(), std::string("id"));
        QVERIFY(isUuidV4(it.value()));
        QCOMPARE((++it).key(), std::string("timestamp_ms"));
        QVERIFY(it.value().is_number_integer());
        // The fixed base epoch (2026-01-01) plus seeded offsets inside January and February: never the clock.
        QVERIFY(it.value().get<std::int64_t>() >= 1'767'225'600'000);
        QVERIFY(it.value().get<std::int64_t>() < 1'772'323'200'000); // 2026-03-01
        QCOMPARE((++it).key(), std::string("firehose_version"));
        QCOMPARE(it.value().get<std::string>(), std::string(catalog::sdkVersion));
    }
    if (type == MessageType::ModuleRegistrationRequest || type == MessageType::EventProcessingResponse
        || type == MessageType::DsrProcessingResponse) {
        QCOMPARE(generate(type, 1).size(), std::size_t{4});
    }
    if (type == MessageType::AudienceMembershipChangeResponse)
        QCOMPARE(generate(type, 1).at("suspend_subscription").dump(), Json(false).dump());
}

void TestGenerator::eventVerificationVariant()
{
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
        const Json ping = generate(MessageType::EventProcessingRequest, seed, 16, true);
        QVERIFY(ping.contains("events"));
        QVERIFY(ping["events"].is_array());
        QVERIFY(ping["events"].empty());
        QVERIFY(ping.at("account").at("account_id").is_number_integer());
        QVERIFY(ping.at("account").at("account_settings").is_object());
        // eventCount 0 without the verification flag also gives "events": [].
        const Json empty = generate(MessageType::EventProcessingRequest, seed, 0);
        QVERIFY(empty.at("events").is_array() && empty.at("events").empty());
    }
}

void TestGenerator::membershipVerificationVariant()
{
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
        const Json ping = generate(MessageType::AudienceMembershipChangeRequest, seed, 16, true);
        QVERIFY(!ping.contains("user_profiles")); // absent, not null and not []
        QVERIFY(ping.at("account").at("account_id").is_number_integer());
        const Json normal = generate(MessageType::AudienceMembershipChangeRequest, seed);
        QVERIFY(normal.at("user_profiles").is_array() && !normal.at("user_profiles").empty());
    }
}

void TestGenerator::eventCountIsRespected_data()
{
    QTest::addColumn<int>("count");
    for (int count : {0, 1, 2, 3, 15, 16, 17, 31, 100, 2000})
        QTest::addRow("%d events", count) << count;
}

void TestGenerator::eventCountIsRespected()
{
    QFETCH(int, count);

    for (std::uint64_t seed : {1ULL, 7ULL}) {
        const Json request = generate(MessageType::EventProcessingRequest, seed, count);
        QCOMPARE(request.at("events").size(), static_cast<std::size_t>(count));
    }
}

void TestGenerator::allEventTypesAppearAtSixteen()
{
    for (std::uint64_t seed = 1; seed <= 50; ++seed) {
        std::set<std::string> types;
        const Json request = generate(MessageType::EventProcessingRequest, seed);
        for (const Json &event : request.at("events"))
            types.insert(event.at("type").get<std::string>());
        QCOMPARE(types.size(), catalog::eventTypes.size());
        for (std::string_view type : catalog::eventTypes)
            QVERIFY2(types.contains(std::string(type)), std::string(type).c_str());
    }
}

void TestGenerator::everyRuntimeIsReached()
{
    std::set<std::string> types;
    for (std::uint64_t seed = 1; seed <= 200; ++seed)
        types.insert(generate(MessageType::EventProcessingRequest, seed, 2).at("runtime_environment").at("type"));
    QCOMPARE(types.size(), catalog::runtimeEnvironmentTypes.size());
    for (std::string_view type : catalog::runtimeEnvironmentTypes)
        QVERIFY2(types.contains(std::string(type)), std::string(type).c_str());
}

void TestGenerator::sessionIsConsistent_data()
{
    QTest::addColumn<int>("count");
    for (int count : {2, 3, 16, 40, 500})
        QTest::addRow("%d events", count) << count;
}

void TestGenerator::sessionIsConsistent()
{
    QFETCH(int, count);

    for (std::uint64_t seed = 1; seed <= 30; ++seed) {
        const Json request = generate(MessageType::EventProcessingRequest, seed, count);
        const Json &events = request.at("events");
        QCOMPARE(events.size(), static_cast<std::size_t>(count));
        QCOMPARE(events.front().at("type").dump(), Json("session_start").dump());
        QCOMPARE(events.back().at("type").dump(), Json("session_end").dump());
        const std::int64_t first = events.front().at("timestamp_ms");
        const std::int64_t last = events.back().at("timestamp_ms");
        QCOMPARE(events.back().at("session_length_ms").get<std::int64_t>(), last - first);
        QVERIFY(request.at("timestamp_ms").get<std::int64_t>() >= last); // sent after the last event

        const Json &sessionId = events.front().at("session_id");
        QVERIFY(sessionId.is_number_integer());
        std::set<std::string> ids;
        std::int64_t previous = first - 1;
        for (std::size_t i = 0; i < events.size(); ++i) {
            const Json &event = events[i];
            QCOMPARE(event.at("session_id").dump(), sessionId.dump());
            const std::int64_t timestamp = event.at("timestamp_ms");
            QVERIFY2(timestamp > previous, "timestamps must be strictly ascending");
            previous = timestamp;
            QVERIFY(isUuidV4(event.at("id")));
            QVERIFY(isUuidV4(event.at("source_id")));
            QVERIFY(ids.insert(event.at("id")).second);
            QVERIFY(ids.insert(event.at("source_id")).second);
            // The session opens and closes exactly once.
            const std::string type = event.at("type");
            if (i > 0 && i + 1 < events.size())
                QVERIFY2(type != "session_start" && type != "session_end", type.c_str());
        }
    }
}

void TestGenerator::eventFieldsAreWellFormed()
{
    int located = 0;
    for (std::uint64_t seed = 1; seed <= 40; ++seed) {
        const Json request = generate(MessageType::EventProcessingRequest, seed, 48);
        for (const Json &event : request.at("events")) {
            const std::string type = event.at("type");
            if (event.contains("location")) {
                ++located;
                const double latitude = event["location"].at("latitude");
                const double longitude = event["location"].at("longitude");
                QVERIFY(latitude >= -90 && latitude <= 90);
                QVERIFY(longitude >= -180 && longitude <= 180);
                QVERIFY(event["location"].at("accuracy").is_number_float());
            }
            if (type == "product_action") {
                QVERIFY(catalog::contains(catalog::productActions, event.at("action").get<std::string>()));
                const Json &products = event.at("products");
                QVERIFY(!products.empty());
                for (const Json &product : products) {
                    QVERIFY(product.at("quantity").is_number());
                    const double expected = product.at("price").get<double>() * product.at("quantity").get<double>();
                    QVERIFY(std::abs(product.at("total_amount").get<double>() - expected) < 0.005);
                }
                const double total =
                    sumOf(products) + event.value("tax_amount", 0.0) + event.value("shipping_amount", 0.0);
                QVERIFY(std::abs(event.at("total_amount").get<double>() - total) < 0.005);
            } else if (type == "push_message_receipt" || type == "push_message_open") {
                QVERIFY(event.at("payload").is_string());
                const Json payload = Json::parse(event["payload"].get<std::string>()); // a JSON document in a string
                QVERIFY(payload.contains("acme")); // carries the registered push_messaging_provider_id
            } else if (type == "promotion_action") {
                for (const Json &promotion : event.at("promotions"))
                    QVERIFY(promotion.at("position").is_string());
            } else if (type == "custom_event") {
                QVERIFY(catalog::contains(catalog::customEventTypes, event.at("custom_event_type").get<std::string>()));
                QVERIFY(!event.at("name").get<std::string>().empty());
                QVERIFY(event.at("custom_flags").is_object());
            } else if (type == "error") {
                QVERIFY(event.at("is_crash").is_boolean());
                QVERIFY(!event.at("breadcrumbs").empty());
            } else if (type == "user_identity_change") {
                checkIdentities(event.at("added"), catalog::userIdentityTypes);
            } else if (type == "user_attribute_change") {
                // What is added is what the batch's user_attributes say.
                for (auto it = event.at("added").begin(); it != event.at("added").end(); ++it)
                    QCOMPARE(request.at("user_attributes").at(it.key()).dump(), it.value().dump());
            } else if (type == "impression") {
                QVERIFY(!event.at("impressions").at(0).at("products").empty());
            }
        }
    }
    QVERIFY(located > 0);
}

void TestGenerator::runtimeFieldsFitThePlatform()
{
    for (std::uint64_t seed = 1; seed <= 200; ++seed) {
        const Json env = generate(MessageType::EventProcessingRequest, seed, 2).at("runtime_environment");
        const std::string type = env.at("type");
        if (type == "mobileweb") {
            QVERIFY(env.at("is_dst").is_string());
            QVERIFY(env.at("limit_ad_tracking").is_string());
            QVERIFY(env.contains("device_model") && env.contains("device_manufacturer")
                    && env.contains("device_country"));
            QVERIFY(!env.contains("model") && !env.contains("manufacturer"));
        } else {
            QVERIFY(env.at("model").is_string());
        }
        if (type == "roku")
            QVERIFY(!env.contains("screen_height"));
        if (type == "android") {
            QVERIFY(env.at("android_sdk_level").is_number_integer());
            QVERIFY(env.at("screen_dpi").is_number_integer());
        }
        if (type == "ios" || type == "tvos")
            QVERIFY(catalog::contains(catalog::attAuthorizationStatuses,
                                      env.at("att_authorization_status").get<std::string>()));
        if (env.contains("identities"))
            checkIdentities(env["identities"], catalog::deviceIdentityTypes);
        if (type == "android" || type == "ios" || type == "roku" || type == "xbox" || type == "firetv")
            QVERIFY(env.contains("identities"));
    }
}

void TestGenerator::identitiesAreRealistic()
{
    for (std::uint64_t seed = 1; seed <= 40; ++seed) {
        const Json request = generate(MessageType::EventProcessingRequest, seed);
        checkIdentities(request.at("user_identities"), catalog::userIdentityTypes);
        checkIdentities(request.at("partner_identities"), {});
        QCOMPARE(request["partner_identities"][0].at("type").dump(), Json("AcmeAnalytics_UserId").dump());
        bool hashed = false;
        bool raw = false;
        for (const Json &id : request["user_identities"])
            (id.at("encoding") == "raw" ? raw : hashed) = true;
        QVERIFY(hashed && raw);

        // The mpid is a signed 64-bit integer written as a string.
        const std::string mpid = request.at("mpid");
        std::size_t used = 0;
        (void)std::stoll(mpid, &used);
        QCOMPARE(used, mpid.size());
        for (auto it = request.at("account").at("account_settings").begin();
             it != request["account"]["account_settings"].end(); ++it) {
            QVERIFY(it.value().is_string());
        }
        QVERIFY(request.at("account").at("account_id").get<std::int64_t>() <= 2147483647);
        QVERIFY(isUuidV4(request.at("device_application_stamp")));
        QVERIFY(catalog::contains(catalog::sourceChannels, request.at("source_channel").get<std::string>()));
        QVERIFY(request.at("user_attributes").contains("$FirstName"));
        QVERIFY(request.at("consent_state").at("ccpa_consent_state").contains(std::string(catalog::ccpaPurpose)));
        QCOMPARE(request.at("system_notifications").size(), std::size_t{2});
    }
    // An email hashed the way the generator hashes is the digest `sha256sum` gives.
    QCOMPARE(encodeIdentity(" Jane.Doe@Example.com", "sha256").value_or(""),
             std::string("86e0b9e56c17cc4d12387e1949b85053fbe73bc3ce5a1188713a9d300cc6133d"));
}

void TestGenerator::registrationIsComplete()
{
    const Json response = generate(MessageType::ModuleRegistrationResponse, 1);
    QVERIFY(response.at("description").get<std::string>().size() < 230);
    QCOMPARE(response.at("permissions").at("partner_identities").size(), std::size_t{1});
    QCOMPARE(response["permissions"].at("allow_user_attributes").dump(), Json(true).dump());
    const Json &events = response.at("event_processing_registration");
    QCOMPARE(events.at("supported_event_types").size(), catalog::eventTypes.size());
    QCOMPARE(events.at("supported_runtime_environments").size(), catalog::runtimeEnvironmentTypes.size());
    QCOMPARE(events.at("supported_system_notification_types").size(), catalog::systemNotificationTypes.size());
    QCOMPARE(events.at("max_data_age_hours").dump(), Json(24).dump());
    QVERIFY(!events.at("push_messaging_provider_id").get<std::string>().empty());
    QCOMPARE(events.at("authentication").at("type").dump(), Json("oauth2").dump());
    QVERIFY(events["authentication"].at("token_url").get<std::string>().starts_with("https://"));

    // Setting shapes per PROTOCOL.md §2.1.
    bool hidden = false;
    bool confidentialRequired = false;
    for (const char *registration : {"event_processing_registration", "audience_processing_registration",
                                     "dsr_processing_registration"}) {
        for (const char *list : {"account_settings", "audience_subscription_settings"}) {
            if (!response.at(registration).contains(list))
                continue;
            std::set<std::string> ids;
            for (const Json &setting : response[registration][list]) {
                const std::string type = setting.at("type");
                QVERIFY(ids.insert(setting.at("id")).second);
                QVERIFY(!setting.at("name").get<std::string>().empty());
                QVERIFY(setting.at("description").get<std::string>().find("http") == std::string::npos);
                QCOMPARE(setting.contains("min_value"), type == "integer" || type == "float");
                QCOMPARE(setting.contains("confidential"), type == "text");
                QCOMPARE(setting.contains("checked"), type == "boolean");
                QCOMPARE(setting.contains("required"), type != "boolean");
                if (setting.contains("default_value")) {
                    const Json &value = setting["default_value"];
                    QVERIFY(type == "text"      ? value.is_string()
                            : type == "integer" ? value.is_number_integer()
                            : type == "float"   ? value.is_number_float()
                                                : value.is_boolean());
                }
                hidden = hidden || setting.at("visible") == false;
                confidentialRequired = confidentialRequired
                                       || (setting.value("confidential", false) && setting.value("required", false));
            }
        }
    }
    QVERIFY(hidden);
    QVERIFY(confidentialRequired);
}

void TestGenerator::audienceMessagesAreConsistent()
{
    std::set<std::string> subscriptionActions;
    for (std::uint64_t seed = 1; seed <= 40; ++seed) {
        const Json subscription = generate(MessageType::AudienceSubscriptionRequest, seed);
        const std::string action = subscription.at("action");
        subscriptionActions.insert(action);
        QCOMPARE(subscription.contains("previous_audience_subscription_settings"), action == "update");

        const Json change = generate(MessageType::AudienceMembershipChangeRequest, seed);
        std::set<std::string> actions;
        for (const Json &profile : change.at("user_profiles")) {
            checkIdentities(profile.at("user_identities"), catalog::userIdentityTypes);
            checkIdentities(profile.at("device_identities"), catalog::deviceIdentityTypes);
            checkIdentities(profile.at("partner_identities"), {});
            QVERIFY(profile.at("mpid").is_string());
            for (const Json &audience : profile.at("audiences")) {
                actions.insert(audience.at("action").get<std::string>());
                if (!audience.contains("user_attributes"))
                    continue;
                for (const Json &attribute : audience["user_attributes"]) {
                    QVERIFY(!attribute.empty());
                    if (attribute.at("action") == "delete")
                        QVERIFY(!attribute.contains("value") && !attribute.contains("list_value"));
                    else
                        QVERIFY(attribute.contains("value") != attribute.contains("list_value"));
                }
            }
        }
        QCOMPARE(actions.size(), catalog::audienceActions.size()); // add, delete and attribute_update
    }
    QCOMPARE(subscriptionActions.size(), catalog::subscriptionActions.size());
}

void TestGenerator::dsrRequestIsWellFormed()
{
    for (std::uint64_t seed = 1; seed <= 40; ++seed) {
        const Json request = generate(MessageType::DsrProcessingRequest, seed);
        const QString submitted = QString::fromStdString(request.at("submitted_time").get<std::string>());
        static const QRegularExpression iso(QStringLiteral("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$"));
        QVERIFY2(iso.match(submitted).hasMatch(), qPrintable(submitted));
        // Between a minute and two days before the message; Qt's calendar checks ours.
        const QDateTime when = QDateTime::fromString(submitted, Qt::ISODate);
        QVERIFY(when.isValid());
        const std::int64_t sent = request.at("timestamp_ms");
        QVERIFY(when.toMSecsSinceEpoch() <= sent - 59'000);
        QVERIFY(when.toMSecsSinceEpoch() >= sent - 2 * 24 * 3'600'000 - 1000);
        QVERIFY(isUuidV4(request.at("subject_request_id")));
        QCOMPARE(request.at("subject_request_type").dump(), Json("erasure").dump());
        QCOMPARE(request.at("api_version").dump(), Json("3.0").dump());
        QVERIFY(catalog::contains(catalog::dsrRegulations, request.at("regulation").get<std::string>()));
        QVERIFY(request.at("subject_identities").contains("email"));
        QVERIFY(request["subject_identities"].size() >= 2);
        for (auto it = request.at("subject_identities").begin(); it != request["subject_identities"].end(); ++it) {
            QVERIFY2(catalog::contains(catalog::dsrSubjectIdentityTypes, it.key()), it.key().c_str());
            QCOMPARE(it.value().at("encoding").dump(), Json("raw").dump());
            QVERIFY(!it.value().at("value").get<std::string>().empty());
        }
    }
}

void TestGenerator::validatesCleanInStrict_data()
{
    QTest::addColumn<MessageType>("type");
    QTest::addColumn<bool>("verification");
    QTest::addColumn<int>("eventCount");
    for (MessageType type : allMessageTypes) {
        const std::string name(wireName(type));
        QTest::newRow(name.c_str()) << type << false << 16;
    }
    for (int count : {0, 1, 2, 3})
        QTest::addRow("event request, %d events", count) << MessageType::EventProcessingRequest << false << count;
    QTest::newRow("event request, 60 events") << MessageType::EventProcessingRequest << false << 60;
    QTest::newRow("event verification") << MessageType::EventProcessingRequest << true << 16;
    QTest::newRow("membership verification") << MessageType::AudienceMembershipChangeRequest << true << 16;
}

void TestGenerator::validatesCleanInStrict()
{
    QFETCH(MessageType, type);
    QFETCH(bool, verification);
    QFETCH(int, eventCount);

    for (std::uint64_t seed = 1; seed <= 200; ++seed) {
        const Json message = generate(type, seed, eventCount, verification);
        const Findings found = problems(message);
        if (!found.empty())
            QFAIL(qPrintable(QStringLiteral("seed %1:\n%2").arg(seed).arg(describe(found))));
    }
}

QTEST_APPLESS_MAIN(TestGenerator)
#include "tst_generator.moc"
