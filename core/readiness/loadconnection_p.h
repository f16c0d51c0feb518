#pragma once

// One non-blocking client connection of the load engine: a TCP socket, TLS on top for https, the
// request being written and the response being read. It only moves bytes and says what happened;
// the engine (loadengine.cpp) decides what that means for the request.

#include "loadresponseparser_p.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

using SSL = struct ssl_st;

namespace fhw::readiness::load {

struct Address;
struct Origin;
class TlsContext;

// The outcome of one step of I/O.
enum class Io {
    Done,       // the step finished
    WantRead,   // try again when the socket is readable
    WantWrite,  // ... writable
    Closed,     // the peer closed the connection (orderly)
    Failed,     // an error; errorKind() says which
};

class Connection
{
public:
    enum class Stage { Connecting, Handshaking, Open };

    Connection(int origin, std::uint32_t generation) : m_origin(origin), m_generation(generation) {}
    ~Connection(); // closes
    Connection(const Connection &) = delete;
    Connection &operator=(const Connection &) = delete;

    int origin() const { return m_origin; }
    std::uint32_t generation() const { return m_generation; }
    int fd() const { return m_fd; }
    Stage stage() const { return m_stage; }

    // Starts a non-blocking connect to `address` (a previous socket is closed first).
    Io connect(const Address &address);
    // After the socket became writable while connecting: did the connect succeed? Done moves to
    // Handshaking when `tls` is given (https), else to Open.
    Io finishConnect(const TlsContext *tls, const Origin &origin);
    // One step of the TLS handshake; Done moves to Open.
    Io handshake();

    // Starts writing `bytes` (which must outlive the write); writes as much as the socket takes.
    Io write(std::string_view bytes);
    Io continueWrite();
    bool writing() const { return m_writeOffset < m_write.size(); }

    // Reads what is there into `buffer` and feeds the response parser. Done = a whole response is
    // in (see parser()); WantRead = more to come; Closed/Failed as above (Closed may also complete a
    // response delimited by the close: check parser().started() and finishAtClose()).
    Io read(char *buffer, std::size_t size);
    ResponseParser &parser() { return m_parser; }

    // For the engine's own bookkeeping.
    int addressTries = 0;          // addresses of the origin tried by this connection's connect
    int addressIndex = 0;          // the one being tried
    std::int64_t requestsServed = 0; // responses read on this connection
    std::int64_t deadlineNs = 0;   // connect or attempt deadline (0 = none)
    std::uint32_t events = 0;      // the epoll interest currently registered
    bool busy = false;             // a request is bound to it
    int idleIndex = -1;            // position in the engine's idle list, -1 when not idle
    const char *errorKind() const { return m_errorKind; } // "connect", "reset", "tls", "malformed"

private:
    Io fail(const char *kind);
    Io readPlain(char *buffer, std::size_t size, std::size_t &got);
    Io readTls(char *buffer, std::size_t size, std::size_t &got);
    void closeSocket();

    int m_origin;
    std::uint32_t m_generation;
    int m_fd = -1;
    SSL *m_ssl = nullptr;
    Stage m_stage = Stage::Connecting;
    std::string_view m_write;
    std::size_t m_writeOffset = 0;
    ResponseParser m_parser;
    const char *m_errorKind = "";
};

} // namespace fhw::readiness::load
