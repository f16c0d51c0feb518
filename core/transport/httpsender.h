#pragma once

#include "retrypolicy.h"
#include "sendresult.h"
#include "target.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <string>

namespace fhw::transport {

struct SendOptions
{
    std::string token;                         // sent as "Authorization: Token <token>"; never logged
    bool authOnRegistration = false;           // mParticle sends none on registration unless asked
    // Defaults (see README): generous enough to measure a slow answer against the 100 ms budget from
    // anywhere (a TLS 1.2 handshake from Sydney to US East is ~3 round trips of ~200 ms) rather than
    // cut it off; readiness flags anything over the budget.
    std::chrono::milliseconds connectTimeout{1000};
    std::chrono::milliseconds totalTimeout{2000};
    RetrySettings retry;
    std::size_t maxResponseBytes = 1024 * 1024; // more is read and dropped, and the attempt says so
    bool verifyTls = true;
    std::string caFile;                        // CA bundle trusted instead of the system's (CURLOPT_CAINFO),
                                               // e.g. a self-signed test certificate
    protocol::Profile profile = protocol::Profile::Strict; // for validating the response
};

struct SendRequest
{
    Target target;
    protocol::MessageType type = protocol::MessageType::EventProcessingRequest;
    std::string body; // the JSON to POST
    SendOptions options;
};

// Sends Firehose requests like mParticle: libcurl's multi interface on one thread of its own, so no
// caller ever blocks; many sends in flight; each cancellable. Retries follow RetryPolicy.
class HttpSender
{
public:
    using Id = std::uint64_t;
    // Called once per send, on the sender's thread: keep it short, post to your own thread. It may
    // send() or cancel() again, but must not destroy the sender. (A send() made while the sender is
    // being destroyed is answered at once, Cancelled, on the calling thread.)
    using Callback = std::function<void(SendResult)>;

    HttpSender();
    ~HttpSender(); // cancels what is in flight (each callback still runs, with Verdict::Cancelled)
    HttpSender(const HttpSender &) = delete;
    HttpSender &operator=(const HttpSender &) = delete;

    Id send(SendRequest request, Callback done);
    std::future<SendResult> send(SendRequest request);
    void cancel(Id id);

    // For tests: replace the retry policy's clock and randomness.
    void setPolicyFactory(std::function<RetryPolicy(const RetrySettings &)> factory);

private:
    class Private;
    std::unique_ptr<Private> d;
};

// The headers mParticle sends, for display ("Copy as curl") and for the sender itself. The token is
// redacted unless revealToken. For a Lambda target: X-Amz-Invocation-Type: RequestResponse and
// X-Amz-Log-Type: Tail, no token; the SigV4 headers are added by the sender for each attempt.
std::vector<std::pair<std::string, std::string>> requestHeaders(const SendRequest &request, bool revealToken);
std::string userAgent(); // "FirehoseWorkbench/0.1.0 (+libcurl/7.88.1)"

} // namespace fhw::transport
