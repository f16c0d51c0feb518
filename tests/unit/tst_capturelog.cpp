// The capture log: a ring bounded by count and bytes, appends in order, subscribers called on the
// appending thread (and never after unsubscribe), the JSONL mirror, and appends from many threads.

#include "endpoint/capturelog.h"

#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <atomic>
#include <fstream>
#include <set>
#include <thread>

using fhw::endpoint::CaptureLog;
using fhw::endpoint::Exchange;

namespace {

Exchange exchange(int status, std::string body = "{}")
{
    Exchange e;
    e.received = std::chrono::system_clock::now();
    e.method = "POST";
    e.path = "/";
    e.remoteAddress = "127.0.0.1:5000";
    e.requestHeaders = {{"Host", "127.0.0.1"}, {"Authorization", "Token ••••abcd"}};
    e.requestBody = std::move(body);
    e.type = fhw::protocol::MessageType::EventProcessingRequest;
    e.findings = {fhw::protocol::Finding{fhw::protocol::Severity::Warning, "/events/0", "enum.unknown-value", "odd"}};
    e.status = status;
    e.responseBody = R"({"type":"event_processing_response"})";
    return e;
}

std::vector<std::string> readLines(const QString &path)
{
    std::ifstream in(path.toStdString());
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    return lines;
}

} // namespace

class TestCaptureLog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void ringKeepsTheNewestInOrder()
    {
        CaptureLog log(3);
        QCOMPARE(log.size(), std::size_t(0));
        for (int i = 1; i <= 5; ++i)
            log.append(exchange(200 + i));
        QCOMPARE(log.size(), std::size_t(3));
        QCOMPARE(log.totalAppended(), std::uint64_t(5));
        const auto kept = log.snapshot();
        QCOMPARE(kept.size(), std::size_t(3));
        QCOMPARE(kept[0].status, 203);
        QCOMPARE(kept[2].status, 205);
        QCOMPARE(kept[0].sequence, std::uint64_t(3)); // 1-based order of appending
        QCOMPARE(kept[2].sequence, std::uint64_t(5));

        log.setCapacity(1);
        QCOMPARE(log.size(), std::size_t(1));
        QCOMPARE(log.snapshot().front().status, 205);
        QCOMPARE(log.capacity(), std::size_t(1));
        log.clear();
        QCOMPARE(log.size(), std::size_t(0));
        QCOMPARE(log.totalAppended(), std::uint64_t(5)); // clearing forgets exchanges, not the count
        log.append(exchange(200));
        QCOMPARE(log.snapshot().front().sequence, std::uint64_t(6));
    }

    void ringIsBoundedInBytes()
    {
        CaptureLog log(1000);
        log.setMaxBytes(1024 * 1024);
        for (int i = 0; i < 100; ++i)
            log.append(exchange(200, std::string(100 * 1024, 'x')));
        // About ten 100 KB exchanges fit in 1 MiB; the newest are the ones kept.
        QVERIFY2(log.size() >= 8 && log.size() <= 10, qPrintable(QString::number(log.size())));
        QCOMPARE(log.snapshot().back().sequence, std::uint64_t(100));
        // One exchange bigger than the budget is still kept (the newest always is).
        log.setMaxBytes(1000);
        QCOMPARE(log.size(), std::size_t(1));
    }

    void subscribersAreCalledUntilUnsubscribed()
    {
        CaptureLog log;
        std::vector<int> seenA;
        std::vector<int> seenB;
        std::thread::id callingThread;
        const auto a = log.subscribe([&](const Exchange &e) {
            seenA.push_back(e.status);
            callingThread = std::this_thread::get_id();
        });
        log.subscribe([&](const Exchange &e) { seenB.push_back(int(e.sequence)); });
        log.append(exchange(200));
        std::thread other([&log] { log.append(exchange(401)); });
        other.join();
        QCOMPARE(seenA, (std::vector<int>{200, 401}));
        QCOMPARE(seenB, (std::vector<int>{1, 2}));
        QVERIFY(callingThread != std::this_thread::get_id()); // the appending thread, not ours

        log.unsubscribe(a);
        log.append(exchange(404));
        QCOMPARE(seenA.size(), std::size_t(2));
        QCOMPARE(seenB.size(), std::size_t(3));

        // A subscriber may unsubscribe itself and read the log while being called.
        CaptureLog::SubscriptionId self = 0;
        int calls = 0;
        std::size_t sizeSeen = 0;
        self = log.subscribe([&](const Exchange &) {
            ++calls;
            sizeSeen = log.size();
            log.unsubscribe(self);
        });
        log.append(exchange(200));
        log.append(exchange(200));
        QCOMPARE(calls, 1);
        QCOMPARE(sizeSeen, std::size_t(4));
    }

    void jsonlFileHasOneObjectPerLine()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("capture.jsonl"));
        CaptureLog log;
        QVERIFY(log.setFile(path.toStdString()).has_value());
        Exchange withUpstream = exchange(502, "not json \xff\xfe at all");
        withUpstream.upstream = fhw::endpoint::UpstreamLeg{"http://127.0.0.1:1/", 0, 1234, 2, "connection refused"};
        log.append(exchange(200));
        log.append(withUpstream);
        // Flushed per line: readable at once, with the log still open.
        const auto lines = readLines(path);
        QCOMPARE(lines.size(), std::size_t(2));
        const auto first = nlohmann::json::parse(lines[0]);
        QCOMPARE(first.at("sequence").get<int>(), 1);
        QCOMPARE(first.at("status").get<int>(), 200);
        QCOMPARE(first.at("method").get<std::string>(), std::string("POST"));
        QCOMPARE(first.at("type").get<std::string>(), std::string("event_processing_request"));
        QCOMPARE(first.at("request_body").get<std::string>(), std::string("{}"));
        QCOMPARE(first.at("findings").size(), std::size_t(1));
        QCOMPARE(first.at("findings")[0].at("code").get<std::string>(), std::string("enum.unknown-value"));
        QCOMPARE(first.at("request_headers")[1].at("value").get<std::string>(), std::string("Token ••••abcd"));
        QVERIFY(first.at("received").get<std::string>().ends_with("Z"));
        const auto second = nlohmann::json::parse(lines[1]); // invalid UTF-8 replaced, still one line
        QCOMPARE(second.at("upstream").at("attempts").get<int>(), 2);
        QCOMPARE(second.at("upstream").at("error").get<std::string>(), std::string("connection refused"));

        // Appends to an existing file; an empty path stops mirroring.
        CaptureLog again;
        QVERIFY(again.setFile(path.toStdString()).has_value());
        again.append(exchange(200));
        QVERIFY(again.setFile({}).has_value());
        again.append(exchange(200));
        QCOMPARE(readLines(path).size(), std::size_t(3));

        const auto bad = log.setFile(dir.filePath(QStringLiteral("no/such/dir/x.jsonl")).toStdString());
        QVERIFY(!bad.has_value());
        QCOMPARE(bad.error().code, std::string("capture.file"));
        QVERIFY(bad.error().message.find("no/such/dir") != std::string::npos);
    }

    void concurrentAppends()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("concurrent.jsonl"));
        CaptureLog log(500);
        QVERIFY(log.setFile(path.toStdString()).has_value());
        std::atomic<int> notified{0};
        log.subscribe([&notified](const Exchange &) { notified.fetch_add(1); });
        constexpr int threads = 8;
        constexpr int each = 1000;
        std::vector<std::thread> workers;
        for (int t = 0; t < threads; ++t) {
            workers.emplace_back([&log, t] {
                for (int i = 0; i < each; ++i)
                    log.append(exchange(200 + t));
            });
        }
        for (auto &worker : workers)
            worker.join();
        QCOMPARE(log.totalAppended(), std::uint64_t(threads * each));
        QCOMPARE(log.size(), std::size_t(500));
        QCOMPARE(notified.load(), threads * each);
        const auto kept = log.snapshot();
        for (std::size_t i = 1; i < kept.size(); ++i)
            QCOMPARE(kept[i].sequence, kept[i - 1].sequence + 1); // the ring is in sequence order
        QCOMPARE(kept.back().sequence, std::uint64_t(threads * each));

        // Every line whole and parseable, every sequence once.
        const auto lines = readLines(path);
        QCOMPARE(lines.size(), std::size_t(threads * each));
        std::set<std::uint64_t> sequences;
        for (const auto &line : lines)
            sequences.insert(nlohmann::json::parse(line).at("sequence").get<std::uint64_t>());
        QCOMPARE(sequences.size(), std::size_t(threads * each));
    }
};

QTEST_GUILESS_MAIN(TestCaptureLog)
#include "tst_capturelog.moc"
