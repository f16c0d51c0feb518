#pragma once

// AWS credentials from the standard places, in the AWS CLI's order: the environment
// (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), then the profile (AWS_PROFILE or the
// one asked for, else "default") in the shared credentials file (AWS_SHARED_CREDENTIALS_FILE or
// ~/.aws/credentials) and the config file (AWS_CONFIG_FILE or ~/.aws/config, "[profile NAME]"
// sections). Or from the OS keychain, stored by the workbench.

#include "common/error.h"

#include <expected>
#include <map>
#include <string>

namespace fhw::aws {

struct Credentials
{
    std::string accessKeyId;
    std::string secretAccessKey; // never logged or shown
    std::string sessionToken;    // empty = long-term credentials
    std::string source;          // where they came from, for people: "environment", "profile default (~/.aws/credentials)"
};

struct CredentialOptions
{
    std::string profile;                        // empty: AWS_PROFILE, else "default"
    std::map<std::string, std::string> environment; // empty: the process environment (tests pass their own)
    std::string home;                           // empty: $HOME
};

// As the AWS CLI's --profile: a profile given in `options.profile` is used even when the environment has
// keys (AWS_PROFILE does not do that). Profiles that need STS/SSO/a process (role_arn, sso_*,
// credential_process) are refused with "aws.profile", saying how to export keys instead.
// Errors: "aws.no-credentials" (nothing found; says where it looked), "aws.profile" (the profile is
// not in either file), "aws.credentials-file" (unreadable or malformed, with the line).
std::expected<Credentials, Error> resolveCredentials(const CredentialOptions &options = {});
// The region for a profile (AWS_REGION, AWS_DEFAULT_REGION, then "region" in the config file); empty if none.
std::string resolveRegion(const CredentialOptions &options = {});

// Keychain storage (QtKeychain, service "Firehose Workbench AWS", key = name); blocking, so never on
// the GUI thread. Errors as secrets::TokenStore's ("keychain.*"; also keychain.not-found,
// keychain.invalid-name). Stored as one JSON entry; `source` reads "keychain (NAME)".
std::expected<void, Error> storeKeychainCredentials(const std::string &name, const Credentials &credentials);
std::expected<Credentials, Error> keychainCredentials(const std::string &name);

} // namespace fhw::aws
