// HAR 1.2 of history entries: the fields the spec requires, one entry per attempt in time order, phase
// timings that add up, the token redacted unless asked for, failed attempts.

#include "interop/har.h"
#include "protocol/json.h"
#include "workspace/historystore.h"

#include <QDateTime>
#include <QTemporaryDir>
#include <QTest>

using namespace fhw;
using namespace std::chrono_literals;
using protocol::Json;

// Json against a literal: compared as JSON text (QCOMPARE cannot pick an overload for Json and const char*).
#define QCOMPARE_JSON(actual, expected) QCOMPARE(protocol::Json(actual).dump(), protocol::Json(expected).dump())

namespace {

const std::string token = "secret-token-abcdef123456";
const std::string eventBody = R"({"type":"event_processing_request","id":"3c5b9f0e-8d1a-4f6b-9c2e-7a4d5e6f7a8b",)"
                              R"("timestamp_ms":1767225600000,"firehose_version":"2.6.0","events":[]})";

transport::SendRequest request(const std::string &url)
{
    transport::SendRequest out;
    out.target.url = url;
    out.type = protocol::MessageType::EventProcessingRequest;
    out.body = eventBody;
    out.options.token = token;
    return out;
}

transport::Attempt attempt(int number, long status, transport::PhaseTimings timings, std::string body = {})
{
    transport::Attempt out;
    out.number = number;
    out.status = status;
    out.timings = timings;
    out.body = std::move(body);
    if (status)
        out.headers = {{"Content-Type", "application/json"}, {"X-Echo", "Token " + token}};
    return out;
}

// A send retried once (503, then 200 on the reused connection), and one that timed out.
std::vector<workspace::HistoryEntry> sampleEntries(workspace::HistoryStore &store)
{
    const auto when = std::chrono::system_clock::time_point(1'769'860'800'000ms); // 2026-01-31T12:00:00Z
    transport::SendResult retried;
    retried.url = "http://127.0.0.1:9/firehose?pod=us1&x=a%20b";
    retried.verdict = transport::Verdict::Success;
    retried.attempts.push_back(attempt(1, 503, {1000, 2000, 0, 2100, 10'000, 10'500}, "{}"));
    transport::Attempt second = attempt(2, 200, {0, 0, 0, 100, 5000, 5200},
                                        R"({"type":"event_processing_response","id":"x","firehose_version":"2.6.0"})");
    second.delayBefore = 250ms;
    retried.attempts.push_back(second);

    transport::SendResult timedOut;
    timedOut.url = "https://slow.example.com/";
    timedOut.verdict = transport::Verdict::Exhausted;
    transport::Attempt lost = attempt(1, 0, {500, 0, 0, 0, 0, 2'000'000});
    lost.error = transport::AttemptError::Timeout;
    lost.errorText = "Operation timed out after 2000 ms";
    timedOut.attempts.push_back(lost);

    std::vector<workspace::HistoryEntry> entries;
    for (const auto &[result, at] : {std::pair{retried, when}, std::pair{timedOut, when + 1min}}) {
        auto row = store.append(result, request(result.url), at);
        if (!row)
            return {};
        entries.push_back(store.load(row->id).value());
    }
    return entries;
}

double sumOfPhases(const Json &timings)
{
    double sum = 0;
    for (const char *phase : {"blocked", "dns", "connect", "send", "wait", "receive"})
        sum += std::max(timings[phase].get<double>(), 0.0);
    return sum;
}

} // namespace

class TestHar : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void hasWhatTheSpecRequires()
    {
        workspace::HistoryStore store(m_dir.filePath(QStringLiteral("required")));
        const auto entries = sampleEntries(store);
        QCOMPARE(entries.size(), 2u);
        const Json har = interop::harFromHistory(entries);
        const Json &log = har["log"];
        QCOMPARE_JSON(log["version"], "1.2");
        QCOMPARE_JSON(log["creator"]["name"], "Firehose Workbench");
        QVERIFY(log["creator"]["version"].is_string());
        QCOMPARE(log["entries"].size(), 3u); // one per attempt

        for (const Json &entry : log["entries"]) {
            for (const char *key : {"startedDateTime", "time", "request", "response", "cache", "timings"})
                QVERIFY2(entry.contains(key), key);
            QVERIFY(QDateTime::fromString(QString::fromStdString(entry["startedDateTime"].get<std::string>()),
                                          Qt::ISODateWithMs).isValid());
            const Json &request = entry["request"];
            for (const char *key : {"method", "url", "httpVersion", "cookies", "headers", "queryString", "postData",
                                    "headersSize", "bodySize"})
                QVERIFY2(request.contains(key), key);
            QCOMPARE_JSON(request["method"], "POST");
            QCOMPARE_JSON(request["postData"]["mimeType"], "application/json");
            QVERIFY(protocol::Json::parse(request["postData"]["text"].get<std::string>())["type"]
                    == "event_processing_request");
            QCOMPARE(request["bodySize"].get<std::size_t>(), request["postData"]["text"].get<std::string>().size());
            for (const Json &header : request["headers"]) {
                QVERIFY(header.contains("name") && header.contains("value"));
                QVERIFY(!header["value"].get<std::string>().empty()); // "Expect:" is not a header that was sent
            }
            const Json &response = entry["response"];
            for (const char *key : {"status", "statusText", "httpVersion", "cookies", "headers", "content",
                                    "redirectURL", "headersSize", "bodySize"})
                QVERIFY2(response.contains(key), key);
            QVERIFY(response["content"].contains("size") && response["content"].contains("mimeType"));
            for (const char *key : {"send", "wait", "receive"})
                QVERIFY2(entry["timings"][key].get<double>() >= 0, key);
            QCOMPARE(entry["time"].get<double>(), sumOfPhases(entry["timings"]));
        }
    }

    void attemptsInTimeOrderWithTheirPhases()
    {
        workspace::HistoryStore store(m_dir.filePath(QStringLiteral("order")));
        const Json entries = interop::harFromHistory(sampleEntries(store))["log"]["entries"];
        QCOMPARE_JSON(entries[0]["startedDateTime"], "2026-01-31T12:00:00.000Z");
        // After the first attempt (10.5 ms, counted as 10) and the 250 ms back-off.
        QCOMPARE_JSON(entries[1]["startedDateTime"], "2026-01-31T12:00:00.260Z");
        QCOMPARE_JSON(entries[2]["startedDateTime"], "2026-01-31T12:01:00.000Z");

        const Json &first = entries[0];
        QCOMPARE_JSON(first["response"]["status"], 503);
        QCOMPARE_JSON(first["response"]["statusText"], "Service Unavailable");
        QCOMPARE_JSON(first["_attempt"], 1);
        QCOMPARE(first["timings"]["dns"].get<double>(), 1.0);
        QCOMPARE(first["timings"]["connect"].get<double>(), 1.0);
        QCOMPARE(first["timings"]["ssl"].get<double>(), -1.0);
        QCOMPARE(first["timings"]["send"].get<double>(), 0.1);
        QCOMPARE(first["timings"]["wait"].get<double>(), 7.9);
        QCOMPARE(first["timings"]["receive"].get<double>(), 0.5);
        QCOMPARE(first["time"].get<double>(), 10.5);
        QCOMPARE(first["request"]["queryString"].dump(), std::string(R"([{"name":"pod","value":"us1"},{"name":"x","value":"a b"}])"));

        const Json &second = entries[1]; // a reused connection: no dns, no connect
        QCOMPARE_JSON(second["response"]["statusText"], "OK");
        QCOMPARE(second["timings"]["dns"].get<double>(), -1.0);
        QCOMPARE(second["timings"]["connect"].get<double>(), -1.0);
        QCOMPARE(second["time"].get<double>(), 5.2);
        QCOMPARE_JSON(second["response"]["content"]["mimeType"], "application/json");
        QVERIFY(second["response"]["content"]["text"].get<std::string>().find("event_processing_response")
                != std::string::npos);
        QCOMPARE_JSON(second["_verdict"], "success");

        const Json &lost = entries[2]; // no answer
        QCOMPARE_JSON(lost["response"]["status"], 0);
        QCOMPARE_JSON(lost["response"]["bodySize"], -1);
        QCOMPARE_JSON(lost["_error"], "timeout: Operation timed out after 2000 ms");
        QCOMPARE(lost["time"].get<double>(), 2000.0);
    }

    void tokenRedactedUnlessAsked()
    {
        workspace::HistoryStore store(m_dir.filePath(QStringLiteral("token")));
        const auto entries = sampleEntries(store);
        const std::string redacted = interop::harFromHistory(entries).dump();
        QVERIFY(redacted.find(token) == std::string::npos);
        QVERIFY(redacted.find("Token \u2022\u2022\u2022\u20223456") != std::string::npos);

        const Json revealed = interop::harFromHistory(entries, {.revealToken = token});
        std::string authorization;
        for (const Json &header : revealed["log"]["entries"][0]["request"]["headers"]) {
            if (header["name"] == "Authorization")
                authorization = header["value"].get<std::string>();
        }
        QCOMPARE(authorization, "Token " + token);
        // Only the Authorization header: the echo in a response stays scrubbed as history wrote it.
        QVERIFY(revealed.dump().find("\"X-Echo\",\"value\":\"Token " + token) == std::string::npos);
    }

    void statusTexts_data()
    {
        QTest::addColumn<long>("status");
        QTest::addColumn<QString>("text");
        QTest::newRow("202") << 202L << "Accepted";
        QTest::newRow("429") << 429L << "Too Many Requests";
        QTest::newRow("504") << 504L << "Gateway Timeout";
        QTest::newRow("unknown") << 299L << "";
        QTest::newRow("none") << 0L << "";
    }

    void statusTexts()
    {
        QFETCH(long, status);
        QFETCH(QString, text);
        QCOMPARE(QString::fromStdString(interop::statusText(status)), text);
    }
};

QTEST_GUILESS_MAIN(TestHar)
#include "tst_har.moc"
