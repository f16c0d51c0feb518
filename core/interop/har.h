#pragma once

#include "protocol/json.h"
#include "workspace/historyentry.h"

#include <string>
#include <vector>

namespace fhw::interop {

struct HarOptions
{
    // History files never hold the token (their Authorization header reads "Token ••••abcd"). Set, it is
    // put back in every Authorization header of the HAR: only for a user who asked for it.
    std::string revealToken;
};

// HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/) of history entries: one HAR entry per
// attempt (a retried send is several HTTP exchanges), in the order given. startedDateTime is the send's
// time plus the attempts and back-offs before it; timings come from the attempt's PhaseTimings (dns,
// connect, ssl, send, wait, receive; -1 where a phase did not happen, e.g. a reused connection).
// Custom fields (allowed by the spec with a leading underscore): _attempt, _verdict, _error.
protocol::Json harFromHistory(const std::vector<workspace::HistoryEntry> &entries, const HarOptions &options = {});

// The reason phrase of an HTTP status ("OK", "Too Many Requests"); "" when unknown or 0.
std::string statusText(long status);

} // namespace fhw::interop
