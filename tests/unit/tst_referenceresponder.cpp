// The reference responder: what a correct partner answers to each request type, and that every
// answer validates clean (strict) as its own type.

#include "endpoint/referenceresponder.h"
#include "protocol/catalog.h"
#include "protocol/generator.h"
#include "protocol/registrationreview.h"
#include "protocol/validator.h"

#include <QTest>

#include <chrono>
#include <set>
#include <thread>
#include <vector>

using namespace fhw::protocol;
using fhw::endpoint::EndpointConfig;
using fhw::endpoint::ReferenceResponder;

namespace {

Json generate(MessageType type, bool verification = false, std::uint64_t seed = 3)
{
    return Generator(GeneratorOptions{.seed = seed, .eventCount = 16, .verification = verification}).generate(type);
}

bool isUuidV4(const Json &value)
{
    if (!value.is_string())
        return false;
    const auto &text = value.get_ref<const std::string &>();
    if (text.size() != 36 || text[8] != '-' || text[13] != '-' || text[18] != '-' || text[23] != '-')
        return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (i == 8 || i == 13 || i == 18 || i == 23)
            continue;
        if (!std::string_view("0123456789abcdef").contains(text[i]))
            return false;
    }
    return text[14] == '4' && std::string_view("89ab").contains(text[19]);
}

// Errors and warnings (strict); info findings are notes, not problems.
QString problems(const Json &message, MessageType expected)
{
    QStringList lines;
    for (const Finding &f : Validator(Profile::Strict).validate(message, expected)) {
        if (f.severity != Severity::Info)
            lines << QString::fromStdString(f.pointer + " " + f.code + ": " + f.message);
    }
    return lines.join(u'\n');
}

std::int64_t nowMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

} // namespace

// QCOMPARE cannot take nlohmann values (its overloads trip over them): compare their text.
#define QCOMPARE_JSON(actual, expected) QCOMPARE(QString::fromStdString(Json(actual).dump()), QString::fromStdString(Json(expected).dump()))

Q_DECLARE_METATYPE(fhw::protocol::MessageType)

class TestReferenceResponder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyRequestGetsACleanResponse_data()
    {
        QTest::addColumn<MessageType>("type");
        QTest::addColumn<bool>("verification");
        for (MessageType type : allMessageTypes) {
            if (isRequest(type))
                QTest::newRow(wireName(type).data()) << type << false;
        }
        QTest::newRow("event verification (events: [])") << MessageType::EventProcessingRequest << true;
        QTest::newRow("membership verification (no user_profiles)")
            << MessageType::AudienceMembershipChangeRequest << true;
    }

    void everyRequestGetsACleanResponse()
    {
        QFETCH(MessageType, type);
        QFETCH(bool, verification);
        ReferenceResponder responder(42);
        const std::int64_t before = nowMs();
        const Json response = responder.respond(generate(type, verification), type, EndpointConfig{});
        const std::int64_t after = nowMs();

        QCOMPARE(Validator::detectType(response), std::optional(responseTypeFor(type)));
        QVERIFY2(problems(response, responseTypeFor(type)).isEmpty(), qPrintable(problems(response, responseTypeFor(type))));
        // The envelope, first and in the SDK's order.
        auto it = response.begin();
        QCOMPARE(it.key(), std::string("type"));
        QCOMPARE((++it).key(), std::string("id"));
        QCOMPARE((++it).key(), std::string("timestamp_ms"));
        QCOMPARE((++it).key(), std::string("firehose_version"));
        QVERIFY(isUuidV4(response.at("id")));
        QVERIFY(response.at("timestamp_ms").is_number_integer());
        QVERIFY(response.at("timestamp_ms").get<std::int64_t>() >= before);
        QVERIFY(response.at("timestamp_ms").get<std::int64_t>() <= after);
        QCOMPARE(response.at("firehose_version").get<std::string>(), std::string(catalog::sdkVersion));

        // What each type carries beyond the envelope, with the default config.
        switch (responseTypeFor(type)) {
        case MessageType::EventProcessingResponse:
            QVERIFY2(!response.contains("suspend_subscription"), "NON_DEFAULT: omitted when false");
            QCOMPARE(response.size(), std::size_t(4));
            break;
        case MessageType::AudienceMembershipChangeResponse:
            QCOMPARE_JSON(response.at("suspend_subscription"), Json(false)); // always written
            break;
        case MessageType::AudienceSubscriptionResponse:
        case MessageType::DsrProcessingResponse:
            QCOMPARE(response.size(), std::size_t(4));
            break;
        case MessageType::ModuleRegistrationResponse:
            QCOMPARE_JSON(response.at("name"), fhw::endpoint::defaultRegistration().at("name"));
            break;
        default:
            QFAIL("not a response type");
        }
    }

    void textIsTheDocumentDumped_data()
    {
        QTest::addColumn<MessageType>("type");
        QTest::addColumn<bool>("suspend");
        QTest::addColumn<bool>("settings");
        for (MessageType type : allMessageTypes) {
            if (isRequest(type))
                QTest::newRow(wireName(type).data()) << type << false << false;
        }
        QTest::newRow("membership, suspend") << MessageType::AudienceMembershipChangeRequest << true << false;
        QTest::newRow("subscription with settings") << MessageType::AudienceSubscriptionRequest << false << true;
    }

    void textIsTheDocumentDumped()
    {
        // respondText writes the envelope-only responses itself: it must be respond().dump() exactly.
        // Two responders from one seed give the same ids; the request id is echoed in a second round.
        QFETCH(MessageType, type);
        QFETCH(bool, suspend);
        QFETCH(bool, settings);
        EndpointConfig config;
        config.suspendSubscription = suspend;
        if (settings)
            config.subscriptionSettings = {{"list_id", "abc-123"}};
        const Json request = generate(type);
        for (const bool echo : {false, true}) {
            config.echoRequestId = echo;
            ReferenceResponder byDocument(7);
            ReferenceResponder byText(7);
            for (int attempt = 0;; ++attempt) {
                const std::string expected = byDocument.respond(request, type, config).dump();
                const std::string text = byText.respondText(request, type, config);
                if (text == expected)
                    break;
                // The two calls can straddle a millisecond; anything else is a real difference.
                QVERIFY2(attempt < 3, qPrintable(QString::fromStdString(text + "\n" + expected)));
            }
        }
    }

    void idsAreFreshAndSeeded()
    {
        ReferenceResponder a(7);
        ReferenceResponder b(7);
        ReferenceResponder c(8);
        const Json request = generate(MessageType::DsrProcessingRequest);
        std::set<std::string> seen;
        for (int i = 0; i < 1000; ++i) {
            const std::string id = a.respond(request, MessageType::DsrProcessingRequest, {}).at("id");
            QVERIFY(isUuidV4(id));
            QVERIFY(seen.insert(id).second);
            QCOMPARE(b.nextUuid(), id); // same seed, same sequence
        }
        QVERIFY(!seen.contains(c.nextUuid()));
        QVERIFY(!seen.contains(request.at("id").get<std::string>()));
    }

    void echoesTheRequestId()
    {
        EndpointConfig config;
        config.echoRequestId = true;
        ReferenceResponder responder(1);
        for (MessageType type : allMessageTypes) {
            if (!isRequest(type))
                continue;
            const Json request = generate(type);
            const Json response = responder.respond(request, type, config);
            QCOMPARE_JSON(response.at("id"), request.at("id"));
            QVERIFY(problems(response, responseTypeFor(type)).isEmpty());
        }
        // Upper-case hex is a UUID too (the SDK accepts it) and is echoed as sent.
        Json upper = generate(MessageType::EventProcessingRequest);
        upper["id"] = "3C5B9F0E-8D1A-4F6B-9C2E-7A4D5E6F7A8B";
        QCOMPARE_JSON(responder.respond(upper, MessageType::EventProcessingRequest, config).at("id"), upper.at("id"));
        // Not a UUID, not a string, or absent: a fresh id, so the response stays valid.
        for (const Json &id : {Json("not-a-uuid"), Json(12345), Json(nullptr)}) {
            Json request = generate(MessageType::EventProcessingRequest);
            request["id"] = id;
            const Json response = responder.respond(request, MessageType::EventProcessingRequest, config);
            QVERIFY(isUuidV4(response.at("id")));
        }
        Json none = generate(MessageType::EventProcessingRequest);
        none.erase("id");
        QVERIFY(isUuidV4(responder.respond(none, MessageType::EventProcessingRequest, config).at("id")));
        // Without echo the request id is never reused.
        const Json request = generate(MessageType::EventProcessingRequest);
        QVERIFY(responder.respond(request, MessageType::EventProcessingRequest, {}).at("id") != request.at("id"));
    }

    void subscriptionSettingsAreReturned()
    {
        EndpointConfig config;
        config.subscriptionSettings = {{"list_id", "abc-123"}, {"hidden_token", "xyz"}};
        ReferenceResponder responder(1);
        const Json response = responder.respond(generate(MessageType::AudienceSubscriptionRequest),
                                                MessageType::AudienceSubscriptionRequest, config);
        QCOMPARE_JSON(response.at("audience_subscription_settings"), Json({{"hidden_token", "xyz"}, {"list_id", "abc-123"}}));
        QVERIFY(problems(response, MessageType::AudienceSubscriptionResponse).isEmpty());
        // Only on subscription responses.
        QVERIFY(!responder.respond(generate(MessageType::AudienceMembershipChangeRequest),
                                   MessageType::AudienceMembershipChangeRequest, config)
                     .contains("audience_subscription_settings"));
    }

    void suspendSubscription()
    {
        EndpointConfig config;
        config.suspendSubscription = true;
        ReferenceResponder responder(1);
        for (bool verification : {false, true}) {
            const Json response = responder.respond(generate(MessageType::AudienceMembershipChangeRequest, verification),
                                                    MessageType::AudienceMembershipChangeRequest, config);
            QCOMPARE_JSON(response.at("suspend_subscription"), Json(true));
            QVERIFY(problems(response, MessageType::AudienceMembershipChangeResponse).isEmpty());
        }
        // Event responses keep leaving it out (it is not the audience flag).
        QVERIFY(!responder.respond(generate(MessageType::EventProcessingRequest), MessageType::EventProcessingRequest, config)
                     .contains("suspend_subscription"));
    }

    void loadedRegistrationWithRefreshedEnvelope()
    {
        Json loaded = Generator(GeneratorOptions{.seed = 99}).generate(MessageType::ModuleRegistrationResponse);
        loaded["name"] = "Loaded Partner";
        loaded["timestamp_ms"] = 1000;
        loaded["firehose_version"] = "2.1.1";
        // Put the envelope last, to see it come back first.
        const std::string oldId = loaded.at("id");
        Json reordered = Json::object();
        for (const auto &[key, value] : loaded.items()) {
            if (key != "type" && key != "id")
                reordered[key] = value;
        }
        reordered["id"] = oldId;
        reordered["type"] = "module_registration_response";

        EndpointConfig config;
        config.registrationResponse = reordered;
        ReferenceResponder responder(5);
        const Json response = responder.respond(generate(MessageType::ModuleRegistrationRequest),
                                                MessageType::ModuleRegistrationRequest, config);
        QCOMPARE(response.begin().key(), std::string("type"));
        QCOMPARE_JSON(response.at("type"), Json("module_registration_response"));
        QVERIFY(response.at("id") != Json(oldId));
        QVERIFY(isUuidV4(response.at("id")));
        QVERIFY(response.at("timestamp_ms").get<std::int64_t>() > 1000);
        QCOMPARE_JSON(response.at("firehose_version"), Json(std::string(catalog::sdkVersion)));
        QCOMPARE_JSON(response.at("name"), Json("Loaded Partner"));
        // Everything else is the loaded registration, untouched.
        for (const auto &[key, value] : loaded.items()) {
            if (key != "type" && key != "id" && key != "timestamp_ms" && key != "firehose_version")
                QCOMPARE_JSON(response.at(key), value);
        }
        QCOMPARE(response.size(), loaded.size());
        QVERIFY2(problems(response, MessageType::ModuleRegistrationResponse).isEmpty(),
                 qPrintable(problems(response, MessageType::ModuleRegistrationResponse)));
    }

    void defaultRegistrationIsReviewClean()
    {
        const Json &registration = fhw::endpoint::defaultRegistration();
        QCOMPARE(&registration, &fhw::endpoint::defaultRegistration()); // built once
        QCOMPARE(Validator::detectType(registration), std::optional(MessageType::ModuleRegistrationResponse));
        QVERIFY(problems(registration, MessageType::ModuleRegistrationResponse).isEmpty());
        QStringList review;
        for (const Finding &f : RegistrationReview(Profile::Strict).review(registration))
            review << QString::fromStdString(f.code);
        QCOMPARE(review, QStringList());
        QVERIFY(registration.contains("event_processing_registration"));
        QVERIFY(registration.contains("audience_processing_registration"));
    }

    void safeFromSeveralThreads()
    {
        ReferenceResponder responder(11);
        std::vector<std::string> ids[4];
        std::vector<std::thread> threads;
        for (auto &list : ids) {
            threads.emplace_back([&responder, &list] {
                for (int i = 0; i < 5000; ++i)
                    list.push_back(responder.nextUuid());
            });
        }
        for (auto &thread : threads)
            thread.join();
        std::set<std::string> all;
        for (const auto &list : ids)
            all.insert(list.begin(), list.end());
        QCOMPARE(all.size(), std::size_t(20000));
    }
};

QTEST_GUILESS_MAIN(TestReferenceResponder)
#include "tst_referenceresponder.moc"
