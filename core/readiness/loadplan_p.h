#pragma once

// What a load run sends, worked out before the first request: where each request type goes (origins,
// resolved once), and every request's bytes rendered in full (request line, headers, generated body),
// so sending one costs a write and nothing else.

#include "loadsettings.h"

#include "common/error.h"

#include <sys/socket.h>

#include <cstdint>
#include <expected>
#include <memory>
#include <string>
#include <vector>

namespace fhw::readiness::load {

struct Address
{
    sockaddr_storage storage{};
    socklen_t length = 0;
};

// scheme://host:port, resolved. Connections are kept per origin.
struct Origin
{
    bool https = false;
    std::string host;          // without brackets; what SNI and the certificate check use
    bool hostIsAddress = false; // an IP literal: no SNI, the certificate must name the address
    std::uint16_t port = 0;
    std::vector<Address> addresses;
};

// One request type of the mix, with its bodies rendered into complete requests.
struct RequestKind
{
    protocol::MessageType type = protocol::MessageType::EventProcessingRequest;
    std::string shortName;              // "event", ...
    int origin = 0;                     // index into Plan::origins
    int weight = 1;
    std::vector<std::string> requests;  // bodiesPerType complete HTTP requests (they hold the token)
};

struct ParsedUrl
{
    bool https = false;
    std::string host;
    bool hostIsAddress = false;
    std::uint16_t port = 0;
    std::string target; // path and query, "/" at least
};

// http:// or https:// URLs only; no user info. Error code "load.url".
std::expected<ParsedUrl, Error> parseUrl(const std::string &url);

class Plan
{
public:
    // Parses the target's URLs for every type in the mix ("load.url"), resolves their hosts
    // ("load.resolve"), generates bodiesPerType bodies per type and renders the requests.
    static std::expected<std::shared_ptr<const Plan>, Error> make(const LoadSettings &settings);
    ~Plan(); // wipes the rendered requests: they carry the token

    std::vector<Origin> origins;
    std::vector<RequestKind> kinds;

    // The kind request k of the run has: weighted, from a PRNG seeded with the run's seed and k, so
    // it does not depend on how requests are spread over threads.
    int kindOf(std::int64_t k) const;

private:
    std::uint64_t m_seed = 1;
    std::vector<std::int64_t> m_cumulativeWeights;
};

} // namespace fhw::readiness::load
