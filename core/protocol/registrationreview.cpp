#include "registrationreview.h"

#include "findingrules.h"

#include <algorithm>
#include <array>
#include <regex>
#include <set>

namespace fhw::protocol {

namespace {

constexpr std::size_t maxDescriptionLength = 230; // DOCS-FH: "fewer than 230 characters"

class Reporter
{
public:
    Reporter(Profile profile, Findings &out)
        : m_profile(profile)
        , m_out(out)
    {
    }
    void operator()(std::string pointer, std::string_view code, std::string message)
    {
        if (const auto severity = severityOf(code, m_profile))
            m_out.push_back(Finding{*severity, std::move(pointer), std::string(code), std::move(message)});
    }

private:
    Profile m_profile;
    Findings &m_out;
};

std::string lowered(std::string_view text)
{
    std::string out(text);
    for (char &c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool isBlank(const std::string &text)
{
    return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

// The string at key, or nullptr when absent or not a string.
const std::string *stringAt(const Json &object, std::string_view key)
{
    if (!object.is_object())
        return nullptr;
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? &it->get_ref<const std::string &>() : nullptr;
}

const Json *objectAt(const Json &object, std::string_view key)
{
    if (!object.is_object())
        return nullptr;
    const auto it = object.find(key);
    return it != object.end() && it->is_object() ? &*it : nullptr;
}

const Json *arrayAt(const Json &object, std::string_view key)
{
    if (!object.is_object())
        return nullptr;
    const auto it = object.find(key);
    return it != object.end() && it->is_array() ? &*it : nullptr;
}

std::size_t utf8Length(const std::string &text)
{
    return static_cast<std::size_t>(std::ranges::count_if(text, [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

bool containsAny(const std::string &haystack, std::span<const std::string_view> needles)
{
    return std::ranges::any_of(needles, [&](std::string_view n) { return haystack.find(n) != std::string::npos; });
}

bool isPartnerIdentityName(const std::string &name)
{
    if (name == "$cookie_sync_id")
        return true;
    const auto underscore = name.find('_');
    if (underscore == std::string::npos || underscore == 0 || underscore + 1 == name.size())
        return false;
    // PartnerName_IdentityName: the partner part starts with a capital or is a brand like mParticle.
    return std::ranges::all_of(name, [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; })
           && std::isalpha(static_cast<unsigned char>(name[0]))
           && std::ranges::any_of(name.substr(0, underscore), [](char c) { return std::isupper(static_cast<unsigned char>(c)); });
}

bool supports(const Json *eventRegistration, std::string_view eventType)
{
    const Json *types = eventRegistration ? arrayAt(*eventRegistration, "supported_event_types") : nullptr;
    return types && std::ranges::any_of(*types, [&](const Json &t) { return t.is_string() && t == eventType; });
}

void reviewOAuth(const Json &registration, const std::string &base, Reporter &report)
{
    const Json *auth = objectAt(registration, "authentication");
    if (!auth)
        return;
    const std::string pointer = base + "/authentication";
    for (std::string_view key : {"authorization_url", "token_url", "client_id"}) {
        const std::string *value = stringAt(*auth, key);
        if (!value || isBlank(*value)) {
            std::string message = "OAuth2 needs '" + std::string(key) + "'";
            if (key == "client_id")
                message += " (the documentation requires it; the Java SDK does not enforce it)";
            report(pointer + "/" + std::string(key), "registration.oauth-missing-field", std::move(message));
        }
    }
    for (std::string_view key : {"authorization_url", "token_url", "refresh_url"}) {
        const std::string *value = stringAt(*auth, key);
        if (value && !isBlank(*value) && !value->starts_with("https://")) {
            report(pointer + "/" + std::string(key), "registration.oauth-url-invalid",
                   "'" + *value + "' is not an absolute https:// URL");
        }
    }
    const std::string *tokenType = stringAt(*auth, "access_token_type");
    const std::string *headerName = stringAt(*auth, "custom_header_name");
    if (tokenType && *tokenType == "custom_header" && (!headerName || isBlank(*headerName))) {
        report(pointer + "/custom_header_name", "registration.oauth-custom-header-name",
               "access_token_type 'custom_header' needs custom_header_name: the header mParticle puts the token in");
    }
}

void reviewSettings(const Json &registration, std::string_view key, const std::string &base, Reporter &report)
{
    const Json *list = arrayAt(registration, key);
    if (!list)
        return;
    static constexpr std::array markup{std::string_view("**"), std::string_view("__"), std::string_view("]("),
                                       std::string_view("http://"), std::string_view("https://"),
                                       std::string_view("www."), std::string_view("<a "), std::string_view("`")};
    static constexpr std::array secretWords{std::string_view("key"), std::string_view("secret"),
                                            std::string_view("token"), std::string_view("password")};
    std::set<std::string> ids;
    for (std::size_t i = 0; i < list->size(); ++i) {
        const Json &setting = (*list)[i];
        const std::string pointer = base + "/" + std::string(key) + "/" + std::to_string(i);
        if (!setting.is_object())
            continue;
        const std::string *id = stringAt(setting, "id");
        if (!id || isBlank(*id)) {
            report(pointer + "/id", "registration.setting-id-empty",
                   "a setting needs a non-empty id: its value comes back under this key");
        } else if (!ids.insert(*id).second) {
            report(pointer + "/id", "registration.setting-id-duplicate",
                   "the id '" + *id + "' is used twice in " + std::string(key));
        }
        const std::string *name = stringAt(setting, "name");
        if (!name || isBlank(*name))
            report(pointer + "/name", "registration.setting-name-empty", "a setting needs a name: the label users see");
        const std::string *description = stringAt(setting, "description");
        if (description && (containsAny(*description, markup) || description->starts_with('#'))) {
            report(pointer + "/description", "registration.setting-description-markup",
                   "setting descriptions are tooltips: keep them short, without markdown or links");
        }
        const std::string *type = stringAt(setting, "type");
        const std::string label = lowered((id ? *id : std::string()) + " " + (name ? *name : std::string()));
        const auto confidential = setting.find("confidential");
        const bool isConfidential = confidential != setting.end() && confidential->is_boolean() && confidential->get<bool>();
        if (type && *type == "text" && containsAny(label, secretWords) && !isConfidential) {
            report(pointer + "/confidential", "registration.setting-secret-not-confidential",
                   "this looks like a secret: mark it confidential (masked in the UI) and required");
        }
    }
}

} // namespace

RegistrationReview::RegistrationReview(Profile profile)
    : m_profile(profile)
{
}

Findings RegistrationReview::review(const Json &response) const
{
    Findings out;
    Reporter report(m_profile, out);
    if (!response.is_object())
        return out;

    const std::string *name = stringAt(response, "name");
    if (!name || isBlank(*name))
        report("/name", "registration.name-empty", "the integration needs a display name ('name')");
    const std::string *version = stringAt(response, "version");
    if (!version || isBlank(*version))
        report("/version", "registration.version-empty", "the integration needs a version ('version')");

    const std::string *description = stringAt(response, "description");
    if (!description || isBlank(*description)) {
        report("/description", "registration.description-missing",
               "no description: it is shown in mParticle's directory and on its docs and marketing sites");
    } else {
        const std::size_t length = utf8Length(*description);
        if (length >= maxDescriptionLength) {
            report("/description", "registration.description-too-long",
                   "the description has " + std::to_string(length) + " characters; it must have fewer than 230");
        }
        static constexpr std::array unsafe{std::string_view("<script"), std::string_view("javascript:"),
                                           std::string_view("<iframe"), std::string_view("<img"),
                                           std::string_view("<style"), std::string_view("<link"),
                                           std::string_view("<object"), std::string_view("<embed"),
                                           std::string_view("src="), std::string_view("style=")};
        static const std::regex eventHandler(R"(<[^>]*\son[a-z]+\s*=)");
        const std::string lower = lowered(*description);
        if (containsAny(lower, unsafe) || std::regex_search(lower, eventHandler)) {
            report("/description", "registration.description-unsafe-html",
                   "only simple inline HTML (links, emphasis) is allowed: no scripts, event handlers, styles or "
                   "remote content");
        }
    }

    const Json *events = objectAt(response, "event_processing_registration");
    const Json *audiences = objectAt(response, "audience_processing_registration");
    const Json *dsr = objectAt(response, "dsr_processing_registration");
    if (!events && !audiences && !dsr) {
        report("", "registration.no-capability",
               "no event_processing_registration, audience_processing_registration or dsr_processing_registration: "
               "mParticle would send this integration nothing");
    }

    const Json *permissions = objectAt(response, "permissions");
    if (const Json *partners = permissions ? arrayAt(*permissions, "partner_identities") : nullptr) {
        if (partners->size() > 1) {
            report("/permissions/partner_identities", "registration.partner-identity-count",
                   "only one partner identity permission may be registered (and it can never be renamed or removed); "
                   "found " + std::to_string(partners->size()));
        }
        for (std::size_t i = 0; i < partners->size(); ++i) {
            const std::string *type = stringAt((*partners)[i], "type");
            if (type && !type->empty() && !isPartnerIdentityName(*type)) {
                report("/permissions/partner_identities/" + std::to_string(i) + "/type",
                       "registration.partner-identity-name",
                       "'" + *type + "' does not follow PartnerName_IdentityName (e.g. 'mParticle_mpid'), nor is it "
                       "'$cookie_sync_id'");
            }
        }
    }

    if (events) {
        const std::string base = "/event_processing_registration";
        const std::string *provider = stringAt(*events, "push_messaging_provider_id");
        if (supports(events, "push_message_receipt") && (!provider || isBlank(*provider))) {
            report(base + "/push_messaging_provider_id", "registration.push-provider-missing",
                   "push_message_receipt is supported, so push_messaging_provider_id is required: mParticle forwards "
                   "only receipts whose payload carries it");
        }
        const auto allow = permissions ? permissions->find("allow_user_attributes") : Json::const_iterator();
        const bool allowed = permissions && allow != permissions->end() && allow->is_boolean() && allow->get<bool>();
        if (supports(events, "user_attribute_change") && !allowed) {
            report("/permissions/allow_user_attributes", "registration.user-attributes-permission",
                   "user_attribute_change events are delivered only with allow_user_attributes: true");
        }
        const auto age = events->find("max_data_age_hours");
        if (age != events->end() && age->is_number_integer()) {
            const auto hours = age->get<std::int64_t>();
            if (hours < 1 && hours != -1) {
                report(base + "/max_data_age_hours", "registration.max-data-age",
                       "max_data_age_hours is " + std::to_string(hours) + "; use 1 or more, or -1 for no age limit");
            }
        }
        reviewOAuth(*events, base, report);
        reviewSettings(*events, "account_settings", base, report);
        reviewSettings(*events, "event_connection_settings", base, report);
    }
    if (audiences) {
        const std::string base = "/audience_processing_registration";
        reviewOAuth(*audiences, base, report);
        reviewSettings(*audiences, "account_settings", base, report);
        reviewSettings(*audiences, "audience_subscription_settings", base, report);
    }
    if (dsr)
        reviewSettings(*dsr, "account_settings", "/dsr_processing_registration", report);
    return out;
}

} // namespace fhw::protocol
