#include "registrationexport.h"

#include "htmlsanitizer.h"
#include "jsonaccess_p.h"
#include "registrationsummary_p.h"

#include "protocol/messagetype.h"
#include "protocol/validator.h"

#include <algorithm>

namespace fhw::submission {

using detail::Block;
using protocol::Json;

protocol::Findings reviewRegistration(const Json &registration)
{
    return protocol::Validator(protocol::Profile::Strict)
        .validate(registration, protocol::MessageType::ModuleRegistrationResponse);
}

std::string registrationJsonText(const Json &registration)
{
    // Invalid UTF-8 cannot come from our parser, but a caller may build the document itself.
    return registration.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

namespace {

// A fence longer than any run of backticks in the text, so the text cannot end the block.
std::string fenceFor(std::string_view text)
{
    std::size_t longest = 0, run = 0;
    for (char c : text) {
        run = c == '`' ? run + 1 : 0;
        longest = std::max(longest, run);
    }
    return std::string(std::max<std::size_t>(3, longest + 1), '`');
}

std::string markdownCell(const std::string &text)
{
    return text.empty() ? std::string(" ") : escapeMarkdown(text);
}

std::string markdownBlock(const Block &block)
{
    switch (block.kind) {
    case Block::Kind::Heading:
        return std::string(std::size_t(block.level), '#') + " " + escapeMarkdown(block.text) + "\n";
    case Block::Kind::Paragraph:
        return escapeMarkdown(block.text, true) + "\n";
    case Block::Kind::Bullets: {
        std::string out;
        for (const std::string &item : block.items)
            out += "- " + escapeMarkdown(item, true) + "\n";
        return out;
    }
    case Block::Kind::Table: {
        std::string out = "|";
        for (const std::string &cell : block.header)
            out += " " + markdownCell(cell) + " |";
        out += "\n|";
        for (std::size_t i = 0; i < block.header.size(); ++i)
            out += " --- |";
        out += "\n";
        for (const auto &row : block.rows) {
            out += "|";
            for (const std::string &cell : row)
                out += " " + markdownCell(cell) + " |";
            out += "\n";
        }
        return out;
    }
    case Block::Kind::Description:
        return toMarkdown(block.description) + "\n";
    case Block::Kind::Preformatted: {
        const std::string fence = fenceFor(block.text);
        return fence + "text\n" + block.text + (block.text.ends_with('\n') ? "" : "\n") + fence + "\n";
    }
    }
    return {};
}

std::string htmlBlock(const Block &block)
{
    switch (block.kind) {
    case Block::Kind::Heading: {
        const std::string tag = "h" + std::to_string(std::clamp(block.level, 1, 3));
        return "<" + tag + ">" + escapeHtml(block.text) + "</" + tag + ">\n";
    }
    case Block::Kind::Paragraph:
        return "<p>" + escapeHtml(block.text) + "</p>\n";
    case Block::Kind::Bullets: {
        std::string out = "<ul>\n";
        for (const std::string &item : block.items)
            out += "<li>" + escapeHtml(item) + "</li>\n";
        return out + "</ul>\n";
    }
    case Block::Kind::Table: {
        std::string out = "<table>\n<thead><tr>";
        for (const std::string &cell : block.header)
            out += "<th>" + escapeHtml(cell) + "</th>";
        out += "</tr></thead>\n<tbody>\n";
        for (const auto &row : block.rows) {
            out += "<tr>";
            for (const std::string &cell : row)
                out += "<td>" + escapeHtml(cell) + "</td>";
            out += "</tr>\n";
        }
        return out + "</tbody>\n</table>\n";
    }
    case Block::Kind::Description:
        return "<div class=\"description\">" + toHtml(block.description) + "</div>\n";
    case Block::Kind::Preformatted:
        return "<pre>" + escapeHtml(block.text) + "</pre>\n";
    }
    return {};
}

constexpr std::string_view pageStyle = R"(body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a;line-height:1.45}
table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.92rem}
th,td{border:1px solid #c8c8c8;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f0f0f0}
.description{border-left:4px solid #5b7bd5;padding:.25rem 1rem;background:#f7f8fc}
pre{background:#f4f4f4;padding:.5rem;white-space:pre-wrap;word-break:break-all}
footer{margin-top:2rem;color:#666;font-size:.85rem})";

} // namespace

std::string registrationMarkdown(const Json &registration, const protocol::Findings &findings)
{
    std::string out;
    for (const Block &block : detail::summaryBlocks(registration, findings)) {
        if (!out.empty())
            out += "\n";
        out += markdownBlock(block);
    }
    return out + "\n---\n\nA summary of the module_registration_response, written by Firehose Workbench " FHW_VERSION ".\n";
}

std::string registrationHtml(const Json &registration, const protocol::Findings &findings)
{
    const std::string name = detail::stringAt(registration, "name");
    std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                      "<meta http-equiv=\"Content-Security-Policy\" content=\"";
    out += summaryContentSecurityPolicy;
    out += "\">\n<meta name=\"referrer\" content=\"no-referrer\">\n<title>";
    out += escapeHtml(name.empty() ? std::string("(no name)") : name);
    out += " — Firehose registration</title>\n<style>\n";
    out += pageStyle;
    out += "\n</style>\n</head>\n<body>\n";
    for (const Block &block : detail::summaryBlocks(registration, findings))
        out += htmlBlock(block);
    out += "<footer>A summary of the module_registration_response, written by Firehose Workbench " FHW_VERSION
           ".</footer>\n</body>\n</html>\n";
    return out;
}

std::optional<ExportFormat> exportFormatFromName(std::string_view name)
{
    if (name == "json")
        return ExportFormat::Json;
    if (name == "md" || name == "markdown")
        return ExportFormat::Markdown;
    if (name == "html")
        return ExportFormat::Html;
    return std::nullopt;
}

std::string exportRegistration(const Json &registration, ExportFormat format, const protocol::Findings &findings)
{
    switch (format) {
    case ExportFormat::Json: return registrationJsonText(registration);
    case ExportFormat::Markdown: return registrationMarkdown(registration, findings);
    case ExportFormat::Html: return registrationHtml(registration, findings);
    }
    return {};
}

} // namespace fhw::submission
