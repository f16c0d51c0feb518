#include "secrets/gpgmesupport_p.h"
#include "secrets/textformat_p.h"

#include <gpgme++/engineinfo.h>
#include <gpgme++/global.h>
#include <gpgme++/keylistresult.h>

#include <gpgme.h>

#include <cstdlib>
#include <cstring>
#include <mutex>

namespace fhw::secrets::pgpdetail {

std::string text(const char *s)
{
    return s != nullptr ? std::string(s) : std::string();
}

std::string withoutHexPrefix(std::string_view id)
{
    if (id.starts_with("0x") || id.starts_with("0X"))
        id.remove_prefix(2);
    return std::string(id);
}

std::string describe(const GpgME::Error &error)
{
    return format("{} (gpg error {})", text(error.asString()), error.code());
}

namespace {

void initialiseOnce()
{
    // gpgme_check_version must run once, before any other GPGME call, in any thread.
    static std::once_flag initialised;
    std::call_once(initialised, [] { GpgME::initializeLibrary(); });
}

} // namespace

std::expected<std::unique_ptr<GpgME::Context>, Error> makeContext(const std::string &gnupgHome)
{
    initialiseOnce();
    try {
        if (const GpgME::Error err = GpgME::checkEngine(GpgME::OpenPGP))
            return std::unexpected(
                Error{"pgp.unavailable", "GnuPG (gpg) is not installed or not usable: " + describe(err)});
        std::unique_ptr<GpgME::Context> ctx = GpgME::Context::create(GpgME::OpenPGP);
        if (!ctx)
            return std::unexpected(Error{"pgp.unavailable", "Could not start a GnuPG session."});
        if (!gnupgHome.empty()) {
            if (const GpgME::Error err = ctx->setEngineHomeDirectory(gnupgHome.c_str()))
                return std::unexpected(
                    Error{"pgp.unavailable", format("Cannot use the GnuPG home {}: {}", gnupgHome, describe(err))});
        }
        ctx->setOffline(true);
        if (const GpgME::Error err = ctx->setPinentryMode(GpgME::Context::PinentryLoopback))
            return std::unexpected(Error{"pgp.unavailable", "GnuPG refused loopback pinentry: " + describe(err)});
        return ctx;
    } catch (const std::exception &e) {
        return std::unexpected(Error{"pgp.unavailable", std::string("GnuPG could not be set up: ") + e.what()});
    }
}

std::string effectiveHome(const std::string &gnupgHome)
{
    if (!gnupgHome.empty())
        return gnupgHome;
    initialiseOnce();
    return text(GpgME::dirInfo("homedir"));
}

KeyInfo toKeyInfo(const GpgME::Key &key)
{
    KeyInfo info;
    info.fingerprint = text(key.primaryFingerprint());
    info.keyId = text(key.keyID());
    if (key.numUserIDs() > 0) {
        const GpgME::UserID uid = key.userID(0);
        info.primaryUserId = text(uid.id());
        info.name = text(uid.name());
        info.email = uid.addrSpec();
    }
    if (key.numSubkeys() > 0) {
        const GpgME::Subkey primary = key.subkey(0);
        info.algorithm = primary.algoName();
        info.created = std::chrono::sys_seconds(std::chrono::seconds(primary.creationTime()));
        if (!primary.neverExpires())
            info.expires = std::chrono::sys_seconds(std::chrono::seconds(primary.expirationTime()));
    }
    info.expired = key.isExpired();
    info.revoked = key.isRevoked();
    info.hasSecret = key.hasSecret();
    info.canEncrypt = key.canEncrypt();
    for (const GpgME::Subkey &sub : key.subkeys()) {
        if (sub.canEncrypt() && !sub.isExpired() && !sub.isRevoked() && !sub.isInvalid() && !sub.isDisabled()) {
            info.encryptionAlgorithm = sub.algoName();
            break;
        }
    }
    return info;
}

std::expected<std::vector<GpgME::Key>, Error> listKeys(GpgME::Context &ctx, const std::string &pattern, bool secretOnly)
{
    try {
        ctx.setKeyListMode(GpgME::Local | GpgME::WithSecret);
        if (const GpgME::Error err = ctx.startKeyListing(pattern.empty() ? nullptr : pattern.c_str(), secretOnly))
            return std::unexpected(Error{"pgp.failed", "Cannot list GnuPG keys: " + describe(err)});
        std::vector<GpgME::Key> keys;
        for (;;) {
            GpgME::Error err;
            GpgME::Key key = ctx.nextKey(err);
            if (err.code() == GPG_ERR_EOF || (key.isNull() && !err))
                break;
            if (err) {
                ctx.endKeyListing();
                return std::unexpected(Error{"pgp.failed", "Cannot list GnuPG keys: " + describe(err)});
            }
            keys.push_back(std::move(key));
        }
        const GpgME::KeyListResult result = ctx.endKeyListing();
        // A pattern that matches nothing ends the listing with EOF, which is not a failure here.
        if (result.error() && result.error().code() != GPG_ERR_EOF && keys.empty())
            return std::unexpected(Error{"pgp.failed", "Cannot list GnuPG keys: " + describe(result.error())});
        return keys;
    } catch (const std::exception &e) {
        return std::unexpected(Error{"pgp.failed", std::string("Cannot list GnuPG keys: ") + e.what()});
    }
}

LoopbackPassphrase::LoopbackPassphrase(Source source, int maxRequests)
    : m_source(std::move(source))
    , m_maxRequests(maxRequests)
{
}

char *LoopbackPassphrase::getPassphrase(const char *useridHint, const char *, bool previousWasBad, bool &canceled)
{
    ++m_requests;
    canceled = false;
    // The hint is "<long key id> <user id>" of the key gpg wants unlocked.
    Request request;
    const std::string hint = text(useridHint);
    const std::size_t space = hint.find(' ');
    request.keyId = hint.substr(0, space);
    request.userId = space == std::string::npos ? std::string() : hint.substr(space + 1);
    request.previousWasBad = previousWasBad || m_previousWasBad;
    m_last = request;
    if (!m_source) {
        canceled = true;
        return nullptr;
    }
    if (m_requests > m_maxRequests) {
        m_exhausted = true;
        canceled = true;
        return nullptr;
    }
    std::optional<SecureBuffer> passphrase;
    try {
        passphrase = m_source(request);
    } catch (...) {
        passphrase.reset(); // an exception must not unwind through GPGME's C callback
    }
    if (!passphrase) {
        m_declined = true;
        canceled = true;
        return nullptr;
    }
    // GPGME writes this to gpg and then wipes and frees it, so it must come from malloc.
    auto *copy = static_cast<char *>(std::malloc(passphrase->size() + 1));
    if (copy == nullptr) {
        canceled = true;
        return nullptr;
    }
    if (!passphrase->empty())
        std::memcpy(copy, passphrase->data(), passphrase->size());
    copy[passphrase->size()] = '\0';
    return copy;
}

} // namespace fhw::secrets::pgpdetail
