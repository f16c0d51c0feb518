// HttpSender against real servers on loopback: a scriptable Python peer (tests/integration/peers/
// firehose_peer.py) for statuses, delays, headers and sizes, and nginx with a throwaway self-signed
// certificate for TLS. Everything listens on 127.0.0.1 only.

#include "protocol/generator.h"
#include "transport/httpsender.h"

#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <sys/prctl.h>

#include <csignal>
#include <memory>

using namespace fhw::transport;
using namespace std::chrono_literals;
using fhw::protocol::MessageType;
using Clock = std::chrono::steady_clock;

namespace {

constexpr auto validResponse = R"({"type":"event_processing_response","id":"6f1c1f3e-2b47-4d7e-9a35-3c0a7e0e8d21",)"
                               R"("timestamp_ms":1700000000000,"firehose_version":"3.2.0"})";

// Children die with the test, even when it crashes: no server is left behind.
void dieWithParent(QProcess &process)
{
    process.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
}

void stop(QProcess &process)
{
    if (process.state() == QProcess::NotRunning)
        return;
    process.terminate();
    if (!process.waitForFinished(3000)) {
        process.kill();
        process.waitForFinished(3000);
    }
}

// A port nothing listens on: bound, read, released.
quint16 freePort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    return server.serverPort();
}

bool waitForListening(quint16 port, std::chrono::milliseconds limit)
{
    const auto deadline = Clock::now() + limit;
    while (Clock::now() < deadline) {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, port);
        if (socket.waitForConnected(200))
            return true;
        QTest::qWait(20);
    }
    return false;
}

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
    if (!startNginx()) {                                                                                 \
        if (!m_tlsSkip.isEmpty())                                                                        \
            QSKIP(qPrintable(m_tlsSkip));                                                                \
        QFAIL(qPrintable(m_tlsError));                                                                   \
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

    // nginx with TLS, started by the first HTTPS test.
    std::unique_ptr<QTemporaryDir> m_tlsDir;
    QProcess m_nginx;
    std::string m_httpsBase;
    QString m_tlsSkip;  // why HTTPS cannot be tested here, when a tool is missing
    QString m_tlsError; // why starting nginx failed, when the tools are there

    bool startNginx();

private Q_SLOTS:
    void initTestCase()
    {
        m_sender = std::make_unique<HttpSender>();
        const QString python = QStandardPaths::findExecutable(QStringLiteral("python3"));
        if (python.isEmpty())
            return;
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

    void cleanupTestCase()
    {
        m_sender.reset();
        m_peer.closeWriteChannel(); // the peer exits when its stdin closes
        if (!m_peer.waitForFinished(2000))
            stop(m_peer);
        stop(m_nginx);
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
        secure.target.url = m_httpsBase + "/";
        secure.options.caFile = m_tlsDir->filePath(QStringLiteral("c.pem")).toStdString();
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
        secure.target.url = m_httpsBase + "/";
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
        secure.target.url = m_httpsBase + "/";
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

// A self-signed certificate and nginx with TLS 1.2/1.3 answering every request with a valid
// event_processing_response. Started once; false with m_tlsSkip when a tool is missing, with
// m_tlsError when starting failed.
bool TestHttpSender::startNginx()
{
    if (!m_httpsBase.empty())
        return true;
    if (!m_tlsSkip.isEmpty() || !m_tlsError.isEmpty())
        return false;
    const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    QString nginx = QStandardPaths::findExecutable(QStringLiteral("nginx"), {QStringLiteral("/usr/sbin"), QStringLiteral("/usr/bin")});
    if (openssl.isEmpty() || nginx.isEmpty()) {
        m_tlsSkip = QStringLiteral("HTTPS tests need the openssl and nginx programs (Debian: openssl, nginx-light)");
        return false;
    }
    m_tlsDir = std::make_unique<QTemporaryDir>();
    const QString dir = m_tlsDir->path();
    QProcess req;
    req.setWorkingDirectory(dir);
    req.setProcessChannelMode(QProcess::MergedChannels);
    req.start(openssl, {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
                        QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:P-256"), QStringLiteral("-nodes"),
                        QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"), QStringLiteral("/CN=localhost"),
                        QStringLiteral("-addext"), QStringLiteral("subjectAltName=DNS:localhost,IP:127.0.0.1"),
                        QStringLiteral("-keyout"), QStringLiteral("k.pem"), QStringLiteral("-out"), QStringLiteral("c.pem")});
    if (!req.waitForFinished(20'000) || req.exitCode() != 0) {
        m_tlsError = QStringLiteral("openssl req failed: ") + QString::fromLocal8Bit(req.readAll());
        return false;
    }
    const quint16 port = freePort();
    const QString config = QStringLiteral(
        "daemon off; master_process off; worker_processes 1;\n"
        "pid %1/nginx.pid; error_log %1/error.log;\n"
        "events { worker_connections 256; }\n"
        "http {\n"
        "  access_log off; client_body_temp_path %1/body; proxy_temp_path %1/proxy;\n"
        "  fastcgi_temp_path %1/fastcgi; uwsgi_temp_path %1/uwsgi; scgi_temp_path %1/scgi;\n"
        "  server {\n"
        "    listen 127.0.0.1:%2 ssl;\n"
        "    ssl_certificate %1/c.pem; ssl_certificate_key %1/k.pem;\n"
        "    ssl_protocols TLSv1.2 TLSv1.3;\n"
        "    location / { default_type application/json; return 200 '%3'; }\n"
        "  }\n"
        "}\n").arg(dir).arg(port).arg(QString::fromLatin1(validResponse));
    QFile file(dir + QStringLiteral("/nginx.conf"));
    if (!file.open(QIODevice::WriteOnly) || file.write(config.toUtf8()) < 0) {
        m_tlsError = QStringLiteral("cannot write ") + file.fileName();
        return false;
    }
    file.close();
    dieWithParent(m_nginx);
    m_nginx.setProcessChannelMode(QProcess::ForwardedChannels);
    m_nginx.start(nginx, {QStringLiteral("-p"), dir, QStringLiteral("-c"), dir + QStringLiteral("/nginx.conf"),
                          QStringLiteral("-e"), dir + QStringLiteral("/error.log")});
    if (!m_nginx.waitForStarted(5000) || !waitForListening(port, 5s)) {
        QFile log(dir + QStringLiteral("/error.log"));
        log.open(QIODevice::ReadOnly);
        m_tlsError = QStringLiteral("nginx did not start: ") + QString::fromLocal8Bit(log.readAll());
        stop(m_nginx);
        return false;
    }
    m_httpsBase = "https://127.0.0.1:" + std::to_string(port);
    return true;
}

QTEST_GUILESS_MAIN(TestHttpSender)
#include "tst_httpsender.moc"
