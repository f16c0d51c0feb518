// The Locust file: a header that says how it was made and how to run it, the settings as Python
// constants, the generated bodies, then a fixed runtime (locustruntime_p.h) that sends them.
//
// Everything that comes from outside (URLs, bodies) reaches the Python source only as JSON text
// dumped with every non-ASCII character escaped, inside a single-quoted string literal in which
// only `\` and `'` need escaping; json.loads turns it back at import. So no input can end a string
// early or change what the file does.

#include "locustexport.h"

#include "locustruntime_p.h"

#include "protocol/generator.h"
#include "protocol/json.h"

#include <algorithm>
#include <cmath>
#include <charconv>
#include <set>
#include <string_view>

namespace fhw::readiness {

using protocol::Json;
using protocol::MessageType;

namespace {

constexpr int maxBodiesPerType = 1000;
constexpr int maxEventsPerBatch = 1000;
constexpr int maxAttemptsLimit = 100;

// "{}" placeholders filled in order (GCC 12 has no std::format).
std::string formatted(std::string_view pattern, std::initializer_list<std::string_view> args)
{
    std::string out;
    auto arg = args.begin();
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        if (pattern.compare(i, 2, "{}") == 0 && arg != args.end()) {
            out += *arg++;
            ++i;
        } else {
            out += pattern[i];
        }
    }
    return out;
}

std::string str(long long value)
{
    return std::to_string(value);
}

// The shortest text that reads back as the same double ("1", "0.5", "1e-05"): valid Python too.
std::string num(double value)
{
    char text[32];
    const auto end = std::to_chars(text, text + sizeof text, value).ptr;
    return std::string(text, end);
}

std::unexpected<Error> settingsError(std::string message)
{
    return std::unexpected(Error{"locust.settings", std::move(message)});
}

// A Python str literal for ASCII text: the caller guarantees no byte outside 0x20..0x7e reaches
// here unescaped (JSON dumped with ensure_ascii, validated URLs); anything else is \x-escaped.
std::string pythonString(std::string_view ascii)
{
    std::string out;
    out.reserve(ascii.size() + 2);
    out += '\'';
    for (char c : ascii) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '\\' || c == '\'') {
            out += '\\';
            out += c;
        } else if (byte < 0x20 || byte > 0x7e) {
            static constexpr std::string_view hex = "0123456789abcdef";
            out += "\\x";
            out += hex[byte >> 4];
            out += hex[byte & 0xf];
        } else {
            out += c;
        }
    }
    out += '\'';
    return out;
}

// json.loads('…'): any JSON value as a Python expression, safe whatever strings it holds.
std::string pythonJson(const Json &value)
{
    return "json.loads(" + pythonString(value.dump(-1, ' ', true, Json::error_handler_t::replace)) + ")";
}

// A URL goes into comments and error messages too, so it must be printable ASCII (non-ASCII is
// percent-encoded in a URL anyway) with an http or https scheme.
bool isPlainUrl(std::string_view url)
{
    std::string scheme(url.substr(0, url.find("://")));
    std::ranges::transform(scheme, scheme.begin(), [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; });
    if (url.find("://") == std::string_view::npos || (scheme != "http" && scheme != "https"))
        return false;
    return std::ranges::all_of(url, [](char c) { return c > 0x20 && c < 0x7f; });
}

bool isEnvironmentVariableName(std::string_view name)
{
    if (name.empty() || (name.front() >= '0' && name.front() <= '9'))
        return false;
    return std::ranges::all_of(name, [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    });
}

std::expected<void, Error> validate(const LocustSettings &s)
{
    if (s.mix.empty())
        return settingsError("the mix is empty: give at least one request type");
    std::set<MessageType> seen;
    for (const MixEntry &entry : s.mix) {
        const std::string name(shortTypeName(entry.type));
        if (!protocol::isRequest(entry.type))
            return settingsError("the mix holds " + name + ", which is not a request type");
        if (!seen.insert(entry.type).second)
            return settingsError("the mix names " + name + " twice");
        if (entry.weight <= 0)
            return settingsError(formatted("the weight of {} must be above 0 (it is {})", {name, str(entry.weight)}));
        const std::string url = s.target.urlFor(entry.type);
        if (url.empty())
            return settingsError(formatted("no URL for {} requests: give a URL for every type or one for the {} family",
                                           {name, transport::familyName(transport::familyOf(entry.type))}));
        if (!isPlainUrl(url))
            return settingsError(formatted("the URL for {} requests is not an http:// or https:// URL of printable ASCII "
                                           "characters",
                                           {name}));
    }
    if (!s.tokenEnvironmentVariable.empty() && !isEnvironmentVariableName(s.tokenEnvironmentVariable))
        return settingsError("the token variable must be an environment variable name (letters, digits and _, "
                             "not starting with a digit)");
    if (s.eventsPerBatch < 0 || s.eventsPerBatch > maxEventsPerBatch)
        return settingsError(formatted("events per batch must be 0 to {} (it is {})", {str(maxEventsPerBatch), str(s.eventsPerBatch)}));
    if (s.bodiesPerType < 1 || s.bodiesPerType > maxBodiesPerType)
        return settingsError(formatted("bodies per type must be 1 to {} (it is {})", {str(maxBodiesPerType), str(s.bodiesPerType)}));
    if (!std::isfinite(s.ratePerUser) || s.ratePerUser <= 0)
        return settingsError("the rate per user must be a number above 0");
    if (s.retries) {
        const auto &r = s.retry;
        if (r.maxAttempts < 1 || r.maxAttempts > maxAttemptsLimit)
            return settingsError(formatted("retry attempts must be 1 to {} (it is {})", {str(maxAttemptsLimit), str(r.maxAttempts)}));
        if (r.base.count() < 0 || r.cap.count() < 0 || r.maxRetryAfter.count() < 0)
            return settingsError("retry delays must not be negative");
        if (!std::isfinite(r.factor) || r.factor < 1.0)
            return settingsError("the retry back-off factor must be at least 1");
        if (!std::isfinite(r.jitter) || r.jitter < 0.0 || r.jitter > 1.0)
            return settingsError("the retry jitter must be from 0 to 1");
    }
    return {};
}

// "audience-membership" → "audience_membership": the task's method name.
std::string identifier(std::string_view shortName)
{
    std::string out(shortName);
    std::ranges::replace(out, '-', '_');
    return out;
}

std::string seconds(std::chrono::milliseconds ms)
{
    return num(double(ms.count()) / 1000.0);
}

std::string padded(std::string_view text, std::size_t width)
{
    std::string out(text);
    out.resize(std::max(width, out.size()), ' ');
    return out;
}

std::string header(const LocustSettings &s)
{
    std::string out;
    out += "# Locust file written by Firehose Workbench (fhw " FHW_VERSION " export-locust).\n"
           "# It replays the traffic of `fhw load`: the same generated bodies, auth header, retry policy and mix.\n#\n";
    out += formatted("# Mix:    {} (weighted tasks; weights are relative)\n", {mixText(s.mix)});
    out += formatted("# Bodies: {} per type, generated with seeds {}..{}, {} events per event batch.\n",
                     {str(s.bodiesPerType), std::to_string(s.seed),
                      std::to_string(s.seed + std::uint64_t(s.bodiesPerType) - 1), str(s.eventsPerBatch)});
    out += "#         Each request gets a fresh id (uuid4) and timestamp_ms (now), and so does each event in a\n"
           "#         batch (its timestamp shifted by as much), so every body is unique and still valid.\n";
    out += "# Target:\n";
    for (const MixEntry &entry : s.mix)
        out += formatted("#   {} POST {}\n", {padded(shortTypeName(entry.type), 22), s.target.urlFor(entry.type)});
    if (s.tokenEnvironmentVariable.empty()) {
        out += "# Auth:   none (exported without --token-env): no Authorization header is sent.\n";
    } else {
        out += formatted("# Auth:   \"Authorization: Token <token>\", the token read from ${} when Locust starts\n"
                         "#         (it is never written in this file); registration requests go without it,\n"
                         "#         as mParticle sends them.\n",
                         {s.tokenEnvironmentVariable});
    }
    if (s.retries) {
        const auto &r = s.retry;
        const std::string retryAfter =
            r.honourRetryAfter ? "; Retry-After is honoured up to " + seconds(r.maxRetryAfter) + " s" : std::string();
        out += formatted("# Retry:  mParticle's policy: 408, 429, 500, 502, 503, 504 and connection errors are retried,\n"
                         "#         {} attempts in all, after {} ms x {}^n (at most {} ms, +/-{}% jitter){}.\n",
                         {str(r.maxAttempts), str(r.base.count()), num(r.factor), str(r.cap.count()),
                          num(std::round(r.jitter * 100.0)), retryAfter});
        out += "#         Retries are reported apart, as \"<type> (retry)\".\n";
    } else {
        out += "# Retry:  off (exported with --no-retries): every attempt stands alone.\n";
    }
    out += "# Result: 200 and 202 succeed; anything else is a failure. A 429 is the failure \"throttled (429)\".\n";
    out += formatted("# Pace:   constant_throughput({}): each simulated user sends about {} request(s)/s,\n"
                     "#         so the total rate is about users x {}.\n",
                     {num(s.ratePerUser), num(s.ratePerUser), num(s.ratePerUser)});
    const std::string token = s.tokenEnvironmentVariable.empty() ? std::string() : s.tokenEnvironmentVariable + "=... ";
    out += "#\n# Run on one machine:\n";
    out += formatted("#   {}locust -f locustfile.py --headless -u 100 -r 100 -t 60s --csv results\n", {token});
    out += "# Run distributed (the master sends nothing, so only the workers need the token):\n"
           "#   locust -f locustfile.py --master --headless --expect-workers 4 -u 2000 -r 200 -t 60s --csv results\n";
    out += formatted("#   {}locust -f locustfile.py --worker --master-host MASTER_HOST   (on each worker machine)\n",
                     {token});
    out += "# Without --headless the master serves Locust's web UI on port 8089. Needs Locust 2.x with\n"
           "# geventhttpclient (FastHttpUser), e.g. Debian 12's python3-locust.\n\n";
    return out;
}

std::string settingsBlock(const LocustSettings &s)
{
    Json requests = Json::object();
    for (const MixEntry &entry : s.mix) {
        requests[std::string(shortTypeName(entry.type))] = {
            {"url", s.target.urlFor(entry.type)},
            {"weight", entry.weight},
            {"auth", entry.type != MessageType::ModuleRegistrationRequest}, // DOCS-OUT: registration has no auth
        };
    }
    const auto &r = s.retry;
    const Json retry = {
        {"max_attempts", s.retries ? r.maxAttempts : 1},
        {"base_s", double(r.base.count()) / 1000.0},
        {"factor", r.factor},
        {"cap_s", double(r.cap.count()) / 1000.0},
        {"jitter", r.jitter},
        {"honour_retry_after", r.honourRetryAfter},
        {"max_retry_after_s", double(r.maxRetryAfter.count()) / 1000.0},
    };
    std::string out = "FHW_VERSION = " + pythonString(FHW_VERSION) + "\n";
    out += "TOKEN_VARIABLE = " + pythonString(s.tokenEnvironmentVariable) + "  # '' = send no Authorization header\n";
    out += "REQUESTS = " + pythonJson(requests) + "\n";
    out += "RETRY = " + pythonJson(retry) + "\n";
    out += "RATE_PER_USER = " + num(s.ratePerUser) + "\n";
    out += "BODIES = {\n";
    for (const MixEntry &entry : s.mix) {
        out += "    " + pythonString(shortTypeName(entry.type)) + ": [\n";
        for (int i = 0; i < s.bodiesPerType; ++i) {
            protocol::GeneratorOptions options;
            options.seed = s.seed + std::uint64_t(i);
            options.eventCount = s.eventsPerBatch;
            out += "        " + pythonJson(protocol::Generator(options).generate(entry.type)) + ",\n";
        }
        out += "    ],\n";
    }
    out += "}\n";
    return out;
}

std::string tasks(const Mix &mix)
{
    std::string out;
    for (const MixEntry &entry : mix) {
        const std::string_view name = shortTypeName(entry.type);
        out += formatted("\n    @task({})\n    def {}(self):\n        self.send({})\n",
                         {str(entry.weight), identifier(name), pythonString(name)});
    }
    return out;
}

} // namespace

std::expected<std::string, Error> locustFile(const LocustSettings &settings)
{
    if (auto valid = validate(settings); !valid)
        return std::unexpected(valid.error());
    std::string out = header(settings);
    out += detail::locustPrelude;
    out += settingsBlock(settings);
    out += detail::locustRuntime;
    out += tasks(settings.mix);
    return out;
}

} // namespace fhw::readiness
