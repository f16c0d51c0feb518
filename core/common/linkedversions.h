#pragma once

#include <string>
#include <vector>

namespace fhw {

struct LinkedVersion
{
    std::string component; // "Qt", "GPGME", ...
    std::string version;
    std::string note;      // how it was found: "runtime" or "build"
};

// The versions of the libraries this program actually runs with: asked of each library at run time
// where it can say (Qt, GPGME, libcurl, libmicrohttpd), else the version it was built against
// (nlohmann/json is header-only; QtKeychain 0.13 has no version call).
std::vector<LinkedVersion> linkedVersions();

} // namespace fhw
