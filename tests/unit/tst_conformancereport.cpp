// The conformance report's three forms: text, JSON (and back) and JUnit XML, on a hand-built report
// with every status, awkward bytes in the evidence and an unredacted credential that must not leak.

#include "readiness/conformancereport.h"

#include <QXmlStreamReader>
#include <QTest>

using namespace fhw;
using namespace fhw::readiness;

namespace {

const std::string secret = "s3cr3t-token-value-0123456789";

Evidence sampleEvidence()
{
    Evidence e;
    e.label = "event_processing_request with only custom_event events";
    e.url = "https://partner.example.com/firehose";
    e.requestType = protocol::MessageType::EventProcessingRequest;
    // Unredacted on purpose: the report functions must redact it themselves.
    e.requestHeaders = {{"Content-Type", "application/json"}, {"Authorization", "Token " + secret}};
    e.requestBody = R"({"type":"event_processing_request","events":[]})";
    e.requestBodyBytes = 123456;
    e.status = 500;
    e.responseHeaders = {{"Content-Type", "text/plain"}, {"X-Odd", "a\x01" "b"}};
    // Control characters, CDATA end, markup and a byte that is not UTF-8: XML and JSON must cope.
    e.responseBody = "oops\x01\x02 ]]> <b>&amp;</b> \xff end";
    e.error = "";
    e.timings = {100, 200, 300, 400, 5000, 6000};
    e.tls = transport::TlsInfo{"TLSv1.3", "CN=partner.example.com", "CN=Example CA", "2026-01-01T00:00:00Z",
                               "2027-01-01T00:00:00Z", true, ""};
    e.findings = {protocol::Finding{protocol::Severity::Error, "/id", "id.not-uuid", "the id is not a UUID"},
                  protocol::Finding{protocol::Severity::Warning, "", "x.y", "a warning"}};
    return e;
}

CheckResult check(std::string id, std::string category, CheckStatus status, bool withEvidence = true)
{
    CheckResult c;
    c.id = std::move(id);
    c.category = std::move(category);
    c.title = "Title of " + c.id;
    c.status = status;
    c.message = "message of " + c.id + " <&> \"quoted\"";
    c.durationUs = 1500;
    if (withEvidence)
        c.evidence.push_back(sampleEvidence());
    return c;
}

ConformanceReport sampleReport()
{
    ConformanceReport r;
    r.target = "https://partner.example.com/firehose";
    r.startedAt = "2026-03-01T10:00:00.000Z";
    r.durationUs = 2'345'678;
    r.toolVersion = "0.1.0";
    r.budget = std::chrono::milliseconds(100);
    r.registration = protocol::Json{{"type", "module_registration_response"}, {"name", "Acme"}};
    r.checks = {check("registration.unauthenticated", "registration", CheckStatus::Pass),
                check("event.type.custom_event", "capabilities", CheckStatus::Fail),
                check("auth.wrong-token", "auth", CheckStatus::Warn),
                check("transport.https", "transport", CheckStatus::Info, false),
                check("dsr.erasure", "capabilities", CheckStatus::Skipped, false)};
    return r;
}

bool contains(const std::string &text, std::string_view part)
{
    return text.find(part) != std::string::npos;
}

} // namespace

class TestConformanceReport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void statusNames()
    {
        for (CheckStatus status : {CheckStatus::Pass, CheckStatus::Info, CheckStatus::Warn, CheckStatus::Fail,
                                   CheckStatus::Skipped})
            QCOMPARE(checkStatusFromName(checkStatusName(status)), std::optional(status));
        QCOMPARE(checkStatusName(CheckStatus::Warn), std::string_view("warn"));
        QVERIFY(!checkStatusFromName("PASS"));
        QVERIFY(!checkStatusFromName(""));
    }

    void passedAndCounts()
    {
        ConformanceReport report = sampleReport();
        QCOMPARE(report.count(CheckStatus::Fail), 1);
        QCOMPARE(report.count(CheckStatus::Skipped), 1);
        QVERIFY(!report.passed());
        report.checks.erase(report.checks.begin() + 1); // the failure
        QVERIFY(report.passed());                        // warn, info and skipped do not fail
        report.cancelled = true;
        QVERIFY(!report.passed());
    }

    void jsonRoundTrip()
    {
        const ConformanceReport report = sampleReport();
        const protocol::Json json = conformanceJson(report);
        const std::string text = json.dump(); // throws on invalid UTF-8: it must have been made valid
        QCOMPARE(json["summary"]["fail"].get<int>(), 1);
        QCOMPARE(json["passed"].get<bool>(), false);

        const auto back = conformanceFromJson(protocol::Json::parse(text));
        QVERIFY2(back.has_value(), back ? "" : back.error().message.c_str());
        QCOMPARE(back->target, report.target);
        QCOMPARE(back->startedAt, report.startedAt);
        QCOMPARE(back->durationUs, report.durationUs);
        QCOMPARE(back->toolVersion, report.toolVersion);
        QCOMPARE(back->budget, report.budget);
        QCOMPARE(back->cancelled, report.cancelled);
        QVERIFY(*back->registration == *report.registration);
        QCOMPARE(back->checks.size(), report.checks.size());
        for (std::size_t i = 0; i < report.checks.size(); ++i) {
            const CheckResult &a = report.checks[i];
            const CheckResult &b = back->checks[i];
            QCOMPARE(b.id, a.id);
            QCOMPARE(b.category, a.category);
            QCOMPARE(b.title, a.title);
            QCOMPARE(b.status, a.status);
            QCOMPARE(b.message, a.message);
            QCOMPARE(b.durationUs, a.durationUs);
            QCOMPARE(b.evidence.size(), a.evidence.size());
        }
        const Evidence &e = back->checks[0].evidence[0];
        const Evidence original = sampleEvidence();
        QCOMPARE(e.label, original.label);
        QCOMPARE(e.url, original.url);
        QCOMPARE(e.requestType, original.requestType);
        QCOMPARE(e.requestBody, original.requestBody);
        QCOMPARE(e.requestBodyBytes, original.requestBodyBytes);
        QCOMPARE(e.status, original.status);
        QCOMPARE(e.responseHeaders, original.responseHeaders);
        QCOMPARE(e.responseBody, std::string("oops\x01\x02 ]]> <b>&amp;</b> \xEF\xBF\xBD end"));
        QCOMPARE(e.timings.firstByteUs, original.timings.firstByteUs);
        QCOMPARE(e.timings.totalUs, original.timings.totalUs);
        QCOMPARE(e.timings.dnsUs, original.timings.dnsUs);
        QVERIFY(e.tls.has_value());
        QCOMPARE(e.tls->version, original.tls->version);
        QCOMPARE(e.tls->verified, true);
        QCOMPARE(e.tls->notAfter, original.tls->notAfter);
        QCOMPARE(e.findings, original.findings);
        QCOMPARE(e.requestHeaders.at(1).first, std::string("Authorization"));
        QVERIFY(!contains(e.requestHeaders.at(1).second, secret));
        QVERIFY(!back->checks[3].evidence.size());

        // Stable: writing what was read gives the same document.
        QVERIFY(conformanceJson(*back) == json);
    }

    void badJsonIsRefused_data()
    {
        QTest::addColumn<QString>("mutation");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("not an object") << "array" << "object";
        QTest::newRow("another format") << "format" << "format version";
        QTest::newRow("no checks") << "no-checks" << "/checks";
        QTest::newRow("unknown status") << "status" << "/checks/1/status";
        QTest::newRow("headers not pairs") << "headers" << "/checks/0/evidence/0/request_headers";
        QTest::newRow("unknown severity") << "severity" << "/checks/0/evidence/0/findings/0/severity";
        QTest::newRow("timing not a number") << "timing" << "/checks/0/evidence/0/timings_us/total";
        QTest::newRow("unknown request type") << "request-type" << "request_type";
    }

    void badJsonIsRefused()
    {
        QFETCH(QString, mutation);
        QFETCH(QString, mentions);
        protocol::Json json = conformanceJson(sampleReport());
        const std::string m = mutation.toStdString();
        if (m == "array")
            json = protocol::Json::array();
        else if (m == "format")
            json["format_version"] = 99;
        else if (m == "no-checks")
            json.erase("checks");
        else if (m == "status")
            json["checks"][1]["status"] = "great";
        else if (m == "headers")
            json["checks"][0]["evidence"][0]["request_headers"] = protocol::Json::array({"Content-Type"});
        else if (m == "severity")
            json["checks"][0]["evidence"][0]["findings"][0]["severity"] = "fatal";
        else if (m == "timing")
            json["checks"][0]["evidence"][0]["timings_us"]["total"] = "6000";
        else if (m == "request-type")
            json["checks"][0]["evidence"][0]["request_type"] = "cookie_sync_request";
        const auto result = conformanceFromJson(json);
        QVERIFY(!result.has_value());
        QCOMPARE(result.error().code, std::string("report.format"));
        QVERIFY2(contains(result.error().message, mentions.toStdString()), result.error().message.c_str());
    }

    void junitIsWellFormedWithTheRightCounts()
    {
        const ConformanceReport report = sampleReport();
        const std::string xml = conformanceJUnit(report);
        QXmlStreamReader reader(QByteArray::fromStdString(xml));
        int suites = 0, cases = 0, failures = 0, skipped = 0, systemOuts = 0;
        QString currentCase;
        QStringList failedCases, skippedCases, suiteNames;
        QXmlStreamAttributes root;
        while (!reader.atEnd()) {
            if (reader.readNext() != QXmlStreamReader::StartElement)
                continue;
            const auto name = reader.name();
            if (name == QLatin1String("testsuites")) {
                root = reader.attributes();
            } else if (name == QLatin1String("testsuite")) {
                ++suites;
                suiteNames << reader.attributes().value(QLatin1String("name")).toString();
            } else if (name == QLatin1String("testcase")) {
                ++cases;
                currentCase = reader.attributes().value(QLatin1String("name")).toString();
                QVERIFY(reader.attributes().value(QLatin1String("classname")).startsWith(QLatin1String("fhw.check.")));
            } else if (name == QLatin1String("failure")) {
                ++failures;
                failedCases << currentCase;
                QVERIFY(reader.attributes().value(QLatin1String("message")).contains(QLatin1String("<&>")));
            } else if (name == QLatin1String("skipped")) {
                ++skipped;
                skippedCases << currentCase;
            } else if (name == QLatin1String("system-out")) {
                ++systemOuts;
                const QString text = reader.readElementText();
                if (currentCase == QLatin1String("auth.wrong-token"))
                    QVERIFY(text.startsWith(QLatin1String("warn: message of auth.wrong-token")));
                if (currentCase == QLatin1String("event.type.custom_event")) {
                    QVERIFY(text.contains(QLatin1String("]]>")));
                    QVERIFY(text.contains(QChar(0xFFFD))); // the control characters and the bad byte
                }
            }
        }
        QVERIFY2(!reader.hasError(), qPrintable(reader.errorString()));
        QCOMPARE(suites, 4); // registration, capabilities, auth, transport
        QCOMPARE(suiteNames, (QStringList{QStringLiteral("registration"), QStringLiteral("capabilities"), QStringLiteral("auth"),
                                          QStringLiteral("transport")}));
        QCOMPARE(cases, 5);
        QCOMPARE(systemOuts, 5);
        QCOMPARE(failures, 1);
        QCOMPARE(failedCases, QStringList{QStringLiteral("event.type.custom_event")});
        QCOMPARE(skipped, 1);
        QCOMPARE(skippedCases, QStringList{QStringLiteral("dsr.erasure")});
        QCOMPARE(root.value(QLatin1String("tests")).toInt(), 5);
        QCOMPARE(root.value(QLatin1String("failures")).toInt(), 1);
        QCOMPARE(root.value(QLatin1String("skipped")).toInt(), 1);
        QCOMPARE(root.value(QLatin1String("time")).toString(), QStringLiteral("2.346"));
    }

    void junitOfAnEmptyReport()
    {
        const std::string xml = conformanceJUnit(ConformanceReport{});
        QXmlStreamReader reader(QByteArray::fromStdString(xml));
        while (!reader.atEnd())
            reader.readNext();
        QVERIFY(!reader.hasError());
        QVERIFY(contains(xml, "tests=\"0\""));
    }

    void text()
    {
        const ConformanceReport report = sampleReport();
        const std::string brief = conformanceText(report, false);
        QVERIFY2(contains(brief, "5 checks: 1 passed, 1 info, 1 warning, 1 failed, 1 skipped — FAILED"), brief.c_str());
        QVERIFY(contains(brief, "\nPASS    registration.unauthenticated: message of registration.unauthenticated"));
        QVERIFY(contains(brief, "\nFAIL    event.type.custom_event: "));
        QVERIFY(contains(brief, "\nWARN    auth.wrong-token: "));
        QVERIFY(contains(brief, "\nINFO    transport.https: "));
        QVERIFY(contains(brief, "\nSKIPPED dsr.erasure: "));
        QVERIFY(!contains(brief, "POST https://partner.example.com")); // evidence only when verbose

        const std::string verbose = conformanceText(report, true);
        QVERIFY(contains(verbose, "> event_processing_request with only custom_event events"));
        QVERIFY(contains(verbose, "POST https://partner.example.com/firehose (event_processing_request, 123456 bytes)"));
        QVERIFY(contains(verbose, "< 500 in 6.00 ms"));
        QVERIFY(contains(verbose, "tls: TLSv1.3"));
        QVERIFY(contains(verbose, "error /id id.not-uuid: the id is not a UUID"));

        ConformanceReport clean = sampleReport();
        clean.checks.erase(clean.checks.begin() + 1);
        QVERIFY(contains(conformanceText(clean, false), "— PASSED (nothing failed)"));
    }

    void noTokenInAnyForm()
    {
        const ConformanceReport report = sampleReport();
        for (const std::string &text : {conformanceText(report, true), conformanceText(report, false),
                                        conformanceJson(report).dump(), conformanceJUnit(report)}) {
            QVERIFY(!contains(text, secret));
            QVERIFY(!contains(text, secret.substr(0, 12)));
        }
        // And a value already redacted is left as it is, not redacted twice into garbage.
        ConformanceReport redacted = sampleReport();
        redacted.checks[0].evidence[0].requestHeaders[1].second = "Token \u2022\u2022\u2022\u20226789";
        QVERIFY(contains(conformanceText(redacted, true), "Authorization: Token \u2022\u2022\u2022\u20226789"));
    }
};

QTEST_GUILESS_MAIN(TestConformanceReport)
#include "tst_conformancereport.moc"
