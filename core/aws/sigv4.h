#pragma once

// AWS Signature Version 4, implemented here (OpenSSL's SHA-256 and HMAC), step by step so tests can
// compare each step with AWS's published examples.

#include "credentials.h"

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fhw::aws {

struct SigningRequest
{
    std::string method = "POST";
    std::string host;   // the Host header's value
    std::string path;   // as sent (already percent-encoded where needed), e.g. /2015-03-31/functions/f/invocations
    std::string query;  // without '?', as sent; empty = none
    std::vector<std::pair<std::string, std::string>> headers; // besides Host, X-Amz-Date, X-Amz-Security-Token
    std::string body;
};

struct SigV4Steps
{
    std::string canonicalRequest;
    std::string stringToSign;
    std::string signature;     // lower-case hex
    std::string authorization; // the Authorization header's value
    // Every header to add to the request: Authorization, X-Amz-Date, X-Amz-Security-Token (when the
    // credentials have a session token).
    std::vector<std::pair<std::string, std::string>> headers;
};

// Signs for `region` and `service` at `when` (its UTC date and time). The body is hashed as is (no
// X-Amz-Content-Sha256 header: Lambda does not need one). Every header given is signed.
SigV4Steps signV4(const SigningRequest &request, const Credentials &credentials, std::string_view region,
                  std::string_view service, std::chrono::system_clock::time_point when);

// The steps' building blocks, for tests that follow AWS's examples (added by helper "aws"):
std::string sha256Hex(std::string_view data); // lower-case hex
// HMAC chain "AWS4"+secret → date (YYYYMMDD) → region → service → "aws4_request"; raw 32 bytes.
std::string deriveSigningKey(std::string_view secretAccessKey, std::string_view date, std::string_view region,
                             std::string_view service);

} // namespace fhw::aws
