#include "transport/retrypolicy.h"

#include <QTest>

#include <string>

using namespace fhw::transport;
using namespace std::chrono_literals;
using std::chrono::milliseconds;

Q_DECLARE_METATYPE(Outcome)

namespace {

RetryPolicy::Random fixed(double value)
{
    return [value] { return value; };
}

// Thu, 01 Feb 2024 12:00:00 GMT: the injected "now" for HTTP-date cases.
std::chrono::system_clock::time_point fixedNow()
{
    using namespace std::chrono;
    return sys_days(year(2024) / February / 1) + 12h;
}

RetryPolicy policy(RetrySettings settings = {}, double random = 0.5)
{
    return RetryPolicy(settings, fixedNow, fixed(random));
}

} // namespace

class TestRetryPolicy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void classify_data()
    {
        QTest::addColumn<long>("status");
        QTest::addColumn<Outcome>("outcome");
        // DOCS-OUT: 200 and 202 succeed; 408, 429, 500, 502, 503, 504 are retried; everything else is final.
        for (long status : {200L, 202L})
            QTest::addRow("%ld", status) << status << Outcome::Success;
        for (long status : {0L, 408L, 429L, 500L, 502L, 503L, 504L})
            QTest::addRow("%ld", status) << status << Outcome::Retry;
        for (long status : {201L, 204L, 301L, 302L, 400L, 401L, 403L, 404L, 409L, 413L, 422L, 501L, 505L})
            QTest::addRow("%ld", status) << status << Outcome::Final;
    }

    void classify()
    {
        QFETCH(long, status);
        QFETCH(Outcome, outcome);
        QCOMPARE(RetryPolicy::classify(status), outcome);
    }

    void exactDelays_data()
    {
        QTest::addColumn<int>("attempt");
        QTest::addColumn<qint64>("expected");
        QTest::newRow("first try") << 1 << qint64(0);
        QTest::newRow("2nd") << 2 << qint64(100);
        QTest::newRow("3rd") << 3 << qint64(200);
        QTest::newRow("4th") << 4 << qint64(400);
        QTest::newRow("5th") << 5 << qint64(800);
    }

    void exactDelays()
    {
        QFETCH(int, attempt);
        QFETCH(qint64, expected);
        // Random 0.5 is the middle of the jitter range: no jitter at all.
        const auto delay = policy().delayBefore(attempt);
        QVERIFY(delay);
        QCOMPARE(delay->count(), expected);
    }

    void otherFactor()
    {
        const auto p = policy(RetrySettings{.maxAttempts = 4, .base = 50ms, .factor = 3.0});
        QCOMPARE(p.delayBefore(2), std::optional(milliseconds(50)));
        QCOMPARE(p.delayBefore(3), std::optional(milliseconds(150)));
        QCOMPARE(p.delayBefore(4), std::optional(milliseconds(450)));
    }

    void jitterBounds_data()
    {
        QTest::addColumn<double>("random");
        QTest::addColumn<qint64>("expected");
        // 400 ms before the 4th attempt, jitter 0.2: 320 ms at random 0, just under 480 ms at 0.999.
        QTest::newRow("low end") << 0.0 << qint64(320);
        QTest::newRow("high end") << 0.999 << qint64(480); // 400 × (1 + 0.2 × 0.998) = 479.84
        QTest::newRow("quarter") << 0.25 << qint64(360);
    }

    void jitterBounds()
    {
        QFETCH(double, random);
        QFETCH(qint64, expected);
        const auto delay = policy({}, random).delayBefore(4);
        QVERIFY(delay);
        QCOMPARE(delay->count(), expected);
        QVERIFY(delay->count() >= 320 && delay->count() <= 480);
    }

    void defaultRandomStaysInBounds()
    {
        const RetryPolicy p; // real clock, real randomness
        for (int i = 0; i < 1000; ++i) {
            const auto delay = p.delayBefore(3);
            QVERIFY(delay);
            QVERIFY2(delay->count() >= 160 && delay->count() <= 240, std::to_string(delay->count()).c_str());
        }
    }

    void cap()
    {
        const auto p = policy(RetrySettings{.maxAttempts = 20, .base = 100ms, .factor = 2.0, .cap = 1000ms});
        QCOMPARE(p.delayBefore(5), std::optional(milliseconds(800)));
        QCOMPARE(p.delayBefore(6), std::optional(milliseconds(1000))); // 1600 capped
        QCOMPARE(p.delayBefore(20), std::optional(milliseconds(1000)));
        // The jitter applies to the capped delay.
        const auto high = policy(RetrySettings{.maxAttempts = 20, .cap = 1000ms}, 0.0).delayBefore(20);
        QCOMPARE(high, std::optional(milliseconds(800)));
    }

    void hugeAttemptNumbersDoNotOverflow()
    {
        const auto p = policy(RetrySettings{.maxAttempts = 100'000});
        QCOMPARE(p.delayBefore(100'000), std::optional(milliseconds(10'000)));
    }

    void attemptLimit()
    {
        const auto p = policy(RetrySettings{.maxAttempts = 3});
        QVERIFY(p.delayBefore(3));
        QVERIFY(!p.delayBefore(4));
        QVERIFY(!p.delayBefore(4, std::string_view("1")));
        const auto once = policy(RetrySettings{.maxAttempts = 1});
        QVERIFY(!once.delayBefore(2));
    }

    void retryAfter_data()
    {
        QTest::addColumn<QString>("header");
        QTest::addColumn<qint64>("expected"); // -1: no further attempt

        QTest::newRow("seconds") << QStringLiteral("3") << qint64(3000);
        QTest::newRow("zero") << QStringLiteral("0") << qint64(0);
        QTest::newRow("spaces") << QStringLiteral("  2 ") << qint64(2000);
        QTest::newRow("IMF-fixdate") << QStringLiteral("Thu, 01 Feb 2024 12:00:05 GMT") << qint64(5000);
        QTest::newRow("RFC 850") << QStringLiteral("Thursday, 01-Feb-24 12:00:30 GMT") << qint64(30'000);
        QTest::newRow("asctime") << QStringLiteral("Thu Feb  1 12:00:07 2024") << qint64(7000);
        QTest::newRow("past date") << QStringLiteral("Wed, 31 Jan 2024 12:00:00 GMT") << qint64(0);
        QTest::newRow("RFC 850 past century") << QStringLiteral("Sunday, 06-Nov-94 08:49:37 GMT") << qint64(0);
        // Unparsable: the computed delay (200 ms before the 3rd attempt) is used instead.
        QTest::newRow("garbage") << QStringLiteral("soon") << qint64(200);
        QTest::newRow("negative") << QStringLiteral("-5") << qint64(200);
        QTest::newRow("fraction") << QStringLiteral("1.5") << qint64(200);
        QTest::newRow("bad month") << QStringLiteral("Thu, 01 Foo 2024 12:00:05 GMT") << qint64(200);
        QTest::newRow("bad day") << QStringLiteral("Thu, 31 Feb 2024 12:00:05 GMT") << qint64(200);
        QTest::newRow("not GMT") << QStringLiteral("Thu, 01 Feb 2024 12:00:05 CET") << qint64(200);
        QTest::newRow("empty") << QString() << qint64(200);
        // Longer than maxRetryAfter (60 s): stop instead of waiting.
        QTest::newRow("over the limit") << QStringLiteral("61") << qint64(-1);
        QTest::newRow("date over the limit") << QStringLiteral("Thu, 01 Feb 2024 12:05:00 GMT") << qint64(-1);
        QTest::newRow("enormous") << QStringLiteral("99999999999999999999999") << qint64(-1);
        QTest::newRow("at the limit") << QStringLiteral("60") << qint64(60'000);
    }

    void retryAfter()
    {
        QFETCH(QString, header);
        QFETCH(qint64, expected);
        const std::string value = header.toStdString();
        const auto delay = policy().delayBefore(3, std::string_view(value));
        if (expected < 0) {
            QVERIFY(!delay);
        } else {
            QVERIFY(delay);
            QCOMPARE(delay->count(), expected);
        }
    }

    void retryAfterIgnoredWhenNotHonoured()
    {
        const auto p = policy(RetrySettings{.honourRetryAfter = false});
        QCOMPARE(p.delayBefore(2, std::string_view("5")), std::optional(milliseconds(100)));
        QCOMPARE(p.delayBefore(2, std::string_view("3600")), std::optional(milliseconds(100)));
    }

    void retryAfterHasNoJitter()
    {
        QCOMPARE(policy({}, 0.0).delayBefore(2, std::string_view("2")), std::optional(milliseconds(2000)));
    }

    void parseRetryAfterDirectly()
    {
        const auto p = policy();
        QCOMPARE(p.parseRetryAfter("120"), std::optional(milliseconds(120'000)));
        QCOMPARE(p.parseRetryAfter("Thu, 01 Feb 2024 12:01:00 GMT"), std::optional(milliseconds(60'000)));
        QVERIFY(!p.parseRetryAfter("tomorrow"));
        QVERIFY(!p.parseRetryAfter("Thu, 01 Feb 2024 12:01:00 GMT trailing"));
        QVERIFY(!p.parseRetryAfter("Thu, 01 Feb 2024 25:01:00 GMT"));
    }
};

QTEST_APPLESS_MAIN(TestRetryPolicy)
#include "tst_retrypolicy.moc"
