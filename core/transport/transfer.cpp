// One attempt as a libcurl easy handle: options, the header and body callbacks, and what is read back
// from the handle when the transfer ends.

#include "httpsender_p.h"

#include <openssl/crypto.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <memory>

namespace fhw::transport::detail {

namespace {


std::string_view trimmed(std::string_view text)
{
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r' || text.back() == '\n'))
        text.remove_suffix(1);
    return text;
}

// Read the TLS facts while the connection is certainly alive: the first header (or body byte) of the
// response. After the transfer the connection may already be closed or handed to another transfer.
void inspectTlsOnce(Job &job)
{
    if (job.tlsInspected || !job.https || !job.easy)
        return;
    job.tlsInspected = true;
    curl_tlssessioninfo *info = nullptr;
    if (curl_easy_getinfo(job.easy, CURLINFO_TLS_SSL_PTR, &info) != CURLE_OK || !info || !info->internals)
        return;
    if (info->backend != CURLSSLBACKEND_OPENSSL)
        return;
    job.current.tls = inspectTls(info->internals, job.host);
}

std::size_t onHeader(char *data, std::size_t size, std::size_t count, void *user)
{
    auto &job = *static_cast<Job *>(user);
    const std::size_t bytes = size * count;
    inspectTlsOnce(job);
    std::string_view line(data, bytes);
    while (!line.empty() && (line.back() == '\r' || line.back() == '\n'))
        line.remove_suffix(1);
    auto &headers = job.current.headers;
    if (line.starts_with("HTTP/")) {
        // A new status line: any headers so far belonged to an interim (1xx) response.
        headers.clear();
        return bytes;
    }
    if (line.empty())
        return bytes;
    if ((line.front() == ' ' || line.front() == '\t') && !headers.empty()) {
        // obs-fold: a continuation of the previous header's value.
        headers.back().second += ' ';
        headers.back().second += trimmed(line);
        return bytes;
    }
    const auto colon = line.find(':');
    if (colon == std::string_view::npos)
        return bytes;
    headers.emplace_back(std::string(trimmed(line.substr(0, colon))), std::string(trimmed(line.substr(colon + 1))));
    return bytes;
}

std::size_t onBody(char *data, std::size_t size, std::size_t count, void *user)
{
    auto &job = *static_cast<Job *>(user);
    const std::size_t bytes = size * count;
    inspectTlsOnce(job);
    auto &attempt = job.current;
    const std::size_t limit = job.request.options.maxResponseBytes;
    const std::size_t room = attempt.body.size() < limit ? limit - attempt.body.size() : 0;
    attempt.body.append(data, std::min(room, bytes));
    // Keep reading past the cap (so the status and timings stay those of a complete response) but
    // keep no more of it.
    if (bytes > room)
        attempt.bodyTruncated = true;
    return bytes;
}

long timeoutMs(std::chrono::milliseconds value)
{
    return long(std::clamp<std::chrono::milliseconds::rep>(value.count(), 0, 24LL * 3600 * 1000));
}

} // namespace

std::optional<std::string> checkSendable(Job &job)
{
    const auto &request = job.request;
    job.result.url = request.target.urlFor(request.type);
    const auto &url = job.result.url;
    if (url.empty())
        return "no URL is configured for " + std::string(familyName(familyOf(request.type))) + " requests";

    CurlUrl parsed(curl_url(), &curl_url_cleanup);
    if (!parsed)
        return std::string("libcurl could not allocate a URL handle");
    if (const CURLUcode rc = curl_url_set(parsed.get(), CURLUPART_URL, url.c_str(), 0); rc != CURLUE_OK)
        return "malformed URL \"" + url + "\": " + curl_url_strerror(rc);
    std::string scheme = urlPart(parsed.get(), CURLUPART_SCHEME);
    std::transform(scheme.begin(), scheme.end(), scheme.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    if (scheme != "http" && scheme != "https")
        return "unsupported URL scheme \"" + scheme + "\": only http and https are sent";
    job.https = scheme == "https";
    job.host = urlPart(parsed.get(), CURLUPART_HOST);
    if (job.host.empty())
        return "malformed URL \"" + url + "\": no host";
    if (job.host.size() > 2 && job.host.front() == '[' && job.host.back() == ']')
        job.host = job.host.substr(1, job.host.size() - 2);

    // A line break in the token would let it inject headers; say so without showing the token.
    if (request.options.token.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos)
        return std::string("the token contains a line break or NUL byte, so it cannot be sent in a header");
    return std::nullopt;
}

curl_slist *buildHeaderList(const SendRequest &request)
{
    curl_slist *list = nullptr;
    for (const auto &[name, value] : requestHeaders(request, true)) {
        // "Name:" with nothing after it tells curl to send no such header (used for Expect).
        std::string line = value.empty() ? name + ":" : name + ": " + value;
        curl_slist *grown = curl_slist_append(list, line.c_str());
        OPENSSL_cleanse(line.data(), line.size());
        if (!grown) {
            freeHeaderList(list);
            return nullptr;
        }
        list = grown;
    }
    return list;
}

void freeHeaderList(curl_slist *list)
{
    // The list holds the token in clear; wipe it before the memory goes back to the allocator.
    for (curl_slist *item = list; item; item = item->next) {
        if (item->data)
            OPENSSL_cleanse(item->data, std::strlen(item->data));
    }
    curl_slist_free_all(list);
}

bool prepareAttempt(Job &job, CURL *reuse)
{
    job.easy = reuse ? reuse : curl_easy_init();
    if (!job.easy) {
        job.current.error = AttemptError::Other;
        job.current.errorText = "libcurl could not create a transfer";
        return false;
    }
    const auto &request = job.request;
    const auto &options = request.options;
    CURL *easy = job.easy;
    job.errorBuffer[0] = '\0';
    job.tlsInspected = false;

    bool ok = true;
    auto set = [&](CURLoption option, auto value) { ok = ok && curl_easy_setopt(easy, option, value) == CURLE_OK; };
    set(CURLOPT_PRIVATE, static_cast<void *>(&job));
    set(CURLOPT_ERRORBUFFER, job.errorBuffer);
    set(CURLOPT_URL, job.result.url.c_str());
    set(CURLOPT_PROTOCOLS_STR, "http,https");
    set(CURLOPT_NOSIGNAL, 1L);
    set(CURLOPT_FOLLOWLOCATION, 0L); // a 3xx is the answer, and a final one for mParticle
    set(CURLOPT_POST, 1L);
    set(CURLOPT_POSTFIELDS, request.body.data()); // not copied: the job outlives the transfer
    set(CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.size()));
    set(CURLOPT_HTTPHEADER, job.headers);
    set(CURLOPT_CONNECTTIMEOUT_MS, timeoutMs(options.connectTimeout));
    set(CURLOPT_TIMEOUT_MS, timeoutMs(options.totalTimeout));
    set(CURLOPT_HEADERFUNCTION, &onHeader);
    set(CURLOPT_HEADERDATA, static_cast<void *>(&job));
    set(CURLOPT_WRITEFUNCTION, &onBody);
    set(CURLOPT_WRITEDATA, static_cast<void *>(&job));
    set(CURLOPT_SSL_VERIFYPEER, options.verifyTls ? 1L : 0L);
    set(CURLOPT_SSL_VERIFYHOST, options.verifyTls ? 2L : 0L);
    if (!options.caFile.empty())
        set(CURLOPT_CAINFO, options.caFile.c_str());
    if (job.https) {
        set(CURLOPT_SSL_CTX_FUNCTION, &onSslContext);
        set(CURLOPT_SSL_CTX_DATA, static_cast<void *>(&job));
    }
    // One protocol for http and https: mParticle documents nothing about HTTP/2, and over HTTP/2
    // libcurl would multiplex every send in flight onto one connection, unlike HTTP/1.1 senders.
    set(CURLOPT_HTTP_VERSION, long(CURL_HTTP_VERSION_1_1));
    if (!ok) {
        job.current.error = AttemptError::Other;
        job.current.errorText = "libcurl refused an option for this transfer";
    }
    return ok;
}

AttemptError attemptErrorFor(CURLcode code)
{
    switch (code) {
    case CURLE_OK: return AttemptError::None;
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY: return AttemptError::Connect;
    case CURLE_OPERATION_TIMEDOUT: return AttemptError::Timeout;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CLIENTCERT:
    case CURLE_USE_SSL_FAILED: return AttemptError::Tls;
    default: return AttemptError::Other;
    }
}

void collectAttempt(Job &job, CURLcode code)
{
    auto &attempt = job.current;
    CURL *easy = job.easy;
    long status = 0;
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
    attempt.status = status;

    auto micros = [easy](CURLINFO info) {
        curl_off_t value = 0;
        curl_easy_getinfo(easy, info, &value);
        return std::int64_t(value);
    };
    attempt.timings.dnsUs = micros(CURLINFO_NAMELOOKUP_TIME_T);
    attempt.timings.connectUs = micros(CURLINFO_CONNECT_TIME_T);
    attempt.timings.tlsUs = micros(CURLINFO_APPCONNECT_TIME_T);
    attempt.timings.requestSentUs = micros(CURLINFO_PRETRANSFER_TIME_T);
    attempt.timings.firstByteUs = micros(CURLINFO_STARTTRANSFER_TIME_T);
    attempt.timings.totalUs = micros(CURLINFO_TOTAL_TIME_T);

    if (job.request.target.isLambda() && status != 0)
        readLambdaAnswer(attempt);
    if (attempt.error == AttemptError::Cancelled)
        return; // aborted by us: curl's code says nothing about it
    attempt.error = attemptErrorFor(code);
    if (attempt.error != AttemptError::None)
        attempt.errorText = job.errorBuffer[0] ? std::string(job.errorBuffer) : std::string(curl_easy_strerror(code));
}

std::string urlPart(CURLU *url, CURLUPart part)
{
    char *text = nullptr;
    if (curl_url_get(url, part, &text, 0) != CURLUE_OK || !text)
        return {};
    std::string out(text);
    curl_free(text);
    return out;
}

} // namespace fhw::transport::detail
