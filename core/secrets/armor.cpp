#include "secrets/armor.h"
#include "secrets/textformat_p.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>

namespace fhw::secrets {

namespace {

constexpr std::string_view kBegin = "-----BEGIN PGP MESSAGE-----";
constexpr std::string_view kEnd = "-----END PGP MESSAGE-----";
constexpr std::size_t kLineLength = 64; // what gpg writes

Error notAMessage(std::string message)
{
    return Error{"pgp.not-a-message", std::move(message)};
}

Error corrupt(std::string message)
{
    return Error{"pgp.corrupt", std::move(message)};
}

// OpenPGP packet tag of a first byte (RFC 4880 4.2, old and new format), or nullopt if bit 7 is clear.
std::optional<int> packetTag(unsigned char first)
{
    if ((first & 0x80) == 0)
        return std::nullopt;
    if ((first & 0x40) != 0)
        return first & 0x3f;
    return (first >> 2) & 0x0f;
}

// Packets an encrypted (possibly signed or compressed) message may start with: PKESK, SKESK,
// one-pass signature, compressed, SED, marker, literal, SEIPD, AEAD.
bool startsEncryptedMessage(int tag)
{
    for (int t : {1, 3, 4, 8, 9, 10, 11, 18, 20})
        if (tag == t)
            return true;
    return false;
}

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool isBase64Char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

std::string_view trimTrailing(std::string_view s)
{
    while (!s.empty() && isSpace(s.back()))
        s.remove_suffix(1);
    return s;
}

// The leading run of quoting and indentation ("> > ", "    "). Neither '>' nor blanks occur in
// base64 or in the armor lines, so removing them never loses message content.
std::string_view quotePrefix(std::string_view s)
{
    std::size_t n = 0;
    while (n < s.size() && (s[n] == '>' || s[n] == ' ' || s[n] == '\t'))
        ++n;
    return s.substr(0, n);
}

std::string_view stripped(std::string_view line)
{
    return trimTrailing(line.substr(quotePrefix(line).size()));
}

std::vector<std::string_view> splitLines(std::string_view text)
{
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t nl = text.find('\n', start);
        if (nl == std::string_view::npos) {
            lines.push_back(text.substr(start));
            break;
        }
        lines.push_back(text.substr(start, nl - start));
        start = nl + 1;
    }
    return lines;
}

std::string normaliseLineEndings(std::string_view input)
{
    std::string out;
    out.reserve(input.size());
    for (std::size_t i = 0; i < input.size(); ++i) {
        if (input[i] == '\r') {
            out.push_back('\n');
            if (i + 1 < input.size() && input[i + 1] == '\n')
                ++i;
        } else {
            out.push_back(input[i]);
        }
    }
    return out;
}

bool containsCaseInsensitive(std::string_view haystack, std::string_view needle)
{
    for (std::size_t i = 0; i + needle.size() <= haystack.size(); ++i) {
        bool match = true;
        for (std::size_t j = 0; j < needle.size() && match; ++j) {
            char a = haystack[i + j];
            if (a >= 'a' && a <= 'z')
                a = static_cast<char>(a - 'a' + 'A');
            match = a == needle[j];
        }
        if (match)
            return true;
    }
    return false;
}

// Quoted-printable evidence. Plain armor has '=' only as base64 padding at the end of the last body
// line (followed by the "=XXXX" checksum or the END line) and at the start of the checksum line; in
// QP every one of those becomes "=3D". So "=3D", or a line ending in '=' that something other than
// a checksum or armor line follows, means the text is QP-encoded.
bool looksQuotedPrintable(const std::vector<std::string_view> &lines)
{
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (containsCaseInsensitive(lines[i], "=3D"))
            return true;
        const std::string_view line = trimTrailing(lines[i]);
        if (line.empty() || line.back() != '=' || i + 1 >= lines.size())
            continue;
        const std::string_view next = stripped(lines[i + 1]);
        if (!next.empty() && next.front() != '=' && next.front() != '-')
            return true;
    }
    return false;
}

std::string decodeQuotedPrintable(const std::vector<std::string_view> &lines)
{
    std::string out;
    std::string_view continuedPrefix; // quoting of the line a soft break started on
    bool continuing = false;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        std::string_view line = trimTrailing(lines[i]); // QP ignores trailing blanks
        if (continuing) {
            // A client that quoted the undecoded text put its "> " on the continuation too.
            if (!continuedPrefix.empty() && line.starts_with(continuedPrefix))
                line.remove_prefix(continuedPrefix.size());
        } else {
            continuedPrefix = quotePrefix(line);
        }
        const bool softBreak = !line.empty() && line.back() == '=';
        if (softBreak)
            line.remove_suffix(1);
        for (std::size_t k = 0; k < line.size(); ++k) {
            if (line[k] == '=' && k + 2 < line.size() && hexValue(line[k + 1]) >= 0 && hexValue(line[k + 2]) >= 0) {
                out.push_back(static_cast<char>(hexValue(line[k + 1]) * 16 + hexValue(line[k + 2])));
                k += 2;
            } else {
                out.push_back(line[k]);
            }
        }
        continuing = softBreak;
        if (!softBreak && i + 1 < lines.size())
            out.push_back('\n');
    }
    return out;
}

std::optional<std::string> decodeBase64(std::string_view text)
{
    std::string out;
    out.reserve(text.size() / 4 * 3);
    std::uint32_t acc = 0;
    int bits = 0;
    std::size_t padding = 0;
    for (char c : text) {
        int v;
        if (c >= 'A' && c <= 'Z')
            v = c - 'A';
        else if (c >= 'a' && c <= 'z')
            v = c - 'a' + 26;
        else if (c >= '0' && c <= '9')
            v = c - '0' + 52;
        else if (c == '+')
            v = 62;
        else if (c == '/')
            v = 63;
        else if (c == '=') {
            ++padding;
            continue;
        } else
            return std::nullopt;
        if (padding > 0)
            return std::nullopt; // data after padding
        acc = (acc << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<char>((acc >> bits) & 0xff));
        }
    }
    if (padding > 2 || (text.size() % 4) != 0)
        return std::nullopt;
    return out;
}

std::uint32_t crc24(std::string_view data)
{
    // RFC 4880 6.1.
    std::uint32_t crc = 0xB704CEu;
    for (unsigned char byte : data) {
        crc ^= static_cast<std::uint32_t>(byte) << 16;
        for (int i = 0; i < 8; ++i) {
            crc <<= 1;
            if ((crc & 0x1000000u) != 0)
                crc ^= 0x1864CFBu;
        }
    }
    return crc & 0xFFFFFFu;
}

// Names what was pasted instead of a message, for a message that helps the user fix it.
Error wrongKind(std::string_view text)
{
    if (text.find("-----BEGIN PGP PUBLIC KEY BLOCK-----") != std::string_view::npos)
        return notAMessage("This is a PGP public key, not an encrypted message. Paste the encrypted token "
                           "instead: the block that starts with '-----BEGIN PGP MESSAGE-----'.");
    if (text.find("-----BEGIN PGP PRIVATE KEY BLOCK-----") != std::string_view::npos)
        return notAMessage("This is a PGP private key, not an encrypted message. Do not paste or share it; "
                           "paste the encrypted token (the '-----BEGIN PGP MESSAGE-----' block) instead.");
    if (text.find("-----BEGIN PGP SIGNED MESSAGE-----") != std::string_view::npos)
        return notAMessage("This is a signed but unencrypted PGP message, not an encrypted token.");
    if (text.find("-----BEGIN PGP MESSAGE, PART") != std::string_view::npos)
        return notAMessage("This is one part of a PGP message split into several parts; join the parts first.");
    return notAMessage("This is not a PGP message: no '-----BEGIN PGP MESSAGE-----' block and not binary "
                       "OpenPGP data.");
}

// Parses one candidate text (already QP-decoded or not) into a clean armor block.
std::expected<std::string, Error> rebuildArmor(std::string_view text)
{
    const std::vector<std::string_view> lines = splitLines(text);
    std::size_t i = 0;
    while (i < lines.size() && lines[i].find(kBegin) == std::string_view::npos)
        ++i;
    if (i == lines.size())
        return std::unexpected(wrongKind(text));
    ++i;

    std::string body;
    std::string checksum;
    bool inHeaders = true;
    bool ended = false;
    for (; i < lines.size(); ++i) {
        std::string_view line = stripped(lines[i]);
        if (const std::size_t end = line.find(kEnd); end != std::string_view::npos) {
            line = trimTrailing(line.substr(0, end)); // "...AbC=-----END" when a line break was lost
            ended = true;
        }
        std::string compact; // some clients break or pad lines with blanks inside the base64
        for (char c : line)
            if (!isSpace(c))
                compact.push_back(c);
        // "Version: ...", "Comment: ...": dropped, gpg does not need them. ':' is not base64.
        if (inHeaders && !ended && compact.find(':') != std::string::npos)
            continue;
        if (!compact.empty()) {
            inHeaders = false;
            if (!checksum.empty())
                return std::unexpected(corrupt("The PGP message is damaged: there is text after its checksum line."));
            if (compact.size() == 5 && compact.front() == '=' && std::ranges::all_of(compact.substr(1), isBase64Char)) {
                checksum = compact.substr(1);
            } else {
                for (char c : compact)
                    if (!isBase64Char(c) && c != '=')
                        return std::unexpected(corrupt(pgpdetail::format(
                            "The PGP message is damaged: line {} of the text contains characters that do not "
                            "belong in a PGP message.",
                            i + 1)));
                body += compact;
            }
        }
        if (ended)
            break;
    }

    if (!ended)
        return std::unexpected(corrupt("The PGP message is incomplete: its '-----END PGP MESSAGE-----' line is "
                                       "missing. Was it cut off when it was copied?"));
    if (body.empty())
        return std::unexpected(corrupt("The PGP message block is empty."));
    const std::optional<std::string> bytes = decodeBase64(body);
    if (!bytes)
        return std::unexpected(corrupt("The PGP message is damaged or truncated: its base64 text does not decode."));
    if (!checksum.empty()) {
        const std::optional<std::string> crc = decodeBase64(checksum);
        if (!crc || crc->size() != 3)
            return std::unexpected(corrupt("The PGP message is damaged: its checksum line is malformed."));
        const auto expected = (static_cast<std::uint32_t>(static_cast<unsigned char>((*crc)[0])) << 16)
            | (static_cast<std::uint32_t>(static_cast<unsigned char>((*crc)[1])) << 8)
            | static_cast<std::uint32_t>(static_cast<unsigned char>((*crc)[2]));
        if (crc24(*bytes) != expected)
            return std::unexpected(corrupt("The PGP message is damaged: its checksum does not match. A character "
                                           "was probably changed or lost when it was copied."));
    }

    std::string out;
    out.reserve(body.size() + body.size() / kLineLength + 96);
    out += kBegin;
    out += "\n\n";
    for (std::size_t pos = 0; pos < body.size(); pos += kLineLength) {
        out += std::string_view(body).substr(pos, kLineLength);
        out += '\n';
    }
    if (!checksum.empty()) {
        out += '=';
        out += checksum;
        out += '\n';
    }
    out += kEnd;
    out += '\n';
    return out;
}

} // namespace

std::expected<std::string, Error> extractOpenPgpMessage(std::string_view input)
{
    // Text that starts with a non-ASCII letter can look like a packet header; an armor line settles it.
    if (!input.empty() && input.find(kBegin) == std::string_view::npos) {
        if (const std::optional<int> tag = packetTag(static_cast<unsigned char>(input.front()))) {
            if (startsEncryptedMessage(*tag))
                return std::string(input);
            if (*tag == 6 || *tag == 14)
                return std::unexpected(notAMessage("This is a binary PGP public key, not an encrypted message."));
            if (*tag == 5 || *tag == 7)
                return std::unexpected(notAMessage("This is a binary PGP private key, not an encrypted message. "
                                                   "Do not share it."));
        }
    }
    if (input.starts_with("\xEF\xBB\xBF"))
        input.remove_prefix(3);
    if (trimTrailing(input).find_first_not_of(" \t\n\r") == std::string_view::npos)
        return std::unexpected(notAMessage("There is nothing to decrypt: the input is empty."));

    const std::string text = normaliseLineEndings(input);
    const std::vector<std::string_view> lines = splitLines(text);
    if (!looksQuotedPrintable(lines))
        return rebuildArmor(text);
    // QP evidence can be fooled by surrounding prose; the armor checksum decides which reading is right.
    auto decoded = rebuildArmor(decodeQuotedPrintable(lines));
    if (decoded)
        return decoded;
    if (auto plain = rebuildArmor(text))
        return plain;
    return decoded;
}

} // namespace fhw::secrets
