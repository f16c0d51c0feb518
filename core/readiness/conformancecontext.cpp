// The context the checks send through: one attempt per request, the evidence redacted and capped,
// every exchange remembered for the checks that judge across them.

#include "conformance_p.h"

#include "secrets/redaction.h"

#include <future>
#include <memory>

namespace fhw::readiness::detail {

namespace {

// A token that cannot be the configured one, shaped like one.
std::string wrongToken(std::string_view real)
{
    std::string token = "fhw-check-wrong-token-0000000000000000";
    if (token == real)
        token += "x";
    return token;
}

Evidence makeEvidence(const transport::SendRequest &request, const transport::SendResult &result, std::string label,
                      std::string_view token)
{
    Evidence evidence;
    evidence.label = std::move(label);
    evidence.url = result.url.empty() ? request.target.urlFor(request.type) : result.url;
    evidence.requestType = request.type;
    // Redacted here (requestHeaders(…, false)): the token never reaches the report.
    evidence.requestHeaders = transport::requestHeaders(request, false);
    evidence.requestBodyBytes = request.body.size();
    evidence.requestBody = validUtf8(capped(request.body, maxEvidenceBodyBytes));
    if (const transport::Attempt *attempt = result.last()) {
        evidence.status = attempt->status;
        // An endpoint may echo what it got (headers, the body of an error); none of it may carry the token.
        for (const auto &[name, value] : attempt->headers)
            evidence.responseHeaders.emplace_back(validUtf8(name), validUtf8(scrubbed(value, token)));
        evidence.responseBody = validUtf8(scrubbed(capped(attempt->body, maxEvidenceBodyBytes), token));
        if (attempt->error != transport::AttemptError::None) {
            evidence.error = std::string(transport::attemptErrorName(attempt->error));
            if (!attempt->errorText.empty())
                evidence.error += ": " + validUtf8(scrubbed(attempt->errorText, token));
        }
        evidence.timings = attempt->timings;
        evidence.tls = attempt->tls;
        evidence.lambda = attempt->lambda;
        if (evidence.lambda) // the function's log may print what it was given; keep the token out
            evidence.lambda->logTail = validUtf8(scrubbed(evidence.lambda->logTail, token));
    } else {
        evidence.error = validUtf8(scrubbed(result.summary, token));
    }
    evidence.findings = result.findings;
    return evidence;
}

} // namespace

Context::Context(const ConformanceSettings &settings, transport::HttpSender &sender, const std::atomic<bool> &cancelled)
    : m_settings(settings)
    , m_sender(sender)
    , m_cancelled(cancelled)
{
}

void Context::beginCheck(const CheckResult &check)
{
    m_checkId = check.id;
    m_category = check.category;
    m_checkCancelled = false;
}

Probe Context::send(protocol::MessageType type, std::string body, std::string label, Auth auth)
{
    transport::SendRequest request;
    request.target = m_settings.target;
    request.type = type;
    request.body = std::move(body);
    request.options = m_settings.options;
    request.options.retry.maxAttempts = 1; // the endpoint's first answer is what we judge
    request.options.authOnRegistration = auth == Auth::TokenOnRegistration;
    switch (auth) {
    case Auth::Token:
    case Auth::TokenOnRegistration: request.options.token = m_settings.token; break;
    case Auth::None: request.options.token.clear(); break;
    case Auth::Wrong: request.options.token = wrongToken(m_settings.token); break;
    }

    Probe probe;
    if (cancelled()) {
        probe.result.verdict = transport::Verdict::Cancelled;
        probe.result.summary = "cancelled before it was sent";
    } else {
        // Shared: the sender's thread may still be inside set_value when this thread wakes up.
        auto promise = std::make_shared<std::promise<transport::SendResult>>();
        std::future<transport::SendResult> future = promise->get_future();
        const auto id = m_sender.send(request, [promise](transport::SendResult result) {
            promise->set_value(std::move(result));
        });
        {
            const std::lock_guard lock(m_inFlightMutex);
            m_inFlight = id;
        }
        if (cancelled()) // cancel() may have come between the check above and m_inFlight being set
            m_sender.cancel(id);
        probe.result = future.get();
        const std::lock_guard lock(m_inFlightMutex);
        m_inFlight.reset();
    }
    if (probe.result.verdict == transport::Verdict::Cancelled)
        m_checkCancelled = true;
    probe.evidence = makeEvidence(request, probe.result, std::move(label), m_settings.token);
    if (probe.result.attempts.empty())
        return probe; // never on the wire: nothing for the transport and latency checks

    ExchangeRecord record;
    record.checkId = m_checkId;
    record.category = m_category;
    record.evidence = probe.evidence;
    if (const transport::Attempt *attempt = probe.attempt())
        record.error = attempt->error;
    record.lambda = probe.evidence.lambda;
    // A function error comes back as 200; mParticle counts it as a failure.
    record.success = isSuccess(probe.status()) && functionError(probe).empty();
    m_exchanges.push_back(std::move(record));
    return probe;
}

void Context::cancelInFlight()
{
    const std::lock_guard lock(m_inFlightMutex);
    if (m_inFlight)
        m_sender.cancel(*m_inFlight);
}

} // namespace fhw::readiness::detail
