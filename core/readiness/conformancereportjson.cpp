// The report as JSON (`fhw check --json`, the window's saved reports) and back. Strings are made valid
// UTF-8 on the way out, and credentials in headers are redacted even when a hand-built report holds one.

#include "conformancereport.h"

#include "conformance_p.h"

namespace fhw::readiness {

using protocol::Json;

namespace {

constexpr std::string_view formatName = "fhw-conformance-report";
constexpr int formatVersion = 1;

Json headersJson(const std::vector<std::pair<std::string, std::string>> &headers)
{
    Json out = Json::array();
    for (const auto &[name, value] : headers)
        out.push_back(Json::array({detail::validUtf8(name), detail::validUtf8(detail::safeHeaderValue(name, value))}));
    return out;
}

Json timingsJson(const transport::PhaseTimings &t)
{
    return Json{{"dns", t.dnsUs},           {"connect", t.connectUs},      {"tls", t.tlsUs},
                {"request_sent", t.requestSentUs}, {"first_byte", t.firstByteUs}, {"total", t.totalUs}};
}

Json tlsJson(const transport::TlsInfo &tls)
{
    return Json{{"version", tls.version},     {"subject", detail::validUtf8(tls.subject)},
                {"issuer", detail::validUtf8(tls.issuer)}, {"not_before", tls.notBefore},
                {"not_after", tls.notAfter},  {"verified", tls.verified},
                {"verify_error", detail::validUtf8(tls.verifyError)}};
}

Json findingsJson(const protocol::Findings &findings)
{
    Json out = Json::array();
    for (const protocol::Finding &f : findings) {
        out.push_back(Json{{"severity", protocol::severityName(f.severity)},
                           {"pointer", detail::validUtf8(f.pointer)},
                           {"code", detail::validUtf8(f.code)},
                           {"message", detail::validUtf8(f.message)}});
    }
    return out;
}

// Only for a Lambda target, so an HTTP report keeps its shape.
Json lambdaJson(const transport::LambdaInvocation &l)
{
    Json out{{"function_error", detail::validUtf8(l.functionError)},
             {"executed_version", detail::validUtf8(l.executedVersion)},
             {"log_tail", detail::validUtf8(l.logTail)}};
    if (l.report) {
        const transport::LambdaReport &r = *l.report;
        out["report"] = Json{{"request_id", detail::validUtf8(r.requestId)}, {"duration_ms", r.durationMs},
                             {"billed_duration_ms", r.billedDurationMs},      {"memory_size_mb", r.memorySizeMb},
                             {"max_memory_used_mb", r.maxMemoryUsedMb},
                             {"init_duration_ms", r.initDurationMs ? Json(*r.initDurationMs) : Json()}};
    }
    return out;
}

Json evidenceJson(const Evidence &e)
{
    Json out{{"label", detail::validUtf8(e.label)},
                {"url", detail::validUtf8(e.url)},
                {"request_type", protocol::wireName(e.requestType)},
                {"request_headers", headersJson(e.requestHeaders)},
                {"request_body", detail::validUtf8(e.requestBody)},
                {"request_body_bytes", e.requestBodyBytes},
                {"status", e.status},
                {"response_headers", headersJson(e.responseHeaders)},
                {"response_body", detail::validUtf8(e.responseBody)},
                {"error", detail::validUtf8(e.error)},
                {"timings_us", timingsJson(e.timings)},
                {"tls", e.tls ? tlsJson(*e.tls) : Json()},
                {"findings", findingsJson(e.findings)}};
    if (e.lambda)
        out["lambda"] = lambdaJson(*e.lambda);
    return out;
}

// --- reading: every field checked, so a damaged file gives a message rather than an exception ---

struct Reader
{
    std::string problem;

    const Json *field(const Json &object, const char *key, Json::value_t type, const std::string &where)
    {
        if (!problem.empty())
            return nullptr;
        const auto it = object.find(key);
        const bool numeric = type == Json::value_t::number_integer;
        if (it == object.end() || (numeric ? !it->is_number_integer() : it->type() != type)) {
            problem = where + "/" + key + " is missing or not of type " + (numeric ? "integer" : Json(type).type_name());
            return nullptr;
        }
        return &*it;
    }
    std::string string(const Json &o, const char *key, const std::string &where)
    {
        const Json *v = field(o, key, Json::value_t::string, where);
        return v ? v->get<std::string>() : std::string();
    }
    std::int64_t integer(const Json &o, const char *key, const std::string &where)
    {
        const Json *v = field(o, key, Json::value_t::number_integer, where);
        return v ? v->get<std::int64_t>() : 0;
    }
    bool boolean(const Json &o, const char *key, const std::string &where)
    {
        const Json *v = field(o, key, Json::value_t::boolean, where);
        return v ? v->get<bool>() : false;
    }
    const Json &array(const Json &o, const char *key, const std::string &where)
    {
        static const Json empty = Json::array();
        const Json *v = field(o, key, Json::value_t::array, where);
        return v ? *v : empty;
    }
    const Json &object(const Json &o, const char *key, const std::string &where)
    {
        static const Json empty = Json::object();
        const Json *v = field(o, key, Json::value_t::object, where);
        return v ? *v : empty;
    }
    double number(const Json &o, const char *key, const std::string &where)
    {
        const auto it = o.find(key);
        if (it == o.end() || !it->is_number()) {
            fail(where + "/" + key + " is missing or not a number");
            return 0;
        }
        return it->get<double>();
    }
    std::optional<transport::LambdaInvocation> lambda(const Json &o, const std::string &where)
    {
        const auto it = o.find("lambda");
        if (it == o.end() || it->is_null())
            return std::nullopt;
        const std::string w = where + "/lambda";
        transport::LambdaInvocation l;
        l.functionError = string(*it, "function_error", w);
        l.executedVersion = string(*it, "executed_version", w);
        l.logTail = string(*it, "log_tail", w);
        if (const auto r = it->find("report"); r != it->end() && !r->is_null()) {
            const std::string rw = w + "/report";
            transport::LambdaReport report;
            report.requestId = string(*r, "request_id", rw);
            report.durationMs = number(*r, "duration_ms", rw);
            report.billedDurationMs = number(*r, "billed_duration_ms", rw);
            report.memorySizeMb = int(integer(*r, "memory_size_mb", rw));
            report.maxMemoryUsedMb = int(integer(*r, "max_memory_used_mb", rw));
            if (const auto init = r->find("init_duration_ms"); init != r->end() && !init->is_null())
                report.initDurationMs = number(*r, "init_duration_ms", rw);
            l.report = std::move(report);
        }
        return l;
    }
    void fail(std::string text)
    {
        if (problem.empty())
            problem = std::move(text);
    }

    std::vector<std::pair<std::string, std::string>> headers(const Json &o, const char *key, const std::string &where)
    {
        std::vector<std::pair<std::string, std::string>> out;
        for (const Json &pair : array(o, key, where)) {
            if (!pair.is_array() || pair.size() != 2 || !pair[0].is_string() || !pair[1].is_string()) {
                fail(where + "/" + key + " holds something other than [name, value] pairs");
                break;
            }
            const std::string name = pair[0].get<std::string>();
            out.emplace_back(name, detail::safeHeaderValue(name, pair[1].get<std::string>()));
        }
        return out;
    }

    Evidence evidence(const Json &o, const std::string &where)
    {
        Evidence e;
        if (!o.is_object()) {
            fail(where + " is not an object");
            return e;
        }
        e.label = string(o, "label", where);
        e.url = string(o, "url", where);
        const std::string type = string(o, "request_type", where);
        if (const auto parsed = protocol::messageTypeFromWireName(type))
            e.requestType = *parsed;
        else
            fail(where + "/request_type \"" + type + "\" is not a Firehose message type");
        e.requestHeaders = headers(o, "request_headers", where);
        e.requestBody = string(o, "request_body", where);
        e.requestBodyBytes = std::size_t(integer(o, "request_body_bytes", where));
        e.status = long(integer(o, "status", where));
        e.responseHeaders = headers(o, "response_headers", where);
        e.responseBody = string(o, "response_body", where);
        e.error = string(o, "error", where);
        const Json &t = object(o, "timings_us", where);
        const std::string tw = where + "/timings_us";
        e.timings = {integer(t, "dns", tw),          integer(t, "connect", tw),    integer(t, "tls", tw),
                     integer(t, "request_sent", tw), integer(t, "first_byte", tw), integer(t, "total", tw)};
        if (const auto tls = o.find("tls"); tls != o.end() && !tls->is_null()) {
            const std::string w = where + "/tls";
            e.tls = transport::TlsInfo{string(*tls, "version", w),    string(*tls, "subject", w),
                                       string(*tls, "issuer", w),     string(*tls, "not_before", w),
                                       string(*tls, "not_after", w),  boolean(*tls, "verified", w),
                                       string(*tls, "verify_error", w)};
        }
        e.lambda = lambda(o, where);
        std::size_t i = 0;
        for (const Json &f : array(o, "findings", where)) {
            const std::string w = where + "/findings/" + std::to_string(i++);
            protocol::Finding finding;
            const std::string severity = string(f, "severity", w);
            if (severity == "error")
                finding.severity = protocol::Severity::Error;
            else if (severity == "warning")
                finding.severity = protocol::Severity::Warning;
            else if (severity == "info")
                finding.severity = protocol::Severity::Info;
            else
                fail(w + "/severity \"" + severity + "\" is not error, warning or info");
            finding.pointer = string(f, "pointer", w);
            finding.code = string(f, "code", w);
            finding.message = string(f, "message", w);
            e.findings.push_back(std::move(finding));
        }
        return e;
    }
};

} // namespace

Json conformanceJson(const ConformanceReport &report)
{
    Json checks = Json::array();
    for (const CheckResult &check : report.checks) {
        Json evidence = Json::array();
        for (const Evidence &e : check.evidence)
            evidence.push_back(evidenceJson(e));
        checks.push_back(Json{{"id", detail::validUtf8(check.id)},
                              {"category", detail::validUtf8(check.category)},
                              {"title", detail::validUtf8(check.title)},
                              {"status", checkStatusName(check.status)},
                              {"message", detail::validUtf8(check.message)},
                              {"duration_us", check.durationUs},
                              {"evidence", std::move(evidence)}});
    }
    Json summary = Json::object();
    for (CheckStatus status : {CheckStatus::Pass, CheckStatus::Info, CheckStatus::Warn, CheckStatus::Fail,
                               CheckStatus::Skipped})
        summary[std::string(checkStatusName(status))] = report.count(status);
    return Json{{"format", formatName},
                {"format_version", formatVersion},
                {"target", detail::validUtf8(report.target)},
                {"started_at", report.startedAt},
                {"duration_us", report.durationUs},
                {"tool_version", report.toolVersion},
                {"budget_ms", report.budget.count()},
                {"cancelled", report.cancelled},
                {"passed", report.passed()},
                {"summary", std::move(summary)},
                {"registration", report.registration ? *report.registration : Json()},
                {"checks", std::move(checks)}};
}

std::expected<ConformanceReport, Error> conformanceFromJson(const Json &json)
{
    Reader r;
    ConformanceReport report;
    if (!json.is_object())
        return std::unexpected(Error{"report.format", "a conformance report is a JSON object"});
    if (r.string(json, "format", "") != formatName || r.integer(json, "format_version", "") != formatVersion) {
        return std::unexpected(Error{"report.format", r.problem.empty() ? "not a conformance report of format version "
                                                                              + std::to_string(formatVersion)
                                                                        : r.problem});
    }
    report.target = r.string(json, "target", "");
    report.startedAt = r.string(json, "started_at", "");
    report.durationUs = r.integer(json, "duration_us", "");
    report.toolVersion = r.string(json, "tool_version", "");
    report.budget = std::chrono::milliseconds(r.integer(json, "budget_ms", ""));
    report.cancelled = r.boolean(json, "cancelled", "");
    if (const auto registration = json.find("registration"); registration != json.end() && !registration->is_null())
        report.registration = *registration;
    std::size_t i = 0;
    for (const Json &c : r.array(json, "checks", "")) {
        const std::string where = "/checks/" + std::to_string(i++);
        if (!c.is_object()) {
            r.fail(where + " is not an object");
            break;
        }
        CheckResult check;
        check.id = r.string(c, "id", where);
        check.category = r.string(c, "category", where);
        check.title = r.string(c, "title", where);
        const std::string status = r.string(c, "status", where);
        if (const auto parsed = checkStatusFromName(status))
            check.status = *parsed;
        else
            r.fail(where + "/status \"" + status + "\" is not pass, info, warn, fail or skipped");
        check.message = r.string(c, "message", where);
        check.durationUs = r.integer(c, "duration_us", where);
        std::size_t j = 0;
        for (const Json &e : r.array(c, "evidence", where))
            check.evidence.push_back(r.evidence(e, where + "/evidence/" + std::to_string(j++)));
        report.checks.push_back(std::move(check));
    }
    if (!r.problem.empty())
        return std::unexpected(Error{"report.format", "not a valid conformance report: " + r.problem});
    return report;
}

} // namespace fhw::readiness
