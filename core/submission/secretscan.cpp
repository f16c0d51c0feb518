#include "secretscan.h"

#include "jsonaccess_p.h"
#include "openpgp_p.h"

#include <algorithm>
#include <array>

namespace fhw::submission {

using namespace detail;
using protocol::Json;

namespace {

constexpr std::string_view beginMark = "-----BEGIN ";

bool isPrivateKeyLabel(std::string_view label)
{
    return label.ends_with("PRIVATE KEY") || label.ends_with("PRIVATE KEY BLOCK") || label == "PGP SECRET KEY BLOCK";
}

// The label of the armor line that starts at text[at] ("-----BEGIN LABEL-----"), or empty.
std::string_view armorLabelAt(std::string_view text, std::size_t at)
{
    const std::size_t start = at + beginMark.size();
    const std::size_t end = text.find("-----", start);
    const std::size_t lineEnd = text.find('\n', start);
    if (end == std::string_view::npos || (lineEnd != std::string_view::npos && end > lineEnd) || end - start > 64)
        return {};
    return text.substr(start, end - start);
}

// A binary OpenPGP secret key: the data starts with a well-framed secret-key packet of a known version.
bool startsWithSecretKeyPacket(std::string_view bytes)
{
    const auto packet = readPacket(bytes, 0);
    if (!packet || !isSecretKeyTag(packet->first.tag) || packet->first.body.empty())
        return false;
    const int version = static_cast<unsigned char>(packet->first.body[0]);
    return version >= 3 && version <= 6;
}

std::string jsonEscaped(std::string_view text)
{
    std::string out;
    for (char c : text) {
        if (c == '"' || c == '\\')
            out += '\\';
        out += c;
    }
    return out;
}

std::string htmlEscaped(std::string_view text)
{
    std::string out;
    for (char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
        }
    }
    return out;
}

bool isCredentialCharacter(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
           || c == '~' || c == '+' || c == '/' || c == '=' || c == '-';
}

bool startsWithNoCase(std::string_view text, std::string_view prefix)
{
    return text.size() >= prefix.size()
           && std::ranges::equal(text.substr(0, prefix.size()), prefix,
                                 [](char a, char b) { return (a | 0x20) == (b | 0x20); });
}

// "Authorization: Token abc…", "Authorization", "Bearer abc…" (a captured header list) with a credential
// that is not redacted ("Token ••••abcd" is).
bool hasUnredactedAuthorization(std::string_view bytes)
{
    static constexpr std::string_view header = "authorization";
    for (std::size_t at = 0; at + header.size() < bytes.size(); ++at) {
        if (!startsWithNoCase(bytes.substr(at), header))
            continue;
        std::size_t i = at + header.size();
        // Separators of a header line, a JSON pair or an indented JSON array: quotes, colon, comma, blanks.
        for (int skipped = 0; i < bytes.size() && skipped < 48
                              && std::string_view(" \t\r\n\"':,=[").find(bytes[i]) != std::string_view::npos;
             ++skipped)
            ++i;
        const std::string_view rest = bytes.substr(i);
        std::size_t scheme = 0;
        if (startsWithNoCase(rest, "token "))
            scheme = 6;
        else if (startsWithNoCase(rest, "bearer "))
            scheme = 7;
        if (scheme == 0)
            continue;
        i += scheme;
        while (i < bytes.size() && bytes[i] == ' ')
            ++i;
        std::size_t length = 0;
        while (i + length < bytes.size() && isCredentialCharacter(bytes[i + length]))
            ++length;
        if (length >= minScannedTokenLength)
            return true;
    }
    return false;
}

} // namespace

std::string armoredPrivateKeyLabel(std::string_view text)
{
    for (std::size_t at = text.find(beginMark); at != std::string_view::npos; at = text.find(beginMark, at + 1)) {
        const std::string_view label = armorLabelAt(text, at);
        if (isPrivateKeyLabel(label))
            return std::string(label);
    }
    return {};
}

std::vector<SecretProblem> scanForSecrets(std::string_view file, std::string_view bytes, std::span<const KnownToken> tokens)
{
    std::vector<SecretProblem> out;
    const auto add = [&](std::string reason) { out.push_back({std::string(file), std::move(reason)}); };

    if (const std::string label = armoredPrivateKeyLabel(bytes); !label.empty())
        add("holds a private key (-----BEGIN " + label + "-----)");
    for (std::size_t at = bytes.find("-----BEGIN PGP "); at != std::string_view::npos;
         at = bytes.find("-----BEGIN PGP ", at + 1)) {
        const auto block = decodeArmor(bytes, at);
        const auto packets = block ? splitPackets(block->data) : std::nullopt;
        if (packets && std::ranges::any_of(*packets, [](const Packet &p) { return isSecretKeyTag(p.tag); })) {
            add("holds OpenPGP secret-key packets (in a '" + block->label + "' block)");
            break;
        }
    }
    if (startsWithSecretKeyPacket(bytes))
        add("is a binary OpenPGP secret key");

    for (const KnownToken &token : tokens) {
        if (token.value.size() < minScannedTokenLength)
            continue;
        const std::array variants{token.value, jsonEscaped(token.value), htmlEscaped(token.value)};
        if (std::ranges::any_of(variants, [&](const std::string &v) { return bytes.find(v) != std::string_view::npos; }))
            add("holds the token '" + token.name + "'");
    }
    if (hasUnredactedAuthorization(bytes))
        add("holds an Authorization header with a credential that is not redacted");
    return out;
}

std::vector<SecretProblem> confidentialDefaults(std::string_view file, const Json &registration)
{
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 5> lists{{
        {"event_processing_registration", "account_settings"},
        {"event_processing_registration", "event_connection_settings"},
        {"audience_processing_registration", "account_settings"},
        {"audience_processing_registration", "audience_subscription_settings"},
        {"dsr_processing_registration", "account_settings"},
    }};
    std::vector<SecretProblem> out;
    for (const auto &[part, key] : lists) {
        const Json *registrationPart = objectAt(registration, part);
        const Json *settings = registrationPart ? arrayAt(*registrationPart, key) : nullptr;
        for (std::size_t i = 0; settings && i < settings->size(); ++i) {
            const Json &setting = (*settings)[i];
            const Json *value = memberAt(setting, "default_value");
            const bool filled = value && !value->is_null() && !(value->is_string() && value->get_ref<const std::string &>().empty());
            if (boolAt(setting, "confidential") && filled) {
                out.push_back({std::string(file), "the confidential setting '" + stringAt(setting, "id") + "' (/"
                                                      + std::string(part) + "/" + std::string(key) + "/"
                                                      + std::to_string(i)
                                                      + ") has a default_value: a secret every customer would get"});
            }
        }
    }
    return out;
}

} // namespace fhw::submission
