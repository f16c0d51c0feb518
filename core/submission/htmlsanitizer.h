#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace fhw::submission {

// A registration description's inline HTML (DOCS-FH allows some), reduced to an allow-list so it can be
// shown to a reviewer without running or loading anything: a, b, strong, i, em, br, p, ul, ol, li, code.
// A link keeps only an http(s) href. Every other tag is shown as the text it was (escaped), so the reader
// sees what the partner sent; attributes other than href are dropped; comments and <!…> / <?…> go.
struct InlineNode
{
    enum class Kind { Text, Open, Close, LineBreak };
    Kind kind = Kind::Text;
    std::string text; // Text: the characters (entities decoded); Open/Close: the tag name, lower case
    std::string href; // Open/Close "a": the link (http or https only); empty = not a link, rendered as text
};

struct SanitizedHtml
{
    std::vector<InlineNode> nodes;  // balanced: every Open has its Close
    std::vector<std::string> notes; // what was escaped or dropped, in words, for the reviewer
};

SanitizedHtml sanitizeInlineHtml(std::string_view html);

// Renderings of the sanitized tree. Html: safe inside an HTML body; links get rel="noopener noreferrer".
// Markdown: CommonMark without any raw HTML (tags become **, *, `code`, [text](url), lists).
std::string toHtml(const SanitizedHtml &html);
std::string toMarkdown(const SanitizedHtml &html);
std::string toPlainText(const SanitizedHtml &html);

// The whole round trip for a description: sanitize, then HTML.
std::string sanitizeDescriptionHtml(std::string_view html);

// & < > " ' as entities.
std::string escapeHtml(std::string_view text);
// Backslash-escapes what CommonMark would read as markup (and |, for tables); line breaks become
// spaces. lineStart: the text begins a line, so a leading #, -, + or "1." is escaped too.
std::string escapeMarkdown(std::string_view text, bool lineStart = false);

} // namespace fhw::submission
