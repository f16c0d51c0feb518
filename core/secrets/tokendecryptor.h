#pragma once

#include "common/error.h"
#include "secrets/securebuffer.h"

#include <expected>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fhw::secrets {

struct PassphrasePrompt
{
    std::string keyId{}; // long ID of the (sub)key gpg wants unlocked
    std::string userId{}; // "Name <email>" of its key
    bool previousWasBad = false;
};

// Asked for the passphrase of a protected secret key; nullopt = the user cancelled.
using PassphraseProvider = std::function<std::optional<SecureBuffer>(const PassphrasePrompt &)>;

struct SignatureInfo
{
    std::string fingerprint{}; // of the signing key; only its key ID when that key is not here
    std::string signer{}; // user ID of the signing key, empty when unknown
    bool valid = false; // cryptographically good, by a key that is neither expired nor revoked
    // "valid", "valid (signer key not certified)", "bad signature", "no public key for signer 0x…",
    // "expired key", "revoked key", "expired signature", or gpg's own words.
    std::string status{};
};

struct DecryptedMessage
{
    SecureBuffer plaintext{};
    std::string recipientKeyId{}; // the encryption subkey that opened it (long ID, as in the message)
    std::string recipientFingerprint{}; // primary fingerprint of the key holding that subkey
    std::optional<SignatureInfo> signature{};
    // Things to tell the user that did not stop decryption, e.g. that the recipient key has expired.
    std::vector<std::string> warnings{};
};

// Decrypts an encrypted token (pasted text, a saved mail, or binary OpenPGP) with GPGME.
//
// Error codes: "pgp.not-a-message", "pgp.corrupt" (damaged, truncated), "pgp.no-secret-key" (names
// the recipient key IDs), "pgp.passphrase-required" (a protected key and no provider),
// "pgp.bad-passphrase" (after kMaxPassphraseAttempts wrong ones), "pgp.cancelled" (the provider
// returned nullopt), "pgp.key-expired" / "pgp.key-revoked" (decryption failed and the recipient key is
// expired / revoked), "pgp.unavailable", "pgp.failed" (anything else, with gpg's words).
//
// Synchronous. Each call makes its own GPGME context and the instance holds nothing else, so calls
// may run on any thread, concurrently too; the provider is called on the calling thread.
class TokenDecryptor
{
public:
    static constexpr int kMaxPassphraseAttempts = 3;

    // Empty: the user's home (GNUPGHOME, else ~/.gnupg).
    explicit TokenDecryptor(std::string gnupgHome = {});

    std::expected<DecryptedMessage, Error> decrypt(std::string_view input,
                                                   const PassphraseProvider &passphrase = {}) const;

private:
    std::string m_home;
};

} // namespace fhw::secrets
