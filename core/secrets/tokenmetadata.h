#pragma once

#include "common/error.h"

#include <QString>

#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace fhw::secrets {

// What we keep about a token beside the keychain, never the token itself.
struct TokenMetadata
{
    std::string name;           // the user's name for it, also the keychain key ("acme-prod-US1")
    std::string dataCenter;     // "", "US1", "US2", "EU1" or "AU1"
    std::string importedAt;     // ISO 8601 UTC ("2026-01-31T12:00:00Z"); TokenStore fills it in if empty
    std::string keyFingerprint; // the PGP key it was decrypted with; may be empty
    std::string redacted;       // redactToken()'s output ("Token ••••abcd"); TokenStore sets it
    std::string signer;         // who signed the encrypted token, if anybody

    friend bool operator==(const TokenMetadata &, const TokenMetadata &) = default;
};

// token.invalid-name unless 1-64 characters of [A-Za-z0-9._-], not starting with a dot.
std::expected<void, Error> validateTokenName(std::string_view name);

bool isKnownDataCenter(std::string_view dataCenter);

// The index file, tokens.json: {"format": "firehose-workbench/tokens", "version": 1, "tokens": [...]},
// tokens sorted by name. A missing file is an empty index. A file that cannot be read as an index gives
// token.index-corrupt (or token.index-unsupported for a newer version) and is never touched: the caller
// must refuse to write over it.
std::expected<std::vector<TokenMetadata>, Error> readTokenIndex(const QString &path);

// Written atomically (QSaveFile), readable by the owner only; the directory is created if missing.
std::expected<void, Error> writeTokenIndex(const QString &path, std::vector<TokenMetadata> tokens);

} // namespace fhw::secrets
