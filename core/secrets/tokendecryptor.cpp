#include "secrets/tokendecryptor.h"

#include "secrets/armor.h"
#include "secrets/gpgmesupport_p.h"
#include "secrets/textformat_p.h"

#include <gpgme++/data.h>
#include <gpgme++/decryptionresult.h>
#include <gpgme++/verificationresult.h>

#include <gpgme.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <cstdio>

// What gpg 2.2.40 / GPGME 1.18 do, measured (tests/integration/tst_pgp.cpp keeps these true):
// - Loopback pinentry asks once per operation: a wrong passphrase ends the operation with
//   GPG_ERR_BAD_PASSPHRASE (11) and gpg-agent does not ask again, so the retries are ours.
//   A declined request ends it with GPG_ERR_CANCELED (99). After a right passphrase gpg-agent caches
//   it and later operations do not ask at all.
// - Decrypting with an expired or a revoked encryption subkey (or under a revoked primary key)
//   succeeds without any error or flag in the result; gpg only prints a note. So expiry and
//   revocation are looked up in the key listing and reported as warnings; "pgp.key-expired" and
//   "pgp.key-revoked" are returned only when decryption fails for another unexplained reason.
// - No secret key: GPG_ERR_NO_SECKEY (17), each recipient's status too. Damage: a flipped byte gives
//   GPG_ERR_CHECKSUM (10) or GPG_ERR_DECRYPT_FAILED (152, the integrity check), truncation and
//   garbage GPG_ERR_NO_DATA (58). gpg may already have written part of the plaintext when it
//   notices; that part is wiped with the rest.
// - A signature by a key that is not here: status GPG_ERR_NO_PUBKEY (9), fingerprint still given
//   (from the issuer-fingerprint subpacket).

namespace fhw::secrets {

namespace {

using pgpdetail::describe;
using pgpdetail::text;

// A memory data object that GPGME wipes when it grows or is released: the decrypted token must not
// stay behind in freed memory.
std::expected<GpgME::Data, Error> sensitiveData()
{
    gpgme_data_t raw = nullptr;
    if (gpgme_data_new(&raw) != 0 || raw == nullptr)
        return std::unexpected(Error{"pgp.failed", "Out of memory for the decrypted token."});
    // Best effort: without the flag (older GPGME) decryption still works, only the wiping is lost.
    gpgme_data_set_flag(raw, "sensitive", "1");
    return GpgME::Data(raw); // takes ownership
}

SecureBuffer readAll(GpgME::Data &data)
{
    const off_t size = data.seek(0, SEEK_END);
    data.seek(0, SEEK_SET);
    if (size <= 0)
        return {};
    SecureBuffer out = SecureBuffer::zeroed(static_cast<std::size_t>(size));
    std::size_t filled = 0;
    while (filled < out.size()) {
        const ssize_t n = data.read(out.data() + filled, out.size() - filled);
        if (n <= 0)
            break;
        filled += static_cast<std::size_t>(n);
    }
    out.truncate(filled);
    return out;
}

std::string hexId(std::string_view keyId)
{
    return "0x" + std::string(keyId);
}

bool sameId(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::ranges::equal(a, b, [](unsigned char x, unsigned char y) {
               return std::toupper(x) == std::toupper(y);
           });
}

// The key holding the subkey `keyId`, and that subkey, if this home has the key at all.
struct KeyLookup
{
    GpgME::Key key;
    GpgME::Subkey subkey;
};

std::optional<KeyLookup> lookupSubkey(GpgME::Context &ctx, const std::string &keyId)
{
    if (keyId.empty() || keyId.find_first_not_of('0') == std::string::npos)
        return std::nullopt; // hidden recipient (--throw-keyids)
    auto keys = pgpdetail::listKeys(ctx, keyId, false);
    if (!keys)
        return std::nullopt;
    for (const GpgME::Key &key : *keys)
        for (const GpgME::Subkey &sub : key.subkeys())
            if (sameId(text(sub.keyID()), keyId) || sameId(text(sub.fingerprint()), keyId))
                return KeyLookup{key, sub};
    return std::nullopt;
}

std::string date(time_t t)
{
    std::tm parts{};
    gmtime_r(&t, &parts);
    char buffer[16] = {};
    std::strftime(buffer, sizeof buffer, "%Y-%m-%d", &parts);
    return buffer;
}

std::string keyLabel(const KeyLookup &found, const std::string &keyId)
{
    const std::string uid = found.key.numUserIDs() > 0 ? text(found.key.userID(0).id()) : std::string();
    return uid.empty() ? hexId(keyId) : pgpdetail::format("{} ({})", hexId(keyId), uid);
}

std::vector<std::string> keyWarnings(const KeyLookup &found, const std::string &keyId)
{
    std::vector<std::string> warnings;
    const std::string label = keyLabel(found, keyId);
    if (found.subkey.isRevoked() || found.key.isRevoked())
        warnings.push_back(pgpdetail::format(
            "The key {} that this token is encrypted to has been revoked. Send mParticle your current public key "
            "and ask for the token to be re-encrypted to it.",
            label));
    else if (found.subkey.isExpired() || found.key.isExpired())
        warnings.push_back(pgpdetail::format(
            "The key {} that this token is encrypted to expired on {}. Decryption still works, but extend the "
            "key's expiry or send mParticle a new key before the next token.",
            label,
            date(found.subkey.isExpired() ? found.subkey.expirationTime() : found.key.subkey(0).expirationTime())));
    return warnings;
}

SignatureInfo describeSignature(GpgME::Context &ctx, const GpgME::Signature &sig)
{
    SignatureInfo info;
    info.fingerprint = text(sig.fingerprint());
    if (auto keys = pgpdetail::listKeys(ctx, info.fingerprint, false);
        keys && keys->size() == 1 && keys->front().numUserIDs() > 0)
        info.signer = text(keys->front().userID(0).id());

    const unsigned summary = sig.summary();
    const int code = sig.status().code();
    if (code == GPG_ERR_NO_PUBKEY || (summary & GpgME::Signature::KeyMissing) != 0) {
        const std::string id
            = info.fingerprint.size() > 16 ? info.fingerprint.substr(info.fingerprint.size() - 16) : info.fingerprint;
        info.status = "no public key for signer " + hexId(id);
    } else if (code == GPG_ERR_BAD_SIGNATURE || (summary & GpgME::Signature::Red) != 0) {
        info.status = "bad signature";
    } else if (code == GPG_ERR_CERT_REVOKED || (summary & GpgME::Signature::KeyRevoked) != 0) {
        info.status = "revoked key";
    } else if (code == GPG_ERR_KEY_EXPIRED || (summary & GpgME::Signature::KeyExpired) != 0) {
        info.status = "expired key";
    } else if (code == GPG_ERR_SIG_EXPIRED || (summary & GpgME::Signature::SigExpired) != 0) {
        info.status = "expired signature";
    } else if (code == 0) {
        info.valid = true;
        // Good maths; whether the key is really mParticle's is a question of trust in the key.
        info.status = (summary & GpgME::Signature::Valid) != 0 ? "valid" : "valid (signer key not certified)";
    } else {
        info.status = text(sig.status().asString());
    }
    return info;
}

bool isDamage(int code)
{
    switch (code) {
    case GPG_ERR_NO_DATA:
    case GPG_ERR_CHECKSUM:
    case GPG_ERR_DECRYPT_FAILED:
    case GPG_ERR_BAD_DATA:
    case GPG_ERR_INV_PACKET:
    case GPG_ERR_TRUNCATED:
    case GPG_ERR_INV_DATA:
    case GPG_ERR_INV_LENGTH:
    case GPG_ERR_INV_ARMOR:
    case GPG_ERR_INV_KEYLEN:
        return true;
    default:
        return false;
    }
}

Error noSecretKey(GpgME::Context &ctx, const GpgME::DecryptionResult &result, const std::string &home)
{
    std::vector<std::string> ids;
    std::string publicOnly;
    for (const GpgME::DecryptionResult::Recipient &r : result.recipients()) {
        const std::string id = text(r.keyID());
        if (id.empty() || id.find_first_not_of('0') == std::string::npos)
            continue;
        ids.push_back(hexId(id));
        if (const auto found = lookupSubkey(ctx, id); found && publicOnly.empty())
            publicOnly
                = pgpdetail::format(" Its public key ({}) is here, but not the secret key.", keyLabel(*found, id));
    }
    std::string message;
    if (ids.empty()) {
        message
            = pgpdetail::format("The token is encrypted to a hidden recipient, and no secret key in this GnuPG home "
                                "({}) opens it.",
                                home);
    } else {
        std::string list = ids.front();
        for (std::size_t i = 1; i < ids.size(); ++i)
            list += (i + 1 == ids.size() ? " or " : ", ") + ids[i];
        message = pgpdetail::format(
            "The token is encrypted to {} {}, which {} not in this GnuPG home ({}).{} Import the "
            "secret key or ask mParticle to re-encrypt to your current key.",
            ids.size() == 1 ? "key" : "keys", list, ids.size() == 1 ? "is" : "are", home, publicOnly);
    }
    return Error{"pgp.no-secret-key", std::move(message)};
}

// The first recipient whose secret key opened the message (the others report NO_SECKEY).
std::string openingRecipient(const GpgME::DecryptionResult &decryption)
{
    for (const GpgME::DecryptionResult::Recipient &r : decryption.recipients())
        if (!r.status())
            return text(r.keyID());
    return {};
}

// Why decryption failed, in the user's terms (a wrong passphrase is retried by the caller first).
Error failure(GpgME::Context &ctx, const GpgME::DecryptionResult &decryption,
              const pgpdetail::LoopbackPassphrase &asker, const std::string &home)
{
    const GpgME::Error err = decryption.error();
    const int code = err.code();
    const std::string keyId = asker.lastRequest().keyId;
    const std::string who = keyId.empty() ? std::string("the secret key")
                                          : pgpdetail::format("key {} ({})", hexId(keyId), asker.lastRequest().userId);
    const int attempts = TokenDecryptor::kMaxPassphraseAttempts;

    if (code == GPG_ERR_BAD_PASSPHRASE || asker.exhausted())
        return {"pgp.bad-passphrase", pgpdetail::format("The passphrase for {} was wrong {} times.", who, attempts)};
    if (err.isCanceled() || code == GPG_ERR_CANCELED || code == GPG_ERR_NO_PIN_ENTRY || code == GPG_ERR_NO_PASSPHRASE) {
        if (asker.noSource())
            return {"pgp.passphrase-required",
                    pgpdetail::format("The secret {} is protected by a passphrase, and none was given.", who)};
        return {"pgp.cancelled", "Decryption was cancelled."};
    }
    if (code == GPG_ERR_NO_SECKEY)
        return noSecretKey(ctx, decryption, home);
    if (isDamage(code))
        return {"pgp.corrupt",
                pgpdetail::format("The token cannot be decrypted: the message is damaged or incomplete "
                                  "({}). Copy it again from the original mail.",
                                  describe(err))};
    // gpg decrypts with expired and revoked keys (see the top of this file), so these only explain a
    // failure that has no better explanation.
    const std::string recipientId = openingRecipient(decryption);
    if (const std::optional<KeyLookup> recipient = lookupSubkey(ctx, recipientId)) {
        if (code == GPG_ERR_CERT_REVOKED || recipient->subkey.isRevoked() || recipient->key.isRevoked())
            return {"pgp.key-revoked",
                    pgpdetail::format("The token cannot be decrypted with the revoked key {}: {}", hexId(recipientId),
                                      describe(err))};
        if (code == GPG_ERR_KEY_EXPIRED || recipient->subkey.isExpired() || recipient->key.isExpired())
            return {"pgp.key-expired",
                    pgpdetail::format("The token cannot be decrypted with the expired key {}: {}", hexId(recipientId),
                                      describe(err))};
    }
    return {"pgp.failed", "GnuPG could not decrypt the token: " + describe(err)};
}

} // namespace

TokenDecryptor::TokenDecryptor(std::string gnupgHome)
    : m_home(std::move(gnupgHome))
{
}

std::expected<DecryptedMessage, Error> TokenDecryptor::decrypt(std::string_view input,
                                                               const PassphraseProvider &passphrase) const
{
    const auto message = extractOpenPgpMessage(input);
    if (!message)
        return std::unexpected(message.error());
    auto made = pgpdetail::makeContext(m_home);
    if (!made)
        return std::unexpected(made.error());
    GpgME::Context &ctx = **made;

    pgpdetail::LoopbackPassphrase::Source source;
    if (passphrase)
        source = [&passphrase](const pgpdetail::LoopbackPassphrase::Request &r) {
            return passphrase(PassphrasePrompt{r.keyId, r.userId, r.previousWasBad});
        };
    pgpdetail::LoopbackPassphrase asker(std::move(source), kMaxPassphraseAttempts);
    ctx.setPassphraseProvider(&asker);

    try {
        for (int attempt = 1;; ++attempt) {
            auto plain = sensitiveData();
            if (!plain)
                return std::unexpected(plain.error());
            const GpgME::Data cipher(message->data(), message->size(), false);
            const auto [decryption, verification] = ctx.decryptAndVerify(cipher, *plain);
            // Loopback pinentry does not ask again after a wrong passphrase; we do, up to the limit.
            if (decryption.error().code() == GPG_ERR_BAD_PASSPHRASE && attempt < kMaxPassphraseAttempts) {
                asker.setPreviousWasBad(true);
                continue;
            }
            if (decryption.error() || decryption.error().isCanceled())
                return std::unexpected(failure(ctx, decryption, asker, pgpdetail::effectiveHome(m_home)));

            DecryptedMessage result;
            result.plaintext = readAll(*plain);
            result.recipientKeyId = openingRecipient(decryption);
            if (const std::optional<KeyLookup> recipient = lookupSubkey(ctx, result.recipientKeyId)) {
                result.recipientFingerprint = text(recipient->key.primaryFingerprint());
                result.warnings = keyWarnings(*recipient, result.recipientKeyId);
            }
            if (decryption.isLegacyCipherNoMDC())
                result.warnings.push_back("The token was encrypted without integrity protection (an old, insecure "
                                          "format); it could have been altered.");
            if (verification.numSignatures() > 0) {
                result.signature = describeSignature(ctx, verification.signature(0));
                if (verification.numSignatures() > 1)
                    result.warnings.push_back(pgpdetail::format(
                        "The token carries {} signatures; only the first is shown.", verification.numSignatures()));
            }
            return result;
        }
    } catch (const std::exception &e) {
        return std::unexpected(Error{"pgp.failed", std::string("GnuPG could not decrypt the token: ") + e.what()});
    }
}

} // namespace fhw::secrets
