// Validator behaviour that the golden files do not show well: profiles, expected types, pointers,
// every finding code being documented, and reentrancy.

#include "protocol/findingrules.h"
#include "protocol/generator.h"
#include "protocol/validator.h"

#include <QTest>

#include <set>
#include <thread>

using namespace fhw::protocol;

namespace {

Json parse(const char *text)
{
    return *parseJson(text);
}

bool has(const Findings &findings, std::string_view pointer, std::string_view code, Severity severity)
{
    return std::ranges::any_of(findings, [&](const Finding &f) {
        return f.pointer == pointer && f.code == code && f.severity == severity;
    });
}

QString dump(const Findings &findings)
{
    QStringList lines;
    for (const Finding &f : findings) {
        lines << QString::fromStdString(f.pointer + ": " + std::string(severityName(f.severity)) + ": " + f.code
                                        + ": " + f.message);
    }
    return lines.join(u'\n');
}

const char *eventRequest = R"({
  "type": "event_processing_request",
  "id": "3c5b9f0e-8d1a-4f6b-9c2e-7a4d5e6f7a8b",
  "timestamp_ms": 1767225600000,
  "firehose_version": "3.2.0",
  "account": {"account_id": 42, "account_settings": {"apiKey": "k"}},
  "events": [
    {"type": "custom_event", "id": "9a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", "timestamp_ms": 1767225600001,
     "name": "Play", "custom_event_type": "OTHER"}
  ]
})";

} // namespace

class TestValidator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void profilesGradeTheSameProblemDifferently()
    {
        const Json message = parse(eventRequest);
        const Findings strict = Validator(Profile::Strict).validate(message);
        const Findings tolerant = Validator(Profile::Tolerant).validate(message);
        QVERIFY2(has(strict, "/events/0/custom_event_type", "enum.wrong-case", Severity::Error), qPrintable(dump(strict)));
        QVERIFY2(has(tolerant, "/events/0/custom_event_type", "enum.wrong-case", Severity::Warning),
                 qPrintable(dump(tolerant)));
        QVERIFY(hasErrors(strict));
        QVERIFY(!hasErrors(tolerant));
    }

    void findingsSayWhatToWrite()
    {
        const Findings strict = Validator(Profile::Strict).validate(parse(eventRequest));
        const auto it = std::ranges::find(strict, std::string("enum.wrong-case"), &Finding::code);
        QVERIFY(it != strict.end());
        QVERIFY2(it->message.find("'other'") != std::string::npos, it->message.c_str());
    }

    void expectedTypeMismatchIsReported()
    {
        const Json response = parse(R"({"type":"audience_membership_change_response",
            "id":"3c5b9f0e-8d1a-4f6b-9c2e-7a4d5e6f7a8b","timestamp_ms":1767225600000,"firehose_version":"3.2.0",
            "suspend_subscription":false})");
        const Validator validator(Profile::Strict);
        QVERIFY(validator.validate(response, MessageType::AudienceMembershipChangeResponse).empty());
        const Findings wrong = validator.validate(response, MessageType::EventProcessingResponse);
        QVERIFY2(has(wrong, "/type", "message.unexpected-type", Severity::Error), qPrintable(dump(wrong)));
    }

    void pointersEscapeKeys()
    {
        const Json message = parse(R"({"type":"event_processing_request",
            "id":"3c5b9f0e-8d1a-4f6b-9c2e-7a4d5e6f7a8b","timestamp_ms":1767225600000,"firehose_version":"3.2.0",
            "account":{"account_id":1},"events":[],"user_attributes":{"a/b~c":{"nested":true}}})");
        const Findings findings = Validator(Profile::Strict).validate(message);
        QVERIFY2(has(findings, "/user_attributes/a~1b~0c", "map.nested-value", Severity::Error), qPrintable(dump(findings)));
    }

    void detectsTheType()
    {
        QCOMPARE(Validator::detectType(parse(eventRequest)), std::optional(MessageType::EventProcessingRequest));
        QVERIFY(!Validator::detectType(parse(R"({"type":"nope"})")));
        QVERIFY(!Validator::detectType(parse("[]")));
    }

    void everyCodeIsDocumented()
    {
        std::set<std::string_view> codes;
        for (const FindingRule &rule : findingRules()) {
            QVERIFY2(codes.insert(rule.code).second, rule.code.data());
            QVERIFY(!rule.summary.empty());
            QVERIFY2(rule.strict.has_value(), rule.code.data()); // strict reports everything
            if (rule.tolerant)
                QVERIFY(*rule.tolerant >= *rule.strict); // tolerant is never harsher (Error < Warning < Info)
        }
        // A code the validator does not know is surfaced as an error rather than dropped.
        QCOMPARE(severityOf("no.such-code", Profile::Tolerant), std::optional(Severity::Error));
    }

    void validatesFromSeveralThreads()
    {
        const Json batch = Generator(GeneratorOptions{.seed = 3, .eventCount = 200, .verification = false})
                               .generate(MessageType::EventProcessingRequest);
        const Validator validator(Profile::Strict);
        const Findings reference = validator.validate(batch);
        std::vector<Findings> results(4);
        std::vector<std::thread> threads;
        for (auto &result : results)
            threads.emplace_back([&] { result = validator.validate(batch); });
        for (auto &thread : threads)
            thread.join();
        for (const auto &result : results)
            QCOMPARE(result.size(), reference.size());
    }
};

QTEST_APPLESS_MAIN(TestValidator)
#include "tst_validator.moc"
