#include "registrationsummary_p.h"

#include "jsonaccess_p.h"
#include "registrationexport.h"
#include "registrationwords_p.h"

#include <array>

namespace fhw::submission::detail {

using protocol::Json;

namespace {

constexpr std::size_t maxDescriptionLength = 230; // DOCS-FH: "fewer than 230 characters"

class Document
{
public:
    void heading(int level, std::string text)
    {
        Block &block = add(Block::Kind::Heading);
        block.level = level;
        block.text = std::move(text);
    }
    void paragraph(std::string text) { add(Block::Kind::Paragraph).text = std::move(text); }
    void bullets(std::vector<std::string> items) { add(Block::Kind::Bullets).items = std::move(items); }
    void table(std::vector<std::string> header, std::vector<std::vector<std::string>> rows)
    {
        Block &block = add(Block::Kind::Table);
        block.header = std::move(header);
        block.rows = std::move(rows);
    }
    void description(SanitizedHtml html) { add(Block::Kind::Description).description = std::move(html); }
    void preformatted(std::string text) { add(Block::Kind::Preformatted).text = std::move(text); }
    std::vector<Block> take() { return std::move(m_blocks); }

private:
    Block &add(Block::Kind kind)
    {
        m_blocks.emplace_back();
        m_blocks.back().kind = kind;
        return m_blocks.back();
    }
    std::vector<Block> m_blocks;
};

std::string yesNo(bool value)
{
    return value ? "yes" : "no";
}

// UTF-8 characters, as people (and mParticle's form) count them.
std::size_t characterCount(std::string_view text)
{
    std::size_t count = 0;
    for (char c : text)
        count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return count;
}

std::string wordList(const Json &object, std::string_view key, std::string (*words)(std::string_view))
{
    std::vector<std::string> out;
    if (const Json *list = arrayAt(object, key)) {
        for (const Json &item : *list) {
            if (item.is_string())
                out.push_back(words(item.get_ref<const std::string &>()) + " (" + item.get<std::string>() + ")");
        }
    }
    return out.empty() ? std::string("none") : joinWords(out);
}

void settingsTable(Document &doc, const Json &part, std::string_view key, std::string title)
{
    const Json *settings = arrayAt(part, key);
    if (!settings)
        return;
    doc.heading(3, std::move(title) + " (" + std::string(key) + ")");
    if (settings->empty()) {
        doc.paragraph("None.");
        return;
    }
    std::vector<std::vector<std::string>> rows;
    for (const Json &setting : *settings) {
        const bool confidential = boolAt(setting, "confidential");
        std::string defaultValue = scalarAt(setting, "default_value");
        if (confidential && !defaultValue.empty())
            defaultValue = "(set, confidential: not shown)";
        if (const Json *checked = memberAt(setting, "checked"); checked && checked->is_boolean())
            defaultValue += std::string(defaultValue.empty() ? "" : "; ") + (checked->get<bool>() ? "starts ticked" : "starts unticked");
        const std::string min = scalarAt(setting, "min_value");
        const std::string max = scalarAt(setting, "max_value");
        const std::string range = min.empty() && max.empty() ? std::string() : (min.empty() ? "…" : min) + " to " + (max.empty() ? "…" : max);
        rows.push_back({stringAt(setting, "id"), stringAt(setting, "name"), stringAt(setting, "type"),
                        yesNo(boolAt(setting, "required")), yesNo(confidential), yesNo(boolAt(setting, "visible", true)),
                        defaultValue, range, stringAt(setting, "description")});
    }
    doc.table({"ID", "Name", "Type", "Required", "Confidential", "Visible", "Default", "Range", "Description"},
              std::move(rows));
}

void oauthSection(Document &doc, const Json &part, std::string title)
{
    const Json *oauth = objectAt(part, "authentication");
    if (!oauth)
        return;
    doc.heading(3, std::move(title));
    std::vector<std::vector<std::string>> rows;
    static constexpr std::array keys{"type", "authorization_url", "token_url", "refresh_url", "grant_type",
                                     "client_id", "access_token_type", "custom_header_name", "default_expires_in",
                                     "param_client_id_name", "param_secret_name"};
    for (const char *key : keys) {
        if (const std::string value = scalarAt(*oauth, key); !value.empty())
            rows.push_back({key, value});
    }
    if (const Json *scopes = arrayAt(*oauth, "scopes")) {
        std::vector<std::string> names;
        for (const Json &scope : *scopes)
            names.push_back(stringAt(scope, "name") + " (" + stringAt(scope, "description") + ")");
        rows.push_back({"scopes", names.empty() ? std::string("none") : joinWords(names)});
    }
    doc.table({"Field", "Value"}, std::move(rows));
}

void identitiesTable(Document &doc, const Json *permissions)
{
    std::vector<std::vector<std::string>> rows;
    static constexpr std::array<std::pair<const char *, const char *>, 3> kinds{
        {{"user_identities", "user"}, {"device_identities", "device"}, {"partner_identities", "partner"}}};
    for (const auto &[key, kind] : kinds) {
        const Json *list = permissions ? arrayAt(*permissions, key) : nullptr;
        for (const Json &identity : list ? *list : Json::array()) {
            const std::string type = stringAt(identity, "type");
            const std::string encoding = stringAt(identity, "encoding");
            rows.push_back({kind, type, identityWords(type), encoding + " (" + encodingWords(encoding) + ")",
                            yesNo(boolAt(identity, "required"))});
        }
    }
    doc.heading(3, "Identities");
    if (rows.empty())
        doc.paragraph("None requested.");
    else
        doc.table({"Kind", "Identity", "In words", "Encoding", "Required"}, std::move(rows));
}

void permissionsSection(Document &doc, const Json &registration)
{
    doc.heading(2, "Permissions");
    identitiesTable(doc, objectAt(registration, "permissions"));
    doc.heading(3, "Access");
    std::vector<std::vector<std::string>> rows;
    for (const PermissionFlag &flag : permissionFlags(registration))
        rows.push_back({flag.key, flag.words, flag.granted ? "granted" : "not requested"});
    doc.table({"Flag", "Gives access to", "Requested"}, std::move(rows));
}

void eventSection(Document &doc, const Json &events)
{
    doc.heading(2, "Event processing");
    const Json *age = memberAt(events, "max_data_age_hours");
    std::string ageText = age && age->is_number_integer() ? age->dump() : std::string("24 (the default)");
    if (ageText == "-1")
        ageText = "-1 (no age limit)";
    const std::string provider = stringAt(events, "push_messaging_provider_id");
    doc.bullets({"Event types: " + wordList(events, "supported_event_types", eventTypeWords),
                 "Runtime environments: " + wordList(events, "supported_runtime_environments", runtimeWords),
                 "System notifications: " + wordList(events, "supported_system_notification_types", notificationWords),
                 "max_data_age_hours: " + ageText,
                 "Push messaging provider id: " + (provider.empty() ? std::string("none") : provider)});
    settingsTable(doc, events, "account_settings", "Event account settings");
    settingsTable(doc, events, "event_connection_settings", "Event connection settings");
    oauthSection(doc, events, "OAuth2 for event connections");
}

void audienceSection(Document &doc, const Json &audiences)
{
    doc.heading(2, "Audience processing");
    settingsTable(doc, audiences, "account_settings", "Audience account settings");
    settingsTable(doc, audiences, "audience_subscription_settings", "Audience subscription settings");
    oauthSection(doc, audiences, "OAuth2 for audience connections");
    if (const Json *bulk = objectAt(audiences, "bulk_configuration")) {
        doc.heading(3, "Bulk delivery (bulk_configuration)");
        doc.bullets({"bulk_forward_wait_for_messages: " + scalarAt(*bulk, "bulk_forward_wait_for_messages"),
                     "bulk_forward_wait_in_minutes: " + scalarAt(*bulk, "bulk_forward_wait_in_minutes")});
    }
}

void dsrSection(Document &doc, const Json &dsr)
{
    doc.heading(2, "Data subject requests (DSR)");
    std::vector<std::string> types;
    if (const Json *list = arrayAt(dsr, "supported_dsr_types")) {
        for (const Json &type : *list)
            types.push_back(scalarText(type));
    }
    const std::string domain = stringAt(dsr, "domain");
    doc.bullets({"Supported DSR types: " + (types.empty() ? std::string("none") : joinWords(types)),
                 "Callback domain: " + (domain.empty() ? std::string("none") : domain)});
    settingsTable(doc, dsr, "account_settings", "DSR account settings");
}

void reviewSection(Document &doc, const protocol::Findings &findings)
{
    doc.heading(2, "Registration review");
    if (findings.empty()) {
        doc.paragraph("No findings: the registration passes the review.");
        return;
    }
    int errors = 0, warnings = 0;
    std::vector<std::vector<std::string>> rows;
    for (const protocol::Finding &finding : findings) {
        errors += finding.severity == protocol::Severity::Error;
        warnings += finding.severity == protocol::Severity::Warning;
        rows.push_back({std::string(protocol::severityName(finding.severity)),
                        finding.pointer.empty() ? std::string("(root)") : finding.pointer, finding.code,
                        finding.message});
    }
    doc.paragraph(std::to_string(errors) + " error(s), " + std::to_string(warnings) + " warning(s), "
                  + std::to_string(findings.size() - std::size_t(errors + warnings)) + " note(s).");
    doc.table({"Severity", "Where", "Code", "Finding"}, std::move(rows));
}

} // namespace

std::vector<Block> summaryBlocks(const Json &registration, const protocol::Findings &findings)
{
    Document doc;
    const std::string name = stringAt(registration, "name");
    doc.heading(1, name.empty() ? std::string("(no name)") : name);
    doc.bullets({"Integration version: " + scalarAt(registration, "version"),
                 "Firehose version: " + scalarAt(registration, "firehose_version"),
                 "SDK version: " + scalarAt(registration, "sdk_version")});

    doc.heading(2, "Description");
    const std::string description = stringAt(registration, "description");
    if (description.empty()) {
        doc.paragraph("No description.");
    } else {
        SanitizedHtml html = sanitizeInlineHtml(description);
        const std::size_t length = characterCount(description);
        std::vector<std::string> notes = html.notes;
        doc.description(std::move(html));
        doc.paragraph(std::to_string(length) + " characters with markup (mParticle requires fewer than "
                      + std::to_string(maxDescriptionLength) + ").");
        if (!notes.empty()) {
            doc.paragraph("Shown safely; from the description as sent:");
            doc.bullets(std::move(notes));
            doc.preformatted(description);
        }
    }

    doc.heading(2, "What data the integration will receive");
    doc.bullets(dataReceivedInPlainWords(registration));

    permissionsSection(doc, registration);
    if (const Json *events = objectAt(registration, "event_processing_registration"))
        eventSection(doc, *events);
    if (const Json *audiences = objectAt(registration, "audience_processing_registration"))
        audienceSection(doc, *audiences);
    if (const Json *dsr = objectAt(registration, "dsr_processing_registration"))
        dsrSection(doc, *dsr);
    reviewSection(doc, findings);
    return doc.take();
}

} // namespace fhw::submission::detail
