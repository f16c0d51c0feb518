#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string_view>

namespace fhw::transport {

// mParticle's retry policy (DOCS-OUT): 200 and 202 succeed; 408, 429, 500, 502, 503, 504, connection
// failures and timeouts are retried with exponential back-off and jitter; every other status is final.
// The defaults are documented in retrypolicy.cpp and README.
struct RetrySettings
{
    int maxAttempts = 5;                          // first try included
    std::chrono::milliseconds base{100};          // delay before the 2nd attempt, before jitter
    double factor = 2.0;                          // each later delay = previous × factor
    std::chrono::milliseconds cap{10'000};        // no computed delay exceeds this
    double jitter = 0.2;                          // ± fraction of the delay, drawn uniformly
    bool honourRetryAfter = true;                 // Retry-After (seconds or HTTP date) replaces the delay
    std::chrono::milliseconds maxRetryAfter{60'000}; // a longer Retry-After ends the retries instead
};

enum class Outcome { Success, Retry, Final };

// Plain class: no I/O, no event loop; time and randomness are injected so tests are exact.
class RetryPolicy
{
public:
    using WallClock = std::function<std::chrono::system_clock::time_point()>; // for HTTP-date Retry-After
    using Random = std::function<double()>;                                   // uniform in [0, 1)

    explicit RetryPolicy(RetrySettings settings = {}, WallClock clock = {}, Random random = {});

    const RetrySettings &settings() const { return m_settings; }

    // status 0 = no HTTP response (connection failure or timeout: both retried).
    static Outcome classify(long status);

    // The wait before attempt `nextAttempt` (2 = the first retry), or nothing when no attempt is left
    // or Retry-After asks for longer than maxRetryAfter.
    std::optional<std::chrono::milliseconds> delayBefore(int nextAttempt,
                                                         std::optional<std::string_view> retryAfter = {}) const;

    // Retry-After as a delay: delta-seconds or an HTTP date (RFC 9110 §10.2.3); nothing if unparsable.
    std::optional<std::chrono::milliseconds> parseRetryAfter(std::string_view value) const;

private:
    RetrySettings m_settings;
    WallClock m_clock;
    Random m_random;
};

} // namespace fhw::transport
