#include "parse.h"

#include "dombuilder_p.h"
#include "utf8_p.h"

#include <rapidjson/error/en.h>

#include <fstream>
#include <system_error>

namespace fhw::protocol {

namespace {

struct Position
{
    std::size_t line = 1;
    std::size_t column = 1;
};

Position positionOf(std::string_view bytes, std::size_t offset)
{
    Position pos;
    offset = std::min(offset, bytes.size());
    for (std::size_t i = 0; i < offset; ++i) {
        if (bytes[i] == '\n') {
            ++pos.line;
            pos.column = 1;
        } else {
            ++pos.column;
        }
    }
    return pos;
}

ParseError errorAt(std::string_view bytes, std::size_t offset, std::string code, const std::string &what)
{
    const Position pos = positionOf(bytes, offset);
    ParseError error;
    error.code = std::move(code);
    error.line = pos.line;
    error.column = pos.column;
    error.offset = offset;
    error.message = "line " + std::to_string(pos.line) + ", column " + std::to_string(pos.column) + ": " + what;
    return error;
}

// One cheap pass that finds the first place nesting exceeds the limit, so the parser and every
// later walk of the document stay shallow. Strings are skipped so brackets inside them do not count.
std::optional<std::size_t> findExcessiveNesting(std::string_view bytes, int maxDepth)
{
    int depth = 0;
    bool inString = false;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        const char c = bytes[i];
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
            continue;
        }
        switch (c) {
        case '"': inString = true; break;
        case '[':
        case '{':
            if (++depth > maxDepth)
                return i;
            break;
        case ']':
        case '}': --depth; break;
        default: break;
        }
    }
    return std::nullopt;
}

// After an unusually large document, give the memory back rather than keep it per thread.
void releaseIfLarge(std::string &buffer)
{
    if (buffer.capacity() > (std::size_t(1) << 20))
        std::string().swap(buffer);
}

bool isBlank(std::string_view bytes)
{
    return bytes.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

} // namespace

std::expected<Json, ParseError> parseJson(std::string_view bytes, const ParseOptions &options)
{
    if (bytes.size() > options.maxBytes) {
        ParseError error;
        error.code = "parse.too-large";
        error.message = "the input is " + std::to_string(bytes.size()) + " bytes, over the limit of "
                        + std::to_string(options.maxBytes) + " bytes";
        return std::unexpected(std::move(error));
    }
    if (isBlank(bytes)) {
        ParseError error;
        error.code = "parse.empty";
        error.message = "the input is empty: a Firehose message is one JSON object";
        return std::unexpected(std::move(error));
    }
    // The text is checked for UTF-8 (and NUL bytes) in one fast pass of our own, so RapidJSON can
    // read without its per-character check, in situ, on a copy it may decode strings into.
    const std::optional<std::size_t> badByte = detail::firstInvalidTextByte(bytes);
    thread_local std::string text; // one per thread, reused: the endpoint parses a stream of requests
    // RapidJSON's SSE2 scan reads whole aligned 16-byte blocks, so up to 15 bytes past the end: keep
    // them inside our allocation (harmless on hardware either way, but sanitizers rightly complain).
    text.reserve(bytes.size() + 16);
    text.assign(bytes);
    // One set of stacks per thread, likewise.
    thread_local detail::DomScratch scratch;
    detail::DomBuilder builder(scratch, options.maxDepth);
    rapidjson::Reader reader;
    rapidjson::InsituStringStream stream(text.data());
    // Iterative: no recursion whatever the input; full precision: decimals read exactly as strtod would.
    constexpr unsigned flags = rapidjson::kParseIterativeFlag | rapidjson::kParseInsituFlag
                               | rapidjson::kParseFullPrecisionFlag;
    const rapidjson::ParseResult result = reader.Parse<flags>(stream, builder);
    releaseIfLarge(text);
    // A bad byte the reader met first, or never met because a NUL ended its input, is the error.
    if (badByte && (!result.IsError() || result.Offset() >= *badByte)) {
        const bool nul = bytes[*badByte] == '\0';
        return std::unexpected(errorAt(bytes, *badByte, "parse.syntax",
                                       nul ? "a NUL byte, which JSON text cannot contain"
                                           : "invalid UTF-8"));
    }
    if (!result.IsError())
        return builder.takeRoot();
    if (builder.tooDeep()) {
        const std::size_t offset = findExcessiveNesting(bytes, options.maxDepth).value_or(result.Offset());
        return std::unexpected(errorAt(bytes, offset, "parse.too-deep",
                                       "nesting deeper than " + std::to_string(options.maxDepth)
                                           + " levels; no Firehose message nests that deep"));
    }
    if (result.Code() == rapidjson::kParseErrorNumberTooBig) {
        // The offset is the number's first character.
        const std::size_t start = result.Offset();
        const std::size_t end = bytes.find_first_not_of("0123456789+-.eE", start);
        std::string literal(bytes.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
        if (literal.size() > 40)
            literal = literal.substr(0, 20) + "…(" + std::to_string(literal.size()) + " characters)";
        return std::unexpected(errorAt(bytes, start, "parse.number-too-large",
                                       "the number " + literal + " is too large to represent"));
    }
    std::string detail = rapidjson::GetParseError_En(result.Code());
    if (!detail.empty() && detail.back() == '.')
        detail.pop_back();
    return std::unexpected(errorAt(bytes, result.Offset(), "parse.syntax", detail));
}

std::expected<std::string, Error> readFileCapped(const std::filesystem::path &path, std::size_t maxBytes)
{
    const std::string name = path.string();
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::exists(status))
        return std::unexpected(Error{"io.not-found", name + ": no such file"});
    if (std::filesystem::is_directory(status))
        return std::unexpected(Error{"io.is-directory", name + ": is a directory, not a file"});
    if (std::filesystem::is_regular_file(status)) {
        const auto size = std::filesystem::file_size(path, ec);
        if (!ec && size > maxBytes) {
            return std::unexpected(Error{"io.too-large", name + ": " + std::to_string(size)
                                                             + " bytes is over the limit of "
                                                             + std::to_string(maxBytes) + " bytes"});
        }
    }
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return std::unexpected(Error{"io.unreadable", name + ": cannot be opened for reading"});
    auto content = readStreamCapped(in, maxBytes);
    if (!content)
        return std::unexpected(Error{content.error().code, name + ": " + content.error().message});
    return content;
}

std::expected<std::string, Error> readStreamCapped(std::istream &in, std::size_t maxBytes)
{
    std::string content;
    char buffer[64 * 1024];
    while (in) {
        in.read(buffer, sizeof buffer);
        const auto got = static_cast<std::size_t>(in.gcount());
        if (content.size() + got > maxBytes) {
            return std::unexpected(Error{"io.too-large", "more than " + std::to_string(maxBytes)
                                                             + " bytes, over the limit"});
        }
        content.append(buffer, got);
    }
    if (in.bad())
        return std::unexpected(Error{"io.unreadable", "read error"});
    return content;
}

} // namespace fhw::protocol
