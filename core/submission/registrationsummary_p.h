#pragma once

// The registration summary as a small document of blocks, built once and written as Markdown or HTML,
// so both say the same. Every string is plain text; the writers escape it.

#include "htmlsanitizer.h"

#include "protocol/finding.h"
#include "protocol/json.h"

#include <string>
#include <vector>

namespace fhw::submission::detail {

struct Block
{
    enum class Kind { Heading, Paragraph, Bullets, Table, Description, Preformatted };
    Kind kind = Kind::Paragraph;
    int level = 2;                               // Heading: 1..3
    std::string text;                            // Heading, Paragraph, Preformatted
    std::vector<std::string> items;              // Bullets
    std::vector<std::string> header;             // Table
    std::vector<std::vector<std::string>> rows;  // Table
    SanitizedHtml description;                   // Description
};

std::vector<Block> summaryBlocks(const protocol::Json &registration, const protocol::Findings &findings);

} // namespace fhw::submission::detail
