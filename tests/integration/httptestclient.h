#pragma once

// Test-only HTTP clients for talking to the embedded endpoint the way foreign clients do: libcurl
// easy handles (one call, or many at once through a multi handle) and a raw TCP socket for what
// no well-behaved client sends (half-sent requests, oversized bodies streamed regardless).

#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace fhw::testing {

struct HttpCall
{
    std::string url;
    std::string method = "POST";
    std::string body;
    std::vector<std::string> headers; // "Name: value"
    bool http10 = false;
    bool expectContinue = false;     // send "Expect: 100-continue" (otherwise it is suppressed)
    std::chrono::milliseconds timeout{10'000};
};

struct HttpReply
{
    long status = 0;                // 0 = no HTTP answer
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
    int curlCode = 0;               // CURLE_OK = 0
    std::string error;
    double seconds = 0;             // total time, as libcurl measures it
    long uploadedBytes = 0;

    std::string header(const std::string &name) const; // case-insensitive, "" when absent
};

// One blocking call (a fresh connection each time unless `reuse` keeps one handle alive).
HttpReply perform(const HttpCall &call);

// Several calls over one persistent connection (keep-alive), in order.
std::vector<HttpReply> performOnOneConnection(const std::vector<HttpCall> &calls);

// Many calls at once, each on its own connection (libcurl multi).
std::vector<HttpReply> performConcurrently(const std::vector<HttpCall> &calls);

struct RawResult
{
    std::string received;       // everything the server sent
    bool closedByServer = false;
    double seconds = 0;         // until closed, or until `wait` ran out
    std::size_t bytesSent = 0;  // how much of what we tried to send the kernel accepted
};

// Connects to 127.0.0.1:port, sends `head`, then tries to stream `extraBytes` more (filler) while
// reading, until the server closes or `wait` passes.
RawResult rawExchange(std::uint16_t port, const std::string &head, std::size_t extraBytes,
                      std::chrono::milliseconds wait);

} // namespace fhw::testing
