#pragma once

// Private to core/transport: the state of one send while the sender's thread owns it, and the libcurl
// glue that turns one attempt into an easy handle and back into an Attempt.

#include "httpsender.h"

#include "aws/credentials.h"

#include <curl/curl.h>

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace fhw::transport::detail {

using SteadyClock = std::chrono::steady_clock;

// One send from send() to its callback. Lives on the sender's thread only.
struct Job
{
    Job(HttpSender::Id id, SendRequest request, HttpSender::Callback done, RetryPolicy policy);
    ~Job(); // frees the easy handle (already removed from the multi handle) and the header list
    Job(const Job &) = delete;
    Job &operator=(const Job &) = delete;

    HttpSender::Id id;
    SendRequest request;
    HttpSender::Callback done;
    RetryPolicy policy;
    SendResult result;

    // Checked once, before the first attempt.
    std::string host; // as the certificate must name it (no brackets around IPv6)
    bool https = false;
    curl_slist *headers = nullptr;
    // A signed Lambda target's credentials and region, resolved once per send (the signature is
    // made anew for each attempt: X-Amz-Date changes).
    std::optional<aws::Credentials> credentials;
    std::string region;

    // The attempt in flight.
    CURL *easy = nullptr;
    Attempt current;
    bool tlsInspected = false;
    char errorBuffer[CURL_ERROR_SIZE] = {};

    // A pending back-off: where it sits in the schedule, and the delay it stands for.
    std::optional<std::multimap<SteadyClock::time_point, HttpSender::Id>::iterator> scheduled;
    std::chrono::milliseconds pendingDelay{0};
    std::string stopReason; // why retries ended early (a Retry-After over the limit)
};

// Why the request cannot be sent at all (no URL, malformed URL, unusable token), or nothing.
// Fills job.result.url, job.host and job.https on the way.
using CurlUrl = std::unique_ptr<CURLU, decltype(&curl_url_cleanup)>;
std::string urlPart(CURLU *url, CURLUPart part); // empty when the part is absent

std::optional<std::string> checkSendable(Job &job);

// Builds the header list for curl from requestHeaders(); curl_slist_free_all after wiping.
curl_slist *buildHeaderList(const SendRequest &request);
void freeHeaderList(curl_slist *list);

// A configured easy handle for the next attempt in job.easy; false (and job.current.errorText) when
// libcurl refused it.
bool prepareAttempt(Job &job, CURL *reuse);
// Fills job.current from the finished (or aborted) transfer: status, timings, error.
void collectAttempt(Job &job, CURLcode code);

AttemptError attemptErrorFor(CURLcode code);

// The peer's TLS facts from the live connection once the handshake is over; `ssl` is OpenSSL's SSL*.
// Also detaches the job from the connection (see onSslContext).
TlsInfo inspectTls(void *ssl, const std::string &host);
// CURLOPT_SSL_CTX_FUNCTION (user data: the Job): notes the peer's certificate during the handshake,
// so a refused certificate is still described in the attempt.
CURLcode onSslContext(CURL *easy, void *sslContext, void *job);

// A Lambda target (lambdarequest.cpp): its credentials and region for signing, resolved once per
// send; why it cannot be sent, or nothing.
std::optional<std::string> prepareLambda(Job &job);
// job.headers for the next attempt, SigV4-signed now; false when the list could not be built.
bool signAttempt(Job &job);
// Attempt::lambda from the answer's headers (function error, log tail, REPORT).
void readLambdaAnswer(Attempt &attempt);
// "function error (Unhandled): {payload…}" for a 200 carrying a function error; empty otherwise.
std::string functionErrorText(const Attempt &attempt);

// The verdict's one-line summary, and the response's validation for a 200/202.
void completeResult(Job &job, Verdict verdict);

} // namespace fhw::transport::detail
