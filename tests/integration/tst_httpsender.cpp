// HttpSender against real servers on loopback: a scriptable Python peer (tests/integration/peers/
// firehose_peer.py) for statuses, delays, headers and sizes, and nginx with a throwaway self-signed
// certificate for TLS. Everything listens on 127.0.0.1 only.

#include "loopbackpeers.h"
#include "protocol/generator.h"
#include "transport/httpsender.h"

#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

#include <nlohmann/json.hpp>

#include <memory>

using namespace fhw::transport;
using namespace std::chrono_literals;
using fhw::protocol::MessageType;
using Clock = std::chrono::steady_clock;
using namespace fhw::testing;

namespace {

constexpr auto validResponse = R"({"type":"event_processing_response","id":"6f1c1f3e-2b47-4d7e-9a35-3c0a7e0e8d21",)"
                               R"("timestamp_ms":1700000000000,"firehose_version":"3.2.0"})";

SendResult wait(std::future<SendResult> future, std::chrono::seconds limit = 20s)
{
    if (future.wait_for(limit) != std::future_status::ready) {
        SendResult timedOut;
        timedOut.summary = "the test gave up waiting for the result";
        return timedOut;
    }
    return future.get();
}

// Fast retries, so a whole retry sequence takes milliseconds.
SendOptions fastOptions()
{
    SendOptions options;
    options.token = "test-token-0123456789abcdef";
    options.connectTimeout = 1000ms;
    options.totalTimeout = 3000ms;
    options.retry.maxAttempts = 4;
    options.retry.base = 5ms;
    options.retry.cap = 100ms;
    return options;
}

nlohmann::json jsonOf(const std::string &text)
{
    return nlohmann::json::parse(text, nullptr, false);
}

bool hasFinding(const SendResult &result, std::string_view codePrefix)
{
    for (const auto &finding : result.findings) {
        if (finding.code.starts_with(codePrefix))
            return true;
    }
    return false;
}

} // namespace

#define REQUIRE_PEER()                                                                                   \
    if (m_base.empty())                                                                                  \
    QSKIP("python3 was not found: the HTTP peer cannot run")

// Skips only when a tool is missing; a tool that is there but fails is a failure.
#define REQUIRE_NGINX()                                                                                  \
    if (!m_nginx.start(QString::fromLatin1(validResponse))) {                                          \
        if (m_nginx.missingTool())                                                                       \
            QSKIP(qPrintable(m_nginx.problem()));                                                        \
        QFAIL(qPrintable(m_nginx.problem()));                                                            \
    }

class TestHttpSender : public QObject
{
    Q_OBJECT

private:
    SendRequest request(const std::string &path, SendOptions options = fastOptions(),
                        MessageType type = MessageType::EventProcessingRequest) const
    {
        SendRequest out;
        out.target.url = m_base + path;
        out.type = type;
        out.body = fhw::protocol::Generator({.seed = 3, .eventCount = 1, .verification = false}).generate(type).dump();
        out.options = std::move(options);
        return out;
    }

    // How many requests the peer has seen on this path (path and query as sent).
    int count(const std::string &path)
    {
        SendRequest stats = request("/stats");
        stats.options.retry.maxAttempts = 1;
        const SendResult result = wait(m_sender->send(std::move(stats)));
        if (!result.last())
            return -1;
        const auto counts = jsonOf(result.last()->body);
        return counts.is_object() && counts.contains(path) ? counts[path].get<int>() : 0;
    }

    QProcess m_peer;
    std::string m_base; // "http://127.0.0.1:<port>", empty without python3
    std::unique_ptr<HttpSender> m_sender;

    TlsNginx m_nginx; // started by the first HTTPS test

    void startPeer()
    {
        const QString python = QStandardPaths::findExecutable(QStringLiteral("python3"));
        if (python.isEmpty())
            return; // the tests that need it skip
        const QString script = QStringLiteral(FHW_SOURCE_DIR "/tests/integration/peers/firehose_peer.py");
        QVERIFY(QFile::exists(script));
        dieWithParent(m_peer);
        m_peer.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_peer.start(python, {script});
        QVERIFY2(m_peer.waitForStarted(5000), qPrintable(m_peer.errorString()));
        QVERIFY(m_peer.waitForReadyRead(10'000));
        const int port = m_peer.readLine().trimmed().toInt();
        QVERIFY(port > 0);
        m_base = "http://127.0.0.1:" + std::to_string(port);
    }

private Q_SLOTS:
    void initTestCase()
    {
        // libcurl honours the proxy variables; everything here is loopback and must go direct.
        for (const char *name : {"http_proxy", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"})
            qunsetenv(name);
        startPeer();
        if (QTest::currentTestFailed())
            return;
        // Made after the peer's fork: with the sender's thread already running at the fork,
        // ThreadSanitizer was seen to report races on memory the sender's mutex orders.
        m_sender = std::make_unique<HttpSender>();
    }

    void cleanupTestCase()
    {
        m_sender.reset();
        m_peer.closeWriteChannel(); // the peer exits when its stdin closes
        if (!m_peer.waitForFinished(2000))
            stopProcess(m_peer);
    }

    void success_data()
    {
        QTest::addColumn<QString>("path");
        QTest::newRow("200") << QStringLiteral("/status/200");
        QTest::newRow("202") << QStringLiteral("/status/202");
        QTest::newRow("respond") << QStringLiteral("/respond");
    }

    void success()
    {
        REQUIRE_PEER();
        QFETCH(QString, path);
        const SendResult result = wait(m_sender->send(request(path.toStdString())));
        QCOMPARE(result.verdict, Verdict::Success);
        QVERIFY2(result.accepted(), result.summary.c_str());
        QCOMPARE(result.attempts.size(), 1u);
        QVERIFY(result.response);
        QCOMPARE((*result.response)["type"].get<std::string>(), std::string("event_processing_response"));
        QVERIFY(result.findings.empty());
        const auto &timings = result.last()->timings;
        QVERIFY(timings.firstByteUs > 0);
        QVERIFY(timings.totalUs >= timings.firstByteUs);
        QCOMPARE(timings.tlsUs, 0);
        QVERIFY(!result.last()->tls);
        QVERIFY(result.summary.find("valid") != std::string::npos);
    }

    void finalAfterOneAttempt_data()
    {
        QTest::addColumn<int>("status");
        for (int status : {400, 401, 404, 301, 201})
            QTest::addRow("%d", status) << status;
    }

    void finalAfterOneAttempt()
    {
        REQUIRE_PEER();
        QFETCH(int, status);
        const std::string path = "/status/" + std::to_string(status) + "?case=final";
        const SendResult result = wait(m_sender->send(request(path)));
        QCOMPARE(result.verdict, Verdict::FinalStatus);
        QCOMPARE(result.attempts.size(), 1u);
        QCOMPARE(result.last()->status, long(status));
        QVERIFY(!result.accepted());
        QCOMPARE(count(path), 1); // a 301 is not followed either
    }

    void retriedUntilExhausted_data()
    {
        QTest::addColumn<int>("status");
        for (int status : {408, 429, 500, 502, 503, 504})
            QTest::addRow("%d", status) << status;
    }

    void retriedUntilExhausted()
    {
        REQUIRE_PEER();
        QFETCH(int, status);
        // Random fixed at 0.5 (no jitter) through the factory, so the delays are exact.
        m_sender->setPolicyFactory([](const RetrySettings &settings) { return RetryPolicy(settings, {}, [] { return 0.5; }); });
        const std::string path = "/status/" + std::to_string(status) + "?case=exhausted";
        const SendResult result = wait(m_sender->send(request(path)));
        m_sender->setPolicyFactory({});
        QCOMPARE(result.verdict, Verdict::Exhausted);
        QCOMPARE(result.attempts.size(), 4u);
        QCOMPARE(count(path), 4);
        const std::chrono::milliseconds expected[] = {0ms, 5ms, 10ms, 20ms};
        for (std::size_t i = 0; i < result.attempts.size(); ++i) {
            QCOMPARE(result.attempts[i].number, int(i) + 1);
            QCOMPARE(result.attempts[i].status, long(status));
            QCOMPARE(result.attempts[i].delayBefore, expected[i]);
        }
        QVERIFY(result.summary.find("gave up after 4 attempts") != std::string::npos);
    }

    void retriedThenSuccess()
    {
        REQUIRE_PEER();
        const SendResult result = wait(m_sender->send(request("/flaky/2/503")));
        QCOMPARE(result.verdict, Verdict::Success);
        QCOMPARE(result.attempts.size(), 3u);
        QVERIFY(result.accepted());
    }

    void retryAfterIsHonoured()
    {
        REQUIRE_PEER();
        SendOptions options = fastOptions();
        options.retry.maxAttempts = 2;
        const auto started = Clock::now();
        const SendResult result = wait(m_sender->send(request("/status/429?retry_after=1", options)));
        const auto elapsed = Clock::now() - started;
        QCOMPARE(result.verdict, Verdict::Exhausted);
        QCOMPARE(result.attempts.size(), 2u);
        QCOMPARE(result.attempts[1].delayBefore, 1000ms);
        QVERIFY(elapsed >= 950ms);
        QVERIFY(elapsed < 3s);
    }

    void retryAfterOverTheLimitStops()
    {
        REQUIRE_PEER();
        const SendResult result = wait(m_sender->send(request("/status/503?retry_after=120")));
        QCOMPARE(result.verdict, Verdict::Exhausted);
        QCOMPARE(result.attempts.size(), 1u);
        QVERIFY2(result.summary.find("Retry-After") != std::string::npos, result.summary.c_str());
    }

    void connectionRefused()
    {
        SendRequest refused = request("/");
        refused.target.url = "http://127.0.0.1:" + std::to_string(freePort()) + "/";
        const SendResult result = wait(m_sender->send(std::move(refused)));
        QCOMPARE(result.verdict, Verdict::Exhausted);
        QCOMPARE(result.attempts.size(), 4u);
        for (const auto &attempt : result.attempts) {
            QCOMPARE(attempt.status, 0);
            QCOMPARE(attempt.error, AttemptError::Connect);
            QVERIFY(!attempt.errorText.empty());
        }
        QVERIFY2(result.summary.find("connect") != std::string::npos, result.summary.c_str());
    }

    void totalTimeout()
    {
        REQUIRE_PEER();
        SendOptions options = fastOptions();
        options.totalTimeout = 200ms;
        options.retry.maxAttempts = 1;
        const auto started = Clock::now();
        const SendResult result = wait(m_sender->send(request("/slow/2000?case=timeout", options)));
        QCOMPARE(result.verdict, Verdict::Exhausted);
        QCOMPARE(result.last()->error, AttemptError::Timeout);
        QVERIFY(Clock::now() - started < 1500ms);
    }

    void cancelInFlight()
    {
        REQUIRE_PEER();
        SendOptions options = fastOptions();
        options.totalTimeout = 10s;
        std::promise<SendResult> promise;
        auto future = promise.get_future();
        const auto id = m_sender->send(request("/slow/3000?case=cancel", options),
                                       [&promise](SendResult result) { promise.set_value(std::move(result)); });
        QTest::qWait(200);
        const auto cancelled = Clock::now();
        m_sender->cancel(id);
        const SendResult result = wait(std::move(future), 5s);
        QVERIFY(Clock::now() - cancelled < 1s);
        QCOMPARE(result.verdict, Verdict::Cancelled);
        QCOMPARE(result.attempts.size(), 1u);
        QCOMPARE(result.last()->error, AttemptError::Cancelled);
        m_sender->cancel(id); // a second cancel of a finished send is harmless
    }

    void cancelDuringBackOff()
    {
        REQUIRE_PEER();
        SendOptions options = fastOptions();
        options.retry.base = 10s;
        options.retry.cap = 10s;
        std::promise<SendResult> promise;
        auto future = promise.get_future();
        const std::string path = "/status/503?case=cancel-backoff";
        const auto id = m_sender->send(request(path, options),
                                       [&promise](SendResult result) { promise.set_value(std::move(result)); });
        QTRY_COMPARE_WITH_TIMEOUT(count(path), 1, 5000);
        QCOMPARE(future.wait_for(100ms), std::future_status::timeout); // waiting out the back-off
        m_sender->cancel(id);
        const SendResult result = wait(std::move(future), 2s);
        QCOMPARE(result.verdict, Verdict::Cancelled);
        QCOMPARE(result.attempts.size(), 1u);
        QCOMPARE(result.last()->status, 503);
        QCOMPARE(count(path), 1);
    }

    void destructorCancelsEverything()
    {
        REQUIRE_PEER();
        auto sender = std::make_unique<HttpSender>();
        SendOptions options = fastOptions();
        options.totalTimeout = 10s;
        auto inFlight = sender->send(request("/slow/3000?case=destructor", options));
        options.retry.base = 10s;
        auto backingOff = sender->send(request("/status/500?case=destructor", options));
        QTest::qWait(200);
        const auto started = Clock::now();
        sender.reset();
        QVERIFY(Clock::now() - started < 1s);
        QCOMPARE(wait(std::move(inFlight), 1s).verdict, Verdict::Cancelled);
        QCOMPARE(wait(std::move(backingOff), 1s).verdict, Verdict::Cancelled);
    }

    void hundredInFlight()
    {
        REQUIRE_PEER();
        std::vector<std::future<SendResult>> futures;
        const auto started = Clock::now();
        for (int i = 0; i < 100; ++i)
            futures.push_back(m_sender->send(request("/slow/300?n=" + std::to_string(i))));
        int successes = 0;
        for (auto &future : futures)
            successes += wait(std::move(future)).verdict == Verdict::Success ? 1 : 0;
        const auto elapsed = Clock::now() - started;
        QCOMPARE(successes, 100);
        // One after another would take 30 s; all in flight at once, well under 3 s.
        QVERIFY2(elapsed < 3s, std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count()).c_str());
    }

    void sendFromCallback()
    {
        REQUIRE_PEER();
        // Each callback sends the next, on the sender's own thread (as a closed-loop load does): the
        // chain must keep moving without any other wake-up.
        std::promise<int> promise;
        auto future = promise.get_future();
        std::function<void(int)> next = [&](int remaining) {
            m_sender->send(request("/respond?chain"), [&, remaining](SendResult result) {
                if (result.verdict != Verdict::Success)
                    promise.set_value(-1);
                else if (remaining == 0)
                    promise.set_value(0);
                else
                    next(remaining - 1);
            });
        };
        const auto started = Clock::now();
        next(50);
        QCOMPARE(future.wait_for(5s), std::future_status::ready);
        QCOMPARE(future.get(), 0);
        QVERIFY(Clock::now() - started < 2s); // a lost wake-up would cost a second per send
    }

    void headersSent_data()
    {
        QTest::addColumn<MessageType>("type");
        QTest::addColumn<bool>("authOnRegistration");
        QTest::addColumn<std::string>("token");
        QTest::addColumn<bool>("expectAuthorization");
        const std::string token = "test-token-0123456789abcdef";
        QTest::newRow("event") << MessageType::EventProcessingRequest << false << token << true;
        QTest::newRow("audience") << MessageType::AudienceMembershipChangeRequest << false << token << true;
        QTest::newRow("registration") << MessageType::ModuleRegistrationRequest << false << token << false;
        QTest::newRow("registration, auth asked") << MessageType::ModuleRegistrationRequest << true << token << true;
        QTest::newRow("no token") << MessageType::EventProcessingRequest << false << std::string() << false;
    }

    void headersSent()
    {
        REQUIRE_PEER();
        QFETCH(MessageType, type);
        QFETCH(bool, authOnRegistration);
        QFETCH(std::string, token);
        QFETCH(bool, expectAuthorization);
        SendOptions options = fastOptions();
        options.token = token;
        options.authOnRegistration = authOnRegistration;
        SendRequest sent = request("/echo-headers", options, type);
        sent.body.append(4096, ' '); // big enough that curl would otherwise ask "Expect: 100-continue"
        const SendResult result = wait(m_sender->send(sent));
        QCOMPARE(result.verdict, Verdict::Success);
        const auto echoed = jsonOf(result.last()->body);
        QVERIFY(echoed.is_array());
        std::map<std::string, std::string> headers;
        for (const auto &pair : echoed)
            headers[pair[0].get<std::string>()] = pair[1].get<std::string>();
        QCOMPARE(headers["Content-Type"], std::string("application/json"));
        QCOMPARE(headers["User-Agent"], userAgent());
        QVERIFY(!headers.contains("Expect"));
        QCOMPARE(headers.contains("Authorization"), expectAuthorization);
        if (expectAuthorization)
            QCOMPARE(headers["Authorization"], "Token " + token);
        // The token never reaches what people read, and is redacted unless asked for.
        if (!token.empty()) {
            QVERIFY(result.summary.find(token) == std::string::npos);
            for (const auto &[name, value] : requestHeaders(sent, false))
                QVERIFY(value.find(token) == std::string::npos);
        }
        QCOMPARE(requestHeaders(sent, true).size(), expectAuthorization ? 4u : 3u);
    }

    void userAgentNamesItself()
    {
        QVERIFY(userAgent().starts_with("FirehoseWorkbench/" FHW_VERSION " (+libcurl/"));
    }

    void bodyCap()
    {
        REQUIRE_PEER();
        SendOptions options = fastOptions();
        options.maxResponseBytes = 1000;
        const SendResult result = wait(m_sender->send(request("/big/200000", options)));
        QCOMPARE(result.verdict, Verdict::Success);
        QCOMPARE(result.last()->body.size(), 1000u);
        QVERIFY(result.last()->bodyTruncated);
        QVERIFY(hasFinding(result, "response.too-large"));
        QVERIFY(!result.accepted());
    }

    void responseOfTheWrongType()
    {
        REQUIRE_PEER();
        const SendResult result = wait(m_sender->send(request("/respond?type=audience_subscription_response")));
        QCOMPARE(result.verdict, Verdict::Success);
        QVERIFY(hasFinding(result, "message.unexpected-type"));
        QVERIFY(!result.accepted());
        // The registration request expects a registration response.
        const SendResult registration = wait(m_sender->send(request("/respond", fastOptions(), MessageType::ModuleRegistrationRequest)));
        QVERIFY(hasFinding(registration, "message.unexpected-type"));
    }

    void responseNotJson()
    {
        REQUIRE_PEER();
        const SendResult result = wait(m_sender->send(request("/big/10")));
        QCOMPARE(result.verdict, Verdict::Success);
        QVERIFY(hasFinding(result, "parse."));
        QVERIFY(!result.response);
        QVERIFY(!result.accepted());
    }

    void invalid_data()
    {
        QTest::addColumn<std::string>("url");
        QTest::addColumn<std::string>("token");
        QTest::newRow("empty") << std::string() << std::string();
        QTest::newRow("not a URL") << std::string("not a url") << std::string();
        QTest::newRow("no host") << std::string("http://") << std::string();
        QTest::newRow("ftp") << std::string("ftp://127.0.0.1/upload") << std::string();
        QTest::newRow("token with a line break") << std::string("http://127.0.0.1:9/") << std::string("abc\r\nX-Evil: 1");
    }

    void invalid()
    {
        QFETCH(std::string, url);
        QFETCH(std::string, token);
        SendRequest bad = request("/");
        bad.target.url = url;
        bad.options.token = token;
        const SendResult result = wait(m_sender->send(std::move(bad)));
        QCOMPARE(result.verdict, Verdict::Invalid);
        QVERIFY(result.attempts.empty());
        QVERIFY2(result.summary.starts_with("not sent: "), result.summary.c_str());
        if (!token.empty())
            QVERIFY(result.summary.find(token) == std::string::npos);
    }

    void perFamilyTargets()
    {
        REQUIRE_PEER();
        SendRequest registration = request("/", fastOptions(), MessageType::ModuleRegistrationRequest);
        registration.target.url.clear();
        registration.target.perFamily[Family::Event] = m_base + "/respond";
        const SendResult missing = wait(m_sender->send(registration));
        QCOMPARE(missing.verdict, Verdict::Invalid);
        QVERIFY2(missing.summary.find("registration") != std::string::npos, missing.summary.c_str());

        SendRequest event = registration;
        event.type = MessageType::EventProcessingRequest;
        const SendResult routed = wait(m_sender->send(event));
        QCOMPARE(routed.url, m_base + "/respond");
        QVERIFY(routed.accepted());
    }

    void httpsVerified()
    {
        REQUIRE_NGINX();
        SendRequest secure = request("/");
        secure.target.url = m_nginx.baseUrl() + "/";
        secure.options.caFile = m_nginx.certificateFile().toStdString();
        const SendResult result = wait(m_sender->send(std::move(secure)));
        QVERIFY2(result.accepted(), result.summary.c_str());
        const Attempt &attempt = *result.last();
        QVERIFY(attempt.tls);
        QCOMPARE(attempt.tls->version, std::string("TLSv1.3"));
        QVERIFY(attempt.tls->verified);
        QVERIFY(attempt.tls->verifyError.empty());
        QVERIFY2(attempt.tls->subject.find("localhost") != std::string::npos, attempt.tls->subject.c_str());
        QVERIFY(attempt.tls->issuer.find("localhost") != std::string::npos); // self-signed
        QVERIFY(!attempt.tls->notBefore.empty());
        QVERIFY(!attempt.tls->notAfter.empty());
        QVERIFY(attempt.timings.tlsUs > 0);
        QVERIFY(attempt.timings.tlsUs >= attempt.timings.connectUs);
    }

    void httpsUntrusted()
    {
        REQUIRE_NGINX();
        SendRequest secure = request("/");
        secure.target.url = m_nginx.baseUrl() + "/";
        secure.options.retry.maxAttempts = 1;
        const SendResult result = wait(m_sender->send(std::move(secure)));
        QCOMPARE(result.verdict, Verdict::Exhausted);
        QCOMPARE(result.last()->error, AttemptError::Tls);
        QVERIFY2(result.last()->errorText.find("certificate") != std::string::npos, result.last()->errorText.c_str());
        // The refused certificate is still described.
        const auto &tls = result.last()->tls;
        QVERIFY(tls);
        QVERIFY(!tls->verified);
        QVERIFY(tls->subject.find("localhost") != std::string::npos);
        QVERIFY2(tls->verifyError.find("self-signed") != std::string::npos, tls->verifyError.c_str());
    }

    void httpsWithoutVerification()
    {
        REQUIRE_NGINX();
        SendRequest secure = request("/");
        secure.target.url = m_nginx.baseUrl() + "/";
        secure.options.verifyTls = false;
        const SendResult result = wait(m_sender->send(std::move(secure)));
        QVERIFY2(result.accepted(), result.summary.c_str());
        const Attempt &attempt = *result.last();
        QVERIFY(attempt.tls);
        QVERIFY(!attempt.tls->verified); // self-signed, and no CA file given
        QVERIFY2(!attempt.tls->verifyError.empty(), attempt.tls->verifyError.c_str());
        QVERIFY(attempt.tls->subject.find("localhost") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestHttpSender)
#include "tst_httpsender.moc"
