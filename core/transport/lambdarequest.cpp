// A Lambda target inside the sender: credentials and region once per send, a fresh SigV4 signature
// for each attempt (its X-Amz-Date must be current, and a retry may come minutes later), and what the
// Invoke API tells beside the payload.

#include "httpsender_p.h"

#include "aws/lambda.h"
#include "aws/sigv4.h"

#include <openssl/crypto.h>

#include <cstring>
#include <memory>

namespace fhw::transport::detail {

namespace {

curl_slist *headerList(const std::vector<std::pair<std::string, std::string>> &headers)
{
    curl_slist *list = nullptr;
    for (const auto &[name, value] : headers) {
        std::string line = value.empty() ? name + ":" : name + ": " + value;
        curl_slist *grown = curl_slist_append(list, line.c_str());
        OPENSSL_cleanse(line.data(), line.size()); // a session token may be in it
        if (!grown) {
            freeHeaderList(list);
            return nullptr;
        }
        list = grown;
    }
    return list;
}

} // namespace

std::optional<std::string> prepareLambda(Job &job)
{
    LambdaTarget &target = *job.request.target.lambda;
    if (target.function.empty())
        return std::string("no Lambda function is configured");
    aws::CredentialOptions options;
    options.profile = target.profile;
    // A region from the profile completes a name-only target (the URL needs it too).
    if (target.region.empty() && (target.sign || target.endpoint.empty()))
        target.region = aws::resolveRegion(options);
    if (target.region.empty() && target.endpoint.empty())
        return "no AWS region for the function \"" + target.function
               + "\": give a function ARN, a region, or a profile with one (AWS_REGION, ~/.aws/config)";
    if (!target.sign)
        return std::nullopt;
    auto credentials = target.keychainCredentials.empty() ? aws::resolveCredentials(options)
                                                          : aws::keychainCredentials(target.keychainCredentials);
    if (!credentials)
        return "no AWS credentials to sign the invocation with: " + credentials.error().message;
    job.credentials = std::move(*credentials);
    // A local emulator ignores the region; AWS's default keeps the signature well-formed.
    job.region = target.region.empty() ? std::string("us-east-1") : target.region;
    return std::nullopt;
}

bool signAttempt(Job &job)
{
    CurlUrl url(curl_url(), &curl_url_cleanup);
    if (!url || curl_url_set(url.get(), CURLUPART_URL, job.result.url.c_str(), 0) != CURLUE_OK)
        return false;
    // The Host header is set here, as signed, rather than left to curl.
    std::string host = urlPart(url.get(), CURLUPART_HOST);
    if (const std::string port = urlPart(url.get(), CURLUPART_PORT); !port.empty())
        host += ":" + port;

    aws::SigningRequest signing;
    signing.method = "POST";
    signing.host = host;
    signing.path = urlPart(url.get(), CURLUPART_PATH);
    signing.query = urlPart(url.get(), CURLUPART_QUERY);
    signing.body = job.request.body;
    auto headers = requestHeaders(job.request, true);
    for (const auto &[name, value] : headers) {
        if (name != "User-Agent" && !value.empty())
            signing.headers.emplace_back(name, value);
    }
    const aws::SigV4Steps steps = aws::signV4(signing, *job.credentials, job.region, "lambda",
                                              std::chrono::system_clock::now());
    headers.emplace_back("Host", host);
    headers.insert(headers.end(), steps.headers.begin(), steps.headers.end());
    curl_slist *list = headerList(headers);
    if (!list)
        return false;
    freeHeaderList(job.headers);
    job.headers = list;
    return true;
}

void readLambdaAnswer(Attempt &attempt)
{
    attempt.lambda = aws::lambdaInvocation(attempt.headers);
}

std::string functionErrorText(const Attempt &attempt)
{
    if (!attempt.lambda || attempt.lambda->functionError.empty())
        return {};
    constexpr std::size_t shown = 400;
    std::string payload = attempt.body.size() <= shown ? attempt.body : attempt.body.substr(0, shown) + "…";
    return "function error (" + attempt.lambda->functionError + "): " + payload;
}

} // namespace fhw::transport::detail
