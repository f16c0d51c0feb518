#include "registrationsource.h"

#include "protocol/messagetype.h"
#include "protocol/parse.h"
#include "protocol/validator.h"
#include "transport/httpsender.h"

#include <QDateTime>
#include <QUuid>

#include <algorithm>

namespace fhw::submission {

using protocol::Json;

namespace {

constexpr std::size_t maxRegistrationBytes = 4 * 1024 * 1024; // a registration is a few KB

} // namespace

std::expected<Json, Error> parseRegistration(std::string_view bytes)
{
    auto parsed = protocol::parseJson(bytes, protocol::ParseOptions{.maxBytes = maxRegistrationBytes});
    if (!parsed)
        return std::unexpected(Error{"registration.not-json", "not JSON: " + parsed.error().message});
    if (protocol::Validator::detectType(*parsed) != protocol::MessageType::ModuleRegistrationResponse) {
        const auto type = parsed->is_object() ? parsed->find("type") : parsed->end();
        const std::string found = parsed->is_object() && type != parsed->end() && type->is_string()
                                      ? "'" + type->get<std::string>() + "'"
                                      : std::string("no type");
        return std::unexpected(
            Error{"registration.wrong-type", "not a module_registration_response (" + found + ")"});
    }
    return std::move(*parsed);
}

std::expected<Json, Error> loadRegistrationFile(const std::filesystem::path &path)
{
    auto bytes = protocol::readFileCapped(path, maxRegistrationBytes);
    if (!bytes)
        return std::unexpected(Error{"registration.unreadable", bytes.error().message});
    auto registration = parseRegistration(*bytes);
    if (!registration)
        return std::unexpected(Error{registration.error().code, path.string() + ": " + registration.error().message});
    return registration;
}

Json registrationRequest()
{
    Json request = Json::object();
    request["type"] = "module_registration_request";
    request["id"] = QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString();
    request["timestamp_ms"] = QDateTime::currentMSecsSinceEpoch();
    return request;
}

std::expected<Json, Error> fetchRegistration(const std::string &url, const RegistrationFetchOptions &options)
{
    transport::SendRequest request;
    request.target.url = url;
    request.type = protocol::MessageType::ModuleRegistrationRequest;
    request.body = registrationRequest().dump();
    request.options.authOnRegistration = false; // and no token at all
    request.options.totalTimeout = options.timeout;
    request.options.connectTimeout = std::min(request.options.connectTimeout, options.timeout);
    request.options.caFile = options.caFile;
    request.options.verifyTls = options.verifyTls;
    request.options.maxResponseBytes = maxRegistrationBytes;

    transport::HttpSender sender;
    const transport::SendResult result = sender.send(std::move(request)).get();
    const transport::Attempt *last = result.last();
    if (result.verdict != transport::Verdict::Success || !last) {
        return std::unexpected(Error{"registration.fetch-failed", url + ": " + result.summary});
    }
    if (last->bodyTruncated)
        return std::unexpected(Error{"registration.fetch-failed", url + ": the answer is larger than 4 MB"});
    auto registration = parseRegistration(last->body);
    if (!registration)
        return std::unexpected(Error{registration.error().code, url + " answered: " + registration.error().message});
    return registration;
}

} // namespace fhw::submission
