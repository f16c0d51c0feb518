#include "publickey.h"

#include "digest_p.h"
#include "openpgp_p.h"
#include "secretscan.h"

#include <algorithm>

namespace fhw::submission {

using namespace detail;

namespace {

constexpr std::string_view publicLabel = "PGP PUBLIC KEY BLOCK";

bool isBlank(std::string_view text)
{
    return std::ranges::all_of(text, [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; });
}

std::string fingerprintOf(std::string_view body)
{
    if (body.empty())
        return {};
    const int version = static_cast<unsigned char>(body[0]);
    std::string framed;
    Digest digest = Digest::Sha256;
    if (version == 4) {
        digest = Digest::Sha1;
        framed += char(0x99);
        framed += char((body.size() >> 8) & 0xFF);
        framed += char(body.size() & 0xFF);
    } else if (version == 5 || version == 6) {
        framed += char(version == 5 ? 0x9A : 0x9B);
        for (int shift = 24; shift >= 0; shift -= 8)
            framed += char((body.size() >> shift) & 0xFF);
    } else {
        return {};
    }
    framed += body;
    std::string hex = hexLower(digestBytes(digest, framed));
    std::ranges::transform(hex, hex.begin(), [](char c) { return c >= 'a' && c <= 'f' ? char(c - 32) : c; });
    return hex;
}

} // namespace

std::expected<PublicKeyInfo, Error> checkArmoredPublicKey(std::string_view text)
{
    const auto notPublic = [](std::string message) {
        return std::unexpected(Error{"pgp.not-a-public-key", std::move(message)});
    };
    const std::size_t begin = text.find("-----BEGIN ");
    if (!armoredPrivateKeyLabel(text).empty())
        return std::unexpected(Error{"pgp.private-key", "this is a private key: give the public key only "
                                                        "(fhw key export, or gpg --armor --export)"});
    if (begin == std::string_view::npos)
        return notPublic("no armored key block (-----BEGIN PGP PUBLIC KEY BLOCK-----)");
    std::size_t end = 0;
    const auto block = decodeArmor(text, begin, &end);
    if (!block)
        return std::unexpected(Error{"pgp.corrupt", "the armored block is incomplete or its base64 is damaged"});
    if (block->label != publicLabel)
        return notPublic("a '" + block->label + "' block, not a " + std::string(publicLabel));
    if (!isBlank(text.substr(0, begin)) || !isBlank(text.substr(end)))
        return notPublic("there is text around the key block: give the armored public key alone");
    if (!block->checksumOk)
        return std::unexpected(Error{"pgp.corrupt", "the armor checksum does not match: the key was damaged in transit"});
    const auto packets = splitPackets(block->data);
    if (!packets || packets->empty())
        return std::unexpected(Error{"pgp.corrupt", "the key's OpenPGP packets are broken"});
    if (std::ranges::any_of(*packets, [](const Packet &packet) { return isSecretKeyTag(packet.tag); }))
        return std::unexpected(Error{"pgp.private-key", "the block holds secret-key packets: export the public key only"});
    if (packets->front().tag != int(PacketTag::PublicKey))
        return notPublic("the block does not start with a public key packet");

    PublicKeyInfo info;
    info.version = packets->front().body.empty() ? 0 : static_cast<unsigned char>(packets->front().body[0]);
    info.fingerprint = fingerprintOf(packets->front().body);
    const auto userId = std::ranges::find(*packets, int(PacketTag::UserId), &Packet::tag);
    if (userId != packets->end())
        info.userId = std::string(userId->body);
    return info;
}

} // namespace fhw::submission
