// The load engine against real servers: the embedded endpoint (with injected latency and failures),
// `fhw serve` as a child (stopped with SIGSTOP to make a stall), nginx over TLS, and a closed port.
// About 30 s in all: the stall run alone is the issue's 10 s at 500 req/s.

#include "loopbackpeers.h"

#include "endpoint/endpoint.h"
#include "readiness/loadrun.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <chrono>
#include <csignal>
#include <thread>

using namespace fhw;
using namespace fhw::readiness;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

const std::string token = "load-test-token-5b1e0c7d93a2f4";

LoadSettings settingsFor(const std::string &url, double rate, int seconds, int connections = 20)
{
    LoadSettings settings;
    settings.target.url = url;
    settings.rate = rate;
    settings.duration = std::chrono::seconds(seconds);
    settings.connections = connections;
    settings.eventsPerBatch = 2;
    settings.bodiesPerType = 8;
    return settings;
}

double ms(std::int64_t micros)
{
    return double(micros) / 1000.0;
}

QByteArray describe(const LoadResult &r)
{
    QString statuses;
    for (const auto &[status, n] : r.totals.statuses)
        statuses += QStringLiteral(" %1:%2").arg(status).arg(n);
    for (const auto &[kind, n] : r.totals.errorKinds)
        statuses += QStringLiteral(" %1:%2").arg(QString::fromStdString(kind)).arg(n);
    return QStringLiteral("scheduled %1 completed %2 accepted %3 errors %4 retries %5 in flight %6 rate %7 "
                          "latency p50 %8 p99 %9 ms service p50 %10 p99 %11 ms;%12")
        .arg(r.totals.scheduled)
        .arg(r.totals.completed)
        .arg(r.totals.accepted)
        .arg(r.totals.errors)
        .arg(r.totals.retries)
        .arg(r.inFlightAtEnd)
        .arg(r.achievedRate)
        .arg(ms(r.latency.valueAtPercentile(50)))
        .arg(ms(r.latency.valueAtPercentile(99)))
        .arg(ms(r.service.valueAtPercentile(50)))
        .arg(ms(r.service.valueAtPercentile(99)))
        .arg(statuses)
        .toUtf8();
}

// An embedded endpoint on 127.0.0.1:0 with the same faults for event, audience and DSR requests.
struct LocalEndpoint
{
    explicit LocalEndpoint(endpoint::FaultSettings faults = {}, std::optional<std::string> requiredToken = {})
    {
        endpoint::EndpointConfig config;
        config.token = std::move(requiredToken);
        config.captureCapacity = 100;
        for (auto family : {transport::Family::Event, transport::Family::Audience, transport::Family::Dsr})
            config.faults[family] = faults;
        server = std::make_unique<endpoint::Endpoint>(config);
        started = server->start().has_value();
    }
    std::unique_ptr<endpoint::Endpoint> server;
    bool started = false;
};

// `fhw serve` as a child; its one line per exchange goes to a file (a pipe nobody reads would fill).
QString startServe(QProcess &serve, const QString &outputFile)
{
    testing::dieWithParent(serve);
    serve.setStandardOutputFile(outputFile);
    serve.start(QStringLiteral(FHW_CLI_PATH), {QStringLiteral("serve")});
    if (!serve.waitForStarted(10'000))
        return {};
    const QByteArray prefix = "listening on ";
    for (int i = 0; i < 100; ++i) {
        QFile file(outputFile);
        if (file.open(QIODevice::ReadOnly)) {
            const QByteArray first = file.readLine();
            if (first.startsWith(prefix) && first.endsWith('\n'))
                return QString::fromUtf8(first.mid(prefix.size()).trimmed());
        }
        QTest::qWait(50);
    }
    return {};
}

} // namespace

class TestLoadRun : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void injectedDelayIsTheMedian()
    {
        endpoint::FaultSettings faults;
        faults.latency.fixed = 20ms;
        LocalEndpoint local(faults);
        QVERIFY(local.started);
        const auto result = LoadRun(settingsFor(local.server->url(), 200, 2)).run();
        QVERIFY(result.has_value());
        QVERIFY2(result->totals.accepted == 400, describe(*result));
        const double p50 = ms(result->latency.valueAtPercentile(50));
        QVERIFY2(p50 >= 18.0 && p50 <= 22.0, describe(*result));
        QVERIFY2(ms(result->service.valueAtPercentile(50)) >= 19.5, describe(*result));
    }

    // Ramp and measured window follow the schedule exactly, over two engine threads; the rate is
    // held; the mix, the token and the per-second progress arrive as asked.
    void scheduleRateMixAndProgress()
    {
        LocalEndpoint local({}, token);
        QVERIFY(local.started);
        LoadSettings settings = settingsFor(local.server->url(), 1000, 2);
        settings.ramp = 1s; // 500 requests while ramping to 1000/s
        settings.token = token;
        settings.mix = *parseMix("event=75,audience-membership=25");
        settings.threads = 2; // the schedule and the connections split, the seconds merged
        LoadRun run(settings);
        std::vector<LoadSecond> seconds;
        std::vector<LoadProgress::Phase> phases;
        run.setProgressCallback([&](const LoadSecond *second, const LoadProgress &progress) {
            if (second)
                seconds.push_back(*second);
            phases.push_back(progress.phase);
        });
        const auto result = run.run();
        QVERIFY(result.has_value());
        QVERIFY2(result->totals.scheduled == 2000 && result->totals.accepted == 2000, describe(*result));
        QCOMPARE(local.server->capture().totalAppended(), 2500u);
        QVERIFY2(std::abs(result->achievedRate - 1000.0) <= 20.0, describe(*result)); // within 2 %
        QVERIFY2(ms(result->latency.valueAtPercentile(99)) < 50.0, describe(*result)); // sent on time
        QCOMPARE(result->timeline.size(), 2u);
        for (const LoadSecond &second : result->timeline)
            QCOMPARE(second.counts.scheduled, 1000);
        QVERIFY(std::abs(result->perType.at("event") - 1500) < 100);
        QCOMPARE(result->perType.at("event") + result->perType.at("audience-membership"), 2000);
        QVERIFY(result->settings.token.empty());
        QVERIFY(result->passed);
        QCOMPARE(seconds.size(), 2u);
        QCOMPARE(seconds.back().counts.accepted, 1000);
        QVERIFY(phases.size() >= 3 && phases.front() == LoadProgress::Phase::Ramp);
    }

    // The issue's stall: no answers for 1 s in a 10 s run at 500 req/s. Latency from the scheduled
    // time shows it; service time (from the write) barely does, as only the requests already
    // written to the 20 connections waited out the stall.
    void stallShowsInCorrectedLatencyOnly()
    {
        QProcess serve;
        const QString url = startServe(serve, m_dir.filePath(QStringLiteral("serve.out")));
        QVERIFY(!url.isEmpty());
        const auto pid = pid_t(serve.processId());
        std::thread staller([pid] {
            std::this_thread::sleep_for(4s);
            ::kill(pid, SIGSTOP);
            std::this_thread::sleep_for(1s);
            ::kill(pid, SIGCONT);
        });
        const auto result = LoadRun(settingsFor(url.toStdString(), 500, 10)).run();
        staller.join();
        testing::stopProcess(serve);
        QVERIFY(result.has_value());
        QVERIFY2(result->totals.accepted == 5000, describe(*result));
        QVERIFY2(ms(result->latency.valueAtPercentile(99)) >= 500.0, describe(*result));
        QVERIFY2(ms(result->service.valueAtPercentile(99)) < 500.0, describe(*result));
        QVERIFY2(ms(result->latency.max()) >= 900.0, describe(*result));
        QVERIFY(!result->passed);
    }

    void throttlingIsCounted()
    {
        endpoint::FaultSettings faults;
        faults.failRate = 1.0;
        faults.failStatus = 429;
        LocalEndpoint local(faults);
        QVERIFY(local.started);
        const auto result = LoadRun(settingsFor(local.server->url(), 200, 1)).run();
        QVERIFY(result.has_value());
        QVERIFY2(result->totals.throttled == 200 && result->totals.statuses.at(429) == 200, describe(*result));
        QCOMPARE(result->totals.accepted, 0);
        QCOMPARE(result->totals.retries, 0);
        QVERIFY(!result->passed);
    }

    // Half the answers are 429 and retried: retries are counted apart, and the histograms hold the
    // first attempts only.
    void retriesAreCountedApart()
    {
        endpoint::FaultSettings faults;
        faults.failRate = 0.5;
        faults.failStatus = 429;
        LocalEndpoint local(faults);
        QVERIFY(local.started);
        LoadSettings settings = settingsFor(local.server->url(), 200, 2);
        settings.retries = true;
        settings.retry.maxAttempts = 3;
        settings.retry.base = 10ms;
        settings.retry.jitter = 0;
        const auto result = LoadRun(settings).run();
        QVERIFY(result.has_value());
        const LoadCounts &t = result->totals;
        QVERIFY2(t.scheduled == 400 && t.accepted + t.throttled == 400, describe(*result));
        QVERIFY2(t.retries > 100 && t.retriedThenAccepted > 50, describe(*result));
        QCOMPARE(std::int64_t(local.server->capture().totalAppended()), t.scheduled + t.retries);
        QCOMPARE(result->latency.totalCount(), 400);
        QCOMPARE(result->service.totalCount(), 400);
    }

    void refusedPortIsErrorsNotAHang()
    {
        const std::string url = "http://127.0.0.1:" + std::to_string(testing::freePort()) + "/";
        const auto started = Clock::now();
        const auto result = LoadRun(settingsFor(url, 100, 1)).run();
        QVERIFY(result.has_value());
        QVERIFY(Clock::now() - started < 3s);
        QVERIFY2(result->totals.errors == 100 && result->totals.errorKinds.at("connect") == 100, describe(*result));
        QCOMPARE(result->totals.completed, 0);
        QVERIFY(!result->passed);
    }

    void cancelReturnsWithinASecond()
    {
        endpoint::FaultSettings faults;
        faults.latency.fixed = 3s; // answers still in flight when the cancel comes
        LocalEndpoint local(faults);
        QVERIFY(local.started);
        LoadSettings settings = settingsFor(local.server->url(), 100, 30, 500);
        settings.timeout = 5s;
        LoadRun run(settings);
        std::atomic<Clock::time_point> cancelledAt{};
        std::thread canceller([&] {
            std::this_thread::sleep_for(1500ms);
            cancelledAt = Clock::now();
            run.cancel();
        });
        const auto result = run.run();
        const auto returned = Clock::now();
        canceller.join();
        QVERIFY(result.has_value());
        QVERIFY2(returned - cancelledAt.load() < 1300ms, describe(*result));
        QVERIFY(result->cancelled);
        QVERIFY2(std::abs(result->measuredSeconds - 1.5) < 0.2, describe(*result));
        QCOMPARE(result->timeline.size(), 2u);
        QVERIFY2(result->inFlightAtEnd > 100, describe(*result));
    }

    void httpsWithTheTestCertificate()
    {
        testing::TlsNginx nginx;
        if (!nginx.start(QStringLiteral("{\"type\":\"event_processing_response\",\"id\":\"6f1c1f3e-2b47-4d7e-9a35-3c0a7e0e8d21\"}"))) {
            if (nginx.missingTool())
                QSKIP(qPrintable(nginx.problem()));
            QFAIL(qPrintable(nginx.problem()));
        }
        LoadSettings settings = settingsFor(nginx.baseUrl() + "/", 100, 1);
        settings.caFile = nginx.certificateFile().toStdString();
        const auto verified = LoadRun(settings).run();
        QVERIFY(verified.has_value());
        QVERIFY2(verified->totals.accepted == 100, describe(*verified));

        settings.caFile.clear(); // the system's CAs do not know the test certificate
        const auto refused = LoadRun(settings).run();
        QVERIFY(refused.has_value());
        QVERIFY2(refused->totals.errorKinds.at("tls") == 100, describe(*refused));

        settings.verifyTls = false;
        const auto unverified = LoadRun(settings).run();
        QVERIFY(unverified.has_value());
        QVERIFY2(unverified->totals.accepted == 100, describe(*unverified));
    }

    // Responses framed the other ways HTTP/1.1 allows, from a small Python server: HTTP/1.0 with the
    // body ended by the close, Connection: close (a new connection per request), and chunked.
    void otherResponseFraming_data()
    {
        QTest::addColumn<QString>("mode");
        QTest::newRow("HTTP/1.0 until close") << QStringLiteral("http10");
        QTest::newRow("Connection: close") << QStringLiteral("close");
        QTest::newRow("chunked") << QStringLiteral("chunked");
    }

    void otherResponseFraming()
    {
        QFETCH(QString, mode);
        static const char *script = R"(
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
mode = sys.argv[2]
class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0" if mode == "http10" else "HTTP/1.1"
    disable_nagle_algorithm = True
    def log_message(self, *args): pass
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        body = b'{"type":"event_processing_response","id":"6f1c1f3e-2b47-4d7e-9a35-3c0a7e0e8d21"}'
        self.send_response(202)
        self.send_header("Content-Type", "application/json")
        if mode == "chunked":
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for part in (body[:10], body[10:]):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
            self.wfile.write(b"0\r\n\r\n")
        elif mode == "close":
            self.send_header("Connection", "close")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            self.end_headers()
            self.wfile.write(body)
ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
)";
        const quint16 port = testing::freePort();
        QProcess server;
        testing::dieWithParent(server);
        server.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        server.start(QStringLiteral("python3"), {QStringLiteral("-c"), QString::fromUtf8(script), QString::number(port), mode});
        if (!server.waitForStarted(5000))
            QSKIP("python3 is needed for this test");
        QVERIFY(testing::waitForListening(port, 5s));
        const auto result = LoadRun(settingsFor("http://127.0.0.1:" + std::to_string(port) + "/", 100, 1, 5)).run();
        testing::stopProcess(server);
        QVERIFY(result.has_value());
        QVERIFY2(result->totals.accepted == 100 && result->totals.statuses.at(202) == 100, describe(*result));
    }

    void errorsBeforeSending_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<double>("rate");
        QTest::addColumn<QString>("caFile");
        QTest::addColumn<QString>("code");
        QTest::newRow("rate 0") << QStringLiteral("http://127.0.0.1:9/") << 0.0 << QString() << QStringLiteral("load.settings");
        QTest::newRow("no URL") << QString() << 10.0 << QString() << QStringLiteral("load.url");
        QTest::newRow("ftp") << QStringLiteral("ftp://127.0.0.1/") << 10.0 << QString() << QStringLiteral("load.url");
        QTest::newRow("bad port") << QStringLiteral("http://127.0.0.1:99999/") << 10.0 << QString() << QStringLiteral("load.url");
        QTest::newRow("unknown host") << QStringLiteral("http://no-such-host.invalid/") << 10.0 << QString()
                                      << QStringLiteral("load.resolve");
        QTest::newRow("missing CA file") << QStringLiteral("https://127.0.0.1:9/") << 10.0
                                         << QStringLiteral("/nonexistent/ca.pem") << QStringLiteral("load.tls");
    }

    void errorsBeforeSending()
    {
        QFETCH(QString, url);
        QFETCH(double, rate);
        QFETCH(QString, caFile);
        QFETCH(QString, code);
        LoadSettings settings = settingsFor(url.toStdString(), rate, 1);
        settings.caFile = caFile.toStdString();
        const auto result = LoadRun(settings).run();
        QVERIFY(!result.has_value());
        QCOMPARE(QString::fromStdString(result.error().code), code);
        QVERIFY(!result.error().message.empty());
    }
};

QTEST_GUILESS_MAIN(TestLoadRun)
#include "tst_loadrun.moc"
