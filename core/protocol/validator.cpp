#include "validator.h"

#include "findingrules.h"
#include "registrationreview.h"
#include "schema_p.h"
#include "walker_p.h"

namespace fhw::protocol {

namespace {

std::string lowered(std::string text)
{
    for (char &c : text)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

void add(Findings &out, Profile profile, std::string pointer, std::string_view code, std::string message)
{
    if (const auto severity = severityOf(code, profile))
        out.push_back(Finding{*severity, std::move(pointer), std::string(code), std::move(message)});
}

} // namespace

Validator::Validator(Profile profile)
    : m_profile(profile)
{
}

std::optional<MessageType> Validator::detectType(const Json &message)
{
    if (!message.is_object())
        return std::nullopt;
    const auto type = message.find("type");
    if (type == message.end() || !type->is_string())
        return std::nullopt;
    return messageTypeFromWireName(type->get_ref<const std::string &>());
}

Findings Validator::validate(const Json &message) const
{
    return run(message, std::nullopt);
}

Findings Validator::validate(const Json &message, MessageType expected) const
{
    return run(message, expected);
}

Findings Validator::validateBytes(std::string_view bytes, const ParseOptions &options) const
{
    auto parsed = parseJson(bytes, options);
    if (!parsed) {
        Findings out;
        add(out, m_profile, "", parsed.error().code, parsed.error().message);
        return out;
    }
    return validate(*parsed);
}

Findings Validator::run(const Json &message, std::optional<MessageType> expected) const
{
    Findings out;
    if (!message.is_object()) {
        add(out, m_profile, "", "json.not-object",
            "a Firehose message is a JSON object, found " + std::string(schema::jsonTypeName(message)));
        return out;
    }
    const auto type = message.find("type");
    if (type == message.end() || type->is_null()) {
        add(out, m_profile, "/type", "envelope.missing-type",
            "no 'type': a Firehose message names its type, e.g. \"event_processing_request\"");
        return out;
    }
    if (!type->is_string()) {
        add(out, m_profile, "/type", "envelope.unknown-type",
            "'type' must be a string, found " + std::string(schema::jsonTypeName(*type)));
        return out;
    }
    const auto &name = type->get_ref<const std::string &>();
    const auto detected = messageTypeFromWireName(name);
    if (!detected) {
        std::string text = "'" + name + "' is not a Firehose message type";
        if (messageTypeFromWireName(lowered(name)))
            text += "; types are lower-case: '" + lowered(name) + "'";
        add(out, m_profile, "/type", "envelope.unknown-type", std::move(text));
        return out;
    }
    if (expected && *expected != *detected) {
        add(out, m_profile, "/type", "message.unexpected-type",
            "expected " + std::string(wireName(*expected)) + ", got " + name);
    }

    schema::Walker walker(m_profile, out);
    walker.walkObject(message, schema::messageSpec(*detected));

    if (*detected == MessageType::ModuleRegistrationResponse) {
        Findings review = RegistrationReview(m_profile).review(message);
        out.insert(out.end(), std::make_move_iterator(review.begin()), std::make_move_iterator(review.end()));
    }
    return out;
}

} // namespace fhw::protocol
