#pragma once

#include "json.h"

#include <cstddef>
#include <expected>
#include <filesystem>
#include <istream>
#include <string>
#include <string_view>

#include "../common/error.h"

namespace fhw::protocol {

struct ParseOptions
{
    // Larger input is refused before it is parsed (the endpoint and the CLI both read untrusted data).
    std::size_t maxBytes = 64u * 1024u * 1024u;
    // Deeper nesting is refused: no Firehose message is deeper than ~10, and a 100,000-deep array would
    // otherwise cost recursion in everything that walks the document.
    int maxDepth = 256;
};

struct ParseError
{
    std::string code;    // "parse.empty", "parse.syntax", "parse.too-large", "parse.too-deep",
                         // "parse.number-too-large"
    std::string message; // includes line and column where there is one
    std::size_t line = 0;   // 1-based; 0 when not about a position
    std::size_t column = 0; // 1-based, in bytes
    std::size_t offset = 0; // byte offset
};

// Parses one JSON document. Never throws; syntax errors (including invalid UTF-8 inside strings)
// come back with their line and column.
std::expected<Json, ParseError> parseJson(std::string_view bytes, const ParseOptions &options = {});

// Reads a whole file, refusing directories, unreadable files and files larger than maxBytes.
std::expected<std::string, Error> readFileCapped(const std::filesystem::path &path, std::size_t maxBytes);
// Reads a stream to its end, refusing more than maxBytes.
std::expected<std::string, Error> readStreamCapped(std::istream &in, std::size_t maxBytes);

} // namespace fhw::protocol
