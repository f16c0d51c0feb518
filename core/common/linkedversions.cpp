#include "linkedversions.h"

#include <QtGlobal>
#include <curl/curl.h>
#include <gpgme.h>
#include <microhttpd.h>
#include <nlohmann/json.hpp>

namespace fhw {

std::vector<LinkedVersion> linkedVersions()
{
    std::vector<LinkedVersion> versions;
    versions.push_back({"Qt", qVersion(), "runtime"});

    // gpgme_check_version also initialises GPGME; passing nullptr only asks.
    const char *gpgme = gpgme_check_version(nullptr);
    versions.push_back({"GPGME", gpgme ? gpgme : "unknown", "runtime"});

    const curl_version_info_data *curl = curl_version_info(CURLVERSION_NOW);
    std::string curlVersion = curl && curl->version ? curl->version : "unknown";
    if (curl && curl->ssl_version)
        curlVersion += std::string(" (") + curl->ssl_version + ")";
    versions.push_back({"libcurl", curlVersion, "runtime"});

    const char *mhd = MHD_get_version();
    versions.push_back({"libmicrohttpd", mhd ? mhd : "unknown", "runtime"});

    versions.push_back({"nlohmann/json",
                        std::to_string(NLOHMANN_JSON_VERSION_MAJOR) + "." + std::to_string(NLOHMANN_JSON_VERSION_MINOR)
                            + "." + std::to_string(NLOHMANN_JSON_VERSION_PATCH),
                        "build (header-only)"});
    versions.push_back({"QtKeychain", FHW_QTKEYCHAIN_VERSION, "build (no run-time version call in 0.13)"});
    return versions;
}

} // namespace fhw
