#include "tokenstore.h"

#include "common/constanttime.h"
#include "keychainjob_p.h"
#include "redaction.h"
#include "secretservice.h"
#include "secretservice_p.h"
#include "securebuffer.h" // wipe()

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QLockFile>
#include <QStandardPaths>

#include <algorithm>
#include <memory>
#include <mutex>

namespace fhw::secrets {

namespace {

using detail::KeychainAction;
using namespace std::chrono_literals;

constexpr std::size_t maxTokenLength = 4096;

std::unexpected<Error> fail(std::string code, std::string message)
{
    return std::unexpected(Error{std::move(code), std::move(message)});
}

QString service()
{
    return QString::fromUtf8(TokenStore::keychainService.data(),
                             static_cast<qsizetype>(TokenStore::keychainService.size()));
}

QString toQString(std::string_view text)
{
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

std::string inQuotes(std::string_view name)
{
    return "'" + std::string(name) + "'";
}

bool contains(const std::vector<std::string> &names, std::string_view name)
{
    return std::ranges::find(names, name) != names.end();
}

const TokenMetadata *findIn(const std::vector<TokenMetadata> &index, std::string_view name)
{
    const auto it = std::ranges::find(index, name, &TokenMetadata::name);
    return it == index.end() ? nullptr : &*it;
}

std::string joined(const std::vector<std::string> &names)
{
    std::string out;
    for (const std::string &name : names)
        out += (out.empty() ? "" : ", ") + name;
    return out;
}

// Holds this process's lock (threads) and the lock file beside the index (other processes: the window
// and the CLI at once) for one read-modify-write of the index and the keychain.
struct IndexLock
{
    std::unique_lock<std::mutex> process;
    std::unique_ptr<QLockFile> file;
};

std::mutex &processMutex()
{
    static std::mutex mutex;
    return mutex;
}

std::expected<IndexLock, Error> lockIndex(const QString &dir)
{
    IndexLock lock{std::unique_lock(processMutex()), nullptr};
    if (!QFile::exists(dir)) {
        if (!QDir().mkpath(dir))
            return fail("token.index-write", "Cannot create the folder for the token index: "
                                                 + QDir::toNativeSeparators(dir).toStdString());
        QFile::setPermissions(dir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    }
    lock.file = std::make_unique<QLockFile>(QDir(dir).filePath(QStringLiteral("tokens.json.lock")));
    if (!lock.file->tryLock(10'000))
        return fail("token.index-busy", "Another Firehose Workbench is changing the token list (lock file "
                                            + QDir::toNativeSeparators(lock.file->fileName()).toStdString()
                                            + "); try again in a moment.");
    return lock;
}

// One read-modify-write of the index and the keychain: the Secret Service checked, the index locked
// and read, and the names the keychain holds under our service.
struct Change
{
    IndexLock lock;
    std::vector<TokenMetadata> index;
    std::vector<std::string> keys;
};

std::expected<Change, Error> beginChange(const QString &dir, const QString &indexPath, const QString &service,
                                         std::chrono::milliseconds timeout)
{
    if (auto ok = checkSecretService(); !ok)
        return std::unexpected(ok.error());
    auto lock = lockIndex(dir);
    if (!lock)
        return std::unexpected(lock.error());
    auto index = readTokenIndex(indexPath);
    if (!index)
        return std::unexpected(index.error());
    auto keys = detail::qtKeychainKeys(service, timeout);
    if (!keys)
        return std::unexpected(keys.error());
    return Change{std::move(*lock), std::move(*index), std::move(*keys)};
}

std::unexpected<Error> keychainFailure(const detail::KeychainOutcome &outcome, const std::string &doing)
{
    const std::string detail = outcome.errorString.toStdString();
    if (outcome.error == QKeychain::AccessDenied || outcome.error == QKeychain::AccessDeniedByUser)
        return fail("keychain.access-denied", "The keychain refused access while " + doing + ": " + detail
                                                  + ". Unlock your login keyring and try again.");
    return fail("keychain.error", "The keychain failed while " + doing + ": " + detail);
}

// "No token named 'x'. Stored tokens: a, b." Built from what the index and the keychain hold.
Error notFound(std::string_view name, const std::vector<TokenMetadata> &index, const std::vector<std::string> &keys)
{
    if (const TokenMetadata *listed = findIn(index, name))
        return {"token.not-found",
                "Token " + inQuotes(name) + " is listed (imported " + listed->importedAt
                    + ") but missing from the keychain: it was probably deleted there (e.g. in Seahorse). "
                      "Import it again, or remove it from the list."};
    std::vector<std::string> names = keys;
    for (const TokenMetadata &entry : index)
        if (!contains(names, entry.name))
            names.push_back(entry.name);
    std::ranges::sort(names);
    return {"token.not-found", "No token named " + inQuotes(name) + ". "
                                   + (names.empty() ? std::string("No tokens are stored yet.")
                                                    : "Stored tokens: " + joined(names) + ".")};
}

} // namespace

QString defaultTokenIndexDirectory()
{
    // Shared by fhw and the window (whose application names differ, so AppDataLocation would not be).
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + QStringLiteral("/firehose-workbench");
}

TokenStore::TokenStore(QString metadataDir)
    : m_dir(metadataDir.isEmpty() ? defaultTokenIndexDirectory() : std::move(metadataDir))
{
}

QString TokenStore::indexPath() const
{
    return QDir(m_dir).filePath(QStringLiteral("tokens.json"));
}

void TokenStore::setKeychainTimeout(std::chrono::milliseconds timeout)
{
    m_keychainTimeout = timeout;
}

std::expected<void, Error> TokenStore::validateName(std::string_view name)
{
    return validateTokenName(name);
}

std::expected<void, Error> TokenStore::validateToken(std::string_view token)
{
    // No character of the token goes into these messages.
    if (token.empty())
        return fail("token.invalid", "The token is empty.");
    if (token.size() > maxTokenLength)
        return fail("token.invalid", "The token is longer than 4096 characters.");
    if (!std::ranges::all_of(token, [](char c) { return c > ' ' && c < '\x7f'; }))
        return fail("token.invalid", "The token contains spaces, line breaks, control or non-ASCII characters; "
                                     "a Firehose token is printable ASCII (was a line break copied with it?).");
    return {};
}

std::expected<void, Error> TokenStore::store(TokenMetadata metadata, std::string_view token, Existing existing)
{
    if (auto ok = validateName(metadata.name); !ok)
        return ok;
    if (auto ok = validateToken(token); !ok)
        return ok;
    if (!isKnownDataCenter(metadata.dataCenter))
        return fail("token.invalid-metadata", "Unknown data center \"" + metadata.dataCenter
                                                  + "\": use US1, US2, EU1, AU1 or none.");
    if (metadata.importedAt.empty()) {
        metadata.importedAt = QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toStdString();
    } else {
        const QDateTime at = QDateTime::fromString(toQString(metadata.importedAt), Qt::ISODate);
        if (!at.isValid())
            return fail("token.invalid-metadata", "importedAt \"" + metadata.importedAt + "\" is not an ISO 8601 time.");
        metadata.importedAt = at.toUTC().toString(Qt::ISODate).toStdString();
    }
    metadata.redacted = redactToken(token);

    auto change = beginChange(m_dir, indexPath(), service(), m_keychainTimeout);
    if (!change)
        return std::unexpected(change.error());
    auto &index = change->index;
    const auto &keys = change->keys;
    const bool wasInKeychain = contains(keys, metadata.name);
    if (existing == Existing::Refuse && (wasInKeychain || findIn(index, metadata.name)))
        return fail("token.exists", "A token named " + inQuotes(metadata.name)
                                        + " already exists. Choose another name, or replace it.");

    const QString key = toQString(metadata.name);
    const std::string doing = "storing token " + inQuotes(metadata.name);
    const auto undo = [&] {
        if (!wasInKeychain)
            (void)detail::runKeychainJob(KeychainAction::Delete, service(), key, {}, m_keychainTimeout);
    };
    const auto written = detail::runKeychainJob(KeychainAction::Write, service(), key, token, m_keychainTimeout);
    if (!written)
        return std::unexpected(written.error());
    if (written->error != QKeychain::NoError)
        return keychainFailure(*written, doing);

    // Read it back before the index says it is there: a keyring that took the write but cannot return
    // it (the headless gnome-keyring case in PLATFORM-NOTES) must fail here, not at the first send.
    auto readBack = detail::runKeychainJob(KeychainAction::Read, service(), key, {}, m_keychainTimeout);
    if (!readBack)
        return std::unexpected(readBack.error());
    const bool same = readBack->error == QKeychain::NoError && constantTimeEquals(readBack->secret, token);
    wipe(readBack->secret);
    if (!same) {
        undo();
        return fail("keychain.error", "The keychain accepted token " + inQuotes(metadata.name)
                                          + " but did not give it back unchanged"
                                          + (readBack->errorString.isEmpty()
                                                 ? std::string(".")
                                                 : ": " + readBack->errorString.toStdString()));
    }

    std::erase_if(index, [&](const TokenMetadata &entry) { return entry.name == metadata.name; });
    index.push_back(metadata);
    if (auto saved = writeTokenIndex(indexPath(), std::move(index)); !saved) {
        undo();
        return saved;
    }
    return {};
}

std::expected<std::string, Error> TokenStore::read(std::string_view name)
{
    if (auto ok = validateName(name); !ok)
        return std::unexpected(ok.error());
    if (auto ok = checkSecretService(); !ok)
        return std::unexpected(ok.error());
    auto outcome = detail::runKeychainJob(KeychainAction::Read, service(), toQString(name), {}, m_keychainTimeout);
    if (!outcome)
        return std::unexpected(outcome.error());
    if (outcome->error == QKeychain::EntryNotFound) {
        // Say what does exist; both lookups are best effort, the answer is "not found" either way.
        const auto index = readTokenIndex(indexPath());
        const auto keys = detail::qtKeychainKeys(service(), m_keychainTimeout);
        return std::unexpected(notFound(name, index.value_or(std::vector<TokenMetadata>{}),
                                        keys.value_or(std::vector<std::string>{})));
    }
    if (outcome->error != QKeychain::NoError)
        return keychainFailure(*outcome, "reading token " + inQuotes(name));
    return std::move(outcome->secret);
}

std::expected<std::vector<TokenListing>, Error> TokenStore::list()
{
    if (auto ok = checkSecretService(); !ok)
        return std::unexpected(ok.error());
    const auto index = readTokenIndex(indexPath());
    if (!index)
        return std::unexpected(index.error());
    const auto keys = detail::qtKeychainKeys(service(), m_keychainTimeout);
    if (!keys)
        return std::unexpected(keys.error());

    std::vector<TokenListing> listing;
    for (const TokenMetadata &entry : *index)
        listing.push_back({entry, true, contains(*keys, entry.name)});
    for (const std::string &key : *keys) {
        if (findIn(*index, key))
            continue;
        TokenListing row;
        row.metadata.name = key;
        row.indexed = false;
        listing.push_back(std::move(row));
    }
    std::ranges::sort(listing, {}, [](const TokenListing &row) { return row.metadata.name; });
    return listing;
}

std::expected<void, Error> TokenStore::rename(std::string_view from, std::string_view to)
{
    if (auto ok = validateName(from); !ok)
        return ok;
    if (auto ok = validateName(to); !ok)
        return ok;
    if (from == to)
        return fail("token.invalid-name", "The new name is the same as the old one.");
    auto change = beginChange(m_dir, indexPath(), service(), m_keychainTimeout);
    if (!change)
        return std::unexpected(change.error());
    auto &index = change->index;
    const auto &keys = change->keys;
    if (contains(keys, to) || findIn(index, to))
        return fail("token.exists", "A token named " + inQuotes(to) + " already exists.");
    if (!contains(keys, from))
        return std::unexpected(notFound(from, index, keys));

    const QString oldKey = toQString(from);
    const QString newKey = toQString(to);
    auto secret = detail::runKeychainJob(KeychainAction::Read, service(), oldKey, {}, m_keychainTimeout);
    if (!secret)
        return std::unexpected(secret.error());
    if (secret->error == QKeychain::EntryNotFound)
        return std::unexpected(notFound(from, index, keys));
    if (secret->error != QKeychain::NoError)
        return keychainFailure(*secret, "reading token " + inQuotes(from));

    // Every early return below wipes our copy of the token.
    const std::unique_ptr<std::string, void (*)(std::string *)> wipeLater(&secret->secret,
                                                                         [](std::string *s) { wipe(*s); });
    const auto removeNew = [&] {
        (void)detail::runKeychainJob(KeychainAction::Delete, service(), newKey, {}, m_keychainTimeout);
    };
    const std::string doing = "renaming token " + inQuotes(from) + " to " + inQuotes(to);
    const auto written = detail::runKeychainJob(KeychainAction::Write, service(), newKey, secret->secret,
                                                m_keychainTimeout);
    if (!written)
        return std::unexpected(written.error());
    if (written->error != QKeychain::NoError)
        return keychainFailure(*written, doing);
    auto readBack = detail::runKeychainJob(KeychainAction::Read, service(), newKey, {}, m_keychainTimeout);
    const bool same = readBack && readBack->error == QKeychain::NoError
        && constantTimeEquals(readBack->secret, secret->secret);
    if (readBack)
        wipe(readBack->secret);
    if (!same) {
        removeNew();
        return fail("keychain.error", "The keychain did not give token " + inQuotes(to) + " back unchanged while "
                                          + doing + "; " + inQuotes(from) + " is unchanged.");
    }

    TokenMetadata renamed;
    if (const TokenMetadata *old = findIn(index, from))
        renamed = *old;
    else
        renamed.redacted = redactToken(secret->secret); // a keychain entry the index did not know
    renamed.name = std::string(to);
    std::erase_if(index, [&](const TokenMetadata &entry) { return entry.name == from; });
    index.push_back(renamed);
    if (auto saved = writeTokenIndex(indexPath(), std::move(index)); !saved) {
        removeNew();
        return saved;
    }

    const auto removed = detail::runKeychainJob(KeychainAction::Delete, service(), oldKey, {}, m_keychainTimeout);
    if (!removed || removed->error != QKeychain::NoError)
        return fail(removed ? "keychain.error" : removed.error().code,
                    "Renamed " + inQuotes(from) + " to " + inQuotes(to) + ", but the old keychain entry " + inQuotes(from)
                        + " could not be deleted (" + (removed ? removed->errorString.toStdString()
                                                               : removed.error().message)
                        + "); remove it to finish.");
    return {};
}

std::expected<void, Error> TokenStore::setDataCenter(std::string_view name, std::string_view dataCenter)
{
    if (auto ok = validateName(name); !ok)
        return ok;
    if (!isKnownDataCenter(dataCenter))
        return fail("token.invalid-metadata", "Unknown data center \"" + std::string(dataCenter)
                                                  + "\": use US1, US2, EU1, AU1 or none.");
    auto change = beginChange(m_dir, indexPath(), service(), m_keychainTimeout);
    if (!change)
        return std::unexpected(change.error());
    auto &index = change->index;
    if (!contains(change->keys, name))
        return std::unexpected(notFound(name, index, change->keys));

    const auto entry = std::ranges::find(index, name, &TokenMetadata::name);
    if (entry != index.end()) {
        entry->dataCenter = std::string(dataCenter);
    } else {
        // Only in the keychain: the index learns about it, with what can be known without the import.
        auto secret = detail::runKeychainJob(KeychainAction::Read, service(), toQString(name), {}, m_keychainTimeout);
        if (!secret)
            return std::unexpected(secret.error());
        if (secret->error != QKeychain::NoError)
            return keychainFailure(*secret, "reading token " + inQuotes(name));
        TokenMetadata added;
        added.name = std::string(name);
        added.dataCenter = std::string(dataCenter);
        added.redacted = redactToken(secret->secret);
        wipe(secret->secret);
        index.push_back(std::move(added));
    }
    return writeTokenIndex(indexPath(), std::move(index));
}

std::expected<void, Error> TokenStore::remove(std::string_view name)
{
    if (auto ok = validateName(name); !ok)
        return ok;
    auto change = beginChange(m_dir, indexPath(), service(), m_keychainTimeout);
    if (!change)
        return std::unexpected(change.error());
    auto &index = change->index;
    const auto &keys = change->keys;
    const bool inKeychain = contains(keys, name);
    const bool indexed = findIn(index, name) != nullptr;
    if (!inKeychain && !indexed)
        return std::unexpected(notFound(name, index, keys));

    if (inKeychain) {
        const auto removed = detail::runKeychainJob(KeychainAction::Delete, service(), toQString(name), {},
                                                    m_keychainTimeout);
        if (!removed)
            return std::unexpected(removed.error());
        if (removed->error != QKeychain::NoError)
            return keychainFailure(*removed, "deleting token " + inQuotes(name));
    }
    if (indexed) {
        std::erase_if(index, [&](const TokenMetadata &entry) { return entry.name == name; });
        if (auto saved = writeTokenIndex(indexPath(), std::move(index)); !saved)
            return saved;
    }
    return {};
}

} // namespace fhw::secrets
