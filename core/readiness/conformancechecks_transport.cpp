// transport.* and latency.*: judged from the URLs and from every exchange the other checks made, so
// they cost no request of their own.

#include "conformance_p.h"

#include <algorithm>
#include <set>

namespace fhw::readiness::detail {

namespace {

std::set<std::string> targetUrls(const transport::Target &target)
{
    std::set<std::string> urls;
    if (target.isLambda()) // one Invoke URL for every type
        urls.insert(target.urlFor(protocol::MessageType::EventProcessingRequest));
    if (!target.url.empty() && !target.isLambda())
        urls.insert(target.url);
    for (const auto &[family, url] : target.perFamily) {
        if (!target.isLambda())
            urls.insert(url);
    }
    return urls;
}

CheckStatus worse(CheckStatus a, CheckStatus b)
{
    const auto rank = [](CheckStatus s) {
        switch (s) {
        case CheckStatus::Fail: return 4;
        case CheckStatus::Warn: return 3;
        case CheckStatus::Info: return 2;
        case CheckStatus::Pass: return 1;
        case CheckStatus::Skipped: return 0;
        }
        return 0;
    };
    return rank(a) >= rank(b) ? a : b;
}

void runHttps(Context &context, CheckResult &check)
{
    if (context.isLambda())
        return runLambdaHttps(context, check);
    const auto urls = targetUrls(context.settings().target);
    if (urls.empty())
        return skip(check, "no URL was given");
    check.status = CheckStatus::Pass;
    std::vector<std::string> plain;
    for (const std::string &url : urls) {
        const CheckStatus status = judgeScheme(url);
        check.status = worse(check.status, status);
        if (status != CheckStatus::Pass)
            plain.push_back(url);
    }
    std::string list;
    for (const std::string &url : plain)
        list += (list.empty() ? "" : ", ") + url;
    switch (check.status) {
    case CheckStatus::Pass:
        check.message = "every URL uses https";
        break;
    case CheckStatus::Info:
        check.message = "plain http on a loopback address (" + list
                        + "), fine for testing here; the endpoint you submit must use https";
        break;
    default:
        check.message = "plain http (" + list + "): mParticle calls HTTP integrations over https (TLS 1.1 or later) only";
        break;
    }
}

bool anyHttps(const Context &context)
{
    return std::ranges::any_of(targetUrls(context.settings().target),
                               [](const std::string &url) { return schemeOf(url) == "https"; });
}

// A failed handshake that left no TLS facts: the reason is in the transport error.
const ExchangeRecord *failedHandshake(const Context &context)
{
    for (const ExchangeRecord &exchange : context.exchanges()) {
        if (!exchange.evidence.tls && exchange.error == transport::AttemptError::Tls)
            return &exchange;
    }
    return nullptr;
}

void runTlsVersion(Context &context, CheckResult &check)
{
    if (!anyHttps(context))
        return skip(check, "no https URL, so no TLS to check");
    const ExchangeRecord *oldest = nullptr;
    for (const ExchangeRecord &exchange : context.exchanges()) {
        if (!exchange.evidence.tls || exchange.evidence.tls->version.empty())
            continue;
        const auto minor = tlsMinorVersion(exchange.evidence.tls->version).value_or(99);
        if (!oldest || minor < tlsMinorVersion(oldest->evidence.tls->version).value_or(99))
            oldest = &exchange;
    }
    if (!oldest) {
        if (const ExchangeRecord *failed = failedHandshake(context)) {
            check.evidence.push_back(failed->evidence);
            check.status = CheckStatus::Fail;
            check.message = "no TLS handshake succeeded (" + failed->evidence.error
                            + "); mParticle needs TLS 1.1 or later, 1.2 or later recommended";
            return;
        }
        return skip(check, "no TLS handshake was completed (see the other checks for why)");
    }
    check.evidence.push_back(oldest->evidence);
    const std::string version = oldest->evidence.tls->version;
    check.status = judgeTlsVersion(version);
    switch (check.status) {
    case CheckStatus::Pass:
        check.message = version + " (the oldest version seen): 1.2 or later, as recommended";
        break;
    case CheckStatus::Warn:
        check.message = version + ": mParticle accepts TLS 1.1, but it is deprecated (RFC 8996); offer TLS 1.2 or later";
        if (!tlsMinorVersion(version))
            check.message = "the TLS version \"" + version + "\" could not be read; check it is 1.2 or later";
        break;
    default:
        check.message = version + ": mParticle calls over TLS 1.1 or later, so it cannot connect; offer TLS 1.2 or later";
        break;
    }
}

void runCertificate(Context &context, CheckResult &check)
{
    if (!anyHttps(context))
        return skip(check, "no https URL, so no certificate to check");
    const ExchangeRecord *first = nullptr;
    for (const ExchangeRecord &exchange : context.exchanges()) {
        if (!exchange.evidence.tls)
            continue;
        if (!exchange.evidence.tls->verified) {
            const transport::TlsInfo &tls = *exchange.evidence.tls;
            check.evidence.push_back(exchange.evidence);
            check.status = CheckStatus::Fail;
            check.message = "the certificate of " + exchange.evidence.url + " is not valid ("
                            + (tls.verifyError.empty() ? std::string("not verified") : tls.verifyError)
                            + "; subject " + tls.subject + ", issuer " + tls.issuer
                            + "): mParticle will not connect to it";
            return;
        }
        if (!first)
            first = &exchange;
    }
    if (!first)
        return skip(check, "no TLS handshake was completed (see the other checks for why)");
    const transport::TlsInfo &tls = *first->evidence.tls;
    check.evidence.push_back(first->evidence);
    const std::string facts = "subject " + tls.subject + ", issuer " + tls.issuer + ", valid until " + tls.notAfter;
    if (!context.settings().options.caFile.empty()) {
        check.status = CheckStatus::Info;
        check.message = "verified against the CA file given (" + facts
                        + "), not against the public roots mParticle trusts; check again without it before you submit";
        return;
    }
    check.status = CheckStatus::Pass;
    check.message = "verified on every exchange (" + facts + ")";
}

// The answer time mParticle would see on an open connection: connection set-up (DNS, TCP, TLS) is
// left out, since mParticle keeps connections open, and a check run opens one per URL cold.
std::int64_t answerUs(const Evidence &evidence)
{
    return std::max<std::int64_t>(0, evidence.timings.totalUs - evidence.timings.requestSentUs);
}

void runBudget(Context &context, CheckResult &check)
{
    if (context.isLambda()) // p99 instead of every answer, cold starts apart
        return runLambdaBudget(context, check);
    std::vector<const ExchangeRecord *> timed;
    for (const ExchangeRecord &exchange : context.exchanges()) {
        if (exchange.success && (exchange.category == "capabilities" || exchange.category == "verification"))
            timed.push_back(&exchange);
    }
    if (timed.empty())
        return skip(check, "no capability or verification request was answered with 200/202, so there is nothing to time");
    std::ranges::sort(timed, std::greater<>(), [](const ExchangeRecord *e) { return answerUs(e->evidence); });
    const std::int64_t budgetUs = std::chrono::duration_cast<std::chrono::microseconds>(context.settings().budget).count();
    const std::int64_t p50 = answerUs(timed[(timed.size() - 1) / 2]->evidence); // sorted slowest first
    const std::int64_t max = answerUs(timed.front()->evidence);
    const auto over = std::ranges::count_if(timed, [budgetUs](const ExchangeRecord *e) {
        return answerUs(e->evidence) > budgetUs;
    });
    const std::string figures = "p50 " + millisecondsText(p50) + ", max " + millisecondsText(max) + " over "
                                + std::to_string(timed.size()) + " answers (connection set-up left out)";
    for (std::size_t i = 0; i < timed.size() && i < 5; ++i)
        check.evidence.push_back(timed[i]->evidence);
    if (over == 0) {
        check.status = CheckStatus::Pass;
        check.message = figures + ", all within the " + millisecondsText(budgetUs) + " budget";
        return;
    }
    std::string slowest;
    for (std::size_t i = 0; i < timed.size() && i < 3; ++i) {
        if (answerUs(timed[i]->evidence) > budgetUs)
            slowest += (slowest.empty() ? "" : ", ") + timed[i]->checkId + " " + millisecondsText(answerUs(timed[i]->evidence));
    }
    check.status = CheckStatus::Fail;
    check.message = std::to_string(over) + " of " + std::to_string(timed.size()) + " answers took longer than the "
                    + millisecondsText(budgetUs) + " budget (slowest: " + slowest + "); " + figures
                    + ". mParticle rejects a slow integration in review and may disable a released one";
}

} // namespace

void planTransportChecks(Plan &plan)
{
    plan.push_back({"transport.https", "transport", "The endpoint uses https", runHttps});
    plan.push_back({"transport.tls-version", "transport", "TLS 1.2 or later (1.1 at least)", runTlsVersion});
    plan.push_back({"transport.certificate", "transport", "The certificate is valid", runCertificate});
}

void planLatencyChecks(Plan &plan)
{
    plan.push_back({"latency.budget", "latency", "Every answer within the latency budget", runBudget});
}

} // namespace fhw::readiness::detail
