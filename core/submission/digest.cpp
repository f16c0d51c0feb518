#include "digest_p.h"

#include <openssl/evp.h>

namespace fhw::submission::detail {

std::string digestBytes(Digest digest, std::string_view bytes)
{
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    const EVP_MD *type = digest == Digest::Sha1 ? EVP_sha1() : EVP_sha256();
    if (EVP_Digest(bytes.data(), bytes.size(), out, &size, type, nullptr) != 1)
        return {};
    return std::string(reinterpret_cast<const char *>(out), size);
}

std::string hexLower(std::string_view bytes)
{
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (char c : bytes) {
        const auto byte = static_cast<unsigned char>(c);
        out += digits[byte >> 4];
        out += digits[byte & 0xF];
    }
    return out;
}

} // namespace fhw::submission::detail
