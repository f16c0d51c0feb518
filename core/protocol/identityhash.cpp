#include "identityhash.h"

#include <QByteArray>
#include <QCryptographicHash>
#include <QString>

#include <optional>

namespace fhw::protocol {

namespace {

std::optional<QCryptographicHash::Algorithm> algorithmFor(std::string_view encoding)
{
    if (encoding == "md5")
        return QCryptographicHash::Md5;
    if (encoding == "sha1")
        return QCryptographicHash::Sha1;
    if (encoding == "sha256")
        return QCryptographicHash::Sha256;
    return std::nullopt;
}

bool isAsciiSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

std::string_view trimmed(std::string_view value)
{
    while (!value.empty() && isAsciiSpace(value.front()))
        value.remove_prefix(1);
    while (!value.empty() && isAsciiSpace(value.back()))
        value.remove_suffix(1);
    return value;
}

} // namespace

std::expected<std::string, Error> encodeIdentity(std::string_view value, std::string_view encoding)
{
    // An empty identity makes the Java SDK reject the whole message; hashing "" would hide that.
    if (trimmed(value).empty())
        return std::unexpected(Error{"identity.empty-value", "an identity value must not be empty"});
    if (encoding == "raw")
        return std::string(value);
    const auto algorithm = algorithmFor(encoding);
    if (!algorithm) {
        return std::unexpected(Error{"identity.unknown-encoding",
                                     "unknown identity encoding '" + std::string(encoding)
                                         + "' (expected raw, md5, sha1 or sha256)"});
    }
    const std::string_view normalized = trimmed(value);
    // QString::toLower is Unicode-aware and locale-independent, so "ÉMILE@…" and "émile@…" hash alike
    // the way mParticle's Java toLowerCase() would treat them.
    const QByteArray lowered = QString::fromUtf8(normalized.data(), static_cast<qsizetype>(normalized.size()))
                                   .toLower()
                                   .toUtf8();
    const QByteArray digest = QCryptographicHash::hash(lowered, *algorithm).toHex();
    return std::string(digest.constData(), static_cast<std::size_t>(digest.size()));
}

} // namespace fhw::protocol
