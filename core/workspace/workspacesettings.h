#pragma once

#include "common/error.h"
#include "protocol/finding.h"
#include "protocol/json.h"
#include "transport/httpsender.h"
#include "transport/retrypolicy.h"
#include "transport/target.h"

#include <chrono>
#include <expected>
#include <map>
#include <string>
#include <string_view>

namespace fhw::workspace {

// Where the window sends: the embedded endpoint, one URL for every type, or a URL per type family.
enum class TargetKind { Embedded, Url, PerType };

std::string_view targetKindName(TargetKind kind); // "embedded", "url", "per-type"
std::optional<TargetKind> targetKindFromName(std::string_view name);

struct TargetSettings
{
    TargetKind kind = TargetKind::Embedded;
    // Url: urls.url. PerType: urls.perFamily (falling back to urls.url).
    transport::Target urls;
    // The endpoints a module registered per data centre ("US1", "US2", "EU1", "AU1"), and the one chosen
    // (empty: none, `urls` is used).
    std::map<std::string, transport::Target> dataCenters;
    std::string dataCenter;
    // The keychain name of the token to send with (TokenStore); never the token itself.
    std::string tokenName;

    // The URLs a send uses for the non-embedded kinds: the chosen data centre's when it is registered,
    // else `urls`. For Embedded the caller substitutes the endpoint's URL.
    transport::Target effectiveTarget() const;
};

// What workspace.json holds. Defaults are the transport's (RetrySettings, SendOptions).
struct WorkspaceSettings
{
    std::string name;
    TargetSettings target;
    transport::RetrySettings retry;
    std::chrono::milliseconds connectTimeout{1000};
    std::chrono::milliseconds totalTimeout{2000};
    int endpointPort = 0; // the embedded endpoint's port; 0 = any free port
    protocol::Profile validationProfile = protocol::Profile::Strict;
    int historyMaxEntries = 10'000; // HistoryStore bound

    // retry, timeouts and profile into the options of a send (the token stays the caller's business).
    void applyTo(transport::SendOptions &options) const;

    friend bool operator==(const WorkspaceSettings &a, const WorkspaceSettings &b);
};

inline constexpr int maxHistoryEntries = 10'000'000;

// workspace.invalid-settings, saying which value and its allowed range.
std::expected<void, Error> validate(const WorkspaceSettings &settings);

// The JSON of workspace.json, keys in a fixed order: format, version, name, target, settings.
protocol::Json toJson(const WorkspaceSettings &settings);
// Reads what toJson() writes; absent keys take their defaults, wrong types and values out of range are
// workspace.corrupt (the message names the key). A newer version is workspace.unsupported.
std::expected<WorkspaceSettings, Error> settingsFromJson(const protocol::Json &document);

inline constexpr std::string_view workspaceFormat = "firehose-workbench/workspace";
inline constexpr int workspaceVersion = 1;

} // namespace fhw::workspace
