#include "flatjson_p.h"

#include <cstdint>

namespace fhw::workspace::detail {

namespace {

class Scanner
{
public:
    explicit Scanner(std::string_view text) : m_text(text) {}

    void skipSpace()
    {
        while (m_at < m_text.size()
               && (m_text[m_at] == ' ' || m_text[m_at] == '\t' || m_text[m_at] == '\r' || m_text[m_at] == '\n'))
            ++m_at;
    }
    bool consume(char c)
    {
        skipSpace();
        if (m_at < m_text.size() && m_text[m_at] == c) {
            ++m_at;
            return true;
        }
        return false;
    }
    bool atEnd()
    {
        skipSpace();
        return m_at == m_text.size();
    }
    char peek()
    {
        skipSpace();
        return m_at < m_text.size() ? m_text[m_at] : '\0';
    }

    bool string(std::string &out)
    {
        out.clear();
        if (!consume('"'))
            return false;
        while (m_at < m_text.size()) {
            // Copy the run up to the next quote or backslash in one go.
            std::size_t end = m_at;
            while (end < m_text.size() && m_text[end] != '"' && m_text[end] != '\\') {
                if (static_cast<unsigned char>(m_text[end]) < 0x20)
                    return false;
                ++end;
            }
            out.append(m_text.substr(m_at, end - m_at));
            m_at = end;
            if (m_at == m_text.size())
                return false;
            if (m_text[m_at++] == '"')
                return true;
            if (m_at == m_text.size())
                return false;
            const char escaped = m_text[m_at++];
            switch (escaped) {
            case '"': out += '"'; break;
            case '\\': out += '\\'; break;
            case '/': out += '/'; break;
            case 'b': out += '\b'; break;
            case 'f': out += '\f'; break;
            case 'n': out += '\n'; break;
            case 'r': out += '\r'; break;
            case 't': out += '\t'; break;
            case 'u': {
                std::uint32_t code = 0;
                if (!hex4(code))
                    return false;
                if (code >= 0xD800 && code <= 0xDBFF) {
                    std::uint32_t low = 0;
                    if (m_at + 1 >= m_text.size() || m_text[m_at] != '\\' || m_text[m_at + 1] != 'u')
                        return false;
                    m_at += 2;
                    if (!hex4(low) || low < 0xDC00 || low > 0xDFFF)
                        return false;
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                } else if (code >= 0xDC00 && code <= 0xDFFF) {
                    return false;
                }
                appendUtf8(out, code);
                break;
            }
            default: return false;
            }
        }
        return false;
    }

    bool scalar(FlatValue &value)
    {
        const char c = peek();
        if (c == '"') {
            value.kind = FlatValue::Kind::String;
            return string(value.text);
        }
        const std::size_t start = m_at;
        while (m_at < m_text.size() && m_text[m_at] != ',' && m_text[m_at] != '}' && m_text[m_at] != ' ')
            ++m_at;
        const std::string_view word = m_text.substr(start, m_at - start);
        value.text.assign(word);
        if (word == "true" || word == "false") {
            value.kind = FlatValue::Kind::Boolean;
            return true;
        }
        if (word == "null") {
            value.kind = FlatValue::Kind::Null;
            return true;
        }
        value.kind = FlatValue::Kind::Number;
        if (word.empty())
            return false;
        for (char d : word) {
            if (!((d >= '0' && d <= '9') || d == '-' || d == '+' || d == '.' || d == 'e' || d == 'E'))
                return false;
        }
        return true;
    }

private:
    bool hex4(std::uint32_t &code)
    {
        if (m_at + 4 > m_text.size())
            return false;
        for (int i = 0; i < 4; ++i) {
            const char h = m_text[m_at++];
            code <<= 4;
            if (h >= '0' && h <= '9')
                code |= static_cast<std::uint32_t>(h - '0');
            else if (h >= 'a' && h <= 'f')
                code |= static_cast<std::uint32_t>(h - 'a' + 10);
            else if (h >= 'A' && h <= 'F')
                code |= static_cast<std::uint32_t>(h - 'A' + 10);
            else
                return false;
        }
        return true;
    }

    static void appendUtf8(std::string &out, std::uint32_t code)
    {
        if (code < 0x80) {
            out += static_cast<char>(code);
        } else if (code < 0x800) {
            out += static_cast<char>(0xC0 | (code >> 6));
            out += static_cast<char>(0x80 | (code & 0x3F));
        } else if (code < 0x10000) {
            out += static_cast<char>(0xE0 | (code >> 12));
            out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (code & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | (code >> 18));
            out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (code & 0x3F));
        }
    }

    std::string_view m_text;
    std::size_t m_at = 0;
};

} // namespace

bool parseFlatObject(std::string_view line, const std::function<void(std::string_view, FlatValue &)> &field)
{
    Scanner scanner(line);
    if (!scanner.consume('{'))
        return false;
    std::string key;
    FlatValue value;
    if (scanner.consume('}'))
        return scanner.atEnd();
    while (true) {
        if (!scanner.string(key) || !scanner.consume(':') || !scanner.scalar(value))
            return false;
        field(key, value);
        if (scanner.consume(','))
            continue;
        if (scanner.consume('}'))
            return scanner.atEnd();
        return false;
    }
}

} // namespace fhw::workspace::detail
