#include "readiness/histogramlog.h"

#include <QRegularExpression>
#include <QTest>

using namespace fhw::readiness;

namespace {

LatencyHistogram histogramOf(std::initializer_list<std::int64_t> values)
{
    LatencyHistogram h;
    for (std::int64_t v : values)
        h.record(v);
    return h;
}

// From HdrHistogram/HdrHistogram src/test/resources/org/HdrHistogram/tagged-non-monotonic.hlog
// (written by Java's HistogramLogWriter), first four lines.
const char *referenceTaggedLog =
    "#[Histogram log format version 1.2]\n"
    "\"StartTimestamp\",\"Interval_Length\",\"Interval_Max\",\"Interval_Compressed_Histogram\"\n"
    "Tag=A,2.133,1.001,0.426,HISTFAAAAD942pNpmSzMwMAgwwABTBDKT4GBgdnNYMcCBvsPEBE+Ph4OLgk5OSkeIS4+LgEeswIDo1+MbmdYNASYAA51CSo=\n"
    "Tag=A,3.134,1.001,0.426,HISTFAAAAD942pNpmSzMwMAgwwABTBDKT4GBgdnNYMcCBvsPEBExPiEpITEFGTkRKSEeOR6FkCg1hTeMXvNYlHhYABQ5CTo=\n"
    "Tag=B,0.127,1.007,2.769,HISTFAAAAEV42pNpmSzMwMCgyAABTBDKT4GBgdnNYMcCBvsPEBEJISEuATEZMQ4uASkhIR4nrxg9v2lMaxhvMekILGZkKmcCAEf2CsI=\n"
    "Tag=B,1.134,0.999,0.442,HISTFAAAAEJ42pNpmSzMwMAgxwABTBDKT4GBgdnNYMcCBvsPEBEWLj45FTExAT4pBSEBKa6UkAgBi1uM7xjfMMlwMDABAC0CCjM=\n";

// From HdrHistogram/HdrHistogram src/test/resources/org/HdrHistogram/jHiccup-2.0.7S.logV2.hlog,
// its header and first two intervals: a StartTime but no BaseTime, timestamps relative.
const char *referenceJHiccupLog =
    "#[Logged with jHiccup version 2.0.7-SNAPSHOT]\n"
    "#[Histogram log format version 1.2]\n"
    "#[StartTime: 1441753532.570 (seconds since epoch), Tue Sep 08 16:05:32 PDT 2015]\n"
    "\"StartTimestamp\",\"Interval_Length\",\"Interval_Max\",\"Interval_Compressed_Histogram\"\n"
    "0.126,1.007,1.933,HISTFAAAAEB42pNpmSzMwMAgywABTBDKT4GBgdnNYMcCBvsPEBEjDT0FMTUxMT05LgEhPqmIeWxtTAKMTNxM6xmZmAAjcgjc\n"
    "1.133,1.000,0.377,HISTFAAAADx42pNpmSzMwMAgyQABTBDKT4GBgdnNYMcCBvsPEBEBDQUxCSkJMTEFOSExPhmbR6xfmPQ4GJmYAP4DCJg=\n";

} // namespace

class TestHistogramLog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void writeThenRead()
    {
        HistogramLog log;
        log.startTimeEpochSeconds = 1'700'000'000.5;
        log.comment = "Logged with fhw load\nsecond line";
        log.intervals.push_back({0, 1, "", histogramOf({1000, 2000, 12'345})});
        log.intervals.push_back({1, 1, "", histogramOf({})});
        log.intervals.push_back({1, 1, "service", histogramOf({900, 80'000'000})});
        log.intervals.push_back({2, 0.25, "", histogramOf({5})});

        const std::string text = writeHistogramLog(log);
        const auto read = readHistogramLog(text);
        QVERIFY2(read.has_value(), read ? "" : read.error().message.c_str());
        QCOMPARE(read->startTimeEpochSeconds, 1'700'000'000.5);
        QCOMPARE(read->comment, log.comment);
        QCOMPARE(read->intervals.size(), log.intervals.size());
        for (std::size_t i = 0; i < log.intervals.size(); ++i) {
            QCOMPARE(read->intervals[i].tag, log.intervals[i].tag);
            QCOMPARE(read->intervals[i].startSeconds, log.intervals[i].startSeconds);
            QCOMPARE(read->intervals[i].lengthSeconds, log.intervals[i].lengthSeconds);
            QVERIFY(read->intervals[i].histogram == log.intervals[i].histogram);
        }
    }

    void writesTheReferenceShape()
    {
        HistogramLog log;
        log.startTimeEpochSeconds = 1'700'000'000;
        log.intervals.push_back({0, 1, "", histogramOf({12'345})});
        log.intervals.push_back({1, 1, "A", histogramOf({1'500'000})});
        const QStringList lines = QString::fromStdString(writeHistogramLog(log)).split(QLatin1Char('\n'));
        QCOMPARE(lines.value(0), QStringLiteral("#[Histogram log format version 1.3]"));
        QCOMPARE(lines.value(1),
                 QStringLiteral("#[StartTime: 1700000000.000 (seconds since epoch), Tue Nov 14 22:13:20 UTC 2023]"));
        QCOMPARE(lines.value(2), QStringLiteral("#[BaseTime: 1700000000.000 (seconds since epoch)]"));
        QCOMPARE(lines.value(3),
                 QStringLiteral(R"("StartTimestamp","Interval_Length","Interval_Max","Interval_Compressed_Histogram")"));
        // Interval_Max in ms: the max (12,351 µs, highest equivalent of 12,345) / 1000.
        QVERIFY2(QRegularExpression(QStringLiteral("^0\\.000,1\\.000,12\\.351,HISTFAAA[A-Za-z0-9+/=]+$"))
                     .match(lines.value(4)).hasMatch(),
                 qPrintable(lines.value(4)));
        QVERIFY2(lines.value(5).startsWith(QStringLiteral("Tag=A,1.000,1.000,1500.159,HISTFAAA")), qPrintable(lines.value(5)));
        QCOMPARE(lines.value(6), QString());
    }

    void readsReferenceTaggedLog()
    {
        const auto log = readHistogramLog(referenceTaggedLog);
        QVERIFY2(log.has_value(), log ? "" : log.error().message.c_str());
        QCOMPARE(log->intervals.size(), std::size_t(4));
        const char *tags[] = {"A", "A", "B", "B"};
        const double starts[] = {2.133, 3.134, 0.127, 1.134};
        const char *maxima[] = {"0.426", "0.426", "2.769", "0.442"};
        for (std::size_t i = 0; i < 4; ++i) {
            QCOMPARE(log->intervals[i].tag, std::string(tags[i]));
            QCOMPARE(log->intervals[i].startSeconds, starts[i]);
            QVERIFY(log->intervals[i].histogram.totalCount() > 0);
            // The Interval_Max column (ms) is the decoded histogram's max in ns / 10^6.
            QCOMPARE(QString::number(static_cast<double>(log->intervals[i].histogram.max()) / 1e6, 'f', 3),
                     QString::fromLatin1(maxima[i]));
        }
        QCOMPARE(log->startTimeEpochSeconds, 0.0);
    }

    void readsReferenceStartTime()
    {
        const auto log = readHistogramLog(referenceJHiccupLog);
        QVERIFY2(log.has_value(), log ? "" : log.error().message.c_str());
        QCOMPARE(log->startTimeEpochSeconds, 1441753532.570);
        QCOMPARE(log->comment, std::string("Logged with jHiccup version 2.0.7-SNAPSHOT"));
        QCOMPARE(log->intervals.size(), std::size_t(2));
        QCOMPARE(log->intervals[0].startSeconds, 0.126); // relative already: left alone
        QCOMPARE(log->intervals[1].lengthSeconds, 1.0);
    }

    void toleratesCommentsBlankLinesAndCrLf()
    {
        const std::string payload = histogramOf({100, 200}).encodeCompressedBase64();
        const std::string text = "# a plain comment\r\n"
                                 "\r\n"
                                 "#[StartTime: 1000000000.000 (seconds since epoch), whenever]\r\n"
                                 "\"StartTimestamp\",\"EndTimestamp\",\"Interval_Max\",\"Interval_Compressed_Histogram\"\r\n"
                                 "1000000003.500,1.000,0.200," + payload + "\r\n"
                                 "   \r\n";
        const auto log = readHistogramLog(text);
        QVERIFY2(log.has_value(), log ? "" : log.error().message.c_str());
        QCOMPARE(log->comment, std::string(" a plain comment"));
        QCOMPARE(log->intervals.size(), std::size_t(1));
        // An absolute timestamp without a BaseTime is made relative to the StartTime.
        QCOMPARE(log->intervals[0].startSeconds, 3.5);
        QCOMPARE(log->intervals[0].histogram.totalCount(), 2);
    }

    void emptyLogs()
    {
        const auto empty = readHistogramLog("");
        QVERIFY(empty.has_value());
        QVERIFY(empty->intervals.empty());
        const auto written = readHistogramLog(writeHistogramLog(HistogramLog{}));
        QVERIFY(written.has_value());
        QVERIFY(written->intervals.empty());
    }

    void malformedLines_data()
    {
        QTest::addColumn<QString>("line");
        QTest::addColumn<QString>("fragment");
        const QString payload = QString::fromStdString(histogramOf({100}).encodeCompressedBase64());
        QTest::newRow("three fields") << QStringLiteral("0.000,1.000,") + payload << QStringLiteral("4 fields");
        QTest::newRow("start not a number") << QStringLiteral("abc,1.000,0.100,") + payload << QStringLiteral("numbers");
        QTest::newRow("max not a number") << QStringLiteral("0.000,1.000,x,") + payload << QStringLiteral("numbers");
        QTest::newRow("bad base64") << QStringLiteral("0.000,1.000,0.100,HIST!!") << QStringLiteral("base64");
        QTest::newRow("not a histogram") << QStringLiteral("0.000,1.000,0.100,AAAAAAAAAAAA") << QStringLiteral("cookie");
        QTest::newRow("empty histogram field") << QStringLiteral("0.000,1.000,0.100,") << QStringLiteral("too short");
        QTest::newRow("tag alone") << QStringLiteral("Tag=A") << QStringLiteral("tag");
    }

    void malformedLines()
    {
        QFETCH(QString, line);
        QFETCH(QString, fragment);
        const std::string text = "#[Histogram log format version 1.3]\n"
                                 "\"StartTimestamp\",\"Interval_Length\",\"Interval_Max\",\"Interval_Compressed_Histogram\"\n" +
            line.toStdString() + "\n";
        const auto log = readHistogramLog(text);
        QVERIFY(!log.has_value());
        QCOMPARE(QString::fromStdString(log.error().code), QStringLiteral("hlog.format"));
        const QString message = QString::fromStdString(log.error().message);
        QVERIFY2(message.startsWith(QStringLiteral("line 3:")), qPrintable(message));
        QVERIFY2(message.contains(fragment), qPrintable(message));
    }
};

QTEST_GUILESS_MAIN(TestHistogramLog)
#include "tst_histogramlog.moc"
