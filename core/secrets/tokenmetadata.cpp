#include "tokenmetadata.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <optional>
#include <set>

namespace fhw::secrets {

namespace {

using Json = nlohmann::ordered_json; // key order as written, for people reading the file

constexpr std::string_view format = "firehose-workbench/tokens";
constexpr int version = 1;
constexpr std::size_t maxNameLength = 64;
constexpr std::size_t maxIndexBytes = 16 * 1024 * 1024;

std::unexpected<Error> corrupt(const QString &path, const std::string &reason)
{
    return std::unexpected(Error{
        "token.index-corrupt",
        QDir::toNativeSeparators(path).toStdString() + " is not a valid token index (" + reason
            + "). It was left as it is: repair it, or move it aside to start a new index (the tokens "
              "themselves stay in the keychain, under \"Firehose Workbench\")."});
}

bool nameCharacter(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
        || c == '-';
}

// A string field, or "" when absent; nullopt when present with another type.
std::optional<std::string> stringField(const Json &entry, const char *key)
{
    const auto it = entry.find(key);
    if (it == entry.end())
        return std::string();
    if (!it->is_string())
        return std::nullopt;
    return it->get<std::string>();
}

} // namespace

std::expected<void, Error> validateTokenName(std::string_view name)
{
    // The name itself stays out of the message: a token pasted into the name field by mistake must not
    // end up in a log.
    const auto invalid = [](const std::string &why) {
        return std::unexpected(Error{"token.invalid-name",
                                     "Invalid token name: " + why
                                         + ". Use 1-64 letters, digits, '.', '_' or '-', not starting with '.' "
                                           "(e.g. acme-prod-US1)."});
    };
    if (name.empty())
        return invalid("it is empty");
    if (name.size() > maxNameLength)
        return invalid("it is longer than 64 characters");
    if (name.front() == '.')
        return invalid("it starts with '.'");
    if (!std::ranges::all_of(name, nameCharacter))
        return invalid("it contains a character other than letters, digits, '.', '_' and '-'");
    return {};
}

bool isKnownDataCenter(std::string_view dataCenter)
{
    static constexpr std::array<std::string_view, 5> known{"", "US1", "US2", "EU1", "AU1"};
    return std::ranges::find(known, dataCenter) != known.end();
}

std::expected<std::vector<TokenMetadata>, Error> readTokenIndex(const QString &path)
{
    QFile file(path);
    if (!file.exists())
        return std::vector<TokenMetadata>{};
    if (!file.open(QIODevice::ReadOnly))
        return std::unexpected(Error{"token.index-unreadable", "Cannot read the token index "
                                                                   + QDir::toNativeSeparators(path).toStdString()
                                                                   + ": " + file.errorString().toStdString()});
    if (file.size() > static_cast<qint64>(maxIndexBytes))
        return corrupt(path, "larger than 16 MB");
    const QByteArray bytes = file.readAll();
    const Json document = Json::parse(bytes.begin(), bytes.end(), nullptr, /*allow_exceptions=*/false);
    if (document.is_discarded())
        return corrupt(path, "not JSON");
    if (!document.is_object() || document.value("format", Json()) != std::string(format))
        return corrupt(path, "no \"format\": \"firehose-workbench/tokens\"");
    const Json &versionField = document.value("version", Json());
    if (!versionField.is_number_integer())
        return corrupt(path, "no integer \"version\"");
    if (versionField.get<int>() != version)
        return std::unexpected(Error{"token.index-unsupported",
                                     QDir::toNativeSeparators(path).toStdString() + " has version "
                                         + versionField.dump() + "; this Firehose Workbench reads version 1. "
                                           "It was left as it is."});
    const auto tokens = document.find("tokens");
    if (tokens == document.end() || !tokens->is_array())
        return corrupt(path, "no \"tokens\" array");

    std::vector<TokenMetadata> result;
    std::set<std::string> names;
    for (const Json &entry : *tokens) {
        if (!entry.is_object())
            return corrupt(path, "a token entry is not an object");
        TokenMetadata metadata;
        const std::pair<const char *, std::string *> fields[] = {
            {"name", &metadata.name},
            {"dataCenter", &metadata.dataCenter},
            {"importedAt", &metadata.importedAt},
            {"keyFingerprint", &metadata.keyFingerprint},
            {"redacted", &metadata.redacted},
            {"signer", &metadata.signer},
        };
        for (const auto &[key, target] : fields) {
            auto value = stringField(entry, key);
            if (!value)
                return corrupt(path, std::string("\"") + key + "\" of a token is not a string");
            *target = std::move(*value);
        }
        if (!validateTokenName(metadata.name))
            return corrupt(path, "a token has a missing or invalid \"name\"");
        if (!names.insert(metadata.name).second)
            return corrupt(path, "the name \"" + metadata.name + "\" appears twice");
        result.push_back(std::move(metadata));
    }
    std::ranges::sort(result, {}, &TokenMetadata::name);
    return result;
}

std::expected<void, Error> writeTokenIndex(const QString &path, std::vector<TokenMetadata> tokens)
{
    const auto failed = [&path](const QString &why) {
        return std::unexpected(Error{"token.index-write", "Cannot write the token index "
                                                              + QDir::toNativeSeparators(path).toStdString()
                                                              + ": " + why.toStdString()});
    };
    const QString dir = QFileInfo(path).absolutePath();
    if (!QFileInfo::exists(dir)) {
        if (!QDir().mkpath(dir))
            return failed(QStringLiteral("cannot create the folder"));
        QFile::setPermissions(dir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    }

    std::ranges::sort(tokens, {}, &TokenMetadata::name);
    Json list = Json::array();
    for (const TokenMetadata &token : tokens) {
        Json entry = {{"name", token.name}, {"dataCenter", token.dataCenter}, {"importedAt", token.importedAt},
                      {"keyFingerprint", token.keyFingerprint}, {"redacted", token.redacted}};
        if (!token.signer.empty())
            entry["signer"] = token.signer;
        list.push_back(std::move(entry));
    }
    const Json document = {{"format", std::string(format)}, {"version", version}, {"tokens", std::move(list)}};
    // Replace, not throw, on invalid UTF-8 (a signer's name from a key we did not make).
    const std::string text = document.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";

    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return failed(file.errorString());
    if (file.write(text.data(), static_cast<qint64>(text.size())) != static_cast<qint64>(text.size()))
        return failed(file.errorString());
    if (!file.commit())
        return failed(file.errorString());
    QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner); // metadata, not secrets, but nobody else's
    return {};
}

} // namespace fhw::secrets
