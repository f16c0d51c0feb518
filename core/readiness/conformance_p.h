#pragma once

// Private to the conformance check: the context every check sends through, the plan the runner walks,
// the request bodies, and the judgements shared by the check files (conformancechecks_*.cpp).

#include "conformance.h"

#include "protocol/json.h"
#include "protocol/messagetype.h"
#include "transport/httpsender.h"

#include <atomic>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fhw::readiness::detail {

inline constexpr std::size_t maxEvidenceBodyBytes = 64 * 1024;

// How a request is authorised: as mParticle does with the configured token (never on registration),
// with the token even on registration, with none, or with a token that cannot be right.
enum class Auth { Token, TokenOnRegistration, None, Wrong };

// One exchange: the evidence kept in the report (redacted, capped) and the raw result to judge by.
struct Probe
{
    Evidence evidence;
    transport::SendResult result;

    const transport::Attempt *attempt() const { return result.last(); }
    long status() const { return attempt() ? attempt()->status : 0; }
    bool answered() const { return status() != 0; }
};

// Every exchange of the run, for the checks that judge across them (transport, latency, suspension).
struct ExchangeRecord
{
    std::string checkId;
    std::string category;
    Evidence evidence;
    transport::AttemptError error = transport::AttemptError::None;
    bool success = false; // 200 or 202 (for a Lambda function: and no function error)
    std::optional<transport::LambdaInvocation> lambda; // a Lambda target's REPORT and function error
};

class Context
{
public:
    Context(const ConformanceSettings &settings, transport::HttpSender &sender, const std::atomic<bool> &cancelled);

    const ConformanceSettings &settings() const { return m_settings; }
    bool hasToken() const { return !m_settings.token.empty(); }
    bool isLambda() const { return m_settings.target.isLambda(); }
    bool cancelled() const { return m_cancelled.load(); }
    std::string urlFor(protocol::MessageType type) const { return m_settings.target.urlFor(type); }

    // Sends one request, one attempt (no retries: the endpoint's own answer is the evidence), records
    // it for the cross-exchange checks and returns it. Blocks; cancel() ends it early.
    Probe send(protocol::MessageType type, std::string body, std::string label, Auth auth = Auth::Token);
    void cancelInFlight();

    // Set by the runner around each check.
    void beginCheck(const CheckResult &check);
    bool checkWasCancelled() const { return m_checkCancelled; }

    const std::vector<ExchangeRecord> &exchanges() const { return m_exchanges; }

    // What registration.* found, for the checks planned after it.
    std::optional<Probe> registrationProbe;     // the exchange the registration is judged by
    std::optional<protocol::Json> registration; // the module_registration_response, when one came back
    std::string registrationProblem;            // why there is none, for the checks it skips

private:
    const ConformanceSettings &m_settings;
    transport::HttpSender &m_sender;
    const std::atomic<bool> &m_cancelled;
    std::mutex m_inFlightMutex;
    std::optional<transport::HttpSender::Id> m_inFlight;
    std::vector<ExchangeRecord> m_exchanges;
    std::string m_checkId;
    std::string m_category;
    bool m_checkCancelled = false;
};

// A check the runner will run: who it is, and what it does to the result (status, message, evidence).
struct PlannedCheck
{
    std::string id;
    std::string category;
    std::string title;
    std::function<void(Context &, CheckResult &)> run;
};
using Plan = std::vector<PlannedCheck>;

// conformancechecks_registration.cpp: sends the registration (and fills Context::registration).
void planRegistrationChecks(Plan &plan);
// conformancechecks_capabilities.cpp: one check per registered capability, from Context::registration.
void planCapabilityChecks(Plan &plan, const Context &context);
// conformancechecks_auth.cpp: verification pings and authorisation.
void planVerificationChecks(Plan &plan, const Context &context);
void planAuthChecks(Plan &plan, const Context &context);
// conformancechecks_robustness.cpp
void planRobustnessChecks(Plan &plan, const Context &context);
// conformancechecks_transport.cpp: judged from every exchange made before them.
void planTransportChecks(Plan &plan);
void planLatencyChecks(Plan &plan);

// --- what the registration says (nothing when there is no registration to ask) --------------------

// Whether the registration has this block ("event_processing_registration", ...); true when there is
// no registration, so that registration-independent checks still run against an unknown endpoint.
bool registers(const Context &context, std::string_view block);
std::vector<std::string> registeredList(const Context &context, std::string_view block, std::string_view key);
bool permits(const Context &context, std::string_view permission);

// --- Lambda targets (conformancelambda.cpp) -------------------------------------------------------

// The function error of the probe's answer (X-Amz-Function-Error), empty when none or not Lambda.
std::string functionError(const Probe &probe);
// "the function failed (X-Amz-Function-Error: Unhandled): {payload excerpt}".
std::string functionErrorText(const Probe &probe);
// "Duration 12.3 ms, Billed 13 ms, Memory 256 MB, Max Memory 71 MB[, Init Duration 180 ms (cold start)]".
std::string lambdaReportText(const transport::LambdaReport &report);
// latency.budget for a Lambda function: p99 of the warm answers within the budget; cold starts apart.
void runLambdaBudget(Context &context, CheckResult &check);
// robustness.malformed-json for a Lambda function: the Invoke API or a function error refuses it.
void judgeLambdaMalformedJson(CheckResult &check, const Probe &probe);
// transport.https for a Lambda function: AWS's API is https; a local emulator is info.
void runLambdaHttps(Context &context, CheckResult &check);
// The auth.* checks do not apply: mParticle invokes a function with IAM, not a token.
void skipTokenCheckForLambda(CheckResult &check);

// --- judgements shared by the check files (conformancejudge.cpp) -----------------------------------

bool isSuccess(long status); // 200 or 202, what mParticle accepts
std::string millisecondsText(std::int64_t us);
// "500 in 3.2 ms", "no answer (timeout: …)".
std::string outcomeText(const Probe &probe);
// What the endpoint did with `what`: "answered <what> with 500 in 3.2 ms" or "gave no answer (…) to <what>".
std::string reactionText(const Probe &probe, std::string_view what);
// What mParticle does with this status: retries (408, 429, 5xx) or drops the data.
std::string retryConsequence(long status);
// The standard judgement: 200/202 and a valid response of the type that answers `probe`'s request.
// Fail otherwise, saying what mParticle would do; warnings in the response make it a warn.
void judgeAccepted(CheckResult &check, const Probe &probe);
// Marks the check skipped with a reason, and says so.
void skip(CheckResult &check, std::string why);
// Skips when the family of `type` has no URL; returns whether the check may go on.
bool requireUrl(const Context &context, CheckResult &check, protocol::MessageType type);

// Transport judgements, pure so tests can table them.
bool isLoopbackHost(std::string_view host);
std::string hostOf(std::string_view url);
std::string schemeOf(std::string_view url); // lower-case, "" when none
// "TLSv1.2" → 2 (minor version of TLS 1.x); SSLv3 → -1; nothing when unreadable.
std::optional<int> tlsMinorVersion(std::string_view version);
CheckStatus judgeTlsVersion(std::string_view version);
CheckStatus judgeScheme(std::string_view url);

// Text helpers.
std::string validUtf8(std::string_view text);          // invalid bytes and NULs become U+FFFD
std::string capped(std::string_view text, std::size_t limit); // cut on a UTF-8 boundary
std::string scrubbed(std::string text, std::string_view secret); // every copy of secret redacted
// conformancereport.cpp: one exchange for people (request, answer, timings, TLS, findings), indented.
void appendEvidence(std::string &out, const Evidence &evidence);
// A header value fit for a report: Authorization and Proxy-Authorization redacted unless they already are.
std::string safeHeaderValue(std::string_view name, std::string_view value);

} // namespace fhw::readiness::detail
