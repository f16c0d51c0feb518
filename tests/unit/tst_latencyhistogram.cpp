#include "readiness/latencyhistogram.h"

#include <QTest>

#include <chrono>
#include <cstdio>
#include <random>

using fhw::readiness::LatencyHistogram;

namespace {

constexpr std::int64_t hour = std::int64_t{3600} * 1000 * 1000; // µs

// The reference implementations' standard fixture (HdrHistogram's HistogramTest and
// HdrHistogram_c's hdr_histogram_test.c): 10,000 values of 1 ms and one of 100 s, recorded raw and
// with an expected interval of 10 ms, in a 1 µs..1 h histogram at 3 digits.
struct ReferenceFixture
{
    LatencyHistogram raw{1, hour, 3};
    LatencyHistogram corrected{1, hour, 3};

    ReferenceFixture()
    {
        for (int i = 0; i < 10000; ++i) {
            raw.record(1000);
            corrected.recordCorrected(1000, 10000);
        }
        raw.record(100'000'000);
        corrected.recordCorrected(100'000'000, 10000);
    }
};

bool within(double actual, double expected, double relative)
{
    return std::abs(actual - expected) <= expected * relative;
}

std::vector<std::uint8_t> bytes(std::initializer_list<int> list)
{
    std::vector<std::uint8_t> out;
    for (int b : list)
        out.push_back(static_cast<std::uint8_t>(b));
    return out;
}

std::string formatted3(double value)
{
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.3f", value);
    return buffer;
}

LatencyHistogram randomHistogram(unsigned seed, int samples)
{
    std::mt19937_64 random(seed);
    std::lognormal_distribution<double> latency(std::log(20'000.0), 1.2); // around 20 ms, long tail
    LatencyHistogram h;
    for (int i = 0; i < samples; ++i)
        h.record(static_cast<std::int64_t>(latency(random)));
    return h;
}

} // namespace

class TestLatencyHistogram : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Equivalence ranges as HdrHistogram's own tests state them for a 1..3,600,000,000, 3-digit histogram.
    void equivalenceRanges()
    {
        const LatencyHistogram h(1, hour, 3);
        QCOMPARE(h.sizeOfEquivalentRange(1), 1);
        QCOMPARE(h.sizeOfEquivalentRange(1025), 1);
        QCOMPARE(h.sizeOfEquivalentRange(2047), 1);
        QCOMPARE(h.sizeOfEquivalentRange(2048), 2);
        QCOMPARE(h.sizeOfEquivalentRange(2500), 2);
        QCOMPARE(h.sizeOfEquivalentRange(8191), 4);
        QCOMPARE(h.sizeOfEquivalentRange(8192), 8);
        QCOMPARE(h.sizeOfEquivalentRange(10000), 8);
        QCOMPARE(h.lowestEquivalentValue(10007), 10000);
        QCOMPARE(h.lowestEquivalentValue(10009), 10008);
        QCOMPARE(h.highestEquivalentValue(8180), 8183);
        QCOMPARE(h.highestEquivalentValue(8191), 8191);
        QCOMPARE(h.highestEquivalentValue(8193), 8199);
        QCOMPARE(h.highestEquivalentValue(9995), 9999);
        QCOMPARE(h.highestEquivalentValue(10007), 10007);
        QCOMPARE(h.highestEquivalentValue(10008), 10015);
        QVERIFY(h.valuesAreEquivalent(10000, 10007));
        QVERIFY(!h.valuesAreEquivalent(10007, 10008));
        QCOMPARE(h.lowestEquivalentValue(0), 0);
    }

    void precisionWithinOneThousandth()
    {
        const LatencyHistogram h; // 1 µs .. 60 s, 3 digits
        std::mt19937_64 random(7);
        std::uniform_int_distribution<std::int64_t> value(1, 60'000'000);
        for (int i = 0; i < 200'000; ++i) {
            const std::int64_t v = i < 3000 ? i + 1 : value(random);
            const std::int64_t low = h.lowestEquivalentValue(v);
            const std::int64_t high = h.highestEquivalentValue(v);
            QVERIFY(low <= v && v <= high);
            QVERIFY2(static_cast<double>(high - low + 1) / static_cast<double>(v) <= 0.001 || high == low,
                     qPrintable(QStringLiteral("range of %1 is %2..%3").arg(v).arg(low).arg(high)));
            if (v < 2048)
                QCOMPARE(high, low); // unit resolution below 2·10^3
        }
        // A recorded value comes back within 0.1%.
        for (std::int64_t v : {1LL, 999LL, 2047LL, 12'345LL, 1'234'567LL, 59'999'999LL}) {
            LatencyHistogram one;
            one.record(v);
            QVERIFY(within(static_cast<double>(one.valueAtPercentile(50)), static_cast<double>(v), 0.001));
            QVERIFY(within(static_cast<double>(one.max()), static_cast<double>(v), 0.001));
            QVERIFY(within(static_cast<double>(one.min()), static_cast<double>(v), 0.001));
        }
    }

    void referencePercentiles_data()
    {
        QTest::addColumn<bool>("corrected");
        QTest::addColumn<double>("percentile");
        QTest::addColumn<double>("expected");
        // The values the reference implementations' tests assert (within 0.1%).
        QTest::newRow("raw 30") << false << 30.0 << 1000.0;
        QTest::newRow("raw 99") << false << 99.0 << 1000.0;
        QTest::newRow("raw 99.99") << false << 99.99 << 1000.0;
        QTest::newRow("raw 99.999") << false << 99.999 << 1e8;
        QTest::newRow("raw 100") << false << 100.0 << 1e8;
        QTest::newRow("corrected 30") << true << 30.0 << 1000.0;
        QTest::newRow("corrected 50") << true << 50.0 << 1000.0;
        QTest::newRow("corrected 75") << true << 75.0 << 5e7;
        QTest::newRow("corrected 90") << true << 90.0 << 8e7;
        QTest::newRow("corrected 99") << true << 99.0 << 9.8e7;
        QTest::newRow("corrected 99.999") << true << 99.999 << 1e8;
        QTest::newRow("corrected 100") << true << 100.0 << 1e8;
    }

    void referencePercentiles()
    {
        QFETCH(bool, corrected);
        QFETCH(double, percentile);
        QFETCH(double, expected);
        const ReferenceFixture f;
        const LatencyHistogram &h = corrected ? f.corrected : f.raw;
        QVERIFY2(within(static_cast<double>(h.valueAtPercentile(percentile)), expected, 0.001),
                 qPrintable(QString::number(h.valueAtPercentile(percentile))));
    }

    void referenceCountsMinMax()
    {
        const ReferenceFixture f;
        QCOMPARE(f.raw.totalCount(), 10001);
        QCOMPARE(f.corrected.totalCount(), 20000); // 10,000 + the 9,999 missed samples + the stall
        QCOMPARE(f.raw.min(), 1000);
        QCOMPARE(f.corrected.min(), 1000);
        QVERIFY(f.raw.valuesAreEquivalent(f.raw.max(), 100'000'000));
        QVERIFY(f.corrected.valuesAreEquivalent(f.corrected.max(), 100'000'000));
        QVERIFY(within(f.raw.mean(), (10000.0 * 1000 + 1e8) / 10001, 0.001));
    }

    // HdrHistogram's testGetValueAtPercentileExamples: the count is rounded up after taking one
    // ulp off the percentile, so 50% of {1, 2} is 1 and anything visibly above 50% is 2.
    void percentileRounding()
    {
        LatencyHistogram h(1, hour, 3);
        h.record(1);
        h.record(2);
        QCOMPARE(h.valueAtPercentile(50.0), 1);
        QCOMPARE(h.valueAtPercentile(50.00000000000001), 1);
        QCOMPARE(h.valueAtPercentile(50.0000000000001), 2);
        h.record(2, 3);
        QCOMPARE(h.valueAtPercentile(25), 2);
        QCOMPARE(h.valueAtPercentile(30), 2);
    }

    // Another layout (lowest 2·10^7, 5 digits), after HdrHistogram_c's test_create_with_large_values.
    void largeLowestValue()
    {
        LatencyHistogram h(20'000'000, 100'000'000, 5);
        h.record(100'000'000);
        h.record(20'000'000);
        h.record(30'000'000);
        QVERIFY(h.valuesAreEquivalent(20'000'000, h.valueAtPercentile(33.33)));
        QVERIFY(h.valuesAreEquivalent(30'000'000, h.valueAtPercentile(33.34)));
        QVERIFY(h.valuesAreEquivalent(30'000'000, h.valueAtPercentile(66.66)));
        QVERIFY(h.valuesAreEquivalent(100'000'000, h.valueAtPercentile(66.67)));
        QVERIFY(h.valuesAreEquivalent(100'000'000, h.valueAtPercentile(99.0)));

        LatencyHistogram wide(1, 1'000'000'000'000, 5); // HdrHistogram's ...ForLargeHistogram
        wide.record(1'000'000'000'000);
        QVERIFY(wide.valuesAreEquivalent(wide.valueAtPercentile(100), 1'000'000'000'000));
    }

    // HdrHistogram's testGetMean / testGetStdDeviation on the corrected fixture.
    void referenceMeanAndDeviation()
    {
        const ReferenceFixture f;
        const double expectedMean = (1000.0 + 50'000'000.0) / 2;
        QVERIFY(within(f.corrected.mean(), expectedMean, 0.001));
        double squares = 10000 * std::pow(1000.0 - expectedMean, 2);
        for (std::int64_t v = 10000; v <= 100'000'000; v += 10000)
            squares += std::pow(static_cast<double>(v) - expectedMean, 2);
        QVERIFY(within(f.corrected.stddev(), std::sqrt(squares / 20000), 0.001));
        const double rawMean = (10000.0 * 1000 + 1e8) / 10001;
        const double rawDeviation =
            std::sqrt((10000.0 * std::pow(1000.0 - rawMean, 2) + std::pow(1e8 - rawMean, 2)) / 10001);
        QVERIFY(within(f.raw.stddev(), rawDeviation, 0.001));
    }

    void uniformDistribution()
    {
        LatencyHistogram h;
        for (std::int64_t v = 1; v <= 10000; ++v)
            h.record(v);
        QCOMPARE(h.valueAtPercentile(10), 1000);   // exact below 2048
        QCOMPARE(h.valueAtPercentile(20), 2000);   // still exact
        QCOMPARE(h.valueAtPercentile(30), 3001);   // 3000 lies in the 3000..3001 range
        QVERIFY(within(static_cast<double>(h.valueAtPercentile(50)), 5000, 0.001));
        QVERIFY(within(static_cast<double>(h.valueAtPercentile(90)), 9000, 0.001));
        QVERIFY(within(static_cast<double>(h.valueAtPercentile(99)), 9900, 0.001));
        QVERIFY(within(h.mean(), 5000.5, 0.001));
        QVERIFY(within(h.stddev(), 2886.75, 0.002)); // sqrt((10000² - 1) / 12)
    }

    void percentileEdges()
    {
        LatencyHistogram empty;
        QCOMPARE(empty.valueAtPercentile(50), 0);
        QCOMPARE(empty.min(), 0);
        QCOMPARE(empty.max(), 0);
        QCOMPARE(empty.mean(), 0.0);

        LatencyHistogram h;
        h.record(10'007);
        h.record(20'000);
        h.record(5'000'000);
        // 0: the lowest value every sample is at or above; 100: the highest equivalent of the max.
        QCOMPARE(h.valueAtPercentile(0), h.lowestEquivalentValue(10'007));
        QCOMPARE(h.valueAtPercentile(-5), h.lowestEquivalentValue(10'007));
        QCOMPARE(h.valueAtPercentile(100), h.max());
        QCOMPARE(h.valueAtPercentile(250), h.max());
        QCOMPARE(h.max(), h.highestEquivalentValue(5'000'000));
        QCOMPARE(h.valueAtPercentile(33.3), h.highestEquivalentValue(10'007));
        QCOMPARE(h.valueAtPercentile(33.34), h.highestEquivalentValue(20'000));
        QCOMPARE(h.valueAtPercentile(66.66), h.highestEquivalentValue(20'000));
        QCOMPARE(h.valueAtPercentile(66.67), h.highestEquivalentValue(5'000'000));
    }

    void clampsAboveSixtySeconds()
    {
        LatencyHistogram h;
        QVERIFY(h.record(90'000'000)); // a 90 s stall is not lost
        QVERIFY(h.record(1'000));
        QCOMPARE(h.totalCount(), 2);
        QCOMPARE(h.clampedCount(), 1);
        QCOMPARE(h.max(), h.highestEquivalentValue(60'000'000));
        QVERIFY(h.max() >= 60'000'000 && h.max() < 60'100'000);
        QCOMPARE(h.valueAtPercentile(100), h.max());
    }

    void refusesNegatives()
    {
        LatencyHistogram h;
        QVERIFY(!h.record(-1));
        QVERIFY(!h.record(5, -1));
        QVERIFY(!h.recordCorrected(-5, 10));
        QCOMPARE(h.totalCount(), 0);
        QVERIFY(h.record(0));
        QCOMPARE(h.totalCount(), 1);
        QCOMPARE(h.min(), 0);
        QVERIFY(h.record(7, 0)); // a count of zero is a no-op
        QCOMPARE(h.totalCount(), 1);
    }

    void correctedCounts_data()
    {
        QTest::addColumn<qint64>("value");
        QTest::addColumn<qint64>("interval");
        QTest::addColumn<qint64>("expectedCount");
        QTest::newRow("below interval") << qint64(50) << qint64(100) << qint64(1);
        QTest::newRow("equal interval") << qint64(100) << qint64(100) << qint64(1);
        QTest::newRow("two intervals") << qint64(200) << qint64(100) << qint64(2);      // 200, 100
        QTest::newRow("two and a half") << qint64(250) << qint64(100) << qint64(2);     // 250, 150
        QTest::newRow("1 s at 10 ms") << qint64(1'000'000) << qint64(10'000) << qint64(100);
        QTest::newRow("no interval") << qint64(1'000'000) << qint64(0) << qint64(1);
        QTest::newRow("90 s stall at 1 s") << qint64(90'000'000) << qint64(1'000'000) << qint64(90);
    }

    // Batched correction gives exactly what recording every missed sample one by one gives.
    void correctedCounts()
    {
        QFETCH(qint64, value);
        QFETCH(qint64, interval);
        QFETCH(qint64, expectedCount);
        LatencyHistogram batched;
        QVERIFY(batched.recordCorrected(value, interval));
        QCOMPARE(batched.totalCount(), expectedCount);

        LatencyHistogram oneByOne;
        oneByOne.record(value);
        for (std::int64_t missing = value - interval; interval > 0 && missing >= interval; missing -= interval)
            oneByOne.record(missing);
        QVERIFY(batched == oneByOne);
        QCOMPARE(batched.clampedCount(), oneByOne.clampedCount());
        QCOMPARE(batched.min(), oneByOne.min());
        QCOMPARE(batched.max(), oneByOne.max());
    }

    void correctedRandomAgainstNaive()
    {
        std::mt19937_64 random(11);
        std::uniform_int_distribution<std::int64_t> value(0, 70'000'000);
        std::uniform_int_distribution<std::int64_t> interval(50'000, 5'000'000);
        LatencyHistogram batched, naive;
        for (int i = 0; i < 300; ++i) {
            const std::int64_t v = value(random), step = interval(random);
            batched.recordCorrected(v, step);
            naive.record(v);
            for (std::int64_t missing = v - step; missing >= step; missing -= step)
                naive.record(missing);
        }
        QVERIFY(batched == naive);
        QCOMPARE(batched.clampedCount(), naive.clampedCount());
    }

    void correctedLongStallIsCheap()
    {
        // A 60 s stall at 1 µs spacing is 60 million missed samples; they go in range by range.
        LatencyHistogram h;
        const auto started = std::chrono::steady_clock::now();
        QVERIFY(h.recordCorrected(60'000'000, 1));
        QVERIFY(std::chrono::steady_clock::now() - started < std::chrono::seconds(1));
        QCOMPARE(h.totalCount(), 60'000'000);
        QCOMPARE(h.min(), 1);
        QVERIFY(within(static_cast<double>(h.valueAtPercentile(50)), 30'000'000, 0.001));
    }

    void addSameLayout()
    {
        LatencyHistogram a = randomHistogram(1, 5000), b = randomHistogram(2, 7000);
        b.record(80'000'000); // clamped, and the count of clamped values travels along
        LatencyHistogram both;
        both.add(a);
        both.add(b);
        QCOMPARE(both.totalCount(), a.totalCount() + b.totalCount());
        QCOMPARE(both.clampedCount(), 1);
        QCOMPARE(both.max(), b.max());
        QCOMPARE(both.min(), std::min(a.min(), b.min()));
        // The same as recording everything into one histogram.
        LatencyHistogram direct = randomHistogram(1, 5000);
        std::mt19937_64 random(2);
        std::lognormal_distribution<double> latency(std::log(20'000.0), 1.2);
        for (int i = 0; i < 7000; ++i)
            direct.record(static_cast<std::int64_t>(latency(random)));
        direct.record(80'000'000);
        QVERIFY(both == direct);
    }

    void addOtherLayout()
    {
        const ReferenceFixture f; // 1 µs .. 1 h
        LatencyHistogram h;       // 1 µs .. 60 s: the 100 s value is re-recorded, clamped
        h.add(f.raw);
        QCOMPARE(h.totalCount(), f.raw.totalCount());
        QCOMPARE(h.clampedCount(), 1);
        QCOMPARE(h.valueAtPercentile(50), f.raw.valueAtPercentile(50));
    }

    void reset()
    {
        LatencyHistogram h = randomHistogram(3, 1000);
        h.record(99'000'000);
        h.reset();
        QCOMPARE(h.totalCount(), 0);
        QCOMPARE(h.clampedCount(), 0);
        QCOMPARE(h.max(), 0);
        QCOMPARE(h.min(), 0);
        QCOMPARE(h.valueAtPercentile(99), 0);
        QVERIFY(h == LatencyHistogram());
        h.record(42);
        QCOMPARE(h.min(), 42);
        QCOMPARE(h.max(), 42);
    }

    void recordedValuesAndBuckets()
    {
        const LatencyHistogram h = randomHistogram(4, 20000);
        std::int64_t sum = 0, previousTo = -1;
        for (const auto &b : h.recordedValues()) {
            QVERIFY(b.count > 0);
            QVERIFY(b.from > previousTo && b.from <= b.to);
            QCOMPARE(b.to, h.highestEquivalentValue(b.from));
            sum += b.count;
            previousTo = b.to;
        }
        QCOMPARE(sum, h.totalCount());

        sum = 0;
        const auto buckets = h.logarithmicBuckets(100, 2.0);
        QCOMPARE(buckets.front().from, 0);
        QCOMPARE(buckets.front().to, 100);
        for (std::size_t i = 1; i < buckets.size(); ++i) {
            QCOMPARE(buckets[i].from, buckets[i - 1].to + 1);
            QCOMPARE(buckets[i].to, buckets[i - 1].to * 2);
        }
        for (const auto &b : buckets)
            sum += b.count;
        QCOMPARE(sum, h.totalCount());
        QVERIFY(buckets.back().to >= h.max());
        QVERIFY(LatencyHistogram().logarithmicBuckets().empty());
    }

    // HdrHistogram_c's test_logarithmic_values: 10 ms first bucket, doubling.
    void referenceLogarithmicBuckets()
    {
        const ReferenceFixture f;
        const auto raw = f.raw.logarithmicBuckets(10000, 2.0);
        QCOMPARE(raw.size(), std::size_t(15));
        QCOMPARE(raw[0].count, 10000);
        QCOMPARE(raw[14].count, 1);
        for (std::size_t i = 1; i < 14; ++i)
            QCOMPARE(raw[i].count, 0);
        const auto corrected = f.corrected.logarithmicBuckets(10000, 2.0);
        QCOMPARE(corrected.size(), std::size_t(15));
        QCOMPARE(corrected[0].count, 10001);
        std::int64_t sum = 0;
        for (const auto &b : corrected)
            sum += b.count;
        QCOMPARE(sum, 20000);
    }

    void encodingLayout()
    {
        LatencyHistogram h;
        h.record(5);
        const auto encoded = h.encode();
        // Header: cookie (V2 | 0x10 as the reference writes it), payload length, offset, digits,
        // lowest, highest, ratio 1.0 — all big-endian.
        const auto expectedHeader = bytes({0x1c, 0x84, 0x93, 0x13, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 3,
                                           0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0x03, 0x93, 0x87, 0x00,
                                           0x3f, 0xf0, 0, 0, 0, 0, 0, 0});
        QCOMPARE(std::vector<std::uint8_t>(encoded.begin(), encoded.begin() + 40), expectedHeader);
        // Payload: five zero counts as one run (-5, ZigZag 9), then the count 1 (ZigZag 2).
        QCOMPARE(std::vector<std::uint8_t>(encoded.begin() + 40, encoded.end()), bytes({0x09, 0x02}));

        LatencyHistogram big;
        big.record(3, std::int64_t{1} << 40);
        const auto large = big.encode();
        // 2^40 → ZigZag 2^41 → LEB128 in 6 bytes.
        QCOMPARE(std::vector<std::uint8_t>(large.begin() + 40, large.end()),
                 bytes({0x05, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40}));
        QVERIFY(LatencyHistogram::decode(large.data(), large.size()).value() == big);

        QVERIFY(h.encodeCompressedBase64().starts_with("HISTFAAA"));
    }

    void roundTrips()
    {
        std::vector<LatencyHistogram> cases;
        cases.push_back(LatencyHistogram());
        cases.push_back(randomHistogram(5, 50'000));
        LatencyHistogram extremes;
        extremes.record(0, 3);
        extremes.record(1);
        extremes.record(75'000'000, std::int64_t{1} << 50);
        cases.push_back(extremes);
        LatencyHistogram other(1000, std::int64_t{3600} * 1000 * 1000 * 1000, 2);
        other.record(123'456'789);
        other.record(1'000);
        cases.push_back(other);
        cases.push_back(ReferenceFixture().corrected);

        for (const LatencyHistogram &h : cases) {
            const auto encoded = h.encode();
            const auto decoded = LatencyHistogram::decode(encoded.data(), encoded.size());
            QVERIFY2(decoded.has_value(), decoded ? "" : decoded.error().message.c_str());
            QVERIFY(*decoded == h);
            QCOMPARE(decoded->max(), h.max());
            QCOMPARE(decoded->min(), h.min());
            QCOMPARE(decoded->valueAtPercentile(99.9), h.valueAtPercentile(99.9));
            QCOMPARE(decoded->lowestDiscernible(), h.lowestDiscernible());
            QCOMPARE(decoded->highestTrackable(), h.highestTrackable());
            QCOMPARE(decoded->significantDigits(), h.significantDigits());

            const auto compressed = LatencyHistogram::decodeCompressedBase64(h.encodeCompressedBase64());
            QVERIFY2(compressed.has_value(), compressed ? "" : compressed.error().message.c_str());
            QVERIFY(*compressed == h);
        }
    }

    // Cross-implementation evidence: interval histograms written by Java's HistogramLogWriter,
    // from HdrHistogram/HdrHistogram src/test/resources/org/HdrHistogram/jHiccup-2.0.7S.logV2.hlog
    // (values in ns; the third column is the interval's max in ms, i.e. our max() / 10^6).
    void decodesReferenceLogLines_data()
    {
        QTest::addColumn<QString>("maxColumn");
        QTest::addColumn<QString>("payload");
        QTest::newRow("0.126") << QStringLiteral("1.933")
            << QStringLiteral("HISTFAAAAEB42pNpmSzMwMAgywABTBDKT4GBgdnNYMcCBvsPEBEjDT0FMTUxMT05LgEhPqmIeWxtTAKMTNxM6xmZmAAjcgjc");
        QTest::newRow("1.133") << QStringLiteral("0.377")
            << QStringLiteral("HISTFAAAADx42pNpmSzMwMAgyQABTBDKT4GBgdnNYMcCBvsPEBEBDQUxCSkJMTEFOSExPhmbR6xfmPQ4GJmYAP4DCJg=");
        QTest::newRow("7.134") << QStringLiteral("960.496")
            << QStringLiteral("HISTFAAAAJV42pNpmSzMwMDUwAABTBDKT4GBgdnNYMcCBvsPEBEWLi4eNkY2PiYOPhYOLgGOLuZjTGLrGZnKgTCYyZrJEoh1"
                              "mWSZpMFQFkpyM/GCMTKJzOdkYoVCZjgLmc1MhDwzEyMQggl0SH1BbEJIgIUJC2AhUoxchSwsLGwsMIBgYRUkQyFBaQ4g"
                              "4EIl0PlcpKtB4wMAh5wT+Q==");
        QTest::newRow("13.132") << QStringLiteral("897.581")
            << QStringLiteral("HISTFAAAAJN42pNpmSzMwMBUyAABTBDKT4GBgdnNYMcCBvsPUBkRDjYWFiYONj42NjYeDq4JjOcYNY4yspQzlTN5MlkyWQOx"
                              "JpM0kywQS0NpSSZuJl4gRCcRLE4mViBkBpOsaGxCojAWIwpE41JBkJA6dMDCxESUGGUKkQRZQICNBQawsSiTJqCQiwMI"
                              "0AgOLsIEXmk2AGRbE3w=");
        QTest::newRow("35.133") << QStringLiteral("8.716")
            << QStringLiteral("HISTFAAAAEx42pNpmSzMwMCgzQABTBDKT4GBgdnNYMcCBvsPEBE+CQUJAQEOAQkFEQ4BIR6xD0xPWCcwcsizNDMylQNhOJM1kyUQ6zMxAQC4Hwtg");
    }

    void decodesReferenceLogLines()
    {
        QFETCH(QString, maxColumn);
        QFETCH(QString, payload);
        const auto h = LatencyHistogram::decodeCompressedBase64(payload.toStdString());
        QVERIFY2(h.has_value(), h ? "" : h.error().message.c_str());
        QVERIFY(h->totalCount() > 0);
        QCOMPARE(QString::fromStdString(formatted3(static_cast<double>(h->max()) / 1e6)), maxColumn);
        // And our encoding of it decodes to the same histogram.
        QVERIFY(LatencyHistogram::decodeCompressedBase64(h->encodeCompressedBase64()).value() == *h);
    }

    void corruptInput_data()
    {
        QTest::addColumn<QByteArray>("base64");
        QTest::addColumn<QString>("code");
        const QByteArray good = QByteArray::fromStdString(randomHistogram(6, 100).encodeCompressedBase64());
        QTest::newRow("not base64") << QByteArray("HIST!!!!") << QStringLiteral("histogram.base64");
        QTest::newRow("empty") << QByteArray("") << QStringLiteral("histogram.encoding");
        QTest::newRow("wrong cookie") << QByteArray("AAAAAAAAAAAAAAAA") << QStringLiteral("histogram.encoding");
        const QByteArray raw = QByteArray::fromBase64(good);
        QTest::newRow("truncated") << raw.left(raw.size() / 2).toBase64() << QStringLiteral("histogram.encoding");
        QByteArray flipped = raw;
        flipped[8] = 0; // the zlib stream's header byte
        QTest::newRow("corrupt zlib") << flipped.toBase64() << QStringLiteral("histogram.compression");
        QByteArray uncompressed;
        const auto plain = randomHistogram(6, 100).encode();
        uncompressed.append(reinterpret_cast<const char *>(plain.data()), static_cast<qsizetype>(plain.size()));
        QTest::newRow("uncompressed given") << uncompressed.toBase64() << QStringLiteral("histogram.encoding");
    }

    void corruptInput()
    {
        QFETCH(QByteArray, base64);
        QFETCH(QString, code);
        const auto decoded = LatencyHistogram::decodeCompressedBase64(base64.toStdString());
        QVERIFY(!decoded.has_value());
        QCOMPARE(QString::fromStdString(decoded.error().code), code);
        QVERIFY(!decoded.error().message.empty());
    }

    void corruptV2_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<QString>("fragment");
        const auto header = [](int payload, int digits, std::int64_t lowest, std::int64_t highest) {
            std::vector<std::uint8_t> out = bytes({0x1c, 0x84, 0x93, 0x13});
            const auto put = [&](std::uint64_t v, int n) {
                for (int s = (n - 1) * 8; s >= 0; s -= 8)
                    out.push_back(static_cast<std::uint8_t>(v >> s));
            };
            put(static_cast<std::uint32_t>(payload), 4);
            put(0, 4);
            put(static_cast<std::uint32_t>(digits), 4);
            put(static_cast<std::uint64_t>(lowest), 8);
            put(static_cast<std::uint64_t>(highest), 8);
            put(0x3ff0000000000000ULL, 8);
            return out;
        };
        const auto blob = [](std::vector<std::uint8_t> v, std::initializer_list<int> tail) {
            for (int b : tail)
                v.push_back(static_cast<std::uint8_t>(b));
            return QByteArray(reinterpret_cast<const char *>(v.data()), static_cast<qsizetype>(v.size()));
        };
        QTest::newRow("short header") << blob(bytes({0x1c, 0x84, 0x93, 0x13, 0}), {}) << QStringLiteral("too short");
        QTest::newRow("payload past end") << blob(header(10, 3, 1, 1000), {0x02}) << QStringLiteral("runs past");
        QTest::newRow("digits") << blob(header(1, 6, 1, 1000), {0x02}) << QStringLiteral("significant digits");
        QTest::newRow("range") << blob(header(1, 3, 0, 1000), {0x02}) << QStringLiteral("impossible range");
        QTest::newRow("too large") << blob(header(1, 5, 1, INT64_MAX), {0x02}) << QStringLiteral("too large");
        // digits 0, 1..4: three counts; a zero run of 100 overflows them.
        QTest::newRow("counts past layout") << blob(header(2, 0, 1, 4), {0xc7, 0x01}) << QStringLiteral("more counts");
        QTest::newRow("value cut short") << blob(header(1, 3, 1, 1000), {0x80}) << QStringLiteral("runs past the end");
    }

    void corruptV2()
    {
        QFETCH(QByteArray, data);
        QFETCH(QString, fragment);
        const auto decoded =
            LatencyHistogram::decode(reinterpret_cast<const std::uint8_t *>(data.constData()), std::size_t(data.size()));
        QVERIFY(!decoded.has_value());
        QCOMPARE(QString::fromStdString(decoded.error().code), QStringLiteral("histogram.encoding"));
        QVERIFY2(QString::fromStdString(decoded.error().message).contains(fragment),
                 decoded.error().message.c_str());
    }

    // Random bytes after a valid header never crash the decoder.
    void randomPayloadsAreSafe()
    {
        std::mt19937 random(9);
        const auto good = randomHistogram(8, 300).encode();
        for (int round = 0; round < 2000; ++round) {
            std::vector<std::uint8_t> data(good.begin(), good.begin() + 40);
            const int n = static_cast<int>(random() % 64);
            for (int i = 0; i < n; ++i)
                data.push_back(static_cast<std::uint8_t>(random()));
            const auto payload = static_cast<std::uint32_t>(n);
            data[4] = 0;
            data[5] = 0;
            data[6] = static_cast<std::uint8_t>(payload >> 8);
            data[7] = static_cast<std::uint8_t>(payload);
            const auto decoded = LatencyHistogram::decode(data.data(), data.size());
            if (decoded)
                QVERIFY(decoded->totalCount() >= 0);
        }
    }
};

QTEST_GUILESS_MAIN(TestLatencyHistogram)
#include "tst_latencyhistogram.moc"
