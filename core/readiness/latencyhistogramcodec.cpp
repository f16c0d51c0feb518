// HdrHistogram's V2 encoding and its compressed, base64 form (what an interval log line carries).
//
// V2 layout, all integers big-endian (AbstractHistogram.encodeIntoByteBuffer):
//   int32 cookie (0x1c849303 | 0x10)  int32 payload length  int32 normalizingIndexOffset (0)
//   int32 significant digits  int64 lowestDiscernible  int64 highestTrackable  double ratio (1.0)
//   payload: the counts from index 0 up to the largest recorded value's, each a ZigZag LEB128
//   (the 64-bit, at most 9 bytes variant); a run of N > 1 zero counts is written as the count -N.
// Compressed (encodeIntoCompressedByteBuffer): int32 cookie (0x1c849304 | 0x10), int32 length of
// the zlib stream, then the zlib stream of the V2 bytes.
//
// The cookies' 0x10 bit: the reference sets the low bit of the word-size nibble to mark this
// (ZigZag LEB128) encoding, and its decoder ignores that nibble for V2 — published logs therefore
// start "HISTFAA" (…9314); we write the same and accept any nibble.

#include "latencyhistogram.h"
#include "latencyhistogram_p.h"

#include <zlib.h>

#include <array>
#include <bit>
#include <climits>
#include <cstdio>
#include <cstring>

namespace fhw::readiness {

namespace {

constexpr std::uint32_t cookieNibbleMask = 0xf0;
constexpr std::uint32_t v2Cookie = 0x1c849303;
constexpr std::uint32_t v2CompressedCookie = 0x1c849304;
constexpr std::uint32_t tlzeFlag = 0x10;
constexpr std::size_t headerSize = 40;
constexpr int maxZigZagBytes = 9;
// A decoded layout may hold at most this many counts (32 MiB of int64): enough for 1 µs..1 day at
// 5 digits (any range at 3), and a bound on what a corrupt or hostile header can make us allocate.
constexpr std::int64_t maxCountsLength = std::int64_t{1} << 22;

Error encodingError(std::string message)
{
    return {"histogram.encoding", std::move(message)};
}

void putBigEndian(std::vector<std::uint8_t> &out, std::uint64_t value, int bytes)
{
    for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8)
        out.push_back(static_cast<std::uint8_t>(value >> shift));
}

std::uint64_t getBigEndian(const std::uint8_t *data, int bytes)
{
    std::uint64_t value = 0;
    for (int i = 0; i < bytes; ++i)
        value = (value << 8) | data[i];
    return value;
}

// ZigZag, then LEB128 where the 9th byte carries a full 8 bits (so 64 bits fit in 9 bytes).
void putZigZag(std::vector<std::uint8_t> &out, std::int64_t signedValue)
{
    std::uint64_t value = (static_cast<std::uint64_t>(signedValue) << 1) ^
        static_cast<std::uint64_t>(signedValue >> 63);
    for (int byte = 0; byte < maxZigZagBytes - 1; ++byte) {
        if (value >> 7 == 0) {
            out.push_back(static_cast<std::uint8_t>(value));
            return;
        }
        out.push_back(static_cast<std::uint8_t>((value & 0x7f) | 0x80));
        value >>= 7;
    }
    out.push_back(static_cast<std::uint8_t>(value)); // the 9th byte: the remaining 8 bits
}

// Reads one value at `pos` (advancing it); false if the value runs past `end`.
bool getZigZag(const std::uint8_t *data, std::size_t &pos, std::size_t end, std::int64_t &result)
{
    std::uint64_t value = 0;
    for (int byte = 0; byte < maxZigZagBytes; ++byte) {
        if (pos >= end)
            return false;
        const std::uint64_t b = data[pos++];
        if (byte == maxZigZagBytes - 1) {
            value |= b << 56;
            break;
        }
        value |= (b & 0x7f) << (7 * byte);
        if ((b & 0x80) == 0)
            break;
    }
    result = static_cast<std::int64_t>(value >> 1) ^ -static_cast<std::int64_t>(value & 1);
    return true;
}

constexpr std::string_view base64Alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string toBase64(const std::vector<std::uint8_t> &bytes)
{
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    for (std::size_t i = 0; i < bytes.size(); i += 3) {
        const std::size_t n = std::min<std::size_t>(3, bytes.size() - i);
        std::uint32_t chunk = std::uint32_t{bytes[i]} << 16;
        if (n > 1)
            chunk |= std::uint32_t{bytes[i + 1]} << 8;
        if (n > 2)
            chunk |= bytes[i + 2];
        out += base64Alphabet[(chunk >> 18) & 63];
        out += base64Alphabet[(chunk >> 12) & 63];
        out += n > 1 ? base64Alphabet[(chunk >> 6) & 63] : '=';
        out += n > 2 ? base64Alphabet[chunk & 63] : '=';
    }
    return out;
}

std::expected<std::vector<std::uint8_t>, Error> fromBase64(std::string_view text)
{
    std::array<int, 256> lookup{};
    lookup.fill(-1);
    for (std::size_t i = 0; i < base64Alphabet.size(); ++i)
        lookup[static_cast<unsigned char>(base64Alphabet[i])] = static_cast<int>(i);

    while (!text.empty() && text.back() == '=')
        text.remove_suffix(1);
    if (text.size() % 4 == 1)
        return std::unexpected(Error{"histogram.base64", "the base64 text has an impossible length"});
    std::vector<std::uint8_t> out;
    out.reserve(text.size() * 3 / 4);
    std::uint32_t buffer = 0;
    int bits = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const int v = lookup[static_cast<unsigned char>(text[i])];
        if (v < 0)
            return std::unexpected(Error{"histogram.base64", "not base64: unexpected character at offset " +
                                                                 std::to_string(i)});
        buffer = (buffer << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<std::uint8_t>(buffer >> bits));
        }
    }
    return out;
}

// Inflates a zlib stream into at most `limit` bytes; stops early once `wanted` bytes are out.
std::expected<std::vector<std::uint8_t>, Error> inflateUpTo(const std::uint8_t *data, std::size_t size,
                                                            std::size_t wanted)
{
    z_stream stream{};
    if (inflateInit(&stream) != Z_OK)
        return std::unexpected(Error{"histogram.compression", "zlib could not start"});
    std::vector<std::uint8_t> out(wanted);
    stream.next_in = const_cast<Bytef *>(data); // zlib's API is not const-correct; it does not write
    stream.avail_in = static_cast<uInt>(size);
    stream.next_out = out.data();
    stream.avail_out = static_cast<uInt>(out.size());
    int status = Z_OK;
    while (stream.avail_out > 0 && status == Z_OK)
        status = inflate(&stream, Z_NO_FLUSH);
    const std::size_t produced = out.size() - stream.avail_out;
    inflateEnd(&stream);
    if (status != Z_OK && status != Z_STREAM_END && status != Z_BUF_ERROR)
        return std::unexpected(Error{"histogram.compression",
                                     std::string("the compressed histogram is corrupt (zlib: ") +
                                         (stream.msg ? stream.msg : "error") + ")"});
    out.resize(produced);
    return out;
}

} // namespace

std::vector<std::uint8_t> LatencyHistogram::encode() const
{
    std::vector<std::uint8_t> out;
    out.reserve(headerSize + 64);
    putBigEndian(out, v2Cookie | tlzeFlag, 4);
    putBigEndian(out, 0, 4); // payload length, filled in below
    putBigEndian(out, 0, 4); // normalizingIndexOffset: we never shift values
    putBigEndian(out, static_cast<std::uint32_t>(m_digits), 4);
    putBigEndian(out, static_cast<std::uint64_t>(m_lowest), 8);
    putBigEndian(out, static_cast<std::uint64_t>(m_highest), 8);
    putBigEndian(out, std::bit_cast<std::uint64_t>(1.0), 8); // integerToDoubleValueConversionRatio

    // Counts up to the largest recorded value's index (that index is the last non-zero one).
    std::size_t limit = 1;
    for (std::size_t i = m_counts.size(); i > 0; --i) {
        if (m_counts[i - 1] != 0) {
            limit = i;
            break;
        }
    }
    for (std::size_t i = 0; i < limit;) {
        const std::int64_t count = m_counts[i++];
        std::int64_t zeros = 0;
        if (count == 0) {
            zeros = 1;
            while (i < limit && m_counts[i] == 0) {
                ++zeros;
                ++i;
            }
        }
        putZigZag(out, zeros > 1 ? -zeros : count);
    }
    const auto payload = static_cast<std::uint32_t>(out.size() - headerSize);
    for (int b = 0; b < 4; ++b)
        out[4 + static_cast<std::size_t>(b)] = static_cast<std::uint8_t>(payload >> (24 - 8 * b));
    return out;
}

std::string LatencyHistogram::encodeCompressedBase64() const
{
    const std::vector<std::uint8_t> plain = encode();
    uLongf compressedSize = compressBound(static_cast<uLong>(plain.size()));
    std::vector<std::uint8_t> out;
    putBigEndian(out, v2CompressedCookie | tlzeFlag, 4);
    putBigEndian(out, 0, 4);
    out.resize(8 + compressedSize);
    // Level 9, as HistogramLogWriter uses (Deflater.BEST_COMPRESSION); a zlib stream, like Deflater's.
    compress2(out.data() + 8, &compressedSize, plain.data(), static_cast<uLong>(plain.size()), 9);
    out.resize(8 + compressedSize);
    for (int b = 0; b < 4; ++b)
        out[4 + static_cast<std::size_t>(b)] = static_cast<std::uint8_t>(compressedSize >> (24 - 8 * b));
    return toBase64(out);
}

std::expected<LatencyHistogram, Error> LatencyHistogram::decode(const std::uint8_t *data, std::size_t size)
{
    if (data == nullptr || size < headerSize)
        return std::unexpected(encodingError("too short for a histogram header (" + std::to_string(size) +
                                             " bytes, 40 needed)"));
    const auto cookie = static_cast<std::uint32_t>(getBigEndian(data, 4));
    if ((cookie & ~cookieNibbleMask) == v2CompressedCookie)
        return std::unexpected(encodingError("this is a compressed histogram; decode it with decodeCompressedBase64"));
    if ((cookie & ~cookieNibbleMask) != v2Cookie) {
        char hex[16];
        std::snprintf(hex, sizeof hex, "0x%08x", cookie);
        return std::unexpected(encodingError(std::string("not a V2 histogram (cookie ") + hex + ")"));
    }
    const auto payloadLength = static_cast<std::int32_t>(getBigEndian(data + 4, 4));
    const auto normalizingOffset = static_cast<std::int32_t>(getBigEndian(data + 8, 4));
    const auto digits = static_cast<std::int32_t>(getBigEndian(data + 12, 4));
    const auto lowest = static_cast<std::int64_t>(getBigEndian(data + 16, 8));
    const auto highest = static_cast<std::int64_t>(getBigEndian(data + 24, 8));
    const double ratio = std::bit_cast<double>(getBigEndian(data + 32, 8));

    if (payloadLength < 0 || static_cast<std::size_t>(payloadLength) > size - headerSize)
        return std::unexpected(encodingError("the payload length (" + std::to_string(payloadLength) +
                                             ") runs past the " + std::to_string(size) + " bytes given"));
    if (normalizingOffset != 0)
        return std::unexpected(encodingError("shifted histograms (normalizingIndexOffset " +
                                             std::to_string(normalizingOffset) + ") are not supported"));
    if (ratio != 1.0)
        return std::unexpected(encodingError("a DoubleHistogram's encoding (value ratio not 1.0) is not supported"));
    if (digits < 0 || digits > 5)
        return std::unexpected(encodingError("significant digits must be 0..5, not " + std::to_string(digits)));
    if (lowest < 1 || highest < 2 || lowest > highest / 2)
        return std::unexpected(encodingError("impossible range: lowest " + std::to_string(lowest) +
                                             ", highest " + std::to_string(highest)));
    const detail::Layout layout = detail::Layout::of(lowest, digits);
    if (layout.unitMagnitude + layout.halfMagnitude > 61 || layout.countsLength(highest) > maxCountsLength)
        return std::unexpected(encodingError("the range " + std::to_string(lowest) + ".." + std::to_string(highest) +
                                             " at " + std::to_string(digits) + " digits is too large"));

    LatencyHistogram histogram(lowest, highest, digits);
    const std::size_t length = histogram.m_counts.size();
    std::size_t pos = headerSize;
    const std::size_t end = headerSize + static_cast<std::size_t>(payloadLength);
    std::size_t index = 0;
    while (pos < end) {
        std::int64_t count = 0;
        if (!getZigZag(data, pos, end, count))
            return std::unexpected(encodingError("a count runs past the end of the payload"));
        const std::uint64_t run = count < 0 ? static_cast<std::uint64_t>(-(count + 1)) + 1 : 1;
        if (count < 0 && run > INT32_MAX)
            return std::unexpected(encodingError("a run of zero counts is impossibly long"));
        if (index + run > length)
            return std::unexpected(encodingError("more counts than the histogram's layout holds (" +
                                                 std::to_string(length) + ")"));
        if (count > 0)
            histogram.m_counts[index] = count;
        index += run;
    }

    // Re-establish total, min and max from the counts (establishInternalTackingValues).
    std::int64_t total = 0;
    for (std::size_t i = 0; i < index; ++i) {
        const std::int64_t c = histogram.m_counts[i];
        if (c == 0)
            continue;
        if (total > INT64_MAX - c)
            return std::unexpected(encodingError("the counts add up past 2^63"));
        total += c;
        const std::int64_t value = layout.valueAt(i);
        if (i != 0 && histogram.m_minNonZero == INT64_MAX)
            histogram.m_minNonZero = value;
        histogram.m_max = histogram.highestEquivalentValue(value);
    }
    histogram.m_totalCount = total;
    return histogram;
}

std::expected<LatencyHistogram, Error> LatencyHistogram::decodeCompressedBase64(std::string_view text)
{
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r' || text.back() == '\n'))
        text.remove_suffix(1);
    auto bytes = fromBase64(text);
    if (!bytes)
        return std::unexpected(bytes.error());
    if (bytes->size() < 8)
        return std::unexpected(encodingError("too short for a compressed histogram"));
    const auto cookie = static_cast<std::uint32_t>(getBigEndian(bytes->data(), 4));
    if ((cookie & ~cookieNibbleMask) != v2CompressedCookie) {
        char hex[16];
        std::snprintf(hex, sizeof hex, "0x%08x", cookie);
        return std::unexpected(encodingError(std::string("not a compressed V2 histogram (cookie ") + hex + ")"));
    }
    const auto compressedLength = static_cast<std::int32_t>(getBigEndian(bytes->data() + 4, 4));
    if (compressedLength < 0 || static_cast<std::size_t>(compressedLength) > bytes->size() - 8)
        return std::unexpected(encodingError("the compressed length (" + std::to_string(compressedLength) +
                                             ") runs past the data"));
    const std::uint8_t *compressed = bytes->data() + 8;
    const auto compressedSize = static_cast<std::size_t>(compressedLength);

    // The header first, to learn how much payload to expect, so that a hostile stream cannot make
    // us inflate more than the largest layout we accept.
    auto header = inflateUpTo(compressed, compressedSize, headerSize);
    if (!header)
        return std::unexpected(header.error());
    if (header->size() < headerSize)
        return std::unexpected(encodingError("the compressed data holds no complete histogram header"));
    const auto payloadLength = static_cast<std::int32_t>(getBigEndian(header->data() + 4, 4));
    if (payloadLength < 0 || payloadLength > maxZigZagBytes * maxCountsLength)
        return std::unexpected(encodingError("impossible payload length " + std::to_string(payloadLength)));
    auto plain = inflateUpTo(compressed, compressedSize, headerSize + static_cast<std::size_t>(payloadLength));
    if (!plain)
        return std::unexpected(plain.error());
    return decode(plain->data(), plain->size());
}

} // namespace fhw::readiness
