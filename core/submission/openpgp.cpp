#include "openpgp_p.h"

#include <array>

namespace fhw::submission::detail {

namespace {

int base64Value(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

std::optional<std::string> decodeBase64(std::string_view text)
{
    std::string out;
    std::uint32_t buffer = 0;
    int bits = 0;
    bool padding = false;
    for (char c : text) {
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
            continue;
        if (c == '=') {
            padding = true;
            continue;
        }
        const int value = base64Value(c);
        if (value < 0 || padding)
            return std::nullopt;
        buffer = (buffer << 6) | std::uint32_t(value);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += char((buffer >> bits) & 0xFF);
        }
    }
    return out;
}

std::uint32_t crc24(std::string_view data)
{
    std::uint32_t crc = 0xB704CE;
    for (char c : data) {
        crc ^= std::uint32_t(static_cast<unsigned char>(c)) << 16;
        for (int i = 0; i < 8; ++i) {
            crc <<= 1;
            if (crc & 0x1000000)
                crc ^= 0x1864CFB;
        }
    }
    return crc & 0xFFFFFF;
}

std::string_view trimmed(std::string_view line)
{
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
        line.remove_suffix(1);
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t'))
        line.remove_prefix(1);
    return line;
}

} // namespace

std::optional<ArmorBlock> decodeArmor(std::string_view text, std::size_t begin, std::size_t *end)
{
    static constexpr std::string_view dashes = "-----";
    static constexpr std::string_view beginMark = "-----BEGIN ";
    if (text.substr(begin, beginMark.size()) != beginMark)
        return std::nullopt;
    const std::size_t labelStart = begin + beginMark.size();
    const std::size_t labelEnd = text.find(dashes, labelStart);
    const std::size_t firstLineEnd = text.find('\n', labelStart);
    if (labelEnd == std::string_view::npos || (firstLineEnd != std::string_view::npos && labelEnd > firstLineEnd))
        return std::nullopt;
    ArmorBlock block{std::string(text.substr(labelStart, labelEnd - labelStart)), {}, true};
    const std::string endLine = "-----END " + block.label + "-----";
    const std::size_t endAt = text.find(endLine, labelEnd);
    if (endAt == std::string_view::npos || firstLineEnd == std::string_view::npos)
        return std::nullopt;
    if (end)
        *end = endAt + endLine.size();

    // Armor headers ("Comment: …") up to the first blank line, when there are any; then base64 and an
    // optional "=XXXX" checksum line.
    std::vector<std::string_view> lines;
    for (std::size_t at = firstLineEnd + 1; at < endAt;) {
        std::size_t next = text.find('\n', at);
        if (next == std::string_view::npos || next > endAt)
            next = endAt;
        lines.push_back(trimmed(text.substr(at, next - at)));
        at = next + 1;
    }
    std::size_t first = 0;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (lines[i].empty()) {
            first = i + 1;
            break;
        }
        if (lines[i].find(": ") == std::string_view::npos)
            break; // no headers and no blank line
    }
    std::string body;
    std::optional<std::string> checksum;
    for (std::size_t i = first; i < lines.size(); ++i) {
        if (lines[i].starts_with('=') && lines[i].size() == 5)
            checksum = decodeBase64(lines[i].substr(1));
        else
            body += lines[i];
    }
    auto data = decodeBase64(body);
    if (!data)
        return std::nullopt;
    block.data = std::move(*data);
    if (checksum) {
        const std::uint32_t crc = crc24(block.data);
        block.checksumOk = checksum->size() == 3 && static_cast<unsigned char>((*checksum)[0]) == ((crc >> 16) & 0xFF)
                           && static_cast<unsigned char>((*checksum)[1]) == ((crc >> 8) & 0xFF)
                           && static_cast<unsigned char>((*checksum)[2]) == (crc & 0xFF);
    }
    return block;
}

std::optional<std::pair<Packet, std::size_t>> readPacket(std::string_view data, std::size_t at)
{
    const auto byte = [&](std::size_t i) { return std::size_t(static_cast<unsigned char>(data[i])); };
    if (at >= data.size())
        return std::nullopt;
    const std::size_t header = byte(at);
    if (!(header & 0x80))
        return std::nullopt;
    std::size_t length = 0;
    std::size_t bodyStart = 0;
    int tag = 0;
    if (header & 0x40) { // new format
        tag = int(header & 0x3F);
        if (at + 1 >= data.size())
            return std::nullopt;
        const std::size_t first = byte(at + 1);
        if (first < 192) {
            length = first;
            bodyStart = at + 2;
        } else if (first < 224) {
            if (at + 2 >= data.size())
                return std::nullopt;
            length = ((first - 192) << 8) + byte(at + 2) + 192;
            bodyStart = at + 3;
        } else if (first == 255) {
            if (at + 5 >= data.size())
                return std::nullopt;
            length = (byte(at + 2) << 24) | (byte(at + 3) << 16) | (byte(at + 4) << 8) | byte(at + 5);
            bodyStart = at + 6;
        } else {
            return std::nullopt; // partial lengths: never in key material
        }
    } else { // old format
        tag = int((header >> 2) & 0x0F);
        const std::size_t type = header & 0x03;
        if (type == 3) {
            length = data.size() - (at + 1);
            bodyStart = at + 1;
        } else {
            const std::size_t octets = std::size_t(1) << type; // 1, 2, 4
            if (at + octets >= data.size())
                return std::nullopt;
            for (std::size_t i = 0; i < octets; ++i)
                length = (length << 8) | byte(at + 1 + i);
            bodyStart = at + 1 + octets;
        }
    }
    if (tag == 0 || bodyStart > data.size() || length > data.size() - bodyStart)
        return std::nullopt;
    return std::pair{Packet{tag, data.substr(bodyStart, length)}, bodyStart + length};
}

std::optional<std::vector<Packet>> splitPackets(std::string_view data)
{
    std::vector<Packet> packets;
    for (std::size_t at = 0; at < data.size();) {
        auto packet = readPacket(data, at);
        if (!packet)
            return std::nullopt;
        packets.push_back(packet->first);
        at = packet->second;
    }
    return packets;
}

bool isSecretKeyTag(int tag)
{
    return tag == int(PacketTag::SecretKey) || tag == int(PacketTag::SecretSubkey);
}

} // namespace fhw::submission::detail
