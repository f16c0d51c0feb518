#include "htmlsanitizer.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>

namespace fhw::submission {

namespace {

using namespace std::string_view_literals;

constexpr std::array allowedTags{"a"sv, "b"sv, "strong"sv, "i"sv, "em"sv, "br"sv, "p"sv,
                                 "ul"sv, "ol"sv, "li"sv, "code"sv};

bool isAllowed(std::string_view tag)
{
    return std::ranges::find(allowedTags, tag) != allowedTags.end();
}

char lowerAscii(char c)
{
    return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c;
}

std::string lowered(std::string_view text)
{
    std::string out(text);
    std::ranges::transform(out, out.begin(), lowerAscii);
    return out;
}

bool isAsciiSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

bool isAsciiAlpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool isAsciiAlnum(char c)
{
    return isAsciiAlpha(c) || (c >= '0' && c <= '9');
}

void appendUtf8(std::string &out, std::uint32_t cp)
{
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = 0xFFFD;
    if (cp < 0x80) {
        out += char(cp);
    } else if (cp < 0x800) {
        out += char(0xC0 | (cp >> 6));
        out += char(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += char(0xE0 | (cp >> 12));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    } else {
        out += char(0xF0 | (cp >> 18));
        out += char(0x80 | ((cp >> 12) & 0x3F));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    }
}

// An entity at text[pos] (which is '&'): appends what it stands for and returns its length; 0 when it is
// not one we know (the '&' is then a plain character).
std::size_t decodeEntity(std::string_view text, std::size_t pos, std::string &out)
{
    const std::size_t semicolon = text.find(';', pos);
    if (semicolon == std::string_view::npos || semicolon - pos > 10)
        return 0;
    const std::string_view body = text.substr(pos + 1, semicolon - pos - 1);
    if (body.size() >= 2 && body[0] == '#') {
        const bool hex = body[1] == 'x' || body[1] == 'X';
        const std::string_view digits = body.substr(hex ? 2 : 1);
        if (digits.empty())
            return 0;
        std::uint32_t cp = 0;
        for (char c : digits) {
            int digit = -1;
            if (c >= '0' && c <= '9')
                digit = c - '0';
            else if (hex && lowerAscii(c) >= 'a' && lowerAscii(c) <= 'f')
                digit = lowerAscii(c) - 'a' + 10;
            if (digit < 0)
                return 0;
            cp = std::min<std::uint32_t>(cp * (hex ? 16 : 10) + std::uint32_t(digit), 0x110000);
        }
        appendUtf8(out, cp);
        return semicolon - pos + 1;
    }
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 6> named{
        {{"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}, {"nbsp", "\xC2\xA0"}}};
    for (const auto &[name, value] : named) {
        if (body == name) {
            out += value;
            return semicolon - pos + 1;
        }
    }
    return 0;
}

std::string decodeEntities(std::string_view text)
{
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        if (text[i] == '&') {
            if (const std::size_t length = decodeEntity(text, i, out)) {
                i += length;
                continue;
            }
        }
        out += text[i++];
    }
    return out;
}

// The link when it is an absolute http(s) URL with a host; browsers ignore tabs, newlines and
// surrounding spaces inside an href ("java\tscript:"), so those are removed before the scheme is read.
std::optional<std::string> safeHref(std::string_view value)
{
    std::string url;
    for (char c : decodeEntities(value)) {
        if (static_cast<unsigned char>(c) > 0x20 && c != 0x7F)
            url += c;
        else if (c == ' ' && !url.empty())
            url += "%20";
    }
    while (url.ends_with("%20"))
        url.resize(url.size() - 3);
    const std::string lower = lowered(url);
    const std::size_t hostStart = lower.starts_with("https://") ? 8 : lower.starts_with("http://") ? 7 : 0;
    if (hostStart == 0 || hostStart >= url.size() || url[hostStart] == '/' || url[hostStart] == '?'
        || url[hostStart] == '#')
        return std::nullopt;
    return url;
}

struct Attribute
{
    std::string name; // lower case
    std::string value;
};

struct Tag
{
    bool closing = false;
    std::string name; // lower case
    std::vector<Attribute> attributes;
    std::size_t end = 0; // one past '>'
};

// A tag at html[pos] (which is '<'); nothing when the '<' does not start one (it is then text).
std::optional<Tag> parseTag(std::string_view html, std::size_t pos)
{
    Tag tag;
    std::size_t i = pos + 1;
    if (i < html.size() && html[i] == '/') {
        tag.closing = true;
        ++i;
    }
    if (i >= html.size() || !isAsciiAlpha(html[i]))
        return std::nullopt;
    const std::size_t nameStart = i;
    while (i < html.size() && (isAsciiAlnum(html[i]) || html[i] == '-' || html[i] == ':'))
        ++i;
    tag.name = lowered(html.substr(nameStart, i - nameStart));
    while (i < html.size()) {
        while (i < html.size() && (isAsciiSpace(html[i]) || html[i] == '/'))
            ++i;
        if (i >= html.size())
            return std::nullopt;
        if (html[i] == '>') {
            tag.end = i + 1;
            return tag;
        }
        const std::size_t attributeStart = i;
        while (i < html.size() && !isAsciiSpace(html[i]) && html[i] != '=' && html[i] != '>' && html[i] != '/')
            ++i;
        if (i == attributeStart) // a lone '=': skip it
            ++i;
        Attribute attribute{lowered(html.substr(attributeStart, i - attributeStart)), {}};
        std::size_t j = i;
        while (j < html.size() && isAsciiSpace(html[j]))
            ++j;
        if (j < html.size() && html[j] == '=') {
            ++j;
            while (j < html.size() && isAsciiSpace(html[j]))
                ++j;
            if (j < html.size() && (html[j] == '"' || html[j] == '\'')) {
                const std::size_t close = html.find(html[j], j + 1);
                if (close == std::string_view::npos)
                    return std::nullopt;
                attribute.value = std::string(html.substr(j + 1, close - j - 1));
                i = close + 1;
            } else {
                const std::size_t valueStart = j;
                while (j < html.size() && !isAsciiSpace(html[j]) && html[j] != '>')
                    ++j;
                attribute.value = std::string(html.substr(valueStart, j - valueStart));
                i = j;
            }
        }
        if (!attribute.name.empty())
            tag.attributes.push_back(std::move(attribute));
    }
    return std::nullopt;
}

class Builder
{
public:
    void text(std::string_view characters)
    {
        if (characters.empty())
            return;
        if (!m_out.nodes.empty() && m_out.nodes.back().kind == InlineNode::Kind::Text)
            m_out.nodes.back().text += characters;
        else
            m_out.nodes.push_back({InlineNode::Kind::Text, std::string(characters), {}});
    }
    void open(const std::string &name, std::string href)
    {
        if (name == "br") {
            m_out.nodes.push_back({InlineNode::Kind::LineBreak, name, {}});
            return;
        }
        m_out.nodes.push_back({InlineNode::Kind::Open, name, href});
        m_open.push_back({name, std::move(href)});
    }
    void close(const std::string &name)
    {
        if (name == "br")
            return;
        const auto it = std::ranges::find(m_open.rbegin(), m_open.rend(), name, &Opened::name);
        if (it == m_open.rend()) {
            note("removed a stray </" + name + ">");
            return;
        }
        const std::size_t keep = std::size_t(m_open.rend() - it) - 1;
        closeAbove(keep);
    }
    void note(std::string text)
    {
        if (std::ranges::find(m_out.notes, text) == m_out.notes.end())
            m_out.notes.push_back(std::move(text));
    }
    SanitizedHtml finish()
    {
        closeAbove(0);
        return std::move(m_out);
    }

private:
    struct Opened
    {
        std::string name;
        std::string href;
    };
    void closeAbove(std::size_t keep)
    {
        while (m_open.size() > keep) {
            m_out.nodes.push_back({InlineNode::Kind::Close, m_open.back().name, m_open.back().href});
            m_open.pop_back();
        }
    }

    SanitizedHtml m_out;
    std::vector<Opened> m_open;
};

// <!-- … -->, <!DOCTYPE …>, <?…?>, <![CDATA[…]]>: never shown. Returns where the construct ends, or 0
// when html[pos] does not start one.
std::size_t skipMarkupDeclaration(std::string_view html, std::size_t pos, Builder &builder)
{
    if (html.substr(pos).starts_with("<!--")) {
        const std::size_t end = html.find("-->", pos + 4);
        builder.note("removed an HTML comment");
        return end == std::string_view::npos ? html.size() : end + 3;
    }
    if (pos + 1 < html.size() && (html[pos + 1] == '!' || html[pos + 1] == '?')) {
        const std::size_t end = html.find('>', pos);
        builder.note("removed a <! or <? declaration");
        return end == std::string_view::npos ? html.size() : end + 1;
    }
    return 0;
}

void addTag(const Tag &tag, std::string_view source, Builder &builder)
{
    if (!isAllowed(tag.name)) {
        builder.text(source);
        builder.note("<" + tag.name + "> is not allowed: shown as text");
        return;
    }
    if (tag.closing) {
        builder.close(tag.name);
        return;
    }
    std::string href;
    for (const Attribute &attribute : tag.attributes) {
        if (tag.name == "a" && attribute.name == "href") {
            if (auto link = safeHref(attribute.value))
                href = std::move(*link);
            else
                builder.note("removed a link that is not http(s): " + std::string(attribute.value.substr(0, 80)));
        } else {
            builder.note("removed the attribute " + attribute.name + " from <" + tag.name + ">");
        }
    }
    builder.open(tag.name, std::move(href));
}

// Drops C0 controls other than tab and line breaks (they have no place in a description).
std::string withoutControls(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte >= 0x20 || c == '\t' || c == '\n' || c == '\r')
            out += c;
    }
    return out;
}

} // namespace

SanitizedHtml sanitizeInlineHtml(std::string_view input)
{
    const std::string cleaned = withoutControls(input);
    const std::string_view html = cleaned;
    Builder builder;
    std::string pending;
    for (std::size_t i = 0; i < html.size();) {
        const char c = html[i];
        if (c == '<') {
            if (const std::size_t end = skipMarkupDeclaration(html, i, builder)) {
                builder.text(pending);
                pending.clear();
                i = end;
                continue;
            }
            if (const auto tag = parseTag(html, i)) {
                builder.text(pending);
                pending.clear();
                addTag(*tag, html.substr(i, tag->end - i), builder);
                i = tag->end;
                continue;
            }
        } else if (c == '&') {
            if (const std::size_t length = decodeEntity(html, i, pending)) {
                i += length;
                continue;
            }
        }
        pending += c;
        ++i;
    }
    builder.text(pending);
    return builder.finish();
}

std::string escapeHtml(std::string_view text)
{
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    for (char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
        }
    }
    return out;
}

std::string escapeMarkdown(std::string_view text, bool lineStart)
{
    static constexpr std::string_view inlineMarkup = "\\`*_[]<>&|~";
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    bool atStart = lineStart;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '\n' || c == '\r')
            c = ' ';
        if (atStart && c == ' ')
            continue; // leading spaces could make an indented code block
        if (inlineMarkup.find(c) != std::string_view::npos || (atStart && (c == '#' || c == '-' || c == '+' || c == '=')))
            out += '\\';
        if (atStart && c >= '0' && c <= '9') {
            std::size_t j = i;
            while (j < text.size() && text[j] >= '0' && text[j] <= '9')
                ++j;
            out += text.substr(i, j - i);
            if (j < text.size() && (text[j] == '.' || text[j] == ')'))
                out += '\\';
            i = j - 1;
            atStart = false;
            continue;
        }
        out += c;
        atStart = false;
    }
    return out;
}

std::string toHtml(const SanitizedHtml &html)
{
    std::string out;
    for (const InlineNode &node : html.nodes) {
        switch (node.kind) {
        case InlineNode::Kind::Text:
            out += escapeHtml(node.text);
            break;
        case InlineNode::Kind::LineBreak:
            out += "<br>";
            break;
        case InlineNode::Kind::Open:
            if (node.text == "a") {
                if (!node.href.empty())
                    out += "<a href=\"" + escapeHtml(node.href) + "\" rel=\"noopener noreferrer\">";
            } else {
                out += "<" + node.text + ">";
            }
            break;
        case InlineNode::Kind::Close:
            if (node.text != "a" || !node.href.empty())
                out += "</" + node.text + ">";
            break;
        }
    }
    return out;
}

namespace {

// Percent-encodes what would end or break a Markdown link destination.
std::string markdownUrl(std::string_view url)
{
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (char c : url) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte <= 0x20 || byte == 0x7F || c == '(' || c == ')' || c == '<' || c == '>' || c == '\\' || c == '`'
            || c == '"' || c == '[' || c == ']') {
            out += '%';
            out += hex[byte >> 4];
            out += hex[byte & 0xF];
        } else {
            out += c;
        }
    }
    return out;
}

class MarkdownWriter
{
public:
    void write(const InlineNode &node)
    {
        switch (node.kind) {
        case InlineNode::Kind::Text:
            if (m_codeDepth > 0) {
                std::string code = node.text;
                std::ranges::replace(code, '`', '\'');
                std::ranges::replace(code, '\n', ' ');
                m_out += code;
            } else {
                m_out += escapeMarkdown(node.text, atLineStart());
            }
            break;
        case InlineNode::Kind::LineBreak:
            m_out += m_codeDepth > 0 ? " " : "\\\n";
            break;
        case InlineNode::Kind::Open: open(node); break;
        case InlineNode::Kind::Close: close(node); break;
        }
    }
    std::string finish()
    {
        std::string out;
        for (char c : m_out) {
            if (c == '\n' && out.ends_with("\n\n"))
                continue;
            out += c;
        }
        const auto first = out.find_first_not_of('\n');
        const auto last = out.find_last_not_of('\n');
        return first == std::string::npos ? std::string() : out.substr(first, last - first + 1);
    }

private:
    bool atLineStart() const { return m_out.empty() || m_out.back() == '\n' || m_out.size() == m_markerEnd; }
    void open(const InlineNode &node)
    {
        const std::string &tag = node.text;
        if (tag == "b" || tag == "strong")
            m_out += "**";
        else if (tag == "i" || tag == "em")
            m_out += "*";
        else if (tag == "code")
            m_out += m_codeDepth++ == 0 ? "`" : "";
        else if (tag == "a" && !node.href.empty())
            m_out += "[";
        else if (tag == "p")
            m_out += "\n\n";
        else if (tag == "ul" || tag == "ol") {
            m_lists.push_back(tag == "ol" ? 1 : 0);
            m_out += "\n";
        } else if (tag == "li") {
            m_out += "\n" + std::string(m_lists.empty() ? 0 : (m_lists.size() - 1) * 3, ' ');
            if (!m_lists.empty() && m_lists.back() > 0)
                m_out += std::to_string(m_lists.back()++) + ". ";
            else
                m_out += "- ";
            m_markerEnd = m_out.size();
        }
    }
    void close(const InlineNode &node)
    {
        const std::string &tag = node.text;
        if (tag == "b" || tag == "strong")
            m_out += "**";
        else if (tag == "i" || tag == "em")
            m_out += "*";
        else if (tag == "code")
            m_out += --m_codeDepth == 0 ? "`" : "";
        else if (tag == "a" && !node.href.empty())
            m_out += "](" + markdownUrl(node.href) + ")";
        else if (tag == "p")
            m_out += "\n\n";
        else if (tag == "ul" || tag == "ol") {
            if (!m_lists.empty())
                m_lists.pop_back();
            m_out += "\n\n";
        }
    }

    std::string m_out;
    std::vector<int> m_lists; // 0 = bullets, else the next number
    int m_codeDepth = 0;
    std::size_t m_markerEnd = std::string::npos; // where the last list marker ended: a line start
};

} // namespace

std::string toMarkdown(const SanitizedHtml &html)
{
    MarkdownWriter writer;
    for (const InlineNode &node : html.nodes)
        writer.write(node);
    return writer.finish();
}

std::string toPlainText(const SanitizedHtml &html)
{
    std::string out;
    for (const InlineNode &node : html.nodes) {
        if (node.kind == InlineNode::Kind::Text)
            out += node.text;
        else if (node.kind == InlineNode::Kind::LineBreak)
            out += '\n';
        else if (node.kind == InlineNode::Kind::Open && node.text == "li")
            out += "\n- ";
        else if (node.kind == InlineNode::Kind::Close && node.text == "p")
            out += '\n';
    }
    return out;
}

std::string sanitizeDescriptionHtml(std::string_view html)
{
    return toHtml(sanitizeInlineHtml(html));
}

} // namespace fhw::submission
