// Judgements shared by the check files, and the text helpers that keep evidence printable.

#include "conformance_p.h"

#include "protocol/utf8_p.h"
#include "secrets/redaction.h"
#include "transport/retrypolicy.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace fhw::readiness::detail {

bool isSuccess(long status)
{
    return status == 200 || status == 202;
}

std::string millisecondsText(std::int64_t us)
{
    // Two decimals below 10 ms: a loopback answer takes tenths of a millisecond.
    char text[32];
    std::snprintf(text, sizeof text, us < 10'000 ? "%.2f ms" : "%.1f ms", double(us) / 1000.0);
    return text;
}

std::string outcomeText(const Probe &probe)
{
    if (probe.answered())
        return std::to_string(probe.status()) + " in " + millisecondsText(probe.evidence.timings.totalUs);
    return "no answer (" + (probe.evidence.error.empty() ? std::string("no response") : probe.evidence.error) + ")";
}

std::string reactionText(const Probe &probe, std::string_view what)
{
    if (probe.answered())
        return "answered " + std::string(what) + " with " + outcomeText(probe);
    return "gave " + outcomeText(probe) + " to " + std::string(what);
}

std::string retryConsequence(long status)
{
    if (transport::RetryPolicy::classify(status) == transport::Outcome::Retry)
        return "mParticle retries this with back-off, so the same data keeps coming back";
    return "mParticle does not retry this status, so the data would be dropped";
}

void skip(CheckResult &check, std::string why)
{
    check.status = CheckStatus::Skipped;
    check.message = std::move(why);
}

bool requireUrl(const Context &context, CheckResult &check, protocol::MessageType type)
{
    if (!context.urlFor(type).empty())
        return true;
    skip(check, "no URL for " + std::string(transport::familyName(transport::familyOf(type)))
                    + " requests was given");
    return false;
}

void judgeAccepted(CheckResult &check, const Probe &probe)
{
    check.evidence.push_back(probe.evidence);
    const std::string expected(protocol::wireName(protocol::responseTypeFor(probe.evidence.requestType)));
    if (!probe.answered()) {
        check.status = CheckStatus::Fail;
        check.message = outcomeText(probe) + "; mParticle counts this as a failure and retries with back-off";
        return;
    }
    if (!isSuccess(probe.status())) {
        check.status = CheckStatus::Fail;
        check.message = "answered " + outcomeText(probe) + "; mParticle expects 200 or 202, and "
                        + retryConsequence(probe.status());
        return;
    }
    if (!functionError(probe).empty()) {
        check.status = CheckStatus::Fail;
        check.message = functionErrorText(probe) + " in " + millisecondsText(probe.evidence.timings.totalUs)
                        + "; mParticle counts a function error as a failure and retries it with back-off";
        return;
    }
    const protocol::Findings &findings = probe.result.findings;
    const auto wrongType = std::ranges::find(findings, std::string("message.unexpected-type"), &protocol::Finding::code);
    if (wrongType != findings.end()) {
        std::string got = "another type";
        if (probe.result.response && probe.result.response->is_object()) {
            const auto type = probe.result.response->find("type");
            if (type != probe.result.response->end() && type->is_string())
                got = type->get<std::string>();
        }
        check.status = CheckStatus::Fail;
        check.message = "answered " + outcomeText(probe) + " with the wrong type: " + got + " instead of " + expected
                        + " (mParticle expects the response type that matches the request)";
        return;
    }
    const auto firstOf = [&findings](protocol::Severity severity) {
        return std::ranges::find(findings, severity, &protocol::Finding::severity);
    };
    const auto count = [&findings](protocol::Severity severity) {
        return std::ranges::count(findings, severity, &protocol::Finding::severity);
    };
    const auto describe = [](const protocol::Finding &finding) {
        return (finding.pointer.empty() ? std::string("(root)") : finding.pointer) + " " + finding.code + ": "
               + finding.message;
    };
    if (const auto error = firstOf(protocol::Severity::Error); error != findings.end()) {
        check.status = CheckStatus::Fail;
        check.message = "answered " + outcomeText(probe) + " but the response is not a valid " + expected + " ("
                        + std::to_string(count(protocol::Severity::Error)) + " errors; first: " + describe(*error)
                        + ")";
        return;
    }
    if (const auto warning = firstOf(protocol::Severity::Warning); warning != findings.end()) {
        check.status = CheckStatus::Warn;
        check.message = "answered " + outcomeText(probe) + " with a " + expected + " that has "
                        + std::to_string(count(protocol::Severity::Warning)) + " warnings (first: " + describe(*warning)
                        + ")";
        return;
    }
    check.status = CheckStatus::Pass;
    check.message = "answered " + outcomeText(probe) + " with a valid " + expected;
}

// --- what the registration says ---------------------------------------------------------------------

bool registers(const Context &context, std::string_view block)
{
    if (!context.registration || !context.registration->is_object())
        return true;
    const auto it = context.registration->find(std::string(block));
    return it != context.registration->end() && it->is_object();
}

std::vector<std::string> registeredList(const Context &context, std::string_view block, std::string_view key)
{
    std::vector<std::string> out;
    if (!context.registration || !context.registration->is_object())
        return out;
    const auto section = context.registration->find(std::string(block));
    if (section == context.registration->end() || !section->is_object())
        return out;
    const auto list = section->find(std::string(key));
    if (list == section->end() || !list->is_array())
        return out;
    for (const auto &value : *list) {
        if (value.is_string() && std::ranges::find(out, value.get<std::string>()) == out.end())
            out.push_back(value.get<std::string>());
    }
    return out;
}

bool permits(const Context &context, std::string_view permission)
{
    if (!context.registration || !context.registration->is_object())
        return true;
    const auto permissions = context.registration->find("permissions");
    if (permissions == context.registration->end() || !permissions->is_object())
        return false;
    const auto flag = permissions->find(std::string(permission));
    return flag != permissions->end() && flag->is_boolean() && flag->get<bool>();
}

// --- transport --------------------------------------------------------------------------------------

std::string schemeOf(std::string_view url)
{
    const auto colon = url.find("://");
    if (colon == std::string_view::npos)
        return {};
    std::string scheme(url.substr(0, colon));
    for (char &c : scheme)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    return scheme;
}

std::string hostOf(std::string_view url)
{
    const auto colon = url.find("://");
    std::string_view rest = colon == std::string_view::npos ? url : url.substr(colon + 3);
    rest = rest.substr(0, rest.find_first_of("/?#"));
    if (const auto at = rest.rfind('@'); at != std::string_view::npos)
        rest.remove_prefix(at + 1);
    std::string host;
    if (!rest.empty() && rest.front() == '[') {
        host = std::string(rest.substr(1, rest.find(']') == std::string_view::npos ? rest.size() - 1 : rest.find(']') - 1));
    } else {
        host = std::string(rest.substr(0, rest.find(':')));
    }
    for (char &c : host)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    if (!host.empty() && host.back() == '.')
        host.pop_back();
    return host;
}

bool isLoopbackHost(std::string_view host)
{
    if (host == "localhost" || host.ends_with(".localhost") || host == "::1" || host == "0:0:0:0:0:0:0:1")
        return true;
    // 127.0.0.0/8, written as a dotted quad.
    if (!host.starts_with("127."))
        return false;
    int dots = 0;
    for (char c : host) {
        if (c == '.')
            ++dots;
        else if (c < '0' || c > '9')
            return false;
    }
    return dots == 3;
}

CheckStatus judgeScheme(std::string_view url)
{
    const std::string scheme = schemeOf(url);
    if (scheme == "https")
        return CheckStatus::Pass;
    return isLoopbackHost(hostOf(url)) ? CheckStatus::Info : CheckStatus::Fail;
}

std::optional<int> tlsMinorVersion(std::string_view version)
{
    if (version.starts_with("SSL"))
        return -1;
    if (version == "TLSv1")
        return 0;
    if (version.starts_with("TLSv1.") && version.size() == 7 && version[6] >= '0' && version[6] <= '9')
        return version[6] - '0';
    return std::nullopt;
}

CheckStatus judgeTlsVersion(std::string_view version)
{
    const auto minor = tlsMinorVersion(version);
    if (!minor)
        return CheckStatus::Warn; // unreadable: say so rather than guess
    if (*minor < 1)
        return CheckStatus::Fail;
    return *minor == 1 ? CheckStatus::Warn : CheckStatus::Pass;
}

// --- text -------------------------------------------------------------------------------------------

std::string validUtf8(std::string_view text)
{
    std::string out;
    while (true) {
        const auto bad = protocol::detail::firstInvalidTextByte(text);
        if (!bad) {
            out += text;
            return out;
        }
        out += text.substr(0, *bad);
        out += "\xEF\xBF\xBD"; // U+FFFD
        text.remove_prefix(*bad + 1);
    }
}

std::string capped(std::string_view text, std::size_t limit)
{
    if (text.size() <= limit)
        return std::string(text);
    std::size_t end = limit;
    // Back off continuation bytes so a character is not cut in half.
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
        --end;
    return std::string(text.substr(0, end));
}

std::string scrubbed(std::string text, std::string_view secret)
{
    if (secret.empty())
        return text;
    // "••••abcd": the redacted form without its scheme (the text around it keeps its own).
    const std::string replacement = secrets::redactToken(secret).substr(std::string_view("Token ").size());
    for (std::size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at + replacement.size()))
        text.replace(at, secret.size(), replacement);
    return text;
}

std::string safeHeaderValue(std::string_view name, std::string_view value)
{
    const auto equalsIgnoringCase = [](std::string_view a, std::string_view b) {
        return std::ranges::equal(a, b, [](char x, char y) {
            return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
        });
    };
    if (!equalsIgnoringCase(name, "Authorization") && !equalsIgnoringCase(name, "Proxy-Authorization"))
        return std::string(value);
    // Already redacted ("Token ••••abcd": the dots, then at most the last 4 characters).
    constexpr std::string_view dots = "\u2022\u2022\u2022\u2022";
    if (const auto at = value.find(dots); at != std::string_view::npos && value.size() - at - dots.size() <= 4)
        return std::string(value);
    return secrets::redactAuthorization(value);
}

} // namespace fhw::readiness::detail
