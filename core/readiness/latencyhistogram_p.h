#pragma once

// The index arithmetic of HdrHistogram's layout, shared by latencyhistogram.cpp and the codec.

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>

namespace fhw::readiness::detail {

// The smallest m with 2^m >= n (n >= 1): ceil(log2(n)) without floating-point rounding.
inline int ceilLog2(std::int64_t n)
{
    return n <= 1 ? 0 : 64 - std::countl_zero(static_cast<std::uint64_t>(n - 1));
}

inline std::int64_t powerOfTen(int digits)
{
    std::int64_t result = 1;
    for (int i = 0; i < digits; ++i)
        result *= 10;
    return result;
}

// The index arithmetic of one layout, derived from (lowestDiscernible, significantDigits) alone.
struct Layout
{
    int unitMagnitude = 0;
    int halfMagnitude = 0; // subBucketHalfCountMagnitude
    std::int64_t halfCount = 0;
    std::int64_t mask = 0;

    static Layout of(std::int64_t lowest, int digits)
    {
        Layout layout;
        layout.unitMagnitude = 63 - std::countl_zero(static_cast<std::uint64_t>(lowest)); // floor(log2)
        // subBucketCount: the power of two that gives unit resolution up to 2·10^digits.
        const int subBucketCountMagnitude = ceilLog2(2 * powerOfTen(digits));
        layout.halfMagnitude = std::max(subBucketCountMagnitude, 1) - 1;
        layout.halfCount = std::int64_t{1} << layout.halfMagnitude;
        layout.mask = (2 * layout.halfCount - 1) << layout.unitMagnitude;
        return layout;
    }

    int bucketOf(std::int64_t value) const
    {
        const int leadingZeroCountBase = 64 - unitMagnitude - halfMagnitude - 1;
        return leadingZeroCountBase - std::countl_zero(static_cast<std::uint64_t>(value | mask));
    }

    std::int64_t subBucketOf(std::int64_t value, int bucket) const
    {
        return static_cast<std::int64_t>(static_cast<std::uint64_t>(value) >> (bucket + unitMagnitude));
    }

    std::size_t indexOf(std::int64_t value) const
    {
        const int bucket = bucketOf(value);
        const std::int64_t bucketBase = std::int64_t{bucket + 1} << halfMagnitude;
        return static_cast<std::size_t>(bucketBase + subBucketOf(value, bucket) - halfCount);
    }

    std::int64_t valueAt(std::size_t index) const
    {
        const auto i = static_cast<std::int64_t>(index);
        std::int64_t bucket = (i >> halfMagnitude) - 1;
        std::int64_t subBucket = (i & (halfCount - 1)) + halfCount;
        if (bucket < 0) {
            subBucket -= halfCount;
            bucket = 0;
        }
        return subBucket << (bucket + unitMagnitude);
    }

    // Length of the counts array that covers values up to `highest` (getBucketsNeededToCoverValue
    // and getLengthForNumberOfBuckets): one bucket per doubling past subBucketCount << unit, plus
    // the lower half of bucket 0.
    std::int64_t bucketsToCover(std::int64_t highest) const
    {
        std::int64_t smallestUntrackable = (2 * halfCount) << unitMagnitude;
        std::int64_t buckets = 1;
        while (smallestUntrackable <= highest) {
            if (smallestUntrackable > INT64_MAX / 2)
                return buckets + 1;
            smallestUntrackable <<= 1;
            ++buckets;
        }
        return buckets;
    }

    std::int64_t countsLength(std::int64_t highest) const { return (bucketsToCover(highest) + 1) * halfCount; }
};

} // namespace fhw::readiness::detail
