#pragma once

#include "common/error.h"
#include "secrets/securebuffer.h"

#include <chrono>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fhw::secrets {

// One OpenPGP key as the user needs to see it when choosing the key mParticle encrypts tokens to.
struct KeyInfo
{
    std::string fingerprint{}; // primary key, 40 hex digits
    std::string keyId{}; // primary key, long (16 hex digits)
    std::string primaryUserId{};
    std::string name{};
    std::string email{};
    std::string algorithm{}; // of the primary key, as gpg names it: "ed25519", "rsa4096", ...
    std::string encryptionAlgorithm{}; // of the usable encryption subkey ("cv25519"), empty if none
    std::chrono::sys_seconds created{};
    std::chrono::sys_seconds expires{}; // the epoch (0) = never
    bool expired = false;
    bool revoked = false;
    bool hasSecret = false;
    bool canEncrypt = false; // has a valid (not expired or revoked) encryption subkey

    bool neverExpires() const { return expires.time_since_epoch().count() == 0; }
};

struct KeySpec
{
    enum class Algorithm {
        Ed25519Cv25519, // ed25519 primary (certify, sign) + cv25519 encryption subkey
        Rsa4096, // rsa4096 primary (certify, sign) + rsa4096 encryption subkey; slow to make
    };

    std::string name{};
    std::string email{};
    Algorithm algorithm = Algorithm::Ed25519Cv25519;
    std::chrono::days expiry{0}; // 0 = never
    // None (or empty): an unprotected key, made without any pinentry. Otherwise passed to gpg-agent
    // through loopback pinentry.
    std::optional<SecureBuffer> passphrase{};
};

// The user's OpenPGP keys, through GPGME. Synchronous; every call makes its own GPGME context and the
// instance holds nothing else, so calls may run on any thread (the window calls it off the GUI thread,
// the CLI directly).
// Errors: "pgp.unavailable" (no usable gpg engine), "pgp.key-not-found", "pgp.ambiguous-key",
// "pgp.invalid-user-id", "pgp.key-creation-failed", "pgp.failed" (anything else, with gpg's words).
class PgpKeys
{
public:
    // Empty: the user's home (GNUPGHOME, else ~/.gnupg).
    explicit PgpKeys(std::string gnupgHome = {});

    const std::string &gnupgHome() const { return m_home; }

    std::expected<std::vector<KeyInfo>, Error> listSecretKeys() const;
    // A fingerprint, long or short key ID (with or without "0x"), or anything gpg matches on;
    // it must name exactly one key.
    std::expected<KeyInfo, Error> findKey(std::string_view fingerprintOrId) const;
    std::expected<KeyInfo, Error> createKey(const KeySpec &spec) const;
    // ASCII-armored public key, for sending to mParticle.
    std::expected<std::string, Error> exportPublicKey(std::string_view fingerprintOrId) const;

private:
    std::string m_home;
};

// "Name <email>" from a KeySpec, or the reason it cannot be one ("pgp.invalid-user-id").
std::expected<std::string, Error> makeUserId(std::string_view name, std::string_view email);

} // namespace fhw::secrets
