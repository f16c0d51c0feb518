#include "loadplan_p.h"

#include "aws/credentials.h"
#include "aws/sigv4.h"
#include "protocol/generator.h"
#include "transport/httpsender.h"

#include <openssl/crypto.h>

#include <arpa/inet.h>
#include <netdb.h>

#include <charconv>
#include <optional>
#include <cstring>

namespace fhw::readiness::load {

namespace {

Error urlError(const std::string &url, const std::string &why)
{
    return Error{"load.url", "cannot load " + url + ": " + why};
}

std::uint64_t splitmix64(std::uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

std::expected<std::vector<Address>, Error> resolve(const ParsedUrl &url)
{
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = url.hostIsAddress ? AI_NUMERICHOST : 0; // no AI_ADDRCONFIG: it hides 127.0.0.1 on a loopback-only host
    addrinfo *found = nullptr;
    const std::string port = std::to_string(url.port);
    const int status = ::getaddrinfo(url.host.c_str(), port.c_str(), &hints, &found);
    if (status != 0)
        return std::unexpected(Error{"load.resolve", "cannot resolve " + url.host + ": " + ::gai_strerror(status)});
    std::vector<Address> addresses;
    for (const addrinfo *info = found; info; info = info->ai_next) {
        if (info->ai_addrlen > sizeof(sockaddr_storage))
            continue;
        Address address;
        std::memcpy(&address.storage, info->ai_addr, info->ai_addrlen);
        address.length = info->ai_addrlen;
        addresses.push_back(address);
    }
    ::freeaddrinfo(found);
    if (addresses.empty())
        return std::unexpected(Error{"load.resolve", "no address for " + url.host});
    return addresses;
}

std::string hostHeader(const ParsedUrl &url)
{
    std::string host = url.host.find(':') != std::string::npos ? "[" + url.host + "]" : url.host;
    if (url.port != (url.https ? 443 : 80))
        host += ":" + std::to_string(url.port);
    return host;
}

// The whole request as it goes on the wire; the headers are those transport::requestHeaders() sends
// (without curl's "Expect:" suppressor, which only curl needs).
std::string render(const ParsedUrl &url, protocol::MessageType type, const std::string &token, const std::string &body)
{
    std::string request;
    request.reserve(body.size() + 256 + token.size());
    request += "POST " + url.target + " HTTP/1.1\r\n";
    request += "Host: " + hostHeader(url) + "\r\n";
    request += "User-Agent: " + transport::userAgent() + "\r\n";
    request += "Content-Type: application/json\r\n";
    // DOCS-OUT: the registration endpoint must not require authentication, so mParticle sends none.
    if (!token.empty() && type != protocol::MessageType::ModuleRegistrationRequest)
        request += "Authorization: Token " + token + "\r\n";
    request += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
    request += body;
    return request;
}

} // namespace

std::expected<ParsedUrl, Error> parseUrl(const std::string &url)
{
    ParsedUrl parsed;
    std::string_view rest = url;
    if (rest.starts_with("http://")) {
        rest.remove_prefix(7);
    } else if (rest.starts_with("https://")) {
        parsed.https = true;
        rest.remove_prefix(8);
    } else {
        return std::unexpected(urlError(url, "only http:// and https:// URLs can be loaded"));
    }
    const auto pathStart = rest.find_first_of("/?#");
    std::string_view authority = rest.substr(0, pathStart);
    std::string_view target = pathStart == std::string_view::npos ? std::string_view() : rest.substr(pathStart);
    if (const auto hash = target.find('#'); hash != std::string_view::npos)
        target = target.substr(0, hash);
    parsed.target = target.empty() ? "/" : target.front() == '?' ? "/" + std::string(target) : std::string(target);
    if (authority.find('@') != std::string_view::npos)
        return std::unexpected(urlError(url, "user info in the URL is not supported"));

    std::string_view port;
    if (authority.starts_with('[')) {
        const auto close = authority.find(']');
        if (close == std::string_view::npos)
            return std::unexpected(urlError(url, "unterminated IPv6 address"));
        parsed.host = std::string(authority.substr(1, close - 1));
        parsed.hostIsAddress = true;
        const std::string_view after = authority.substr(close + 1);
        if (!after.empty() && !after.starts_with(':'))
            return std::unexpected(urlError(url, "unexpected text after the IPv6 address"));
        port = after.empty() ? after : after.substr(1);
    } else {
        const auto colon = authority.find(':');
        parsed.host = std::string(authority.substr(0, colon));
        port = colon == std::string_view::npos ? std::string_view() : authority.substr(colon + 1);
        in_addr v4{};
        parsed.hostIsAddress = ::inet_pton(AF_INET, parsed.host.c_str(), &v4) == 1;
    }
    if (parsed.host.empty())
        return std::unexpected(urlError(url, "no host"));
    parsed.port = parsed.https ? 443 : 80;
    if (!port.empty()) {
        unsigned value = 0;
        const auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
        if (ec != std::errc() || ptr != port.data() + port.size() || value == 0 || value > 65535)
            return std::unexpected(urlError(url, "bad port '" + std::string(port) + "'"));
        parsed.port = std::uint16_t(value);
    }
    return parsed;
}

namespace {

// A Lambda invocation as mParticle makes it (synchronous, no token: IAM), SigV4-signed when asked.
// Signed once here, per body, like the rest of the request: AWS refuses a signature whose X-Amz-Date
// is more than 5 minutes off, so signed runs are limited to signatureLifetime (see Plan::make).
std::string renderInvocation(const ParsedUrl &url, const std::string &body, const aws::Credentials *credentials,
                             const std::string &region)
{
    std::vector<std::pair<std::string, std::string>> headers{{"Content-Type", "application/json"},
                                                             {"X-Amz-Invocation-Type", "RequestResponse"}};
    if (credentials) {
        aws::SigningRequest signing;
        signing.host = hostHeader(url);
        const auto query = url.target.find('?');
        signing.path = url.target.substr(0, query);
        signing.query = query == std::string::npos ? std::string() : url.target.substr(query + 1);
        signing.headers = headers;
        signing.body = body;
        const aws::SigV4Steps signature =
            aws::signV4(signing, *credentials, region, "lambda", std::chrono::system_clock::now());
        headers.insert(headers.end(), signature.headers.begin(), signature.headers.end());
    }
    std::string request = "POST " + url.target + " HTTP/1.1\r\nHost: " + hostHeader(url) + "\r\nUser-Agent: "
                          + transport::userAgent() + "\r\n";
    for (const auto &[name, value] : headers)
        request += name + ": " + value + "\r\n";
    request += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
    request += body;
    return request;
}

constexpr std::chrono::seconds signatureLifetime{240};

} // namespace

std::expected<std::shared_ptr<const Plan>, Error> Plan::make(const LoadSettings &settings)
{
    std::optional<aws::Credentials> credentials; // a signed Lambda target's, resolved once
    if (settings.target.isLambda() && settings.target.lambda->sign) {
        const transport::LambdaTarget &lambda = *settings.target.lambda;
        if (settings.ramp + settings.warmup + settings.duration > signatureLifetime)
            return std::unexpected(Error{"load.lambda-sign",
                                        "a signed Lambda run can last at most " + std::to_string(signatureLifetime.count())
                                            + " s (ramp, warm-up and duration): requests are signed before the run, "
                                              "and AWS refuses signatures older than 5 minutes"});
        aws::CredentialOptions options;
        options.profile = lambda.profile;
        auto resolved = lambda.keychainCredentials.empty() ? aws::resolveCredentials(options)
                                                           : aws::keychainCredentials(lambda.keychainCredentials);
        if (!resolved)
            return std::unexpected(resolved.error());
        credentials = std::move(*resolved);
    }
    auto plan = std::make_shared<Plan>();
    plan->m_seed = settings.seed;
    std::vector<std::string> originKeys;
    std::int64_t total = 0;
    for (const MixEntry &entry : settings.mix) {
        const std::string url = settings.target.urlFor(entry.type);
        if (url.empty())
            return std::unexpected(Error{"load.url", "no URL for " + std::string(shortTypeName(entry.type))
                                                         + " requests: give one URL or one for its family"});
        auto parsed = parseUrl(url);
        if (!parsed)
            return std::unexpected(parsed.error());
        const std::string key = (parsed->https ? "https://" : "http://") + parsed->host + ":" + std::to_string(parsed->port);
        int origin = 0;
        while (origin < int(originKeys.size()) && originKeys[std::size_t(origin)] != key)
            ++origin;
        if (origin == int(originKeys.size())) {
            auto addresses = resolve(*parsed);
            if (!addresses)
                return std::unexpected(addresses.error());
            originKeys.push_back(key);
            plan->origins.push_back(Origin{parsed->https, parsed->host, parsed->hostIsAddress, parsed->port,
                                           std::move(*addresses)});
        }

        RequestKind kind;
        kind.type = entry.type;
        kind.shortName = std::string(shortTypeName(entry.type));
        kind.origin = origin;
        kind.weight = entry.weight;
        for (int i = 0; i < settings.bodiesPerType; ++i) {
            const protocol::Generator generator(
                protocol::GeneratorOptions{settings.seed + std::uint64_t(i), settings.eventsPerBatch, false});
            std::string body = generator.generate(entry.type).dump();
            kind.requests.push_back(settings.target.isLambda()
                                        ? renderInvocation(*parsed, body, credentials ? &*credentials : nullptr,
                                                           settings.target.lambda->region)
                                        : render(*parsed, entry.type, settings.token, body));
        }
        total += entry.weight;
        plan->m_cumulativeWeights.push_back(total);
        plan->kinds.push_back(std::move(kind));
    }
    return plan;
}

Plan::~Plan()
{
    for (RequestKind &kind : kinds) {
        for (std::string &request : kind.requests)
            OPENSSL_cleanse(request.data(), request.size());
    }
}

int Plan::kindOf(std::int64_t k) const
{
    if (m_cumulativeWeights.size() <= 1)
        return 0;
    const auto draw = std::int64_t(splitmix64(m_seed * 0x2545f4914f6cdd1dULL + std::uint64_t(k))
                                   % std::uint64_t(m_cumulativeWeights.back()));
    int kind = 0;
    while (m_cumulativeWeights[std::size_t(kind)] <= draw)
        ++kind;
    return kind;
}

} // namespace fhw::readiness::load
