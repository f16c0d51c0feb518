#include "latencyhistogram.h"
#include "latencyhistogram_p.h"

#include <algorithm>
#include <cmath>
#include <limits>

// The layout is Gil Tene's HdrHistogram (as Java's AbstractHistogram): the value range is split
// into buckets, each twice as wide as the one before; every bucket holds `subBucketCount`
// sub-buckets of equal width, so every bucket has the same number of distinguishable values and
// the relative error stays below 10^-digits. Bucket 0 uses all its sub-buckets; later buckets only
// their upper half (the lower half would repeat the previous bucket at half the resolution), which
// is why the counts array holds (bucketCount + 1) * subBucketHalfCount entries.
//
// Index arithmetic (value v, unit u = unitMagnitude, h = subBucketHalfCountMagnitude):
//   bucketIndex    = 64 - u - h - 1 - clz(v | subBucketMask)     (0 for every v < subBucketCount << u)
//   subBucketIndex = v >> (bucketIndex + u)                       (upper half for buckets > 0)
//   countsIndex    = ((bucketIndex + 1) << h) + subBucketIndex - subBucketHalfCount

namespace fhw::readiness {

using detail::Layout;

namespace {

Layout layoutOf(const LatencyHistogram &histogram)
{
    return Layout::of(histogram.lowestDiscernible(), histogram.significantDigits());
}

} // namespace

LatencyHistogram::LatencyHistogram(std::int64_t lowestDiscernible, std::int64_t highestTrackable,
                                   int significantDigits)
    // The constructor cannot report errors, so impossible arguments are brought into range
    // (decode() checks encoded ones strictly before it gets here).
    : m_lowest(1)
    , m_highest(2)
    , m_digits(std::clamp(significantDigits, 0, 5))
{
    // unitMagnitude + subBucketHalfCountMagnitude must stay <= 61 or the shifts overflow.
    const int halfMagnitude = Layout::of(1, m_digits).halfMagnitude;
    const std::int64_t largestLowest = (std::int64_t{1} << (62 - halfMagnitude)) - 1;
    m_lowest = std::clamp<std::int64_t>(lowestDiscernible, 1, largestLowest);
    m_highest = std::max(highestTrackable, 2 * m_lowest);

    const Layout layout = Layout::of(m_lowest, m_digits);
    m_unitMagnitude = layout.unitMagnitude;
    m_subBucketHalfCountMagnitude = layout.halfMagnitude;
    m_subBucketHalfCount = layout.halfCount;
    m_subBucketCount = 2 * layout.halfCount;
    m_subBucketMask = layout.mask;

    m_bucketCount = static_cast<int>(layout.bucketsToCover(m_highest));
    m_counts.assign(static_cast<std::size_t>(layout.countsLength(m_highest)), 0);
}

std::int64_t LatencyHistogram::lowestEquivalentValue(std::int64_t value) const
{
    const Layout layout = layoutOf(*this);
    value = std::max<std::int64_t>(value, 0);
    const int bucket = layout.bucketOf(value);
    return layout.subBucketOf(value, bucket) << (bucket + layout.unitMagnitude);
}

std::int64_t LatencyHistogram::sizeOfEquivalentRange(std::int64_t value) const
{
    const Layout layout = layoutOf(*this);
    value = std::max<std::int64_t>(value, 0);
    const int bucket = layout.bucketOf(value);
    const std::int64_t subBucket = layout.subBucketOf(value, bucket);
    // A sub-bucket index can reach subBucketCount only through rounding at the top of a bucket.
    const int shift = m_unitMagnitude + (subBucket >= m_subBucketCount ? bucket + 1 : bucket);
    return std::int64_t{1} << shift;
}

std::int64_t LatencyHistogram::highestEquivalentValue(std::int64_t value) const
{
    return lowestEquivalentValue(value) + (sizeOfEquivalentRange(value) - 1); // no overflow at the top
}

bool LatencyHistogram::valuesAreEquivalent(std::int64_t a, std::int64_t b) const
{
    return lowestEquivalentValue(a) == lowestEquivalentValue(b);
}

bool LatencyHistogram::record(std::int64_t value, std::int64_t count)
{
    if (value < 0 || count < 0)
        return false;
    if (count == 0)
        return true;
    if (value > m_highest) {
        value = m_highest;
        m_clamped += count;
    }
    m_counts[layoutOf(*this).indexOf(value)] += count;
    m_totalCount += count;
    m_max = std::max(m_max, value);
    if (value != 0)
        m_minNonZero = std::min(m_minNonZero, value);
    return true;
}

bool LatencyHistogram::recordCorrected(std::int64_t value, std::int64_t expectedInterval)
{
    if (!record(value))
        return false;
    if (expectedInterval <= 0)
        return true;
    // The missed samples are value - k·interval for k = 1, 2, ... while >= interval (as
    // recordValueWithExpectedInterval). A 60 s stall at 10,000 req/s is 600,000 of them, so they
    // are added a whole equivalence range at a time: same counts, O(ranges) instead of O(samples).
    std::int64_t missing = value - expectedInterval;
    while (missing >= expectedInterval) {
        // The batch: every missed value from `missing` down to the bottom of its equivalence
        // range (everything above highestTrackable is one range: it is all clamped).
        const std::int64_t rangeBottom = missing > m_highest ? m_highest + 1 : lowestEquivalentValue(missing);
        const std::int64_t floor = std::max(rangeBottom, expectedInterval);
        const std::int64_t n = (missing - floor) / expectedInterval + 1;
        const std::int64_t smallest = missing - (n - 1) * expectedInterval;
        if (missing > m_highest) {
            record(m_highest, n);
            m_clamped += n;
        } else {
            record(missing, n);
            if (smallest != 0)
                m_minNonZero = std::min(m_minNonZero, smallest); // keep min exact for the batch
        }
        missing = smallest - expectedInterval;
    }
    return true;
}

void LatencyHistogram::add(const LatencyHistogram &other)
{
    const bool sameLayout = m_unitMagnitude == other.m_unitMagnitude &&
        m_subBucketCount == other.m_subBucketCount && m_bucketCount == other.m_bucketCount &&
        m_highest == other.m_highest;
    if (sameLayout) {
        for (std::size_t i = 0; i < m_counts.size(); ++i)
            m_counts[i] += other.m_counts[i];
        m_totalCount += other.m_totalCount;
        m_clamped += other.m_clamped;
        m_max = std::max(m_max, other.m_max);
        m_minNonZero = std::min(m_minNonZero, other.m_minNonZero);
        return;
    }
    // Another layout: re-record each range at its lowest value (as AbstractHistogram.add does).
    const Layout theirs = layoutOf(other);
    for (std::size_t i = 0; i < other.m_counts.size(); ++i) {
        if (other.m_counts[i] > 0)
            record(theirs.valueAt(i), other.m_counts[i]);
    }
}

void LatencyHistogram::reset()
{
    std::fill(m_counts.begin(), m_counts.end(), 0);
    m_totalCount = 0;
    m_clamped = 0;
    m_minNonZero = INT64_MAX;
    m_max = 0;
}

std::int64_t LatencyHistogram::min() const
{
    if (m_totalCount == 0 || m_counts[0] > 0)
        return 0;
    return lowestEquivalentValue(m_minNonZero);
}

std::int64_t LatencyHistogram::max() const
{
    return m_max == 0 ? 0 : highestEquivalentValue(m_max);
}

double LatencyHistogram::mean() const
{
    if (m_totalCount == 0)
        return 0;
    const Layout layout = layoutOf(*this);
    double total = 0;
    for (std::size_t i = 0; i < m_counts.size(); ++i) {
        if (m_counts[i] == 0)
            continue;
        // Each range stands for its middle value (medianEquivalentValue), as the reference does.
        const std::int64_t value = layout.valueAt(i);
        const double middle =
            static_cast<double>(lowestEquivalentValue(value) + (sizeOfEquivalentRange(value) >> 1));
        total += middle * static_cast<double>(m_counts[i]);
    }
    return total / static_cast<double>(m_totalCount);
}

double LatencyHistogram::stddev() const
{
    if (m_totalCount == 0)
        return 0;
    const double average = mean();
    const Layout layout = layoutOf(*this);
    double sum = 0;
    for (std::size_t i = 0; i < m_counts.size(); ++i) {
        if (m_counts[i] == 0)
            continue;
        const std::int64_t value = layout.valueAt(i);
        const double middle =
            static_cast<double>(lowestEquivalentValue(value) + (sizeOfEquivalentRange(value) >> 1));
        sum += (middle - average) * (middle - average) * static_cast<double>(m_counts[i]);
    }
    return std::sqrt(sum / static_cast<double>(m_totalCount));
}

std::int64_t LatencyHistogram::valueAtPercentile(double percentile) const
{
    if (m_totalCount == 0 || std::isnan(percentile))
        return 0;
    // As getValueAtPercentile: one ulp off the request so that rounding never spills into the next
    // range, then the count rounded up, so the value that `percentile` % are at or below is included.
    const double requested =
        std::clamp(std::nextafter(percentile, -std::numeric_limits<double>::infinity()), 0.0, 100.0);
    const double exactCount = requested * static_cast<double>(m_totalCount) / 100.0;
    const std::int64_t countAtPercentile = std::max<std::int64_t>(static_cast<std::int64_t>(std::ceil(exactCount)), 1);
    const Layout layout = layoutOf(*this);
    std::int64_t running = 0;
    for (std::size_t i = 0; i < m_counts.size(); ++i) {
        running += m_counts[i];
        if (running >= countAtPercentile) {
            const std::int64_t value = layout.valueAt(i);
            // Percentile 0 is "the value all samples are at or above": the range's lowest value.
            return percentile <= 0 ? lowestEquivalentValue(value) : highestEquivalentValue(value);
        }
    }
    return 0;
}

std::vector<LatencyHistogram::Bucket> LatencyHistogram::recordedValues() const
{
    std::vector<Bucket> result;
    const Layout layout = layoutOf(*this);
    for (std::size_t i = 0; i < m_counts.size(); ++i) {
        if (m_counts[i] == 0)
            continue;
        const std::int64_t value = layout.valueAt(i);
        result.push_back({lowestEquivalentValue(value), highestEquivalentValue(value), m_counts[i]});
    }
    return result;
}

std::vector<LatencyHistogram::Bucket> LatencyHistogram::logarithmicBuckets(std::int64_t firstUpper,
                                                                           double factor) const
{
    std::vector<Bucket> result;
    if (m_totalCount == 0)
        return result;
    firstUpper = std::max<std::int64_t>(firstUpper, 1);
    factor = std::isfinite(factor) && factor > 1.0 ? factor : 2.0;
    // Ranges (0, firstUpper], (firstUpper, firstUpper·factor], ... up to the one holding the
    // largest recorded value. A recorded range is counted where its lowest value falls.
    const std::int64_t top = max();
    double upper = static_cast<double>(firstUpper);
    std::int64_t from = 0;
    while (true) {
        const auto to = static_cast<std::int64_t>(std::min(upper, static_cast<double>(INT64_MAX / 2)));
        result.push_back({from, std::max(to, from), 0});
        if (to >= top || to >= INT64_MAX / 2)
            break;
        from = to + 1;
        upper = std::max(upper * factor, static_cast<double>(to + 1));
    }
    std::size_t slot = 0;
    for (const Bucket &recorded : recordedValues()) {
        while (slot + 1 < result.size() && recorded.from > result[slot].to)
            ++slot;
        result[slot].count += recorded.count;
    }
    return result;
}

bool operator==(const LatencyHistogram &a, const LatencyHistogram &b)
{
    // As AbstractHistogram.equals: the same range and precision and the same counts. How many
    // values were clamped is bookkeeping of this recorder, not part of the histogram's contents.
    return a.m_lowest == b.m_lowest && a.m_highest == b.m_highest && a.m_digits == b.m_digits &&
        a.m_totalCount == b.m_totalCount && a.m_counts == b.m_counts;
}

} // namespace fhw::readiness
