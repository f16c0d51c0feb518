#include "sendresultjson.h"

namespace fhw::transport {

using protocol::Json;

namespace {

Json toJson(const TlsInfo &tls)
{
    return Json{{"version", tls.version},     {"subject", tls.subject},   {"issuer", tls.issuer},
                {"not_before", tls.notBefore}, {"not_after", tls.notAfter}, {"verified", tls.verified},
                {"verify_error", tls.verifyError}};
}

Json toJson(const Attempt &attempt)
{
    Json headers = Json::array();
    for (const auto &[name, value] : attempt.headers)
        headers.push_back(Json::array({name, value}));
    Json out{{"number", attempt.number},
             {"delay_before_ms", attempt.delayBefore.count()},
             {"status", attempt.status},
             {"error", attemptErrorName(attempt.error)},
             {"error_text", attempt.errorText},
             {"timings_us", toJson(attempt.timings)},
             {"headers", std::move(headers)},
             {"body", attempt.body},
             {"body_truncated", attempt.bodyTruncated}};
    if (attempt.tls)
        out["tls"] = toJson(*attempt.tls);
    return out;
}

} // namespace

Json toJson(const PhaseTimings &timings)
{
    return Json{{"dns", timings.dnsUs},           {"connect", timings.connectUs},
                {"tls", timings.tlsUs},           {"request_sent", timings.requestSentUs},
                {"first_byte", timings.firstByteUs}, {"total", timings.totalUs}};
}

Json toJson(const SendResult &result)
{
    Json attempts = Json::array();
    for (const Attempt &attempt : result.attempts)
        attempts.push_back(toJson(attempt));
    Json findings = Json::array();
    for (const protocol::Finding &finding : result.findings) {
        findings.push_back(Json{{"pointer", finding.pointer},
                                {"severity", protocol::severityName(finding.severity)},
                                {"code", finding.code},
                                {"message", finding.message}});
    }
    return Json{{"url", result.url},
                {"request_type", protocol::wireName(result.requestType)},
                {"verdict", verdictName(result.verdict)},
                {"accepted", result.accepted()},
                {"summary", result.summary},
                {"attempts", std::move(attempts)},
                {"response", result.response ? *result.response : Json()},
                {"findings", std::move(findings)}};
}

} // namespace fhw::transport
