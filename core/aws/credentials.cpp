#include "credentials.h"

#include <filesystem>
#include <fstream>
#include <optional>

extern char **environ;

namespace fhw::aws {

namespace {

std::unexpected<Error> fail(std::string code, std::string message)
{
    return std::unexpected(Error{std::move(code), std::move(message)});
}

using Section = std::map<std::string, std::string>;
using IniFile = std::map<std::string, Section>; // section header (as written, trimmed) → keys

std::string trimmed(std::string_view text)
{
    const auto first = text.find_first_not_of(" \t\r");
    if (first == std::string_view::npos)
        return {};
    const auto last = text.find_last_not_of(" \t\r");
    return std::string(text.substr(first, last - first + 1));
}

// What the AWS CLI reads (botocore's raw config parser): [sections], `key = value`, comments with # or
// ;, and indented lines under a key with no value (nested settings such as "s3 =\n  max_concurrent_requests
// = 20"), which we skip. nullopt when the file does not exist; an error when it is unreadable or malformed.
std::expected<std::optional<IniFile>, Error> readIni(const std::string &path, const std::string &shown)
{
    std::error_code error;
    if (!std::filesystem::exists(path, error) && !error)
        return std::optional<IniFile>{};
    std::ifstream in(path);
    if (!in || std::filesystem::is_directory(path, error))
        return fail("aws.credentials-file", "Cannot read " + shown + ".");
    IniFile file;
    Section *section = nullptr;
    bool nested = false; // inside the indented lines of a key without a value
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        const std::string text = trimmed(line);
        if (text.empty() || text[0] == '#' || text[0] == ';')
            continue;
        const bool indented = line[0] == ' ' || line[0] == '\t';
        if (nested && indented)
            continue;
        nested = false;
        const auto where = [&] { return shown + ", line " + std::to_string(number) + ": "; };
        if (text[0] == '[') {
            if (text.back() != ']' || trimmed(text.substr(1, text.size() - 2)).empty())
                return fail("aws.credentials-file", where() + "a section header is written [NAME].");
            section = &file[trimmed(text.substr(1, text.size() - 2))];
            continue;
        }
        const auto equals = text.find('=');
        if (equals == std::string::npos || trimmed(text.substr(0, equals)).empty())
            return fail("aws.credentials-file", where() + "expected `key = value`, a [section] or a comment.");
        if (!section)
            return fail("aws.credentials-file", where() + "a setting before the first [section].");
        const std::string value = trimmed(text.substr(equals + 1));
        (*section)[trimmed(text.substr(0, equals))] = value;
        nested = value.empty();
    }
    return std::optional<IniFile>(std::move(file));
}

// The options resolved against the environment: which profile, which files, how to show them.
struct Places
{
    std::map<std::string, std::string> environment;
    std::string profile;
    bool profileAsked = false; // given by the caller (the CLI's --profile), not by AWS_PROFILE
    std::string home;
    std::string credentialsPath;
    std::string configPath;

    std::string value(const std::string &name) const
    {
        const auto it = environment.find(name);
        return it == environment.end() ? std::string() : it->second;
    }
    // ~/.aws/credentials rather than /home/someone/.aws/credentials in messages.
    std::string shown(const std::string &path) const
    {
        if (!home.empty() && path.starts_with(home + "/"))
            return "~" + path.substr(home.size());
        return path;
    }
};

std::map<std::string, std::string> processEnvironment()
{
    std::map<std::string, std::string> out;
    for (char **entry = environ; entry && *entry; ++entry) {
        const std::string_view text(*entry);
        const auto equals = text.find('=');
        if (equals != std::string_view::npos)
            out.emplace(std::string(text.substr(0, equals)), std::string(text.substr(equals + 1)));
    }
    return out;
}

Places places(const CredentialOptions &options)
{
    Places out;
    out.environment = options.environment.empty() ? processEnvironment() : options.environment;
    out.home = options.home.empty() ? out.value("HOME") : options.home;
    out.profileAsked = !options.profile.empty();
    out.profile = out.profileAsked ? options.profile : out.value("AWS_PROFILE");
    if (out.profile.empty())
        out.profile = "default";
    const auto path = [&](const std::string &variable, const std::string &fallback) {
        std::string given = out.value(variable);
        if (given.empty())
            return out.home + fallback;
        if (given.starts_with("~/"))
            given = out.home + given.substr(1);
        return given;
    };
    out.credentialsPath = path("AWS_SHARED_CREDENTIALS_FILE", "/.aws/credentials");
    out.configPath = path("AWS_CONFIG_FILE", "/.aws/config");
    return out;
}

// The profile's section: in the credentials file by its name; in the config file as [profile NAME], or
// [default] for the default profile.
const Section *findSection(const std::optional<IniFile> &file, const std::string &profile, bool config)
{
    if (!file)
        return nullptr;
    const std::string header = config && profile != "default" ? "profile " + profile : profile;
    if (const auto it = file->find(header); it != file->end())
        return &it->second;
    if (config && profile == "default")
        if (const auto it = file->find("profile default"); it != file->end())
            return &it->second;
    return nullptr;
}

std::string setting(const Section *section, const std::string &key)
{
    if (!section)
        return {};
    const auto it = section->find(key);
    return it == section->end() ? std::string() : it->second;
}

// Kinds of profile the AWS CLI resolves by calling something (STS, SSO, a program); we only read keys.
std::optional<std::string> unsupportedKind(const Section *section)
{
    for (const char *key : {"role_arn", "sso_session", "sso_start_url", "credential_process", "web_identity_token_file"})
        if (!setting(section, key).empty())
            return std::string(key);
    return std::nullopt;
}

std::optional<Credentials> fromEnvironment(const Places &where)
{
    const std::string id = where.value("AWS_ACCESS_KEY_ID");
    const std::string secret = where.value("AWS_SECRET_ACCESS_KEY");
    if (id.empty() || secret.empty())
        return std::nullopt;
    return Credentials{id, secret, where.value("AWS_SESSION_TOKEN"), "environment"};
}

} // namespace

std::expected<Credentials, Error> resolveCredentials(const CredentialOptions &options)
{
    const Places where = places(options);

    // As botocore: the environment's keys come first, unless a profile was asked for by name.
    if (!where.profileAsked) {
        if (auto credentials = fromEnvironment(where))
            return *credentials;
        if (!where.value("AWS_ACCESS_KEY_ID").empty())
            return fail("aws.no-credentials", "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not.");
    }

    const auto credentialsFile = readIni(where.credentialsPath, where.shown(where.credentialsPath));
    if (!credentialsFile)
        return std::unexpected(credentialsFile.error());
    const auto configFile = readIni(where.configPath, where.shown(where.configPath));
    if (!configFile)
        return std::unexpected(configFile.error());

    const Section *inCredentials = findSection(*credentialsFile, where.profile, false);
    const Section *inConfig = findSection(*configFile, where.profile, true);
    // The credentials file wins over the config file, key by key set (as the AWS CLI does).
    const auto fromSection = [&](const Section *section, const std::string &path) -> std::optional<Credentials> {
        const std::string id = setting(section, "aws_access_key_id");
        const std::string secret = setting(section, "aws_secret_access_key");
        if (id.empty() || secret.empty())
            return std::nullopt;
        return Credentials{id, secret, setting(section, "aws_session_token"),
                           "profile " + where.profile + " (" + where.shown(path) + ")"};
    };
    if (auto credentials = fromSection(inCredentials, where.credentialsPath))
        return *credentials;
    if (auto credentials = fromSection(inConfig, where.configPath))
        return *credentials;

    const std::string looked = "Looked in " + std::string(where.profileAsked ? "" : "the environment (AWS_ACCESS_KEY_ID), ")
        + where.shown(where.credentialsPath) + " and " + where.shown(where.configPath) + ".";
    if (inCredentials || inConfig) {
        const auto kind = unsupportedKind(inCredentials) ? unsupportedKind(inCredentials) : unsupportedKind(inConfig);
        if (kind)
            return fail("aws.profile", "Profile '" + where.profile + "' uses " + *kind
                                           + ", which Firehose Workbench does not resolve; it reads keys only. Export "
                                             "them with `aws configure export-credentials --profile "
                                           + where.profile + " --format env` and try again.");
        return fail("aws.profile", "Profile '" + where.profile
                                       + "' has no aws_access_key_id and aws_secret_access_key pair. " + looked);
    }
    if (where.profile != "default")
        return fail("aws.profile", "No profile '" + where.profile + "' in " + where.shown(where.credentialsPath)
                                       + " or " + where.shown(where.configPath) + " ([profile " + where.profile
                                       + "] there).");
    return fail("aws.no-credentials", "No AWS credentials found. " + looked
                                          + " Run `aws configure`, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.");
}

std::string resolveRegion(const CredentialOptions &options)
{
    const Places where = places(options);
    for (const char *variable : {"AWS_REGION", "AWS_DEFAULT_REGION"})
        if (const std::string region = where.value(variable); !region.empty())
            return region;
    const auto configFile = readIni(where.configPath, where.configPath);
    if (!configFile || !*configFile)
        return {};
    return setting(findSection(*configFile, where.profile, true), "region");
}

} // namespace fhw::aws
