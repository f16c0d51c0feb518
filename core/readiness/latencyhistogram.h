#pragma once

// A High Dynamic Range histogram (Gil Tene's HdrHistogram algorithm) for latencies in microseconds:
// fixed memory, fixed relative precision, constant-time recording. Debian 12 ships no C/C++
// HdrHistogram library, so this is our own, tested against the algorithm's published properties
// and the V2 encoding its logs use.

#include "common/error.h"

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace fhw::readiness {

class LatencyHistogram
{
public:
    // Defaults: 1 µs to 60 s with 3 significant digits (values within 0.1% of what was recorded).
    explicit LatencyHistogram(std::int64_t lowestDiscernible = 1, std::int64_t highestTrackable = 60'000'000,
                              int significantDigits = 3);

    // Negative values are refused (false). Values above highestTrackable() are recorded as
    // highestTrackable() and counted in clampedCount(), so a 90 s stall is never lost from the counts.
    bool record(std::int64_t value, std::int64_t count = 1);
    // HdrHistogram's recordValueWithExpectedInterval: also records the samples a stalled recorder
    // missed (value - interval, value - 2·interval, ... while above interval).
    bool recordCorrected(std::int64_t value, std::int64_t expectedInterval);

    void add(const LatencyHistogram &other); // same layout required; values of another layout are re-recorded
    void reset();

    std::int64_t totalCount() const { return m_totalCount; }
    std::int64_t clampedCount() const { return m_clamped; }
    std::int64_t min() const; // 0 when empty
    std::int64_t max() const; // highest equivalent value of the largest recorded value; 0 when empty
    double mean() const;
    double stddev() const;
    // The smallest recorded value (as its highest equivalent) at or below which `percentile` % of
    // samples fall; percentile in [0, 100]. 0 when empty.
    std::int64_t valueAtPercentile(double percentile) const;

    std::int64_t lowestDiscernible() const { return m_lowest; }
    std::int64_t highestTrackable() const { return m_highest; }
    int significantDigits() const { return m_digits; }

    std::int64_t lowestEquivalentValue(std::int64_t value) const;
    std::int64_t highestEquivalentValue(std::int64_t value) const;
    std::int64_t sizeOfEquivalentRange(std::int64_t value) const;
    bool valuesAreEquivalent(std::int64_t a, std::int64_t b) const;

    struct Bucket
    {
        std::int64_t from = 0;  // lowest value of the range, inclusive
        std::int64_t to = 0;    // highest value of the range, inclusive
        std::int64_t count = 0;
    };
    // Every non-empty equivalence range, in ascending order.
    std::vector<Bucket> recordedValues() const;
    // Counts grouped into ranges whose upper bounds grow by `factor` from `firstUpper` (for charts).
    std::vector<Bucket> logarithmicBuckets(std::int64_t firstUpper = 100, double factor = 2.0) const;

    // HdrHistogram V2 encoding (cookie 0x1c849303), and its DEFLATE-compressed form (0x1c849304)
    // in base64, which is what one line of an HdrHistogram interval log carries.
    std::vector<std::uint8_t> encode() const;
    std::string encodeCompressedBase64() const;
    static std::expected<LatencyHistogram, Error> decode(const std::uint8_t *data, std::size_t size);
    static std::expected<LatencyHistogram, Error> decodeCompressedBase64(std::string_view text);

    friend bool operator==(const LatencyHistogram &a, const LatencyHistogram &b);

private:
    // See latencyhistogram.cpp for the layout (buckets of sub-buckets, as in HdrHistogram).
    std::int64_t m_lowest;
    std::int64_t m_highest;
    int m_digits;
    int m_unitMagnitude = 0;
    int m_subBucketHalfCountMagnitude = 0;
    std::int64_t m_subBucketCount = 0;
    std::int64_t m_subBucketHalfCount = 0;
    std::int64_t m_subBucketMask = 0;
    int m_bucketCount = 0;
    std::vector<std::int64_t> m_counts;
    std::int64_t m_totalCount = 0;
    std::int64_t m_clamped = 0;
    std::int64_t m_minNonZero = INT64_MAX;
    std::int64_t m_max = 0;
};

} // namespace fhw::readiness
