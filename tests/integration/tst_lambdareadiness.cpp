// Readiness against a Lambda target: ConformanceRun (the 200 ms p99 budget, cold starts apart, the
// token checks skipped, function errors failing, a body that is not JSON refused by the Invoke API)
// and LoadRun (the Invoke path, function errors and 429 counted) against the embedded endpoint's
// Invoke mode, unsigned, as a local emulator.

#include "endpoint/endpoint.h"
#include "readiness/conformance.h"
#include "readiness/conformancereport.h"
#include "readiness/loadrun.h"

#include <QTest>

using namespace fhw;
using namespace fhw::readiness;
using namespace std::chrono_literals;

namespace {

const std::string functionName = "acme-firehose";

endpoint::EndpointConfig invokeConfig(endpoint::LambdaSettings lambda = {})
{
    endpoint::EndpointConfig config;
    config.token = "never-asked-on-the-invoke-path-4d1c"; // Lambda has no token: the Invoke path must not ask
    lambda.functionName = functionName;
    config.lambda = lambda;
    return config;
}

transport::Target lambdaTarget(const endpoint::Endpoint &server)
{
    std::string url = server.url();
    if (url.ends_with('/'))
        url.pop_back();
    transport::LambdaTarget lambda;
    lambda.function = functionName;
    lambda.region = "us-east-1";
    lambda.endpoint = url;
    lambda.sign = false; // a local emulator takes it unsigned
    transport::Target target;
    target.lambda = lambda;
    return target;
}

// A generous budget unless a test is about it: the machine is shared.
ConformanceSettings settingsFor(const endpoint::Endpoint &server, std::chrono::milliseconds budget = 2000ms)
{
    ConformanceSettings settings;
    settings.target = lambdaTarget(server);
    settings.options.totalTimeout = 5s;
    settings.budget = budget;
    return settings;
}

const CheckResult *find(const ConformanceReport &report, std::string_view id)
{
    for (const CheckResult &check : report.checks) {
        if (check.id == id)
            return &check;
    }
    return nullptr;
}

bool contains(const std::string &text, std::string_view part)
{
    return text.find(part) != std::string::npos;
}

#define EXPECT_STATUS(report, id, expected)                                                                   \
    do {                                                                                                      \
        const CheckResult *found_ = find(report, id);                                                         \
        QVERIFY2(found_, qPrintable(QStringLiteral("no check %1").arg(QLatin1String(id))));                   \
        QVERIFY2(found_->status == (expected),                                                                \
                 qPrintable(QStringLiteral("%1 is %2: %3\n%4")                                                \
                                .arg(QLatin1String(id), QLatin1String(checkStatusName(found_->status).data()), \
                                     QString::fromStdString(found_->message),                                 \
                                     QString::fromStdString(conformanceText(report, false)))));               \
    } while (false)

} // namespace

class TestLambdaReadiness : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        for (const char *name : {"http_proxy", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"})
            qunsetenv(name);
    }

    // A correct function: everything passes; the token checks are skipped (IAM, not a token); the
    // transport is a local emulator (info); the cold start is the first invocation and is reported apart.
    void conformancePassesAgainstInvokeMode()
    {
        endpoint::Endpoint server(invokeConfig());
        QVERIFY(server.start().has_value());
        ConformanceRun run(settingsFor(server));
        const ConformanceReport report = run.run();
        QVERIFY2(report.passed(), conformanceText(report, false).c_str());
        QCOMPARE(report.count(CheckStatus::Warn), 0);
        QVERIFY(contains(report.target, "Lambda function " + functionName));
        QVERIFY(report.registration.has_value());

        for (const char *id : {"registration.unauthenticated", "registration.response", "event.type.custom_event",
                               "verification.empty-events", "robustness.unknown-event-type", "robustness.large-batch",
                               "robustness.malformed-json", "latency.budget"})
            EXPECT_STATUS(report, id, CheckStatus::Pass);
        for (const char *id : {"auth.with-token", "auth.without-token", "auth.wrong-token"}) {
            EXPECT_STATUS(report, id, CheckStatus::Skipped);
            QVERIFY(contains(find(report, id)->message, "add-permission"));
        }
        EXPECT_STATUS(report, "transport.https", CheckStatus::Info);
        QVERIFY(contains(find(report, "transport.https")->message, "local Lambda emulator"));

        // A body that is not JSON: AWS's Invoke API refuses it before the function runs.
        QVERIFY(contains(find(report, "robustness.malformed-json")->message, "InvalidRequestContentException"));

        // The first invocation (the registration) was the cold start: named, left out of the p99.
        const CheckResult *budget = find(report, "latency.budget");
        QVERIFY2(contains(budget->message, "p99"), budget->message.c_str());
        QVERIFY2(contains(budget->message, "1 cold start"), budget->message.c_str());
        QVERIFY(contains(budget->message, "registration.unauthenticated (Init Duration 180.00 ms"));
        const Evidence &first = find(report, "registration.unauthenticated")->evidence.at(0);
        QVERIFY(first.lambda && first.lambda->coldStart());
        const Evidence &event = find(report, "event.type.custom_event")->evidence.at(0);
        QVERIFY(event.lambda && event.lambda->report);
        QVERIFY(!event.lambda->coldStart());
        QCOMPARE(event.lambda->report->memorySizeMb, 256);
        QVERIFY(event.lambda->functionError.empty());
        QVERIFY(contains(event.url, "/2015-03-31/functions/" + functionName + "/invocations"));

        // The REPORT is in the text and survives the JSON round trip.
        const std::string verbose = conformanceText(report, true);
        QVERIFY(contains(verbose, "lambda: Duration "));
        QVERIFY(contains(verbose, "(cold start)"));
        const auto back = conformanceFromJson(conformanceJson(report));
        QVERIFY2(back.has_value(), back ? "" : back.error().message.c_str());
        const Evidence &eventBack = find(*back, "event.type.custom_event")->evidence.at(0);
        QVERIFY(eventBack.lambda && eventBack.lambda->report);
        QCOMPARE(eventBack.lambda->report->durationMs, event.lambda->report->durationMs);
        QVERIFY(find(*back, "registration.unauthenticated")->evidence.at(0).lambda->coldStart());
    }

    // A cold start that takes longer than the budget does not fail it: it is reported apart.
    void slowColdStartIsReportedApart()
    {
        endpoint::LambdaSettings lambda;
        lambda.initDuration = 400ms;
        lambda.delayColdStart = true;
        endpoint::Endpoint server(invokeConfig(lambda));
        QVERIFY(server.start().has_value());
        ConformanceRun run(settingsFor(server, 300ms));
        const ConformanceReport report = run.run();
        EXPECT_STATUS(report, "latency.budget", CheckStatus::Pass);
        const CheckResult *budget = find(report, "latency.budget");
        QVERIFY(contains(budget->message, "Init Duration 400.00 ms"));
        const Evidence &cold = find(report, "registration.unauthenticated")->evidence.at(0);
        QVERIFY2(cold.timings.totalUs >= 400'000, std::to_string(cold.timings.totalUs).c_str());
    }

    // Warm invocations over the budget fail it, judged on p99.
    void slowFunctionFailsTheBudget()
    {
        endpoint::EndpointConfig config = invokeConfig();
        endpoint::FaultSettings slow;
        slow.latency.fixed = 40ms;
        config.faults[transport::Family::Event] = slow;
        endpoint::Endpoint server(config);
        QVERIFY(server.start().has_value());
        ConformanceRun run(settingsFor(server, 20ms));
        const ConformanceReport report = run.run();
        EXPECT_STATUS(report, "latency.budget", CheckStatus::Fail);
        const CheckResult *budget = find(report, "latency.budget");
        QVERIFY(contains(budget->message, "over the 20.0 ms budget"));
        QVERIFY(contains(budget->message, "99 %"));
        QVERIFY(!report.passed());
    }

    // Every invocation fails in the function: each capability check fails saying so (200 is not success).
    void functionErrorsFail()
    {
        endpoint::LambdaSettings lambda;
        lambda.functionErrorRate = 1.0;
        endpoint::Endpoint server(invokeConfig(lambda));
        QVERIFY(server.start().has_value());
        ConformanceRun run(settingsFor(server));
        const ConformanceReport report = run.run();
        QVERIFY(!report.passed());
        EXPECT_STATUS(report, "verification.empty-events", CheckStatus::Fail);
        const CheckResult *ping = find(report, "verification.empty-events");
        QVERIFY2(contains(ping->message, "X-Amz-Function-Error: Unhandled"), ping->message.c_str());
        QVERIFY(contains(ping->message, "retries"));
        QCOMPARE(ping->evidence.at(0).status, 200L);
        QCOMPARE(ping->evidence.at(0).lambda->functionError, std::string("Unhandled"));
        // Nothing succeeded, so there is nothing to time.
        EXPECT_STATUS(report, "latency.budget", CheckStatus::Skipped);
    }

    // Throttled: 429 fails the checks with mParticle's retry consequence.
    void throttlingFails()
    {
        endpoint::LambdaSettings lambda;
        lambda.throttleRate = 1.0;
        endpoint::Endpoint server(invokeConfig(lambda));
        QVERIFY(server.start().has_value());
        ConformanceRun run(settingsFor(server));
        const ConformanceReport report = run.run();
        EXPECT_STATUS(report, "verification.empty-events", CheckStatus::Fail);
        QVERIFY(contains(find(report, "verification.empty-events")->message, "429"));
        QVERIFY(contains(find(report, "verification.empty-events")->message, "retries"));
    }

    // The load engine invokes the function: every request on the Invoke path, answered and accepted.
    void loadRunInvokesTheFunction()
    {
        endpoint::Endpoint server(invokeConfig());
        QVERIFY(server.start().has_value());
        LoadSettings settings;
        settings.target = lambdaTarget(server);
        settings.rate = 200;
        settings.duration = 2s;
        settings.connections = 8;
        settings.bodiesPerType = 4;
        settings.budget = lambdaBudget;
        settings.token = "never-sent-to-a-function";
        LoadRun run(settings);
        const auto result = run.run();
        QVERIFY2(result.has_value(), result ? "" : result.error().message.c_str());
        QVERIFY(result->totals.scheduled >= 300);
        QCOMPARE(result->totals.accepted, result->totals.completed);
        QCOMPARE(result->totals.errors, std::int64_t(0));
        // Every request reached the function (the capture holds what the endpoint was sent).
        const auto captured = server.capture().snapshot();
        QVERIFY(!captured.empty());
        for (const auto &exchange : captured) {
            QVERIFY2(exchange.path.find("/2015-03-31/functions/" + functionName + "/invocations") == 0,
                     exchange.path.c_str());
        }
    }

    // Function errors and throttling are failures: counted, and the run fails.
    void loadRunCountsFunctionErrorsAndThrottling()
    {
        for (const bool throttle : {false, true}) {
            endpoint::LambdaSettings lambda;
            (throttle ? lambda.throttleRate : lambda.functionErrorRate) = 0.5;
            endpoint::Endpoint server(invokeConfig(lambda));
            QVERIFY(server.start().has_value());
            LoadSettings settings;
            settings.target = lambdaTarget(server);
            settings.rate = 200;
            settings.duration = 1s;
            settings.connections = 8;
            settings.bodiesPerType = 2;
            LoadRun run(settings);
            const auto result = run.run();
            QVERIFY2(result.has_value(), result ? "" : result.error().message.c_str());
            const LoadCounts &totals = result->totals;
            if (throttle) {
                QVERIFY2(totals.throttled > 0, std::to_string(totals.throttled).c_str());
            } else {
                const auto kind = totals.errorKinds.find("function-error");
                QVERIFY(kind != totals.errorKinds.end() && kind->second > 0);
                QCOMPARE(totals.errors, kind->second);
                QVERIFY(totals.accepted + totals.errors == totals.completed);
            }
            QVERIFY(totals.accepted > 0);
            QVERIFY(!result->passed);
        }
    }

    // A signed run is signed before it starts, so it is limited to what AWS accepts of a signature's age.
    void signedLoadRunIsLimitedInLength()
    {
        LoadSettings settings;
        settings.target.lambda = transport::LambdaTarget{functionName, "us-east-1", "", "", true, "", ""};
        settings.duration = 300s;
        LoadRun run(settings);
        const auto result = run.run();
        QVERIFY(!result.has_value());
        QCOMPARE(result.error().code, std::string("load.lambda-sign"));
    }
};

QTEST_GUILESS_MAIN(TestLambdaReadiness)
#include "tst_lambdareadiness.moc"
