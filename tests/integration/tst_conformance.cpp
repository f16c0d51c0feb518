// ConformanceRun against real endpoints on loopback: the embedded endpoint (all pass; its fault
// settings make the checks fail), Python peers with one fault each (tests/integration/peers/
// conformance_peer.py), nginx over TLS, and a peer that echoes the token back.

#include "loopbackpeers.h"

#include "endpoint/endpoint.h"
#include "endpoint/referenceresponder.h"
#include "protocol/catalog.h"
#include "protocol/generator.h"
#include "readiness/conformance.h"
#include "readiness/conformance_p.h"

#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace fhw;
using namespace fhw::readiness;
using namespace std::chrono_literals;

namespace {

const std::string token = "conformance-test-token-5d8e1f0a9b";

// The budget is generous unless a test is about it: the machine is shared, and a loopback answer
// that waits 100 ms for a CPU is not what these tests look at.
ConformanceSettings settingsFor(const std::string &url, const std::string &withToken = {})
{
    ConformanceSettings settings;
    settings.target.url = url;
    settings.token = withToken;
    settings.options.totalTimeout = 3s;
    settings.budget = 2000ms;
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

QByteArray describe(const ConformanceReport &report)
{
    return QByteArray::fromStdString(conformanceText(report, false));
}

// The check exists and has this status; on failure the whole report is printed.
#define EXPECT_STATUS(report, id, expected)                                                                   \
    do {                                                                                                      \
        const CheckResult *found_ = find(report, id);                                                         \
        QVERIFY2(found_, qPrintable(QStringLiteral("no check %1 in\n%2").arg(QLatin1String(id), QString::fromUtf8(describe(report))))); \
        QVERIFY2(found_->status == (expected),                                                                \
                 qPrintable(QStringLiteral("%1 is %2, expected %3\n%4")                                       \
                                .arg(QLatin1String(id), QLatin1String(checkStatusName(found_->status).data()), \
                                     QLatin1String(checkStatusName(expected).data()), QString::fromUtf8(describe(report))))); \
    } while (false)

QStringList strings(std::initializer_list<const char *> items)
{
    QStringList out;
    for (const char *item : items)
        out << QString::fromUtf8(item);
    return out;
}

bool contains(const std::string &text, std::string_view part)
{
    return text.find(part) != std::string::npos;
}

protocol::Json registrationWith(const std::vector<std::string> &eventTypes, const std::vector<std::string> &runtimes,
                                bool audience, bool dsr, bool events = true)
{
    protocol::Json registration = endpoint::defaultRegistration();
    if (events) {
        registration["event_processing_registration"]["supported_event_types"] = eventTypes;
        registration["event_processing_registration"]["supported_runtime_environments"] = runtimes;
    } else {
        registration.erase("event_processing_registration");
    }
    if (!audience)
        registration.erase("audience_processing_registration");
    if (!dsr)
        registration.erase("dsr_processing_registration");
    return registration;
}

} // namespace

class TestConformance : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_python;
    testing::TlsNginx m_nginx;

    QString writeRegistration(const protocol::Json &registration, const QString &name)
    {
        QFile file(m_dir.filePath(name));
        if (!file.open(QIODevice::WriteOnly))
            return {};
        file.write(QByteArray::fromStdString(registration.dump()));
        return file.fileName();
    }

    // Starts the conformance peer with `flags`; returns its URL, empty when it did not come up.
    std::string startPeer(QProcess &peer, const QString &script, const QStringList &arguments)
    {
        testing::dieWithParent(peer);
        peer.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        peer.start(m_python, QStringList{script} + arguments);
        if (!peer.waitForStarted(5000) || !peer.waitForReadyRead(10'000))
            return {};
        const int port = peer.readLine().trimmed().toInt();
        return port > 0 ? "http://127.0.0.1:" + std::to_string(port) + "/" : std::string();
    }

private Q_SLOTS:
    void initTestCase()
    {
        for (const char *name : {"http_proxy", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"})
            qunsetenv(name);
        QVERIFY(m_dir.isValid());
        m_python = QStandardPaths::findExecutable(QStringLiteral("python3"));
    }

    // A correct endpoint with a token and subscription settings: nothing fails, and what is not a
    // pass is honest (plain http on loopback is info; no TLS to check is skipped).
    void allPassAgainstEmbeddedEndpoint()
    {
        endpoint::EndpointConfig config;
        config.token = token;
        config.subscriptionSettings = {{"acmeListId", "lst_conformance01"}};
        config.profile = protocol::Profile::Strict; // so the capture shows whether our requests validate
        endpoint::Endpoint server(config);
        QVERIFY(server.start().has_value());

        ConformanceRun run(settingsFor(server.url(), token));
        int progressCalls = 0;
        int lastDone = 0;
        run.setProgressCallback([&](const CheckResult &, int done, int planned) {
            ++progressCalls;
            QVERIFY(done == lastDone + 1 && done <= planned);
            lastDone = done;
        });
        const ConformanceReport report = run.run();
        QVERIFY2(report.passed(), describe(report).constData());
        QCOMPARE(progressCalls, int(report.checks.size()));
        QCOMPARE(report.count(CheckStatus::Fail), 0);
        QCOMPARE(report.count(CheckStatus::Warn), 0);
        QVERIFY(report.registration.has_value());

        for (const char *id : {"registration.unauthenticated", "registration.response", "registration.review",
                               "audience.subscription.add", "audience.subscription.update", "audience.subscription.remove",
                               "audience.membership.add", "audience.membership.delete",
                               "audience.membership.attribute_update", "audience.membership.user-attributes",
                               "dsr.erasure", "verification.empty-events", "verification.membership-without-profiles",
                               "auth.with-token", "auth.without-token", "auth.wrong-token",
                               "robustness.unknown-field.top-level", "robustness.unknown-field.event",
                               "robustness.unknown-field.runtime-environment", "robustness.unknown-event-type",
                               "robustness.unknown-enum-value", "robustness.malformed-json", "robustness.large-batch",
                               "robustness.suspend-subscription", "latency.budget"})
            EXPECT_STATUS(report, id, CheckStatus::Pass);
        for (std::string_view type : protocol::catalog::eventTypes)
            EXPECT_STATUS(report, ("event.type." + std::string(type)).c_str(), CheckStatus::Pass);
        for (std::string_view runtime : protocol::catalog::runtimeEnvironmentTypes)
            EXPECT_STATUS(report, ("event.runtime." + std::string(runtime)).c_str(), CheckStatus::Pass);
        EXPECT_STATUS(report, "transport.https", CheckStatus::Info);
        EXPECT_STATUS(report, "transport.tls-version", CheckStatus::Skipped);
        EXPECT_STATUS(report, "transport.certificate", CheckStatus::Skipped);

        // The evidence: the registration went without Authorization, the rest with it, redacted.
        const auto authorization = [](const Evidence &e) {
            for (const auto &[name, value] : e.requestHeaders) {
                if (name == "Authorization")
                    return value;
            }
            return std::string();
        };
        const CheckResult *registration = find(report, "registration.unauthenticated");
        QCOMPARE(registration->evidence.size(), std::size_t(1));
        QVERIFY(authorization(registration->evidence[0]).empty());
        QCOMPARE(registration->evidence[0].status, 200L);
        const Evidence &event = find(report, "event.type.custom_event")->evidence.at(0);
        QVERIFY(contains(authorization(event), "\u2022\u2022\u2022\u2022"));
        QVERIFY(contains(event.requestBody, "\"custom_event\""));
        QVERIFY(!contains(event.requestBody, "\"screen_view\"")); // only the type under test
        QVERIFY(contains(event.responseBody, "event_processing_response"));
        QVERIFY(event.timings.totalUs > 0);
        const Evidence &batch = find(report, "robustness.large-batch")->evidence.at(0);
        QVERIFY(batch.requestBodyBytes > detail::maxEvidenceBodyBytes);
        QVERIFY(batch.requestBody.size() <= detail::maxEvidenceBodyBytes);

        // Every request but the deliberately odd ones validated clean at the endpoint (strict).
        int checked = 0;
        for (const endpoint::Exchange &exchange : server.capture().snapshot()) {
            if (exchange.status == 401 || contains(exchange.requestBody, "fhw_probe") || !exchange.type)
                continue;
            ++checked;
            if (protocol::hasErrors(exchange.findings))
                QFAIL(qPrintable(QString::fromStdString(exchange.findings.front().code + " in "
                                                        + exchange.requestBody.substr(0, 300))));
        }
        QVERIFY(checked > 30);

        // The token appears in no form of the report.
        for (const std::string &text : {conformanceText(report, true), conformanceJson(report).dump(),
                                        conformanceJUnit(report)})
            QVERIFY(!contains(text, token));
    }

    // A registration that declares little: only that is exercised, the rest is skipped with why.
    void onlyRegisteredCapabilitiesAreChecked()
    {
        endpoint::EndpointConfig config;
        config.registrationResponse = registrationWith({"custom_event", "screen_view"}, {"ios"}, false, false);
        endpoint::Endpoint server(config);
        QVERIFY(server.start().has_value());
        const ConformanceReport report = ConformanceRun(settingsFor(server.url())).run();
        QVERIFY2(report.passed(), describe(report).constData());
        EXPECT_STATUS(report, "event.type.custom_event", CheckStatus::Pass);
        EXPECT_STATUS(report, "event.type.screen_view", CheckStatus::Pass);
        EXPECT_STATUS(report, "event.runtime.ios", CheckStatus::Pass);
        QVERIFY(!find(report, "event.type.error"));
        QVERIFY(!find(report, "event.runtime.android"));
        EXPECT_STATUS(report, "audience.subscription.add", CheckStatus::Skipped);
        QVERIFY(contains(find(report, "audience.subscription.add")->message, "audience_processing_registration"));
        EXPECT_STATUS(report, "dsr.erasure", CheckStatus::Skipped);
        EXPECT_STATUS(report, "verification.membership-without-profiles", CheckStatus::Skipped);
        EXPECT_STATUS(report, "robustness.suspend-subscription", CheckStatus::Skipped);
        EXPECT_STATUS(report, "auth.with-token", CheckStatus::Skipped);   // no token given
        EXPECT_STATUS(report, "auth.without-token", CheckStatus::Info);   // accepted: nothing to check
        // Every event request came from the one registered runtime environment.
        for (const endpoint::Exchange &exchange : server.capture().snapshot()) {
            if (exchange.type == protocol::MessageType::EventProcessingRequest && contains(exchange.requestBody, "runtime_environment"))
                QVERIFY2(contains(exchange.requestBody, "\"type\":\"ios\""), exchange.requestBody.substr(0, 200).c_str());
        }
    }

    // A URL per family: each request goes to its own path (the endpoint refuses a type on another
    // family's path), and a family without a URL is skipped, not failed.
    void perFamilyUrls()
    {
        endpoint::Endpoint server;
        QVERIFY(server.start().has_value());
        const std::string base = server.url(); // ends with '/'
        ConformanceSettings settings = settingsFor({});
        settings.target.perFamily = {{transport::Family::Registration, base + "registration"},
                                     {transport::Family::Event, base + "event"},
                                     {transport::Family::Audience, base + "audience"},
                                     {transport::Family::Dsr, base + "dsr"}};
        const ConformanceReport report = ConformanceRun(settings).run();
        QVERIFY2(report.passed(), describe(report).constData());
        QCOMPARE(report.count(CheckStatus::Warn), 0);
        QCOMPARE(find(report, "dsr.erasure")->evidence.at(0).url, base + "dsr");
        QVERIFY(contains(report.target, "event=" + base + "event"));

        settings.target.perFamily = {{transport::Family::Event, base + "event"}};
        const ConformanceReport eventsOnly = ConformanceRun(settings).run();
        QVERIFY2(eventsOnly.passed(), describe(eventsOnly).constData());
        EXPECT_STATUS(eventsOnly, "registration.unauthenticated", CheckStatus::Skipped);
        EXPECT_STATUS(eventsOnly, "event.types", CheckStatus::Skipped);
        EXPECT_STATUS(eventsOnly, "verification.empty-events", CheckStatus::Pass);
        EXPECT_STATUS(eventsOnly, "verification.membership-without-profiles", CheckStatus::Skipped);
        EXPECT_STATUS(eventsOnly, "robustness.large-batch", CheckStatus::Pass);
        QVERIFY(contains(find(eventsOnly, "verification.membership-without-profiles")->message, "no URL for audience"));
    }

    void endpointFaultsFailTheirChecks_data()
    {
        QTest::addColumn<int>("family");
        QTest::addColumn<int>("status");
        QTest::addColumn<QStringList>("failing");
        QTest::addColumn<QStringList>("skipped");
        QTest::addColumn<QString>("consequence");
        QTest::newRow("events 500") << int(transport::Family::Event) << 500
                                    << strings({"event.type.custom_event", "event.runtime.ios", "verification.empty-events",
                                                   "robustness.large-batch", "robustness.unknown-field.event", "auth.with-token"})
                                    << QStringList{} << QStringLiteral("retries");
        QTest::newRow("audience 503") << int(transport::Family::Audience) << 503
                                      << strings({"audience.subscription.add", "audience.subscription.remove",
                                                     "audience.membership.delete", "audience.membership.user-attributes",
                                                     "verification.membership-without-profiles"})
                                      << strings({"robustness.suspend-subscription"}) << QStringLiteral("retries");
        QTest::newRow("dsr 400") << int(transport::Family::Dsr) << 400 << strings({"dsr.erasure"}) << QStringList{}
                                 << QStringLiteral("dropped");
        QTest::newRow("registration 500") << int(transport::Family::Registration) << 500
                                          << strings({"registration.unauthenticated"})
                                          << strings({"registration.response", "registration.review", "event.types",
                                                         "audience.subscription.add", "dsr.erasure"})
                                          << QStringLiteral("200 or 202");
    }

    void endpointFaultsFailTheirChecks()
    {
        QFETCH(int, family);
        QFETCH(int, status);
        QFETCH(QStringList, failing);
        QFETCH(QStringList, skipped);
        QFETCH(QString, consequence);
        endpoint::EndpointConfig config;
        config.token = token;
        config.registrationResponse = registrationWith({"custom_event", "screen_view"}, {"ios", "android"}, true, true);
        endpoint::FaultSettings fault;
        fault.failRate = 1.0;
        fault.failStatus = status;
        config.faults[transport::Family(family)] = fault;
        endpoint::Endpoint server(config);
        QVERIFY(server.start().has_value());
        const ConformanceReport report = ConformanceRun(settingsFor(server.url(), token)).run();
        QVERIFY(!report.passed());
        for (const QString &id : failing) {
            EXPECT_STATUS(report, id.toUtf8().constData(), CheckStatus::Fail);
            const CheckResult &check = *find(report, id.toStdString());
            QVERIFY(!check.evidence.empty());
            QCOMPARE(check.evidence.front().status, long(status));
            QVERIFY(contains(check.evidence.front().responseBody, "injected_failure"));
            QVERIFY2(contains(check.message, std::to_string(status)), check.message.c_str());
            QVERIFY2(contains(check.message, consequence.toStdString()), check.message.c_str());
        }
        for (const QString &id : skipped)
            EXPECT_STATUS(report, id.toUtf8().constData(), CheckStatus::Skipped);
        // The other families are unaffected.
        if (family != int(transport::Family::Dsr) && family != int(transport::Family::Registration))
            EXPECT_STATUS(report, "dsr.erasure", CheckStatus::Pass);
        if (family != int(transport::Family::Registration))
            EXPECT_STATUS(report, "registration.review", CheckStatus::Pass);
    }

    void slowEventsFailTheBudget()
    {
        endpoint::EndpointConfig config;
        config.registrationResponse = registrationWith({"custom_event"}, {"android"}, true, false);
        endpoint::FaultSettings slow;
        slow.latency.fixed = 150ms;
        config.faults[transport::Family::Event] = slow;
        endpoint::Endpoint server(config);
        QVERIFY(server.start().has_value());
        ConformanceSettings strict = settingsFor(server.url());
        strict.budget = 100ms;
        const ConformanceReport report = ConformanceRun(strict).run();
        EXPECT_STATUS(report, "latency.budget", CheckStatus::Fail);
        EXPECT_STATUS(report, "event.type.custom_event", CheckStatus::Pass); // slow, but answered correctly
        const CheckResult &budget = *find(report, "latency.budget");
        QVERIFY2(contains(budget.message, "event.") && contains(budget.message, "p50")
                     && contains(budget.message, "100.0 ms budget"),
                 budget.message.c_str());
        QVERIFY(!budget.evidence.empty());
        const Evidence &slowest = budget.evidence.front();
        QCOMPARE(slowest.requestType, protocol::MessageType::EventProcessingRequest);
        QVERIFY(slowest.timings.totalUs - slowest.timings.requestSentUs >= 150'000);
        // The same run with a budget above the delay passes.
        const ConformanceReport relaxed = ConformanceRun(settingsFor(server.url())).run();
        EXPECT_STATUS(relaxed, "latency.budget", CheckStatus::Pass);
    }

    void suspendedSubscriptionIsReported()
    {
        endpoint::EndpointConfig config;
        config.registrationResponse = registrationWith({"custom_event"}, {"ios"}, true, false);
        config.suspendSubscription = true;
        endpoint::Endpoint server(config);
        QVERIFY(server.start().has_value());
        const ConformanceReport report = ConformanceRun(settingsFor(server.url())).run();
        EXPECT_STATUS(report, "robustness.suspend-subscription", CheckStatus::Warn);
        EXPECT_STATUS(report, "audience.membership.add", CheckStatus::Pass);
        const CheckResult &check = *find(report, "robustness.suspend-subscription");
        QVERIFY(contains(check.message, "stops sending"));
        QVERIFY(contains(check.evidence.at(0).responseBody, "\"suspend_subscription\":true"));
        QVERIFY(report.passed()); // a warning, not a failure
    }

    void cancelSkipsTheRest()
    {
        endpoint::Endpoint server;
        QVERIFY(server.start().has_value());
        ConformanceRun run(settingsFor(server.url()));
        run.setProgressCallback([&run](const CheckResult &, int done, int) {
            if (done == 4)
                run.cancel();
        });
        const ConformanceReport report = run.run();
        QVERIFY(report.cancelled);
        QVERIFY(!report.passed());
        QVERIFY(report.checks.size() > 10);
        for (std::size_t i = 4; i < report.checks.size(); ++i)
            QCOMPARE(report.checks[i].status, CheckStatus::Skipped);
        QVERIFY(contains(conformanceJUnit(report), "run.cancelled"));
    }

    void brokenPeers_data()
    {
        QTest::addColumn<QStringList>("flags");
        QTest::addColumn<bool>("withToken");
        QTest::addColumn<QString>("id");
        QTest::addColumn<int>("expected");
        QTest::addColumn<long>("evidenceStatus");
        QTest::addColumn<QString>("messagePart");
        const int fail = int(CheckStatus::Fail), warn = int(CheckStatus::Warn), pass = int(CheckStatus::Pass);
        QTest::newRow("registration needs auth") << strings({"--registration-needs-auth"}) << true
                                                 << "registration.unauthenticated" << fail << 401L << "unauthenticated";
        QTest::newRow("malformed JSON 500") << strings({"--malformed-status", "500"}) << false
                                            << "robustness.malformed-json" << fail << 500L << "poison";
        QTest::newRow("malformed JSON 200") << strings({"--malformed-status", "200"}) << false
                                            << "robustness.malformed-json" << warn << 200L << "answer 400";
        QTest::newRow("malformed JSON 400") << QStringList{} << false << "robustness.malformed-json" << pass << 400L
                                            << "4xx";
        QTest::newRow("unknown event type 400") << strings({"--unknown-status", "400"}) << false
                                                << "robustness.unknown-event-type" << warn << 400L << "Java SDK";
        QTest::newRow("unknown enum value 400") << strings({"--unknown-status", "400"}) << false
                                                << "robustness.unknown-enum-value" << warn << 400L << "whole batch";
        QTest::newRow("unknown event type 500") << strings({"--unknown-status", "500"}) << false
                                                << "robustness.unknown-event-type" << fail << 500L << "retries";
        QTest::newRow("wrong response type") << strings({"--respond-type", "dsr_processing_response"}) << false
                                             << "event.type.custom_event" << fail << 200L
                                             << "dsr_processing_response instead of event_processing_response";
        QTest::newRow("unknown top-level field rejected") << strings({"--strict-fields"}) << false
                                                          << "robustness.unknown-field.top-level" << fail << 400L
                                                          << "must be ignored";
        QTest::newRow("large batch refused") << strings({"--max-events", "500"}) << false << "robustness.large-batch"
                                             << fail << 413L << "dropped";
        QTest::newRow("token ignored") << QStringList{} << true << "auth.wrong-token" << warn << 200L
                                       << "does not check the token";
        QTest::newRow("token checked") << QStringList{QStringLiteral("--token"), QString::fromStdString(token)} << true
                                       << "auth.without-token" << pass << 401L << "checks the token";
        QTest::newRow("token required, none given") << QStringList{QStringLiteral("--token"), QString::fromStdString(token)} << false
                                                    << "event.type.custom_event" << fail << 401L << "401";
    }

    void brokenPeers()
    {
        QFETCH(QStringList, flags);
        QFETCH(bool, withToken);
        QFETCH(QString, id);
        QFETCH(int, expected);
        QFETCH(long, evidenceStatus);
        QFETCH(QString, messagePart);
        if (m_python.isEmpty())
            QSKIP("python3 was not found: the conformance peer cannot run");
        const QString script = QStringLiteral(FHW_SOURCE_DIR "/tests/integration/peers/conformance_peer.py");
        QVERIFY(QFile::exists(script));
        const QString registration = writeRegistration(
            registrationWith({"custom_event", "screen_view"}, {"ios"}, true, true), QStringLiteral("peer-registration.json"));
        QProcess peer;
        const std::string url = startPeer(peer, script, QStringList{QStringLiteral("--registration"), registration} + flags);
        QVERIFY2(!url.empty(), "the conformance peer did not start");

        const ConformanceReport report = ConformanceRun(settingsFor(url, withToken ? token : std::string())).run();
        peer.closeWriteChannel();
        testing::stopProcess(peer);

        EXPECT_STATUS(report, id.toUtf8().constData(), CheckStatus(expected));
        const CheckResult &check = *find(report, id.toStdString());
        QVERIFY(!check.evidence.empty());
        QCOMPARE(check.evidence.front().status, evidenceStatus);
        QVERIFY2(contains(check.message, messagePart.toStdString()), check.message.c_str());

        if (flags.contains(QStringLiteral("--registration-needs-auth"))) {
            // Read with the token, the registration still drives the capability checks.
            QCOMPARE(check.evidence.size(), std::size_t(2));
            QCOMPARE(check.evidence[1].status, 200L);
            EXPECT_STATUS(report, "event.type.custom_event", CheckStatus::Pass);
            EXPECT_STATUS(report, "registration.review", CheckStatus::Pass);
        }
        if (flags.contains(QStringLiteral("--respond-type")))
            EXPECT_STATUS(report, "dsr.erasure", CheckStatus::Pass);
    }

    // An endpoint that echoes the request headers back: the token it echoes must not reach the report.
    void echoedTokenIsScrubbed()
    {
        if (m_python.isEmpty())
            QSKIP("python3 was not found: the HTTP peer cannot run");
        QProcess peer;
        const std::string base = startPeer(peer, QStringLiteral(FHW_SOURCE_DIR "/tests/integration/peers/firehose_peer.py"), {});
        QVERIFY(!base.empty());
        const ConformanceReport report = ConformanceRun(settingsFor(base + "echo-headers", token)).run();
        peer.closeWriteChannel();
        testing::stopProcess(peer);
        const CheckResult *withToken = find(report, "auth.with-token");
        QVERIFY(withToken && !withToken->evidence.empty());
        QVERIFY2(contains(withToken->evidence[0].responseBody, "Authorization"), withToken->evidence[0].responseBody.c_str());
        for (const std::string &text : {conformanceText(report, true), conformanceJson(report).dump(),
                                        conformanceJUnit(report)})
            QVERIFY(!contains(text, token));
    }

    void tls()
    {
        const QString reply = QStringLiteral(R"({"type":"event_processing_response","id":"0b7e2a4c-6d1f-4a8e-9c3b-5f2d7e8a1b4c","timestamp_ms":1767225600000,"firehose_version":"3.2.0"})");
        if (!m_nginx.start(reply)) {
            if (m_nginx.missingTool())
                QSKIP(qPrintable(m_nginx.problem()));
            QFAIL(qPrintable(m_nginx.problem()));
        }
        ConformanceSettings trusted = settingsFor(m_nginx.baseUrl() + "/");
        trusted.options.caFile = m_nginx.certificateFile().toStdString();
        const ConformanceReport good = ConformanceRun(trusted).run();
        EXPECT_STATUS(good, "transport.https", CheckStatus::Pass);
        EXPECT_STATUS(good, "transport.tls-version", CheckStatus::Pass);
        EXPECT_STATUS(good, "transport.certificate", CheckStatus::Info); // trusted only through the CA file
        QVERIFY(contains(find(good, "transport.tls-version")->message, "TLSv1."));
        QVERIFY(find(good, "transport.certificate")->evidence.at(0).tls->verified);
        // nginx answers every type with an event response: the registration is refused for it.
        EXPECT_STATUS(good, "registration.response", CheckStatus::Fail);
        QVERIFY(contains(find(good, "registration.response")->message, "module_registration_response"));

        const ConformanceReport untrusted = ConformanceRun(settingsFor(m_nginx.baseUrl() + "/")).run();
        EXPECT_STATUS(untrusted, "transport.certificate", CheckStatus::Fail);
        const CheckResult &certificate = *find(untrusted, "transport.certificate");
        QVERIFY(certificate.evidence.at(0).tls.has_value());
        QVERIFY(!certificate.evidence.at(0).tls->verified);
        QVERIFY2(contains(certificate.message, "self-signed") || contains(certificate.message, "self signed"),
                 certificate.message.c_str());
    }

    void transportJudgements_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<int>("expected");
        QTest::newRow("https") << "https://partner.example.com/firehose" << int(CheckStatus::Pass);
        QTest::newRow("http remote") << "http://partner.example.com/firehose" << int(CheckStatus::Fail);
        QTest::newRow("http remote ip") << "http://10.1.2.3:8080/" << int(CheckStatus::Fail);
        QTest::newRow("http localhost") << "http://localhost:8080/" << int(CheckStatus::Info);
        QTest::newRow("HTTP LOCALHOST") << "HTTP://LOCALHOST/" << int(CheckStatus::Info);
        QTest::newRow("http 127.0.0.1") << "http://127.0.0.1:1234/" << int(CheckStatus::Info);
        QTest::newRow("http 127.1.2.3") << "http://127.1.2.3/" << int(CheckStatus::Info);
        QTest::newRow("http ::1") << "http://[::1]:9000/" << int(CheckStatus::Info);
        QTest::newRow("http 127.example.com") << "http://127.example.com/" << int(CheckStatus::Fail);
        QTest::newRow("http user@localhost.evil") << "http://localhost@evil.example/" << int(CheckStatus::Fail);
    }

    void transportJudgements()
    {
        QFETCH(QString, url);
        QFETCH(int, expected);
        QCOMPARE(int(detail::judgeScheme(url.toStdString())), expected);
    }

    void tlsVersionJudgements_data()
    {
        QTest::addColumn<QString>("version");
        QTest::addColumn<int>("expected");
        QTest::newRow("SSLv3") << "SSLv3" << int(CheckStatus::Fail);
        QTest::newRow("TLSv1") << "TLSv1" << int(CheckStatus::Fail);
        QTest::newRow("TLSv1.1") << "TLSv1.1" << int(CheckStatus::Warn);
        QTest::newRow("TLSv1.2") << "TLSv1.2" << int(CheckStatus::Pass);
        QTest::newRow("TLSv1.3") << "TLSv1.3" << int(CheckStatus::Pass);
        QTest::newRow("unreadable") << "QUIC?" << int(CheckStatus::Warn);
    }

    void tlsVersionJudgements()
    {
        QFETCH(QString, version);
        QFETCH(int, expected);
        QCOMPARE(int(detail::judgeTlsVersion(version.toStdString())), expected);
    }
};

QTEST_GUILESS_MAIN(TestConformance)
#include "tst_conformance.moc"
