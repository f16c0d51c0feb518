#pragma once

// Just enough OpenPGP (RFC 4880 / 9580) to tell a public key from a secret one without gpg: ASCII armor
// (with its CRC-24) and the packet framing. Nothing is decrypted or verified here.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fhw::submission::detail {

struct ArmorBlock
{
    std::string label;  // "PGP PUBLIC KEY BLOCK"
    std::string data;   // the decoded bytes
    bool checksumOk = true; // false when a CRC-24 line is there and does not match
};

// The armored block that starts at text[begin] ("-----BEGIN "); nothing when it is not well formed
// (no END line, base64 that does not decode).
std::optional<ArmorBlock> decodeArmor(std::string_view text, std::size_t begin, std::size_t *end = nullptr);

struct Packet
{
    int tag = 0;
    std::string_view body;
};

enum class PacketTag : int { SecretKey = 5, PublicKey = 6, SecretSubkey = 7, UserId = 13 };

// The packet that starts at data[at] and where the next one starts; nothing when the framing is broken.
std::optional<std::pair<Packet, std::size_t>> readPacket(std::string_view data, std::size_t at);

// The packets of `data` at the top level; nothing unless the whole of it is well-framed packets.
std::optional<std::vector<Packet>> splitPackets(std::string_view data);

bool isSecretKeyTag(int tag);

} // namespace fhw::submission::detail
