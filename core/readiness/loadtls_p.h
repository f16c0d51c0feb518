#pragma once

// The OpenSSL client context a load run shares between its engine threads (SSL_CTX is safe to share
// once set up; each connection gets its own SSL).

#include "common/error.h"

#include <expected>
#include <memory>
#include <string>

using SSL_CTX = struct ssl_ctx_st;
using SSL = struct ssl_st;

namespace fhw::readiness::load {

struct Origin;

class TlsContext
{
public:
    // Verifies peers against the system's CAs, or `caFile` instead when given, unless !verify.
    // Error "load.tls" when the context or the CA file cannot be set up.
    static std::expected<std::shared_ptr<TlsContext>, Error> make(bool verify, const std::string &caFile);
    ~TlsContext();
    TlsContext(const TlsContext &) = delete;
    TlsContext &operator=(const TlsContext &) = delete;

    // A client SSL on `fd` for `origin`: SNI (for names) and the host name or address check.
    SSL *newSsl(const Origin &origin, int fd) const;

    // The reason of the last OpenSSL error on this thread, for an error message.
    static std::string lastError();

private:
    TlsContext() = default;
    SSL_CTX *m_context = nullptr;
    bool m_verify = true;
};

} // namespace fhw::readiness::load
