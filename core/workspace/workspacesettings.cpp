#include "workspacesettings.h"

#include "secrets/tokenmetadata.h"

#include <array>
#include <cmath>
#include <limits>
#include <optional>

namespace fhw::workspace {

using protocol::Json;
using std::chrono::milliseconds;

namespace {

constexpr std::array families{transport::Family::Registration, transport::Family::Event,
                              transport::Family::Audience, transport::Family::Dsr};

std::unexpected<Error> corrupt(const std::string &why)
{
    return std::unexpected(Error{"workspace.corrupt", "workspace.json: " + why});
}

std::unexpected<Error> invalid(const std::string &why)
{
    return std::unexpected(Error{"workspace.invalid-settings", why});
}

Json targetToJson(const transport::Target &target)
{
    Json perType = Json::object();
    for (transport::Family family : families) {
        const auto it = target.perFamily.find(family);
        perType[std::string(transport::familyName(family))] = it == target.perFamily.end() ? std::string() : it->second;
    }
    return Json{{"url", target.url}, {"perType", std::move(perType)}};
}

bool sameTarget(const transport::Target &a, const transport::Target &b)
{
    if (a.url != b.url)
        return false;
    for (transport::Family family : families) {
        const auto ia = a.perFamily.find(family);
        const auto ib = b.perFamily.find(family);
        const std::string va = ia == a.perFamily.end() ? std::string() : ia->second;
        const std::string vb = ib == b.perFamily.end() ? std::string() : ib->second;
        if (va != vb)
            return false;
    }
    return true;
}

// Reads fields of one object, naming them by their path ("settings.retry.factor"). The first problem
// is kept in `error` (shared by the readers of nested objects); later reads then change nothing.
class Reader
{
public:
    Reader(const Json &object, std::string path, std::string &error)
        : m_object(object), m_path(std::move(path)), m_error(error)
    {
    }

    void string(const char *key, std::string &out) const
    {
        if (const Json *value = find(key)) {
            if (value->is_string())
                out = value->get<std::string>();
            else
                fail(key, "must be a string");
        }
    }

    template<typename Int>
    void integer(const char *key, std::int64_t min, std::int64_t max, Int &out) const
    {
        if (const Json *value = find(key)) {
            const bool inRange = value->is_number_unsigned() ? value->get<std::uint64_t>() <= std::uint64_t(max)
                                                              && value->get<std::int64_t>() >= min
                                                            : value->is_number_integer()
                                                              && value->get<std::int64_t>() >= min
                                                              && value->get<std::int64_t>() <= max;
            if (inRange)
                out = static_cast<Int>(value->get<std::int64_t>());
            else
                fail(key, "must be an integer from " + std::to_string(min) + " to " + std::to_string(max));
        }
    }

    void milliseconds(const char *key, std::int64_t min, std::int64_t max, std::chrono::milliseconds &out) const
    {
        std::int64_t value = out.count();
        integer(key, min, max, value);
        out = std::chrono::milliseconds(value);
    }

    void number(const char *key, double min, double max, double &out) const
    {
        if (const Json *value = find(key)) {
            if (value->is_number() && value->get<double>() >= min && value->get<double>() <= max)
                out = value->get<double>();
            else
                fail(key, "must be a number from " + Json(min).dump() + " to " + Json(max).dump());
        }
    }

    void boolean(const char *key, bool &out) const
    {
        if (const Json *value = find(key)) {
            if (value->is_boolean())
                out = value->get<bool>();
            else
                fail(key, "must be true or false");
        }
    }

    // A nested object's reader; nothing when absent (or not an object, which is reported).
    std::optional<Reader> object(const char *key) const
    {
        const Json *value = find(key);
        if (!value)
            return std::nullopt;
        if (!value->is_object()) {
            fail(key, "must be an object");
            return std::nullopt;
        }
        return Reader(*value, where(key), m_error);
    }

    void fail(const char *key, const std::string &why) const
    {
        if (m_error.empty())
            m_error = "\"" + where(key) + "\" " + why;
    }

    const Json &json() const { return m_object; }
    bool failed() const { return !m_error.empty(); }

private:
    std::string where(const char *key) const { return m_path.empty() ? key : m_path + "." + key; }

    const Json *find(const char *key) const
    {
        if (failed())
            return nullptr;
        const auto it = m_object.find(key);
        return it == m_object.end() || it->is_null() ? nullptr : &*it;
    }

    const Json &m_object;
    std::string m_path;
    std::string &m_error;
};

void readTarget(const Reader &reader, transport::Target &target)
{
    reader.string("url", target.url);
    if (const auto perType = reader.object("perType")) {
        for (transport::Family family : families) {
            std::string url;
            perType->string(std::string(transport::familyName(family)).c_str(), url);
            if (url.empty())
                target.perFamily.erase(family);
            else
                target.perFamily[family] = url;
        }
    }
}

constexpr std::int64_t maxMs = 24LL * 60 * 60 * 1000;

} // namespace

std::string_view targetKindName(TargetKind kind)
{
    switch (kind) {
    case TargetKind::Embedded: return "embedded";
    case TargetKind::Url: return "url";
    case TargetKind::PerType: return "per-type";
    }
    return "embedded";
}

std::optional<TargetKind> targetKindFromName(std::string_view name)
{
    for (TargetKind kind : {TargetKind::Embedded, TargetKind::Url, TargetKind::PerType}) {
        if (targetKindName(kind) == name)
            return kind;
    }
    return std::nullopt;
}

transport::Target TargetSettings::effectiveTarget() const
{
    if (!dataCenter.empty()) {
        if (const auto it = dataCenters.find(dataCenter); it != dataCenters.end())
            return it->second;
    }
    return urls;
}

void WorkspaceSettings::applyTo(transport::SendOptions &options) const
{
    options.retry = retry;
    options.connectTimeout = connectTimeout;
    options.totalTimeout = totalTimeout;
    options.profile = validationProfile;
}

bool operator==(const WorkspaceSettings &a, const WorkspaceSettings &b)
{
    const auto &ra = a.retry;
    const auto &rb = b.retry;
    if (a.name != b.name || a.connectTimeout != b.connectTimeout || a.totalTimeout != b.totalTimeout
        || a.endpointPort != b.endpointPort || a.validationProfile != b.validationProfile
        || a.historyMaxEntries != b.historyMaxEntries)
        return false;
    if (ra.maxAttempts != rb.maxAttempts || ra.base != rb.base || ra.factor != rb.factor || ra.cap != rb.cap
        || ra.jitter != rb.jitter || ra.honourRetryAfter != rb.honourRetryAfter || ra.maxRetryAfter != rb.maxRetryAfter)
        return false;
    const auto &ta = a.target;
    const auto &tb = b.target;
    if (ta.kind != tb.kind || ta.dataCenter != tb.dataCenter || ta.tokenName != tb.tokenName
        || !sameTarget(ta.urls, tb.urls) || ta.dataCenters.size() != tb.dataCenters.size())
        return false;
    for (const auto &[name, target] : ta.dataCenters) {
        const auto it = tb.dataCenters.find(name);
        if (it == tb.dataCenters.end() || !sameTarget(target, it->second))
            return false;
    }
    return true;
}

std::expected<void, Error> validate(const WorkspaceSettings &s)
{
    const auto range = [](std::int64_t value, std::int64_t min, std::int64_t max) { return value >= min && value <= max; };
    if (!range(s.retry.maxAttempts, 1, 100))
        return invalid("Retry attempts must be from 1 to 100.");
    if (!range(s.retry.base.count(), 0, maxMs) || !range(s.retry.cap.count(), 0, maxMs)
        || !range(s.retry.maxRetryAfter.count(), 0, maxMs))
        return invalid("Retry delays must be from 0 ms to 24 hours.");
    if (!(s.retry.factor >= 1.0 && s.retry.factor <= 10.0))
        return invalid("The retry back-off factor must be from 1 to 10.");
    if (!(s.retry.jitter >= 0.0 && s.retry.jitter <= 1.0))
        return invalid("The retry jitter must be from 0 to 1.");
    if (!range(s.connectTimeout.count(), 1, maxMs) || !range(s.totalTimeout.count(), 1, maxMs))
        return invalid("Timeouts must be from 1 ms to 24 hours.");
    if (!range(s.endpointPort, 0, 65535))
        return invalid("The endpoint port must be from 0 (any free port) to 65535.");
    if (!range(s.historyMaxEntries, 1, maxHistoryEntries))
        return invalid("The history size must be from 1 to " + std::to_string(maxHistoryEntries) + " entries.");
    for (const auto &[name, target] : s.target.dataCenters) {
        if (name.empty() || !secrets::isKnownDataCenter(name))
            return invalid("Unknown data centre \"" + name + "\" (US1, US2, EU1 or AU1).");
    }
    if (!secrets::isKnownDataCenter(s.target.dataCenter))
        return invalid("Unknown data centre \"" + s.target.dataCenter + "\" (US1, US2, EU1 or AU1).");
    if (!s.target.tokenName.empty()) {
        if (auto valid = secrets::validateTokenName(s.target.tokenName); !valid)
            return invalid(valid.error().message);
    }
    return {};
}

Json toJson(const WorkspaceSettings &s)
{
    Json dataCenters = Json::object();
    for (const auto &[name, target] : s.target.dataCenters)
        dataCenters[name] = targetToJson(target);
    Json target = targetToJson(s.target.urls);
    Json out = Json::object();
    out["kind"] = std::string(targetKindName(s.target.kind));
    out["url"] = std::move(target["url"]);
    out["perType"] = std::move(target["perType"]);
    out["dataCenter"] = s.target.dataCenter;
    out["dataCenters"] = std::move(dataCenters);
    out["tokenName"] = s.target.tokenName;

    const Json retry{{"maxAttempts", s.retry.maxAttempts},
                     {"baseMs", s.retry.base.count()},
                     {"factor", s.retry.factor},
                     {"capMs", s.retry.cap.count()},
                     {"jitter", s.retry.jitter},
                     {"honourRetryAfter", s.retry.honourRetryAfter},
                     {"maxRetryAfterMs", s.retry.maxRetryAfter.count()}};
    const Json settings{{"retry", retry},
                        {"timeouts", Json{{"connectMs", s.connectTimeout.count()}, {"totalMs", s.totalTimeout.count()}}},
                        {"endpointPort", s.endpointPort},
                        {"validationProfile", std::string(protocol::profileName(s.validationProfile))},
                        {"historyMaxEntries", s.historyMaxEntries}};
    return Json{{"format", std::string(workspaceFormat)},
                {"version", workspaceVersion},
                {"name", s.name},
                {"target", std::move(out)},
                {"settings", settings}};
}

std::expected<WorkspaceSettings, Error> settingsFromJson(const Json &document)
{
    if (!document.is_object())
        return corrupt("not a JSON object");
    if (document.value("format", Json()) != std::string(workspaceFormat))
        return corrupt("no \"format\": \"" + std::string(workspaceFormat) + "\"");
    const Json &version = document.value("version", Json());
    if (!version.is_number_integer())
        return corrupt("no integer \"version\"");
    if (version.get<std::int64_t>() != workspaceVersion)
        return std::unexpected(Error{"workspace.unsupported",
                                     "workspace.json has version " + version.dump()
                                         + "; this Firehose Workbench reads version 1. It was left as it is."});
    WorkspaceSettings s;
    std::string error;
    const Reader root(document, {}, error);
    root.string("name", s.name);

    if (const auto target = root.object("target")) {
        std::string kind(targetKindName(s.target.kind));
        target->string("kind", kind);
        if (const auto parsed = targetKindFromName(kind))
            s.target.kind = *parsed;
        else
            target->fail("kind", "must be \"embedded\", \"url\" or \"per-type\"");
        readTarget(*target, s.target.urls);
        target->string("dataCenter", s.target.dataCenter);
        target->string("tokenName", s.target.tokenName);
        if (const auto dataCenters = target->object("dataCenters")) {
            for (const auto &[name, value] : dataCenters->json().items()) {
                if (const auto one = dataCenters->object(name.c_str()))
                    readTarget(*one, s.target.dataCenters[name]);
            }
        }
    }

    if (const auto settings = root.object("settings")) {
        if (const auto retry = settings->object("retry")) {
            retry->integer("maxAttempts", 1, 100, s.retry.maxAttempts);
            retry->milliseconds("baseMs", 0, maxMs, s.retry.base);
            retry->number("factor", 1.0, 10.0, s.retry.factor);
            retry->milliseconds("capMs", 0, maxMs, s.retry.cap);
            retry->number("jitter", 0.0, 1.0, s.retry.jitter);
            retry->boolean("honourRetryAfter", s.retry.honourRetryAfter);
            retry->milliseconds("maxRetryAfterMs", 0, maxMs, s.retry.maxRetryAfter);
        }
        if (const auto timeouts = settings->object("timeouts")) {
            timeouts->milliseconds("connectMs", 1, maxMs, s.connectTimeout);
            timeouts->milliseconds("totalMs", 1, maxMs, s.totalTimeout);
        }
        settings->integer("endpointPort", 0, 65535, s.endpointPort);
        std::string profile(protocol::profileName(s.validationProfile));
        settings->string("validationProfile", profile);
        if (const auto parsed = protocol::profileFromName(profile))
            s.validationProfile = *parsed;
        else
            settings->fail("validationProfile", "must be \"strict\" or \"tolerant\"");
        settings->integer("historyMaxEntries", 1, maxHistoryEntries, s.historyMaxEntries);
    }
    if (!error.empty())
        return corrupt(error);

    if (auto valid = validate(s); !valid)
        return corrupt(valid.error().message);
    return s;
}

} // namespace fhw::workspace
