#pragma once

// What PgpKeys and TokenDecryptor share about GPGME: context set-up, key conversion, error words,
// and the loopback passphrase bridge. Not installed; gpgme++ stays out of public headers.
// Namespace pgpdetail, not detail: the keychain side has its own helpers in fhw::secrets::detail.

#include "common/error.h"
#include "secrets/pgpkeys.h"
#include "secrets/securebuffer.h"

#include <gpgme++/context.h>
#include <gpgme++/error.h>
#include <gpgme++/interfaces/passphraseprovider.h>
#include <gpgme++/key.h>

#include <expected>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace fhw::secrets::pgpdetail {

// An OpenPGP context for `gnupgHome` (empty: the user's), offline (never asks a keyserver), with
// loopback pinentry so that no pinentry window or terminal prompt can appear behind our back.
// Initialises GPGME once per process.
std::expected<std::unique_ptr<GpgME::Context>, Error> makeContext(const std::string &gnupgHome);

// The home a context for `gnupgHome` uses, for messages ("~/.gnupg", "/tmp/x").
std::string effectiveHome(const std::string &gnupgHome);

// "Bad passphrase (gpg error 11)"
std::string describe(const GpgME::Error &error);

std::string text(const char *s); // nullptr-safe
std::string withoutHexPrefix(std::string_view id); // "0xABCD" -> "ABCD"

KeyInfo toKeyInfo(const GpgME::Key &key);

// Every key `pattern` matches (fingerprint, key ID of the key or a subkey, user ID text), listed with
// their secret-key flag.
std::expected<std::vector<GpgME::Key>, Error> listKeys(GpgME::Context &ctx, const std::string &pattern,
                                                       bool secretOnly);

// Answers gpg-agent's loopback passphrase inquiries from a callback. GPGME wipes and frees the
// malloc'd copy it is handed; our SecureBuffer wipes its own.
class LoopbackPassphrase final : public GpgME::PassphraseProvider
{
public:
    struct Request
    {
        std::string keyId;
        std::string userId;
        bool previousWasBad = false;
    };
    using Source = std::function<std::optional<SecureBuffer>(const Request &)>;

    explicit LoopbackPassphrase(Source source, int maxRequests);

    char *getPassphrase(const char *useridHint, const char *description, bool previousWasBad, bool &canceled) override;

    int requests() const { return m_requests; }
    bool declined() const { return m_declined; } // the source returned nullopt
    bool exhausted() const { return m_exhausted; } // asked more than maxRequests times
    bool noSource() const { return !m_source; }
    const Request &lastRequest() const { return m_last; }
    // What the next request's previousWasBad says, when the caller retries after a bad passphrase
    // (gpg-agent's loopback mode does not retry by itself).
    void setPreviousWasBad(bool bad) { m_previousWasBad = bad; }

private:
    Source m_source;
    int m_maxRequests;
    int m_requests = 0;
    bool m_declined = false;
    bool m_exhausted = false;
    bool m_previousWasBad = false;
    Request m_last;
};

} // namespace fhw::secrets::pgpdetail
