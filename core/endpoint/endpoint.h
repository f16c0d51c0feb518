#pragma once

#include "capturelog.h"
#include "endpointconfig.h"

#include "common/error.h"

#include <cstdint>
#include <expected>
#include <memory>
#include <string>
#include <vector>

namespace fhw::endpoint {

// The embedded Firehose endpoint on libmicrohttpd: answers every request type like a correct
// integration (ReferenceResponder), checks auth, validates and captures each exchange, injects
// latency/failures/time-outs (delays by suspend/resume, never a blocked thread), or proxies to an
// upstream URL. Binds 127.0.0.1 unless told otherwise.
class Endpoint
{
public:
    explicit Endpoint(EndpointConfig config = {});
    ~Endpoint(); // stops
    Endpoint(const Endpoint &) = delete;
    Endpoint &operator=(const Endpoint &) = delete;

    // Listens; returns the port (the chosen one when config.port is 0). Errors: "endpoint.port-in-use",
    // "endpoint.bad-address", "endpoint.start-failed", "endpoint.capture-file" (captureFile cannot be
    // opened). Starting a running endpoint returns its port.
    std::expected<std::uint16_t, Error> start();
    // Answers nothing more; held (delayed, no-answer, proxied) requests are closed unanswered. Never
    // call it from a capture subscriber (it waits for the server's threads).
    void stop();
    // stop() + start() with the current config. With config.port 0 it keeps the port it had, when
    // that port is still free, so URLs people copied stay valid.
    std::expected<std::uint16_t, Error> restart();
    bool isRunning() const;

    std::uint16_t port() const;
    std::string url() const; // "http://127.0.0.1:PORT/"

    // Takes effect for the next request (bind address and port at the next start).
    void setConfig(EndpointConfig config);
    EndpointConfig config() const;

    // Things the user must see, e.g. binding beyond loopback.
    std::vector<std::string> warnings() const;

    CaptureLog &capture();

private:
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace fhw::endpoint
