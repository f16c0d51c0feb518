#include "secrets/pgpkeys.h"

#include "secrets/gpgmesupport_p.h"
#include "secrets/textformat_p.h"

#include <gpgme++/data.h>
#include <gpgme++/keygenerationresult.h>

#include <gpgme.h>

#include <algorithm>

namespace fhw::secrets {

namespace {

using pgpdetail::describe;
using pgpdetail::makeContext;

std::string_view trimmed(std::string_view s)
{
    const auto notSpace = [](char c) { return c != ' ' && c != '\t' && c != '\n' && c != '\r'; };
    const auto first = std::ranges::find_if(s, notSpace);
    const auto last = std::ranges::find_if(s.rbegin(), s.rend(), notSpace).base();
    return first < last ? std::string_view(first, last) : std::string_view();
}

Error invalidUserId(std::string message)
{
    return Error{"pgp.invalid-user-id", std::move(message)};
}

bool isValidEmail(std::string_view email)
{
    const std::size_t at = email.find('@');
    if (at == 0 || at == std::string_view::npos || email.find('@', at + 1) != std::string_view::npos)
        return false;
    const std::string_view domain = email.substr(at + 1);
    if (domain.empty() || domain.front() == '.' || domain.back() == '.' || domain.find('.') == std::string_view::npos
        || domain.find("..") != std::string_view::npos)
        return false;
    // What an address in a key's user ID may hold; quoting and comments are not worth supporting.
    return std::ranges::all_of(email, [](char c) {
        return c > ' ' && c < 0x7f && std::string_view("<>()[]\\,;:\"").find(c) == std::string_view::npos;
    });
}

} // namespace

std::expected<std::string, Error> makeUserId(std::string_view name, std::string_view email)
{
    name = trimmed(name);
    email = trimmed(email);
    if (name.empty() && email.empty())
        return std::unexpected(invalidUserId("A key needs a name or an e-mail address."));
    if (name.size() > 256)
        return std::unexpected(invalidUserId("The name is too long (at most 256 characters)."));
    if (std::ranges::any_of(
            name, [](char c) { return c == '<' || c == '>' || static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }))
        return std::unexpected(invalidUserId("The name must not contain '<', '>' or control characters."));
    if (!email.empty() && !isValidEmail(email))
        return std::unexpected(invalidUserId(pgpdetail::format("'{}' is not a valid e-mail address.", email)));
    if (email.empty())
        return std::string(name);
    if (name.empty())
        return pgpdetail::format("<{}>", email);
    return pgpdetail::format("{} <{}>", name, email);
}

PgpKeys::PgpKeys(std::string gnupgHome)
    : m_home(std::move(gnupgHome))
{
}

std::expected<std::vector<KeyInfo>, Error> PgpKeys::listSecretKeys() const
{
    auto ctx = makeContext(m_home);
    if (!ctx)
        return std::unexpected(ctx.error());
    auto keys = pgpdetail::listKeys(**ctx, {}, true);
    if (!keys)
        return std::unexpected(keys.error());
    std::vector<KeyInfo> infos;
    infos.reserve(keys->size());
    for (const GpgME::Key &key : *keys)
        infos.push_back(pgpdetail::toKeyInfo(key));
    return infos;
}

std::expected<KeyInfo, Error> PgpKeys::findKey(std::string_view fingerprintOrId) const
{
    const std::string pattern = pgpdetail::withoutHexPrefix(trimmed(fingerprintOrId));
    if (pattern.empty())
        return std::unexpected(Error{"pgp.key-not-found", "No key was named."});
    auto ctx = makeContext(m_home);
    if (!ctx)
        return std::unexpected(ctx.error());
    auto keys = pgpdetail::listKeys(**ctx, pattern, false);
    if (!keys)
        return std::unexpected(keys.error());
    if (keys->empty())
        return std::unexpected(Error{"pgp.key-not-found",
                                     pgpdetail::format("There is no key '{}' in the GnuPG home {}.", pattern,
                                                       pgpdetail::effectiveHome(m_home))});
    if (keys->size() > 1)
        return std::unexpected(
            Error{"pgp.ambiguous-key",
                  pgpdetail::format("'{}' matches {} keys; name one by its fingerprint.", pattern, keys->size())});
    return pgpdetail::toKeyInfo(keys->front());
}

std::expected<KeyInfo, Error> PgpKeys::createKey(const KeySpec &spec) const
{
    const auto userId = makeUserId(spec.name, spec.email);
    if (!userId)
        return std::unexpected(userId.error());
    auto ctx = makeContext(m_home);
    if (!ctx)
        return std::unexpected(ctx.error());

    const bool protect = spec.passphrase.has_value() && !spec.passphrase->empty();
    // gpg-agent asks for the new passphrase, and again to unlock the primary key when the subkey is
    // bound to it; every request gets the same answer.
    pgpdetail::LoopbackPassphrase passphrase(
        protect ? pgpdetail::LoopbackPassphrase::Source(
            [&spec](const auto &) { return std::optional<SecureBuffer>(SecureBuffer(spec.passphrase->view())); })
                : pgpdetail::LoopbackPassphrase::Source(),
        8);
    (*ctx)->setPassphraseProvider(&passphrase);

    const bool rsa = spec.algorithm == KeySpec::Algorithm::Rsa4096;
    const unsigned long expires = static_cast<unsigned long>(std::max<long long>(spec.expiry.count(), 0)) * 86400UL;
    // FORCE: gpg otherwise refuses a second key with the same user ID, which is exactly what a
    // rotation to a new key looks like.
    unsigned int common = GPGME_CREATE_FORCE;
    if (!protect)
        common |= GPGME_CREATE_NOPASSWD;
    if (expires == 0)
        common |= GPGME_CREATE_NOEXPIRE;

    try {
        const GpgME::KeyGenerationResult made
            = (*ctx)->createKeyEx(userId->c_str(), rsa ? "rsa4096" : "ed25519", 0, expires, GpgME::Key(),
                                  common | GPGME_CREATE_CERT | GPGME_CREATE_SIGN);
        if (made.error() || made.error().isCanceled() || made.fingerprint() == nullptr) {
            const int code = made.error().code();
            if (code == GPG_ERR_INV_USER_ID || code == GPG_ERR_INV_NAME)
                return std::unexpected(invalidUserId("GnuPG rejected the user ID: " + describe(made.error())));
            return std::unexpected(
                Error{"pgp.key-creation-failed", "GnuPG could not create the key: " + describe(made.error())});
        }
        const std::string fingerprint = made.fingerprint();

        GpgME::Error err;
        const GpgME::Key key = (*ctx)->key(fingerprint.c_str(), err, true);
        if (key.isNull() || err)
            return std::unexpected(
                Error{"pgp.key-creation-failed",
                      pgpdetail::format("The new key {} cannot be found: {}", fingerprint, describe(err))});
        err = (*ctx)->createSubkey(key, rsa ? "rsa4096" : "cv25519", 0, expires, common | GPGME_CREATE_ENCR);
        if (err || err.isCanceled())
            return std::unexpected(Error{"pgp.key-creation-failed",
                                         pgpdetail::format("GnuPG made the key {} but not its encryption subkey: {}",
                                                           fingerprint, describe(err))});
        return findKey(fingerprint);
    } catch (const std::exception &e) {
        return std::unexpected(
            Error{"pgp.key-creation-failed", std::string("GnuPG could not create the key: ") + e.what()});
    }
}

std::expected<std::string, Error> PgpKeys::exportPublicKey(std::string_view fingerprintOrId) const
{
    // Resolve to one fingerprint first: an export pattern that matches nothing is not an error to
    // gpg, and one that matches several keys would export them all.
    const auto key = findKey(fingerprintOrId);
    if (!key)
        return std::unexpected(key.error());
    auto ctx = makeContext(m_home);
    if (!ctx)
        return std::unexpected(ctx.error());
    try {
        (*ctx)->setArmor(true);
        GpgME::Data out;
        if (const GpgME::Error err = (*ctx)->exportPublicKeys(key->fingerprint.c_str(), out))
            return std::unexpected(Error{"pgp.failed", "GnuPG could not export the key: " + describe(err)});
        std::string armored = out.toString();
        if (armored.empty())
            return std::unexpected(
                Error{"pgp.key-not-found", pgpdetail::format("GnuPG exported nothing for key {}.", key->fingerprint)});
        return armored;
    } catch (const std::exception &e) {
        return std::unexpected(Error{"pgp.failed", std::string("GnuPG could not export the key: ") + e.what()});
    }
}

} // namespace fhw::secrets
