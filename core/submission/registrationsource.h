#pragma once

#include "common/error.h"
#include "protocol/json.h"

#include <chrono>
#include <expected>
#include <filesystem>
#include <string>
#include <string_view>

namespace fhw::submission {

// Where a module_registration_response comes from: a file, or the partner's endpoint asked the way
// mParticle asks (a module_registration_request, without authentication: DOCS-OUT says registration must
// not need it). Error codes: "registration.unreadable", "registration.not-json",
// "registration.wrong-type" (JSON, but not a module_registration_response), "registration.fetch-failed".

// Parses and checks the type only; the review is reviewRegistration()'s job.
std::expected<protocol::Json, Error> parseRegistration(std::string_view bytes);
std::expected<protocol::Json, Error> loadRegistrationFile(const std::filesystem::path &path);

// {"type":"module_registration_request","id":<random UUID>,"timestamp_ms":<now>}, as DOCS-FH shows it.
protocol::Json registrationRequest();

struct RegistrationFetchOptions
{
    std::chrono::milliseconds timeout{5000};
    std::string caFile;    // a CA bundle to trust instead of the system's (a self-signed test server)
    bool verifyTls = true;
};

// Blocking: POSTs a registrationRequest() with transport::HttpSender (mParticle's retries) and returns the
// answer when it is a 200/202 with a module_registration_response.
std::expected<protocol::Json, Error> fetchRegistration(const std::string &url, const RegistrationFetchOptions &options = {});

} // namespace fhw::submission
