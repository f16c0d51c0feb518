#pragma once

// The zip side of the bundle, on libzip: written so the same files give the same bytes (fixed order,
// 1980-01-01 00:00 timestamps, fixed permissions, deflate level 9 or store, no comment, no extra fields).

#include "common/error.h"

#include <cstddef>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace fhw::submission::detail {

struct ZipEntry
{
    std::string name;
    std::string bytes;
    bool store = false; // already compressed (PNG): stored as is
};

// Error code "bundle.zip".
std::expected<std::string, Error> writeZip(const std::vector<ZipEntry> &entries);

struct ZipLimits
{
    std::size_t maxEntries = 256;
    std::size_t maxEntryBytes = 64u * 1024u * 1024u;
    std::size_t maxTotalBytes = 256u * 1024u * 1024u;
};

// Every entry, in archive order (stored sizes checked against the limits before anything is inflated).
// Error code "bundle.zip" (not a zip, damaged, a CRC that does not match, over a limit).
std::expected<std::vector<ZipEntry>, Error> readZip(std::string_view zip, const ZipLimits &limits = {});

} // namespace fhw::submission::detail
