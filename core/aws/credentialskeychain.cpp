// The keychain half of credentials.h: AWS keys stored by the workbench in the OS keychain, through the
// same QtKeychain thread as the Firehose tokens (secrets/keychainjob_p.h explains why one thread).

#include "credentials.h"

#include "secrets/keychainjob_p.h"
#include "secrets/secretservice.h"
#include "secrets/securebuffer.h" // wipe()

#include <nlohmann/json.hpp>

#include <algorithm>

namespace fhw::aws {

namespace {

using secrets::detail::KeychainAction;
using namespace std::chrono_literals;

constexpr auto keychainTimeout = 10s;

std::unexpected<Error> fail(std::string code, std::string message)
{
    return std::unexpected(Error{std::move(code), std::move(message)});
}

QString service()
{
    return QStringLiteral("Firehose Workbench AWS");
}

QString key(const std::string &name)
{
    return QString::fromUtf8(name.data(), static_cast<qsizetype>(name.size()));
}

std::expected<void, Error> validateName(const std::string &name)
{
    if (name.empty() || name.size() > 128
        || !std::ranges::all_of(name, [](char c) { return c >= ' ' && c < '\x7f'; }))
        return fail("keychain.invalid-name", "A name for AWS credentials in the keychain is 1-128 printable ASCII "
                                             "characters.");
    return {};
}

std::unexpected<Error> keychainFailure(const secrets::detail::KeychainOutcome &outcome, const std::string &doing)
{
    const std::string detail = outcome.errorString.toStdString();
    if (outcome.error == QKeychain::AccessDenied || outcome.error == QKeychain::AccessDeniedByUser)
        return fail("keychain.access-denied", "The keychain refused access while " + doing + ": " + detail
                                                  + ". Unlock your login keyring and try again.");
    return fail("keychain.error", "The keychain failed while " + doing + ": " + detail);
}

} // namespace

std::expected<void, Error> storeKeychainCredentials(const std::string &name, const Credentials &credentials)
{
    if (auto ok = validateName(name); !ok)
        return ok;
    if (credentials.accessKeyId.empty() || credentials.secretAccessKey.empty())
        return fail("aws.no-credentials", "Both an access key ID and a secret access key are needed.");
    if (auto ok = secrets::checkSecretService(); !ok)
        return ok;
    // One entry holding all three, so they can never drift apart.
    nlohmann::json entry = {{"accessKeyId", credentials.accessKeyId},
                            {"secretAccessKey", credentials.secretAccessKey}};
    if (!credentials.sessionToken.empty())
        entry["sessionToken"] = credentials.sessionToken;
    std::string secret = entry.dump();
    const auto written = secrets::detail::runKeychainJob(KeychainAction::Write, service(), key(name), secret,
                                                         keychainTimeout);
    secrets::wipe(secret);
    if (!written)
        return std::unexpected(written.error());
    if (written->error != QKeychain::NoError)
        return keychainFailure(*written, "storing AWS credentials '" + name + "'");
    return {};
}

std::expected<Credentials, Error> keychainCredentials(const std::string &name)
{
    if (auto ok = validateName(name); !ok)
        return std::unexpected(ok.error());
    if (auto ok = secrets::checkSecretService(); !ok)
        return std::unexpected(ok.error());
    auto outcome = secrets::detail::runKeychainJob(KeychainAction::Read, service(), key(name), {}, keychainTimeout);
    if (!outcome)
        return std::unexpected(outcome.error());
    if (outcome->error == QKeychain::EntryNotFound)
        return fail("keychain.not-found", "No AWS credentials named '" + name + "' in the keychain.");
    if (outcome->error != QKeychain::NoError)
        return keychainFailure(*outcome, "reading AWS credentials '" + name + "'");

    const nlohmann::json entry = nlohmann::json::parse(outcome->secret, nullptr, false);
    secrets::wipe(outcome->secret);
    Credentials credentials;
    if (entry.is_object()) {
        credentials.accessKeyId = entry.value("accessKeyId", std::string());
        credentials.secretAccessKey = entry.value("secretAccessKey", std::string());
        credentials.sessionToken = entry.value("sessionToken", std::string());
    }
    if (credentials.accessKeyId.empty() || credentials.secretAccessKey.empty())
        return fail("keychain.error", "The keychain entry '" + name + "' (service \"Firehose Workbench AWS\") is not "
                                      "AWS credentials stored by Firehose Workbench.");
    credentials.source = "keychain (" + name + ")";
    return credentials;
}

} // namespace fhw::aws
