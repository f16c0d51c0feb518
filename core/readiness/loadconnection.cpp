#include "loadconnection_p.h"

#include "loadplan_p.h"
#include "loadtls_p.h"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

namespace fhw::readiness::load {

Connection::~Connection()
{
    closeSocket();
}

void Connection::closeSocket()
{
    if (m_ssl) {
        SSL_free(m_ssl); // no close_notify: the load engine drops connections it gives up on
        m_ssl = nullptr;
    }
    if (m_fd >= 0) {
        ::close(m_fd);
        m_fd = -1;
    }
}

Io Connection::fail(const char *kind)
{
    m_errorKind = kind;
    return Io::Failed;
}

Io Connection::connect(const Address &address)
{
    closeSocket();
    m_stage = Stage::Connecting;
    m_fd = ::socket(address.storage.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (m_fd < 0)
        return fail("connect");
    const int one = 1;
    ::setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (::connect(m_fd, reinterpret_cast<const sockaddr *>(&address.storage), address.length) == 0)
        return Io::Done;
    return errno == EINPROGRESS ? Io::WantWrite : fail("connect");
}

Io Connection::finishConnect(const TlsContext *tls, const Origin &origin)
{
    int error = 0;
    socklen_t length = sizeof error;
    if (::getsockopt(m_fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0 || error != 0)
        return error == EINPROGRESS || error == EALREADY ? Io::WantWrite : fail("connect");
    if (!tls) {
        m_stage = Stage::Open;
        return Io::Done;
    }
    m_ssl = tls->newSsl(origin, m_fd);
    if (!m_ssl)
        return fail("tls");
    m_stage = Stage::Handshaking;
    return Io::Done;
}

Io Connection::handshake()
{
    ERR_clear_error();
    const int result = SSL_do_handshake(m_ssl);
    if (result == 1) {
        m_stage = Stage::Open;
        return Io::Done;
    }
    switch (SSL_get_error(m_ssl, result)) {
    case SSL_ERROR_WANT_READ:
        return Io::WantRead;
    case SSL_ERROR_WANT_WRITE:
        return Io::WantWrite;
    default:
        return fail("tls"); // refused certificate, protocol mismatch, or the peer hung up mid-handshake
    }
}

Io Connection::write(std::string_view bytes)
{
    m_write = bytes;
    m_writeOffset = 0;
    m_parser.reset();
    return continueWrite();
}

Io Connection::continueWrite()
{
    while (m_writeOffset < m_write.size()) {
        const char *data = m_write.data() + m_writeOffset;
        const std::size_t left = m_write.size() - m_writeOffset;
        if (!m_ssl) {
            const ssize_t sent = ::send(m_fd, data, left, MSG_NOSIGNAL);
            if (sent > 0) {
                m_writeOffset += std::size_t(sent);
                continue;
            }
            if (sent < 0 && errno == EINTR)
                continue;
            if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
                return Io::WantWrite;
            return fail("reset");
        }
        ERR_clear_error();
        const int sent = SSL_write(m_ssl, data, int(std::min<std::size_t>(left, 1 << 30)));
        if (sent > 0) {
            m_writeOffset += std::size_t(sent);
            continue;
        }
        switch (SSL_get_error(m_ssl, sent)) {
        case SSL_ERROR_WANT_WRITE:
            return Io::WantWrite;
        case SSL_ERROR_WANT_READ:
            return Io::WantRead;
        case SSL_ERROR_ZERO_RETURN:
            return Io::Closed;
        case SSL_ERROR_SYSCALL:
            return fail("reset");
        default:
            return fail("tls");
        }
    }
    return Io::Done;
}

Io Connection::readPlain(char *buffer, std::size_t size, std::size_t &got)
{
    for (;;) {
        const ssize_t n = ::recv(m_fd, buffer, size, 0);
        if (n > 0) {
            got = std::size_t(n);
            return Io::Done;
        }
        if (n == 0)
            return Io::Closed;
        if (errno == EINTR)
            continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            return Io::WantRead;
        return fail("reset");
    }
}

Io Connection::readTls(char *buffer, std::size_t size, std::size_t &got)
{
    ERR_clear_error();
    const int n = SSL_read(m_ssl, buffer, int(std::min<std::size_t>(size, 1 << 30)));
    if (n > 0) {
        got = std::size_t(n);
        return Io::Done;
    }
    switch (SSL_get_error(m_ssl, n)) {
    case SSL_ERROR_WANT_READ:
        return Io::WantRead;
    case SSL_ERROR_WANT_WRITE:
        return Io::WantWrite;
    case SSL_ERROR_ZERO_RETURN:
        return Io::Closed;
    case SSL_ERROR_SYSCALL:
        return errno == 0 ? Io::Closed : fail("reset");
    default:
        return fail("tls");
    }
}

Io Connection::read(char *buffer, std::size_t size)
{
    for (;;) {
        std::size_t got = 0;
        const Io io = m_ssl ? readTls(buffer, size, got) : readPlain(buffer, size, got);
        if (io != Io::Done)
            return io;
        std::size_t used = 0;
        switch (m_parser.feed(buffer, got, used)) {
        case ResponseParser::State::Complete:
            return Io::Done;
        case ResponseParser::State::Malformed:
            return fail("malformed");
        case ResponseParser::State::NeedMore:
            break;
        }
        // A short plain read means the socket is drained: epoll says when more arrives, which saves
        // the read that would only answer EAGAIN. TLS may hold decrypted bytes epoll cannot see.
        if (!m_ssl && got < size)
            return Io::WantRead;
    }
}

} // namespace fhw::readiness::load
