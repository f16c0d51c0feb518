#include "sigv4.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <map>

namespace fhw::aws {

namespace {

constexpr std::string_view algorithm = "AWS4-HMAC-SHA256";

std::string hex(const unsigned char *data, std::size_t size)
{
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(size * 2);
    for (std::size_t i = 0; i < size; ++i) {
        out += digits[data[i] >> 4];
        out += digits[data[i] & 0x0f];
    }
    return out;
}

std::string hmac(std::string_view key, std::string_view data)
{
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char *>(data.data()),
         data.size(), out, &size);
    return std::string(reinterpret_cast<const char *>(out), size);
}

bool unreserved(unsigned char c)
{
    return std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~';
}

// AWS's URI encoding: everything but the unreserved characters as %XY (upper-case hex); '/' kept
// where asked (paths).
std::string uriEncode(std::string_view text, bool keepSlash)
{
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string out;
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (unreserved(c) || (keepSlash && c == '/')) {
            out += ch;
        } else {
            out += '%';
            out += digits[c >> 4];
            out += digits[c & 0x0f];
        }
    }
    return out;
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// A query's names and values arrive as sent (percent-encoded); decoded first so that they are encoded
// exactly once, AWS's way, whatever encoding the sender chose. A '%' not followed by two hex digits stays.
std::string percentDecode(std::string_view text)
{
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size()) {
            const int high = hexValue(text[i + 1]);
            const int low = hexValue(text[i + 2]);
            if (high >= 0 && low >= 0) {
                out += static_cast<char>(high * 16 + low);
                i += 2;
                continue;
            }
        }
        out += text[i];
    }
    return out;
}

// The path as sent is encoded once more, as every AWS service but S3 expects (the SDKs do the same).
std::string canonicalUri(std::string_view path)
{
    return path.empty() ? std::string("/") : uriEncode(path, true);
}

// Parameters sorted by encoded name, then value; "name" without '=' counts as "name=".
std::string canonicalQuery(std::string_view query)
{
    std::vector<std::pair<std::string, std::string>> parameters;
    std::size_t start = 0;
    while (start <= query.size()) {
        const std::size_t end = std::min(query.find('&', start), query.size());
        const std::string_view parameter = query.substr(start, end - start);
        if (!parameter.empty()) {
            const std::size_t equals = parameter.find('=');
            const std::string_view name = parameter.substr(0, equals);
            const std::string_view value = equals == std::string_view::npos ? std::string_view() : parameter.substr(equals + 1);
            parameters.emplace_back(uriEncode(percentDecode(name), false), uriEncode(percentDecode(value), false));
        }
        start = end + 1;
    }
    std::ranges::sort(parameters);
    std::string out;
    for (const auto &[name, value] : parameters)
        out += (out.empty() ? "" : "&") + name + "=" + value;
    return out;
}

std::string lowerCase(std::string_view text)
{
    std::string out(text);
    std::ranges::transform(out, out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

// Leading and trailing blanks removed, runs of blanks inside made one space (line breaks included: a
// folded header value becomes one line).
std::string trimmedValue(std::string_view value)
{
    std::string out;
    bool blank = false;
    for (const char c : value) {
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            blank = true;
            continue;
        }
        if (blank && !out.empty())
            out += ' ';
        blank = false;
        out += c;
    }
    return out;
}

struct UtcStamp
{
    std::string date;     // 20150830
    std::string dateTime; // 20150830T123600Z
};

UtcStamp utcStamp(std::chrono::system_clock::time_point when)
{
    const std::time_t seconds = std::chrono::system_clock::to_time_t(when);
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y%m%dT%H%M%SZ", &tm);
    const std::string dateTime(buffer);
    return {dateTime.substr(0, 8), dateTime};
}

} // namespace

std::string sha256Hex(std::string_view data)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    EVP_Digest(data.data(), data.size(), digest, &size, EVP_sha256(), nullptr);
    return hex(digest, size);
}

std::string deriveSigningKey(std::string_view secretAccessKey, std::string_view date, std::string_view region,
                             std::string_view service)
{
    std::string secret = "AWS4" + std::string(secretAccessKey);
    const std::string dateKey = hmac(secret, date);
    std::fill(secret.begin(), secret.end(), '\0');
    return hmac(hmac(hmac(dateKey, region), service), "aws4_request");
}

SigV4Steps signV4(const SigningRequest &request, const Credentials &credentials, std::string_view region,
                  std::string_view service, std::chrono::system_clock::time_point when)
{
    const UtcStamp stamp = utcStamp(when);

    // Lower-case name → values in the order given (a repeated header's values joined with ','), sorted
    // by name. Host, X-Amz-Date and X-Amz-Security-Token are ours; the caller's copies are ignored.
    std::map<std::string, std::string> canonical;
    for (const auto &[name, value] : request.headers) {
        const std::string lower = lowerCase(name);
        if (lower == "host" || lower == "x-amz-date" || lower == "x-amz-security-token")
            continue;
        auto [it, added] = canonical.try_emplace(lower, trimmedValue(value));
        if (!added)
            it->second += "," + trimmedValue(value);
    }
    canonical["host"] = trimmedValue(request.host);
    canonical["x-amz-date"] = stamp.dateTime;
    if (!credentials.sessionToken.empty())
        canonical["x-amz-security-token"] = credentials.sessionToken;

    std::string headerBlock;
    std::string signedHeaders;
    for (const auto &[name, value] : canonical) {
        headerBlock += name + ":" + value + "\n";
        signedHeaders += (signedHeaders.empty() ? "" : ";") + name;
    }

    SigV4Steps steps;
    steps.canonicalRequest = request.method + "\n" + canonicalUri(request.path) + "\n" + canonicalQuery(request.query)
        + "\n" + headerBlock + "\n" + signedHeaders + "\n" + sha256Hex(request.body);

    const std::string scope = stamp.date + "/" + std::string(region) + "/" + std::string(service) + "/aws4_request";
    steps.stringToSign = std::string(algorithm) + "\n" + stamp.dateTime + "\n" + scope + "\n"
        + sha256Hex(steps.canonicalRequest);

    std::string key = deriveSigningKey(credentials.secretAccessKey, stamp.date, region, service);
    const std::string signature = hmac(key, steps.stringToSign);
    std::fill(key.begin(), key.end(), '\0');
    steps.signature = hex(reinterpret_cast<const unsigned char *>(signature.data()), signature.size());

    steps.authorization = std::string(algorithm) + " Credential=" + credentials.accessKeyId + "/" + scope
        + ", SignedHeaders=" + signedHeaders + ", Signature=" + steps.signature;
    steps.headers = {{"Authorization", steps.authorization}, {"X-Amz-Date", stamp.dateTime}};
    if (!credentials.sessionToken.empty())
        steps.headers.emplace_back("X-Amz-Security-Token", credentials.sessionToken);
    return steps;
}

} // namespace fhw::aws
