#include "readiness/histogramlog.h"
#include "readiness/loadreport.h"

#include <QTest>
#include <QXmlStreamReader>

#include <random>

using namespace fhw::readiness;
using namespace std::chrono_literals;

using Statuses = std::map<int, std::int64_t>;
Q_DECLARE_METATYPE(std::chrono::milliseconds)
Q_DECLARE_METATYPE(Statuses)

namespace {

constexpr const char *secretToken = "tok-S3CRET-abcdef0123456789";

// A result as the engine builds it: `seconds` measured seconds at `rate`, latencies around
// `typicalMs`, one second stalled (every request in it waits `stallMs`) when stallMs > 0.
LoadResult sampleResult(int seconds, double rate = 2000, double typicalMs = 20, double stallMs = 0)
{
    LoadResult result;
    result.settings.target.url = "https://partner.example/firehose";
    result.settings.token = secretToken; // the engine clears it; the reports must not rely on that
    result.settings.mix = parseMix("event=80,audience-membership=20").value();
    result.settings.rate = rate;
    result.settings.duration = std::chrono::seconds(seconds);
    result.startedAt = "2024-02-01T12:00:00Z";
    result.startEpochSeconds = 1'706'788'800;
    result.measuredSeconds = seconds;

    std::mt19937_64 random(42);
    std::lognormal_distribution<double> latency(std::log(typicalMs * 1000), 0.25);
    const auto perSecond = static_cast<std::int64_t>(rate);
    for (int s = 0; s < seconds; ++s) {
        LoadSecond second;
        second.second = s;
        LatencyHistogram corrected, service;
        for (std::int64_t i = 0; i < perSecond; ++i) {
            auto value = static_cast<std::int64_t>(latency(random));
            service.record(value);
            if (stallMs > 0 && s == seconds / 2)
                value += static_cast<std::int64_t>(stallMs * 1000);
            corrected.record(value);
        }
        second.counts.scheduled = perSecond;
        second.counts.completed = perSecond - (s == 1 ? 3 : 0);
        second.counts.accepted = second.counts.completed - (s == 2 ? 5 : 0);
        second.counts.errors = s == 1 ? 3 : 0;
        if (s == 1)
            second.counts.errorKinds["timeout"] = 3;
        second.counts.statuses[200] = second.counts.accepted;
        if (s == 2) {
            second.counts.statuses[429] = 5;
            second.counts.throttled = 5;
        }
        second.latency = Percentiles::of(corrected);
        second.service = Percentiles::of(service);
        second.latencyHistogram = corrected.encodeCompressedBase64();
        result.latency.add(corrected);
        result.service.add(service);

        LoadCounts &t = result.totals;
        t.scheduled += second.counts.scheduled;
        t.completed += second.counts.completed;
        t.accepted += second.counts.accepted;
        t.errors += second.counts.errors;
        t.throttled += second.counts.throttled;
        for (const auto &[status, n] : second.counts.statuses)
            t.statuses[status] += n;
        for (const auto &[kind, n] : second.counts.errorKinds)
            t.errorKinds[kind] += n;
        result.timeline.push_back(std::move(second));
    }
    result.perType["event"] = result.totals.scheduled * 8 / 10;
    result.perType["audience-membership"] = result.totals.scheduled - result.perType["event"];
    result.achievedRate = seconds > 0 ? static_cast<double>(result.totals.completed) / result.measuredSeconds : 0;
    judge(result);
    return result;
}

// A minimal result for the verdict rules: `scheduled` requests, all with latency `latencyMs`.
LoadResult verdictCase(double latencyMs, std::int64_t scheduled, std::int64_t errors,
                       Statuses statuses, double achieved, bool cancelled,
                       std::chrono::milliseconds budget, double maxErrorRatio)
{
    LoadResult r;
    r.settings.rate = 2000;
    r.settings.budget = budget;
    r.settings.maxErrorRatio = maxErrorRatio;
    r.measuredSeconds = 10;
    r.cancelled = cancelled;
    r.achievedRate = achieved;
    r.totals.scheduled = scheduled;
    r.totals.errors = errors;
    r.totals.statuses = std::move(statuses);
    r.totals.throttled = r.totals.statuses.contains(429) ? r.totals.statuses.at(429) : 0;
    if (scheduled > 0)
        r.latency.record(static_cast<std::int64_t>(latencyMs * 1000), scheduled);
    return r;
}

QString reasonsOf(const LoadResult &r)
{
    QStringList list;
    for (const std::string &reason : r.reasons)
        list << QString::fromStdString(reason);
    return list.join(QLatin1Char('|'));
}

} // namespace

class TestLoadReport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void judgeRules_data()
    {
        QTest::addColumn<double>("latencyMs");
        QTest::addColumn<qint64>("scheduled");
        QTest::addColumn<qint64>("errors");
        QTest::addColumn<Statuses>("statuses");
        QTest::addColumn<double>("achieved");
        QTest::addColumn<bool>("cancelled");
        QTest::addColumn<std::chrono::milliseconds>("budget");
        QTest::addColumn<bool>("passed");
        QTest::addColumn<QString>("reason"); // a fragment of the reasons; empty: no reasons at all

        const Statuses allOk{{200, 20000}};
        QTest::newRow("all good") << 20.0 << qint64(20000) << qint64(0) << allOk << 2000.0 << false << 100ms << true << QString();
        QTest::newRow("p99 over budget") << 150.0 << qint64(20000) << qint64(0) << allOk << 2000.0 << false << 100ms
                                         << false << QStringLiteral("p99 latency was 150.0 ms, over the 100 ms budget");
        QTest::newRow("p99 at the budget") << 100.0 << qint64(20000) << qint64(0) << allOk << 2000.0 << false << 100ms
                                           << true << QString();
        QTest::newRow("p99 just past the budget") << 100.2 << qint64(20000) << qint64(0) << allOk << 2000.0 << false
                                                  << 100ms << false << QStringLiteral("100 ms budget");
        QTest::newRow("lambda budget") << 150.0 << qint64(20000) << qint64(0) << allOk << 2000.0 << false << 200ms
                                       << true << QString();
        QTest::newRow("errors over 1%") << 20.0 << qint64(20000) << qint64(300) << Statuses{{200, 19700}} << 2000.0
                                        << false << 100ms << false
                                        << QStringLiteral("300 of 20,000 requests failed (1.5%), more than the 1% allowed");
        QTest::newRow("429 counts as failure") << 20.0 << qint64(20000) << qint64(0) << Statuses{{200, 19700}, {429, 300}}
                                               << 2000.0 << false << 100ms << false
                                               << QStringLiteral("300 of them 429 Too Many Requests");
        QTest::newRow("5xx at exactly 1%") << 20.0 << qint64(20000) << qint64(0) << Statuses{{200, 19800}, {500, 200}}
                                           << 2000.0 << false << 100ms << true << QString();
        QTest::newRow("errors and 5xx add up") << 20.0 << qint64(20000) << qint64(150) << Statuses{{200, 19700}, {503, 150}}
                                               << 2000.0 << false << 100ms << false
                                               << QStringLiteral("150 got no answer and 150 got a non-2xx status");
        QTest::newRow("201 is 2xx") << 20.0 << qint64(20000) << qint64(0) << Statuses{{201, 20000}} << 2000.0 << false
                                    << 100ms << true << QString();
        QTest::newRow("rate below 98%") << 20.0 << qint64(20000) << qint64(0) << allOk << 1950.0 << false << 100ms << false
                                        << QStringLiteral("achieved rate was 1,950 req/s, below 98% of the 2,000 req/s target (1,960 req/s)");
        QTest::newRow("rate at 98%") << 20.0 << qint64(20000) << qint64(0) << allOk << 1960.0 << false << 100ms << true
                                     << QString();
        QTest::newRow("cancelled") << 20.0 << qint64(20000) << qint64(0) << allOk << 2000.0 << true << 100ms << false
                                   << QStringLiteral("cancelled after 10 s of the 10 s planned");
        QTest::newRow("nothing scheduled") << 20.0 << qint64(0) << qint64(0) << Statuses{} << 0.0 << false << 100ms
                                           << false << QStringLiteral("No request was scheduled");
        QTest::newRow("a little throttling passes, noted")
            << 20.0 << qint64(20000) << qint64(0) << Statuses{{200, 19990}, {429, 10}} << 2000.0 << false << 100ms << true
            << QStringLiteral("10 requests were throttled with 429");
    }

    void judgeRules()
    {
        QFETCH(double, latencyMs);
        QFETCH(qint64, scheduled);
        QFETCH(qint64, errors);
        QFETCH(Statuses, statuses);
        QFETCH(double, achieved);
        QFETCH(bool, cancelled);
        QFETCH(std::chrono::milliseconds, budget);
        QFETCH(bool, passed);
        QFETCH(QString, reason);
        LoadResult r = verdictCase(latencyMs, scheduled, errors, statuses, achieved, cancelled, budget, 0.01);
        r.settings.duration = 10s;
        judge(r);
        QCOMPARE(r.passed, passed);
        const QString reasons = reasonsOf(r);
        if (reason.isEmpty())
            QVERIFY2(r.reasons.empty(), qPrintable(reasons));
        else
            QVERIFY2(reasons.contains(reason), qPrintable(reasons));
        if (!passed)
            QVERIFY(!r.reasons.empty()); // a failure always says why
    }

    void judgeIsRepeatable()
    {
        LoadResult r = sampleResult(3);
        const auto first = r.reasons;
        judge(r);
        QCOMPARE(r.reasons, first); // reasons are replaced, not appended
    }

    void secretsStayOut()
    {
        LoadResult r = sampleResult(3);
        r.settings.target.url = "https://user:pa55word@partner.example/firehose";
        r.settings.target.perFamily[fhw::transport::Family::Audience] = "https://aud:pa55word@partner.example/aud";
        const std::string json = loadReportJson(r).dump();
        for (const std::string &output : {json, loadReportText(r), loadChartSvg(r), loadHistogramLog(r)}) {
            QVERIFY(output.find("S3CRET") == std::string::npos);
            QVERIFY(output.find("pa55word") == std::string::npos);
        }
        QVERIFY(json.find("\"token\"") == std::string::npos);
        QVERIFY(json.find("partner.example/firehose") != std::string::npos);
    }

    void jsonHasEverything()
    {
        const LoadResult r = sampleResult(5);
        const auto json = loadReportJson(r);
        QCOMPARE(json.at("passed").get<bool>(), r.passed);
        QCOMPARE(json.at("timeline").size(), std::size_t(5));
        QCOMPARE(json.at("totals").at("scheduled").get<std::int64_t>(), 10000);
        QCOMPARE(json.at("totals").at("statuses").at("429").get<std::int64_t>(), 5);
        QCOMPARE(json.at("totals").at("errorKinds").at("timeout").get<std::int64_t>(), 3);
        QCOMPARE(json.at("latency").at("p99_us").get<std::int64_t>(), r.latency.valueAtPercentile(99));
        QCOMPARE(json.at("settings").at("mixText").get<std::string>(), std::string("event=80,audience-membership=20"));
        QCOMPARE(json.at("settings").at("budgetMs").get<std::int64_t>(), 100);
        QCOMPARE(json.at("perType").at("event").get<std::int64_t>(), 8000);
        // The histograms travel in HdrHistogram's compressed form and decode to the same counts.
        const auto latency = LatencyHistogram::decodeCompressedBase64(json.at("latency").at("histogram").get<std::string>());
        QVERIFY(latency.has_value() && *latency == r.latency);
        const auto second = json.at("timeline").at(2);
        QCOMPARE(second.at("second").get<int>(), 2);
        QCOMPARE(second.at("counts").at("throttled").get<std::int64_t>(), 5);
        QCOMPARE(second.at("latencyHistogram").get<std::string>(), r.timeline[2].latencyHistogram);
    }

    void textHasTheKeyFigures()
    {
        const LoadResult r = sampleResult(10, 2000, 20, 600);
        const QString text = QString::fromStdString(loadReportText(r));
        const auto ms = [](std::int64_t micros) { return QString::number(static_cast<double>(micros) / 1000.0, 'f', micros < 10'000 ? 3 : micros < 1'000'000 ? 1 : 0); };
        for (const QString &expected :
             {QStringLiteral("1,999.7 req/s achieved of 2,000 req/s target"), QStringLiteral("event=80,audience-membership=20"),
              QStringLiteral("20,000 scheduled"), QStringLiteral("200: 19,992"), QStringLiteral("429: 5"),
              QStringLiteral("timeout: 3"), QStringLiteral("Throttled     5 (429)"), QStringLiteral("event: 16,000"),
              ms(r.latency.valueAtPercentile(99)), ms(r.latency.valueAtPercentile(99.9)), ms(r.service.valueAtPercentile(50)),
              ms(r.latency.max()), QStringLiteral("Per second"), QStringLiteral("FAIL"),
              QStringLiteral("over the 100 ms budget")}) {
            QVERIFY2(text.contains(expected), qPrintable(expected + QStringLiteral(" missing in:\n") + text));
        }
        // The stall shows in the corrected figures and not in the service time.
        QVERIFY(r.latency.valueAtPercentile(99.9) >= 500'000);
        QVERIFY(r.service.valueAtPercentile(99.9) < 100'000);
        // ≤ 60 s: one row per second.
        QCOMPARE(text.count(QRegularExpression(QStringLiteral("\\n +\\d+ +2,000 "))), 10);
    }

    void longRunsGetASummary()
    {
        const LoadResult r = sampleResult(75, 50);
        const QString text = QString::fromStdString(loadReportText(r));
        QVERIFY(text.contains(QStringLiteral("the five seconds with the highest p99")));
        QCOMPARE(text.count(QRegularExpression(QStringLiteral("\\n +\\d+ +50 "))), 5);
        QVERIFY(text.contains(QStringLiteral("PASS")));
    }

    void svgParsesWithBudgetLine_data()
    {
        QTest::addColumn<int>("seconds");
        QTest::addColumn<double>("stallMs");
        QTest::addColumn<std::chrono::milliseconds>("budget");
        QTest::addColumn<QString>("label");
        QTest::newRow("http, 10 s") << 10 << 0.0 << 100ms << QStringLiteral("100 ms budget");
        QTest::newRow("lambda, stall, log scale") << 10 << 900.0 << 200ms << QStringLiteral("200 ms budget");
        QTest::newRow("long run") << 120 << 0.0 << 100ms << QStringLiteral("100 ms budget");
        QTest::newRow("empty run") << 0 << 0.0 << 100ms << QStringLiteral("100 ms budget");
    }

    void svgParsesWithBudgetLine()
    {
        QFETCH(int, seconds);
        QFETCH(double, stallMs);
        QFETCH(std::chrono::milliseconds, budget);
        QFETCH(QString, label);
        LoadResult r = sampleResult(seconds, seconds > 60 ? 50 : 2000, 20, stallMs);
        r.settings.budget = budget;
        judge(r);
        const std::string svg = loadChartSvg(r);

        QXmlStreamReader xml(QByteArray::fromStdString(svg));
        int budgetLabels = 0, dashedLines = 0, polylines = 0, rects = 0;
        bool rootIsSvg = false;
        while (!xml.atEnd()) {
            if (xml.readNext() != QXmlStreamReader::StartElement)
                continue;
            const QStringView name = xml.name();
            if (!rootIsSvg)
                rootIsSvg = name == QLatin1String("svg") &&
                    xml.namespaceUri() == QLatin1String("http://www.w3.org/2000/svg");
            QVERIFY2(name != QLatin1String("script") && name != QLatin1String("image") &&
                         name != QLatin1String("foreignObject"),
                     "no scripts or external content");
            for (const auto &attribute : xml.attributes())
                QVERIFY2(!attribute.name().contains(QLatin1String("href")) &&
                             !attribute.name().startsWith(QLatin1String("on")),
                         qPrintable(attribute.name().toString()));
            if (name == QLatin1String("line") && xml.attributes().hasAttribute(QLatin1String("stroke-dasharray")))
                ++dashedLines;
            if (name == QLatin1String("polyline"))
                ++polylines;
            if (name == QLatin1String("rect"))
                ++rects;
            if (name == QLatin1String("text") && xml.readElementText() == label)
                ++budgetLabels;
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString() + QStringLiteral(" at line ") +
                                             QString::number(xml.lineNumber())));
        QVERIFY(rootIsSvg);
        QCOMPARE(budgetLabels, 4);  // in both legends and on both lines
        QCOMPARE(dashedLines, 4);   // both legend swatches and both budget lines
        QCOMPARE(polylines, seconds > 0 ? 4 : 0); // p50, p90, p99, max
        if (seconds > 0)
            QVERIFY(rects > 2);     // background, legend swatch, and bars
    }

    void histogramLogHasEverySecond()
    {
        const LoadResult r = sampleResult(4);
        const auto log = readHistogramLog(loadHistogramLog(r));
        QVERIFY2(log.has_value(), log ? "" : log.error().message.c_str());
        QCOMPARE(log->intervals.size(), std::size_t(4));
        QCOMPARE(log->startTimeEpochSeconds, r.startEpochSeconds);
        for (std::size_t i = 0; i < 4; ++i) {
            QCOMPARE(log->intervals[i].startSeconds, static_cast<double>(i));
            QCOMPARE(log->intervals[i].lengthSeconds, 1.0);
            QVERIFY(log->intervals[i].histogram ==
                    LatencyHistogram::decodeCompressedBase64(r.timeline[i].latencyHistogram).value());
        }
    }
};

QTEST_GUILESS_MAIN(TestLoadReport)
#include "tst_loadreport.moc"
