// The peer's TLS facts, read with OpenSSL from the SSL* libcurl hands out (CURLINFO_TLS_SSL_PTR).

#include "httpsender_p.h"

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <arpa/inet.h>

#include <cstdio>
#include <ctime>
#include <memory>

namespace fhw::transport::detail {

namespace {

using Bio = std::unique_ptr<BIO, decltype(&BIO_free)>;
using Certificate = std::unique_ptr<X509, decltype(&X509_free)>;

// RFC 2253 ("CN=localhost,O=Example"): one line, the form people paste into searches.
std::string nameText(const X509_NAME *name)
{
    if (!name)
        return {};
    Bio bio(BIO_new(BIO_s_mem()), &BIO_free);
    if (!bio || X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253) < 0)
        return {};
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return size > 0 ? std::string(data, std::size_t(size)) : std::string();
}

// ISO 8601 in UTC ("2026-01-02T03:04:05Z"), so reports can sort and compare it.
std::string timeText(const ASN1_TIME *time)
{
    std::tm tm{};
    if (!time || ASN1_TIME_to_tm(time, &tm) != 1)
        return {};
    char text[32];
    const int n = std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900,
                                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    return n > 0 ? std::string(text, std::size_t(n)) : std::string();
}

bool isIpAddress(const std::string &host)
{
    unsigned char buffer[16];
    return inet_pton(AF_INET, host.c_str(), buffer) == 1 || inet_pton(AF_INET6, host.c_str(), buffer) == 1;
}

// The host-name check libcurl does when verifying, done here too so that verifyTls=false can still say
// whether the certificate would have passed.
bool namesHost(X509 *certificate, const std::string &host)
{
    if (isIpAddress(host))
        return X509_check_ip_asc(certificate, host.c_str(), 0) == 1;
    return X509_check_host(certificate, host.data(), host.size(), 0, nullptr) == 1;
}

TlsInfo describe(const SSL *ssl, X509 *leaf, long chainResult, const std::string &host)
{
    TlsInfo info;
    if (const char *version = SSL_get_version(ssl))
        info.version = version;
    if (!leaf) {
        info.verifyError = "the server presented no certificate";
        return info;
    }
    info.subject = nameText(X509_get_subject_name(leaf));
    info.issuer = nameText(X509_get_issuer_name(leaf));
    info.notBefore = timeText(X509_get0_notBefore(leaf));
    info.notAfter = timeText(X509_get0_notAfter(leaf));
    const bool hostNamed = namesHost(leaf, host);
    if (chainResult != X509_V_OK)
        info.verifyError = X509_verify_cert_error_string(chainResult);
    else if (!hostNamed)
        info.verifyError = "the certificate does not name the host " + host;
    info.verified = chainResult == X509_V_OK && hostNamed;
    return info;
}

int jobIndex()
{
    static const int index = SSL_CTX_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
    return index;
}

// OpenSSL's verification callback, called for each certificate of the chain (leaf last) and again
// for each problem. It changes no decision: it only notes the leaf, so that a failed handshake still
// tells which certificate was refused and why.
int onVerify(int preverifyOk, X509_STORE_CTX *store)
{
    auto *ssl = static_cast<SSL *>(X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx()));
    auto *job = ssl ? static_cast<Job *>(SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), jobIndex())) : nullptr;
    if (job && X509_STORE_CTX_get_error_depth(store) == 0) {
        // Keep the first problem found: later calls for the same certificate may report none.
        const std::string firstProblem = job->current.tls ? job->current.tls->verifyError : std::string();
        job->current.tls = describe(ssl, X509_STORE_CTX_get_current_cert(store),
                                    preverifyOk ? X509_V_OK : X509_STORE_CTX_get_error(store), job->host);
        if (!firstProblem.empty()) {
            job->current.tls->verifyError = firstProblem;
            job->current.tls->verified = false;
        }
    }
    return preverifyOk;
}

} // namespace

TlsInfo inspectTls(void *handle, const std::string &host)
{
    auto *ssl = static_cast<SSL *>(handle);
    // The handshake is over: the connection may outlive this job in libcurl's pool (keep-alive), so it
    // must not keep pointing at it (a TLS 1.2 renegotiation would call onVerify again).
    SSL_CTX_set_ex_data(SSL_get_SSL_CTX(ssl), jobIndex(), nullptr);
    Certificate certificate(SSL_get1_peer_certificate(ssl), &X509_free);
    // OpenSSL checks the chain even when libcurl told it not to fail on errors (verifyTls=false), and
    // keeps the result; libcurl loads the CA file in both cases.
    return describe(ssl, certificate.get(), SSL_get_verify_result(ssl), host);
}

CURLcode onSslContext(CURL *, void *context, void *job)
{
    // libcurl makes an SSL_CTX per new connection and has set its verify mode already; keep the mode,
    // add the observer. The job pointer is only read during this connection's handshake, which runs
    // inside this job's attempt.
    auto *ctx = static_cast<SSL_CTX *>(context);
    SSL_CTX_set_ex_data(ctx, jobIndex(), job);
    SSL_CTX_set_verify(ctx, SSL_CTX_get_verify_mode(ctx), &onVerify);
    return CURLE_OK;
}

} // namespace fhw::transport::detail
