// What a registration lets the integration receive, in plain words (registrationexport.h).

#include "registrationexport.h"

#include "jsonaccess_p.h"
#include "registrationwords_p.h"

#include <array>
#include <utility>

namespace fhw::submission {

using namespace detail;
using protocol::Json;

namespace {

// PROTOCOL.md §2.1, in the order of the Java model.
constexpr std::array<std::pair<std::string_view, std::string_view>, 11> flagWords{{
    {"allow_access_location", "the location attached to events (latitude, longitude, accuracy)"},
    {"allow_access_ip_address", "the client IP address"},
    {"allow_access_device_application_stamp", "the device application stamp (one ID per app install on a device)"},
    {"allow_device_info", "device information (model, OS version, screen, carrier …)"},
    {"allow_user_attributes", "user attributes and attribute lists, and user attribute change events"},
    {"allow_consent_state", "the user's consent state (GDPR and CCPA)"},
    {"allow_audience_user_attributes", "user attributes with audience membership changes"},
    {"allow_access_http_user_agent", "the browser's HTTP User-Agent"},
    {"allow_access_mpid", "mParticle's user ID (MPID)"},
    {"allow_platform_fields", "platform-specific fields"},
    {"allow_eventless_batches", "batches that carry no events"},
}};

std::string identityList(const Json &permissions, std::string_view key, std::vector<std::string> &required)
{
    std::vector<std::string> items;
    if (const Json *list = arrayAt(permissions, key)) {
        for (const Json &identity : *list) {
            const std::string type = stringAt(identity, "type");
            const std::string encoding = stringAt(identity, "encoding");
            std::string item = identityWords(type);
            if (encoding == "raw" || encoding.empty())
                item += " (as is)";
            else
                item += " (" + encodingWords(encoding) + " of the trimmed, lower-cased value)";
            items.push_back(std::move(item));
            if (boolAt(identity, "required"))
                required.push_back(identityWords(type));
        }
    }
    return joinWords(items);
}

std::vector<std::string> stringsAt(const Json &object, std::string_view key)
{
    std::vector<std::string> out;
    if (const Json *list = arrayAt(object, key)) {
        for (const Json &item : *list) {
            if (item.is_string())
                out.push_back(item.get<std::string>());
        }
    }
    return out;
}

void describeEvents(const Json &events, std::vector<std::string> &out)
{
    std::vector<std::string> types;
    bool pushReceipts = false;
    for (const std::string &type : stringsAt(events, "supported_event_types")) {
        types.push_back(eventTypeWords(type));
        pushReceipts = pushReceipts || type == "push_message_receipt";
    }
    if (types.empty())
        out.push_back("Event batches with no events of any type (no event types are registered).");
    else
        out.push_back("Events of these types: " + joinWords(types) + ".");

    std::vector<std::string> platforms;
    for (const std::string &runtime : stringsAt(events, "supported_runtime_environments"))
        platforms.push_back(runtimeWords(runtime));
    out.push_back(platforms.empty() ? std::string("From no platform: no runtime environments are registered.")
                                    : "Only from these platforms: " + joinWords(platforms) + ".");

    const Json *age = memberAt(events, "max_data_age_hours");
    const long long hours = age && age->is_number_integer() ? age->get<long long>() : 24;
    if (hours == -1)
        out.push_back("Data of any age, historical data included (max_data_age_hours is -1).");
    else
        out.push_back("Data up to " + std::to_string(hours) + " hours old; older data is not forwarded.");

    std::vector<std::string> notifications;
    for (const std::string &type : stringsAt(events, "supported_system_notification_types"))
        notifications.push_back(notificationWords(type));
    if (!notifications.empty())
        out.push_back("System notifications: " + joinWords(notifications) + ".");
    if (pushReceipts) {
        const std::string provider = stringAt(events, "push_messaging_provider_id");
        out.push_back(provider.empty() ? std::string("Push message receipts: none will arrive, because no "
                                                     "push_messaging_provider_id is registered.")
                                       : "Push message receipts only when their payload carries the provider id '"
                                             + provider + "'.");
    }
    if (objectAt(events, "authentication"))
        out.push_back("An OAuth2 access token per event connection, obtained by mParticle.");
}

} // namespace

std::vector<PermissionFlag> permissionFlags(const Json &registration)
{
    const Json *permissions = objectAt(registration, "permissions");
    std::vector<PermissionFlag> flags;
    for (const auto &[key, words] : flagWords)
        flags.push_back({std::string(key), std::string(words), permissions && boolAt(*permissions, key)});
    return flags;
}

std::vector<std::string> dataReceivedInPlainWords(const Json &registration)
{
    std::vector<std::string> out;
    const Json *events = objectAt(registration, "event_processing_registration");
    const Json *audiences = objectAt(registration, "audience_processing_registration");
    const Json *dsr = objectAt(registration, "dsr_processing_registration");
    if (!events && !audiences && !dsr)
        return {"Nothing: the registration has no event, audience or DSR part."};

    if (events)
        describeEvents(*events, out);
    if (audiences) {
        const Json *permissions = objectAt(registration, "permissions");
        std::string sentence = "Audience membership changes: users added to and removed from the audiences a customer "
                               "connects";
        if (permissions && boolAt(*permissions, "allow_audience_user_attributes"))
            sentence += ", with their user attributes";
        out.push_back(sentence + ".");
        if (const Json *bulk = objectAt(*audiences, "bulk_configuration")) {
            const std::string messages = scalarAt(*bulk, "bulk_forward_wait_for_messages");
            const std::string minutes = scalarAt(*bulk, "bulk_forward_wait_in_minutes");
            if (!messages.empty() || !minutes.empty()) {
                out.push_back("Audience changes in bulk: mParticle waits for " + (messages.empty() ? "?" : messages)
                              + " messages or " + (minutes.empty() ? "?" : minutes)
                              + " minutes, whichever comes first.");
            }
        }
        if (objectAt(*audiences, "authentication"))
            out.push_back("An OAuth2 access token per audience connection, obtained by mParticle.");
    }
    if (dsr) {
        std::vector<std::string> types = stringsAt(*dsr, "supported_dsr_types");
        out.push_back("Data subject requests (" + (types.empty() ? std::string("none registered") : joinWords(types))
                      + ") naming the users to act on.");
    }

    const Json *permissions = objectAt(registration, "permissions");
    const Json none = Json::object();
    const Json &granted = permissions ? *permissions : none;
    std::vector<std::string> required;
    const std::string users = identityList(granted, "user_identities", required);
    const std::string devices = identityList(granted, "device_identities", required);
    const std::string partners = identityList(granted, "partner_identities", required);
    if (!users.empty())
        out.push_back("User identities: " + users + ".");
    if (!devices.empty())
        out.push_back("Device identities: " + devices + ".");
    if (!partners.empty())
        out.push_back("Partner identity: " + partners + ".");
    if (users.empty() && devices.empty() && partners.empty())
        out.push_back("No identities: none are requested.");
    if (!required.empty()) {
        out.push_back("Only users who have at least one of these identities are sent: " + joinWords(required) + ".");
    }

    std::vector<std::string> withheld;
    for (const PermissionFlag &flag : permissionFlags(registration)) {
        if (flag.granted)
            out.push_back("Also " + flag.words + ".");
        else
            withheld.push_back(flag.words);
    }
    if (!withheld.empty())
        out.push_back("Not shared (not requested): " + joinWords(withheld) + ".");
    return out;
}

} // namespace fhw::submission
