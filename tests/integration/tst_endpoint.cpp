// The embedded endpoint over real HTTP on 127.0.0.1 (port 0): answers, refusals, limits, HTTP/1.0
// and 100-continue, auth, injected faults, capture, life cycle and the proxy. Clients are libcurl
// and raw sockets (httptestclient.h), never the project's own sender (except as the proxy's).

#include "httptestclient.h"

#include "endpoint/endpoint.h"
#include "protocol/generator.h"
#include "protocol/parse.h"
#include "protocol/validator.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

#include <curl/curl.h>

#include <sys/resource.h>

#include <algorithm>
#include <fstream>
#include <thread>

using namespace fhw;
using namespace std::chrono_literals;
using endpoint::Endpoint;
using endpoint::EndpointConfig;
using protocol::Json;
using protocol::MessageType;
using testing::HttpCall;
using testing::HttpReply;

Q_DECLARE_METATYPE(fhw::protocol::MessageType)

namespace {

std::string generated(MessageType type, bool verification = false)
{
    return protocol::Generator(protocol::GeneratorOptions{.seed = 9, .eventCount = 16, .verification = verification})
        .generate(type)
        .dump();
}

std::string familyPath(MessageType type)
{
    switch (transport::familyOf(type)) {
    case transport::Family::Registration: return "registration";
    case transport::Family::Event: return "event";
    case transport::Family::Audience: return "audience";
    case transport::Family::Dsr: return "dsr";
    }
    return {};
}

HttpCall post(const Endpoint &server, const std::string &body, const std::string &path = "")
{
    HttpCall call;
    call.url = server.url() + path;
    call.body = body;
    return call;
}

QString describe(const HttpReply &reply)
{
    return QStringLiteral("status %1, curl %2 %3, body %4")
        .arg(reply.status)
        .arg(reply.curlCode)
        .arg(QString::fromStdString(reply.error), QString::fromStdString(reply.body.substr(0, 400)));
}

// The reply is a strict-clean response of the type that answers `request`.
QString responseProblems(const HttpReply &reply, MessageType request)
{
    if (reply.status != 200)
        return describe(reply);
    if (reply.header("Content-Type") != "application/json")
        return QStringLiteral("Content-Type: ") + QString::fromStdString(reply.header("Content-Type"));
    const auto json = protocol::parseJson(reply.body);
    if (!json)
        return QString::fromStdString(json.error().message);
    if (protocol::Validator::detectType(*json) != protocol::responseTypeFor(request))
        return QStringLiteral("wrong type: ") + QString::fromStdString(reply.body);
    QString out;
    for (const auto &f : protocol::Validator(protocol::Profile::Strict).validate(*json, protocol::responseTypeFor(request))) {
        if (f.severity != protocol::Severity::Info)
            out += QString::fromStdString(f.pointer + " " + f.code + ": " + f.message + "\n");
    }
    return out;
}

Json errorOf(const HttpReply &reply)
{
    auto json = protocol::parseJson(reply.body);
    return json && json->is_object() ? *json : Json();
}

std::string text(const Json &json, const char *key)
{
    return json.is_object() && json.contains(key) && json.at(key).is_string() ? json.at(key).get<std::string>() : "";
}

} // namespace

class TestEndpoint : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        curl_global_init(CURL_GLOBAL_DEFAULT);
        // Client and server share this process: a thousand connections need two thousand descriptors.
        rlimit limit{};
        if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
            limit.rlim_cur = std::min<rlim_t>(limit.rlim_max, 65536);
            setrlimit(RLIMIT_NOFILE, &limit);
        }
    }
    void cleanupTestCase() { curl_global_cleanup(); }

    void officialSamples_data();
    void officialSamples();
    void everyGeneratedRequest_data();
    void everyGeneratedRequest();
    void refusals();
    void malformedAndUnknownType();
    void bodyOverTheLimit();
    void headersOverTheLimit();
    void halfSentRequestIsClosed();
    void http10ConnectionCloseAndContinue();
    void auth();
    void latencyInjection();
    void thousandDelayedRequests();
    void failureInjection();
    void noAnswer();
    void captureContents();
    void lifeCycle();
    void bindAddresses();
    void configAppliesToTheNextRequest();
    void stopClosesHeldRequests();
    void proxy();
};

void TestEndpoint::officialSamples_data()
{
    QTest::addColumn<QString>("path");
    const QDir samples(QStringLiteral(FHW_SHARED_DIR "/firehose-reference/samples"));
    if (!samples.exists()) {
        QTest::newRow("absent") << QString();
        return;
    }
    for (const QString &name : samples.entryList({QStringLiteral("*Request*.json")}, QDir::Files, QDir::Name))
        QTest::newRow(qPrintable(name)) << samples.filePath(name);
}

void TestEndpoint::officialSamples()
{
    QFETCH(QString, path);
    if (path.isEmpty())
        QSKIP("FHW_SHARED_DIR/firehose-reference/samples is absent: the official samples are not part of the project");
    const auto bytes = protocol::readFileCapped(path.toStdString(), 1 << 20);
    QVERIFY(bytes.has_value());
    const auto type = protocol::Validator::detectType(*protocol::parseJson(*bytes));
    QVERIFY(type && protocol::isRequest(*type));
    Endpoint server;
    QVERIFY(server.start().has_value());
    for (const std::string &where : {std::string(), familyPath(*type)}) {
        const HttpReply reply = testing::perform(post(server, *bytes, where));
        const QString problems = responseProblems(reply, *type);
        QVERIFY2(problems.isEmpty(), qPrintable(QString::fromStdString("/" + where + ": ") + problems));
    }
}

void TestEndpoint::everyGeneratedRequest_data()
{
    QTest::addColumn<MessageType>("type");
    QTest::addColumn<bool>("verification");
    for (MessageType type : protocol::allMessageTypes) {
        if (protocol::isRequest(type))
            QTest::newRow(protocol::wireName(type).data()) << type << false;
    }
    QTest::newRow("event verification") << MessageType::EventProcessingRequest << true;
    QTest::newRow("membership verification") << MessageType::AudienceMembershipChangeRequest << true;
}

void TestEndpoint::everyGeneratedRequest()
{
    QFETCH(MessageType, type);
    QFETCH(bool, verification);
    EndpointConfig config;
    config.profile = protocol::Profile::Strict;
    Endpoint server(config);
    QVERIFY(server.start().has_value());
    const std::string body = generated(type, verification);
    for (const std::string &where : {std::string(), familyPath(type), familyPath(type) + "/"}) {
        const HttpReply reply = testing::perform(post(server, body, where));
        const QString problems = responseProblems(reply, type);
        QVERIFY2(problems.isEmpty(), qPrintable(QString::fromStdString("/" + where + ": ") + problems));
    }
    for (const auto &exchange : server.capture().snapshot()) {
        QCOMPARE(exchange.status, 200);
        QCOMPARE(exchange.type, std::optional(type));
        QVERIFY(!protocol::hasErrors(exchange.findings));
    }
}

void TestEndpoint::refusals()
{
    Endpoint server;
    QVERIFY(server.start().has_value());
    // An event on the audience path: 400 naming the right one.
    HttpReply reply = testing::perform(post(server, generated(MessageType::EventProcessingRequest), "audience"));
    QCOMPARE(reply.status, 400L);
    QCOMPARE(reply.header("Content-Type"), std::string("application/json"));
    QCOMPARE(text(errorOf(reply), "error"), std::string("wrong_path"));
    QCOMPARE(text(errorOf(reply), "pointer"), std::string("/type"));
    QVERIFY2(text(errorOf(reply), "detail").find("/event") != std::string::npos, reply.body.c_str());
    // Registration on /dsr, DSR on /registration.
    QCOMPARE(testing::perform(post(server, generated(MessageType::ModuleRegistrationRequest), "dsr")).status, 400L);
    QCOMPARE(testing::perform(post(server, generated(MessageType::DsrProcessingRequest), "registration")).status, 400L);

    reply = testing::perform(post(server, generated(MessageType::EventProcessingRequest), "nope"));
    QCOMPARE(reply.status, 404L);
    QCOMPARE(text(errorOf(reply), "error"), std::string("not_found"));

    for (const char *method : {"GET", "PUT", "DELETE", "OPTIONS"}) {
        HttpCall call = post(server, "");
        call.method = method;
        reply = testing::perform(call);
        QCOMPARE(reply.status, 405L);
        QCOMPARE(reply.header("Allow"), std::string("POST"));
        QCOMPARE(text(errorOf(reply), "error"), std::string("method_not_allowed"));
    }
    QCOMPARE(server.capture().size(), std::size_t(8)); // refusals are captured too
}

void TestEndpoint::malformedAndUnknownType()
{
    Endpoint server;
    QVERIFY(server.start().has_value());
    const std::vector<HttpCall> calls = {
        post(server, "{\n  \"type\": \"event_processing_request\",\n  \"events\": [1, 2,]\n}"),
        post(server, ""),
        post(server, generated(MessageType::EventProcessingRequest)), // still serving
        post(server, R"({"type":"cookie_sync_request"})"),
        post(server, R"({"type":"event_processing_response","id":"3c5b9f0e-8d1a-4f6b-9c2e-7a4d5e6f7a8b"})"),
        post(server, R"([1,2,3])"),
        post(server, R"({"id":"3c5b9f0e-8d1a-4f6b-9c2e-7a4d5e6f7a8b"})"),
        post(server, R"({"type":42})"),
    };
    const auto replies = testing::performOnOneConnection(calls);
    QCOMPARE(replies[0].status, 400L);
    const Json malformed = errorOf(replies[0]);
    QCOMPARE(text(malformed, "error"), std::string("malformed_json"));
    QVERIFY2(text(malformed, "detail").starts_with("line 3, column "), replies[0].body.c_str());
    QVERIFY(!malformed.contains("pointer"));
    QCOMPARE(replies[1].status, 400L);
    QCOMPARE(text(errorOf(replies[1]), "error"), std::string("malformed_json"));
    QVERIFY2(responseProblems(replies[2], MessageType::EventProcessingRequest).isEmpty(), replies[2].body.c_str());
    for (std::size_t i = 3; i < replies.size(); ++i) {
        QCOMPARE(replies[i].status, 400L);
        const Json error = errorOf(replies[i]);
        QCOMPARE(text(error, "error"), std::string("unknown_type"));
        QCOMPARE(text(error, "pointer"), std::string("/type"));
        QVERIFY(!text(error, "detail").empty());
    }
    QVERIFY(text(errorOf(replies[4]), "detail").find("event_processing_request") != std::string::npos);
}

void TestEndpoint::bodyOverTheLimit()
{
    EndpointConfig config;
    config.maxBodyBytes = 64 * 1024;
    Endpoint server(config);
    QVERIFY(server.start().has_value());
    const std::string tenMegabytes(10 * 1024 * 1024, ' ');

    // Declared length over the limit: 413 at once; the server stops reading (what the kernel
    // buffers on loopback is all that gets through) and closes.
    const std::string head = "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                             + std::to_string(tenMegabytes.size()) + "\r\n\r\n";
    const auto raw = testing::rawExchange(server.port(), head, tenMegabytes.size(), 5s);
    qInfo("10 MB declared: 413 after %.1f ms, %zu bytes accepted by the kernel before the close", raw.seconds * 1000,
          raw.bytesSent);
    QVERIFY2(raw.received.starts_with("HTTP/1.1 413"), raw.received.c_str());
    QVERIFY(raw.closedByServer);
    QVERIFY2(raw.seconds < 1.0, qPrintable(QString::number(raw.seconds)));
    // At most our send buffer (tcp_wmem max, 4 MiB here) plus the server's unread receive buffer.
    QVERIFY2(raw.bytesSent < 6 * 1024 * 1024, qPrintable(QString::number(raw.bytesSent)));
    QVERIFY(raw.received.find("body_too_large") != std::string::npos);

    // With Expect: 100-continue no body byte is sent at all.
    HttpCall call = post(server, tenMegabytes);
    call.expectContinue = true;
    HttpReply reply = testing::perform(call);
    QCOMPARE(reply.status, 413L);
    QCOMPARE(reply.uploadedBytes, 0L);
    QCOMPARE(text(errorOf(reply), "error"), std::string("body_too_large"));

    // A client that pushes the body regardless is stopped quickly too. libmicrohttpd closes with the
    // rest unread, so the kernel resets the connection; libcurl usually reads the 413 first, but its
    // send may fail on the reset before it looks (seen under ThreadSanitizer's slowdown).
    reply = testing::perform(post(server, tenMegabytes));
    QVERIFY2(reply.status == 413 || reply.curlCode == CURLE_SEND_ERROR || reply.curlCode == CURLE_RECV_ERROR,
             qPrintable(describe(reply)));
    QVERIFY2(reply.seconds < 1.0, qPrintable(describe(reply)));
    QCOMPARE(server.capture().snapshot().back().status, 413);

    // Chunked (no declared length): drained unkept, 413 after the last chunk.
    call = post(server, std::string(100 * 1024, ' '));
    call.headers.push_back("Transfer-Encoding: chunked");
    reply = testing::perform(call);
    QCOMPARE(reply.status, 413L);

    // Just under the limit is fine (a valid request padded with spaces).
    std::string padded = generated(MessageType::DsrProcessingRequest);
    padded.resize(config.maxBodyBytes, ' ');
    QCOMPARE(testing::perform(post(server, padded)).status, 200L);

    const auto exchanges = server.capture().snapshot();
    QCOMPARE(exchanges.size(), std::size_t(5));
    QCOMPARE(exchanges[0].status, 413);
    QVERIFY(exchanges[0].requestBody.empty());
}

void TestEndpoint::headersOverTheLimit()
{
    Endpoint server; // maxHeaderBytes 8 KiB
    QVERIFY(server.start().has_value());
    const std::string body = generated(MessageType::DsrProcessingRequest);
    HttpCall call = post(server, body);
    call.headers.push_back("X-Padding: " + std::string(7 * 1024, 'a'));
    QCOMPARE(testing::perform(call).status, 200L);
    // Just under the limit (the request line and curl's few headers take ~150 bytes): still ours
    // to answer, so libmicrohttpd's per-connection memory holds a full 8 KiB of headers.
    call.headers = {"X-Padding: " + std::string(8 * 1024 - 300, 'a')};
    QCOMPARE(testing::perform(call).status, 200L);
    call.headers = {"X-Padding: " + std::string(8 * 1024 - 100, 'a')};
    QCOMPARE(testing::perform(call).status, 431L);
    QCOMPARE(text(errorOf(testing::perform(call)), "error"), std::string("headers_too_large"));

    // Over the limit: our 431 with a JSON body.
    call.headers = {"X-Padding: " + std::string(10 * 1024, 'a')};
    HttpReply reply = testing::perform(call);
    QCOMPARE(reply.status, 431L);
    QCOMPARE(text(errorOf(reply), "error"), std::string("headers_too_large"));
    // Far over it (past libmicrohttpd's per-connection memory): libmicrohttpd's own 431.
    call.headers = {"X-Padding: " + std::string(200 * 1024, 'a')};
    reply = testing::perform(call);
    QCOMPARE(reply.status, 431L);
    qInfo("200 KB header: %ld from libmicrohttpd itself, Content-Type '%s'", reply.status,
          reply.header("Content-Type").c_str());
    // Many small headers count the same way.
    call.headers.clear();
    for (int i = 0; i < 400; ++i)
        call.headers.push_back("X-H" + std::to_string(i) + ": " + std::string(50, 'v'));
    QCOMPARE(testing::perform(call).status, 431L);
    QCOMPARE(testing::perform(post(server, body)).status, 200L); // still serving
}

void TestEndpoint::halfSentRequestIsClosed()
{
    EndpointConfig config;
    config.connectionTimeout = 1s;
    Endpoint server(config);
    QVERIFY(server.start().has_value());
    const std::string head = "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n0123456789";
    testing::RawResult raw;
    std::thread slow([&] { raw = testing::rawExchange(server.port(), head, 0, 5s); });
    std::this_thread::sleep_for(200ms);
    // Others are served meanwhile.
    QCOMPARE(testing::perform(post(server, generated(MessageType::ModuleRegistrationRequest))).status, 200L);
    slow.join();
    QVERIFY(raw.closedByServer);
    QVERIFY(raw.received.empty());
    QVERIFY2(raw.seconds > 0.8 && raw.seconds < 3.0, qPrintable(QString::number(raw.seconds)));
    QCOMPARE(testing::perform(post(server, generated(MessageType::ModuleRegistrationRequest))).status, 200L);
    // The unfinished request is captured, unanswered.
    const auto exchanges = server.capture().snapshot();
    QCOMPARE(exchanges.size(), std::size_t(3));
    QCOMPARE(exchanges[1].status, 0);
    QCOMPARE(exchanges[1].requestBody, std::string("0123456789"));
}

void TestEndpoint::http10ConnectionCloseAndContinue()
{
    Endpoint server;
    QVERIFY(server.start().has_value());
    const std::string body = generated(MessageType::AudienceSubscriptionRequest);
    HttpCall call = post(server, body);
    call.http10 = true;
    QVERIFY(responseProblems(testing::perform(call), MessageType::AudienceSubscriptionRequest).isEmpty());

    call = post(server, body);
    call.headers.push_back("Connection: close");
    const HttpReply closed = testing::perform(call);
    QVERIFY(responseProblems(closed, MessageType::AudienceSubscriptionRequest).isEmpty());
    QCOMPARE(closed.header("Connection"), std::string("close"));

    call = post(server, body);
    call.expectContinue = true;
    const HttpReply continued = testing::perform(call);
    QVERIFY2(responseProblems(continued, MessageType::AudienceSubscriptionRequest).isEmpty(), qPrintable(describe(continued)));
    QVERIFY2(continued.seconds < 0.5, "no 1 s stall waiting for 100 Continue");

    // Raw HTTP/1.0: answered, then closed by the server.
    const std::string head = "POST / HTTP/1.0\r\nContent-Type: application/json\r\nContent-Length: "
                             + std::to_string(body.size()) + "\r\n\r\n" + body;
    const auto raw = testing::rawExchange(server.port(), head, 0, 3s);
    QVERIFY2(raw.received.starts_with("HTTP/1.0 200") || raw.received.starts_with("HTTP/1.1 200"), raw.received.c_str());
    QVERIFY(raw.closedByServer);
    QVERIFY(raw.seconds < 1.0);
}

void TestEndpoint::auth()
{
    EndpointConfig config;
    const std::string token = "s3cret-token-0123456789";
    config.token = token;
    Endpoint server(config);
    QVERIFY(server.start().has_value());
    const std::string event = generated(MessageType::EventProcessingRequest);

    HttpReply reply = testing::perform(post(server, event));
    QCOMPARE(reply.status, 401L);
    QCOMPARE(text(errorOf(reply), "error"), std::string("unauthorized"));
    QVERIFY(!reply.header("WWW-Authenticate").empty());

    for (const char *wrong : {"Authorization: Token wrong-token-0123456789", "Authorization: Bearer s3cret-token-0123456789",
                              "Authorization: Token s3cret-token-012345678", "Authorization: s3cret-token-0123456789"}) {
        HttpCall call = post(server, event);
        call.headers.push_back(wrong);
        QVERIFY2(testing::perform(call).status == 401, wrong);
    }
    HttpCall right = post(server, event);
    right.headers.push_back("Authorization: Token s3cret-token-0123456789");
    QVERIFY(responseProblems(testing::perform(right), MessageType::EventProcessingRequest).isEmpty());
    right.headers = {"Authorization: token   s3cret-token-0123456789"}; // scheme in any case, extra spaces
    QCOMPARE(testing::perform(right).status, 200L);

    // Registration never needs it, on / or /registration.
    const std::string registration = generated(MessageType::ModuleRegistrationRequest);
    QVERIFY(responseProblems(testing::perform(post(server, registration)), MessageType::ModuleRegistrationRequest).isEmpty());
    QCOMPARE(testing::perform(post(server, registration, "registration")).status, 200L);
    // Every other type does.
    for (MessageType type : {MessageType::AudienceSubscriptionRequest, MessageType::AudienceMembershipChangeRequest,
                             MessageType::DsrProcessingRequest})
        QCOMPARE(testing::perform(post(server, generated(type))).status, 401L);
}

void TestEndpoint::latencyInjection()
{
    EndpointConfig config;
    config.faults[transport::Family::Event].latency.fixed = 20ms;
    Endpoint server(config);
    QVERIFY(server.start().has_value());
    const std::string body = generated(MessageType::EventProcessingRequest, true);
    // Up to three batches: a 2-core machine busy with other work may stall a couple of requests in
    // one batch; the endpoint is right when one whole batch lands within ±2 ms.
    bool landed = false;
    for (int batch = 1; batch <= 3 && !landed; ++batch) {
        std::vector<HttpCall> calls(12, post(server, body));
        const auto replies = testing::performOnOneConnection(calls); // keep-alive: no connect time in the figure
        std::vector<double> ms;
        for (std::size_t i = 1; i < replies.size(); ++i) { // the first pays for the connection
            QCOMPARE(replies[i].status, 200L);
            ms.push_back(replies[i].seconds * 1000.0);
        }
        std::ranges::sort(ms);
        const double median = ms[ms.size() / 2];
        const auto within = std::ranges::count_if(ms, [](double v) { return v >= 18.0 && v <= 22.0; });
        qInfo("batch %d: injected 20 ms; measured min %.2f, median %.2f, max %.2f ms; %d of %d within ±2 ms", batch,
              ms.front(), median, ms.back(), int(within), int(ms.size()));
        // Never early; at most one request of the batch stalled by the machine.
        QVERIFY2(ms.front() >= 19.5, qPrintable(QString::number(ms.front())));
        landed = median >= 19.5 && median <= 21.5 && within >= std::ssize(ms) - 1;
    }
    QVERIFY2(landed, "no batch of 11 delayed requests landed within ±2 ms of the injected 20 ms");

    // Other families are not delayed; the capture records the delay.
    const HttpReply fast = testing::perform(post(server, generated(MessageType::DsrProcessingRequest)));
    QVERIFY(fast.seconds < 0.015);
    const auto exchanges = server.capture().snapshot();
    QCOMPARE(exchanges.front().fault, std::string("latency"));
    QCOMPARE(exchanges.front().injectedDelayUs, std::int64_t(20'000));
    QVERIFY(exchanges.front().handlingUs >= 20'000);
    QCOMPARE(exchanges.back().fault, std::string());
    QCOMPARE(exchanges.back().injectedDelayUs, std::int64_t(0));
}

void TestEndpoint::thousandDelayedRequests()
{
    // A thousand when this process may open enough descriptors (both ends live here), else 200.
    rlimit limit{};
    getrlimit(RLIMIT_NOFILE, &limit);
    const std::size_t count = limit.rlim_cur >= 2400 ? 1000 : 200;
    EndpointConfig config;
    config.faults[transport::Family::Audience].latency.fixed = 300ms;
    Endpoint server(config);
    QVERIFY(server.start().has_value());
    std::vector<HttpCall> calls(count, post(server, generated(MessageType::AudienceMembershipChangeRequest)));
    const auto started = std::chrono::steady_clock::now();
    const auto replies = testing::performConcurrently(calls);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    for (const auto &reply : replies) {
        QVERIFY2(reply.status == 200, qPrintable(describe(reply)));
        QVERIFY(reply.seconds >= 0.299);
    }
    // Held side by side, not one after another (that would take count × 0.3 s).
    qInfo("%zu requests delayed 300 ms each, at once: all answered in %.2f s", count, seconds);
    QVERIFY2(seconds < 3.0, qPrintable(QString::number(seconds)));
    QCOMPARE(server.capture().size(), count);
}

void TestEndpoint::failureInjection()
{
    EndpointConfig config;
    config.faults[transport::Family::Dsr].failRate = 1.0;
    config.faults[transport::Family::Dsr].failStatus = 503;
    config.faults[transport::Family::Dsr].retryAfterSeconds = 7;
    config.faults[transport::Family::Event].failRate = 0.5;
    config.faults[transport::Family::Event].failStatus = 429;
    Endpoint server(config);
    QVERIFY(server.start().has_value());
    HttpReply reply = testing::perform(post(server, generated(MessageType::DsrProcessingRequest)));
    QCOMPARE(reply.status, 503L);
    QCOMPARE(reply.header("Retry-After"), std::string("7"));
    QCOMPARE(text(errorOf(reply), "error"), std::string("injected_failure"));
    QCOMPARE(server.capture().snapshot().back().fault, std::string("failure"));

    // A rate of 0.5 fails about half (seeded dice, so only loosely checked).
    std::vector<HttpCall> calls(200, post(server, generated(MessageType::EventProcessingRequest, true)));
    int failed = 0;
    for (const auto &r : testing::performOnOneConnection(calls)) {
        QVERIFY(r.status == 200 || r.status == 429);
        failed += r.status == 429;
        QVERIFY(r.header("Retry-After").empty());
    }
    QVERIFY2(failed > 60 && failed < 140, qPrintable(QString::number(failed)));
    // Registration is untouched.
    QCOMPARE(testing::perform(post(server, generated(MessageType::ModuleRegistrationRequest))).status, 200L);
}

void TestEndpoint::noAnswer()
{
    EndpointConfig config;
    config.connectionTimeout = 1s;
    config.faults[transport::Family::Event].noAnswerRate = 1.0;
    Endpoint server(config);
    QVERIFY(server.start().has_value());
    HttpCall call = post(server, generated(MessageType::EventProcessingRequest));
    // One client waits longer than the endpoint holds: it sees the connection closed, no answer.
    HttpCall longer = call;
    longer.timeout = 5s;
    HttpReply closed;
    std::thread patient([&] { closed = testing::perform(longer); });
    call.timeout = 300ms;
    const HttpReply impatient = testing::perform(call);
    QCOMPARE(impatient.status, 0L);
    QCOMPARE(impatient.curlCode, int(CURLE_OPERATION_TIMEDOUT));
    // Meanwhile everything else is served.
    QCOMPARE(testing::perform(post(server, generated(MessageType::DsrProcessingRequest))).status, 200L);
    patient.join();
    QCOMPARE(closed.status, 0L);
    QCOMPARE(closed.curlCode, int(CURLE_GOT_NOTHING));
    QVERIFY2(closed.seconds > 0.9 && closed.seconds < 2.5, qPrintable(describe(closed)));
    QTRY_COMPARE_WITH_TIMEOUT(server.capture().size(), std::size_t(3), 3000);
    for (const auto &exchange : server.capture().snapshot()) {
        if (exchange.type == MessageType::EventProcessingRequest) {
            QCOMPARE(exchange.status, 0);
            QCOMPARE(exchange.fault, std::string("no-answer"));
        }
    }
}

void TestEndpoint::captureContents()
{
    QTemporaryDir dir;
    EndpointConfig config;
    config.token = "capture-token-abcdef0123";
    config.captureFile = dir.filePath(QStringLiteral("capture.jsonl")).toStdString();
    Endpoint server(config);
    std::vector<std::uint64_t> notified;
    server.capture().subscribe([&notified](const endpoint::Exchange &e) { notified.push_back(e.sequence); });
    QVERIFY(server.start().has_value());

    // An unknown enum value: a finding (tolerant: a warning), and still a 200.
    Json odd = Json::parse(generated(MessageType::EventProcessingRequest));
    odd["events"][0]["custom_event_type"] = "brand_new_type";
    odd["events"][0]["type"] = "custom_event";
    odd["events"][0]["name"] = "odd";
    HttpCall call = post(server, odd.dump(), "event");
    call.headers.push_back("Authorization: Token capture-token-abcdef0123");
    call.headers.push_back("X-Trace: 42");
    const HttpReply reply = testing::perform(call);
    QCOMPARE(reply.status, 200L);
    QCOMPARE(testing::perform(post(server, "{")).status, 400L);

    const auto exchanges = server.capture().snapshot();
    QCOMPARE(exchanges.size(), std::size_t(2));
    const endpoint::Exchange &e = exchanges.front();
    QCOMPARE(e.method, std::string("POST"));
    QCOMPARE(e.path, std::string("/event"));
    QVERIFY(e.remoteAddress.starts_with("127.0.0.1:"));
    const std::string port = e.remoteAddress.substr(10);
    QVERIFY2(!port.empty() && port.find_first_not_of("0123456789") == std::string::npos && std::stoi(port) > 0
                 && std::stoi(port) < 65536,
             e.remoteAddress.c_str());
    QCOMPARE(e.type, std::optional(MessageType::EventProcessingRequest));
    QCOMPARE(e.requestBody, odd.dump());
    QCOMPARE(e.responseBody, reply.body);
    QVERIFY(!e.findings.empty());
    QVERIFY(std::ranges::any_of(e.findings, [](const auto &f) { return f.pointer.starts_with("/events/0"); }));
    bool sawAuthorization = false;
    bool sawTrace = false;
    for (const auto &[name, value] : e.requestHeaders) {
        QVERIFY2(value.find("capture-token-abcdef0123") == std::string::npos, "token captured in clear");
        if (name == "Authorization") {
            sawAuthorization = true;
            QVERIFY2(value.starts_with("Token ") && value.find("\u2022") != std::string::npos, value.c_str());
        }
        sawTrace = sawTrace || (name == "X-Trace" && value == "42");
    }
    QVERIFY(sawAuthorization && sawTrace);
    QVERIFY(e.handlingUs >= 0);
    QCOMPARE(exchanges.back().status, 400);
    QCOMPARE(notified, (std::vector<std::uint64_t>{1, 2}));

    std::ifstream file(config.captureFile);
    std::vector<Json> lines;
    for (std::string line; std::getline(file, line);)
        lines.push_back(Json::parse(line));
    QCOMPARE(lines.size(), std::size_t(2));
    QCOMPARE(lines[0].at("status").get<int>(), 200);
    QCOMPARE(lines[0].at("path").get<std::string>(), std::string("/event"));
    QVERIFY(!lines[0].at("findings").empty());
    QVERIFY(lines[0].dump().find("capture-token-abcdef0123") == std::string::npos);
    QCOMPARE(lines[1].at("status").get<int>(), 400);

    // A capture file that cannot be opened stops start() with a clear error.
    config.captureFile = dir.filePath(QStringLiteral("missing/dir/c.jsonl")).toStdString();
    Endpoint broken(config);
    const auto started = broken.start();
    QVERIFY(!started.has_value());
    QCOMPARE(started.error().code, std::string("endpoint.capture-file"));
}

void TestEndpoint::lifeCycle()
{
    Endpoint server;
    QVERIFY(!server.isRunning());
    const auto first = server.start();
    QVERIFY(first.has_value());
    QVERIFY(*first != 0);
    QCOMPARE(server.port(), *first);
    QCOMPARE(server.url(), "http://127.0.0.1:" + std::to_string(*first) + "/");
    QCOMPARE(server.start().value(), *first); // already running: same port
    const std::string body = generated(MessageType::DsrProcessingRequest);
    QCOMPARE(testing::perform(post(server, body)).status, 200L);

    // The same port again for someone else: refused, clearly.
    EndpointConfig same;
    same.port = *first;
    Endpoint other(same);
    const auto clash = other.start();
    QVERIFY(!clash.has_value());
    QCOMPARE(clash.error().code, std::string("endpoint.port-in-use"));
    QVERIFY2(clash.error().message.find(std::to_string(*first)) != std::string::npos, clash.error().message.c_str());

    // Restart keeps the port it had (config.port is 0).
    const auto again = server.restart();
    QVERIFY(again.has_value());
    QCOMPARE(*again, *first);
    QCOMPARE(testing::perform(post(server, body)).status, 200L);

    const std::string url = server.url();
    server.stop();
    QVERIFY(!server.isRunning());
    server.stop(); // twice is fine
    HttpCall dead;
    dead.url = url;
    dead.body = body;
    QCOMPARE(testing::perform(dead).curlCode, int(CURLE_COULDNT_CONNECT));
    for (int i = 0; i < 3; ++i) {
        QVERIFY(server.start().has_value());
        QCOMPARE(testing::perform(post(server, body)).status, 200L);
        server.stop();
    }
    QCOMPARE(server.capture().size(), std::size_t(5)); // the capture lives across restarts
}

void TestEndpoint::bindAddresses()
{
    EndpointConfig config;
    config.bindAddress = "0.0.0.0";
    Endpoint wide(config);
    QVERIFY(!wide.warnings().empty()); // said before starting, too
    QVERIFY(wide.start().has_value());
    const auto warnings = wide.warnings();
    QCOMPARE(warnings.size(), std::size_t(1));
    QVERIFY2(warnings.front().find("not a loopback") != std::string::npos, warnings.front().c_str());
    QCOMPARE(wide.url(), "http://127.0.0.1:" + std::to_string(wide.port()) + "/");
    QCOMPARE(testing::perform(post(wide, generated(MessageType::DsrProcessingRequest))).status, 200L);

    Endpoint local;
    QVERIFY(local.start().has_value());
    QVERIFY(local.warnings().empty());

    for (const char *bad : {"not-an-address", "127.0.0.1.5", "10.255.255.254"}) {
        config.bindAddress = bad;
        Endpoint broken(config);
        const auto started = broken.start();
        QVERIFY2(!started.has_value(), bad);
        QVERIFY2(started.error().code == "endpoint.bad-address", (started.error().code + ": " + started.error().message).c_str());
    }

    config.bindAddress = "::1";
    Endpoint v6(config);
    if (!v6.start())
        QSKIP("no IPv6 loopback on this machine");
    QCOMPARE(v6.url(), "http://[::1]:" + std::to_string(v6.port()) + "/");
    QVERIFY(v6.warnings().empty());
    QCOMPARE(testing::perform(post(v6, generated(MessageType::DsrProcessingRequest))).status, 200L);
    const auto exchanges = v6.capture().snapshot();
    QCOMPARE(exchanges.size(), std::size_t(1));
    QVERIFY2(exchanges.front().remoteAddress.starts_with("[::1]:"), exchanges.front().remoteAddress.c_str());
}

void TestEndpoint::configAppliesToTheNextRequest()
{
    Endpoint server;
    QVERIFY(server.start().has_value());
    const std::string body = generated(MessageType::AudienceMembershipChangeRequest);
    HttpReply reply = testing::perform(post(server, body));
    QCOMPARE(errorOf(reply).at("suspend_subscription").get<bool>(), false);

    EndpointConfig config = server.config();
    config.suspendSubscription = true;
    config.echoRequestId = true;
    server.setConfig(config);
    reply = testing::perform(post(server, body));
    QCOMPARE(errorOf(reply).at("suspend_subscription").get<bool>(), true);
    QCOMPARE(errorOf(reply).at("id").get<std::string>(), Json::parse(body).at("id").get<std::string>());

    config.token = "later-token-0123456789";
    server.setConfig(config);
    QCOMPARE(testing::perform(post(server, body)).status, 401L);
}

void TestEndpoint::stopClosesHeldRequests()
{
    EndpointConfig config;
    config.faults[transport::Family::Event].latency.fixed = 10s;
    config.faults[transport::Family::Audience].noAnswerRate = 1.0;
    Endpoint server(config);
    QVERIFY(server.start().has_value());
    std::vector<HttpCall> calls(20, post(server, generated(MessageType::EventProcessingRequest)));
    for (int i = 0; i < 20; ++i)
        calls.push_back(post(server, generated(MessageType::AudienceMembershipChangeRequest)));
    std::vector<HttpReply> replies;
    std::thread clients([&] { replies = testing::performConcurrently(calls); });
    std::this_thread::sleep_for(300ms); // let them arrive and be held
    const auto stopping = std::chrono::steady_clock::now();
    server.stop();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - stopping).count();
    clients.join();
    QVERIFY2(seconds < 1.0, qPrintable(QString::number(seconds)));
    for (const auto &reply : replies)
        QCOMPARE(reply.status, 0L); // closed unanswered
    QCOMPARE(server.capture().size(), std::size_t(40));
    QVERIFY(server.start().has_value()); // and it starts again cleanly
}

void TestEndpoint::proxy()
{
    const std::string upstreamToken = "upstream-token-0123456789";
    EndpointConfig upstreamConfig;
    upstreamConfig.token = upstreamToken;
    upstreamConfig.faults[transport::Family::Event].latency.fixed = 15ms;
    upstreamConfig.subscriptionSettings = {{"from", "upstream"}};
    Endpoint upstream(std::move(upstreamConfig));
    QVERIFY(upstream.start().has_value());

    EndpointConfig proxyConfig;
    proxyConfig.proxyUrl = upstream.url();
    proxyConfig.proxyOptions.token = upstreamToken;
    proxyConfig.proxyOptions.retry.maxAttempts = 1;
    Endpoint proxy(proxyConfig);
    QVERIFY(proxy.start().has_value());

    HttpReply reply = testing::perform(post(proxy, generated(MessageType::EventProcessingRequest)));
    QVERIFY2(responseProblems(reply, MessageType::EventProcessingRequest).isEmpty(), qPrintable(describe(reply)));
    QVERIFY(reply.seconds >= 0.015);
    reply = testing::perform(post(proxy, generated(MessageType::AudienceSubscriptionRequest)));
    QCOMPARE(errorOf(reply).at("audience_subscription_settings").at("from").get<std::string>(), std::string("upstream"));

    const auto legs = proxy.capture().snapshot();
    QCOMPARE(legs.size(), std::size_t(2));
    QVERIFY(legs[0].upstream.has_value());
    QCOMPARE(legs[0].upstream->url, upstream.url());
    QCOMPARE(legs[0].upstream->status, 200L);
    QCOMPARE(legs[0].upstream->attempts, 1);
    QVERIFY(legs[0].upstream->totalUs >= 15'000);
    QVERIFY(legs[0].upstream->error.empty());
    QCOMPARE(legs[0].status, 200);
    const auto far = upstream.capture().snapshot();
    QCOMPARE(far.size(), std::size_t(2));
    QCOMPARE(far[0].status, 200);
    QCOMPARE(far[0].requestBody, legs[0].requestBody);

    // The upstream's refusals come back as they are (a 401 with a wrong upstream token).
    proxyConfig.proxyOptions.token = "wrong";
    proxy.setConfig(proxyConfig);
    QCOMPARE(testing::perform(post(proxy, generated(MessageType::DsrProcessingRequest))).status, 401L);

    // No upstream: 502.
    const std::string deadUrl = upstream.url();
    upstream.stop();
    proxyConfig.proxyUrl = deadUrl;
    proxy.setConfig(proxyConfig);
    reply = testing::perform(post(proxy, generated(MessageType::DsrProcessingRequest)));
    QCOMPARE(reply.status, 502L);
    QCOMPARE(text(errorOf(reply), "error"), std::string("upstream_unreachable"));
    const auto last = proxy.capture().snapshot().back();
    QVERIFY(last.upstream.has_value());
    QCOMPARE(last.upstream->status, 0L);
    QVERIFY(!last.upstream->error.empty());
}

QTEST_GUILESS_MAIN(TestEndpoint)
#include "tst_endpoint.moc"
