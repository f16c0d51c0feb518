#pragma once

#include "common/error.h"
#include "tokenmetadata.h"

#include <QString>

#include <chrono>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace fhw::secrets {

// One row of TokenStore::list(): the index and the keychain can drift apart (a token deleted in Seahorse,
// an index file moved away), and the list says where.
struct TokenListing
{
    TokenMetadata metadata; // only the name, for a keychain entry the index does not know
    bool indexed = true;    // false: in the keychain under our service, but not in tokens.json
    bool inKeychain = true; // false: in tokens.json, but the keychain has no such entry
};

// Tokens in the OS keychain (QtKeychain over the Secret Service: service "Firehose Workbench", key = the
// token's name); what we know about each (TokenMetadata, never the secret) in tokens.json beside it.
//
// Synchronous. Each operation first checks the Secret Service (checkSecretService(): no bus, no Secret
// Service, locked keyring, all fail fast with a plain message and never a prompt), then runs its QtKeychain
// jobs with a time limit (keychain.timeout). Usable from any thread, with or without an event loop there;
// needs a QCoreApplication. Operations are serialised within the process and, through a lock file beside
// the index, across processes.
//
// Error codes: token.invalid-name, token.invalid (the token itself), token.invalid-metadata, token.exists,
// token.not-found (says which name, and which exist), token.index-corrupt / -unsupported / -unreadable /
// -write / -busy, the keychain.* codes of checkSecretService(), keychain.access-denied and
// keychain.error (with QtKeychain's message). The token is never logged nor put in a message.
// $XDG_DATA_HOME/firehose-workbench (~/.local/share/firehose-workbench): one index for the CLI and the window.
QString defaultTokenIndexDirectory();

class TokenStore
{
public:
    static constexpr std::string_view keychainService = "Firehose Workbench";

    enum class Existing { Refuse, Replace };

    // metadataDir: where tokens.json lives; empty means defaultTokenIndexDirectory().
    explicit TokenStore(QString metadataDir = {});

    QString indexPath() const;
    void setKeychainTimeout(std::chrono::milliseconds timeout); // per QtKeychain job; default 10 s

    // Stores `token` under metadata.name. Fills in metadata.redacted (always) and importedAt (if empty).
    // The token is read back from the keychain before the index says it is there.
    std::expected<void, Error> store(TokenMetadata metadata, std::string_view token,
                                     Existing existing = Existing::Refuse);

    // The token itself, from the keychain; the caller wipes it when done (secrets::wipe, securebuffer.h).
    // TODO(secrets): return SecureBuffer instead, once its callers (CLI, window) take one.
    std::expected<std::string, Error> read(std::string_view name);

    // Everything the index and the keychain know under our service, sorted by name.
    std::expected<std::vector<TokenListing>, Error> list();

    // Writes the token under `to`, reads it back, updates the index, then deletes `from`: a failure part
    // way leaves `from` usable.
    std::expected<void, Error> rename(std::string_view from, std::string_view to);

    // Records another data centre ("" = any) for `name`; the keychain entry is not touched. A keychain entry
    // the index does not know gets an index entry (its token is read once, for the redacted form).
    std::expected<void, Error> setDataCenter(std::string_view name, std::string_view dataCenter);

    // Deletes from the keychain and the index; also a name only one of them knows.
    std::expected<void, Error> remove(std::string_view name);

    static std::expected<void, Error> validateName(std::string_view name);
    // token.invalid unless 1-4096 printable ASCII characters without spaces (it goes in an HTTP header).
    static std::expected<void, Error> validateToken(std::string_view token);

private:
    QString m_dir;
    std::chrono::milliseconds m_keychainTimeout{std::chrono::seconds(10)};
};

} // namespace fhw::secrets
