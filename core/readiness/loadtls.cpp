#include "loadtls_p.h"

#include "loadplan_p.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

namespace fhw::readiness::load {

std::expected<std::shared_ptr<TlsContext>, Error> TlsContext::make(bool verify, const std::string &caFile)
{
    std::shared_ptr<TlsContext> tls(new TlsContext);
    tls->m_verify = verify;
    tls->m_context = SSL_CTX_new(TLS_client_method());
    if (!tls->m_context)
        return std::unexpected(Error{"load.tls", "cannot set up TLS: " + lastError()});
    SSL_CTX_set_mode(tls->m_context, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    // A server that closes without close_notify ends the connection; that is not a TLS failure here.
    SSL_CTX_set_options(tls->m_context, SSL_OP_IGNORE_UNEXPECTED_EOF);
    if (verify) {
        SSL_CTX_set_verify(tls->m_context, SSL_VERIFY_PEER, nullptr);
        const int loaded = caFile.empty() ? SSL_CTX_set_default_verify_paths(tls->m_context)
                                          : SSL_CTX_load_verify_locations(tls->m_context, caFile.c_str(), nullptr);
        if (loaded != 1) {
            return std::unexpected(Error{"load.tls", caFile.empty() ? "cannot load the system's CA certificates: " + lastError()
                                                                    : "cannot load CA file " + caFile + ": " + lastError()});
        }
    }
    return tls;
}

TlsContext::~TlsContext()
{
    SSL_CTX_free(m_context);
}

SSL *TlsContext::newSsl(const Origin &origin, int fd) const
{
    SSL *ssl = SSL_new(m_context);
    if (!ssl)
        return nullptr;
    bool ok = SSL_set_fd(ssl, fd) == 1;
    if (!origin.hostIsAddress) {
        // SSL_set_tlsext_host_name without its C cast.
        ok = ok && SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                            const_cast<char *>(origin.host.c_str())) == 1;
    }
    if (m_verify) {
        ok = ok && (origin.hostIsAddress ? X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), origin.host.c_str()) == 1
                                         : SSL_set1_host(ssl, origin.host.c_str()) == 1);
    }
    SSL_set_connect_state(ssl);
    if (!ok) {
        SSL_free(ssl);
        return nullptr;
    }
    return ssl;
}

std::string TlsContext::lastError()
{
    const unsigned long code = ERR_peek_last_error();
    if (code == 0)
        return "unknown error";
    char text[256];
    ERR_error_string_n(code, text, sizeof text);
    return text;
}

} // namespace fhw::readiness::load
